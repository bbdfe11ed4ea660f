import { choiceHint, type Diagnostic, UserError } from '../diag/diagnostic.js';
import { AddressSet } from '../model/address-set.js';
import { boundaryKey, type Flow } from '../model/flow.js';
import type { Plan } from '../model/plan.js';
import { isRole, type Role } from '../model/roles.js';
import { findFirewall, firewallsOf, type PlannedFirewall } from '../plan/firewalls.js';
import type { EmitOptions } from './types.js';

/**
 * Which part of a plan an emitter writes rules for: a network firewall on a zone boundary (forward
 * chain) or the host firewall of one server (input). The selection options are checked here once, so
 * every target rejects an unknown server, role or boundary the same way, with the valid choices.
 */

/** What one destination host must accept: its flows, with the destination narrowed to its own address. */
export interface HostScope {
  readonly kind: 'host';
  readonly name: string;
  /** Roles the host plays in its flows (an Edge server is edge-internal and edge-external-*). */
  readonly roles: readonly Role[];
  readonly addresses: AddressSet;
  readonly flows: readonly ScopedFlow[];
}

export interface BoundaryScope {
  readonly kind: 'boundary';
  readonly from: string;
  readonly to: string;
  readonly flows: readonly ScopedFlow[];
}

export interface ScopedFlow {
  readonly flow: Flow;
  readonly sources: AddressSet;
  readonly destinations: AddressSet;
}

/** Destination hosts of every flow, by FQDN, with the roles and addresses they take part in. */
export function destinationHosts(plan: Plan): Map<string, { roles: Set<Role>; addresses: Set<string> }> {
  const hosts = new Map<string, { roles: Set<Role>; addresses: Set<string> }>();
  for (const flow of plan.flows) {
    const d = flow.destination;
    if (d.kind !== 'hosts') continue;
    d.names.forEach((name, i) => {
      const entry = hosts.get(name) ?? { roles: new Set<Role>(), addresses: new Set<string>() };
      entry.roles.add(d.role);
      const addr = d.addresses[i];
      if (addr !== undefined) entry.addresses.add(addr);
      hosts.set(name, entry);
    });
  }
  return hosts;
}

/** Checks --server, --role and --boundary against the plan; throws a UserError listing valid choices. */
export function checkSelection(plan: Plan, options: EmitOptions): void {
  if (options.server !== undefined) {
    const names = [...destinationHosts(plan).keys()].sort();
    if (!names.includes(options.server))
      throw unknown('server', options.server, names, 'servers that accept at least one flow');
  }
  if (options.role !== undefined) {
    const roles = [...new Set(plan.flows.map((f) => f.destination.role))].sort();
    if (!isRole(options.role) || !roles.includes(options.role))
      throw unknown('role', options.role, roles, 'roles that accept at least one flow');
  }
  if (options.boundary !== undefined) {
    const keys = [...new Set(plan.flows.map((f) => boundaryKey(f.boundary)))].sort();
    if (!keys.includes(options.boundary))
      throw unknown('boundary', options.boundary, keys, 'zone pairs that flows cross, as FROM:TO');
  }
}

/** The firewall --firewall names; a host target takes only a host firewall. */
export function selectedFirewall(plan: Plan, name: string): PlannedFirewall {
  const fw = findFirewall(plan, name);
  if (fw) return fw;
  const names = firewallsOf(plan).firewalls.map((f) => f.name);
  throw new UserError({
    code: 'emit-unknown-firewall',
    severity: 'error',
    message: `no firewall "${name}" in this topology`,
    hint: names.length > 0 ? choiceHint(name, names) : 'the plan has no flows that cross a firewall',
  });
}

function hostFirewall(plan: Plan, name: string): PlannedFirewall {
  const fw = selectedFirewall(plan, name);
  if (fw.kind === 'host') return fw;
  throw new UserError({
    code: 'emit-network-firewall',
    severity: 'error',
    message: `firewall ${fw.name} is a network firewall; this target writes the firewall of each server`,
    hint: `use emit nftables|iptables --firewall ${fw.name}, or report --firewall ${fw.name} for an appliance`,
  });
}

/** A firewall that names its platform gets a word when another target writes its rules. */
export function platformNotice(fw: PlannedFirewall, target: string): Diagnostic[] {
  if (fw.platform === 'report-only' || fw.platform === target) return [];
  return [
    {
      code: 'emit-platform-mismatch',
      severity: 'warning',
      message: `firewall ${fw.name} runs ${fw.platform}; writing ${target} rules for it anyway`,
      hint: `emit ${fw.platform} --firewall ${fw.name}, or change its platform in the topology`,
    },
  ];
}

function unknown(what: string, value: string, choices: readonly string[], about: string): UserError {
  return new UserError({
    code: `emit-unknown-${what}`,
    severity: 'error',
    message: `no ${what} "${value}" in this plan (${about})`,
    hint: choices.length > 0 ? choiceHint(value, choices) : 'the plan has no flows',
  });
}

/** The planner parsed every address once; a scope only picks which of the sets it needs. */
function scoped(flow: Flow, destinations?: AddressSet): ScopedFlow {
  return {
    flow,
    sources: flow.source.addressSet,
    destinations: destinations ?? flow.destination.addressSet,
  };
}

/** Where a pair is in the plan: the flow's index in `plan.flows`, and the host's among its destination names. */
export interface HostPair {
  readonly flow: number;
  readonly name: number;
}

/**
 * Each (flow, destination host) pair that the host firewall scopes hold, in plan order, after
 * --firewall, --server, --role and --boundary: `address` is the host's own address in that flow.
 * `roles` limits which hosts count (the Windows targets skip load balancer VIPs and gateways). A
 * deployment of 100,000 servers has over a million pairs, so a caller that needs only a summary of
 * them visits the pairs instead of keeping them.
 */
export function visitHostFlows(
  plan: Plan,
  options: EmitOptions,
  roles: ReadonlySet<Role> | undefined,
  visit: (name: string, role: Role, flow: Flow, address: AddressSet, at: HostPair) => void,
): void {
  checkSelection(plan, options);
  const servers =
    options.firewall === undefined
      ? undefined
      : new Set(hostFirewall(plan, options.firewall).servers.map((s) => s.name.toLowerCase()));
  const flows = plan.flows;
  for (let f = 0; f < flows.length; f++) {
    const flow = flows[f]!;
    const d = flow.destination;
    if (d.kind !== 'hosts') continue;
    if (roles && !roles.has(d.role)) continue;
    if (options.role !== undefined && d.role !== options.role) continue;
    if (options.boundary !== undefined && boundaryKey(flow.boundary) !== options.boundary) continue;
    const names = d.names;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      if (options.server !== undefined && name !== options.server) continue;
      if (servers !== undefined && !servers.has(name)) continue;
      const address = d.addressSets[i];
      if (address !== undefined) visit(name, d.role, flow, address, { flow: f, name: i });
    }
  }
}

/** Collects the roles and addresses of each host as its pairs are visited; the hosts come out by name. */
export class HostSummaries {
  private readonly byHost = new Map<string, { roles: Set<Role>; addresses: AddressSet[] }>();

  add(name: string, role: Role, address: AddressSet): void {
    let host = this.byHost.get(name);
    if (host === undefined) {
      host = { roles: new Set(), addresses: [] };
      this.byHost.set(name, host);
    }
    host.roles.add(role);
    // A host's flows come with the same address set object, so this keeps the list short.
    if (host.addresses[host.addresses.length - 1] !== address) host.addresses.push(address);
  }

  /** Name, sorted roles and the union of the addresses of every host seen, sorted by name. */
  hosts(): Array<Pick<HostScope, 'name' | 'roles' | 'addresses'>> {
    return [...this.byHost.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, host]) => ({
        name,
        roles: [...host.roles].sort(),
        addresses: AddressSet.unionOf(host.addresses),
      }));
  }
}

/**
 * Host firewall scopes: one per destination host, narrowed by --server, --role or --boundary.
 * `roles` limits which hosts count (the Windows targets skip load balancer VIPs and gateways).
 */
export function hostScopes(plan: Plan, options: EmitOptions, roles?: ReadonlySet<Role>): HostScope[] {
  const summaries = new HostSummaries();
  const flows = new Map<string, ScopedFlow[]>();
  visitHostFlows(plan, options, roles, (name, role, flow, address) => {
    summaries.add(name, role, address);
    let list = flows.get(name);
    if (list === undefined) {
      list = [];
      flows.set(name, list);
    }
    list.push(scoped(flow, address));
  });
  return summaries.hosts().map((host) => ({ kind: 'host' as const, ...host, flows: flows.get(host.name)! }));
}

/**
 * Network firewall scopes: one per zone pair that flows cross. Same-zone flows never pass a network
 * firewall, so they appear only when asked for with --boundary.
 */
export function boundaryScopes(plan: Plan, options: EmitOptions): BoundaryScope[] {
  checkSelection(plan, options);
  const byKey = new Map<string, { from: string; to: string; flows: ScopedFlow[] }>();
  for (const flow of plan.flows) {
    const key = boundaryKey(flow.boundary);
    if (options.boundary !== undefined ? key !== options.boundary : flow.boundary.sameZone) continue;
    if (options.role !== undefined && flow.destination.role !== options.role) continue;
    const entry = byKey.get(key) ?? { from: flow.boundary.from, to: flow.boundary.to, flows: [] };
    entry.flows.push(scoped(flow));
    byKey.set(key, entry);
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, v]) => ({ kind: 'boundary' as const, ...v }));
}

/** Diagnostics for flows that cannot become rules (an endpoint with no address at all). */
export function unaddressedFlows(flows: readonly ScopedFlow[]): Diagnostic[] {
  return flows
    .filter((s) => s.sources.isEmpty || s.destinations.isEmpty)
    .map((s) => unaddressedFlow(s.flow, s.sources.isEmpty ? 'source' : 'destination'));
}

export function unaddressedFlow(flow: Flow, missing: 'source' | 'destination'): Diagnostic {
  return {
    code: 'emit-no-address',
    severity: 'warning',
    message: `flow ${flow.id} has no ${missing} address; no rule written`,
    hint: 'give the zone or host an address in the topology',
  };
}
