import type { Diagnostic } from '../diag/diagnostic.js';
import { AddressSet, parseAddressOrNetwork } from '../model/address-set.js';
import type { Flow } from '../model/flow.js';
import type { Plan } from '../model/plan.js';
import { PortSet } from '../model/ports.js';
import type { Transport } from '../model/protocols.js';
import { compareText } from '../text/order.js';
import type { Firewall, ManagementAccess, Topology } from '../topology/schema.js';
import { nestedZones, ZoneIndex, zoneOwnAddresses } from '../topology/zones.js';

/**
 * Firewalls as things of the deployment: which flows each one enforces, on which path, and what it
 * must keep open whatever the flows say. A network firewall enforces the flows whose source zone is
 * behind one of its sides and whose destination zone is behind another, in both directions; a host
 * firewall enforces what its servers accept. A topology without `firewalls` gets one network
 * firewall per pair of zones that flows cross (derived, and said so), which is what the old
 * per-boundary view meant.
 *
 * Every view of a firewall (reports, rule sets, the diagram) reads it from here, so they agree on
 * which flows a firewall carries and what it owns.
 */

export interface FirewallSide {
  readonly name: string;
  /** Zones behind this side, nested zones included, in topology order. */
  readonly zones: readonly string[];
  /** The addresses of those zones (the internet: everything no other zone declares). */
  readonly addresses: AddressSet;
}

export interface FirewallServer {
  readonly name: string;
  readonly addresses: AddressSet;
}

/** One management access line: kept open before any drop. */
export interface ManagementRule {
  readonly description: string;
  readonly transport: Transport;
  readonly ports: PortSet;
  readonly sources: AddressSet;
  /** For network firewalls; host firewalls apply it to their own servers' addresses. */
  readonly destinations: AddressSet;
  /** The sources as written (CIDRs, zone names), for people. */
  readonly sourceText: readonly string[];
}

/** A flow as one firewall sees it: on which path, with the addresses that path matches. */
export interface FirewallFlow {
  readonly flow: Flow;
  /** Network firewalls: the side the flow enters by and the side it leaves by. */
  readonly from?: string;
  readonly to?: string;
  readonly sources: AddressSet;
  /** For host firewalls, narrowed to the firewall's own servers. */
  readonly destinations: AddressSet;
}

export interface PlannedFirewall {
  readonly name: string;
  readonly kind: 'network' | 'host';
  readonly platform: Firewall['platform'];
  /** Not in the topology: assumed on a zone boundary because the topology names no firewall. */
  readonly derived: boolean;
  readonly defaultDrop: boolean;
  readonly sides: readonly FirewallSide[];
  readonly servers: readonly FirewallServer[];
  readonly management: readonly ManagementRule[];
  readonly flows: readonly FirewallFlow[];
}

export interface FirewallPlan {
  readonly firewalls: readonly PlannedFirewall[];
  /** Set when the firewalls were assumed, one per zone boundary: reports say so. */
  readonly assumed?: string;
  /** Boundaries that flows cross and no declared firewall covers. */
  readonly warnings: readonly Diagnostic[];
}

const cache = new WeakMap<Plan, FirewallPlan>();

/** The firewalls of a plan, computed once per plan. */
export function firewallsOf(plan: Plan): FirewallPlan {
  let known = cache.get(plan);
  if (!known) {
    known = planFirewalls(plan.topology, plan.flows);
    cache.set(plan, known);
  }
  return known;
}

export function findFirewall(plan: Plan, name: string): PlannedFirewall | undefined {
  const lower = name.toLowerCase();
  return firewallsOf(plan).firewalls.find((f) => f.name.toLowerCase() === lower);
}

/** A derived firewall's name: both zones of the boundary, in topology order. */
export function derivedFirewallName(a: string, b: string): string {
  return `${a}--${b}`;
}

export function planFirewalls(topology: Topology, flows: readonly Flow[]): FirewallPlan {
  const zones = new ZoneIndex(topology.zones);
  const nested = nestedZones(topology.zones);
  const declared = topology.firewalls;
  if (declared === undefined || declared.length === 0) return derive(topology, flows, zones, nested);
  const firewalls = declared.map((f) =>
    f.kind === 'network' ? networkFirewall(f, topology, flows, nested) : hostFirewall(f, topology, flows),
  );
  return { firewalls, warnings: uncovered(firewalls, flows) };
}

function derive(
  topology: Topology,
  flows: readonly Flow[],
  zones: ZoneIndex,
  nested: Map<string, string[]>,
): FirewallPlan {
  const pairs = new Map<string, [string, string]>();
  for (const f of flows) {
    if (f.boundary.sameZone) continue;
    const pair = [f.boundary.from, f.boundary.to].sort(
      (a, b) => zones.rank(a) - zones.rank(b) || compareText(a, b),
    ) as [string, string];
    pairs.set(pair.join('\n'), pair);
  }
  const ordered = [...pairs.values()].sort(
    ([a1, b1], [a2, b2]) => zones.rank(a1) - zones.rank(a2) || zones.rank(b1) - zones.rank(b2),
  );
  const firewalls = ordered.map(([a, b]) => {
    // A derived firewall sits between exactly two zones: a nested zone has a boundary of its own.
    const side = (zone: string): FirewallSide => ({
      name: zone,
      zones: [zone],
      addresses: zoneOwnAddresses(topology.zones, zone, nested),
    });
    const sides = [side(a), side(b)];
    return {
      name: derivedFirewallName(a, b),
      kind: 'network' as const,
      platform: 'report-only' as const,
      derived: true,
      defaultDrop: false,
      sides,
      servers: [],
      management: [],
      flows: networkFlows(sides, flows),
    };
  });
  if (firewalls.length === 0) return { firewalls, warnings: [] };
  return {
    firewalls,
    warnings: [],
    assumed: `The topology names no firewalls: one is assumed between each pair of zones that flows cross (${firewalls.length}). Describe the real ones under firewalls: (topology version 2).`,
  };
}

function networkFirewall(
  f: Firewall,
  topology: Topology,
  flows: readonly Flow[],
  nested: Map<string, string[]>,
): PlannedFirewall {
  const listed = new Set(Object.values(f.sides ?? {}).flat());
  const sides = Object.entries(f.sides ?? {}).map(([name, sideZones]) => {
    // Zones nested in a listed zone sit behind the same interface, unless the firewall places them.
    const all = [...sideZones];
    for (const z of sideZones)
      for (const inner of nested.get(z) ?? []) if (!listed.has(inner)) all.push(inner);
    const order = Object.keys(topology.zones);
    all.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    return {
      name,
      zones: all,
      addresses: AddressSet.unionOf(all.map((z) => zoneOwnAddresses(topology.zones, z, nested))),
    };
  });
  const everywhere = AddressSet.unionOf(sides.map((s) => s.addresses));
  return {
    name: f.name,
    kind: 'network',
    platform: f.platform,
    derived: false,
    defaultDrop: f.defaultDrop,
    sides,
    servers: [],
    management: managementRules(f.management, topology, everywhere),
    flows: networkFlows(sides, flows, sides.length > 2 || f.defaultDrop),
  };
}

/**
 * Flows that enter by one side and leave by another, in topology order.
 *
 * A flow's endpoint can be `any` (the internet zone, a federated partner). Between two sides that is
 * harmless: traffic that crosses the firewall towards the other side can only come from or go to that
 * side. On a firewall with three or more sides, or one that owns the default, `any` would also accept
 * traffic to and from the sides (or unlisted zones) the flow never uses: the A/V Edge's "to the
 * internet on 443" would open the LAN's 443 to it. With `narrow`, each endpoint is cut to the
 * addresses of its own side.
 */
function networkFlows(
  sides: readonly FirewallSide[],
  flows: readonly Flow[],
  narrow = false,
): FirewallFlow[] {
  const sideOf = new Map<string, FirewallSide>();
  for (const s of sides) for (const z of s.zones) sideOf.set(z, s);
  const out: FirewallFlow[] = [];
  for (const flow of flows) {
    const from = sideOf.get(flow.boundary.from);
    const to = sideOf.get(flow.boundary.to);
    if (from === undefined || to === undefined || from === to) continue;
    out.push({
      flow,
      from: from.name,
      to: to.name,
      sources: narrow ? flow.source.addressSet.intersect(from.addresses) : flow.source.addressSet,
      destinations: narrow
        ? flow.destination.addressSet.intersect(to.addresses)
        : flow.destination.addressSet,
    });
  }
  return out;
}

function hostFirewall(f: Firewall, topology: Topology, flows: readonly Flow[]): PlannedFirewall {
  const wanted = new Set((f.servers ?? []).map((s) => s.toLowerCase()));
  const addresses = new Map<string, AddressSet[]>();
  const out: FirewallFlow[] = [];
  for (const flow of flows) {
    const d = flow.destination;
    if (d.kind !== 'hosts') continue;
    const mine: AddressSet[] = [];
    d.names.forEach((name, i) => {
      const set = d.addressSets[i];
      if (!wanted.has(name) || set === undefined) return;
      mine.push(set);
      const list = addresses.get(name) ?? [];
      list.push(set);
      addresses.set(name, list);
    });
    if (mine.length === 0) continue;
    out.push({ flow, sources: flow.source.addressSet, destinations: AddressSet.unionOf(mine) });
  }
  const servers = (f.servers ?? []).map((name) => ({
    name,
    addresses: AddressSet.unionOf(addresses.get(name.toLowerCase()) ?? []),
  }));
  const own = AddressSet.unionOf(servers.map((s) => s.addresses));
  return {
    name: f.name,
    kind: 'host',
    platform: f.platform,
    derived: false,
    defaultDrop: f.defaultDrop,
    sides: [],
    servers,
    management: managementRules(f.management, topology, own),
    flows: out,
  };
}

/** Reads management sources and destinations: a CIDR, or a zone name (its own networks). */
function endpointsOf(items: readonly string[], topology: Topology, fallback: AddressSet): AddressSet {
  const sets: AddressSet[] = [];
  for (const item of items) {
    const net = parseAddressOrNetwork(item);
    if (net.ok) sets.push(AddressSet.of(net.value));
    else if (Object.hasOwn(topology.zones, item)) sets.push(zoneOwnAddresses(topology.zones, item));
  }
  return sets.length === 0 ? fallback : AddressSet.unionOf(sets);
}

function managementRules(
  access: readonly ManagementAccess[],
  topology: Topology,
  destinations: AddressSet,
): ManagementRule[] {
  const rules: ManagementRule[] = [];
  for (const a of access) {
    const sources = endpointsOf(a.sources, topology, AddressSet.empty);
    const to = a.destinations ? endpointsOf(a.destinations, topology, destinations) : destinations;
    for (const transport of ['tcp', 'udp'] as const) {
      const list = a[transport];
      if (list.length === 0) continue;
      rules.push({
        description: a.description ?? 'management access',
        transport,
        ports: PortSet.parse(list.map(String).join(',')),
        sources,
        destinations: to,
        sourceText: a.sources,
      });
    }
  }
  return rules;
}

/** Boundaries that flows cross and no declared network firewall sits on: worth a warning. */
function uncovered(firewalls: readonly PlannedFirewall[], flows: readonly Flow[]): Diagnostic[] {
  const carried = new Set<string>();
  for (const fw of firewalls) for (const f of fw.flows) if (fw.kind === 'network') carried.add(f.flow.id);
  const missing = new Map<string, number>();
  for (const f of flows) {
    if (f.boundary.sameZone || carried.has(f.id)) continue;
    const key = `${f.boundary.from} -> ${f.boundary.to}`;
    missing.set(key, (missing.get(key) ?? 0) + 1);
  }
  if (missing.size === 0) return [];
  const list = [...missing.entries()].sort(([a], [b]) => compareText(a, b));
  return [
    {
      code: 'boundary-without-firewall',
      severity: 'warning',
      message: `${list.length} zone boundaries that flows cross pass no network firewall of the topology: ${list.map(([k, n]) => `${k} (${n} flows)`).join(', ')}`,
      hint: 'add the zones to the sides of the firewall between them, or ignore this where the zones are routed without a firewall',
    },
  ];
}
