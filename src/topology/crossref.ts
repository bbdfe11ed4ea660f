import { pageSource } from '../catalog/cite.js';
import { closest } from '../diag/diagnostic.js';
import {
  AddressSet,
  addressText,
  FAMILY_BITS,
  hasHostBits,
  networkText,
  parseAddress,
  parseNetwork,
} from '../model/address-set.js';
import { MEDIA_MODALITY_NAMES } from '../model/media.js';
import type { Feature, Product } from '../model/products.js';
import { checkFirewalls } from './crossref-firewalls.js';
import { checkIntegration } from './crossref-integration.js';
import { addressEntries, type NamedEntry, type NamedKind, namedEntries } from './hosts.js';
import { type DataPath, formatPath as formatDataPath } from './locate.js';
import { COEXISTING_PRODUCTS, productOf, unsupportedFeature } from './product.js';
import type { Topology } from './schema.js';
import { ZoneIndex, zoneCidrs, zoneWithin } from './zones.js';

/**
 * Checks that need the whole file: references between entries, duplicate names and addresses,
 * zones, and the vendor's rules that tie settings together. Each finding carries the data path of
 * the value at fault; the loader turns paths into line and column.
 */
export interface Finding {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly path: DataPath;
  /** Point at the key rather than the value (for a bad zone name). */
  readonly atKey?: boolean;
  readonly hint?: string;
}

export interface CheckOptions {
  /**
   * Whether the value at `path` was rejected by the schema and replaced by a stand-in (see salvage.ts).
   * The loader drops findings at or around such values; a check whose verdict rests on one far away,
   * such as the topology's product, asks here and skips.
   */
  readonly rejected?: (path: DataPath) => boolean;
}

export function checkTopology(topology: Topology, options: CheckOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const named = namedEntries(topology);
  // Every product rule is judged against the topology's product, unknown while it is misspelt.
  const productKnown = !options.rejected?.(['product']);
  checkZones(topology, findings);
  checkDuplicates(topology, named, findings);
  checkReferences(topology, named, findings);
  checkPools(topology, findings);
  checkEdgePools(topology, findings);
  if (productKnown) checkFeatures(topology, findings);
  checkSqlBackEnds(topology, productKnown, findings);
  checkClients(topology, findings);
  checkClientMediaPorts(topology, findings);
  checkIntegration(topology, findings);
  checkFirewalls(topology, findings);
  return findings;
}

const KIND_NAMES: Record<NamedKind, string> = {
  pool: 'pool',
  'edge-pool': 'Edge pool',
  'reverse-proxy': 'reverse proxy',
  gateway: 'PSTN gateway',
  'branch-appliance': 'Survivable Branch Appliance',
  'sql-server': 'SQL Server',
  'availability-group': 'availability group listener',
  'file-share': 'file share',
  'office-online-server': 'Office Online Server',
  'exchange-server': 'Exchange server',
};

const KIND_LISTS: Record<NamedKind, string> = {
  pool: 'pools',
  'edge-pool': 'edgePools',
  'reverse-proxy': 'reverseProxies',
  gateway: 'gateways',
  'branch-appliance': 'branchAppliances',
  'sql-server': 'sqlServers',
  'availability-group': 'availabilityGroups',
  'file-share': 'fileShares',
  'office-online-server': 'officeOnlineServers',
  'exchange-server': 'exchangeServers',
};

function checkZones(topology: Topology, findings: Finding[]): void {
  const anyZones = Object.entries(topology.zones).filter(([, v]) => v === 'any');
  for (const [zone] of anyZones.slice(1)) {
    findings.push({
      code: 'duplicate-any-zone',
      severity: 'error',
      message: `zones.${zone}: only one zone may be "any" (the internet); ${anyZones[0]![0]} already is`,
      path: ['zones', zone],
      hint: 'merge the two zones, or give this one its networks',
    });
  }
  // The same network in two zones would make an address's zone, and so its firewall boundary, a coin toss.
  const owners = new Map<string, string>();
  const networks: ZoneNetworkEntry[] = [];
  for (const [zone, value] of Object.entries(topology.zones)) {
    if (value === 'any') continue;
    const nested = !Array.isArray(value);
    zoneCidrs(value).forEach((cidr, i) => {
      const path: DataPath = nested ? ['zones', zone, 'cidrs', i] : ['zones', zone, i];
      const parsed = parseNetwork(cidr);
      if (!parsed.ok) return; // the schema reports it
      // Keyed by the network in its own family, so ::ffff:192.0.2.0/120 and 192.0.2.0/24 are one network.
      const network = networkText(parsed.value);
      const owner = owners.get(network);
      if (owner !== undefined && owner !== zone) {
        findings.push({
          code: 'duplicate-network',
          severity: 'error',
          message: `${formatDataPath(path)}: ${cidr} is already in zone ${owner}`,
          path,
          hint: 'a network belongs to one zone; split it into smaller networks if the zones really differ',
        });
      }
      owners.set(network, owner ?? zone);
      networks.push({ zone, cidr, path, network, set: AddressSet.of(parsed.value) });
      if (hasHostBits(parsed.value)) {
        findings.push({
          code: 'cidr-host-bits',
          severity: 'error',
          message: `${formatDataPath(path)}: ${cidr} has host bits set; firewalls read it as ${network}`,
          path,
          hint: `write ${network}, or ${addressText(parsed.value)}/${FAMILY_BITS[parsed.value.family]} for the one host`,
        });
      }
    });
  }
  checkZoneOverlaps(topology, networks, checkWithin(topology, networks, findings), findings);
}

interface ZoneNetworkEntry {
  readonly zone: string;
  /** As written in the file. */
  readonly cidr: string;
  readonly path: DataPath;
  /** Canonical text, one per network however it is spelt. */
  readonly network: string;
  readonly set: AddressSet;
}

/**
 * Checks each `{ within, cidrs }` zone: it names another zone that lists networks, the chain has no
 * loop, and every one of its networks lies inside a network of that zone.
 */
function checkWithin(
  topology: Topology,
  networks: readonly ZoneNetworkEntry[],
  findings: Finding[],
): NestingOfZones {
  const zones = topology.zones;
  const names = Object.keys(zones);
  const parentOf = new Map<string, string>();
  /** Zones whose within is itself wrong: their overlaps wait until it is fixed. */
  const broken = new Set<string>();
  for (const zone of names) {
    const outer = zoneWithin(zones[zone]);
    if (outer === undefined) continue;
    const path: DataPath = ['zones', zone, 'within'];
    if (outer === zone || !Object.hasOwn(zones, outer) || zones[outer] === 'any') broken.add(zone);
    if (!Object.hasOwn(zones, outer)) {
      const near = closest(
        outer,
        names.filter((n) => n !== zone),
      );
      findings.push({
        code: 'unknown-zone',
        severity: 'error',
        message: `${formatDataPath(path)}: zone ${outer} is not declared under zones`,
        path,
        hint: `${near ? `did you mean ${near}? ` : ''}declared zones: ${names.join(', ')}`,
      });
    } else if (outer === zone) {
      findings.push({
        code: 'zone-within-itself',
        severity: 'error',
        message: `${formatDataPath(path)}: zone ${zone} cannot lie within itself`,
        path,
        hint: 'name the zone whose networks contain this one, or write the networks as a plain list',
      });
    } else if (zones[outer] === 'any') {
      findings.push({
        code: 'zone-within-any',
        severity: 'error',
        message: `${formatDataPath(path)}: ${outer} is the internet ("any"); every address outside the other zones is in it already`,
        path,
        hint: `write ${zone}'s networks as a plain list: ${zone}: [${zoneCidrs(zones[zone]).join(', ')}]`,
      });
    } else {
      parentOf.set(zone, outer);
    }
  }
  const ancestors = new Map<string, Set<string>>();
  for (const zone of names) {
    const chain = new Set<string>();
    let next = parentOf.get(zone);
    while (next !== undefined && next !== zone && !chain.has(next)) {
      chain.add(next);
      next = parentOf.get(next);
    }
    if (next === zone) {
      findings.push({
        code: 'zone-within-loop',
        severity: 'error',
        message: `${formatDataPath(['zones', zone, 'within'])}: zones ${[zone, ...chain].join(' → ')} → ${zone} lie within each other in a loop`,
        path: ['zones', zone, 'within'],
        hint: 'a nested zone lies within a larger one; remove within from the outermost zone',
      });
    }
    chain.delete(zone);
    ancestors.set(zone, chain);
    if (next === zone) broken.add(zone);
  }
  for (const entry of networks) {
    const outer = parentOf.get(entry.zone);
    if (outer === undefined || broken.has(entry.zone)) continue;
    const inside = networks.some(
      (n) => n.zone === outer && n.set.contains(entry.set) && n.network !== entry.network,
    );
    if (!inside) {
      findings.push({
        code: 'zone-not-within',
        severity: 'error',
        message: `${formatDataPath(entry.path)}: ${entry.cidr} is not inside any network of zone ${outer} (${zoneCidrs(zones[outer]).join(', ')}), though ${entry.zone} is declared within ${outer}`,
        path: entry.path,
        hint: `move ${entry.cidr} to a zone of its own, or correct the network or within`,
      });
    }
  }
  return { ancestors, broken };
}

interface NestingOfZones {
  /** Per zone, the zones it lies inside: its within, that zone's within, and so on. */
  readonly ancestors: ReadonlyMap<string, ReadonlySet<string>>;
  /** Zones whose within is reported as wrong. */
  readonly broken: ReadonlySet<string>;
}

/**
 * Networks of two zones that overlap. A CIDR either contains another or is disjoint from it, and the
 * planner puts an address in the zone of the most specific network that holds it. A network inside
 * another zone's network therefore takes hosts away from that zone; that is allowed only for a zone
 * declared `{ within: <that zone>, cidrs }`. Reported at the later of the two networks.
 */
function checkZoneOverlaps(
  topology: Topology,
  networks: readonly ZoneNetworkEntry[],
  nesting: NestingOfZones,
  findings: Finding[],
): void {
  const { ancestors, broken } = nesting;
  /**
   * Whether `inner` lies in a network of a zone it is declared within that itself lies inside `outer`:
   * the overlap is that zone's, reported (or allowed) there once.
   */
  const judgedAbove = (inner: ZoneNetworkEntry, outer: ZoneNetworkEntry) =>
    networks.some(
      (n) => ancestors.get(inner.zone)?.has(n.zone) && n.set.contains(inner.set) && outer.set.contains(n.set),
    );
  const hosts = addressEntries(topology).flatMap((entry) => {
    const set = entry.natPublic ? undefined : hostSet(entry.ip);
    return set ? [{ fqdn: entry.fqdn, set }] : [];
  });
  networks.forEach((later, j) => {
    for (const earlier of networks.slice(0, j)) {
      if (earlier.zone === later.zone || earlier.network === later.network) continue;
      const laterInside = earlier.set.contains(later.set);
      if (!laterInside && !later.set.contains(earlier.set)) continue;
      const [inner, outer] = laterInside ? [later, earlier] : [earlier, later];
      if (ancestors.get(inner.zone)?.has(outer.zone)) continue;
      if (broken.has(inner.zone) || judgedAbove(inner, outer)) continue;
      const moved = [...new Set(hosts.filter((h) => inner.set.contains(h.set)).map((h) => h.fqdn))];
      const movedText =
        moved.length === 0
          ? ''
          : `; ${moved.slice(0, 3).join(', ')}${moved.length > 3 ? ` and ${moved.length - 3} more` : ''} would be in ${inner.zone}, not ${outer.zone}`;
      const innerCidrs = zoneCidrs(topology.zones[inner.zone]);
      const allInside = innerCidrs.every((c) => {
        const n = parseNetwork(c);
        return n.ok && outer.set.contains(AddressSet.of(n.value));
      });
      const declare = allInside
        ? `${inner.zone}: { within: ${outer.zone}, cidrs: [${innerCidrs.join(', ')}] }`
        : `a zone of its own, such as ${inner.zone}-nested: { within: ${outer.zone}, cidrs: [${inner.cidr}] }`;
      findings.push({
        code: 'zone-overlap',
        severity: 'error',
        message: laterInside
          ? `${formatDataPath(later.path)}: ${later.cidr} of zone ${later.zone} lies inside ${earlier.cidr} of zone ${earlier.zone}${movedText}`
          : `${formatDataPath(later.path)}: ${later.cidr} of zone ${later.zone} contains ${earlier.cidr} of zone ${earlier.zone}${movedText}`,
        path: later.path,
        hint: `give each zone networks of its own; if ${inner.cidr} is a part of ${outer.zone} on purpose, declare it (version 2): ${declare}`,
      });
    }
  });
}

/** A host address as a set, or undefined for text the schema has already rejected. */
function hostSet(text: string): AddressSet | undefined {
  const parsed = parseAddress(text);
  return parsed.ok ? AddressSet.of(parsed.value) : undefined;
}

function checkDuplicates(topology: Topology, named: readonly NamedEntry[], findings: Finding[]): void {
  // Addresses: one address, one host. An Edge server's services sharing one address are reported by
  // checkEdgeServiceAddresses (they clash on TCP 443), and one machine may appear in two host lists (SQL Server and file share) under one name.
  const zones = new ZoneIndex(topology.zones);
  const seen = new Map<string, { fqdn: string; group: string; path: DataPath }>();
  for (const entry of addressEntries(topology)) {
    const host = hostSet(entry.ip);
    if (!host) continue;
    // One key per host, however it is spelt: 2001:db8::1 = 2001:0db8::1, ::ffff:192.0.2.1 = 192.0.2.1.
    const key = host.key();
    const first = seen.get(key);
    if (!first) {
      seen.set(key, { fqdn: entry.fqdn, group: entry.group, path: entry.path });
    } else if (
      first.group !== entry.group &&
      !(first.fqdn === entry.fqdn && first.group.startsWith('host:') && entry.group.startsWith('host:'))
    ) {
      findings.push({
        code: 'duplicate-address',
        severity: 'error',
        message: `${formatDataPath(entry.path)}: ${entry.ip} (${entry.fqdn}) is already the address of ${first.fqdn} at ${formatDataPath(first.path)}`,
        path: entry.path,
        hint: 'every server, VIP and interface needs an address of its own',
      });
    }
    if (!entry.natPublic && zones.declaredZoneOf(host) === undefined) {
      findings.push({
        code: 'address-outside-zones',
        severity: 'error',
        message: `${formatDataPath(entry.path)}: ${entry.ip} (${entry.fqdn}) lies in no zone, so no firewall boundary can be drawn for it`,
        path: entry.path,
        hint: `add a network that contains ${entry.ip} to one of the zones (${Object.keys(topology.zones).join(', ')})`,
      });
    }
  }

  // Names: one FQDN, one thing. A Standard Edition server (or one-server pool) shares its pool's
  // FQDN; a machine listed in two host lists keeps one name and one address.
  const names = new Map<string, { path: DataPath; owner: string; ip?: string; plain: boolean }>();
  const claim = (fqdn: string, path: DataPath, owner: string, plain: boolean, ip?: string) => {
    const key = fqdn.toLowerCase();
    const first = names.get(key);
    if (!first) {
      names.set(key, { path, owner, plain, ...(ip ? { ip } : {}) });
      return;
    }
    if (first.owner === owner) return;
    if (first.plain && plain && first.ip && ip && sameHost(first.ip, ip)) return;
    findings.push({
      code: 'duplicate-fqdn',
      severity: 'error',
      message: `${formatDataPath(path)}: ${fqdn} is already used at ${formatDataPath(first.path)}`,
      path,
      hint: 'each pool, server and host needs its own FQDN',
    });
  };
  const plainKinds = new Set<NamedKind>([
    'sql-server',
    'file-share',
    'office-online-server',
    'exchange-server',
  ]);
  topology.sites.forEach((site, s) => {
    site.pools.forEach((pool, p) => {
      const owner = `pool:${s}:${p}`;
      claim(pool.fqdn, ['sites', s, 'pools', p, 'fqdn'], owner, false);
      pool.servers.forEach((server, i) => {
        // Only a one-server pool may be named after its server.
        const serverOwner = pool.servers.length === 1 ? owner : `${owner}:${i}`;
        claim(server.fqdn, ['sites', s, 'pools', p, 'servers', i, 'fqdn'], serverOwner, false);
      });
    });
    site.edgePools.forEach((edge, e) => {
      const owner = `edge:${s}:${e}`;
      claim(edge.fqdn, ['sites', s, 'edgePools', e, 'fqdn'], owner, false);
      edge.servers.forEach((server, i) => {
        const serverOwner = edge.servers.length === 1 ? owner : `${owner}:${i}`;
        claim(server.fqdn, ['sites', s, 'edgePools', e, 'servers', i, 'fqdn'], serverOwner, false);
      });
    });
    site.sqlServers.forEach((sql, q) => {
      sql.clusterNodes?.forEach((node, n) => {
        const path: DataPath = ['sites', s, 'sqlServers', q, 'clusterNodes', n, 'fqdn'];
        claim(node.fqdn, path, `node:${node.fqdn}`, true, node.ip);
      });
    });
  });
  for (const entry of named) {
    if (entry.kind === 'pool' || entry.kind === 'edge-pool') continue;
    const plain = plainKinds.has(entry.kind);
    claim(entry.fqdn, [...entry.path, 'fqdn'], `${entry.kind}:${entry.path.join('.')}`, plain, entry.ip);
  }
}

function sameHost(a: string, b: string): boolean {
  const x = hostSet(a);
  const y = hostSet(b);
  return x !== undefined && y !== undefined && x.equals(y);
}

function checkReferences(topology: Topology, named: readonly NamedEntry[], findings: Finding[]): void {
  const byName = new Map<string, NamedEntry[]>();
  for (const entry of named) {
    const key = entry.fqdn.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), entry]);
  }
  /** Checks that `fqdn` names an entry of one of `kinds` (and, for pools, one of `roles`). */
  const expect = (
    fqdn: string,
    path: DataPath,
    field: string,
    kinds: readonly NamedKind[],
    roles?: readonly string[],
  ): void => {
    const matches = (byName.get(fqdn.toLowerCase()) ?? []).filter((e) => kinds.includes(e.kind));
    const wanted = kinds
      .map((k) => (k === 'pool' && roles ? `${roles.join(' or ')} pool` : KIND_NAMES[k]))
      .join(' or ');
    if (matches.length === 0) {
      const candidates = named
        .filter(
          (e) => kinds.includes(e.kind) && (!roles || e.kind !== 'pool' || roles.includes(e.role ?? '')),
        )
        .map((e) => e.fqdn);
      const near = closest(fqdn, candidates);
      findings.push({
        code: 'unknown-reference',
        severity: 'error',
        message: `${formatDataPath(path)}: ${field} ${fqdn} names no ${wanted} in this topology`,
        path,
        hint: near
          ? `did you mean ${near}?`
          : candidates.length > 0
            ? `known: ${candidates.join(', ')}`
            : `declare it under sites[].${kinds.map((k) => KIND_LISTS[k]).join(' or sites[].')}`,
      });
      return;
    }
    if (roles && matches.every((m) => m.kind === 'pool' && !roles.includes(m.role ?? ''))) {
      findings.push({
        code: 'wrong-reference-role',
        severity: 'error',
        message: `${formatDataPath(path)}: ${field} ${fqdn} is a ${matches[0]!.role} pool, but must be a ${wanted}`,
        path,
      });
    }
  };

  topology.sites.forEach((site, s) => {
    site.pools.forEach((pool, p) => {
      const at = (...rest: PropertyKey[]): DataPath => ['sites', s, 'pools', p, ...rest];
      if (pool.backend) expect(pool.backend, at('backend'), 'backend', ['sql-server', 'availability-group']);
      if (pool.fileShare) expect(pool.fileShare, at('fileShare'), 'fileShare', ['file-share']);
      if (pool.edge) expect(pool.edge, at('edge'), 'edge', ['edge-pool']);
      if (pool.officeOnlineServer) {
        expect(pool.officeOnlineServer, at('officeOnlineServer'), 'officeOnlineServer', [
          'office-online-server',
        ]);
      }
      if (pool.nextHop) {
        const roles = pool.role === 'director' ? ['front-end', 'director'] : ['front-end'];
        expect(pool.nextHop, at('nextHop'), 'nextHop', ['pool'], roles);
        if (pool.nextHop.toLowerCase() === pool.fqdn.toLowerCase()) {
          findings.push({
            code: 'self-reference',
            severity: 'error',
            message: `${formatDataPath(at('nextHop'))}: a pool cannot be its own next hop`,
            path: at('nextHop'),
          });
        }
      }
      pool.gateways.forEach((gw, i) => {
        expect(gw, at('gateways', i), 'gateway', ['gateway']);
      });
    });
    site.edgePools.forEach((edge, e) => {
      if (edge.nextHop) {
        expect(
          edge.nextHop,
          ['sites', s, 'edgePools', e, 'nextHop'],
          'nextHop',
          ['pool'],
          ['director', 'front-end'],
        );
      }
    });
    site.reverseProxies.forEach((rp, r) => {
      rp.publishes.forEach((target, i) => {
        expect(
          target,
          ['sites', s, 'reverseProxies', r, 'publishes', i],
          'publishes',
          ['pool', 'office-online-server'],
          ['front-end', 'director'],
        );
      });
    });
    site.sqlServers.forEach((sql, q) => {
      for (const field of ['mirror', 'witness'] as const) {
        const target = sql[field];
        if (!target) continue;
        const path: DataPath = ['sites', s, 'sqlServers', q, field];
        expect(target, path, field, ['sql-server']);
        if (target.toLowerCase() === sql.fqdn.toLowerCase()) {
          findings.push({
            code: 'self-reference',
            severity: 'error',
            message: `${formatDataPath(path)}: a SQL Server cannot be its own ${field}`,
            path,
          });
        }
      }
    });
    site.availabilityGroups.forEach((ag, a) => {
      ag.replicas.forEach((replica, r) => {
        expect(replica, ['sites', s, 'availabilityGroups', a, 'replicas', r], 'replica', ['sql-server']);
      });
    });
    site.gateways.forEach((gw, g) => {
      gw.trunks?.forEach((t, i) => {
        const path: DataPath = ['sites', s, 'gateways', g, 'trunks', i, 'mediation'];
        expect(t.mediation, path, 'mediation', ['pool'], ['mediation', 'front-end']);
        // A trunk pairs the pool with the gateway, as the pool's gateways list does: both must say so.
        const pool = topology.sites.flatMap((x) => x.pools).find((p) => p.fqdn === t.mediation);
        if (
          pool &&
          (pool.role === 'mediation' || pool.role === 'front-end') &&
          !pool.gateways.includes(gw.fqdn)
        ) {
          findings.push({
            code: 'trunk-pool-without-gateway',
            severity: 'error',
            message: `${formatDataPath(path)}: ${t.mediation} has a trunk to ${gw.fqdn} but does not list it in its gateways`,
            path,
            hint: `add ${gw.fqdn} to the gateways of ${t.mediation}, or remove this trunk`,
          });
        }
      });
    });
    site.branchAppliances.forEach((sba, b) => {
      if (sba.registrarFor) {
        expect(
          sba.registrarFor,
          ['sites', s, 'branchAppliances', b, 'registrarFor'],
          'registrarFor',
          ['pool'],
          ['front-end'],
        );
      }
      sba.gateways.forEach((g, i) => {
        const path: DataPath = ['sites', s, 'branchAppliances', b, 'gateways', i];
        expect(g, path, 'gateways', ['gateway']);
        // The appliance defaults (5081/5082) and the pairing follow the gateway of the same site.
        if (
          !site.gateways.some((x) => x.fqdn === g.toLowerCase()) &&
          (byName.get(g.toLowerCase()) ?? []).length > 0
        ) {
          findings.push({
            code: 'unknown-reference',
            severity: 'error',
            message: `${formatDataPath(path)}: gateway ${g} is declared in another site; a branch appliance's gateway belongs to the branch site`,
            path,
            hint: `move ${g} under sites[${s}].gateways`,
          });
        }
      });
    });
  });
  for (const [zone, reg] of Object.entries(topology.clients.registrars ?? {})) {
    if (reg.registrar) {
      expect(
        reg.registrar,
        ['clients', 'registrars', zone, 'registrar'],
        'registrar',
        ['pool', 'branch-appliance'],
        ['front-end'],
      );
    }
    if (typeof reg.director === 'string') {
      expect(reg.director, ['clients', 'registrars', zone, 'director'], 'director', ['pool'], ['director']);
    }
  }
}

function checkPools(topology: Topology, findings: Finding[]): void {
  const cmsHolders: DataPath[] = [];
  let frontEnds = 0;
  topology.sites.forEach((site, s) => {
    site.pools.forEach((pool, p) => {
      const at = (...rest: PropertyKey[]): DataPath => ['sites', s, 'pools', p, ...rest];
      const where = formatDataPath(at());
      if (pool.role === 'front-end') frontEnds++;
      if (pool.centralManagementStore) cmsHolders.push(at('centralManagementStore'));
      if (pool.role !== 'front-end') {
        for (const field of ['collocatedMediation', 'centralManagementStore'] as const) {
          if (pool[field]) {
            findings.push({
              code: 'field-not-for-role',
              severity: 'error',
              message: `${formatDataPath(at(field))}: only a Front End pool can set ${field}, and this is a ${pool.role} pool`,
              path: at(field),
              hint: `remove ${field}, or change role to front-end`,
            });
          }
        }
      }
      if (pool.edition === 'standard') {
        if (pool.role !== 'front-end') {
          findings.push({
            code: 'field-not-for-role',
            severity: 'error',
            message: `${formatDataPath(at('edition'))}: Standard Edition is a Front End server; a ${pool.role} pool has no edition`,
            path: at('edition'),
            hint: 'remove edition',
          });
        }
        if (pool.servers.length > 1) {
          findings.push({
            code: 'standard-edition-servers',
            severity: 'error',
            message: `${formatDataPath(at('servers'))}: a Standard Edition server is one server, not ${pool.servers.length}`,
            path: at('servers'),
            hint: 'use edition: enterprise for a pool of several servers',
          });
        }
        if (pool.backend) {
          findings.push({
            code: 'standard-edition-backend',
            severity: 'error',
            message: `${formatDataPath(at('backend'))}: a Standard Edition server keeps its databases in its local SQL Server Express`,
            path: at('backend'),
            hint: 'remove backend, or use edition: enterprise',
          });
        }
        if (pool.loadBalancing === 'hardware' || pool.vip) {
          findings.push({
            code: 'standard-edition-load-balancing',
            severity: 'warning',
            message: `${where}: a Standard Edition server is not load balanced; loadBalancing and vip are ignored by the vendor's design`,
            path: pool.vip ? at('vip') : at('loadBalancing'),
          });
        }
      } else if (pool.role === 'front-end' && !pool.backend) {
        findings.push({
          code: 'enterprise-pool-without-backend',
          severity: 'warning',
          message: `${where}: an Enterprise Edition Front End pool needs a SQL Server back end; without backend, its database flows go to every sqlServers entry`,
          path: at(),
          hint: 'add backend: <FQDN of a sqlServers entry>',
        });
      }
      if (
        (pool.role === 'front-end' || pool.role === 'director') &&
        pool.edition === 'enterprise' &&
        pool.loadBalancing === 'dns' &&
        pool.servers.length > 1 &&
        !pool.vip
      ) {
        findings.push({
          code: 'web-services-without-vip',
          severity: 'warning',
          message: `${where}: a DNS-load-balanced pool still needs a hardware load balancer for its web services, and this one has no vip`,
          path: at('loadBalancing'),
          hint: `add vip: <address of the web services VIP> (${pageSource('loadBalancing')})`,
        });
      }
      if (pool.loadBalancerSourceNat && !pool.loadBalancerAddresses) {
        findings.push({
          code: 'lb-source-nat-without-addresses',
          severity: 'error',
          message: `${formatDataPath(at('loadBalancerSourceNat'))}: with source NAT the servers receive VIP traffic from the load balancer's own addresses, and the pool states none`,
          path: at('loadBalancerSourceNat'),
          hint: 'add loadBalancerAddresses: [<address the balancer uses towards the servers>], or set loadBalancerSourceNat: false',
        });
      }
      if (pool.externalWebVip && !pool.vip) {
        findings.push({
          code: 'external-web-vip-without-vip',
          severity: 'error',
          message: `${formatDataPath(at('externalWebVip'))}: an external web services VIP needs the internal one (vip) beside it; clients cannot reach web services with DNS load balancing`,
          path: at('externalWebVip'),
          hint: `add vip: <address of the internal web services VIP> (${pageSource('loadBalancing')})`,
        });
      }
      if (pool.externalWebPorts && !pool.externalWebVip) {
        findings.push({
          code: 'external-web-ports-without-external-vip',
          severity: 'warning',
          message: `${formatDataPath(at('externalWebPorts'))}: externalWebPorts is only used with externalWebVip; the reverse proxy reaches vip on 4443 and 8080`,
          path: at('externalWebPorts'),
          hint: 'add externalWebVip: <address>, or remove externalWebPorts',
        });
      }
      if (pool.loadBalancing === 'hardware' && !pool.vip) {
        findings.push({
          code: 'hardware-lb-without-vip',
          severity: 'error',
          message: `${where}: loadBalancing is hardware but the pool has no vip`,
          path: at('loadBalancing'),
          hint: 'add vip: <address of the load balancer virtual IP>, or use loadBalancing: dns',
        });
      }
      const runsMediation =
        pool.role === 'mediation' || (pool.role === 'front-end' && pool.collocatedMediation);
      if (runsMediation && pool.gateways.length === 0) {
        findings.push({
          code: 'mediation-without-gateway',
          severity: 'error',
          message: `${where}: ${pool.role === 'mediation' ? 'a Mediation pool' : 'a Front End pool with collocated Mediation'} needs at least one PSTN gateway`,
          path: pool.role === 'mediation' ? at() : at('collocatedMediation'),
          hint: 'add gateways: [<FQDN of a gateways entry>]',
        });
      }
      if (!runsMediation && pool.gateways.length > 0) {
        findings.push({
          code: 'gateway-without-mediation',
          severity: 'error',
          message: `${formatDataPath(at('gateways'))}: only a Mediation pool or a Front End pool with collocatedMediation: true talks to gateways`,
          path: at('gateways'),
          hint:
            pool.role === 'front-end'
              ? 'add collocatedMediation: true'
              : 'move the gateways to the Mediation pool',
        });
      }
    });
  });
  for (const extra of cmsHolders.slice(1)) {
    findings.push({
      code: 'duplicate-cms-holder',
      severity: 'error',
      message: `${formatDataPath(extra)}: the Central Management store lives in exactly one pool; ${formatDataPath(cmsHolders[0]!.slice(0, -1))} already holds it`,
      path: extra,
    });
  }
  if (frontEnds > 0 && cmsHolders.length === 0) {
    findings.push({
      code: 'no-cms-holder',
      severity: 'warning',
      message:
        'no Front End pool holds the Central Management store, so no CMS replication flows are planned',
      path: ['sites'],
      hint: 'add centralManagementStore: true to the pool that holds it',
    });
  }
}

const EDGE_SERVICES = ['access', 'webConferencing', 'av'] as const;

function checkEdgePools(topology: Topology, findings: Finding[]): void {
  const reverseProxies = topology.sites.some((site) => site.reverseProxies.length > 0);
  topology.sites.forEach((site, s) => {
    site.edgePools.forEach((edge, e) => {
      const at = (...rest: PropertyKey[]): DataPath => ['sites', s, 'edgePools', e, ...rest];
      const where = formatDataPath(at());
      // Remote users sign in through the Edge but fetch the address book, meeting content,
      // Autodiscover, mobility and device updates from the external web services behind a reverse proxy.
      if (!reverseProxies && edge.features.includes('remote-access')) {
        findings.push({
          code: 'remote-access-without-reverse-proxy',
          severity: 'warning',
          message: `${where}: remote-access is on, but the topology has no reverse proxy, so no flow reaches the external web services (address book, meeting join, Autodiscover, mobility, device updates)`,
          path: at('features'),
          hint: `add reverseProxies to a site, publishing the pools remote users use (${pageSource('lyncReverseProxy')})`,
        });
      }
      edge.servers.forEach((server, i) => {
        checkEdgeServiceAddresses(server.external, at('servers', i, 'external'), findings);
        if (edge.nat && server.public)
          checkEdgeServiceAddresses(server.public, at('servers', i, 'public'), findings);
      });
      if (edge.loadBalancing === 'hardware' && edge.externalVips) {
        checkEdgeServiceAddresses(edge.externalVips, at('externalVips'), findings);
      }
      if (edge.nat && edge.loadBalancing === 'hardware') {
        findings.push({
          code: 'edge-nat-with-hardware-lb',
          severity: 'error',
          message: `${formatDataPath(at('nat'))}: a hardware-load-balanced Edge pool needs public addresses without NAT`,
          path: at('nat'),
          hint: `use loadBalancing: dns with NAT, or public external addresses with nat: false (${pageSource('edgeEnv')})`,
        });
      }
      if (edge.nat) {
        edge.servers.forEach((server, i) => {
          const missing = EDGE_SERVICES.filter((service) => !server.public?.[service]);
          if (missing.length > 0) {
            findings.push({
              code: 'edge-nat-without-public',
              severity: 'error',
              message: `${formatDataPath(at('servers', i))}: the pool has nat: true, but ${server.fqdn} has no public ${missing.join(', ')} address`,
              path: server.public ? at('servers', i, 'public') : at('servers', i),
              hint: 'add public: { access: …, webConferencing: …, av: … } with the addresses the NAT publishes',
            });
          }
        });
      } else {
        edge.servers.forEach((server, i) => {
          if (server.public) {
            findings.push({
              code: 'edge-public-without-nat',
              severity: 'warning',
              message: `${formatDataPath(at('servers', i, 'public'))}: public addresses are only used with nat: true`,
              path: at('servers', i, 'public'),
              hint: 'add nat: true to the Edge pool, or remove public',
            });
          }
        });
      }
      if (edge.loadBalancing === 'hardware') {
        const missingVips = EDGE_SERVICES.filter((service) => !edge.externalVips?.[service]);
        if (edge.externalVips && missingVips.length > 0) {
          findings.push({
            code: 'hardware-lb-without-vip',
            severity: 'error',
            message: `${formatDataPath(at('externalVips'))}: a hardware-load-balanced Edge pool needs a VIP for every service; ${missingVips.join(', ')} is missing`,
            path: at('externalVips'),
            hint: 'add the missing VIPs: each service needs a VIP of its own, as all three listen on TCP 443',
          });
        }
        for (const field of ['internalVip', 'externalVips'] as const) {
          if (!edge[field]) {
            findings.push({
              code: 'hardware-lb-without-vip',
              severity: 'error',
              message: `${where}: loadBalancing is hardware but the Edge pool has no ${field}`,
              path: at('loadBalancing'),
              hint: `add ${field}, or use loadBalancing: dns`,
            });
          }
        }
      } else if (edge.internalVip || edge.externalVips) {
        findings.push({
          code: 'vip-without-hardware-lb',
          severity: 'warning',
          message: `${where}: VIPs are only used with loadBalancing: hardware`,
          path: edge.internalVip ? at('internalVip') : at('externalVips'),
        });
      }
    });
  });
}

const EDGE_SERVICE_NAMES: Record<(typeof EDGE_SERVICES)[number], string> = {
  access: 'Access Edge',
  webConferencing: 'Web Conferencing Edge',
  av: 'A/V Edge',
};

/**
 * One external address per Edge service. Access (client SIP), Web Conferencing (PSOM) and A/V
 * (MS-TURN over TCP) all listen on TCP 443 as planned; the vendor allows one address for all three
 * only with distinct ports (such as Web Conferencing 444, A/V 443: edge-env, "IP Address
 * requirements"), which the topology has no setting for, so the plan would be wrong.
 */
function checkEdgeServiceAddresses(
  addresses: Partial<Record<(typeof EDGE_SERVICES)[number], string>>,
  path: DataPath,
  findings: Finding[],
): void {
  const seen: Array<{ service: (typeof EDGE_SERVICES)[number]; host: AddressSet }> = [];
  for (const service of EDGE_SERVICES) {
    const text = addresses[service];
    const host = text === undefined ? undefined : hostSet(text);
    if (!host) continue;
    const first = seen.find((s) => s.host.equals(host));
    if (first) {
      findings.push({
        code: 'edge-services-share-address',
        severity: 'error',
        message: `${formatDataPath([...path, service])}: the ${EDGE_SERVICE_NAMES[service]} service has the address of the ${EDGE_SERVICE_NAMES[first.service]} service, ${text}, and both listen on TCP 443`,
        path: [...path, service],
        hint: `give each Edge service its own address. The vendor allows one address only with a different port per service (such as Web Conferencing on 444, A/V on 443), and the topology has no per-service port setting yet (${pageSource('edgeEnv')}, "IP Address requirements")`,
      });
    } else {
      seen.push({ service, host });
    }
  }
}

/**
 * Product rules, per pool: a pool (or Edge pool) runs its own `product` (version 2), else the
 * topology's. A feature the pool's product dropped is an error on that pool only, so Persistent Chat,
 * XMPP or a mirrored back end on a 2015 pool inside a 2019 topology is valid; a pool's product may
 * not be newer than the topology's, nor one the topology's product cannot coexist with.
 */
function checkFeatures(topology: Topology, findings: Finding[]): void {
  const topologyProduct = topology.product as Product;
  const hint = (feature: Feature) =>
    `remove it, or keep that workload on a pool of an earlier product version (product: sfb2015 on the pool that runs ${feature})`;
  const report = (product: Product, feature: Feature, path: DataPath, why: string) =>
    findings.push({
      code: 'feature-not-in-product',
      severity: 'error',
      message: `${formatDataPath(path)}: ${feature} is not available on ${product}: ${why}`,
      path,
      hint: hint(feature),
    });
  const checkProduct = (own: string | undefined, path: DataPath) => {
    if (own === undefined) return;
    const allowed = COEXISTING_PRODUCTS[topologyProduct];
    if (allowed.includes(own as Product)) return;
    findings.push({
      code: 'pool-product-not-coexisting',
      severity: 'error',
      message: `${formatDataPath(path)}: a ${own} pool cannot be part of a ${topologyProduct} topology`,
      path,
      hint: `the topology's product is the newest of the deployment; a ${topologyProduct} topology holds ${allowed.join(', ')} pools (${pageSource('hybrid')})`,
    });
  };
  // Mirroring is a back end's setting, run for the pools whose databases it holds.
  const backendUsers = new Map<string, Product[]>();
  topology.sites.forEach((site, s) => {
    site.pools.forEach((pool, p) => {
      const product = productOf(topology, pool);
      checkProduct(pool.product, ['sites', s, 'pools', p, 'product']);
      if (pool.backend) {
        const key = pool.backend.toLowerCase();
        backendUsers.set(key, [...(backendUsers.get(key) ?? []), product]);
      }
      pool.features.forEach((f, i) => {
        const why = unsupportedFeature(product, f as Feature);
        if (why) report(product, f as Feature, ['sites', s, 'pools', p, 'features', i], why);
      });
      if (pool.role === 'persistent-chat') {
        const why = unsupportedFeature(product, 'persistent-chat');
        if (why) {
          findings.push({
            code: 'feature-not-in-product',
            severity: 'error',
            message: `${formatDataPath(['sites', s, 'pools', p, 'role'])}: a persistent-chat pool is not available on ${product}: ${why}`,
            path: ['sites', s, 'pools', p, 'role'],
            hint: 'keep Persistent Chat on a pool of an earlier product version: product: sfb2015 on this pool',
          });
        }
      }
    });
    site.edgePools.forEach((edge, e) => {
      const product = productOf(topology, edge);
      checkProduct(edge.product, ['sites', s, 'edgePools', e, 'product']);
      edge.features.forEach((f, i) => {
        const why = unsupportedFeature(product, f as Feature);
        if (why) report(product, f as Feature, ['sites', s, 'edgePools', e, 'features', i], why);
      });
    });
  });
  topology.sites.forEach((site, s) => {
    site.sqlServers.forEach((sql, q) => {
      if (!sql.mirror) return;
      // The pools whose back end this server or its mirror is; with none, the topology's product.
      const users = [
        ...(backendUsers.get(sql.fqdn.toLowerCase()) ?? []),
        ...(backendUsers.get(sql.mirror.toLowerCase()) ?? []),
      ];
      const products = users.length > 0 ? users : [topologyProduct];
      const product = products.find((p) => unsupportedFeature(p, 'sql-mirroring'));
      const why = product && unsupportedFeature(product, 'sql-mirroring');
      if (why) {
        findings.push({
          code: 'feature-not-in-product',
          severity: 'error',
          message: `${formatDataPath(['sites', s, 'sqlServers', q, 'mirror'])}: ${why}`,
          path: ['sites', s, 'sqlServers', q, 'mirror'],
          hint: 'use an AlwaysOn Availability Group or SQL failover clustering, and remove mirror (or keep the mirrored back end for pools of an earlier product version only)',
        });
      }
    });
  });
}

/**
 * Back ends beyond one server (a named instance without port is a schema error): availability groups exist only
 * from Skype for Business Server 2015 and never hold Persistent Chat stores, and a replica has one
 * mirroring endpoint whatever the groups it belongs to.
 */
function checkSqlBackEnds(topology: Topology, productKnown: boolean, findings: Finding[]): void {
  const groups = new Map<string, { path: DataPath; endpointPort: number }>();
  const endpointOf = new Map<string, { path: DataPath; port: number }>();
  topology.sites.forEach((site, s) => {
    site.availabilityGroups.forEach((ag, a) => {
      const at = (...rest: PropertyKey[]): DataPath => ['sites', s, 'availabilityGroups', a, ...rest];
      groups.set(ag.fqdn.toLowerCase(), { path: at(), endpointPort: ag.endpointPort });
      if (productKnown && topology.product === 'lync2013') {
        findings.push({
          code: 'feature-not-in-product',
          severity: 'error',
          message: `${formatDataPath(at())}: AlwaysOn Availability Groups are not a back-end option of Lync Server 2013 (its pages offer mirroring and SQL Server clustering)`,
          path: at(),
          hint: `use a mirror or a failover cluster instance (clusterNodes), or product sfb2015 or later (${pageSource('backEndHa')})`,
        });
      }
      const seen = new Set<string>();
      ag.replicas.forEach((replica, r) => {
        const key = replica.toLowerCase();
        if (seen.has(key) || key === ag.fqdn.toLowerCase()) {
          findings.push({
            code: 'duplicate-replica',
            severity: 'error',
            message: `${formatDataPath(at('replicas', r))}: ${replica} is ${seen.has(key) ? 'already a replica of this group' : 'the listener itself'}`,
            path: at('replicas', r),
            hint: 'list each replica (a sqlServers entry) once; the listener is the group’s fqdn',
          });
        }
        seen.add(key);
        const other = endpointOf.get(key);
        if (other && other.port !== ag.endpointPort) {
          findings.push({
            code: 'ag-endpoint-port-mismatch',
            severity: 'error',
            message: `${formatDataPath(at('endpointPort'))}: ${replica} already uses endpoint port ${other.port} in ${formatDataPath(other.path)}; a SQL Server instance has one database mirroring endpoint`,
            path: at('endpointPort'),
            hint: `use endpointPort: ${other.port}`,
          });
        } else if (!other) {
          endpointOf.set(key, { path: at(), port: ag.endpointPort });
        }
      });
    });
  });
  topology.sites.forEach((site, s) => {
    site.pools.forEach((pool, p) => {
      if (pool.role !== 'persistent-chat' || !pool.backend) return;
      if (!groups.has(pool.backend.toLowerCase())) return;
      const path: DataPath = ['sites', s, 'pools', p, 'backend'];
      findings.push({
        code: 'alwayson-persistent-chat',
        severity: 'error',
        message: `${formatDataPath(path)}: ${pool.backend} is an availability group, and Persistent Chat stores are not supported in an AlwaysOn Availability Group`,
        path,
        hint: `give the Persistent Chat pool a sqlServers entry (mirrored or clustered if it needs high availability) (${pageSource('alwaysOn')})`,
      });
    });
  });
}

function checkClients(topology: Topology, findings: Finding[]): void {
  const zones = Object.keys(topology.zones);
  const check = (zone: string, path: DataPath) => {
    if (!Object.hasOwn(topology.zones, zone)) {
      const near = closest(zone, zones);
      findings.push({
        code: 'unknown-zone',
        severity: 'error',
        message: `${formatDataPath(path)}: zone ${zone} is not declared under zones`,
        path,
        hint: `${near ? `did you mean ${near}? ` : ''}declared zones: ${zones.join(', ')}`,
      });
    }
  };
  for (const [i, z] of topology.clients.internal.entries()) check(z, ['clients', 'internal', i]);
  for (const [i, z] of topology.clients.phones.entries()) check(z, ['clients', 'phones', i]);
  if (topology.clients.external) check(topology.clients.external, ['clients', 'external']);
  const homed = new Set([...topology.clients.internal, ...topology.clients.phones]);
  for (const zone of Object.keys(topology.clients.registrars ?? {})) {
    const path: DataPath = ['clients', 'registrars', zone];
    if (!Object.hasOwn(topology.zones, zone)) check(zone, path);
    else if (!homed.has(zone)) {
      findings.push({
        code: 'unknown-zone',
        severity: 'error',
        message: `${formatDataPath(path)}: zone ${zone} holds no clients or phones`,
        path,
        hint: `list it under clients.internal or clients.phones, or remove it from clients.registrars`,
      });
    }
  }
  const hasEdge = topology.sites.some((s) => s.edgePools.length > 0 || s.reverseProxies.length > 0);
  if (hasEdge && !topology.clients.external && !Object.values(topology.zones).includes('any')) {
    findings.push({
      code: 'no-external-zone',
      severity: 'error',
      message: 'the topology has an Edge pool or reverse proxy but no zone for the internet',
      path: ['zones'],
      hint: 'add a zone such as internet: any, or set clients.external',
    });
  }
}

function checkClientMediaPorts(topology: Topology, findings: Finding[]): void {
  const media = topology.clientMediaPorts;
  if (!media) return;
  const ranges = MEDIA_MODALITY_NAMES.map((m) => ({
    modality: m,
    from: media[m].start,
    to: media[m].start + media[m].count - 1,
  }));
  for (const r of ranges) {
    if (r.to > 65535) {
      findings.push({
        code: 'media-range-overflow',
        severity: 'error',
        message: `clientMediaPorts.${r.modality}: ${r.from} + ${r.to - r.from + 1} ports runs past 65535`,
        path: ['clientMediaPorts', r.modality, 'count'],
        hint: `use a count of at most ${65536 - r.from}`,
      });
    }
  }
  if (!media.enabled) return;
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      const a = ranges[i]!;
      const b = ranges[j]!;
      if (a.from <= b.to && b.from <= a.to) {
        findings.push({
          code: 'media-range-overlap',
          severity: 'warning',
          message: `clientMediaPorts.${b.modality}: ${b.from}-${b.to} overlaps ${a.modality} ${a.from}-${a.to}, so QoS cannot tell the modalities apart`,
          path: ['clientMediaPorts', b.modality],
          hint: 'give each modality its own range (the vendor example: audio 50020, video 58000, app sharing 42000, file transfer 42020, 20 ports each)',
        });
      }
    }
  }
}
