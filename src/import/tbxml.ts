import {
  fail,
  intAttr,
  type RawCluster,
  type RawService,
  type RawSite,
  type RawSqlInstance,
  type RawTopology,
  readDomains,
  readInterface,
  readPort,
  readSettings,
  requireAttr,
  where,
} from './raw.js';
import { child, childrenNamed, type XmlElement } from './xml.js';

/**
 * A Topology Builder file (.tbxml): TopologyBuilder/NewTopology/PartialTopology, with clusters nested
 * in their sites (branch sites under their central site) and every reference a GUID: Cluster UniqueId,
 * Service InstalledOn, Dependency ServiceUniqueId. SQL instances sit in the cluster of their SQL Server.
 */

export function readTbxml(root: XmlElement, file: string): RawTopology {
  const partial = child(child(root, 'NewTopology') ?? root, 'PartialTopology');
  if (!partial) {
    fail(
      file,
      root,
      'import-missing-element',
      'the Topology Builder file has no NewTopology/PartialTopology',
      'save the topology again from Topology Builder (File, Save a copy of topology as)',
    );
  }
  const sites: RawSite[] = [];
  const clusters: RawCluster[] = [];
  const sqlInstances: RawSqlInstance[] = [];
  const readSite = (el: XmlElement, kind: 'central' | 'branch') => {
    const key = requireAttr(file, el, 'SiteId');
    sites.push({ key, name: child(el, 'Name')?.text.trim() ?? '', kind, at: where(file, el) });
    for (const c of childrenNamed(child(el, 'Clusters') ?? el, 'Cluster')) {
      const cluster = requireAttr(file, c, 'UniqueId').toLowerCase();
      const fqdn = requireAttr(file, c, 'Fqdn').toLowerCase();
      clusters.push({
        key: cluster,
        siteKey: key,
        fqdn,
        machines: childrenNamed(child(c, 'Machines') ?? c, 'Machine').map((m) => ({
          fqdn: (m.attrs.get('Fqdn') || fqdn).toLowerCase(),
          interfaces: netInterfaces(m).map((n) => readInterface(file, n)),
          at: where(file, m),
        })),
        at: where(file, c),
      });
      for (const s of childrenNamed(child(c, 'SqlInstances') ?? c, 'SqlInstance')) {
        sqlInstances.push({
          key: requireAttr(file, s, 'UniqueId').toLowerCase(),
          clusterKey: cluster,
          name: s.attrs.get('Name') ?? '',
          at: where(file, s),
        });
      }
    }
    for (const b of childrenNamed(child(el, 'BranchSites') ?? el, 'BranchSite')) readSite(b, 'branch');
  };
  for (const s of childrenNamed(child(partial, 'CentralSites') ?? partial, 'CentralSite'))
    readSite(s, 'central');
  const siteOfCluster = new Map(clusters.map((c) => [c.key, c.siteKey]));
  const siteOfSql = new Map(sqlInstances.map((s) => [s.key, siteOfCluster.get(s.clusterKey)]));
  const services: RawService[] = childrenNamed(child(partial, 'Services') ?? partial, 'Service').map((el) => {
    const on = requireAttr(file, el, 'InstalledOn').toLowerCase();
    const isSql = siteOfSql.has(on);
    const site = isSql ? siteOfSql.get(on) : siteOfCluster.get(on);
    if (site === undefined) {
      fail(
        file,
        el,
        'import-dangling-reference',
        `<Service InstalledOn="${on}">: no cluster or SQL instance has that UniqueId`,
        'the file is inconsistent; open it in Topology Builder and save it again',
      );
    }
    const version = intAttr(file, el, 'ServiceVersion');
    return {
      key: requireAttr(file, el, 'UniqueId').toLowerCase(),
      role: requireAttr(file, el, 'RoleName'),
      siteKey: site,
      ...(version === undefined ? {} : { version }),
      installedOn: isSql ? { sql: on } : { cluster: on },
      dependsOn: childrenNamed(child(el, 'DependsOn') ?? el, 'Dependency').map((d) => ({
        key: requireAttr(file, d, 'ServiceUniqueId').toLowerCase(),
        usage: d.attrs.get('Usage') ?? 'Default',
      })),
      ports: childrenNamed(child(el, 'Ports') ?? el, 'Port').map((p) => readPort(file, p)),
      settings: readSettings(el),
      at: where(file, el),
    };
  });
  const domains = child(partial, 'InternalDomains');
  return {
    format: 'tbxml',
    file,
    ...readDomains(file, domains, partial),
    sites,
    clusters,
    sqlInstances,
    services,
  };
}

/** NetInterface elements of a machine, directly or in a NetInterfaces list. */
function netInterfaces(machine: XmlElement): XmlElement[] {
  const list = child(machine, 'NetInterfaces');
  return childrenNamed(list ?? machine, 'NetInterface');
}
