import type { GroupBase } from '../model/roles.js';
import type { Topology } from '../topology/schema.js';
import type { RoleGroup } from './groups.js';

/**
 * Pairing. Where the topology links two objects (a pool's backend, file share, Edge pool, next hop,
 * gateways, Office Online Server; a reverse proxy's published pools; an Edge pool's next hop; an SBA's
 * registrar and gateways; a SQL Server's mirror and witness), only linked pairs talk. Where it states no link, every
 * source pairs with every destination. Precisely, for one relation:
 *   - a linked pair is paired;
 *   - an unlinked pair is paired only when neither object takes part in the relation at all
 *     (a pool with no `fileShare` talks to every file share that no other pool claims);
 *   - SQL Server to SQL Server is strict: only a named mirror or witness pairs;
 *   - availability groups: a pool whose backend is a listener reaches that listener (relation
 *     backend) and every replica of the group (strict); replicas reach the replicas of their own
 *     groups only (strict);
 *   - Edge to Edge is strict too: only the servers of one pool with more than one server pair
 *     (their own pool), never two Edge pools;
 *   - a trusted application (or an Exchange Client Access server with OWA IM) talks only to the pool
 *     it is registered to;
 *   - a pool's load balancer (its loadBalancerAddresses) reaches the servers of that pool only;
 *   - a Director or Persistent Chat pool reaches only the file share it names: the vendor gives
 *     Directors a file store of their own choosing and lets a one-server Persistent Chat pool keep its
 *     files on a local path, so an unlinked one is not assumed to use a share.
 */

export class Relation {
  private readonly partners = new Map<string, Set<string>>();

  constructor(
    readonly name: string,
    readonly strict: boolean,
  ) {}

  link(a: string | undefined, b: string | undefined): void {
    if (!a || !b) return;
    this.add(a, b);
    this.add(b, a);
  }

  participates(key: string): boolean {
    return this.partners.has(key);
  }

  partnersOf(key: string): ReadonlySet<string> {
    return this.partners.get(key) ?? EMPTY;
  }

  paired(a: string, b: string): boolean {
    const p = this.partners.get(a);
    if (p?.has(b)) return true;
    if (this.strict) return false;
    return p === undefined && !this.partners.has(b);
  }

  private add(a: string, b: string): void {
    let set = this.partners.get(a);
    if (!set) {
      set = new Set();
      this.partners.set(a, set);
    }
    set.add(b);
  }
}

const EMPTY: ReadonlySet<string> = new Set();

const POOL_BASES: ReadonlySet<GroupBase> = new Set(['fe', 'dir', 'med', 'pc']);

export class Links {
  private readonly relations = new Map<string, Relation>();

  constructor(topology: Topology) {
    const rel = (name: string, strict = false) => {
      const r = new Relation(name, strict);
      this.relations.set(name, r);
      return r;
    };
    const directorNextHop = rel('director-next-hop');
    const mediationServes = rel('mediation-next-hop');
    const edge = rel('edge');
    const edgePeers = rel('edge-pool-peers', true);
    const publishes = rel('publishes');
    const backend = rel('backend');
    const backendWitness = rel('backend-witness');
    const fileShare = rel('file-share');
    const fileShareLinked = rel('file-share-linked', true);
    const oos = rel('office-online-server');
    const gateways = rel('gateways');
    const sba = rel('sba-registrar');
    // Strict: an appliance talks only to the gateways it lists (its built-in one has no address).
    const sbaGateways = rel('sba-gateways', true);
    const mirror = rel('sql-mirror', true);
    const witness = rel('sql-witness', true);
    const agReplicas = rel('ag-replicas-of-pool', true);
    const agPeers = rel('ag-replica-peers', true);
    const exchange = rel('exchange');
    const registrar = rel('trusted-app-registrar', true);
    const e911 = rel('e911-trunk');
    // Strict: a pool's load balancer reaches only the servers of that pool.
    const balancer = rel('load-balancer-pool', true);

    const groups = new Map<string, readonly string[]>();
    for (const site of topology.sites)
      for (const ag of site.availabilityGroups) groups.set(ag.fqdn, ag.replicas);

    const sql = new Map<string, { mirror?: string | undefined; witness?: string | undefined }>();
    for (const site of topology.sites) for (const s of site.sqlServers) sql.set(s.fqdn, s);

    for (const site of topology.sites) {
      for (const p of site.pools) {
        if (p.role === 'director') directorNextHop.link(p.fqdn, p.nextHop);
        // A collocated Mediation Server serves its own pool.
        if (p.role === 'mediation') mediationServes.link(p.fqdn, p.nextHop);
        if (p.role === 'front-end' && p.collocatedMediation) mediationServes.link(p.fqdn, p.fqdn);
        edge.link(p.fqdn, p.edge);
        if (p.loadBalancerAddresses) balancer.link(p.fqdn, p.fqdn);
        backend.link(p.fqdn, p.backend);
        if (p.backend) {
          const b = sql.get(p.backend);
          backend.link(p.fqdn, b?.mirror);
          backendWitness.link(p.fqdn, b?.witness);
          // A pool whose back end is an availability group reaches its listener and every replica.
          for (const replica of groups.get(p.backend) ?? []) agReplicas.link(p.fqdn, replica);
        }
        fileShare.link(p.fqdn, p.fileShare);
        fileShareLinked.link(p.fqdn, p.fileShare);
        oos.link(p.fqdn, p.officeOnlineServer);
        for (const g of p.gateways) gateways.link(p.fqdn, g);
      }
      for (const e of site.edgePools) {
        edge.link(e.fqdn, e.nextHop);
        // The servers of one Edge pool reach each other; a one-server pool has no peer.
        if (e.servers.length > 1) edgePeers.link(e.fqdn, e.fqdn);
      }
      for (const rp of site.reverseProxies)
        for (const target of rp.publishes) publishes.link(rp.fqdn, target);
      for (const b of site.branchAppliances) {
        sba.link(b.fqdn, b.registrarFor);
        for (const g of b.gateways) {
          sbaGateways.link(b.fqdn, g);
          // Claimed by the appliance: central pools without gateways do not pair with it either.
          gateways.link(b.fqdn, g);
        }
      }
      // The replicas of one availability group reach each other's database mirroring endpoint.
      for (const ag of site.availabilityGroups)
        for (const a of ag.replicas) for (const b of ag.replicas) if (a !== b) agPeers.link(a, b);
      for (const x of site.exchangeServers) {
        for (const p of x.pools ?? []) exchange.link(x.fqdn, p);
        if (x.owaIm) registrar.link(x.fqdn, x.owaIm.registrar);
      }
      for (const s of site.sqlServers) {
        mirror.link(s.fqdn, s.mirror);
        witness.link(s.fqdn, s.witness);
        // The witness watches both partners of a mirrored pair.
        if (s.mirror) witness.link(s.mirror, s.witness);
      }
    }
    // A trusted application talks to the pool it is registered to, and to no other.
    for (const app of topology.trustedApplications ?? []) registrar.link(app.fqdn, app.registrar);
    for (const g of topology.e911Gateways ?? []) for (const m of g.mediation ?? []) e911.link(g.fqdn, m);
  }

  /** The relation that governs pairs of these two kinds of object; undefined means "pair all". */
  relationFor(a: GroupBase, b: GroupBase): Relation | undefined {
    // Pools → a branch appliance: every Front End pool and Director routes SIP to the users the
    // appliance registers, routes calls to its trunk, and the CMS pushes to it; only the appliance's
    // own connections (to its backup pool) follow registrarFor.
    if (b === 'sba' && POOL_BASES.has(a)) return undefined;
    const name = relationName(a, b) ?? relationName(b, a);
    return name ? this.relations.get(name) : undefined;
  }

  paired(source: RoleGroup, destination: RoleGroup): boolean {
    const r = this.relationFor(source.base, destination.base);
    return r ? r.paired(source.key, destination.key) : true;
  }
}

function relationName(a: GroupBase, b: GroupBase): string | undefined {
  if (a === 'dir' && b === 'fe') return 'director-next-hop';
  if (a === 'med' && b === 'fe') return 'mediation-next-hop';
  if (a === 'edge' && POOL_BASES.has(b)) return 'edge';
  if (a === 'rp' && (POOL_BASES.has(b) || b === 'oos')) return 'publishes';
  if (a === 'sql' && POOL_BASES.has(b)) return 'backend';
  if (a === 'witness' && POOL_BASES.has(b)) return 'backend-witness';
  if (a === 'ag' && POOL_BASES.has(b)) return 'backend';
  if (a === 'replica' && POOL_BASES.has(b)) return 'ag-replicas-of-pool';
  if (a === 'replica' && b === 'replica') return 'ag-replica-peers';
  if (a === 'fs' && (b === 'dir' || b === 'pc')) return 'file-share-linked';
  if (a === 'fs' && POOL_BASES.has(b)) return 'file-share';
  if (a === 'oos' && POOL_BASES.has(b)) return 'office-online-server';
  if (a === 'gw' && POOL_BASES.has(b)) return 'gateways';
  // A branch registrar routes PSTN calls to any Mediation pool whose trunk its users' routes name.
  if (a === 'sba' && POOL_BASES.has(b) && b !== 'med') return 'sba-registrar';
  if (a === 'gw' && b === 'sba') return 'sba-gateways';
  if (a === 'edge' && b === 'edge') return 'edge-pool-peers';
  if (a === 'sql' && b === 'sql') return 'sql-mirror';
  if (a === 'sql' && b === 'witness') return 'sql-witness';
  if (a === 'exch' && POOL_BASES.has(b)) return 'exchange';
  if (a === 'tapp' && POOL_BASES.has(b)) return 'trusted-app-registrar';
  if (a === 'e911' && b === 'med') return 'e911-trunk';
  if (a === 'lb' && POOL_BASES.has(b)) return 'load-balancer-pool';
  return undefined;
}
