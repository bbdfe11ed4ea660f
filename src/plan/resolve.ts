import { AddressSet } from '../model/address-set.js';
import type { Feature } from '../model/products.js';
import type { Role } from '../model/roles.js';
import { compareText } from '../text/order.js';
import { productOf } from '../topology/product.js';
import type { AvailabilityGroup, EdgePool, Pool, Site, Topology } from '../topology/schema.js';
import { nestedZones, type ZoneIndex, zoneCidrs } from '../topology/zones.js';
import { plannedAddress } from './addresses.js';
import type { GroupPart, Member, PoolFacts, RoleGroup, ZoneRegistration } from './groups.js';
import { baseOf } from './groups.js';

/** A host of a group, its address parsed once here and carried to the endpoints. */
function parseMember(name: string, address: string): Member {
  const planned = plannedAddress(address, name);
  return { name, address: planned.text, set: planned.set };
}

/**
 * Ports of an external web VIP that states none: translated, as the vendor's port monitoring table
 * gives them (finding hlb-external-web-ports).
 */
export const DEFAULT_EXTERNAL_WEB_PORTS = 'translated';

/** A role listens as a destination and connects as a source; only the reverse proxy differs by side. */
export type Side = 'source' | 'destination';

/**
 * Resolves roles to RoleGroups for one topology, following the contract's role table. Results are
 * cached per role and side, so planning touches every server a bounded number of times.
 */
export class RoleResolver {
  private readonly cache = new Map<string, readonly RoleGroup[]>();
  private readonly poolFacts = new Map<string, PoolFacts>();
  /** Pool FQDN → its site, built on first use: trusted applications and E9-1-1 gateways look it up. */
  private poolSites: Map<string, Site> | undefined;
  private order = 0;
  /** Hosts by name and address, and their zones: a server is a member of several roles. */
  private readonly members = new Map<string, Member>();
  private readonly zoneOfMember = new Map<Member, string>();

  constructor(
    readonly topology: Topology,
    readonly zones: ZoneIndex,
  ) {}

  private member(name: string, address: string): Member {
    const key = `${name}\u0000${address}`;
    let m = this.members.get(key);
    if (!m) {
      m = parseMember(name, address);
      this.members.set(key, m);
    }
    return m;
  }

  groups(role: Role, side: Side): readonly RoleGroup[] {
    const key = role === 'reverse-proxy' ? `${role}|${side}` : role;
    let groups = this.cache.get(key);
    if (!groups) {
      groups = this.build(role, side);
      this.cache.set(key, groups);
    }
    return groups;
  }

  /** The zone external roles live in: clients.external, else the zone whose value is "any". */
  externalZone(): string | undefined {
    const named = this.topology.clients?.external;
    if (named !== undefined && Object.hasOwn(this.topology.zones, named)) return named;
    return this.zones.anyZone;
  }

  facts(pool: Pool | EdgePool, kind: 'pool' | 'edge'): PoolFacts {
    let facts = this.poolFacts.get(pool.fqdn);
    if (!facts) {
      const features = new Set<Feature>(pool.features as Feature[]);
      // IM and presence cannot be switched off; a stand-alone Mediation pool exists only for
      // Enterprise Voice and a Persistent Chat pool only for Persistent Chat.
      features.add('im-presence');
      if (kind === 'pool' && (pool as Pool).role === 'mediation') features.add('enterprise-voice');
      if (kind === 'pool' && (pool as Pool).role === 'persistent-chat') features.add('persistent-chat');
      facts = {
        fqdn: pool.fqdn,
        kind,
        product: productOf(this.topology, pool),
        features,
        loadBalancing: pool.loadBalancing,
        collocatedMediation: kind === 'pool' && (pool as Pool).collocatedMediation === true,
        cmsHolder: kind === 'pool' && (pool as Pool).centralManagementStore === true,
        nat: kind === 'edge' && (pool as EdgePool).nat === true,
        vip: kind === 'pool' && (pool as Pool).vip !== undefined,
        externalWebPorts:
          kind === 'pool' && (pool as Pool).externalWebVip !== undefined
            ? ((pool as Pool).externalWebPorts ?? DEFAULT_EXTERNAL_WEB_PORTS)
            : undefined,
        loadBalancerSourceNat: kind === 'pool' && (pool as Pool).loadBalancerSourceNat === true,
      };
      this.poolFacts.set(pool.fqdn, facts);
    }
    return facts;
  }

  /** Every pool and Edge pool of the topology, for conditions that no side of an entry can answer. */
  allPools(): PoolFacts[] {
    const out: PoolFacts[] = [];
    for (const site of this.topology.sites) {
      for (const p of site.pools) out.push(this.facts(p, 'pool'));
      for (const e of site.edgePools) out.push(this.facts(e, 'edge'));
    }
    return out;
  }

  private build(role: Role, side: Side): readonly RoleGroup[] {
    const base = baseOf(role);
    if (base === undefined) return [];
    const out: RoleGroup[] = [];
    const hostGroup = (
      key: string,
      site: Site | undefined,
      members: Member[],
      extra: Partial<
        Pick<RoleGroup, 'pool' | 'gateway' | 'sqlServer' | 'availabilityGroup' | 'trustedApp'>
      > = {},
      publicOf?: (i: number) => string | undefined,
    ): void => {
      if (members.length === 0) return;
      out.push({
        key,
        role,
        base,
        kind: 'hosts',
        ...(site ? { site: site.name } : {}),
        parts: this.splitByZone(members, publicOf),
        order: this.order++,
        ...extra,
      });
    };
    const poolsOf = (site: Site, poolRole: Pool['role']) => site.pools.filter((p) => p.role === poolRole);
    const servers = (p: Pool): Member[] => p.servers.map((s) => this.member(s.fqdn, s.ip));
    const vip = (p: { fqdn: string; vip?: string | undefined }): Member[] =>
      p.vip ? [this.member(p.fqdn, p.vip)] : [];

    for (const site of this.topology.sites) {
      switch (role) {
        case 'front-end':
        case 'director':
        case 'persistent-chat':
          for (const p of poolsOf(site, role))
            hostGroup(p.fqdn, site, servers(p), { pool: this.facts(p, 'pool') });
          break;
        case 'front-end-lb':
        case 'director-lb':
        case 'mediation-lb': {
          const poolRole =
            role === 'front-end-lb' ? 'front-end' : role === 'director-lb' ? 'director' : 'mediation';
          for (const p of poolsOf(site, poolRole))
            hostGroup(p.fqdn, site, vip(p), { pool: this.facts(p, 'pool') });
          break;
        }
        case 'front-end-lb-external':
        case 'director-lb-external': {
          const poolRole = role === 'front-end-lb-external' ? 'front-end' : 'director';
          for (const p of poolsOf(site, poolRole)) {
            const members = p.externalWebVip ? [this.member(p.fqdn, p.externalWebVip)] : [];
            hostGroup(p.fqdn, site, members, { pool: this.facts(p, 'pool') });
          }
          break;
        }
        case 'load-balancer':
          // One group per pool, keyed by the pool: the balancer reaches only the servers behind it.
          for (const p of site.pools) {
            const members = (p.loadBalancerAddresses ?? []).map((a) => this.member(p.fqdn, a));
            hostGroup(p.fqdn, site, members, { pool: this.facts(p, 'pool') });
          }
          break;
        case 'mediation':
          for (const p of site.pools) {
            if (p.role === 'mediation' || (p.role === 'front-end' && p.collocatedMediation)) {
              hostGroup(p.fqdn, site, servers(p), { pool: this.facts(p, 'pool') });
            }
          }
          break;
        case 'edge-internal':
          for (const e of site.edgePools) {
            const members = e.servers.map((s) => this.member(s.fqdn, s.internal));
            hostGroup(e.fqdn, site, members, { pool: this.facts(e, 'edge') });
          }
          break;
        case 'edge-internal-lb':
          for (const e of site.edgePools) {
            const members = e.internalVip ? [this.member(e.fqdn, e.internalVip)] : [];
            hostGroup(e.fqdn, site, members, { pool: this.facts(e, 'edge') });
          }
          break;
        case 'edge-external-access':
        case 'edge-external-webconf':
        case 'edge-external-av': {
          const which =
            role === 'edge-external-access'
              ? 'access'
              : role === 'edge-external-webconf'
                ? 'webConferencing'
                : 'av';
          for (const e of site.edgePools) {
            const members = e.servers.map((s) => this.member(s.fqdn, s.external[which]));
            const publicOf = (i: number) => (e.nat ? e.servers[i]?.public?.[which] : undefined);
            hostGroup(e.fqdn, site, members, { pool: this.facts(e, 'edge') }, publicOf);
          }
          break;
        }
        case 'edge-lb-access':
        case 'edge-lb-webconf':
        case 'edge-lb-av': {
          const which =
            role === 'edge-lb-access' ? 'access' : role === 'edge-lb-webconf' ? 'webConferencing' : 'av';
          for (const e of site.edgePools) {
            const vip = e.externalVips?.[which];
            const members = vip ? [this.member(e.fqdn, vip)] : [];
            hostGroup(e.fqdn, site, members, { pool: this.facts(e, 'edge') });
          }
          break;
        }
        case 'reverse-proxy':
          for (const rp of site.reverseProxies) {
            hostGroup(rp.fqdn, site, [this.member(rp.fqdn, side === 'source' ? rp.internal : rp.external)]);
          }
          break;
        case 'sql-backend': {
          const witnesses = this.witnessNames();
          const serving = this.backendNames();
          const replicas = this.replicaGroups();
          for (const s of site.sqlServers) {
            // A server that is only some other server's witness holds no pool's databases, and a
            // replica of an availability group is reached as sql-ag-replica unless a pool names it.
            if (witnesses.has(s.fqdn) && !serving.has(s.fqdn)) continue;
            if (replicas.has(s.fqdn) && !serving.has(s.fqdn)) continue;
            hostGroup(s.fqdn, site, [this.member(s.fqdn, s.ip)], { sqlServer: s });
          }
          break;
        }
        case 'sql-witness': {
          const witnesses = this.witnessNames();
          for (const s of site.sqlServers) {
            if (witnesses.has(s.fqdn)) hostGroup(s.fqdn, site, [this.member(s.fqdn, s.ip)], { sqlServer: s });
          }
          break;
        }
        case 'sql-ag-listener':
          for (const ag of site.availabilityGroups)
            hostGroup(ag.fqdn, site, [this.member(ag.fqdn, ag.ip)], { availabilityGroup: ag });
          break;
        case 'sql-ag-replica': {
          const replicas = this.replicaGroups();
          for (const s of site.sqlServers) {
            const ag = replicas.get(s.fqdn);
            if (ag)
              hostGroup(s.fqdn, site, [this.member(s.fqdn, s.ip)], { sqlServer: s, availabilityGroup: ag });
          }
          break;
        }
        case 'file-share':
          for (const h of site.fileShares) hostGroup(h.fqdn, site, [this.member(h.fqdn, h.ip)]);
          break;
        case 'office-online-server':
          for (const h of site.officeOnlineServers) hostGroup(h.fqdn, site, [this.member(h.fqdn, h.ip)]);
          break;
        case 'exchange':
          for (const h of site.exchangeServers) hostGroup(h.fqdn, site, [this.member(h.fqdn, h.ip)]);
          break;
        case 'pstn-gateway':
          for (const g of site.gateways) hostGroup(g.fqdn, site, [this.member(g.fqdn, g.ip)], { gateway: g });
          break;
        case 'sba':
          for (const h of site.branchAppliances) hostGroup(h.fqdn, site, [this.member(h.fqdn, h.ip)]);
          break;
        case 'exchange-im':
          // A Client Access server with OWA IM is a trusted application server of its registrar.
          for (const h of site.exchangeServers) {
            if (h.owaIm) {
              hostGroup(h.fqdn, site, [this.member(h.fqdn, h.ip)], { trustedApp: { port: h.owaIm.port } });
            }
          }
          break;
        // Top-level objects (trusted applications, E9-1-1, infrastructure) are placed once, below.
        case 'trusted-application':
        case 'rcc-gateway':
        case 'e911':
        case 'dns':
        case 'dhcp':
        case 'ad':
        case 'ntp':
        // Zones are resolved below.
        case 'client':
        case 'phone':
        case 'external-user':
        case 'federated-partner':
        case 'xmpp-partner':
        case 'internet':
          break;
        default: {
          const unplaced: never = role;
          throw new Error(`role ${String(unplaced)} has no place in the topology`);
        }
      }
    }
    if (base === 'zone') return this.zoneGroups(role);
    this.topLevel(role, hostGroup);
    return out;
  }

  private siteOfPool(fqdn: string): Site | undefined {
    if (!this.poolSites) {
      this.poolSites = new Map();
      for (const site of this.topology.sites) {
        // The first site wins, as a search in file order would find it.
        for (const p of site.pools) if (!this.poolSites.has(p.fqdn)) this.poolSites.set(p.fqdn, site);
      }
    }
    return this.poolSites.get(fqdn);
  }

  /** Trusted applications, E9-1-1 gateways and infrastructure hosts: top-level lists, no site. */
  private topLevel(
    role: Role,
    hostGroup: (
      key: string,
      site: Site | undefined,
      members: Member[],
      extra?: Partial<Pick<RoleGroup, 'trustedApp'>>,
    ) => void,
  ): void {
    const hosts = (list: ReadonlyArray<{ fqdn: string; ip: string }>) => {
      for (const h of list) hostGroup(h.fqdn, undefined, [this.member(h.fqdn, h.ip)]);
    };
    // A trusted application or E9-1-1 gateway belongs to the site of the pool it serves.
    const siteOf = (pool: string | undefined): Site | undefined =>
      pool === undefined ? undefined : this.siteOfPool(pool);
    const infra = this.topology.infrastructure;
    switch (role) {
      case 'trusted-application':
      case 'rcc-gateway': {
        const kind = role === 'rcc-gateway' ? 'rcc' : 'application';
        for (const app of this.topology.trustedApplications ?? []) {
          if (app.kind !== kind) continue;
          const members = app.servers
            ? app.servers.map((s) => this.member(s.fqdn, s.ip))
            : app.ip
              ? [this.member(app.fqdn, app.ip)]
              : [];
          hostGroup(app.fqdn, siteOf(app.registrar), members, { trustedApp: { port: app.port } });
        }
        break;
      }
      case 'e911':
        for (const g of this.topology.e911Gateways ?? []) {
          hostGroup(g.fqdn, siteOf(g.mediation?.[0]), [this.member(g.fqdn, g.ip)]);
        }
        break;
      case 'dns':
        hosts(infra?.dnsServers ?? []);
        break;
      case 'dhcp':
        hosts(infra?.dhcpServers ?? []);
        break;
      case 'ad':
        hosts(infra?.domainControllers ?? []);
        break;
      case 'ntp': {
        // Phones look up _ntp._udp, which the vendor points at the domain controllers internally.
        const ntp = infra?.ntpServers ?? [];
        hosts(ntp.length > 0 ? ntp : (infra?.domainControllers ?? []));
        break;
      }
      default:
        break;
    }
  }

  private zoneGroups(role: Role): RoleGroup[] {
    let names: readonly string[];
    if (role === 'client') names = this.topology.clients?.internal ?? [];
    else if (role === 'phone') names = this.topology.clients?.phones ?? [];
    else {
      const z = this.externalZone();
      names = z === undefined ? [] : [z];
    }
    const out: RoleGroup[] = [];
    const nested = nestedZones(this.topology.zones);
    for (const zone of names) {
      const value = this.topology.zones[zone];
      if (value === undefined) continue;
      const inner = (nested.get(zone) ?? []).flatMap((z) => zoneCidrs(this.topology.zones[z]));
      const carved =
        value === 'any' || inner.length === 0
          ? undefined
          : AddressSet.unionOf(inner.map((c) => plannedAddress(c, `zone ${zone}`).set));
      const registration = role === 'client' || role === 'phone' ? this.registrationOf(zone) : undefined;
      out.push({
        key: `zone:${zone}`,
        role,
        base: 'zone',
        kind: 'zone',
        parts: [
          {
            zone,
            members: [],
            cidrs: value === 'any' ? ['any'] : [...zoneCidrs(value)],
            ...(carved ? { carved } : {}),
          },
        ],
        ...(registration ? { registration } : {}),
        order: this.order++,
      });
    }
    return out;
  }

  /**
   * clients.registrars for one zone: the registrar it names (and, for a branch appliance, the
   * appliance's backup pool, where its clients fail over), and the Director(s) it signs in through.
   */
  private registrationOf(zone: string): ZoneRegistration | undefined {
    const reg = this.topology.clients?.registrars?.[zone];
    if (!reg) return undefined;
    let registrars: Set<string> | undefined;
    if (reg.registrar !== undefined) {
      registrars = new Set([reg.registrar]);
      for (const site of this.topology.sites)
        for (const b of site.branchAppliances)
          if (b.fqdn === reg.registrar && b.registrarFor) registrars.add(b.registrarFor);
    }
    const directors =
      reg.director === undefined || reg.director === true
        ? undefined
        : new Set(reg.director === false ? [] : [reg.director]);
    return { registrars, directors };
  }

  private splitByZone(members: readonly Member[], publicOf?: (i: number) => string | undefined): GroupPart[] {
    const byZone = new Map<string, { members: Member[]; publics: string[] }>();
    members.forEach((m, i) => {
      let zone = this.zoneOfMember.get(m);
      if (zone === undefined) {
        zone = this.zones.zoneOf(m.set);
        this.zoneOfMember.set(m, zone);
      }
      let part = byZone.get(zone);
      if (!part) {
        part = { members: [], publics: [] };
        byZone.set(zone, part);
      }
      part.members.push(m);
      const pub = publicOf?.(i);
      if (pub !== undefined) part.publics.push(pub);
    });
    return [...byZone]
      .sort((a, b) => this.zones.rank(a[0]) - this.zones.rank(b[0]) || compareText(a[0], b[0]))
      .map(([zone, p]) =>
        p.publics.length > 0
          ? { zone, members: p.members, publicAddresses: p.publics }
          : { zone, members: p.members },
      );
  }

  private witnessCache: Set<string> | undefined;
  private witnessNames(): Set<string> {
    if (!this.witnessCache) {
      this.witnessCache = new Set();
      for (const site of this.topology.sites)
        for (const s of site.sqlServers) if (s.witness) this.witnessCache.add(s.witness);
    }
    return this.witnessCache;
  }

  private replicaCache: Map<string, AvailabilityGroup> | undefined;
  /** Each replica with the first availability group that lists it (its endpoint port is the same in all). */
  private replicaGroups(): Map<string, AvailabilityGroup> {
    if (!this.replicaCache) {
      this.replicaCache = new Map();
      for (const site of this.topology.sites)
        for (const ag of site.availabilityGroups)
          for (const r of ag.replicas) if (!this.replicaCache.has(r)) this.replicaCache.set(r, ag);
    }
    return this.replicaCache;
  }

  private backendCache: Set<string> | undefined;
  private backendNames(): Set<string> {
    if (!this.backendCache) {
      this.backendCache = new Set();
      for (const site of this.topology.sites) {
        for (const p of site.pools) if (p.backend) this.backendCache.add(p.backend);
        for (const s of site.sqlServers) if (s.mirror) this.backendCache.add(s.mirror);
      }
    }
    return this.backendCache;
  }
}
