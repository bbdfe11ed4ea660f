import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import type { CatalogEntry } from '../../src/catalog/types.js';
import type { Flow } from '../../src/model/flow.js';
import type { Plan } from '../../src/model/plan.js';
import { PortSet } from '../../src/model/ports.js';
import type { Role } from '../../src/model/roles.js';
import { UNMODELLED_ROLES } from '../../src/model/roles.js';
import { conditionHolds } from '../../src/plan/conditions.js';
import { serviceFor } from '../../src/plan/configurable.js';
import type { RoleGroup } from '../../src/plan/groups.js';
import { Links } from '../../src/plan/links.js';
import { plan } from '../../src/plan/plan.js';
import { RoleResolver } from '../../src/plan/resolve.js';
import type { Topology } from '../../src/topology/schema.js';
import { ZoneIndex } from '../../src/topology/zones.js';
import { syntheticTopology } from '../support/synthetic.js';

/**
 * The planner against a pair-by-pair reference on synthetic topologies. The reference walks every
 * (source group, destination group) pair of every entry with the contract's rules — no gathering,
 * no merging — and the plan must (a) cover every pair it finds, (b) allow nothing beyond them, and
 * (c) hold no flow that duplicates or contains another.
 */

interface Reference {
  readonly resolver: RoleResolver;
  readonly links: Links;
  readonly facts: { product: string; pools: ReturnType<RoleResolver['allPools']> };
}

function reference(topology: Topology): Reference {
  const resolver = new RoleResolver(topology, new ZoneIndex(topology.zones));
  return {
    resolver,
    links: new Links(topology),
    facts: { product: topology.product, pools: resolver.allPools() },
  };
}

function plannable(role: Role): boolean {
  return !UNMODELLED_ROLES.has(role);
}

/** The service the contract gives one pair under one entry, or undefined when they do not talk. */
function pairService(ref: Reference, topology: Topology, e: CatalogEntry, s: RoleGroup, d: RoleGroup) {
  if (!ref.links.paired(s, d)) return undefined;
  // `viaVip` sources reach a pool that states a VIP there, not on its servers.
  if (e.viaVip?.includes(s.role) && d.pool?.vip === true) return undefined;
  // `peers` speaks of sources of the listening role: its own pool only, or the other pools only.
  if (s.role === e.role && e.peers === 'same-pool' && s.key !== d.key) return undefined;
  if (s.role === e.role && e.peers === 'other-pools' && s.key === d.key) return undefined;
  if (!conditionHolds(e.conditions, s, d, ref.facts)) return undefined;
  const service = serviceFor(e, s, d, topology);
  return service && !service.ports.isEmpty ? service : undefined;
}

function flowKey(
  role: string,
  zone: string,
  dRole: string,
  dZone: string,
  transport: string,
  protocol: string,
) {
  return [role, zone, dRole, dZone, transport, protocol].join('|');
}

function indexFlows(p: Plan) {
  const index = new Map<string, Array<{ flow: Flow; src: Set<string>; dst: Set<string>; ports: PortSet }>>();
  for (const f of p.flows) {
    const k = flowKey(
      f.source.role,
      f.source.zone,
      f.destination.role,
      f.destination.zone,
      f.transport,
      f.protocol,
    );
    const item = {
      flow: f,
      src: new Set(f.source.addresses),
      dst: new Set(f.destination.addresses),
      ports: PortSet.fromRanges(f.ports),
    };
    const list = index.get(k);
    if (list) list.push(item);
    else index.set(k, [item]);
  }
  return index;
}

function partAddresses(part: RoleGroup['parts'][number], group: RoleGroup): string[] {
  return group.kind === 'zone' ? [...(part.cidrs ?? [])] : part.members.map((m) => m.address);
}

/**
 * The addresses of a pair as flows may name them: no host is its own peer, so a single host on one
 * side leaves the other side (nothing left: no flow); several hosts on both sides stay (members).
 */
function pairAddresses(
  src: readonly string[],
  dst: readonly string[],
  hosts: boolean,
): [string[], string[]] | undefined {
  if (hosts && dst.length === 1 && src.includes(dst[0]!)) {
    const rest = src.filter((a) => a !== dst[0]);
    return rest.length > 0 ? [rest, [...dst]] : undefined;
  }
  if (hosts && src.length === 1 && dst.includes(src[0]!)) {
    const rest = dst.filter((a) => a !== src[0]);
    return rest.length > 0 ? [[...src], rest] : undefined;
  }
  return [[...src], [...dst]];
}

/** (a) every pair the reference finds is covered, and some covering flow names the entry. */
function missingPairs(topology: Topology, p: Plan, destinationSites?: ReadonlySet<string>): string[] {
  const ref = reference(topology);
  const index = indexFlows(p);
  const problems: string[] = [];
  for (const e of catalog.entries) {
    if (e.planned === false || !plannable(e.role)) continue;
    for (const d of ref.resolver.groups(e.role, 'destination')) {
      if (destinationSites && d.site !== undefined && !destinationSites.has(d.site)) continue;
      for (const r of e.sources) {
        if (!plannable(r)) continue;
        for (const s of ref.resolver.groups(r, 'source')) {
          const service = pairService(ref, topology, e, s, d);
          if (!service) continue;
          for (const ps of s.parts) {
            for (const pd of d.parts) {
              const pair = pairAddresses(
                partAddresses(ps, s),
                partAddresses(pd, d),
                s.kind === 'hosts' && d.kind === 'hosts',
              );
              if (!pair) continue;
              const [srcAddresses, dstAddresses] = pair;
              const candidates = (
                index.get(flowKey(r, ps.zone, e.role, pd.zone, e.transport, service.protocol)) ?? []
              ).filter(
                (c) => srcAddresses.every((a) => c.src.has(a)) && dstAddresses.every((a) => c.dst.has(a)),
              );
              const covered = candidates.reduce((acc, c) => acc.union(c.ports), PortSet.empty);
              if (
                !covered.contains(service.ports) ||
                !candidates.some((c) => c.flow.requirements.includes(e.id))
              ) {
                problems.push(`${e.id}: ${s.key}@${ps.zone} → ${d.key}@${pd.zone} ${service.ports}`);
              }
            }
          }
        }
      }
    }
  }
  return problems;
}

/** (b) every port of every flow, between every pair of groups it holds, is owed to one of its entries. */
function widenedFlows(topology: Topology, p: Plan): string[] {
  const ref = reference(topology);
  const entries = new Map(catalog.entries.map((e) => [e.id, e]));
  const groupOf = (role: Role, side: 'source' | 'destination') => {
    const map = new Map<string, RoleGroup>();
    for (const g of ref.resolver.groups(role, side)) {
      for (const part of g.parts) for (const a of partAddresses(part, g)) map.set(`${part.zone}|${a}`, g);
    }
    return map;
  };
  const cache = new Map<string, Map<string, RoleGroup>>();
  const lookup = (role: Role, side: 'source' | 'destination') => {
    const k = `${role}|${side}`;
    let m = cache.get(k);
    if (!m) {
      m = groupOf(role, side);
      cache.set(k, m);
    }
    return m;
  };
  const problems: string[] = [];
  for (const f of p.flows) {
    const srcGroups = new Set(
      f.source.addresses.map((a) => lookup(f.source.role, 'source').get(`${f.source.zone}|${a}`)),
    );
    const dstGroups = new Set(
      f.destination.addresses.map((a) =>
        lookup(f.destination.role, 'destination').get(`${f.destination.zone}|${a}`),
      ),
    );
    if (srcGroups.has(undefined) || dstGroups.has(undefined)) {
      problems.push(`${f.id}: holds an address of no ${f.source.role} / ${f.destination.role} group`);
      continue;
    }
    const ports = PortSet.fromRanges(f.ports);
    for (const s of srcGroups as Set<RoleGroup>) {
      for (const d of dstGroups as Set<RoleGroup>) {
        let owed = PortSet.empty;
        for (const id of f.requirements) {
          const e = entries.get(id)!;
          if (
            e.role !== f.destination.role ||
            !e.sources.includes(f.source.role) ||
            e.transport !== f.transport
          )
            continue;
          const service = pairService(ref, topology, e, s, d);
          if (service && service.protocol === f.protocol) owed = owed.union(service.ports);
        }
        if (!owed.contains(ports))
          problems.push(`${f.id}: ${s.key} → ${d.key} ${ports.difference(owed)} owed to no entry`);
      }
    }
  }
  return problems;
}

/** (c) no flow duplicates another or lies inside another of the same kind. */
function coveredFlows(p: Plan): string[] {
  const buckets = new Map<string, Flow[]>();
  for (const f of p.flows) {
    const k = [
      f.destination.role,
      f.destination.zone,
      f.destination.addresses.join(','),
      f.transport,
      f.protocol,
      f.source.role,
      f.source.zone,
    ].join('|');
    const list = buckets.get(k);
    if (list) list.push(f);
    else buckets.set(k, [f]);
  }
  const problems: string[] = [];
  for (const list of buckets.values()) {
    for (const a of list) {
      for (const b of list) {
        if (a === b) continue;
        const aSrc = new Set(a.source.addresses);
        if (!b.source.addresses.every((x) => aSrc.has(x))) continue;
        if (!PortSet.fromRanges(a.ports).contains(PortSet.fromRanges(b.ports))) continue;
        // A required flow may sit inside an optional one's sources (the optional one cannot absorb it).
        if (a.optional && !b.optional) continue;
        problems.push(`${b.id} lies inside ${a.id}`);
      }
    }
  }
  return problems;
}

describe('the plan of a synthetic topology', () => {
  const topology = syntheticTopology({ sites: 12, clientMediaPorts: true });
  const p = plan(topology, catalog);
  const ids = new Set(catalog.entries.map((e) => e.id));

  it('is not empty, and every flow traces to catalog entries', () => {
    expect(p.flows.length).toBeGreaterThan(500);
    const unknown = p.flows.flatMap((f) => f.requirements.filter((r) => !ids.has(r)));
    expect(unknown).toEqual([]);
    expect(p.flows.every((f) => f.requirements.length > 0)).toBe(true);
  });

  it('has unique ids and no flow duplicating or containing another', () => {
    expect(new Set(p.flows.map((f) => f.id)).size).toBe(p.flows.length);
    expect(coveredFlows(p)).toEqual([]);
  });

  it('yields a flow for every pair of every entry whose conditions hold', () => {
    expect(missingPairs(topology, p)).toEqual([]);
  });

  it('allows nothing that no entry asks for', () => {
    expect(widenedFlows(topology, p)).toEqual([]);
  });

  it('plans every planned entry somewhere, or says why not', () => {
    const reached = new Set(p.flows.flatMap((f) => f.requirements));
    const explained = new Set((p.notPlanned ?? []).map((n) => n.entry));
    const silent = catalog.entries.filter((e) => !reached.has(e.id) && !explained.has(e.id)).map((e) => e.id);
    // The synthetic topology runs every feature somewhere; what stays silent must be a product or
    // setting it never uses.
    for (const id of silent) {
      const e = catalog.entries.find((x) => x.id === id)!;
      const c = e.conditions;
      const why =
        c.products !== undefined ||
        c.edgeNat !== undefined ||
        c.loadBalancing !== undefined ||
        c.cmsHolder !== undefined ||
        c.externalWebPorts !== undefined ||
        c.loadBalancerSourceNat !== undefined ||
        // No synthetic pool states loadBalancerAddresses (the balancer's monitor source).
        e.sources.every((r) => r === 'load-balancer') ||
        // Every synthetic pool states a VIP: sources that go there never reach the servers.
        e.sources.every((r) => e.viaVip?.includes(r));
      expect(why, `${id} yields no flow and no reason`).toBe(true);
    }
  });
});

describe('the plan of hundreds of sites', () => {
  const topology = syntheticTopology({ sites: 200, frontEnds: 3 });
  const p = plan(topology, catalog);

  it('keeps flows proportional to pools, never to servers squared', () => {
    const small = plan(syntheticTopology({ sites: 20, frontEnds: 3 }), catalog);
    // Ten times the sites gives about ten times the flows.
    expect(p.flows.length / small.flows.length).toBeGreaterThan(8);
    expect(p.flows.length / small.flows.length).toBeLessThan(12);
  });

  it('has unique ids, no covered flows and every flow traced', () => {
    const ids = new Set(catalog.entries.map((e) => e.id));
    expect(new Set(p.flows.map((f) => f.id)).size).toBe(p.flows.length);
    expect(p.flows.every((f) => f.requirements.every((r) => ids.has(r)))).toBe(true);
    expect(coveredFlows(p)).toEqual([]);
  });

  it('covers every qualifying pair towards a sample of sites', () => {
    expect(missingPairs(topology, p, new Set(['Site 0', 'Site 101', 'Site 199']))).toEqual([]);
  });
});

describe('the plan of any synthetic topology', () => {
  it('covers every qualifying pair, allows nothing more and holds no covered flow', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom('lync2013', 'sfb2015', 'sfb2019', 'sfbse'),
        fc.boolean(),
        (sites, frontEnds, product, clientMediaPorts) => {
          const topology = syntheticTopology({ sites, frontEnds, product, clientMediaPorts });
          const p = plan(topology, catalog);
          expect(missingPairs(topology, p)).toEqual([]);
          expect(widenedFlows(topology, p)).toEqual([]);
          expect(coveredFlows(p)).toEqual([]);
        },
      ),
      { numRuns: 12 },
    );
  });
});
