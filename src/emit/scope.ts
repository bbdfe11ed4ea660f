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

/**
 * Host firewall scopes: one per destination host, narrowed by --server, --role or --boundary.
 * `roles` limits which hosts count (the Windows targets skip load balancer VIPs and gateways).
 */
export function hostScopes(plan: Plan, options: EmitOptions, roles?: ReadonlySet<Role>): HostScope[] {
  checkSelection(plan, options);
  const servers =
    options.firewall === undefined
      ? undefined
      : new Set(hostFirewall(plan, options.firewall).servers.map((s) => s.name.toLowerCase()));
  // One entry per host, filled flow by flow: a deployment of 100,000 servers has millions of
  // (flow, host) pairs, so each pair costs one scoped flow and nothing more.
  const byHost = new Map<string, { roles: Set<Role>; addresses: AddressSet[]; flows: ScopedFlow[] }>();
  for (const flow of plan.flows) {
    const d = flow.destination;
    if (d.kind !== 'hosts') continue;
    if (roles && !roles.has(d.role)) continue;
    if (options.role !== undefined && d.role !== options.role) continue;
    if (options.boundary !== undefined && boundaryKey(flow.boundary) !== options.boundary) continue;
    d.names.forEach((name, i) => {
      if (options.server !== undefined && name !== options.server) return;
      if (servers !== undefined && !servers.has(name)) return;
      const address = d.addressSets[i];
      if (address === undefined) return;
      let host = byHost.get(name);
      if (host === undefined) {
        host = { roles: new Set(), addresses: [], flows: [] };
        byHost.set(name, host);
      }
      host.roles.add(d.role);
      if (host.addresses[host.addresses.length - 1] !== address) host.addresses.push(address);
      host.flows.push(scoped(flow, address));
    });
  }
  return [...byHost.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, host]) => ({
      kind: 'host' as const,
      name,
      roles: [...host.roles].sort(),
      addresses: AddressSet.unionOf(host.addresses),
      flows: host.flows,
    }));
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
    .map((s) => ({
      code: 'emit-no-address',
      severity: 'warning' as const,
      message: `flow ${s.flow.id} has no ${s.sources.isEmpty ? 'source' : 'destination'} address; no rule written`,
      hint: 'give the zone or host an address in the topology',
    }));
}
