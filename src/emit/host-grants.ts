import type { Diagnostic } from '../diag/diagnostic.js';
import type { Flow } from '../model/flow.js';
import type { Plan } from '../model/plan.js';
import type { PortSet } from '../model/ports.js';
import type { Role } from '../model/roles.js';
import { compactGrants, type Grant, grantOf, groupKey, KeyIds, mergeGroup } from './grants.js';
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
 * `compactGrants` of one grant per (flow, destination host) pair, without ever holding those grants
 * together: 100,000 servers have over a million pairs and, merged along ports, still 800,000 grants.
 * The pairs are indexed by destination address (numbers only); each address's grants are made and
 * merged along ports (one source set each) and handed on at once to be merged along destinations
 * (one source set and port set each): the first two merges of the first pass, with the same
 * `mergeGroup`. `compactGrants` goes on from there.
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

/** The pairs towards one address merged along ports: one grant per source set, transport and optionality. */
function alongPorts(all: readonly Flow[], pairs: HostPairs, ids: KeyIds, interned: PortSets): Grant[] {
  const groups = new Map<number, Grant[]>();
  for (let i = 0; i < pairs.flows.length; i++) {
    const flow = all[pairs.flows[i]!]!;
    const grant = grantOf(flow, flow.destination.addressSets[pairs.names[i]!]!);
    // Every pair of the list has the same destination address: the source set decides the group.
    const key = groupKey(grant, ids.of(grant.sources));
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [grant]);
    else group.push(grant);
  }
  return [...groups.values()].map((group) => {
    if (group.length === 1) return group[0]!;
    const merged = mergeGroup(group, 'ports');
    return { ...merged, ports: interned.of(merged.ports) };
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
  return fold.more.length === 0 ? fold.first : mergeGroup([fold.first, ...fold.more], 'destinations');
}
