import type { Diagnostic } from '../diag/diagnostic.js';
import { AddressSet } from '../model/address-set.js';
import type { Flow } from '../model/flow.js';
import type { Plan } from '../model/plan.js';
import { type PortRange, PortSet } from '../model/ports.js';
import type { Role } from '../model/roles.js';
import { compareText } from '../text/order.js';
import { compactGrants, type Grant, grantOf, KeyIds } from './grants.js';
import { type HostScope, HostSummaries, unaddressedFlow, visitHostFlows } from './scope.js';
import type { EmitOptions } from './types.js';

/** A server a host-firewall script covers: what the script says about it. */
export type CoveredHost = Pick<HostScope, 'name' | 'roles' | 'addresses'>;

/** What the servers of a selection accept: their rules, and the servers themselves. */
export interface HostGrants {
  readonly hosts: CoveredHost[];
  readonly grants: Grant[];
  /** Flows with no source address, said host by host in the order of `hosts`. */
  readonly diagnostics: Diagnostic[];
}

/**
 * Host-firewall grants: what the selected hosts accept, merged only where exact. It is
 * `compactGrants` of one grant per (flow, destination host) pair, but made without those grants:
 * 100,000 servers have over a million pairs and, merged along ports, still 800,000 grants. The pairs
 * are indexed by destination address, and each address's are merged along ports (the pairs of one
 * source set) and handed on at once to be merged along destinations (grants of one source set and one
 * port set): the first two merges of the first pass. `compactGrants` goes on from there.
 */
export function hostGrants(plan: Plan, options: EmitOptions, roles?: ReadonlySet<Role>): HostGrants {
  const ids = new KeyIds();
  const { hosts, pairs, diagnostics } = indexPairs(plan, options, roles, ids);
  const interned = new PortSets();
  const alongDestinations = new Folds<DestinationFold>();
  for (const list of pairs.values()) {
    for (const grant of alongPorts(plan.flows, list, ids, interned)) {
      const key = groupKey(grant, ids.of(grant.sources));
      const fold = alongDestinations.get(key, ids.of(grant.ports));
      if (fold === undefined) alongDestinations.add(key, ids.of(grant.ports), { first: grant, more: [] });
      else fold.more.push(grant);
    }
  }
  const grants = alongDestinations.list.map(destinationGrant);
  return { hosts, grants: compactGrants(grants, ids, 'sources'), diagnostics };
}

/**
 * The pairs towards one host address, as flow indexes and, alongside, which of the flow's destination
 * names it is. By address, not by host name: the merge along ports joins every pair of one source set
 * and one destination address, whichever name the address goes by.
 */
interface HostPairs {
  readonly flows: number[];
  readonly names: number[];
}

function indexPairs(
  plan: Plan,
  options: EmitOptions,
  roles: ReadonlySet<Role> | undefined,
  ids: KeyIds,
): { hosts: CoveredHost[]; pairs: Map<number, HostPairs>; diagnostics: Diagnostic[] } {
  const summaries = new HostSummaries();
  const pairs = new Map<number, HostPairs>();
  const unaddressed = new Map<string, Diagnostic[]>();
  visitHostFlows(plan, options, roles, (name, role, flow, address, at) => {
    summaries.add(name, role, address);
    if (flow.source.addressSet.isEmpty || address.isEmpty) {
      const list = unaddressed.get(name) ?? [];
      list.push(unaddressedFlow(flow, flow.source.addressSet.isEmpty ? 'source' : 'destination'));
      unaddressed.set(name, list);
      return;
    }
    const key = ids.of(address);
    let list = pairs.get(key);
    if (list === undefined) {
      list = { flows: [], names: [] };
      pairs.set(key, list);
    }
    list.flows.push(at.flow);
    list.names.push(at.name);
  });
  const hosts = summaries.hosts();
  return { hosts, pairs, diagnostics: hosts.flatMap((h) => unaddressed.get(h.name) ?? []) };
}

/** Grants keyed by two small numbers: (sources or destinations, optionality, transport) and the rest. */
class Folds<T> {
  private readonly byKey = new Map<number, Map<number, T>>();
  readonly list: T[] = [];

  get(outer: number, inner: number): T | undefined {
    return this.byKey.get(outer)?.get(inner);
  }

  add(outer: number, inner: number, fold: T): void {
    let byInner = this.byKey.get(outer);
    if (byInner === undefined) {
      byInner = new Map();
      this.byKey.set(outer, byInner);
    }
    byInner.set(inner, fold);
    this.list.push(fold);
  }
}

function groupKey(grant: Pick<Grant, 'optional' | 'transport'>, setId: number): number {
  return (setId * 2 + (grant.optional ? 1 : 0)) * 2 + (grant.transport === 'tcp' ? 0 : 1);
}

interface PortFold {
  readonly first: Flow;
  readonly destinations: AddressSet;
  readonly ranges: PortRange[];
  readonly flows: Flow[];
}

/** The pairs towards one address merged along ports: one grant per source set, transport and optionality. */
function alongPorts(all: readonly Flow[], pairs: HostPairs, ids: KeyIds, interned: PortSets): Grant[] {
  const folds = new Folds<PortFold>();
  for (let i = 0; i < pairs.flows.length; i++) {
    const flow = all[pairs.flows[i]!]!;
    const address = flow.destination.addressSets[pairs.names[i]!]!;
    const key = groupKey(flow, ids.of(flow.source.addressSet));
    const fold = folds.get(key, ids.of(address));
    if (fold === undefined)
      folds.add(key, ids.of(address), {
        first: flow,
        destinations: address,
        ranges: [...flow.ports],
        flows: [flow],
      });
    else {
      for (const r of flow.ports) fold.ranges.push(r);
      fold.flows.push(flow);
    }
  }
  return folds.list.map((fold) => {
    const grant = grantOf(fold.first, fold.destinations);
    if (fold.flows.length === 1) return grant;
    return { ...grant, ports: interned.of(PortSet.fromRanges(fold.ranges)), flows: byId(fold.flows) };
  });
}

/**
 * One port set object per distinct set: the merge along destinations tells port sets apart by
 * identity first, and 800,000 grants would otherwise each bring a set of their own.
 */
class PortSets {
  private readonly known = new Map<string, PortSet>();

  of(ports: PortSet): PortSet {
    const key = ports.key();
    const known = this.known.get(key);
    if (known !== undefined) return known;
    this.known.set(key, ports);
    return ports;
  }
}

interface DestinationFold {
  readonly first: Grant;
  readonly more: Grant[];
}

function destinationGrant(fold: DestinationFold): Grant {
  if (fold.more.length === 0) return fold.first;
  const group = [fold.first, ...fold.more];
  const flows: Flow[] = [];
  for (const g of group) for (const f of g.flows) flows.push(f);
  return {
    ...fold.first,
    destinations: AddressSet.unionOf(group.map((g) => g.destinations)),
    flows: byId(flows),
  };
}

/** Flows sorted by id, each once (two names of a flow may share an address, or a flow reach two hosts). */
function byId(flows: Flow[]): Flow[] {
  flows.sort((x, y) => compareText(x.id, y.id));
  return flows.filter((f, i) => i === 0 || flows[i - 1]!.id !== f.id);
}
