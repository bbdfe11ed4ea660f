import type { Diagnostic } from '../diag/diagnostic.js';
import { AddressSet } from '../model/address-set.js';
import { boundaryKey } from '../model/flow.js';
import type { Plan } from '../model/plan.js';
import { PortSet } from '../model/ports.js';
import type { Transport } from '../model/protocols.js';
import {
  type FirewallFlow,
  firewallsOf,
  type ManagementRule,
  type PlannedFirewall,
} from '../plan/firewalls.js';
import { compareText } from '../text/order.js';
import { zoneOwnAddresses } from '../topology/zones.js';
import { compactGrants, type Grant, grantOf } from './grants.js';
import { oneLine } from './quote/text.js';
import {
  checkSelection,
  destinationHosts,
  hostScopes,
  platformNotice,
  type ScopedFlow,
  selectedFirewall,
  unaddressedFlows,
} from './scope.js';
import type { EmitOptions } from './types.js';

/**
 * The packet-filter view shared by nftables and iptables: one table per firewall. A network
 * firewall's table sits on the forward path; a host firewall's (and a --server or --role selection's)
 * on the input path, destinations narrowed to the hosts' own addresses.
 *
 * A table is written to share its machine with rules it does not own. It accepts its flows and its
 * management access, and drops only the traffic it is responsible for: between its sides (a network
 * firewall), or to the ports its flows use on its hosts (a host firewall). Everything else passes on
 * to the rules already there, unless the firewall says it owns the default (`defaultDrop`).
 */
export interface RuleTable {
  readonly hook: 'forward' | 'input';
  /** "firewall external", "servers -> dmz", "host fe01.contoso.com", "role front-end". */
  readonly label: string;
  /** Raw text the table name is derived from (each target sanitises it its own way). */
  readonly nameSeed: string;
  readonly grants: readonly Grant[];
  readonly flows: readonly ScopedFlow[];
  /** Accepted before anything is dropped, whatever the flows say. */
  readonly management: readonly ManagementRule[];
  /** What the table drops when no grant accepted it. */
  readonly owned: readonly OwnedTraffic[];
  /** Drop everything else on the hook too (the firewall owns the default). */
  readonly defaultDrop: boolean;
}

/**
 * What a table allows and what it drops, in the words every rule set's header uses: an administrator
 * reads there what loading it changes. `rest` says where everything else goes on this platform.
 */
export function ownershipSummary(table: RuleTable, rest: string): { allows: string; drops: string } {
  const management =
    table.management.length > 0
      ? ` and management access (${table.management.map((m) => `${m.description} ${m.transport}/${m.ports}`).join(', ')})`
      : '';
  const drops = table.defaultDrop
    ? 'everything else on its path (this firewall owns the default)'
    : table.owned.length > 0
      ? `${table.owned.map((o) => o.label).join('; ')}, when no rule accepts it; everything else ${rest}`
      : 'nothing: it only accepts';
  return { allows: `${table.grants.length} flow rules${management}, replies to them`, drops };
}

/** A slice of traffic a table is responsible for: addresses, and for host tables transport and ports. */
export interface OwnedTraffic {
  readonly label: string;
  readonly sources: AddressSet;
  readonly destinations: AddressSet;
  readonly transport?: Transport;
  readonly ports?: PortSet;
}

export function ruleTables(
  plan: Plan,
  options: EmitOptions,
  target: 'nftables' | 'iptables',
): { tables: RuleTable[]; diagnostics: Diagnostic[] } {
  if (options.firewall !== undefined) {
    const fw = selectedFirewall(plan, options.firewall);
    const table = fw.kind === 'network' ? networkTable(fw) : hostTable(fw);
    return {
      tables: [table],
      diagnostics: [...platformNotice(fw, target), ...unaddressedFlows(table.flows)],
    };
  }
  if (options.server !== undefined || options.role !== undefined) return selectedHosts(plan, options);
  if (options.boundary !== undefined) {
    const table = boundaryTable(plan, options.boundary);
    return { tables: [table], diagnostics: unaddressedFlows(table.flows) };
  }
  const tables = firewallsOf(plan)
    .firewalls.filter((f) => f.kind === 'network')
    .map(networkTable);
  return { tables, diagnostics: unaddressedFlows(tables.flatMap((t) => t.flows)) };
}

function scopedOf(flows: readonly FirewallFlow[]): ScopedFlow[] {
  return flows.map((f) => ({ flow: f.flow, sources: f.sources, destinations: f.destinations }));
}

function networkTable(fw: PlannedFirewall): RuleTable {
  const flows = scopedOf(fw.flows);
  const owned: OwnedTraffic[] = [];
  for (const from of fw.sides)
    for (const to of fw.sides)
      if (from !== to)
        owned.push({
          label: `${from.name} -> ${to.name}`,
          sources: from.addresses,
          destinations: to.addresses,
        });
  return {
    hook: 'forward',
    label: oneLine(
      `firewall ${fw.name}${fw.derived ? ' (assumed)' : ''}: ${fw.sides.map((s) => `${s.name} [${s.zones.join(', ')}]`).join(' | ')}`,
    ),
    nameSeed: fw.name,
    grants: grantsOf(flows),
    flows,
    management: fw.management,
    owned,
    defaultDrop: fw.defaultDrop,
  };
}

function hostTable(fw: PlannedFirewall): RuleTable {
  const flows = scopedOf(fw.flows);
  const addresses = AddressSet.unionOf(fw.servers.map((s) => s.addresses));
  return {
    hook: 'input',
    label: oneLine(`firewall ${fw.name}: host ${fw.servers.map((s) => s.name).join(', ')}`),
    nameSeed: fw.name,
    grants: grantsOf(flows),
    flows,
    management: fw.management,
    owned: ownedPorts(flows, addresses),
    defaultDrop: fw.defaultDrop,
  };
}

/** A host table owns, per transport, the ports its flows open on its own addresses. */
function ownedPorts(flows: readonly ScopedFlow[], addresses: AddressSet): OwnedTraffic[] {
  const byTransport = new Map<Transport, PortSet>();
  for (const f of flows) {
    const ports = PortSet.fromRanges(f.flow.ports);
    byTransport.set(f.flow.transport, (byTransport.get(f.flow.transport) ?? PortSet.empty).union(ports));
  }
  return [...byTransport.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([transport, ports]) => ({
      label: `Skype for Business ${transport} ports of these hosts`,
      sources: AddressSet.any,
      destinations: addresses,
      transport,
      ports,
    }));
}

/** --boundary FROM:TO: one direction of one zone pair, owning only that direction. */
function boundaryTable(plan: Plan, key: string): RuleTable {
  checkSelection(plan, { boundary: key });
  const flows: ScopedFlow[] = plan.flows
    .filter((f) => boundaryKey(f.boundary) === key)
    .map((flow) => ({ flow, sources: flow.source.addressSet, destinations: flow.destination.addressSet }));
  const [from, to] = [flows[0]!.flow.boundary.from, flows[0]!.flow.boundary.to];
  const zones = plan.topology.zones;
  const owned: OwnedTraffic[] = flows[0]!.flow.boundary.sameZone
    ? []
    : [
        {
          label: `${from} -> ${to}`,
          sources: zoneOwnAddresses(zones, from),
          destinations: zoneOwnAddresses(zones, to),
        },
      ];
  return {
    hook: 'forward',
    label: oneLine(`${from} -> ${to}`),
    nameSeed: `${from}_to_${to}`,
    grants: grantsOf(flows),
    flows,
    management: [],
    owned,
    defaultDrop: false,
  };
}

/** --server or --role: what those hosts accept, with the management access of their host firewalls. */
function selectedHosts(plan: Plan, options: EmitOptions): { tables: RuleTable[]; diagnostics: Diagnostic[] } {
  const scopes = hostScopes(plan, options);
  const flows = scopes.flatMap((s) => s.flows);
  const names = new Set(scopes.map((s) => s.name));
  const hostFirewalls = firewallsOf(plan).firewalls.filter(
    (f) => f.kind === 'host' && f.servers.some((s) => names.has(s.name.toLowerCase())),
  );
  const label = options.server !== undefined ? `host ${options.server}` : `role ${options.role}`;
  const nameSeed = options.server !== undefined ? `host_${options.server}` : `role_${options.role}`;
  const addresses = AddressSet.unionOf(scopes.map((s) => s.addresses));
  return {
    tables: [
      {
        hook: 'input',
        label,
        nameSeed,
        grants: grantsOf(flows),
        flows,
        management: hostFirewalls.flatMap((f) => f.management),
        owned: ownedPorts(flows, addresses),
        defaultDrop: false,
      },
    ],
    diagnostics: [
      ...unaddressedFlows(flows),
      ...otherRoles(
        plan,
        options,
        scopes.map((s) => s.name),
      ),
    ],
  };
}

/**
 * A --role table owns the ports of that role only; where a host also plays another role on the same
 * port (a Front End with collocated Mediation), the other role's sources would be dropped there.
 */
function otherRoles(plan: Plan, options: EmitOptions, hosts: readonly string[]): Diagnostic[] {
  if (options.role === undefined) return [];
  const roles = destinationHosts(plan);
  return hosts.flatMap((host) => {
    const others = [...(roles.get(host)?.roles ?? [])].filter((r) => r !== options.role).sort();
    if (others.length === 0) return [];
    return [
      {
        code: 'emit-role-incomplete',
        severity: 'warning' as const,
        message: `${host} also accepts flows as ${others.join(', ')}; where those share a port with ${options.role}, this table drops their sources`,
        hint: `use --server ${host} for everything that host must accept`,
      },
    ];
  });
}

function grantsOf(flows: readonly ScopedFlow[]): Grant[] {
  return compactGrants(
    flows
      .filter((f) => !f.sources.isEmpty && !f.destinations.isEmpty)
      .map((f) => ({ ...grantOf(f.flow, f.destinations), sources: f.sources })),
  );
}
