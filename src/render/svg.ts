import dagre from '@dagrejs/dagre';
import type { Endpoint, Flow } from '../model/flow.js';
import { PortSet } from '../model/ports.js';
import { EXTERNAL_ROLES, ROLE_FACTS, type Role } from '../model/roles.js';
import { compareText } from '../text/order.js';
import type { Topology } from '../topology/schema.js';

/**
 * The flow diagram: zones as labelled boxes, one node per role in each zone, and one arrow per
 * (source node, destination node) pair labelled with what it carries. Flows between hosts of the same
 * role in the same zone (Front End to Front End) are listed inside the node rather than drawn as loops,
 * which dagre lays out poorly. The layout is dagre's, fed in sorted order, so the SVG is deterministic.
 */

export type ZoneKind = 'internet' | 'perimeter' | 'servers' | 'clients';

export const ZONE_COLOURS: Readonly<Record<ZoneKind, { fill: string; stroke: string; text: string }>> = {
  internet: { fill: '#fdf0ef', stroke: '#c0504d', text: '#8c2d2a' },
  perimeter: { fill: '#fdf5e6', stroke: '#d08c2b', text: '#8a5a12' },
  servers: { fill: '#eef4fb', stroke: '#4a7ab5', text: '#234b7a' },
  clients: { fill: '#eef8f0', stroke: '#4f9a5c', text: '#2c6436' },
};

/** Edge labels list at most this many lines; the rest is summarised and kept in the tooltip. */
const MAX_LABEL_LINES = 4;
const NODE_FONT = 13;
const DETAIL_FONT = 11;
const LABEL_FONT = 11;
const LINE = 15;

export interface DiagramNode {
  readonly id: string;
  readonly zone: string;
  readonly role: Role;
  readonly title: string;
  readonly detail: string;
  /** What flows between hosts of this node, listed inside it. */
  readonly internal: readonly string[];
}

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly lines: readonly string[];
  readonly optional: boolean;
  readonly flowIds: readonly string[];
}

export interface DiagramZone {
  readonly name: string;
  readonly kind: ZoneKind;
  readonly nodes: readonly DiagramNode[];
}

export interface DiagramModel {
  readonly zones: readonly DiagramZone[];
  readonly edges: readonly DiagramEdge[];
}

// ---------------------------------------------------------------------------------------------------
// Model: flows aggregated into zones, nodes and edges

export function diagramModel(flows: readonly Flow[], topology: Topology): DiagramModel {
  const nodeEndpoints = new Map<string, Endpoint[]>();
  const within = new Map<string, Flow[]>();
  const between = new Map<string, Flow[]>();
  const add = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const f of flows) {
    const from = nodeId(f.source);
    const to = nodeId(f.destination);
    add(nodeEndpoints, from, f.source);
    add(nodeEndpoints, to, f.destination);
    if (from === to) add(within, from, f);
    else add(between, `${from}\u0000${to}`, f);
  }

  const byZone = new Map<string, DiagramNode[]>();
  for (const id of [...nodeEndpoints.keys()].sort()) {
    const endpoints = nodeEndpoints.get(id)!;
    const { zone, role } = endpoints[0]!;
    add(byZone, zone, {
      id,
      zone,
      role,
      title: ROLE_FACTS[role].label,
      detail: endpointSummary(endpoints),
      internal: carriedLines(within.get(id) ?? []),
    });
  }
  const zones = [...byZone.entries()]
    .map(([name, nodes]) => ({ name, kind: zoneKind(name, nodes, topology), nodes }))
    .sort(
      (a, b) =>
        ZONE_ORDER[a.kind] - ZONE_ORDER[b.kind] ||
        insideness(a.nodes) - insideness(b.nodes) ||
        compareText(a.name, b.name),
    );

  const edges = [...between.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([key, list]) => {
      const [from, to] = key.split('\u0000') as [string, string];
      return {
        from,
        to,
        lines: carriedLines(list),
        optional: list.every((f) => f.optional),
        flowIds: list.map((f) => f.id),
      };
    });
  return { zones, edges };
}

const ZONE_ORDER: Readonly<Record<ZoneKind, number>> = { internet: 0, perimeter: 1, servers: 2, clients: 3 };

/** Among perimeter zones, the one holding the Edge's internal side sits nearer the servers. */
function insideness(nodes: readonly DiagramNode[]): number {
  return nodes.some((n) => n.role === 'edge-internal' || n.role === 'edge-internal-lb') ? 1 : 0;
}

function nodeId(e: Endpoint): string {
  return `${e.zone}/${e.role}`;
}

/** A zone's colour says what it is: the internet, a perimeter network, servers, or clients. */
export function zoneKind(name: string, nodes: readonly DiagramNode[], topology: Topology): ZoneKind {
  if (topology.zones[name] === 'any' || nodes.every((n) => EXTERNAL_ROLES.has(n.role))) return 'internet';
  if (nodes.some((n) => ROLE_FACTS[n.role].placement === 'perimeter')) return 'perimeter';
  const clientZones = new Set([...(topology.clients?.internal ?? []), ...(topology.clients?.phones ?? [])]);
  if (clientZones.has(name) || nodes.every((n) => n.role === 'client' || n.role === 'phone'))
    return 'clients';
  return 'servers';
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

function endpointSummary(endpoints: readonly Endpoint[]): string {
  if (endpoints[0]!.kind === 'zone') return listSome(unique(endpoints.flatMap((e) => e.addresses)));
  const pools = unique(endpoints.flatMap((e) => (e.pool ? [e.pool] : [])));
  // A load balancer VIP is one address, not a host: say which.
  if (endpoints[0]!.role.endsWith('-lb')) {
    const vips = unique(endpoints.flatMap((e) => e.addresses));
    return [listSome(pools), `VIP ${listSome(vips)}`].filter(Boolean).join(' · ');
  }
  const hosts = unique(endpoints.flatMap((e) => e.names));
  const count = `${hosts.length} host${hosts.length === 1 ? '' : 's'}`;
  if (pools.length > 0) return `${listSome(pools)} · ${count}`;
  return hosts.length <= 2 ? hosts.join(', ') : `${listSome(hosts)} · ${count}`;
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)].sort(compareText);
}

function listSome(list: readonly string[]): string {
  if (list.length === 0) return '';
  return list.length <= 2 ? list.join(', ') : `${list[0]} +${list.length - 1}`;
}

// ---------------------------------------------------------------------------------------------------
// Layout and drawing

/** Rough text widths, since there is no DOM to measure with: generous so labels never spill. */
function textWidth(text: string, fontSize: number, monospace = false): number {
  return Math.ceil(Array.from(text).length * fontSize * (monospace ? 0.62 : 0.6));
}

function shownLines(lines: readonly string[]): string[] {
  if (lines.length <= MAX_LABEL_LINES) return [...lines];
  return [...lines.slice(0, MAX_LABEL_LINES - 1), `+${lines.length - MAX_LABEL_LINES + 1} more…`];
}

interface NodeBox {
  width: number;
  height: number;
  x: number;
  y: number;
}

/** An SVG element as text; `title` is the tooltip a browser shows on hover. */
export function renderDiagramSvg(flows: readonly Flow[], topology: Topology): string {
  const model = diagramModel(flows, topology);
  if (model.zones.length === 0) {
    return (
      '<svg xmlns="http://www.w3.org/2000/svg" class="flow-diagram" role="img" viewBox="0 0 400 60" width="400" height="60">' +
      '<title>No flows</title><text x="200" y="35" text-anchor="middle" class="empty">No flows to draw</text></svg>'
    );
  }

  // Zones read left to right from the internet to the clients. Every arrow is laid out in that
  // direction (and drawn with its head at the start when it really points back), so dagre keeps each
  // zone in its own band instead of stretching a zone box across the others.
  const zoneRank = new Map(model.zones.map((z, i) => [z.name, i]));
  const zoneOf = new Map(model.zones.flatMap((z) => z.nodes.map((node) => [node.id, z.name] as const)));
  const backwards = (e: DiagramEdge) => zoneRank.get(zoneOf.get(e.from)!)! > zoneRank.get(zoneOf.get(e.to)!)!;
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 90, edgesep: 16, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const zone of model.zones) {
    g.setNode(zoneKey(zone.name), { label: zone.name, paddingTop: 34, paddingX: 16, paddingBottom: 12 });
    for (const node of zone.nodes) {
      g.setNode(node.id, nodeSize(node));
      g.setParent(node.id, zoneKey(zone.name));
    }
  }
  model.edges.forEach((e, i) => {
    const lines = shownLines(e.lines);
    const [v, w] = backwards(e) ? [e.to, e.from] : [e.from, e.to];
    g.setEdge(
      v,
      w,
      {
        width: Math.max(...lines.map((l) => textWidth(l, LABEL_FONT, true))) + 12,
        height: lines.length * (LABEL_FONT + 3) + 8,
        labelpos: 'c',
      },
      `e${i}`,
    );
  });
  dagre.layout(g);
  makeRoomForZoneLabels(g, model);

  const graph = g.graph();
  const width = Math.ceil(graph.width ?? 0);
  const height = Math.ceil(graph.height ?? 0);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="flow-diagram" role="img" aria-labelledby="diagram-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">`,
    '<title id="diagram-title">Network flows between zones and roles</title>',
    `<style>${DIAGRAM_CSS}</style>`,
    '<defs>',
    '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#3d4852"/></marker>',
    '<marker id="arrow-optional" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#8a939c"/></marker>',
    '</defs>',
  );

  out.push('<g class="zones">');
  for (const zone of model.zones) {
    const box = g.node(zoneKey(zone.name)) as NodeBox;
    const c = ZONE_COLOURS[zone.kind];
    const x = box.x - box.width / 2;
    const y = box.y - box.height / 2;
    out.push(
      `<g class="zone zone-${zone.kind}" data-zone="${escapeXml(zone.name)}">`,
      `<rect x="${n(x)}" y="${n(y)}" width="${n(box.width)}" height="${n(box.height)}" rx="10" fill="${c.fill}" stroke="${c.stroke}" stroke-width="1.5"/>`,
      `<text x="${n(x + 12)}" y="${n(y + 21)}" class="zone-label" fill="${c.text}">${escapeXml(zone.name)}</text>`,
      '</g>',
    );
  }
  out.push('</g>');

  out.push('<g class="edges">');
  model.edges.forEach((e, i) => {
    const back = backwards(e);
    const label = g.edge(back ? e.to : e.from, back ? e.from : e.to, `e${i}`) as {
      points: Array<{ x: number; y: number }>;
      x: number;
      y: number;
    };
    const cls = e.optional ? 'edge optional' : 'edge';
    const marker = `marker-${back ? 'start' : 'end'}="url(#${e.optional ? 'arrow-optional' : 'arrow'})"`;
    const tooltip = `${nodeName(model, e.from)} → ${nodeName(model, e.to)}\n${e.lines.join('\n')}\nflows: ${e.flowIds.join(', ')}`;
    out.push(
      `<g class="${cls}" data-from="${escapeXml(e.from)}" data-to="${escapeXml(e.to)}" data-boundary="${escapeXml(`${zoneOf.get(e.from)}:${zoneOf.get(e.to)}`)}">`,
      `<title>${escapeXml(tooltip)}</title>`,
      `<path d="${curve(label.points)}" fill="none" ${marker}/>`,
    );
    const lines = shownLines(e.lines);
    const w = Math.max(...lines.map((l) => textWidth(l, LABEL_FONT, true))) + 12;
    const h = lines.length * (LABEL_FONT + 3) + 8;
    out.push(
      `<rect class="edge-label" x="${n(label.x - w / 2)}" y="${n(label.y - h / 2)}" width="${n(w)}" height="${n(h)}" rx="4"/>`,
    );
    lines.forEach((line, i) => {
      const ty = label.y - h / 2 + 4 + LABEL_FONT + i * (LABEL_FONT + 3) - 1;
      out.push(`<text class="edge-text" x="${n(label.x)}" y="${n(ty)}">${escapeXml(line)}</text>`);
    });
    out.push('</g>');
  });
  out.push('</g>');

  out.push('<g class="nodes">');
  for (const zone of model.zones) {
    for (const node of zone.nodes) {
      const box = g.node(node.id) as NodeBox;
      const x = box.x - box.width / 2;
      const y = box.y - box.height / 2;
      const c = ZONE_COLOURS[zone.kind];
      out.push(
        `<g class="node" data-id="${escapeXml(node.id)}" data-role="${node.role}" data-zone="${escapeXml(zone.name)}" tabindex="0">`,
        `<title>${escapeXml([`${node.title} in ${zone.name}`, node.detail, ...node.internal].filter(Boolean).join('\n'))}</title>`,
        `<rect x="${n(x)}" y="${n(y)}" width="${n(box.width)}" height="${n(box.height)}" rx="6" fill="#ffffff" stroke="${c.stroke}" stroke-width="1.5"/>`,
        `<text class="node-title" x="${n(box.x)}" y="${n(y + 18)}">${escapeXml(node.title)}</text>`,
      );
      if (node.detail)
        out.push(
          `<text class="node-detail" x="${n(box.x)}" y="${n(y + 33)}">${escapeXml(node.detail)}</text>`,
        );
      const internal = shownLines(node.internal);
      if (internal.length > 0) {
        const top = y + (node.detail ? 40 : 26);
        out.push(
          `<line x1="${n(x + 6)}" y1="${n(top)}" x2="${n(x + box.width - 6)}" y2="${n(top)}" stroke="${c.stroke}" stroke-dasharray="3 3"/>`,
          `<text class="node-within" x="${n(box.x)}" y="${n(top + 14)}">↻ between these hosts</text>`,
        );
        internal.forEach((line, i) => {
          out.push(
            `<text class="edge-text" x="${n(box.x)}" y="${n(top + 14 + (i + 1) * LINE)}">${escapeXml(line)}</text>`,
          );
        });
      }
      out.push('</g>');
    }
  }
  out.push('</g>', '</svg>');
  return out.join('\n');
}

/** Inside the SVG, so the diagram looks the same when saved on its own. */
const DIAGRAM_CSS = [
  'text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}',
  '.zone-label{font-size:14px;font-weight:700}',
  '.node-title{font-size:13px;font-weight:600;text-anchor:middle;fill:#1f2933}',
  '.node-detail,.node-within{font-size:11px;text-anchor:middle;fill:#52606d}',
  '.edge-text{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:11px;text-anchor:middle;fill:#1f2933}',
  '.edge path{stroke:#3d4852;stroke-width:1.4}',
  '.edge.optional path{stroke:#8a939c;stroke-dasharray:6 4}',
  '.edge-label{fill:#ffffff;fill-opacity:0.94;stroke:#c3ccd5}',
  '.edge:hover path{stroke-width:3}',
  '.edge:hover .edge-label{stroke:#3d4852}',
  // A page script may dim everything but one node's arrows (class "focusing" on the svg).
  '.edge,.node{transition:opacity .15s}',
  '@media (prefers-reduced-motion:reduce){.edge,.node{transition:none}}',
  '.focusing .edge:not(.lit),.focusing .node:not(.lit){opacity:.12}',
  '.focusing .edge.lit path{stroke-width:2.4}',
  '.node:focus{outline:none}',
  '.node:focus rect{stroke-width:3}',
  '.empty{font-size:14px;fill:#52606d}',
].join('');

type LaidOut = InstanceType<typeof dagre.graphlib.Graph>;
type Box = { x: number; y: number; width: number; height: number };
type EdgePlace = { points: Array<{ x: number; y: number }>; x: number; y: number; height: number };

/** Room for a zone's name above its top node. */
const ZONE_LABEL_STRIP = 30;

/**
 * dagre knows nothing of the zone names drawn in each box's top corner, and will place a node right
 * under the border. Where that happens, a horizontal strip is opened at the zone's top edge: everything
 * below the line moves down, so nothing that did not overlap before can overlap afterwards.
 */
function makeRoomForZoneLabels(g: LaidOut, model: DiagramModel): void {
  const zoneBox = (name: string) => g.node(zoneKey(name)) as Box;
  const ordered = [...model.zones].sort((a, b) => top(zoneBox(a.name)) - top(zoneBox(b.name)));
  for (const zone of ordered) {
    const zoneTop = top(zoneBox(zone.name));
    const firstNode = Math.min(...zone.nodes.map((node) => top(g.node(node.id) as Box)));
    const extra = zoneTop + ZONE_LABEL_STRIP - firstNode;
    if (extra > 0) openStrip(g, model, zoneTop, extra);
  }
}

function openStrip(g: LaidOut, model: DiagramModel, line: number, dy: number): void {
  const below = (y: number) => (y > line ? y + dy : y);
  for (const zone of model.zones) {
    const box = g.node(zoneKey(zone.name)) as Box;
    const t = below(top(box));
    const b = below(box.y + box.height / 2);
    box.y = (t + b) / 2;
    box.height = b - t;
    for (const node of zone.nodes) {
      const nb = g.node(node.id) as Box;
      if (top(nb) > line) nb.y += dy;
    }
  }
  for (const e of g.edges()) {
    const place = g.edge(e) as EdgePlace;
    for (const p of place.points ?? []) p.y = below(p.y);
    if (place.y - (place.height ?? 0) / 2 > line) place.y += dy;
  }
  const graph = g.graph() as { height?: number };
  graph.height = (graph.height ?? 0) + dy;
}

function top(box: Box): number {
  return box.y - box.height / 2;
}

function nodeSize(node: DiagramNode): { width: number; height: number } {
  const internal = shownLines(node.internal);
  const widths = [
    textWidth(node.title, NODE_FONT) + 10,
    textWidth(node.detail, DETAIL_FONT),
    ...internal.map((l) => textWidth(l, LABEL_FONT, true)),
    internal.length > 0 ? textWidth('↻ between these hosts', DETAIL_FONT) : 0,
  ];
  const header = node.detail ? 40 : 26;
  const body = internal.length > 0 ? 14 + internal.length * LINE + 8 : 2;
  return { width: Math.max(120, ...widths) + 20, height: header + body };
}

function zoneKey(zone: string): string {
  return `zone:${zone}`;
}

function nodeName(model: DiagramModel, id: string): string {
  for (const z of model.zones)
    for (const node of z.nodes) if (node.id === id) return `${node.title} (${z.name})`;
  return id;
}

/** A smooth path through dagre's points (a Catmull-Rom spline turned into cubic Béziers). */
function curve(points: ReadonlyArray<{ x: number; y: number }>): string {
  if (points.length === 0) return '';
  const p = points;
  let d = `M${n(p[0]!.x)},${n(p[0]!.y)}`;
  for (let i = 0; i < p.length - 1; i++) {
    const p0 = p[i - 1] ?? p[i]!;
    const p1 = p[i]!;
    const p2 = p[i + 1]!;
    const p3 = p[i + 2] ?? p2;
    const c1x = p1.x + (p2.x - p0.x) / 6;
    const c1y = p1.y + (p2.y - p0.y) / 6;
    const c2x = p2.x - (p3.x - p1.x) / 6;
    const c2y = p2.y - (p3.y - p1.y) / 6;
    d += ` C${n(c1x)},${n(c1y)} ${n(c2x)},${n(c2y)} ${n(p2.x)},${n(p2.y)}`;
  }
  return d;
}

/** One decimal place: enough for a screen, and stable text for the golden files. */
function n(value: number): string {
  const r = Math.round(value * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

/** Escapes text for XML and HTML alike (element content and quoted attributes). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
