import { AddressSet } from '../model/address-set.js';
import type { Flow } from '../model/flow.js';
import { PortSet } from '../model/ports.js';
import type { Transport } from '../model/protocols.js';
import { compareText } from '../text/order.js';

/**
 * A grant is what one firewall rule allows: sources × destinations × transport × ports. Every emitter
 * builds its rules from grants, so "no rule wider than its flows" is proved once, here.
 */
export interface Grant {
  readonly transport: Transport;
  readonly sources: AddressSet;
  readonly destinations: AddressSet;
  readonly ports: PortSet;
  /** Flows behind the grant, ordered by id. */
  readonly flows: readonly Flow[];
  /** Grants for optional flows are kept apart so an administrator can leave them out. */
  readonly optional: boolean;
}

/** The ports of a flow as a set, made once per flow: a host firewall view makes a grant per host. */
const flowPorts = new WeakMap<Flow, PortSet>();

export function portsOf(flow: Flow): PortSet {
  let ports = flowPorts.get(flow);
  if (ports === undefined) {
    ports = PortSet.fromRanges(flow.ports);
    flowPorts.set(flow, ports);
  }
  return ports;
}

export function grantOf(flow: Flow, destinations?: AddressSet): Grant {
  return {
    transport: flow.transport,
    sources: flow.source.addressSet,
    destinations: destinations ?? flow.destination.addressSet,
    ports: portsOf(flow),
    flows: [flow],
    optional: flow.optional,
  };
}

/** The order of the merges in every pass: ports first keeps related ports of one flow pair in one rule. */
const DIMENSIONS = ['ports', 'destinations', 'sources'] as const;

export type Dimension = (typeof DIMENSIONS)[number];

/**
 * Merges grants that agree on two of sources, destinations and ports (and on transport and
 * optionality): the union along the third dimension then allows exactly the packets the two grants
 * allowed, never more. Merging along ports first keeps related ports of one flow pair in one rule;
 * passes repeat until nothing changes. The result is sorted, so output does not depend on flow order.
 *
 * Which grants merge depends only on their keys, never on their order, and no two grants of the result
 * are equal under `compareGrants` (they would have merged), so the passes work in whatever order the
 * grants come and only the result is sorted: a rule set of 100,000 servers starts from millions of
 * grants, and sorting them before every pass was most of the work.
 */
export function compactGrants(
  grants: readonly Grant[],
  ids = new KeyIds(),
  resumeAt: Dimension = DIMENSIONS[0],
): Grant[] {
  let current: readonly Grant[] = grants;
  // A caller that made the first merges of the first pass itself resumes there; a pass that merged
  // nothing at all ends the work, so that first pass, partly done elsewhere, never ends it.
  let dims: readonly Dimension[] = DIMENSIONS.slice(DIMENSIONS.indexOf(resumeAt));
  for (let pass = 0; pass < 8; pass++) {
    const before = current.length;
    for (const dim of dims) current = mergeAlong(current, dim, ids);
    if (current.length === before && dims.length === DIMENSIONS.length) break;
    dims = DIMENSIONS;
  }
  return [...current].sort(compareGrants);
}

/**
 * A small number per distinct address or port set, so grouping keys stay short. Sets are told apart
 * by a hash of their intervals and then compared, never by their text: an address group of a large
 * deployment spells out tens of thousands of addresses, and writing that text for every set that a
 * merge makes along the way cost more than the merging itself.
 */
export class KeyIds {
  private readonly buckets = new Map<number, Array<AddressSet | PortSet>>();
  private readonly ids = new Map<AddressSet | PortSet, number>();

  of(set: AddressSet | PortSet): number {
    let id = this.ids.get(set);
    if (id !== undefined) return id;
    const hash = set instanceof PortSet ? portHash(set) : addressHash(set);
    let bucket = this.buckets.get(hash);
    if (bucket === undefined) {
      bucket = [];
      this.buckets.set(hash, bucket);
    }
    const same = bucket.find((known) => sameSet(known, set));
    if (same !== undefined) id = this.ids.get(same)!;
    else {
      id = this.ids.size;
      bucket.push(set);
    }
    this.ids.set(set, id);
    return id;
  }

  /** Distinct sets seen so far (for tests). */
  get distinct(): number {
    let n = 0;
    for (const bucket of this.buckets.values()) n += bucket.length;
    return n;
  }
}

function sameSet(a: AddressSet | PortSet, b: AddressSet | PortSet): boolean {
  if (a instanceof PortSet) return b instanceof PortSet && a.equals(b);
  return !(b instanceof PortSet) && a.equals(b);
}

function mix(h: number, value: number): number {
  return Math.imul(h ^ value, 0x01000193);
}

function portHash(set: PortSet): number {
  let h = 0x50525453;
  for (const [from, to] of set.ranges) h = mix(mix(h, from), to);
  return h;
}

function addressHash(set: AddressSet): number {
  let h = 0x811c9dc5;
  for (const family of [4, 6] as const) {
    h = mix(h, family);
    for (const [from, to] of set.intervals(family)) {
      // The low 52 bits of each end are plenty to spread the sets; equality is checked anyway.
      h = mix(mix(h, Number(BigInt.asUintN(26, from))), Number(BigInt.asUintN(26, from >> 26n)));
      h = mix(mix(h, Number(BigInt.asUintN(26, to))), Number(BigInt.asUintN(26, to >> 26n)));
    }
  }
  return h;
}

function mergeAlong(grants: readonly Grant[], dim: Dimension, ids: KeyIds): Grant[] {
  // Grouped first and merged once per group: merging pair by pair re-sorted the growing flow list
  // and re-normalised the growing union at every step, quadratic in the size of a group. Groups are
  // found through maps keyed by small integers (transport and optionality, then the two fixed sets).
  const groups = new Map<number, Map<number, Grant[]>>();
  const order: Grant[][] = [];
  for (const g of grants) {
    const [a, b] =
      dim === 'ports'
        ? [ids.of(g.sources), ids.of(g.destinations)]
        : dim === 'destinations'
          ? [ids.of(g.sources), ids.of(g.ports)]
          : [ids.of(g.destinations), ids.of(g.ports)];
    const outer = groupKey(g, a);
    let byB = groups.get(outer);
    if (byB === undefined) {
      byB = new Map();
      groups.set(outer, byB);
    }
    const group = byB.get(b);
    if (group) group.push(g);
    else {
      const created = [g];
      byB.set(b, created);
      order.push(created);
    }
  }
  if (order.length === grants.length) return grants as Grant[];
  return order.map((group) => (group.length === 1 ? group[0]! : mergeGroup(group, dim)));
}

/** A small integer for (a set's id, optionality, transport): the part of a grouping key every merge shares. */
export function groupKey(grant: Pick<Grant, 'optional' | 'transport'>, setId: number): number {
  return (setId * 2 + (grant.optional ? 1 : 0)) * 2 + (grant.transport === 'tcp' ? 0 : 1);
}

/** The union of a group along `dim`; every other field is the first grant's (the group agrees on them). */
export function mergeGroup(group: readonly Grant[], dim: Dimension): Grant {
  const first = group[0]!;
  const all: Flow[] = [];
  for (const g of group) for (const f of g.flows) all.push(f);
  all.sort((x, y) => compareText(x.id, y.id));
  // A flow appears once (grants of one flow to several hosts come together along destinations).
  const flows = all.filter((f, i) => i === 0 || all[i - 1]!.id !== f.id);
  return {
    transport: first.transport,
    sources: dim === 'sources' ? AddressSet.unionOf(group.map((g) => g.sources)) : first.sources,
    destinations:
      dim === 'destinations' ? AddressSet.unionOf(group.map((g) => g.destinations)) : first.destinations,
    ports: dim === 'ports' ? PortSet.fromRanges(group.flatMap((g) => g.ports.ranges)) : first.ports,
    flows,
    optional: first.optional,
  };
}

function compareGrants(a: Grant, b: Grant): number {
  return (
    compareText(a.flows[0]?.id ?? '', b.flows[0]?.id ?? '') ||
    compareText(a.transport, b.transport) ||
    compareText(a.destinations.key(), b.destinations.key()) ||
    compareText(a.sources.key(), b.sources.key()) ||
    compareText(a.ports.key(), b.ports.key())
  );
}

/** Flow ids and catalog ids of a grant, the answer to "why is this port open?". */
export function provenanceOf(grant: Grant): { flows: string[]; requirements: string[] } {
  const requirements = new Set<string>();
  for (const f of grant.flows) for (const r of f.requirements) requirements.add(r);
  return { flows: grant.flows.map((f) => f.id), requirements: [...requirements].sort(compareText) };
}
