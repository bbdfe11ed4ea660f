import {
  fail,
  type InstalledOn,
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
  type SourceFormat,
  where,
} from './raw.js';
import { child, childrenNamed, type XmlElement } from './xml.js';

/**
 * The published topology (`Get-CsTopology -AsXml`, or the Topology element inside Export-CsConfiguration's
 * DocItemSet.xml): elements refer to each other by keys, ClusterId SiteId/Number for clusters and
 * ServiceId SiteId/RoleName/Instance for services.
 */

/** The children of <Topology> this reader knows; anything else stops it rather than being skipped. */
const TOP_LEVEL = new Set(['InternalDomains', 'Sites', 'Clusters', 'SqlInstances', 'Services']);

export function readPublished(root: XmlElement, file: string, format: SourceFormat): RawTopology {
  for (const el of root.children) {
    if (!TOP_LEVEL.has(el.local)) {
      fail(
        file,
        el,
        'import-unknown-shape',
        `<Topology> holds <${el.local}>, which sfbports does not know`,
        'please report it with the file; sfbports maps only the elements it has seen, rather than guess',
      );
    }
  }
  const domains = child(root, 'InternalDomains');
  const sites: RawSite[] = [];
  for (const el of child(root, 'Sites')?.children ?? []) {
    if (el.local !== 'CentralSite' && el.local !== 'BranchSite') {
      fail(
        file,
        el,
        'import-unknown-shape',
        `<Sites> holds <${el.local}>`,
        'only CentralSite and BranchSite are known',
      );
    }
    sites.push({
      key: requireAttr(file, el, 'SiteId'),
      name: child(el, 'Name')?.text.trim() ?? '',
      kind: el.local === 'CentralSite' ? 'central' : 'branch',
      at: where(file, el),
    });
  }
  const clusters: RawCluster[] = childrenNamed(child(root, 'Clusters') ?? root, 'Cluster').map((el) => {
    const id = clusterKey(file, el);
    const fqdn = requireAttr(file, el, 'Fqdn').toLowerCase();
    return {
      key: id.key,
      siteKey: id.site,
      fqdn,
      machines: childrenNamed(el, 'Machine').map((m) => ({
        fqdn: (m.attrs.get('Fqdn') || fqdn).toLowerCase(),
        interfaces: childrenNamed(m, 'NetInterface').map((n) => readInterface(file, n)),
        at: where(file, m),
      })),
      at: where(file, el),
    };
  });
  const sqlInstances: RawSqlInstance[] = childrenNamed(
    child(root, 'SqlInstances') ?? root,
    'SqlInstance',
  ).map((el) => {
    const id =
      child(el, 'SqlInstanceId') ??
      fail(
        file,
        el,
        'import-missing-element',
        '<SqlInstance> has no <SqlInstanceId>',
        'export the topology again',
      );
    return { ...sqlKey(file, id), at: where(file, el) };
  });
  const services: RawService[] = childrenNamed(child(root, 'Services') ?? root, 'Service').map((el) => {
    const id = serviceId(file, el);
    const installed = child(el, 'InstalledOn');
    return {
      key: id.key,
      role: id.role,
      siteKey: id.site,
      ...versionOf(file, el),
      installedOn: installedOn(file, installed ?? el),
      dependsOn: childrenNamed(child(el, 'DependsOn') ?? el, 'Dependency').map((d) => ({
        key: serviceId(file, d).key,
        usage: d.attrs.get('Usage') ?? 'Default',
      })),
      ports: childrenNamed(child(el, 'Ports') ?? el, 'Port').map((p) => readPort(file, p)),
      settings: readSettings(el),
      at: where(file, el),
    };
  });
  return {
    format,
    file,
    ...readDomains(file, domains, root),
    sites,
    clusters,
    sqlInstances,
    services,
  };
}

function versionOf(file: string, el: XmlElement): { version?: number } {
  const v = intAttr(file, el, 'ServiceVersion');
  return v === undefined ? {} : { version: v };
}

function clusterKey(file: string, el: XmlElement): { key: string; site: string } {
  const id = el.local === 'ClusterId' ? el : child(el, 'ClusterId');
  if (!id)
    fail(file, el, 'import-missing-element', `<${el.local}> has no <ClusterId>`, 'export the topology again');
  const site = requireAttr(file, id, 'SiteId');
  return { key: `${site}/${requireAttr(file, id, 'Number')}`, site };
}

function sqlKey(file: string, id: XmlElement): { key: string; clusterKey: string; name: string } {
  const cluster = clusterKey(file, id).key;
  const name = id.attrs.get('Name') ?? '';
  return { key: `${cluster}/${name.toLowerCase()}`, clusterKey: cluster, name };
}

function serviceId(file: string, el: XmlElement): { key: string; role: string; site: string } {
  const id =
    child(el, 'ServiceId') ??
    fail(file, el, 'import-missing-element', `<${el.local}> has no <ServiceId>`, 'export the topology again');
  const site = requireAttr(file, id, 'SiteId');
  const role = requireAttr(file, id, 'RoleName');
  return { key: `${site}/${role}/${requireAttr(file, id, 'Instance')}`, role, site };
}

function installedOn(file: string, el: XmlElement): InstalledOn {
  const sql = child(el, 'SqlInstanceId');
  if (sql) return { sql: sqlKey(file, sql).key };
  if (child(el, 'ClusterId')) return { cluster: clusterKey(file, el).key };
  return fail(
    file,
    el,
    'import-missing-element',
    'a <Service> says not where it is installed (no <InstalledOn> with a ClusterId or SqlInstanceId)',
    'export the topology again',
  );
}
