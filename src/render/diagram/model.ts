import type { Endpoint, Flow } from '../../model/flow.js';
import type { Plan } from '../../model/plan.js';
import { PortSet } from '../../model/ports.js';
import { EXTERNAL_ROLES, ROLE_FACTS, ROLE_NAMES, type Role } from '../../model/roles.js';
import { firewallsOf, type PlannedFirewall } from '../../plan/firewalls.js';
import { compareText } from '../../text/order.js';
import type { Topology } from '../../topology/schema.js';

/**
 * What the diagram shows, before any geometry: an overview of zones and the firewalls between them,
 * one view per firewall drawn the way the vendor draws its Edge diagrams (the firewall's sides as
 * columns, the firewall a bar between them, one arrow per group of flows crossing it), and one
 * overview per site when there are several. A picture of every flow at once is unreadable beyond a
 * lab topology; these views each answer one question a firewall team asks.
 */

export type ZoneKind = 'internet' | 'perimeter' | 'servers' | 'clients';

/** Zones left to right: the internet, the perimeter's public side, its internal side, servers, clients. */
export interface ZoneOrder {
  readonly rank: (zone: string) => number;
  readonly kind: (zone: string) => ZoneKind;
  readonly compare: (a: string, b: string) => number;
}

/**
 * Orders zones by what they hold and what they are called, since the topology does not say where a
 * zone sits: the `any` zone (or one holding only internet roles) first, then perimeter zones (named
 * perimeter, dmz or edge, or holding Edge and reverse proxy roles) with the external one before the
 * internal one, then server zones, then client and phone zones. Ties keep the topology's order.
 */
export function zoneOrder(topology: Topology, flows: readonly Flow[]): ZoneOrder {
  const roles = new Map<string, Set<Role>>();
  for (const f of flows)
    for (const e of [f.source, f.destination]) {
      const set = roles.get(e.zone) ?? new Set<Role>();
      set.add(e.role);
      roles.set(e.zone, set);
    }
  const declared = Object.keys(topology.zones);
  const clientZones = new Set([...(topology.clients?.internal ?? []), ...(topology.clients?.phones ?? [])]);
  const ranks = new Map<string, number>();
  const rank = (zone: string): number => {
    const known = ranks.get(zone);
    if (known !== undefined) return known;
    const held = [...(roles.get(zone) ?? [])];
    let r: number;
    if (topology.zones[zone] === 'any' || (held.length > 0 && held.every((x) => EXTERNAL_ROLES.has(x))))
      r = 0;
    else if (/perimeter|dmz|edge/i.test(zone) || held.some((x) => ROLE_FACTS[x].placement === 'perimeter'))
      r = perimeterSide(zone, held);
    else if (clientZones.has(zone) || (held.length > 0 && held.every((x) => x === 'client' || x === 'phone')))
      r = 4;
    else r = 3;
    ranks.set(zone, r);
    return r;
  };
  const index = (zone: string) => {
    const i = declared.indexOf(zone);
    return i < 0 ? declared.length : i;
  };
  return {
    rank,
    kind: (zone) => (['internet', 'perimeter', 'perimeter', 'servers', 'clients'] as const)[rank(zone)]!,
    compare: (a, b) => rank(a) - rank(b) || index(a) - index(b) || compareText(a, b),
  };
}

/** 1 for the perimeter's public side, 2 for its internal side. */
function perimeterSide(zone: string, held: readonly Role[]): number {
  if (/ext|out|public/i.test(zone)) return 1;
  if (/int|inside|private/i.test(zone)) return 2;
  if (held.some((r) => r === 'edge-internal' || r === 'edge-internal-lb')) return 2;
  return 1;
}

// ---------------------------------------------------------------------------------------------------
// Nodes: the hosts of one role in one zone

export interface ViewNode {
  /** Unique in its view: the column and the zone/role. */
  readonly id: string;
  readonly zone: string;
  readonly role: Role;
  readonly title: string;
  /** Pools and hosts, abbreviated to fit ("fe01…fe03 (3)"); the tooltip has them all. */
  readonly detail: string;
  readonly hosts: readonly string[];
}

export interface ZoneBlock {
  readonly name: string;
  readonly kind: ZoneKind;
  readonly nodes: readonly ViewNode[];
}

export interface Column {
  /** The firewall side's name, or what the column holds. */
  readonly title: string;
  readonly zones: readonly ZoneBlock[];
}

/** One arrow: flows with the same source node, destination node and direction, ports merged. */
export interface Arrow {
  readonly from: string;
  readonly to: string;
  readonly fromColumn: number;
  readonly toColumn: number;
  /** "TCP 443,5061", one per transport; optional-only ports on a line of their own. */
  readonly lines: readonly string[];
  /** Every transport, port and protocol, for the tooltip. */
  readonly carried: readonly string[];
  readonly optional: boolean;
  readonly flowIds: readonly string[];
  /** `from:to` zones, as the table's boundary filter names them. */
  readonly boundary: string;
}

export interface FirewallView {
  readonly kind: 'firewall';
  readonly firewall: PlannedFirewall;
  readonly columns: readonly Column[];
  readonly arrows: readonly Arrow[];
}

/** Flows of one zone to another, counted rather than drawn one by one. */
export interface Lane {
  readonly from: string;
  readonly to: string;
  readonly flows: number;
  readonly optional: number;
  readonly lines: readonly string[];
  readonly flowIds: readonly string[];
}

export interface OverviewZone {
  readonly name: string;
  readonly kind: ZoneKind;
  /** "Front End (3)": a role and how many hosts of it, in role order. */
  readonly roles: readonly string[];
  /** Host firewalls running on servers of this zone. */
  readonly hostFirewalls: readonly string[];
}

/** Network firewalls drawn as one bar in the gap right of column `gap`. */
export interface OverviewBar {
  readonly gap: number;
  readonly firewalls: readonly PlannedFirewall[];
}

export interface OverviewView {
  readonly kind: 'overview';
  readonly zones: readonly OverviewZone[];
  readonly bars: readonly OverviewBar[];
  readonly lanes: readonly Lane[];
}

export interface DiagramView {
  /** A token for the page: `v0`, `v1`, … in chooser order. */
  readonly id: string;
  /** What the chooser shows. */
  readonly label: string;
  readonly title: string;
  readonly flowIds: ReadonlySet<string>;
  readonly body: OverviewView | FirewallView;
}

/** The overview, then each firewall in topology order, then each site when there are several. */
/**
 * Site views are drawn up to this many sites: a deployment of thousands of branch sites would put
 * thousands of drawings in the page and its chooser. Beyond it, `report --site NAME --format html`
 * draws one site.
 */
export const MAX_SITE_VIEWS = 40;

export function diagramViews(plan: Plan): DiagramView[] {
  const order = zoneOrder(plan.topology, plan.flows);
  const { firewalls } = firewallsOf(plan);
  const views: Array<Omit<DiagramView, 'id'>> = [
    {
      label: 'Overview: all zones',
      title: 'Zones from the internet inwards, with the firewalls between them',
      flowIds: new Set(plan.flows.map((f) => f.id)),
      body: overviewView(plan.flows, firewalls, order),
    },
  ];
  for (const fw of firewalls) {
    const kind = fw.kind === 'host' ? 'host firewall' : fw.derived ? 'assumed firewall' : 'firewall';
    views.push({
      label: `${kind[0]!.toUpperCase()}${kind.slice(1)} ${fw.name}`,
      title: `Flows through ${kind} ${fw.name} (${fw.platform})`,
      flowIds: new Set(fw.flows.map((f) => f.flow.id)),
      body: firewallView(fw, order),
    });
  }
  const sites = plan.topology.sites.map((s) => s.name);
  if (sites.length > 1 && sites.length <= MAX_SITE_VIEWS) {
    // Each flow joins the views of its source's and its destination's site: one pass over the flows.
    const bySite = new Map<string, Flow[]>(sites.map((s) => [s, []]));
    for (const f of plan.flows) {
      bySite.get(f.source.site ?? '')?.push(f);
      if (f.destination.site !== f.source.site) bySite.get(f.destination.site ?? '')?.push(f);
    }
    for (const site of sites) {
      const flows = bySite.get(site)!;
      views.push({
        label: `Site ${site}`,
        title: `Flows to and from the hosts of site ${site}`,
        flowIds: new Set(flows.map((f) => f.id)),
        body: overviewView(flows, firewalls, order),
      });
    }
  }
  return views.map((v, i) => ({ id: `v${i}`, ...v }));
}

// ---------------------------------------------------------------------------------------------------
// Firewall views

export function firewallView(fw: PlannedFirewall, order: ZoneOrder): FirewallView {
  if (fw.kind === 'host') return hostFirewallView(fw, order);
  // The side holding the internet, or the more external one, on the left, as the vendor draws it.
  const sideRank = (zones: readonly string[]) => Math.min(...zones.map(order.rank));
  const sides = [...fw.sides].sort(
    (a, b) => sideRank(a.zones) - sideRank(b.zones) || compareText(a.name, b.name),
  );
  const columnOf = new Map(sides.map((s, i) => [s.name, i]));
  const placed = fw.flows.map((f) => ({
    flow: f.flow,
    from: columnOf.get(f.from!)!,
    to: columnOf.get(f.to!)!,
  }));
  const columns = sides.map((side, i) =>
    column(
      fw.derived ? side.name : `side ${side.name}`,
      i,
      placed.flatMap((p) => [
        ...(p.from === i ? [p.flow.source] : []),
        ...(p.to === i ? [p.flow.destination] : []),
      ]),
      order,
      side.zones,
    ),
  );
  return { kind: 'firewall', firewall: fw, columns, arrows: arrows(placed) };
}

/** A host firewall: whoever connects on the left, its own servers on the right, behind the bar. */
function hostFirewallView(fw: PlannedFirewall, order: ZoneOrder): FirewallView {
  const placed = fw.flows.map((f) => ({ flow: f.flow, from: 0, to: 1 }));
  const servers = fw.servers.map((s) => s.name).join(', ');
  const columns = [
    column(
      'sources',
      0,
      placed.map((p) => p.flow.source),
      order,
    ),
    column(
      servers,
      1,
      placed.map((p) => p.flow.destination),
      order,
    ),
  ];
  return { kind: 'firewall', firewall: fw, columns, arrows: arrows(placed) };
}

function column(
  title: string,
  index: number,
  endpoints: readonly Endpoint[],
  order: ZoneOrder,
  zones: readonly string[] = [],
): Column {
  const byNode = new Map<string, Endpoint[]>();
  for (const e of endpoints) {
    const id = nodeId(index, e);
    const list = byNode.get(id);
    if (list) list.push(e);
    else byNode.set(id, [e]);
  }
  const byZone = new Map<string, ViewNode[]>();
  for (const z of zones) byZone.set(z, []);
  for (const [id, list] of byNode) {
    const zone = list[0]!.zone;
    const nodes = byZone.get(zone) ?? [];
    nodes.push(viewNode(id, list));
    byZone.set(zone, nodes);
  }
  const blocks = [...byZone.entries()]
    // A side's zone that no flow of this firewall touches is still behind it: say so, but briefly.
    .map(([name, nodes]) => ({
      name,
      kind: order.kind(name),
      nodes: nodes.sort((a, b) => roleIndex(a.role) - roleIndex(b.role)),
    }))
    .sort((a, b) => order.compare(a.name, b.name));
  return { title, zones: blocks };
}

function nodeId(column: number, e: Endpoint): string {
  return `c${column}/${e.zone}/${e.role}`;
}

function roleIndex(role: Role): number {
  return ROLE_NAMES.indexOf(role);
}

function viewNode(id: string, all: readonly Endpoint[]): ViewNode {
  // The flows of a host group share one endpoint object: each counted once, not once per flow.
  const endpoints = [...new Set(all)];
  const { zone, role } = endpoints[0]!;
  const hosts = unique(endpoints.flatMap((e) => e.names));
  return { id, zone, role, title: ROLE_FACTS[role].label, detail: endpointSummary(endpoints), hosts };
}

function arrows(placed: ReadonlyArray<{ flow: Flow; from: number; to: number }>): Arrow[] {
  const groups = new Map<string, { from: string; to: string; fc: number; tc: number; flows: Flow[] }>();
  for (const p of placed) {
    const from = nodeId(p.from, p.flow.source);
    const to = nodeId(p.to, p.flow.destination);
    const key = `${from}\u0000${to}`;
    const g = groups.get(key);
    if (g) g.flows.push(p.flow);
    else groups.set(key, { from, to, fc: p.from, tc: p.to, flows: [p.flow] });
  }
  return [...groups.values()]
    .sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to))
    .map((g) => ({
      from: g.from,
      to: g.to,
      fromColumn: g.fc,
      toColumn: g.tc,
      lines: portLines(g.flows),
      carried: carriedLines(g.flows),
      optional: g.flows.every((f) => f.optional),
      flowIds: g.flows.map((f) => f.id),
      boundary: `${g.flows[0]!.boundary.from}:${g.flows[0]!.boundary.to}`,
    }));
}

// ---------------------------------------------------------------------------------------------------
// Overview

export function overviewView(
  flows: readonly Flow[],
  firewalls: readonly PlannedFirewall[],
  order: ZoneOrder,
): OverviewView {
  const zoneNames = unique(flows.flatMap((f) => [f.source.zone, f.destination.zone])).sort(order.compare);
  const columnOf = new Map(zoneNames.map((z, i) => [z, i]));
  const ids = new Set(flows.map((f) => f.id));
  const carrying = firewalls.filter((fw) => fw.flows.some((f) => ids.has(f.flow.id)));

  // Each endpoint once per zone (flows of a host group share one endpoint object): counting hosts per
  // flow instead repeats a deployment-wide group of thousands of hosts in every flow it opens.
  const byZone = new Map<string, Set<Endpoint>>();
  for (const f of flows)
    for (const e of [f.source, f.destination]) {
      const set = byZone.get(e.zone);
      if (set === undefined) byZone.set(e.zone, new Set([e]));
      else set.add(e);
    }
  const zones = zoneNames.map((name) => {
    const endpoints = [...(byZone.get(name) ?? [])];
    const hostsByRole = new Map<Role, Set<string>>();
    for (const e of endpoints) {
      const set = hostsByRole.get(e.role) ?? new Set<string>();
      hostsByRole.set(e.role, set);
      for (const n of e.names) set.add(n);
    }
    const roles = [...hostsByRole.keys()]
      .sort((a, b) => roleIndex(a) - roleIndex(b))
      .map((role) => {
        const hosts = hostsByRole.get(role)!.size;
        return hosts > 0 ? `${ROLE_FACTS[role].label} (${hosts})` : ROLE_FACTS[role].label;
      });
    const names = new Set(endpoints.flatMap((e) => e.names.map((x) => x.toLowerCase())));
    const hostFirewalls = carrying
      .filter((fw) => fw.kind === 'host' && fw.servers.some((s) => names.has(s.name.toLowerCase())))
      .map((fw) => fw.name);
    return { name, kind: order.kind(name), roles, hostFirewalls };
  });

  const bars = new Map<number, PlannedFirewall[]>();
  for (const fw of carrying) {
    if (fw.kind !== 'network') continue;
    for (const gap of barGaps(fw, columnOf)) {
      const list = bars.get(gap) ?? [];
      list.push(fw);
      bars.set(gap, list);
    }
  }

  const lanes = new Map<string, Flow[]>();
  for (const f of flows) {
    if (f.boundary.sameZone) continue;
    const key = `${f.boundary.from}\u0000${f.boundary.to}`;
    const list = lanes.get(key);
    if (list) list.push(f);
    else lanes.set(key, [f]);
  }
  const laneList = [...lanes.entries()]
    .map(([key, list]) => {
      const [from, to] = key.split('\u0000') as [string, string];
      return {
        from,
        to,
        flows: list.length,
        optional: list.filter((f) => f.optional).length,
        lines: portLines(list),
        flowIds: list.map((f) => f.id),
      };
    })
    // Top to bottom: the pairs nearest the internet first, each pair's two directions together.
    .sort((a, b) => {
      const [a1, a2] = [columnOf.get(a.from)!, columnOf.get(a.to)!];
      const [b1, b2] = [columnOf.get(b.from)!, columnOf.get(b.to)!];
      return (
        Math.min(a1, a2) - Math.min(b1, b2) ||
        Math.max(a1, a2) - Math.max(b1, b2) ||
        Number(a1 > a2) - Number(b1 > b2)
      );
    });
  return {
    kind: 'overview',
    zones,
    bars: [...bars.entries()].sort(([a], [b]) => a - b).map(([gap, list]) => ({ gap, firewalls: list })),
    lanes: laneList,
  };
}

/**
 * Where a network firewall stands among the zone columns: in the gap after each of its sides but
 * the last, sides taken left to right; the overview leaves out zones no flow touches.
 */
function barGaps(fw: PlannedFirewall, columnOf: ReadonlyMap<string, number>): number[] {
  const sides = fw.sides
    .map((s) => s.zones.flatMap((z) => (columnOf.has(z) ? [columnOf.get(z)!] : [])))
    .filter((cols) => cols.length > 0)
    .map((cols) => ({ min: Math.min(...cols), max: Math.max(...cols) }))
    .sort((a, b) => a.min - b.min);
  const gaps = new Set<number>();
  for (let i = 0; i + 1 < sides.length; i++) {
    const here = sides[i]!;
    const next = sides[i + 1]!;
    // Interleaved sides have no clean gap: the bar stands right after the left side's first zone.
    gaps.add(here.max < next.min ? here.max : here.min);
  }
  return [...gaps].sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------------
// Text

/**
 * What an arrow carries, short: one line per transport with every port merged ("TCP 443,5061"), and
 * ports that only optional flows need on a line of their own, so nobody opens them by mistake.
 */
export function portLines(flows: readonly Flow[]): string[] {
  const groups = new Map<string, { transport: string; optional: boolean; ports: PortSet }>();
  for (const f of flows) {
    const key = `${f.transport}\u0000${f.optional}`;
    const ports = PortSet.fromRanges(f.ports);
    const g = groups.get(key);
    if (g) g.ports = g.ports.union(ports);
    else groups.set(key, { transport: f.transport.toUpperCase(), optional: f.optional, ports });
  }
  // A port both required and optional flows need is required: say it once.
  for (const g of groups.values()) {
    if (!g.optional) continue;
    const required = groups.get(`${g.transport.toLowerCase()}\u0000false`);
    if (required) g.ports = g.ports.difference(required.ports);
  }
  return [...groups.values()]
    .filter((g) => !g.ports.isEmpty)
    .sort((a, b) => compareText(a.transport, b.transport) || Number(a.optional) - Number(b.optional))
    .map((g) => `${g.transport} ${g.ports.toString()}${g.optional ? ' (optional)' : ''}`);
}

/**
 * "TCP 5061 SIP/MTLS": one line per transport and protocol with their ports merged. Optional flows get
 * lines of their own, marked, so a required port never hides an optional one or the other way round.
 */
export function carriedLines(flows: readonly Flow[]): string[] {
  const groups = new Map<
    string,
    { transport: string; protocol: string; optional: boolean; ports: PortSet }
  >();
  for (const f of flows) {
    const key = `${f.transport}\u0000${f.protocol}\u0000${f.optional}`;
    const ports = PortSet.fromRanges(f.ports);
    const g = groups.get(key);
    if (g) g.ports = g.ports.union(ports);
    else
      groups.set(key, {
        transport: f.transport.toUpperCase(),
        protocol: f.protocol,
        optional: f.optional,
        ports,
      });
  }
  return [...groups.values()]
    .sort(
      (a, b) =>
        compareText(a.transport, b.transport) ||
        (a.ports.ranges[0]?.[0] ?? 0) - (b.ports.ranges[0]?.[0] ?? 0) ||
        compareText(a.protocol, b.protocol) ||
        Number(a.optional) - Number(b.optional),
    )
    .map((g) => `${g.transport} ${g.ports.toString()} ${g.protocol}${g.optional ? ' (optional)' : ''}`);
}

/** Pools and hosts of a node, short: "pool01 · fe01…fe03 (3)", "VIP 192.0.2.10", "198.51.100.0/25". */
export function endpointSummary(all: readonly Endpoint[]): string {
  const endpoints = [...new Set(all)];
  if (endpoints[0]!.kind === 'zone') return abbreviate(unique(endpoints.flatMap((e) => e.addresses)));
  const pools = unique(endpoints.flatMap((e) => (e.pool ? [e.pool] : [])));
  if (endpoints[0]!.role.endsWith('-lb')) {
    const vips = unique(endpoints.flatMap((e) => e.addresses));
    return [poolText(pools), `VIP ${abbreviate(vips)}`].filter(Boolean).join(' · ');
  }
  const hosts = unique(endpoints.flatMap((e) => e.names));
  const short = unique(hosts.map(shortName));
  // Sites often reuse host names (fe01 in every site's domain): then only a count is true.
  const names = short.length === hosts.length ? abbreviate(short) : `${hosts.length} hosts`;
  return [poolText(pools), names].filter(Boolean).join(' · ');
}

function poolText(pools: readonly string[]): string {
  if (pools.length === 0) return '';
  return pools.length === 1 ? shortName(pools[0]!) : `${pools.length} pools`;
}

/** A host's first label: the domain is the same for all of them and would crowd the box. */
export function shortName(fqdn: string): string {
  const dot = fqdn.indexOf('.');
  return dot > 0 ? fqdn.slice(0, dot) : fqdn;
}

/** "a", "a, b", or "a…z (26)". */
export function abbreviate(list: readonly string[]): string {
  if (list.length <= 2) return list.join(', ');
  return `${list[0]}…${list[list.length - 1]} (${list.length})`;
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)].sort(compareText);
}
