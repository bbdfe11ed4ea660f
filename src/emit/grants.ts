import type { AddressSet } from '../model/address-set.js';
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
  for (let pass = 0; pass < 8; pass++) {
    const before = current.length;
    for (const dim of ['ports', 'destinations', 'sources'] as const) current = mergeAlong(current, dim);
    if (current.length === before) break;
  }
  return current.sort(compareGrants);
}

function mergeAlong(grants: readonly Grant[], dim: Dimension): Grant[] {
  const groups = new Map<string, Grant>();
  for (const g of [...grants].sort(compareGrants)) {
    const key = groupKey(g, dim);
    const prev = groups.get(key);
    groups.set(key, prev ? merge(prev, g, dim) : g);
  }
  return [...groups.values()];
}

function groupKey(g: Grant, free: Dimension): string {
  return [
    g.transport,
    g.optional ? 'optional' : 'required',
    free === 'sources' ? '' : g.sources.key(),
    free === 'destinations' ? '' : g.destinations.key(),
    free === 'ports' ? '' : g.ports.key(),
  ].join('#');
}

function merge(a: Grant, b: Grant, dim: Dimension): Grant {
  const flows = new Map<string, Flow>();
  for (const f of [...a.flows, ...b.flows]) flows.set(f.id, f);
  return {
    ...a,
    sources: dim === 'sources' ? a.sources.union(b.sources) : a.sources,
    destinations: dim === 'destinations' ? a.destinations.union(b.destinations) : a.destinations,
    ports: dim === 'ports' ? a.ports.union(b.ports) : a.ports,
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
