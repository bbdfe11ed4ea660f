import type { Catalog, CatalogEntry, IpsecException } from '../catalog/types.js';
import type { IpsecExemption, NotPlanned, Plan } from '../model/plan.js';
import { PortSet } from '../model/ports.js';
import { EXTERNAL_ROLES, type Role, UNMODELLED_ROLES } from '../model/roles.js';
import { hash48 } from '../text/hash.js';
import type { Topology } from '../topology/schema.js';
import { ZoneIndex } from '../topology/zones.js';
import { conditionForDestination, type TopologyFacts } from './conditions.js';
import { clientMediaRanges, dependsOnSource, type Service, serviceFor } from './configurable.js';
import { EndpointTable, type PlannedEndpoint } from './endpoints.js';
import type { RoleGroup } from './groups.js';
import { Links, type Relation } from './links.js';
import { FlowCollector } from './merge.js';
import { RoleResolver } from './resolve.js';

/**
 * Topology × catalog → flows. Pure and deterministic: the same inputs give the same flows, in the
 * same order, with the same ids. The work is proportional to destination groups × entries (plus the
 * hosts each endpoint lists), never to servers squared: sources are gathered per zone into one
 * endpoint, and the gathered sets are shared between destinations that ask the same question.
 */
export function plan(topology: Topology, catalog: Catalog): Plan {
  const planner = new Planner(topology);
  const notPlanned: NotPlanned[] = [];
  for (const entry of catalog.entries) planner.planEntry(entry, notPlanned);
  planner.planPending();
  // Requirements no page gives ports for are named in every plan, so that no reader takes their
  // absence from the flows for "not needed".
  for (const f of catalog.findings) if (f.notPlanned) notPlanned.push({ entry: f.id, reason: f.notPlanned });
  const flows = planner.collector.finish();
  const ipsec = catalog.ipsecExceptions.flatMap((e) => planner.exempt(e));
  return Object.freeze({
    topology,
    catalog,
    flows: Object.freeze(flows),
    ipsec: Object.freeze(ipsec),
    notPlanned: Object.freeze(notPlanned),
  });
}

class Planner {
  readonly zones: ZoneIndex;
  readonly collector = new FlowCollector();
  private readonly resolver: RoleResolver;
  private readonly links: Links;
  private readonly facts: TopologyFacts;
  private readonly endpoints: EndpointTable;
  /** Gathered source endpoints, by the question that selected their groups. */
  private readonly gathered = new Map<string, PlannedEndpoint[]>();
  private readonly unlinkedSources = new Map<string, RoleGroup[]>();
  private readonly filteredSources = new Map<string, { groups: readonly RoleGroup[]; shareKey: string }>();
  private readonly targets = new Map<RoleGroup, PlannedEndpoint[]>();
  private readonly sourceIndex = new Map<Role, Map<string, RoleGroup>>();

  constructor(private readonly topology: Topology) {
    this.zones = new ZoneIndex(topology.zones);
    this.resolver = new RoleResolver(topology, this.zones);
    this.links = new Links(topology);
    this.facts = { product: topology.product, pools: this.resolver.allPools() };
    this.endpoints = new EndpointTable((z) => this.zones.rank(z));
  }

  planEntry(entry: CatalogEntry, notPlanned: NotPlanned[]): void {
    if (entry.planned === false) {
      notPlanned.push({
        entry: entry.id,
        reason: 'kept for provenance only (planned: false in the catalog)',
      });
      return;
    }
    const whyNot = this.unplannable(entry.role);
    if (whyNot) {
      // An internet role without an internet zone matters only where the other side exists.
      const relevant =
        UNMODELLED_ROLES.has(entry.role) || entry.sources.some((r) => this.present(r, 'source'));
      if (relevant) notPlanned.push({ entry: entry.id, reason: `destination ${whyNot}` });
      return;
    }
    for (const sourceRole of entry.sources) {
      const why = this.unplannable(sourceRole);
      if (why) {
        if (UNMODELLED_ROLES.has(sourceRole) || this.present(entry.role, 'destination')) {
          notPlanned.push({ entry: entry.id, source: sourceRole, reason: `source ${why}` });
        }
        continue;
      }
      this.queue(entry, sourceRole);
    }
  }

  /**
   * Entries with the same listening role, source role and conditions select the same sources for
   * every destination: they are planned together, so that question is answered once per destination.
   */
  private readonly pending = new Map<string, { sourceRole: Role; entries: CatalogEntry[] }>();

  private queue(entry: CatalogEntry, sourceRole: Role): void {
    const peers = peersOf(entry, sourceRole) ?? '';
    const vip =
      (entry.viaVip?.includes(sourceRole) === true ? 'vip' : '') +
      (entry.viaExternalVip?.includes(sourceRole) === true ? 'ext' : '');
    const key = `${entry.role}|${sourceRole}|${dependsOnSource(entry)}|${peers}|${vip}|${conditionsKey(entry)}`;
    const batch = this.pending.get(key);
    if (batch) batch.entries.push(entry);
    else this.pending.set(key, { sourceRole, entries: [entry] });
  }

  planPending(): void {
    for (const { sourceRole, entries } of this.pending.values()) this.planPairs(entries, sourceRole);
    this.pending.clear();
    // What only pairing needed goes before the flows are made (IPsec exemptions gather afresh).
    this.gathered.clear();
    this.targets.clear();
    this.filteredSources.clear();
    this.unlinkedSources.clear();
  }

  /** True when the topology has hosts (or zones) of the role. */
  private present(role: Role, side: 'source' | 'destination'): boolean {
    return !this.unplannable(role) && this.resolver.groups(role, side).length > 0;
  }

  private unplannable(role: Role): string | undefined {
    if (UNMODELLED_ROLES.has(role)) return `role ${role} is not modelled in the topology`;
    if (EXTERNAL_ROLES.has(role) && this.resolver.externalZone() === undefined) {
      return `role ${role} lives on the internet, and the topology has no clients.external zone and no zone "any"`;
    }
    return undefined;
  }

  /** Plans entries that share their listening role, conditions and port dependence for one source role. */
  private planPairs(batch: readonly CatalogEntry[], sourceRole: Role): void {
    const entry = batch[0]!;
    const destinations = this.resolver.groups(entry.role, 'destination');
    const sources = this.resolver.groups(sourceRole, 'source');
    if (destinations.length === 0 || sources.length === 0) return;
    const relation =
      destinations[0] && sources[0]
        ? this.links.relationFor(sources[0].base, destinations[0].base)
        : undefined;
    const bySource = dependsOnSource(entry);
    // Clients, phones and the reverse proxy reach a pool's web services on its VIP when it has one.
    const viaVip = entry.viaVip?.includes(sourceRole) === true;
    // The reverse proxy reaches a pool with an external web VIP there, not on vip.
    const viaExternalVip = entry.viaExternalVip?.includes(sourceRole) === true;
    // Keys for the source sets destinations share, built once per batch.
    const allKey = `${sourceRole}|all`;
    const unlinkedKey = relation ? `${sourceRole}|unlinked:${relation.name}` : '';
    const unlinked = relation && !relation.strict ? this.unlinked(sourceRole, sources, relation) : [];
    const localFiltered = new Map<string, { groups: readonly RoleGroup[]; shareKey: string }>();

    for (const destination of destinations) {
      if (viaVip && destination.pool?.vip === true) continue;
      if (viaExternalVip && destination.pool?.externalWebPorts !== undefined) continue;
      const condition = conditionForDestination(entry.conditions, destination, this.facts);
      if (!condition) continue;

      // Which source groups pair with this destination, and a cache key when the answer is shared.
      let candidates: readonly RoleGroup[];
      let shareKey: string | undefined;
      if (!relation) {
        candidates = sources;
        shareKey = allKey;
      } else if (relation.participates(destination.key)) {
        const index = this.indexOf(sourceRole, sources);
        candidates = [...relation.partnersOf(destination.key)]
          .map((k) => index.get(k))
          .filter((g): g is RoleGroup => g !== undefined)
          .sort((a, b) => a.order - b.order);
      } else if (relation.strict) {
        continue;
      } else {
        candidates = unlinked;
        shareKey = unlinkedKey;
      }
      if (condition.test) {
        const test = condition.test;
        if (shareKey) {
          // Destinations (and entries) that leave the same question to the sources share the
          // filtered list; a filter that keeps everything keeps the unfiltered list's key too.
          const localKey = `${shareKey === allKey ? 'a' : 'u'}${condition.cacheKey}`;
          let filtered = localFiltered.get(localKey);
          if (!filtered) {
            const filterKey = `${shareKey}|${conditionsKey(entry)}|${condition.cacheKey}`;
            filtered = this.filteredSources.get(filterKey);
            if (!filtered) {
              const before = candidates;
              const kept = before.filter((g) => test(g));
              filtered = { groups: kept, shareKey: kept.length === before.length ? shareKey : filterKey };
              this.filteredSources.set(filterKey, filtered);
            }
            localFiltered.set(localKey, filtered);
          }
          candidates = filtered.groups;
          shareKey = filtered.shareKey;
        } else {
          candidates = candidates.filter((g) => test(g));
        }
      }
      // Pools of the listening role that are their own sources: only itself, or only the others.
      const peers = peersOf(entry, sourceRole);
      // Looked up by key, not searched: a search per destination is quadratic in pools.
      if (peers === 'same-pool') {
        const itself = keyIndex(candidates).get(destination.key);
        candidates = itself ? [itself] : [];
        shareKey = undefined;
      } else if (peers === 'other-pools' && keyIndex(candidates).has(destination.key)) {
        candidates = candidates.filter((g) => g.key !== destination.key);
        shareKey = shareKey === undefined ? undefined : `${shareKey}|not:${destination.key}`;
      }
      if (candidates.length === 0) continue;

      let targets = this.targets.get(destination);
      if (!targets) {
        targets = this.endpoints.gather(entry.role, [destination]);
        this.targets.set(destination, targets);
      }
      for (const e of batch) {
        if (!bySource) {
          const service = serviceFor(e, undefined, destination, this.topology);
          if (service) this.connect(e, sourceRole, candidates, shareKey, targets, service);
          continue;
        }
        // The port depends on the source (gateways): one source set per distinct service.
        const groupsByService = new Map<string, { service: Service; groups: RoleGroup[] }>();
        for (const s of candidates) {
          const service = serviceFor(e, s, destination, this.topology);
          if (!service) continue;
          const k = `${service.protocol}|${service.ports.key()}`;
          const slot = groupsByService.get(k);
          if (slot) slot.groups.push(s);
          else groupsByService.set(k, { service, groups: [s] });
        }
        for (const { service, groups } of groupsByService.values()) {
          this.connect(e, sourceRole, groups, undefined, targets, service);
        }
      }
    }
  }

  private connect(
    entry: CatalogEntry,
    sourceRole: Role,
    groups: readonly RoleGroup[],
    shareKey: string | undefined,
    targets: readonly PlannedEndpoint[],
    service: Service,
  ): void {
    const optional = entry.conditions.optional === true;
    const from = this.gather(sourceRole, groups, shareKey);
    for (const target of targets) {
      for (const source of from) {
        // No host connects to itself: a single host on one side leaves the other side (a Standard
        // Edition server's Front End → Front End, a one-server chat pool's 881, a collocated
        // Mediation Server and its own Front End). A pool of several servers to itself stays: that
        // is traffic between its members.
        let src: PlannedEndpoint | undefined = source;
        let to: PlannedEndpoint | undefined = target;
        const self = this.endpoints.sharedSingleHost(source, target);
        if (self !== undefined) {
          if (target.endpoint.addresses.length === 1) src = this.endpoints.withoutHost(source, self);
          else to = this.endpoints.withoutHost(target, self);
          if (!src || !to) continue;
        }
        this.collector.add(
          src,
          to,
          entry.transport,
          service.protocol,
          service.ports,
          optional,
          entry.id,
          entry.purpose,
        );
      }
    }
  }

  private unlinked(role: Role, sources: readonly RoleGroup[], relation: Relation): RoleGroup[] {
    const key = `${role}|${relation.name}`;
    let free = this.unlinkedSources.get(key);
    if (!free) {
      free = sources.filter((s) => !relation.participates(s.key));
      this.unlinkedSources.set(key, free);
    }
    return free;
  }

  private gather(role: Role, groups: readonly RoleGroup[], shareKey: string | undefined): PlannedEndpoint[] {
    if (shareKey === undefined && groups.length === 1) shareKey = `${role}|one|${groups[0]!.key}`;
    if (shareKey === undefined) return this.endpoints.gather(role, groups);
    let list = this.gathered.get(shareKey);
    if (!list) {
      list = this.endpoints.gather(role, groups);
      this.gathered.set(shareKey, list);
    }
    return list;
  }

  private indexOf(role: Role, groups: readonly RoleGroup[]): Map<string, RoleGroup> {
    let index = this.sourceIndex.get(role);
    if (!index) {
      index = new Map(groups.map((g) => [g.key, g]));
      this.sourceIndex.set(role, index);
    }
    return index;
  }

  /**
   * The seed's client exception covers "the specified media port range": with client media port
   * ranges enabled, that is the configured ranges (intersected, so never wider than the catalog's).
   */
  private exemptPorts(exception: IpsecException): IpsecException['localPorts'] {
    if (exception.role !== 'client' && exception.role !== 'phone') return exception.localPorts;
    const configured = clientMediaRanges(this.topology);
    if (!configured) return exception.localPorts;
    const own = exception.localPorts ? PortSet.fromRanges(exception.localPorts) : PortSet.range(0, 65535);
    return own.intersect(configured).ranges;
  }

  /** An IPsec exception, resolved to the hosts of its role whose pools meet its conditions, per zone. */
  exempt(exception: IpsecException): IpsecExemption[] {
    if (this.unplannable(exception.role)) return [];
    const side = exception.direction === 'inbound' ? 'destination' : 'source';
    const groups = this.resolver.groups(exception.role, side).filter((g) => {
      const c = conditionForDestination(exception.conditions, g, this.facts);
      return c !== undefined && (c.test === null || c.test(g));
    });
    if (groups.length === 0) return [];
    const localPorts = this.exemptPorts(exception);
    if (localPorts?.length === 0) return [];
    return this.endpoints.gather(exception.role, groups).map((e) =>
      Object.freeze({
        id: `ipsec-${hash48(`${exception.id}|${e.hash}`)}`,
        name: exception.name,
        direction: exception.direction,
        hosts: e.endpoint,
        transports: exception.transports,
        ...(localPorts ? { localPorts } : {}),
        requirements: Object.freeze([exception.id]),
      }),
    );
  }
}

/** `peers` of an entry for one of its source roles: it speaks only of sources of the listening role. */
function peersOf(entry: CatalogEntry, sourceRole: Role): CatalogEntry['peers'] {
  return sourceRole === entry.role ? entry.peers : undefined;
}

const conditionKeys = new WeakMap<CatalogEntry, string>();

/** Entries with the same conditions select the same sources: one key for all of them. */
function conditionsKey(entry: CatalogEntry): string {
  let key = conditionKeys.get(entry);
  if (key === undefined) {
    const { optional: _optional, ...rest } = entry.conditions;
    key = JSON.stringify(rest);
    conditionKeys.set(entry, key);
  }
  return key;
}

const keyIndexes = new WeakMap<readonly RoleGroup[], ReadonlyMap<string, RoleGroup>>();

/** The groups of a list by key, built once per list (lists are shared between destinations). */
function keyIndex(groups: readonly RoleGroup[]): ReadonlyMap<string, RoleGroup> {
  let index = keyIndexes.get(groups);
  if (!index) {
    index = new Map(groups.map((g) => [g.key, g]));
    keyIndexes.set(groups, index);
  }
  return index;
}
