import { compareText } from '../../text/order.js';
import type {
  Arrow,
  DiagramView,
  FirewallView,
  OverviewView,
  ViewNode,
  ZoneBlock,
  ZoneKind,
} from './model.js';

/**
 * Geometry and SVG for the diagram views. Columns and rows are placed by arithmetic, not by a graph
 * layout engine: the vendor's picture is a fixed grid (zones left to right, firewalls as bars between
 * them), and a grid can be held to a page width, which a general layout cannot. Every view fits
 * `MAX_WIDTH` so that a 1,280 px window shows it at actual size, text never under 11 px.
 */

/** 1,280 px window less the page's margins, the diagram frame and a scroll bar. */
export const MAX_WIDTH = 1180;
const MARGIN = 12;
const INNER = MAX_WIDTH - 2 * MARGIN;
const TITLE_FONT = 13;
const SMALL_FONT = 11;
const LINE = 14;
/** Arrow labels list at most this many lines; the tooltip has the rest. */
const MAX_LABEL_LINES = 4;
/** Zone headers in the overview list at most this many roles. */
const MAX_ROLE_LINES = 12;

export const ZONE_COLOURS: Readonly<Record<ZoneKind, { fill: string; stroke: string; text: string }>> = {
  internet: { fill: '#fdf0ef', stroke: '#c0504d', text: '#8c2d2a' },
  perimeter: { fill: '#fdf5e6', stroke: '#d08c2b', text: '#7a4e0f' },
  servers: { fill: '#eef4fb', stroke: '#4a7ab5', text: '#234b7a' },
  clients: { fill: '#eef8f0', stroke: '#4f9a5c', text: '#2c6436' },
};

/** Required arrows dark blue, optional ones grey and dashed; the firewall a dark brick bar. */
export const ARROW_COLOURS = { required: '#1f4e8c', optional: '#69737d' } as const;
const BAR_COLOUR = '#7b2d26';

export function renderViewSvg(view: DiagramView): string {
  return view.body.kind === 'overview' ? overviewSvg(view, view.body) : firewallSvg(view, view.body);
}

// ---------------------------------------------------------------------------------------------------
// Firewall view: sides as columns, the firewall a bar between them, labels stacked on the bar

interface Placed {
  node: ViewNode;
  x: number;
  y: number;
  w: number;
  h: number;
}

interface PlacedZone {
  zone: ZoneBlock;
  x: number;
  y: number;
  w: number;
  h: number;
}

const ZONE_HEAD = 26;
const ZONE_PAD = 10;
const NODE_GAP = 8;
const ZONE_GAP = 12;

function nodeHeight(node: ViewNode): number {
  return node.detail ? 40 : 26;
}

function zoneHeight(zone: ZoneBlock): number {
  if (zone.nodes.length === 0) return ZONE_HEAD + LINE + ZONE_PAD;
  const nodes = zone.nodes.reduce((sum, node) => sum + nodeHeight(node), 0);
  return ZONE_HEAD + nodes + NODE_GAP * (zone.nodes.length - 1) + ZONE_PAD;
}

function firewallSvg(view: DiagramView, body: FirewallView): string {
  const fw = body.firewall;
  const count = body.columns.length;
  const colW = count <= 2 ? 330 : Math.max(180, Math.floor((INNER - (count - 1) * 260) / count));
  const gapW = count > 1 ? (INNER - count * colW) / (count - 1) : 0;
  const colX = body.columns.map((_, i) => MARGIN + i * (colW + gapW));
  const barX = colX.slice(0, -1).map((x) => x + colW + gapW / 2);
  const labelMax = Math.min(360, gapW - 70);

  const labels = body.arrows.map((a) => {
    const lines = capLines(a.lines.flatMap((l) => wrap(l, SMALL_FONT, labelMax - 14, true)));
    const w = Math.max(...lines.map((l) => textWidth(l, SMALL_FONT, true))) + 14;
    return { arrow: a, lines, w, h: lines.length * LINE + 8, gap: labelGap(a) };
  });
  const stackHeight = (gap: number) =>
    labels.filter((l) => l.gap === gap).reduce((sum, l) => sum + l.h + 10, 0);
  const columnHeight = body.columns.map(
    (c) => c.zones.reduce((sum, z) => sum + zoneHeight(z), 0) + ZONE_GAP * Math.max(0, c.zones.length - 1),
  );
  const top = MARGIN + 48;
  const bodyH = Math.max(60, ...columnHeight, ...barX.map((_, g) => stackHeight(g)));

  // Columns and label stacks are centred in the body, so short sides face the middle of the bar.
  const zones: PlacedZone[] = [];
  const nodes = new Map<string, Placed>();
  body.columns.forEach((c, i) => {
    let y = top + (bodyH - columnHeight[i]!) / 2;
    for (const zone of c.zones) {
      const h = zoneHeight(zone);
      zones.push({ zone, x: colX[i]!, y, w: colW, h });
      let ny = y + ZONE_HEAD;
      for (const node of zone.nodes) {
        const nh = nodeHeight(node);
        nodes.set(node.id, { node, x: colX[i]! + ZONE_PAD, y: ny, w: colW - 2 * ZONE_PAD, h: nh });
        ny += nh + NODE_GAP;
      }
      y += h + ZONE_GAP;
    }
  });
  const centre = (id: string) => {
    const p = nodes.get(id)!;
    return p.y + p.h / 2;
  };
  // Labels stack on their bar in the order of the rows they join, which keeps crossings few.
  const stacked = new Map<Arrow, { x: number; y: number; w: number; h: number; lines: string[] }>();
  barX.forEach((bx, gap) => {
    const mine = labels
      .filter((l) => l.gap === gap)
      .sort(
        (a, b) =>
          centre(a.arrow.from) + centre(a.arrow.to) - centre(b.arrow.from) - centre(b.arrow.to) ||
          compareText(a.arrow.from, b.arrow.from) ||
          compareText(a.arrow.to, b.arrow.to),
      );
    let y = top + (bodyH - stackHeight(gap)) / 2 + 5;
    for (const l of mine) {
      stacked.set(l.arrow, { x: bx - l.w / 2, y, w: l.w, h: l.h, lines: l.lines });
      y += l.h + 10;
    }
  });
  // Where each arrow meets its nodes: spread along the edge it leaves or enters by, in label order.
  const ends = new Map<string, Arrow[]>();
  const attach = (id: string, side: 'l' | 'r', a: Arrow) => {
    const key = `${id}\u0000${side}`;
    ends.set(key, [...(ends.get(key) ?? []), a]);
  };
  for (const a of body.arrows) {
    const right = a.toColumn > a.fromColumn;
    attach(a.from, right ? 'r' : 'l', a);
    attach(a.to, right ? 'l' : 'r', a);
  }
  const endY = (id: string, side: 'l' | 'r', a: Arrow) => {
    const list = [...ends.get(`${id}\u0000${side}`)!].sort((p, q) => stacked.get(p)!.y - stacked.get(q)!.y);
    const p = nodes.get(id)!;
    return p.y + (p.h * (list.indexOf(a) + 1)) / (list.length + 1);
  };

  const width = MAX_WIDTH;
  const height = Math.ceil(top + bodyH + MARGIN);
  const out = svgOpen(view, width, height);
  out.push('<g class="columns">');
  body.columns.forEach((c, i) => {
    out.push(
      `<text class="column-title" x="${n(colX[i]! + colW / 2)}" y="${n(MARGIN + 16)}">${esc(fitText(c.title, TITLE_FONT, colW))}</text>`,
    );
  });
  out.push('</g>', '<g class="zones">');
  for (const z of zones) out.push(...zoneBox(z));
  out.push('</g>', '<g class="bars">');
  const kind = fw.kind === 'host' ? 'host firewall' : fw.derived ? 'assumed firewall' : 'firewall';
  barX.forEach((bx) => {
    out.push(
      `<g class="bar" data-firewall="${esc(fw.name)}">`,
      `<title>${esc(`${kind} ${fw.name}, ${fw.platform}`)}</title>`,
      `<text class="bar-name" x="${n(bx)}" y="${n(MARGIN + 16)}">${esc(fitText(fw.name, TITLE_FONT, gapW - 8))}</text>`,
      `<text class="bar-platform" x="${n(bx)}" y="${n(MARGIN + 31)}">${esc(fitText(`${kind} · ${fw.platform}`, SMALL_FONT, gapW - 8))}</text>`,
      `<rect x="${n(bx - 6)}" y="${n(top - 6)}" width="12" height="${n(bodyH + 12)}" rx="3" fill="${BAR_COLOUR}"/>`,
      '</g>',
    );
  });
  out.push('</g>', '<g class="edges">');
  const markers = markerIds(view);
  for (const a of body.arrows) {
    const label = stacked.get(a)!;
    const right = a.toColumn > a.fromColumn;
    const s = nodes.get(a.from)!;
    const t = nodes.get(a.to)!;
    const sx = right ? s.x + s.w : s.x;
    const sy = endY(a.from, right ? 'r' : 'l', a);
    const tx = right ? t.x : t.x + t.w;
    const ty = endY(a.to, right ? 'l' : 'r', a);
    const ly = label.y + label.h / 2;
    const [inX, outX] = right ? [label.x, label.x + label.w] : [label.x + label.w, label.x];
    const d1 = (inX - sx) / 2;
    const d2 = (tx - outX) / 2;
    const path =
      `M${n(sx)},${n(sy)} C${n(sx + d1)},${n(sy)} ${n(inX - d1)},${n(ly)} ${n(inX)},${n(ly)}` +
      ` L${n(outX)},${n(ly)} C${n(outX + d2)},${n(ly)} ${n(tx - d2)},${n(ty)} ${n(tx)},${n(ty)}`;
    const from = nodes.get(a.from)!.node;
    const to = nodes.get(a.to)!.node;
    const tip = `${from.title} (${from.zone}) → ${to.title} (${to.zone})\n${a.carried.join('\n')}\nflows: ${someIds(a.flowIds)}`;
    out.push(
      `<g class="edge${a.optional ? ' optional' : ''}" data-from="${esc(a.from)}" data-to="${esc(a.to)}" data-boundary="${esc(a.boundary)}">`,
      `<title>${esc(tip)}</title>`,
      `<path d="${path}" fill="none" marker-end="url(#${a.optional ? markers.optional : markers.required})"/>`,
      `<rect class="edge-label" x="${n(label.x)}" y="${n(label.y)}" width="${n(label.w)}" height="${n(label.h)}" rx="4"/>`,
      ...label.lines.map(
        (line, i) =>
          `<text class="edge-text" x="${n(label.x + label.w / 2)}" y="${n(label.y + 4 + SMALL_FONT + i * LINE)}">${esc(line)}</text>`,
      ),
      '</g>',
    );
  }
  out.push('</g>', '<g class="nodes">');
  for (const p of nodes.values()) out.push(...nodeBox(p));
  out.push('</g>');
  if (body.arrows.length === 0)
    out.push(
      `<text class="empty" x="${n(MAX_WIDTH / 2)}" y="${n(top + bodyH / 2)}">No flow of the plan passes this firewall</text>`,
    );
  out.push('</svg>');
  return out.join('\n');
}

/** The bar an arrow's label sits on: the first one it crosses. */
function labelGap(a: Arrow): number {
  return a.toColumn > a.fromColumn ? a.fromColumn : a.fromColumn - 1;
}

function zoneBox(z: PlacedZone): string[] {
  const c = ZONE_COLOURS[z.zone.kind];
  const out = [
    `<g class="zone zone-${z.zone.kind}" data-zone="${esc(z.zone.name)}">`,
    `<rect x="${n(z.x)}" y="${n(z.y)}" width="${n(z.w)}" height="${n(z.h)}" rx="8" fill="${c.fill}" stroke="${c.stroke}" stroke-width="1.5"/>`,
    `<text x="${n(z.x + 10)}" y="${n(z.y + 18)}" class="zone-label" fill="${c.text}">${esc(fitText(z.zone.name, TITLE_FONT, z.w - 20))}</text>`,
  ];
  if (z.zone.nodes.length === 0)
    out.push(
      `<text x="${n(z.x + 10)}" y="${n(z.y + ZONE_HEAD + SMALL_FONT)}" class="node-detail start">no flow through this firewall</text>`,
    );
  out.push('</g>');
  return out;
}

/**
 * Host names a box's tooltip lists, then "… and K more": a role of a large deployment has tens of
 * thousands of hosts, and each view would carry them all (megabytes per drawing).
 */
export const MAX_TIP_HOSTS = 30;

/** At most MAX_TIP_HOSTS flow ids for an arrow's tooltip (an overview arrow carries 100,000s). */
function someIds(ids: readonly string[]): string {
  if (ids.length <= MAX_TIP_HOSTS) return ids.join(', ');
  return `${ids.slice(0, MAX_TIP_HOSTS - 1).join(', ')}, … and ${ids.length - (MAX_TIP_HOSTS - 1)} more`;
}

function nodeBox(p: Placed): string[] {
  const { node } = p;
  const more = node.hosts.length > MAX_TIP_HOSTS ? node.hosts.length - (MAX_TIP_HOSTS - 1) : 0;
  const hosts = more > 0 ? [...node.hosts.slice(0, MAX_TIP_HOSTS - 1), `… and ${more} more`] : node.hosts;
  const tip = [`${node.title} in ${node.zone}`, node.detail, ...hosts].filter(Boolean).join('\n');
  const out = [
    `<g class="node" data-id="${esc(node.id)}" data-role="${node.role}" data-zone="${esc(node.zone)}" tabindex="0">`,
    `<title>${esc(tip)}</title>`,
    `<rect x="${n(p.x)}" y="${n(p.y)}" width="${n(p.w)}" height="${n(p.h)}" rx="5" fill="#ffffff" stroke="#7b8794" stroke-width="1.2"/>`,
    `<text class="node-title" x="${n(p.x + p.w / 2)}" y="${n(p.y + 17)}">${esc(fitText(node.title, TITLE_FONT, p.w - 10))}</text>`,
  ];
  if (node.detail)
    out.push(
      `<text class="node-detail" x="${n(p.x + p.w / 2)}" y="${n(p.y + 32)}">${esc(fitText(node.detail, SMALL_FONT, p.w - 10))}</text>`,
    );
  out.push('</g>');
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Overview: zones as swim lanes left to right, firewalls as bars, one arrow per zone pair

function overviewSvg(view: DiagramView, body: OverviewView): string {
  const count = body.zones.length;
  if (count === 0) {
    const out = svgOpen(view, 400, 60);
    out.push(`<text x="200" y="35" class="empty">No flows to draw</text>`, '</svg>');
    return out.join('\n');
  }
  const gapW = 22;
  const colW = Math.min(260, Math.floor((INNER - (count - 1) * gapW) / count));
  const width = Math.ceil(2 * MARGIN + count * colW + (count - 1) * gapW);
  const colX = body.zones.map((_, i) => MARGIN + i * (colW + gapW));
  const centreX = colX.map((x) => x + colW / 2);
  const columnOf = new Map(body.zones.map((z, i) => [z.name, i]));

  const headers = body.zones.map((z) => {
    const name = wrap(z.name, TITLE_FONT, colW - 16, false, true);
    const shown =
      z.roles.length > MAX_ROLE_LINES
        ? [...z.roles.slice(0, MAX_ROLE_LINES - 1), `+${z.roles.length - MAX_ROLE_LINES + 1} more roles`]
        : z.roles;
    const roles = shown.flatMap((r) => wrap(r, SMALL_FONT, colW - 16, false));
    const hostFw = z.hostFirewalls.flatMap((f) => wrap(`host firewall ${f}`, SMALL_FONT, colW - 16, false));
    return { name, roles, hostFw };
  });
  // Written along the bar; several firewalls in one gap are counted, their names in the tooltip.
  const barText = body.bars.map((b) => {
    const only = b.firewalls.length === 1 ? b.firewalls[0]! : undefined;
    if (only) {
      const full = `${only.name} · ${only.platform}`;
      return textWidth(full, SMALL_FONT) <= 300 ? full : fitText(only.name, SMALL_FONT, 300);
    }
    const names = b.firewalls.map((f) => f.name).join(' · ');
    return textWidth(names, SMALL_FONT) <= 300 ? names : `${b.firewalls.length} firewalls`;
  });
  const headerH = Math.max(
    ...headers.map((h) => 12 + h.name.length * 17 + 4 + (h.roles.length + h.hostFw.length) * LINE + 6),
    ...barText.map((t) => textWidth(t, SMALL_FONT) + 16),
  );
  const top = MARGIN;
  const lanesTop = top + headerH + 14;

  const lanes = body.lanes.map((lane) => {
    const a = columnOf.get(lane.from)!;
    const b = columnOf.get(lane.to)!;
    // A label may be wider than the arrow under it: two neighbouring columns are narrow.
    const span = Math.max(Math.abs(centreX[b]! - centreX[a]!) - 12, 300);
    const head = `${lane.flows} flow${lane.flows === 1 ? '' : 's'}${lane.optional > 0 ? ` (${lane.optional} optional)` : ''}`;
    const ports = capLines(
      lane.lines.flatMap((l) => wrap(l, SMALL_FONT, span, true)),
      MAX_LABEL_LINES - 1,
    );
    return { lane, a, b, lines: [head, ...ports] };
  });
  let y = lanesTop;
  const laneY = lanes.map((l) => {
    const at = y;
    y += l.lines.length * LINE + 22;
    return at;
  });
  const bottom = Math.max(y, lanesTop + 30);
  const height = Math.ceil(bottom + MARGIN);

  const out = svgOpen(view, width, height);
  out.push('<g class="zones">');
  body.zones.forEach((z, i) => {
    const c = ZONE_COLOURS[z.kind];
    const h = headers[i]!;
    const x = colX[i]!;
    out.push(
      `<g class="zone zone-${z.kind}" data-zone="${esc(z.name)}">`,
      `<rect class="lane-bg" x="${n(x)}" y="${n(top)}" width="${n(colW)}" height="${n(bottom - top)}" rx="8" fill="${c.fill}" stroke="${c.stroke}" stroke-width="1.5"/>`,
      `<g class="node" data-id="${esc(z.name)}" data-zone="${esc(z.name)}" tabindex="0">`,
      `<title>${esc([z.name, ...z.roles, ...z.hostFirewalls.map((f) => `host firewall ${f}`)].join('\n'))}</title>`,
      `<rect x="${n(x + 4)}" y="${n(top + 4)}" width="${n(colW - 8)}" height="${n(headerH - 4)}" rx="6" fill="#ffffff" stroke="${c.stroke}"/>`,
      ...h.name.map(
        (line, k) =>
          `<text class="zone-label" x="${n(x + 10)}" y="${n(top + 20 + k * 17)}" fill="${c.text}">${esc(line)}</text>`,
      ),
      ...h.roles.map(
        (line, k) =>
          `<text class="node-detail start" x="${n(x + 10)}" y="${n(top + 12 + h.name.length * 17 + 4 + (k + 1) * LINE - 3)}">${esc(line)}</text>`,
      ),
      ...h.hostFw.map(
        (line, k) =>
          `<text class="host-firewall" x="${n(x + 10)}" y="${n(top + 12 + h.name.length * 17 + 4 + (h.roles.length + k + 1) * LINE - 3)}">${esc(line)}</text>`,
      ),
      '</g>',
      '</g>',
    );
  });
  out.push('</g>', '<g class="bars">');
  body.bars.forEach((b, i) => {
    const bx = colX[b.gap]! + colW + gapW / 2;
    const tip = b.firewalls.map(
      (f) => `${f.derived ? 'assumed firewall' : 'firewall'} ${f.name}, ${f.platform}`,
    );
    const ty = top + 8;
    out.push(
      `<g class="bar" data-firewall="${esc(b.firewalls.map((f) => f.name).join(' '))}">`,
      `<title>${esc(tip.join('\n'))}</title>`,
      `<rect x="${n(bx - 8)}" y="${n(top)}" width="16" height="${n(bottom - top)}" rx="3" fill="${BAR_COLOUR}"/>`,
      `<text class="bar-text" transform="translate(${n(bx - 4)},${n(ty)}) rotate(90)">${esc(barText[i]!)}</text>`,
      '</g>',
    );
  });
  out.push('</g>', '<g class="edges">');
  const markers = markerIds(view);
  lanes.forEach(({ lane, a, b, lines }, i) => {
    const ly = laneY[i]!;
    const ay = ly + lines.length * LINE + 10;
    const x1 = centreX[a]!;
    const x2 = centreX[b]!;
    const w = Math.max(...lines.map((l) => textWidth(l, SMALL_FONT, true))) + 12;
    // Centred over the arrow, but never past the diagram's edges.
    const left = Math.min(Math.max((x1 + x2) / 2 - w / 2, MARGIN), width - MARGIN - w);
    const mid = left + w / 2;
    const optional = lane.optional === lane.flows;
    out.push(
      `<g class="edge${optional ? ' optional' : ''}" data-from="${esc(lane.from)}" data-to="${esc(lane.to)}" data-boundary="${esc(`${lane.from}:${lane.to}`)}">`,
      `<title>${esc(`${lane.from} → ${lane.to}: ${lines[0]}\n${lane.lines.join('\n')}\nflows: ${someIds(lane.flowIds)}`)}</title>`,
      `<circle cx="${n(x1)}" cy="${n(ay)}" r="3.5"/>`,
      `<path d="M${n(x1)},${n(ay)} L${n(x2)},${n(ay)}" fill="none" marker-end="url(#${optional ? markers.optional : markers.required})"/>`,
      `<rect class="lane-label" x="${n(left)}" y="${n(ly)}" width="${n(w)}" height="${n(lines.length * LINE + 4)}" rx="3"/>`,
      ...lines.map(
        (line, k) =>
          `<text class="${k === 0 ? 'lane-head' : 'edge-text'}" x="${n(mid)}" y="${n(ly + (k + 1) * LINE - 1)}">${esc(line)}</text>`,
      ),
      '</g>',
    );
  });
  out.push('</g>', '</svg>');
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Shared pieces

function markerIds(view: DiagramView): { required: string; optional: string } {
  // Marker ids are page-wide, and a marker inside a hidden view is not drawn: one pair per view.
  return { required: `arrow-${view.id}`, optional: `arrow-optional-${view.id}` };
}

function svgOpen(view: DiagramView, width: number, height: number): string[] {
  const m = markerIds(view);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="flow-diagram" role="img" aria-labelledby="${view.id}-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">`,
    `<title id="${view.id}-title">${esc(view.title)}</title>`,
    `<style>${DIAGRAM_CSS}</style>`,
    '<defs>',
    `<marker id="${m.required}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${ARROW_COLOURS.required}"/></marker>`,
    `<marker id="${m.optional}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${ARROW_COLOURS.optional}"/></marker>`,
    '</defs>',
  ];
}

/** Inside each SVG, so a view looks the same when saved on its own. */
const DIAGRAM_CSS = [
  'text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}',
  '.zone-label{font-size:13px;font-weight:700}',
  '.column-title{font-size:13px;font-weight:700;text-anchor:middle;fill:#1f2933}',
  '.bar-name{font-size:13px;font-weight:700;text-anchor:middle;fill:#7b2d26}',
  '.bar-platform{font-size:11px;text-anchor:middle;fill:#52606d}',
  '.bar-text{font-size:11px;font-weight:600;fill:#ffffff}',
  '.host-firewall{font-size:11px;font-weight:600;fill:#7b2d26}',
  '.node-title{font-size:13px;font-weight:600;text-anchor:middle;fill:#1f2933}',
  '.node-detail{font-size:11px;text-anchor:middle;fill:#4a5561}',
  '.start{text-anchor:start}',
  '.lane-head{font-size:11px;font-weight:700;text-anchor:middle;fill:#1f2933}',
  '.edge-text{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:11px;text-anchor:middle;fill:#1f2933}',
  '.lane-label{fill:#ffffff;fill-opacity:.92}',
  `.edge path{stroke:${ARROW_COLOURS.required};stroke-width:1.6}`,
  `.edge circle{fill:${ARROW_COLOURS.required}}`,
  `.edge.optional path{stroke:${ARROW_COLOURS.optional};stroke-dasharray:6 4}`,
  `.edge.optional circle{fill:${ARROW_COLOURS.optional}}`,
  `.edge-label{fill:#ffffff;stroke:${ARROW_COLOURS.required}}`,
  `.edge.optional .edge-label{stroke:${ARROW_COLOURS.optional};stroke-dasharray:4 3}`,
  '.edge:hover path{stroke-width:3}',
  // A page script may dim everything but one node's arrows (class "focusing" on the svg).
  '.edge,.node{transition:opacity .15s}',
  '@media (prefers-reduced-motion:reduce){.edge,.node{transition:none}}',
  '.focusing .edge:not(.lit),.focusing .node:not(.lit){opacity:.15}',
  '.focusing .edge.lit path{stroke-width:2.6}',
  '.node:focus{outline:none}',
  '.node:focus rect{stroke-width:3}',
  '.empty{font-size:14px;fill:#52606d;text-anchor:middle}',
].join('');

/** Rough text widths, since there is no DOM to measure with: generous so text never spills. */
export function textWidth(text: string, fontSize: number, monospace = false): number {
  return Math.ceil(Array.from(text).length * fontSize * (monospace ? 0.62 : 0.6));
}

/** The text, or as much of it as fits followed by "…". */
export function fitText(text: string, fontSize: number, width: number, monospace = false): string {
  if (textWidth(text, fontSize, monospace) <= width) return text;
  const chars = Array.from(text);
  let keep = chars.length;
  while (keep > 1 && textWidth(`${chars.slice(0, keep).join('')}…`, fontSize, monospace) > width) keep--;
  return `${chars.slice(0, keep).join('')}…`;
}

/**
 * Lines no wider than `width`, broken after a comma, a space or (for names) a hyphen or a dot: a port
 * list wraps between ports, never inside a range. A piece too long on its own is cut with "…".
 */
export function wrap(
  text: string,
  fontSize: number,
  width: number,
  monospace: boolean,
  names = false,
): string[] {
  const pieces = text.match(names ? /[^,\s\-._]*[,\s\-._]?/g : /[^,\s]*[,\s]?/g)!.filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const piece of pieces) {
    if (line && textWidth((line + piece).trimEnd(), fontSize, monospace) > width) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += piece;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines.map((l) => fitText(l, fontSize, width, monospace));
}

function capLines(lines: readonly string[], max = MAX_LABEL_LINES): string[] {
  if (lines.length <= max) return [...lines];
  return [...lines.slice(0, max - 1), `… ${lines.length - max + 1} more lines (hover)`];
}

/** One decimal place: enough for a screen, and stable text for the golden files. */
function n(value: number): string {
  const r = Math.round(value * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

/** Escapes text for XML and HTML alike (element content and quoted attributes). */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
