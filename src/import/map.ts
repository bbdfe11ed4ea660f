import { UserError } from '../diag/diagnostic.js';
import { ADDRESS_PLACEHOLDER } from '../topology/address.js';
import { type NotePath, Notes } from './notes.js';
import type {
  RawCluster,
  RawInterface,
  RawPort,
  RawService,
  RawSqlInstance,
  RawTopology,
  Where,
} from './raw.js';
import { APPLICATION_FEATURES, MAPPED_ROLES, SERVICE_VERSIONS, UNPLANNED_ROLES } from './roles.js';

/**
 * The deployment read from the XML → a topology file (version 2) as plain data, with a note for every
 * value saying where it came from. Pure: addresses resolved through DNS, the zones file and the other
 * command-line settings come in as data.
 */

export type Product = 'lync2013' | 'sfb2015' | 'sfb2019' | 'sfbse';

export interface KnownAddress {
  readonly ip: string;
  readonly source: 'file' | 'dns';
}

export interface MapOptions {
  /** FQDN (lower case) → address, from --addresses FILE or --resolve. */
  readonly addresses?: ReadonlyMap<string, KnownAddress>;
  readonly name?: string;
  readonly product?: Product;
  /** "sqlfqdn" or "sqlfqdn\instance" (lower case) → the instance's static TCP port. */
  readonly sqlPorts?: ReadonlyMap<string, number>;
}

export interface Mapped {
  readonly topology: Record<string, unknown>;
  readonly notes: Notes;
  /** What the summary tells beyond the notes: roles not planned, assumptions made. */
  readonly remarks: string[];
  /** Clusters by role, for the port comparison. */
  readonly roleOfCluster: ReadonlyMap<string, ClusterKind>;
}

export type ClusterKind =
  | 'front-end'
  | 'director'
  | 'mediation'
  | 'persistent-chat'
  | 'edge'
  | 'gateway'
  | 'branch'
  | 'office-online-server'
  | 'file-share'
  | 'sql';

type Obj = Record<string, unknown>;

const at = (w: Where) => `${w.file.split('/').pop()}:${w.line}`;

export function mapTopology(raw: RawTopology, options: MapOptions = {}): Mapped {
  return new Mapper(raw, options).run();
}

class Mapper {
  private readonly notes = new Notes();
  private readonly remarks: string[] = [];
  private readonly clusters: Map<string, RawCluster>;
  private readonly services: Map<string, RawService>;
  private readonly sql: Map<string, RawSqlInstance>;
  private readonly onCluster = new Map<string, RawService[]>();
  private readonly kinds = new Map<string, ClusterKind>();
  private readonly siteIndex = new Map<string, number>();
  private readonly sites: Obj[] = [];
  /** Hosts already listed per site and list (sqlServers, fileShares, …), so each appears once. */
  private readonly hosts = new Set<string>();
  private product: Product = 'sfb2015';

  constructor(
    private readonly raw: RawTopology,
    private readonly options: MapOptions,
  ) {
    this.clusters = new Map(raw.clusters.map((c) => [c.key, c]));
    this.services = new Map(raw.services.map((s) => [s.key, s]));
    this.sql = new Map(raw.sqlInstances.map((s) => [s.key, s]));
  }

  run(): Mapped {
    this.checkRoles();
    for (const s of this.raw.services) {
      if (!('cluster' in s.installedOn)) continue;
      const list = this.onCluster.get(s.installedOn.cluster) ?? [];
      list.push(s);
      this.onCluster.set(s.installedOn.cluster, list);
    }
    const top: Obj = { version: 2 };
    this.notes.add(['version'], 'inferred', 'topology file format 2');
    top.name = this.name();
    top.product = this.topologyProduct();
    top.sipDomains = this.raw.sipDomains;
    this.raw.sipDomains.forEach((d, i) => {
      this.notes.add(['sipDomains', i], 'xml', `InternalDomain ${d}`);
    });
    for (const site of this.raw.sites) {
      this.siteIndex.set(site.key, this.sites.length);
      this.sites.push({ name: site.name });
      this.notes.add(
        ['sites', this.sites.length - 1, 'name'],
        'xml',
        `${site.kind === 'central' ? 'CentralSite' : 'BranchSite'} ${site.key} (${at(site.at)})`,
      );
    }
    for (const c of this.raw.clusters) this.classify(c);
    for (const c of this.raw.clusters) this.mapCluster(c);
    top.sites = this.sites;
    return { topology: top, notes: this.notes, remarks: this.remarks, roleOfCluster: this.kinds };
  }

  private checkRoles(): void {
    for (const s of this.raw.services) {
      if (MAPPED_ROLES.has(s.role)) continue;
      if (UNPLANNED_ROLES.has(s.role)) {
        this.remarks.push(`${s.role} (${at(s.at)}) is not planned: sfbports has no flows for it`);
        continue;
      }
      throw new UserError({
        code: 'import-unknown-role',
        severity: 'error',
        message: `service role ${s.role} is not one sfbports knows how to map`,
        loc: s.at,
        hint: `known roles: ${[...MAPPED_ROLES].join(', ')}; please report this role with the file rather than edit it out`,
      });
    }
  }

  private name(): string {
    if (this.options.name) {
      this.notes.add(['name'], 'given', '--name');
      return this.options.name;
    }
    const name = this.raw.defaultDomain ?? this.raw.sipDomains[0] ?? 'Imported topology';
    this.notes.add(
      ['name'],
      'inferred',
      'the default SIP domain; the XML names no deployment (--name to set it)',
    );
    return name;
  }

  private topologyProduct(): Product {
    if (this.options.product) {
      this.product = this.options.product;
      this.notes.add(['product'], 'given', '--product');
      return this.product;
    }
    const versions = this.raw.services.map((s) => s.version).filter((v): v is number => v !== undefined);
    const newest = versions.length > 0 ? Math.max(...versions) : undefined;
    const product = newest === undefined ? undefined : SERVICE_VERSIONS[newest];
    if (!product) {
      throw new UserError({
        code: 'import-unknown-product',
        severity: 'error',
        message:
          newest === undefined
            ? 'no service states its ServiceVersion, so the product is unknown'
            : `ServiceVersion ${newest} is not a product sfbports knows`,
        loc: { file: this.raw.file, line: 1, column: 1 },
        hint: 'give it: --product lync2013|sfb2015|sfb2019|sfbse',
      });
    }
    this.product = product;
    this.notes.add(['product'], 'inferred', `the newest ServiceVersion in the XML, ${newest}`);
    return product;
  }

  private rolesOf(c: RawCluster): Set<string> {
    return new Set((this.onCluster.get(c.key) ?? []).map((s) => s.role));
  }

  private serviceOn(c: RawCluster, role: string): RawService | undefined {
    return this.onCluster.get(c.key)?.find((s) => s.role === role);
  }

  private classify(c: RawCluster): void {
    const roles = this.rolesOf(c);
    const site = this.raw.sites.find((s) => s.key === c.siteKey);
    const registrar = this.serviceOn(c, 'Registrar');
    let kind: ClusterKind | undefined;
    if (roles.has('EdgeServer')) kind = 'edge';
    else if (registrar && registrar.settings.get('IsDirector')?.toLowerCase() === 'true') kind = 'director';
    else if (registrar && roles.has('UserServices')) kind = 'front-end';
    else if (registrar && site?.kind === 'branch') kind = 'branch';
    else if (roles.has('MediationServer')) kind = 'mediation';
    else if (roles.has('PersistentChatServer')) kind = 'persistent-chat';
    else if (roles.has('PstnGateway')) kind = 'gateway';
    else if (roles.has('WacService')) kind = 'office-online-server';
    else if (roles.has('FileStore')) kind = 'file-share';
    else if (this.raw.sqlInstances.some((s) => s.clusterKey === c.key)) kind = 'sql';
    if (registrar && !kind) {
      throw new UserError({
        code: 'import-unknown-shape',
        severity: 'error',
        message: `cluster ${c.fqdn} runs a Registrar without UserServices outside a branch site, and is not a Director`,
        loc: c.at,
        hint: 'this pool shape is in no topology sfbports knows; please report it with the file',
      });
    }
    if (kind) this.kinds.set(c.key, kind);
    else if (roles.size > 0)
      this.remarks.push(
        `cluster ${c.fqdn} (${at(c.at)}) runs ${[...roles].join(', ')}: not mapped on its own`,
      );
  }

  private mapCluster(c: RawCluster): void {
    switch (this.kinds.get(c.key)) {
      case 'front-end':
      case 'director':
      case 'mediation':
      case 'persistent-chat':
        this.pool(c, this.kinds.get(c.key) as 'front-end');
        break;
      case 'edge':
        this.edge(c);
        break;
      case 'branch':
        this.branch(c);
        break;
      case 'gateway':
        this.gateway(c);
        break;
      case 'office-online-server':
        this.host(c, 'officeOnlineServers', 'WacService');
        break;
      case 'file-share':
        this.host(c, 'fileShares', 'FileStore');
        break;
    }
  }

  private site(c: RawCluster): { index: number; obj: Obj } {
    const index = this.siteIndex.get(c.siteKey);
    if (index === undefined) {
      throw new UserError({
        code: 'import-dangling-reference',
        severity: 'error',
        message: `cluster ${c.fqdn} is in site ${c.siteKey}, which the topology does not define`,
        loc: c.at,
        hint: 'the file is inconsistent; export it again',
      });
    }
    return { index, obj: this.sites[index]! };
  }

  private push(c: RawCluster, list: string, value: Obj): NotePath {
    const { index, obj } = this.site(c);
    if (obj[list] === undefined) obj[list] = [];
    const items = obj[list] as Obj[];
    items.push(value);
    return ['sites', index, list, items.length - 1];
  }

  /** A pool's server list: one entry per machine, its address from the XML, a file, DNS, or left open. */
  private servers(c: RawCluster, path: NotePath): Obj[] {
    return c.machines.map((m, i) => {
      this.notes.add([...path, 'servers', i, 'fqdn'], 'xml', `Machine (${at(m.at)})`);
      const primary = m.interfaces.find((n) => n.side === 'Primary');
      return { fqdn: m.fqdn, ip: this.address(m.fqdn, primary, [...path, 'servers', i, 'ip']) };
    });
  }

  private address(fqdn: string, iface: RawInterface | undefined, path: NotePath): string {
    const known = this.options.addresses?.get(fqdn);
    if (known?.source === 'file') {
      this.notes.add(path, 'given', `--addresses: ${fqdn}`);
      return known.ip;
    }
    if (iface?.ip) {
      this.notes.add(path, 'xml', `NetInterface ${iface.side} ${iface.number} IPAddress (${at(iface.at)})`);
      return iface.ip;
    }
    if (known) {
      this.notes.add(path, 'dns', `resolved ${fqdn}`);
      return known.ip;
    }
    this.notes.add(
      path,
      'open',
      `${fqdn}: the XML records 0.0.0.0 (the address comes from DNS); import with --resolve or --addresses FILE, or write it here`,
    );
    return ADDRESS_PLACEHOLDER;
  }

  /** The cluster a dependency of any service on `c` points at, for dependencies on `role`. */
  private dependencyTargets(
    c: RawCluster,
    role: string,
  ): Array<{ service: RawService; cluster?: RawCluster; sql?: RawSqlInstance }> {
    const out: Array<{ service: RawService; cluster?: RawCluster; sql?: RawSqlInstance }> = [];
    const seen = new Set<string>();
    for (const s of this.onCluster.get(c.key) ?? []) {
      for (const d of s.dependsOn) {
        const target = this.services.get(d.key);
        if (!target || target.role !== role || seen.has(target.key)) continue;
        seen.add(target.key);
        if ('cluster' in target.installedOn) {
          const cluster = this.clusters.get(target.installedOn.cluster);
          out.push(cluster ? { service: target, cluster } : { service: target });
        } else {
          const sql = this.sql.get(target.installedOn.sql);
          out.push(sql ? { service: target, sql } : { service: target });
        }
      }
    }
    return out;
  }

  /** Services elsewhere that depend on a service of `c` with role `role`. */
  private dependents(c: RawCluster, role: string, fromRole: string): RawService[] {
    const mine = new Set((this.onCluster.get(c.key) ?? []).filter((s) => s.role === role).map((s) => s.key));
    return this.raw.services.filter((s) => s.role === fromRole && s.dependsOn.some((d) => mine.has(d.key)));
  }

  private clusterOf(s: RawService): RawCluster | undefined {
    return 'cluster' in s.installedOn ? this.clusters.get(s.installedOn.cluster) : undefined;
  }

  private poolProduct(c: RawCluster, path: NotePath, pool: Obj): void {
    const versions = (this.onCluster.get(c.key) ?? [])
      .map((s) => s.version)
      .filter((v): v is number => v !== undefined);
    if (versions.length === 0 || this.options.product) return;
    const product = SERVICE_VERSIONS[Math.max(...versions)];
    if (product && product !== this.product) {
      pool.product = product;
      this.notes.add([...path, 'product'], 'xml', `ServiceVersion ${Math.max(...versions)} of its services`);
    }
  }

  private pool(c: RawCluster, role: 'front-end' | 'director' | 'mediation' | 'persistent-chat'): void {
    const pool: Obj = { fqdn: c.fqdn };
    const path = this.push(c, 'pools', pool);
    const roles = this.rolesOf(c);
    this.notes.add([...path, 'fqdn'], 'xml', `Cluster Fqdn (${at(c.at)})`);
    this.poolProduct(c, path, pool);
    pool.role = role;
    this.notes.add([...path, 'role'], 'xml', roleReason(role));
    if (role === 'front-end') {
      const store = this.dependencyTargets(c, 'UserStore')[0];
      const local = store?.sql?.clusterKey === c.key;
      pool.edition = local ? 'standard' : 'enterprise';
      this.notes.add(
        [...path, 'edition'],
        'xml',
        local
          ? 'its UserStore is a SQL instance on the server itself'
          : 'its UserStore is on another SQL Server',
      );
    }
    pool.servers = this.servers(c, path);
    if (role === 'front-end' && roles.has('MediationServer')) {
      pool.collocatedMediation = true;
      this.notes.add([...path, 'collocatedMediation'], 'xml', 'MediationServer installed on the pool');
    }
    const cms = this.onCluster.get(c.key)?.find((s) => s.role === 'CentralMgmt');
    if (cms && cms.settings.get('IsActive')?.toLowerCase() !== 'false') {
      pool.centralManagementStore = true;
      this.notes.add(
        [...path, 'centralManagementStore'],
        'xml',
        `active CentralMgmt service (${at(cms.at)})`,
      );
    }
    const features = this.features(c, role);
    if (features.length > 0) {
      pool.features = features.map((f) => f.name);
      features.forEach((f, i) => {
        this.notes.add([...path, 'features', i], f.kind, f.why);
      });
    }
    const storeRole =
      role === 'persistent-chat' ? 'PersistentChatStore' : role === 'front-end' ? 'UserStore' : undefined;
    const store = storeRole ? this.dependencyTargets(c, storeRole)[0] : undefined;
    if (store?.sql && store.sql.clusterKey !== c.key) {
      const backend = this.sqlServer(store.sql);
      if (backend) {
        pool.backend = backend;
        this.notes.add(
          [...path, 'backend'],
          'xml',
          `${storeRole} on SQL instance ${store.sql.name || '(default)'} (${at(store.service.at)})`,
        );
      }
    }
    const share = this.dependencyTargets(c, 'FileStore')[0];
    if (share?.cluster && share.cluster.key !== c.key) {
      pool.fileShare = share.cluster.fqdn;
      this.notes.add([...path, 'fileShare'], 'xml', `dependency on FileStore (${at(share.service.at)})`);
    } else if (share?.cluster) {
      this.remarks.push(
        `${c.fqdn}: its file share is on the server itself; no fileShare is written (no network flow)`,
      );
    }
    if (role === 'director') this.directorNextHop(c, pool, path);
    if (role === 'mediation') {
      const next = this.dependencyTargets(c, 'Registrar')[0]?.cluster;
      if (next) {
        pool.nextHop = next.fqdn;
        this.notes.add([...path, 'nextHop'], 'xml', 'MediationServer dependency on Registrar (its next hop)');
      }
    }
    const edge = this.dependencyTargets(c, 'EdgeServer')[0]?.cluster;
    if (edge) {
      pool.edge = edge.fqdn;
      this.notes.add([...path, 'edge'], 'xml', 'dependency on EdgeServer');
    }
    const wac = this.dependencyTargets(c, 'WacService')[0]?.cluster;
    if (wac) {
      pool.officeOnlineServer = wac.fqdn;
      this.notes.add([...path, 'officeOnlineServer'], 'xml', 'dependency on WacService');
    }
    if (role === 'mediation' || (role === 'front-end' && roles.has('MediationServer'))) {
      const gateways = this.dependents(c, 'MediationServer', 'PstnGateway')
        .map((g) => this.clusterOf(g)?.fqdn)
        .filter((f): f is string => f !== undefined);
      if (gateways.length > 0) {
        pool.gateways = gateways;
        gateways.forEach((_, i) => {
          this.notes.add([...path, 'gateways', i], 'xml', 'PstnGateway dependency on this MediationServer');
        });
      }
    }
  }

  private directorNextHop(c: RawCluster, pool: Obj, path: NotePath): void {
    const frontEnds = this.raw.clusters.filter(
      (o) => o.siteKey === c.siteKey && this.kinds.get(o.key) === 'front-end',
    );
    if (frontEnds.length === 1) {
      pool.nextHop = frontEnds[0]!.fqdn;
      this.notes.add(
        [...path, 'nextHop'],
        'inferred',
        'the one Front End pool of its site; the XML records no Director next hop',
      );
    } else {
      this.remarks.push(
        `${c.fqdn}: Director next hop left out (its site has ${frontEnds.length} Front End pools)`,
      );
    }
  }

  private features(
    c: RawCluster,
    role: string,
  ): Array<{ name: string; kind: 'xml' | 'inferred'; why: string }> {
    const out: Array<{ name: string; kind: 'xml' | 'inferred'; why: string }> = [];
    const add = (name: string, kind: 'xml' | 'inferred', why: string) => {
      if (!out.some((f) => f.name === name)) out.push({ name, kind, why });
    };
    const svc = (r: string) => this.serviceOn(c, r);
    if (role === 'persistent-chat') add('persistent-chat', 'xml', 'PersistentChatServer service');
    if (role !== 'front-end') return out;
    const conf = svc('ConfServices');
    if (conf) {
      add('conferencing', 'xml', `ConfServices service (${at(conf.at)})`);
      if ((conf.settings.get('MCUs') ?? '').split(',').includes('AppSharingConf'))
        add('app-sharing', 'xml', 'AppSharingConf MCU');
    }
    for (const p of svc('ApplicationServer')?.ports ?? []) {
      const feature = APPLICATION_FEATURES[p.owner];
      if (feature) add(feature, 'xml', `ApplicationServer port of ${p.owner}`);
    }
    const voice =
      this.rolesOf(c).has('MediationServer') || this.dependents(c, 'Registrar', 'MediationServer').length > 0;
    if (voice) add('enterprise-voice', 'inferred', 'a Mediation Server routes calls to this pool');
    if (svc('WebServices')?.ports.some((p) => p.owner === 'urn:component:McxService'))
      add('mobility', 'xml', 'McxService web port');
    if (this.dependencyTargets(c, 'WacService').length > 0)
      add('office-web-apps', 'xml', 'dependency on WacService');
    return out;
  }

  /** The SQL Server of an instance, listed once in its site's sqlServers; its FQDN, or undefined. */
  private sqlServer(instance: RawSqlInstance): string | undefined {
    const cluster = this.clusters.get(instance.clusterKey);
    if (!cluster) return undefined;
    const key = `sqlServers:${cluster.fqdn}:${instance.name.toLowerCase()}`;
    if (!this.hosts.has(key)) {
      this.hosts.add(key);
      const entry: Obj = { fqdn: cluster.fqdn };
      const path = this.push(cluster, 'sqlServers', entry);
      this.notes.add([...path, 'fqdn'], 'xml', `SqlInstance (${at(instance.at)})`);
      const primary = cluster.machines[0]?.interfaces.find((n) => n.side === 'Primary');
      entry.ip = this.address(cluster.fqdn, primary, [...path, 'ip']);
      const named = instance.name !== '' && instance.name.toUpperCase() !== 'MSSQLSERVER';
      if (named) {
        entry.instance = instance.name;
        this.notes.add([...path, 'instance'], 'xml', 'SqlInstanceId Name');
        const port =
          this.options.sqlPorts?.get(`${cluster.fqdn}\\${instance.name.toLowerCase()}`) ??
          this.options.sqlPorts?.get(cluster.fqdn);
        if (port !== undefined) {
          entry.port = port;
          this.notes.add([...path, 'port'], 'given', '--sql-port');
        } else {
          this.notes.add(
            [...path, 'instance'],
            'open',
            `the named instance's static TCP port is not in the topology: --sql-port ${cluster.fqdn}\\${instance.name}=PORT, or add port here`,
          );
        }
      }
    }
    return cluster.fqdn;
  }

  /** A host entry (file share, Office Online Server) listed once per site. */
  private host(c: RawCluster, list: 'fileShares' | 'officeOnlineServers', role: string): void {
    const key = `${list}:${c.fqdn}`;
    if (this.hosts.has(key)) return;
    this.hosts.add(key);
    const entry: Obj = { fqdn: c.fqdn };
    const path = this.push(c, list, entry);
    this.notes.add([...path, 'fqdn'], 'xml', `${role} cluster (${at(c.at)})`);
    const primary = c.machines[0]?.interfaces.find((n) => n.side === 'Primary');
    entry.ip = this.address(c.fqdn, primary, [...path, 'ip']);
  }

  private edge(c: RawCluster): void {
    const svc = this.serviceOn(c, 'EdgeServer')!;
    const pool: Obj = { fqdn: c.fqdn };
    const path = this.push(c, 'edgePools', pool);
    this.notes.add([...path, 'fqdn'], 'xml', `Cluster Fqdn of the EdgeServer service (${at(c.at)})`);
    this.poolProduct(c, path, pool);
    const external = (m: RawCluster['machines'][number], n: number) =>
      m.interfaces.find((i) => i.side === 'External' && i.number === n);
    const nat = c.machines.some((m) => m.interfaces.some((i) => i.side === 'External' && i.configuredIp));
    pool.nat = nat;
    this.notes.add(
      [...path, 'nat'],
      'xml',
      nat
        ? 'an external interface has a ConfiguredIPAddress (the public address NAT publishes)'
        : 'no external interface has a ConfiguredIPAddress',
    );
    const next = this.dependencyTargets(c, 'Registrar')[0]?.cluster;
    if (next) {
      pool.nextHop = next.fqdn;
      this.notes.add([...path, 'nextHop'], 'xml', 'EdgeServer dependency on Registrar (its next hop)');
    }
    const features = ['remote-access'];
    this.notes.add([...path, 'features', 0], 'inferred', 'every Edge pool gives remote access');
    if (svc.ports.some((p) => p.side === 'External' && p.number === 1 && p.port === 5061)) {
      features.push('federation');
      this.notes.add([...path, 'features', features.length - 1], 'xml', 'Access Edge external port 5061');
    }
    if (svc.ports.some((p) => /xmpp/i.test(p.owner))) {
      features.push('xmpp');
      this.notes.add([...path, 'features', features.length - 1], 'xml', 'XMPP port on the Edge');
    }
    pool.features = features;
    const fqdns = this.edgeFqdns(c, svc.ports);
    if (fqdns) {
      pool.externalFqdns = fqdns;
      for (const k of Object.keys(fqdns))
        this.notes.add([...path, 'externalFqdns', k], 'xml', 'ConfiguredFqdn of the external interface');
    }
    pool.servers = c.machines.map((m, i) => {
      const sp = [...path, 'servers', i];
      this.notes.add([...sp, 'fqdn'], 'xml', `Machine (${at(m.at)})`);
      const internal = m.interfaces.find((n) => n.side === 'Internal' || n.side === 'Primary');
      const server: Obj = { fqdn: m.fqdn, internal: this.address(m.fqdn, internal, [...sp, 'internal']) };
      const ext: Obj = {};
      const pub: Obj = {};
      SERVICES.forEach(([key, n]) => {
        const iface = external(m, n) ?? external(m, 1);
        if (iface?.ip) {
          ext[key] = iface.ip;
          this.notes.add(
            [...sp, 'external', key],
            iface.number === n ? 'xml' : 'inferred',
            iface.number === n
              ? `External interface ${n} (${at(iface.at)})`
              : 'one external address for all three services (External interface 1)',
          );
        } else {
          ext[key] = ADDRESS_PLACEHOLDER;
          this.notes.add(
            [...sp, 'external', key],
            'open',
            `no IPAddress on External interface ${n} of ${m.fqdn}`,
          );
        }
        const own = external(m, n);
        if (own?.configuredIp) {
          pub[key] = own.configuredIp;
          this.notes.add([...sp, 'public', key], 'xml', `ConfiguredIPAddress of External interface ${n}`);
        } else if (nat) {
          // Behind NAT every service needs its public address; the XML gave this one none.
          pub[key] = ADDRESS_PLACEHOLDER;
          this.notes.add(
            [...sp, 'public', key],
            'open',
            `the public address NAT publishes for ${m.fqdn}'s ${key} service is not in the XML`,
          );
        }
      });
      server.external = ext;
      if (Object.keys(pub).length > 0) server.public = pub;
      return server;
    });
  }

  /** The three public FQDNs, when the XML gives all three (ConfiguredFqdn on ports, or on the interfaces). */
  private edgeFqdns(c: RawCluster, ports: readonly RawPort[]): Obj | undefined {
    const out: Obj = {};
    for (const [key, n] of SERVICES) {
      const fromPort = ports.find(
        (p) => p.side === 'External' && p.number === n && p.configuredFqdn,
      )?.configuredFqdn;
      const fromIface = c.machines
        .flatMap((m) => m.interfaces)
        .find((i) => i.side === 'External' && i.number === n && i.configuredFqdn)?.configuredFqdn;
      const fqdn = fromPort ?? fromIface;
      if (!fqdn) return undefined;
      out[key] = fqdn;
    }
    return out;
  }

  private branch(c: RawCluster): void {
    const entry: Obj = { fqdn: c.fqdn };
    const path = this.push(c, 'branchAppliances', entry);
    this.notes.add([...path, 'fqdn'], 'xml', `Registrar cluster of a branch site (${at(c.at)})`);
    const primary = c.machines[0]?.interfaces.find((n) => n.side === 'Primary');
    entry.ip = this.address(c.machines[0]?.fqdn ?? c.fqdn, primary, [...path, 'ip']);
    entry.kind = 'appliance';
    this.notes.add(
      [...path, 'kind'],
      'inferred',
      'the XML does not tell an appliance from a Survivable Branch Server: change to server if it is one',
    );
    const backup = this.dependencyTargets(c, 'Registrar')[0]?.cluster;
    if (backup) {
      entry.registrarFor = backup.fqdn;
      this.notes.add(
        [...path, 'registrarFor'],
        'xml',
        'Registrar dependency on a central Registrar (the backup registrar)',
      );
    }
    const gateways = this.dependents(c, 'MediationServer', 'PstnGateway')
      .map((g) => this.clusterOf(g)?.fqdn)
      .filter((f): f is string => f !== undefined);
    if (gateways.length > 0) {
      entry.gateways = gateways;
      gateways.forEach((_, i) => {
        this.notes.add(
          [...path, 'gateways', i],
          'xml',
          'PstnGateway dependency on the branch MediationServer',
        );
      });
    }
  }

  private gateway(c: RawCluster): void {
    const svc = this.serviceOn(c, 'PstnGateway')!;
    const entry: Obj = { fqdn: c.fqdn };
    const path = this.push(c, 'gateways', entry);
    this.notes.add([...path, 'fqdn'], 'xml', `PstnGateway cluster (${at(c.at)})`);
    const primary = c.machines[0]?.interfaces.find((n) => n.side === 'Primary');
    entry.ip = this.address(c.fqdn, primary, [...path, 'ip']);
    const listen = svc.ports.filter((p) => p.usage === 'SipServer');
    if (listen.length !== 1) {
      throw new UserError({
        code: 'import-unknown-shape',
        severity: 'error',
        message: `gateway ${c.fqdn} has ${listen.length} SipServer ports; sfbports knows gateways with exactly one`,
        loc: svc.at,
        hint: 'gateways with several trunks are in no sample sfbports has seen; please report the file',
      });
    }
    const port = listen[0]!;
    const transport = port.protocol.toLowerCase();
    if (transport !== 'tls' && transport !== 'tcp') {
      throw new UserError({
        code: 'import-unknown-shape',
        severity: 'error',
        message: `gateway ${c.fqdn} listens over ${port.protocol}, not TLS or TCP`,
        loc: port.at,
        hint: 'a PSTN gateway trunk is TLS or TCP; please report the file',
      });
    }
    entry.transport = transport;
    this.notes.add([...path, 'transport'], 'xml', `PstnGateway port Protocol (${at(port.at)})`);
    entry.listenPort = port.port;
    this.notes.add([...path, 'listenPort'], 'xml', `PstnGateway port (${at(port.at)})`);
    const mediation = svc.dependsOn
      .map((d) => this.services.get(d.key))
      .find((s) => s?.role === 'MediationServer');
    const medPort = mediation?.ports.find(
      (p) => p.usage === 'GatewaySipServer' && p.protocol.toLowerCase() === transport,
    );
    if (medPort) {
      entry.mediationPort = medPort.port;
      this.notes.add(
        [...path, 'mediationPort'],
        'xml',
        `MediationServer GatewaySipServer port (${at(medPort.at)})`,
      );
    }
    this.remarks.push(
      `gateway ${c.fqdn}: media bypass and the gateway's RTP range are trunk and gateway settings, not topology; left at their defaults (no bypass, any port)`,
    );
  }
}

const SERVICES: ReadonlyArray<readonly ['access' | 'webConferencing' | 'av', number]> = [
  ['access', 1],
  ['webConferencing', 2],
  ['av', 3],
];

function roleReason(role: string): string {
  switch (role) {
    case 'front-end':
      return 'Registrar and UserServices on this cluster';
    case 'director':
      return 'Registrar with IsDirector="true"';
    case 'mediation':
      return 'MediationServer alone on this cluster';
    default:
      return 'PersistentChatServer on this cluster';
  }
}
