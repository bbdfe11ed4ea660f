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

export function grantOf(flow: Flow, destinations?: AddressSet): Grant {
  return {
    transport: flow.transport,
    sources: flow.source.addressSet,
    destinations: destinations ?? flow.destination.addressSet,
    ports: PortSet.fromRanges(flow.ports),
    flows: [flow],
    optional: flow.optional,
  };
}

type Dimension = 'sources' | 'destinations' | 'ports';

/**
 * Merges grants that agree on two of sources, destinations and ports (and on transport and
 * optionality): the union along the third dimension then allows exactly the packets the two grants
 * allowed, never more. Merging along ports first keeps related ports of one flow pair in one rule;
 * passes repeat until nothing changes. The result is sorted, so output does not depend on flow order.
 */
export function compactGrants(grants: readonly Grant[]): Grant[] {
  let current = [...grants];
  const ids = new SetIds();
  for (let pass = 0; pass < 8; pass++) {
    const before = current.length;
    for (const dim of ['ports', 'destinations', 'sources'] as const) current = mergeAlong(current, dim, ids);
    if (current.length === before) break;
  }
  return current.sort(compareGrants);
}

/**
 * A small number per distinct address set, so grouping keys stay short: an address group of a large
 * deployment spells out tens of thousands of addresses, and hashing that text for every grant and
 * every pass cost more than the merging itself.
 */
class SetIds {
  private readonly byKey = new Map<string, number>();
  private readonly bySet = new WeakMap<AddressSet, number>();

  of(set: AddressSet): number {
    let id = this.bySet.get(set);
    if (id === undefined) {
      const key = set.key();
      id = this.byKey.get(key);
      if (id === undefined) {
        id = this.byKey.size;
        this.byKey.set(key, id);
      }
      this.bySet.set(set, id);
    }
    return id;
  }
}

function mergeAlong(grants: readonly Grant[], dim: Dimension, ids: SetIds): Grant[] {
  // Grouped first and merged once per group: merging pair by pair re-sorted the growing flow list
  // and re-normalised the growing union at every step, quadratic in the size of a group.
  const groups = new Map<string, Grant[]>();
  for (const g of [...grants].sort(compareGrants)) {
    const key = groupKey(g, dim, ids);
    const group = groups.get(key);
    if (group) group.push(g);
    else groups.set(key, [g]);
  }
  const merged: Grant[] = [];
  for (const group of groups.values()) merged.push(group.length === 1 ? group[0]! : mergeGroup(group, dim));
  return merged;
}

function groupKey(g: Grant, free: Dimension, ids: SetIds): string {
  return [
    g.transport,
    g.optional ? 'optional' : 'required',
    free === 'sources' ? '' : ids.of(g.sources),
    free === 'destinations' ? '' : ids.of(g.destinations),
    free === 'ports' ? '' : g.ports.key(),
  ].join('#');
}

/** The union of a group along `dim`; every other field is the first grant's (the group agrees on them). */
function mergeGroup(group: readonly Grant[], dim: Dimension): Grant {
  const first = group[0]!;
  const flows = new Map<string, Flow>();
  for (const g of group) for (const f of g.flows) flows.set(f.id, f);
  return {
    ...first,
    sources: dim === 'sources' ? AddressSet.unionOf(group.map((g) => g.sources)) : first.sources,
    destinations:
      dim === 'destinations' ? AddressSet.unionOf(group.map((g) => g.destinations)) : first.destinations,
    ports: dim === 'ports' ? PortSet.fromRanges(group.flatMap((g) => g.ports.ranges)) : first.ports,
    flows: [...flows.values()].sort((x, y) => compareText(x.id, y.id)),
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
