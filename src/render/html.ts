import { provenanceText } from '../catalog/cite.js';
import type { CatalogEntry } from '../catalog/types.js';
import { boundaryKey, type Endpoint } from '../model/flow.js';
import type { Plan } from '../model/plan.js';
import { PortSet, portRangesText } from '../model/ports.js';
import { boundaryTitle as boundaryLabel, byBoundary, productName } from './boundaries.js';
import { MAX_SITE_VIEWS } from './diagram/model.js';
import {
  ARROW_COLOURS,
  type DrawnView,
  escapeXml as escapeHtml,
  renderDiagramViews,
  ZONE_COLOURS,
  type ZoneKind,
} from './svg.js';
import { defineRenderer, type RenderOptions, textStream } from './types.js';

/**
 * One self-contained page: summary, diagram, a sortable and filterable flow table, the catalog entries
 * behind the flows and the IPsec exemptions. Everything is inline and a Content-Security-Policy forbids
 * any fetch, so the page works offline and can be mailed to a firewall team as it is.
 */

export const htmlRenderer = defineRenderer({
  name: 'html',
  extension: 'html',
  description: 'self-contained web page: a diagram of zones and flows, and a sortable, filterable flow table',
  binary: false,
  render: (plan: Plan, options: RenderOptions) => textStream(() => htmlChunks(plan, options)),
});

const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

/** Columns of the flow table; `sort` says how the page script compares the cells. */
const FLOW_COLUMNS: ReadonlyArray<{ title: string; sort: 'text' | 'number' }> = [
  { title: 'Boundary', sort: 'text' },
  { title: 'Source', sort: 'text' },
  { title: 'Source addresses', sort: 'text' },
  { title: 'Destination', sort: 'text' },
  { title: 'Destination addresses', sort: 'text' },
  { title: 'Transport', sort: 'text' },
  { title: 'Ports', sort: 'number' },
  { title: 'Protocol', sort: 'text' },
  { title: 'Purpose', sort: 'text' },
  { title: 'Requirements', sort: 'text' },
  { title: 'Flow', sort: 'text' },
];

/** The whole page as one string, for small plans and the tests. */
export function renderHtml(plan: Plan, options: RenderOptions = {}): string {
  return [...htmlChunks(plan, options)].join('');
}

/**
 * The page a piece at a time. The flow table is not written as HTML rows: a 750,000-flow table would
 * make a page of gigabytes that no browser opens. The flows are a compact data island instead
 * (`<script type="application/json" id="flow-data">`, endpoints and repeated texts listed once and
 * referred to by index) from which the page script makes the rows of one page of the table at a
 * time; sorting and filtering work on the data.
 */
export function* htmlChunks(plan: Plan, options: RenderOptions = {}): Generator<string> {
  const topology = plan.topology;
  const title = options.title ?? `Network flows for ${topology.name}`;
  const groups = byBoundary(plan.flows);
  const optional = plan.flows.filter((f) => f.optional).length;
  const product = productName(plan);

  const parts: string[] = [];
  parts.push(
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="sfbports">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${PAGE_CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="facts"><span>${escapeHtml(topology.name)}</span><span>${escapeHtml(product)}</span>` +
      `<span>${plan.flows.length} flows (${plan.flows.length - optional} required, ${optional} optional)</span>` +
      `<span>${groups.length} firewall ${groups.length === 1 ? 'boundary' : 'boundaries'}</span></p>`,
    '</header>',
    '<main>',
  );

  parts.push('<section id="boundaries">', '<h2>Firewall boundaries</h2>');
  if (groups.length === 0)
    parts.push('<p class="none">The topology needs no network flow from the catalog.</p>');
  else {
    parts.push(
      '<table class="summary"><thead><tr><th>Boundary</th><th class="num">Flows</th><th class="num">Required</th><th class="num">Optional</th></tr></thead><tbody>',
    );
    for (const g of groups) {
      const opt = g.flows.filter((f) => f.optional).length;
      parts.push(
        `<tr><td><a href="#flows" data-boundary="${escapeHtml(boundaryKey(g.boundary))}">${escapeHtml(boundaryLabel(g.boundary))}</a></td>` +
          `<td class="num">${g.flows.length}</td><td class="num">${g.flows.length - opt}</td><td class="num">${opt}</td></tr>`,
      );
    }
    parts.push('</tbody></table>');
  }
  parts.push('</section>');

  const views = renderDiagramViews(plan);
  parts.push(
    '<section id="diagram">',
    '<h2>Diagram</h2>',
    '<p class="hint">One view at a time: the overview shows the zones from the internet inwards with the firewalls between them and one arrow per pair of zones; each firewall view shows its sides as columns and one arrow per group of flows crossing it, labelled with transport and destination ports. An arrow points from the hosts that open the connection to the hosts that listen. Dashed grey arrows carry only optional flows. Hover a box to light up its arrows, and an arrow for every flow it carries.</p>',
    '<p class="diagram-tools">',
    `<label>View <select id="view-chooser" autocomplete="off">${views.map((v) => `<option value="${v.view.id}">${escapeHtml(v.view.label)}</option>`).join('')}</select></label>`,
    '<label><input type="checkbox" id="view-narrows" checked autocomplete="off"> show only this view’s flows in the table</label>',
    '</p>',
    ...(topology.sites.length > MAX_SITE_VIEWS
      ? [
          `<p class="hint">The deployment has ${topology.sites.length} sites: a view per site is drawn up to ${MAX_SITE_VIEWS} sites; <code>sfbports report --site NAME --format html</code> draws one.</p>`,
        ]
      : []),
    '<div class="diagram" id="diagram-box">',
  );
  // A piece per view: the drawings of a large deployment together are megabytes.
  yield `${parts.join('\n')}\n`;
  parts.length = 0;
  for (const [i, v] of views.entries())
    yield `<figure class="view" id="view-${v.view.id}" data-view="${v.view.id}" data-label="${escapeHtml(v.view.label)}"${i === 0 ? '' : ' hidden'}>` +
      `<figcaption>${escapeHtml(v.view.title)}</figcaption>${v.svg}</figure>\n`;
  parts.push('</div>', diagramLegend(), '</section>');

  parts.push(
    '<section id="flows">',
    '<h2>Flows</h2>',
    '<div class="controls">',
    '<label>Filter <input type="search" id="flow-filter" placeholder="port, host, protocol, purpose…" autocomplete="off"></label>',
    '<label>Boundary <select id="boundary-filter"><option value="">all</option>',
    ...groups.map(
      (g) =>
        `<option value="${escapeHtml(boundaryKey(g.boundary))}">${escapeHtml(boundaryLabel(g.boundary))}</option>`,
    ),
    '</select></label>',
    '<label><input type="checkbox" id="hide-optional"> hide optional flows</label>',
    `<span id="flow-count" aria-live="polite">${plan.flows.length} of ${plan.flows.length} flows</span>`,
    '</div>',
    '<div class="table-wrap"><table id="flow-table" class="sortable">',
    `<thead><tr>${FLOW_COLUMNS.map(
      (c, i) =>
        `<th scope="col" data-sort="${c.sort}" aria-sort="none"><button type="button" data-column="${i}">${c.title}</button></th>`,
    ).join('')}</tr></thead>`,
    '<tbody>',
  );
  parts.push(
    '</tbody></table></div>',
    `<p class="pager" id="flow-pager"><button type="button" id="page-previous">previous ${PAGE_ROWS}</button> <span id="page-range"></span> <button type="button" id="page-next">next ${PAGE_ROWS}</button></p>`,
    '<noscript><p class="none">The flow table is made by the page script from the data below it; the CSV and JSON reports list the same flows.</p></noscript>',
    '<script type="application/json" id="flow-data">',
  );
  yield `${parts.join('\n')}\n`;
  yield* flowData(groups, views);
  yield '\n</script>\n</section>\n';
  yield `${[
    catalogSection(plan),
    ipsecSection(plan),
    notPlannedSection(plan),
    '</main>',
    `<footer>Generated by sfbports. Ports are destination ports; replies need no rule on a stateful firewall. Every flow names the catalog entries behind it.</footer>`,
    `<script>${PAGE_SCRIPT}</script>`,
    '</body>',
    '</html>',
  ].join('\n')}\n`;
}

/** Rows the table shows at once; the pager moves through the rest. */
const PAGE_ROWS = 200;

/** JSON inside a script element: "<" escaped so no text can close the element or open a comment. */
function islandJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Texts a table repeats (zones, protocols, purposes, requirement lists) listed once, by index. */
class Texts {
  readonly list: string[] = [];
  readonly #index = new Map<string, number>();
  of(text: string): number {
    let i = this.#index.get(text);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(text);
      this.#index.set(text, i);
    }
    return i;
  }
}

/**
 * The flow table's data, a piece per flow: `{"flows": [[id, boundary, source, destination, transport,
 * ports, firstPort, protocol, purpose, requirements, optional, views], ...], "endpoints": [[label,
 * role, addresses, names], ...], "texts": [...]}`, where boundary ("key\nlabel"), transport, protocol,
 * purpose, requirements (space-separated ids) and views (space-separated view ids) index `texts`, and
 * source and destination index `endpoints`. Flows are in table order.
 */
function* flowData(groups: ReturnType<typeof byBoundary>, views: readonly DrawnView[]): Generator<string> {
  const texts = new Texts();
  const endpoints = new Map<Endpoint, number>();
  const endpointRows: string[] = [];
  const endpointOf = (e: Endpoint): number => {
    let i = endpoints.get(e);
    if (i === undefined) {
      i = endpointRows.length;
      endpoints.set(e, i);
      const count = e.kind === 'hosts' && e.pool && e.names.length > 1 ? ` · ${e.names.length} hosts` : '';
      endpointRows.push(
        islandJson([
          endpointLabel(e),
          e.role + count,
          e.addresses.join(', '),
          e.kind === 'hosts' ? e.names.join(' ') : '',
        ]),
      );
    }
    return i;
  };
  // The views each flow is drawn in, from each view's flows: one pass, not a search per flow.
  const inViews = new Map<string, string[]>();
  for (const v of views)
    for (const id of v.view.flowIds) {
      const list = inViews.get(id);
      if (list === undefined) inViews.set(id, [v.view.id]);
      else list.push(v.view.id);
    }
  yield '{"flows":[';
  let first = true;
  for (const g of groups) {
    const boundary = texts.of(`${boundaryKey(g.boundary)}\n${boundaryLabel(g.boundary)}`);
    for (const f of g.flows) {
      const ports = PortSet.fromRanges(f.ports);
      const row = islandJson([
        f.id,
        boundary,
        endpointOf(f.source),
        endpointOf(f.destination),
        texts.of(f.transport.toUpperCase()),
        ports.toString(),
        ports.ranges[0]?.[0] ?? 0,
        texts.of(f.protocol),
        texts.of(f.purpose),
        texts.of(f.requirements.join(' ')),
        f.optional ? 1 : 0,
        texts.of((inViews.get(f.id) ?? []).join(' ')),
      ]);
      yield first ? `\n${row}` : `,\n${row}`;
      first = false;
    }
  }
  // The lists the flows refer to come after them, so no flow is held back while they grow.
  yield '],\n"endpoints":[';
  for (const [i, row] of endpointRows.entries()) yield `${i === 0 ? '' : ','}\n${row}`;
  yield `],\n"texts":${islandJson(texts.list)}}`;
}

const ZONE_KIND_MEANING: Readonly<Record<ZoneKind, string>> = {
  internet: 'internet',
  perimeter: 'perimeter network (Edge, reverse proxy)',
  servers: 'servers',
  clients: 'clients and phones',
};

/** What the colours and the dashes mean, under the diagram. */
function diagramLegend(): string {
  const swatches = (Object.keys(ZONE_KIND_MEANING) as ZoneKind[]).map((kind) => {
    const c = ZONE_COLOURS[kind];
    return `<span><i class="swatch" style="background:${c.fill};border-color:${c.stroke}"></i>${ZONE_KIND_MEANING[kind]}</span>`;
  });
  return (
    `<p class="legend">${swatches.join('')}<span><i class="bar"></i>firewall</span>` +
    `<span><i class="arrow" style="border-color:${ARROW_COLOURS.required}"></i>required flows</span>` +
    `<span><i class="dash" style="border-color:${ARROW_COLOURS.optional}"></i>optional flows only</span></p>`
  );
}

/** Entries that gave no flow, so nobody mistakes a missing row for a port that needs no rule. */
function notPlannedSection(plan: Plan): string {
  const notPlanned = plan.notPlanned ?? [];
  if (notPlanned.length === 0) return '';
  const byId = new Map(plan.catalog.entries.map((e) => [e.id, e]));
  const rows = notPlanned.map((n) => {
    const e = byId.get(n.entry);
    const what = e
      ? `${e.transport.toUpperCase()} ${portRangesText(e.ports)} ${e.protocol} to ${e.role}`
      : '';
    return `<tr>${td(n.entry, undefined, 'ids')}${td(n.source ?? '')}${td(what)}${td(n.reason)}</tr>`;
  });
  return [
    '<section id="not-planned">',
    `<details><summary><h2>Not planned (${notPlanned.length})</h2></summary>`,
    '<p class="hint">Catalog entries that produced no flow for a reason other than their conditions, such as a role the topology does not describe (DNS, DHCP, Active Directory).</p>',
    '<div class="table-wrap"><table><thead><tr><th>Requirement</th><th>Source role</th><th>Ports</th><th>Why no flow</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table></div></details>',
    '</section>',
  ].join('\n');
}

/** The pool or host a person recognises, its role beneath, and every host name on hover. */
function endpointCell(e: Endpoint): string {
  const names = escapeHtml(e.names.join('\n')).replaceAll('\n', '&#10;');
  const hosts = e.kind === 'hosts' && e.names.length > 0 ? ` title="${names}"` : '';
  const count = e.kind === 'hosts' && e.pool && e.names.length > 1 ? ` · ${e.names.length} hosts` : '';
  return `<td${hosts}>${escapeHtml(endpointLabel(e))}<span class="role">${escapeHtml(e.role + count)}</span></td>`;
}

/**
 * A long port list may wrap after a comma but never inside a range, and still copies as "80,443".
 */
function portsHtml(text: string): string {
  return text
    .split(',')
    .map((p) => `<span>${escapeHtml(p)}</span>`)
    .join(',<wbr>');
}

function td(text: string, note?: string, cls?: string): string {
  const klass = cls ? ` class="${cls}"` : '';
  const sub = note ? `<span class="role">${escapeHtml(note)}</span>` : '';
  return `<td${klass}>${escapeHtml(text)}${sub}</td>`;
}

function catalogSection(plan: Plan): string {
  const used = new Set(plan.flows.flatMap((f) => f.requirements));
  const entries = plan.catalog.entries.filter((e) => used.has(e.id));
  const rows = entries.map((e: CatalogEntry) =>
    [
      `<tr id="req-${escapeHtml(e.id)}">`,
      td(e.id, undefined, 'ids'),
      td(e.role),
      td(e.transport.toUpperCase()),
      `<td class="ports">${portsHtml(portRangesText(e.ports))}</td>`,
      td(e.protocol),
      td(e.sources.join(', ')),
      td(e.purpose),
      td(provenanceText(e.provenance)),
      '</tr>',
    ].join(''),
  );
  return [
    '<section id="catalog">',
    `<details><summary><h2>Catalog entries used (${entries.length})</h2></summary>`,
    '<div class="table-wrap"><table><thead><tr><th>Requirement</th><th>Listening role</th><th>Transport</th><th>Ports</th><th>Protocol</th><th>Sources</th><th>Purpose</th><th>Provenance</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table></div></details>',
    '</section>',
  ].join('\n');
}

function ipsecSection(plan: Plan): string {
  if (plan.ipsec.length === 0) return '';
  const rows = plan.ipsec.map((x) =>
    [
      '<tr>',
      td(x.name),
      td(x.direction),
      endpointCell(x.hosts),
      td(x.hosts.addresses.join(', '), undefined, 'addr'),
      td(x.transports.map((t) => t.toUpperCase()).join(', ')),
      `<td class="ports">${portsHtml(x.localPorts ? portRangesText(x.localPorts) : 'any')}</td>`,
      td(x.requirements.join(', '), undefined, 'ids'),
      '</tr>',
    ].join(''),
  );
  return [
    '<section id="ipsec">',
    `<details><summary><h2>IPsec exemptions (${plan.ipsec.length})</h2></summary>`,
    '<div class="table-wrap"><table><thead><tr><th>Exemption</th><th>Direction</th><th>Hosts</th><th>Addresses</th><th>Transports</th><th>Local ports</th><th>Requirements</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table></div></details>',
    '</section>',
  ].join('\n');
}

function endpointLabel(e: Endpoint): string {
  if (e.kind === 'zone') return e.zone;
  return e.pool ?? e.names.join(', ');
}

const PAGE_CSS = [
  ':root{color-scheme:light;--ink:#1f2933;--muted:#52606d;--line:#d9e2ec;--head:#1f3a5f;--band:#f5f7fa}',
  '*{box-sizing:border-box}',
  'body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff}',
  'header{background:var(--head);color:#fff;padding:18px 28px}',
  'h1{margin:0 0 6px;font-size:22px}',
  '.facts{margin:0;display:flex;flex-wrap:wrap;gap:6px 18px;opacity:.92}',
  'main{padding:8px 28px 28px}',
  'h2{font-size:17px;margin:22px 0 8px;display:inline-block}',
  '.hint{color:var(--muted);margin:0 0 8px;max-width:70em}',
  '.diagram{overflow:auto;border:1px solid var(--line);border-radius:8px;padding:8px;background:#fff}',
  '.diagram svg{display:block;max-width:none}',
  '.view{margin:0}',
  '.view figcaption{color:var(--muted);font-size:13px;margin:0 0 6px}',
  '.diagram-tools{display:flex;flex-wrap:wrap;gap:8px 18px;align-items:center;margin:0 0 8px}',
  '.diagram-tools select{padding:3px 4px;max-width:32em}',
  '.legend{display:flex;flex-wrap:wrap;gap:6px 18px;color:var(--muted);font-size:13px;margin:8px 0 0}',
  '.legend i{display:inline-block;vertical-align:middle;margin-right:6px}',
  '.swatch{width:18px;height:12px;border:1.5px solid;border-radius:3px}',
  '.dash{width:28px;border-top:2px dashed}',
  '.arrow{width:28px;border-top:2px solid}',
  '.legend .bar{width:8px;height:16px;background:#7b2d26;border-radius:2px}',
  'table{border-collapse:collapse;width:100%}',
  'th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}',
  'thead th{background:var(--head);color:#fff;position:sticky;top:0;z-index:1;white-space:nowrap}',
  'th button{all:unset;cursor:pointer;display:block;width:100%}',
  'th button:focus-visible{outline:2px solid #fff;outline-offset:2px}',
  'th[aria-sort=ascending] button::after{content:" ▲"}',
  'th[aria-sort=descending] button::after{content:" ▼"}',
  'tbody tr:nth-child(even){background:var(--band)}',
  'tr.optional{color:var(--muted);font-style:italic}',
  'td.ports,td.addr,td.ids{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12.5px}',
  'td.ports span{white-space:nowrap}',
  'td.purpose{min-width:16em}',
  'td.ids a{color:inherit;white-space:nowrap}',
  ':target{outline:2px solid #d08c2b}',
  '.role{display:block;color:var(--muted);font-size:12px}',
  'table.summary{width:auto;min-width:420px}',
  '.num{text-align:right}',
  '.controls{display:flex;flex-wrap:wrap;gap:10px 18px;align-items:center;margin:4px 0 10px}',
  '.controls input[type=search]{width:22em;padding:4px 6px}',
  '#flow-count,.pager{color:var(--muted)}',
  '.pager button{margin:0 6px}',
  '.table-wrap{overflow:auto;max-height:80vh;border:1px solid var(--line);border-radius:6px}',
  'summary{cursor:pointer}',
  'summary h2{margin:18px 0 8px}',
  'footer{color:var(--muted);padding:12px 28px 24px;font-size:12px}',
  '.none{color:var(--muted)}',
  // On paper: no controls, every folded section open, no inner scrolling, every view one after the other.
  '@media print{header{background:none;color:var(--ink)}.controls,.diagram-tools{display:none}' +
    '.table-wrap,.diagram{max-height:none;overflow:visible;border:none}.diagram svg{max-width:100%!important}' +
    '.view[hidden]{display:block}.view{break-inside:avoid;margin-bottom:16px}' +
    'thead th{position:static;background:#fff;color:var(--ink);border-bottom:2px solid var(--ink)}' +
    'tr{break-inside:avoid}}',
].join('\n');

/** Plain browser script, no framework: sort on header click, filter by text, boundary and optional. */
const PAGE_SCRIPT = `
(function () {
  'use strict';
  var chooser = document.getElementById('view-chooser');
  var narrows = document.getElementById('view-narrows');
  var views = Array.prototype.slice.call(document.querySelectorAll('#diagram-box .view'));
  var boundary = document.getElementById('boundary-filter');
  function currentSvg() {
    var shown = document.getElementById('view-' + chooser.value);
    return shown ? shown.querySelector('svg') : null;
  }

  // Light up some arrows of the view shown and the nodes at their ends, dimming the rest.
  function light(matches) {
    var svg = currentSvg();
    if (!svg) return;
    var lit = {};
    var any = false;
    Array.prototype.forEach.call(svg.querySelectorAll('.edge'), function (e) {
      var on = matches ? matches(e) : false;
      e.classList.toggle('lit', on);
      if (on) { any = true; lit[e.getAttribute('data-from')] = true; lit[e.getAttribute('data-to')] = true; }
    });
    Array.prototype.forEach.call(svg.querySelectorAll('.node'), function (n) { n.classList.toggle('lit', lit[n.getAttribute('data-id')] === true); });
    svg.classList.toggle('focusing', any);
  }
  function lightBoundary() {
    var wanted = boundary.value;
    light(wanted ? function (e) { return e.getAttribute('data-boundary') === wanted; } : null);
  }
  Array.prototype.forEach.call(document.querySelectorAll('#diagram-box .node'), function (node) {
    var id = node.getAttribute('data-id');
    var svg = node.ownerSVGElement;
    function focus() {
      light(function (e) { return e.getAttribute('data-from') === id || e.getAttribute('data-to') === id; });
      node.classList.add('lit');
      svg.classList.add('focusing');
    }
    node.addEventListener('mouseenter', focus);
    node.addEventListener('focus', focus);
    node.addEventListener('mouseleave', lightBoundary);
    node.addEventListener('blur', lightBoundary);
  });
  // A requirement id leads to its catalog row, opening the folded section first (rows come and go
  // with the table's pages, so the click is caught where it bubbles).
  document.addEventListener('click', function (event) {
    var a = event.target && event.target.closest ? event.target.closest('a[href^="#req-"]') : null;
    if (!a) return;
    var row = document.getElementById(a.getAttribute('href').slice(1));
    var details = row && row.closest('details');
    if (details) details.open = true;
  });
  // Folded sections belong on paper too.
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) { d.open = true; });
  });
  var table = document.getElementById('flow-table');
  if (!table) return;
  // The flows, from the data island below the table (src/render/html.ts flowData).
  var data = JSON.parse(document.getElementById('flow-data').textContent);
  var flows = data.flows;
  var endpoints = data.endpoints;
  var texts = data.texts;
  var body = table.tBodies[0];
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var text = document.getElementById('flow-filter');
  var hideOptional = document.getElementById('hide-optional');
  var count = document.getElementById('flow-count');
  var range = document.getElementById('page-range');
  var previous = document.getElementById('page-previous');
  var next = document.getElementById('page-next');
  var PAGE = ${PAGE_ROWS};
  var order = flows.map(function (f, i) { return i; });
  var matching = order;
  var first = 0;

  function boundaryKey(f) { var t = texts[f[1]]; return t.slice(0, t.indexOf('\\n')); }
  function boundaryText(f) { var t = texts[f[1]]; return t.slice(t.indexOf('\\n') + 1); }
  // What each column shows, as text: the sort key of a text column and the words the filter reads.
  var columnText = [
    boundaryText,
    function (f) { var e = endpoints[f[2]]; return e[0] + e[1]; },
    function (f) { return endpoints[f[2]][2]; },
    function (f) { var e = endpoints[f[3]]; return e[0] + e[1]; },
    function (f) { return endpoints[f[3]][2]; },
    function (f) { return texts[f[4]]; },
    function (f) { return f[5]; },
    function (f) { return texts[f[7]]; },
    function (f) { return texts[f[8]]; },
    function (f) { return texts[f[9]].split(' ').join(', '); },
    function (f) { return f[0]; },
  ];
  var endpointWords = endpoints.map(function (e) { return (e[0] + ' ' + e[1] + ' ' + e[2] + ' ' + e[3]).toLowerCase(); });
  var flowWords = null;
  function wordsOf(i) {
    if (!flowWords) flowWords = flows.map(function (f) {
      return [boundaryText(f), texts[f[4]], f[5], texts[f[7]], texts[f[8]], texts[f[9]], f[0]].join(' ').toLowerCase();
    });
    return flowWords[i];
  }

  function td(value, cls) {
    var cell = document.createElement('td');
    if (cls) cell.className = cls;
    cell.textContent = value;
    return cell;
  }
  function endpointTd(e) {
    var cell = td(e[0]);
    if (e[3]) cell.title = e[3].split(' ').join('\\n');
    var role = document.createElement('span');
    role.className = 'role';
    role.textContent = e[1];
    cell.appendChild(role);
    return cell;
  }
  function rowOf(i) {
    var f = flows[i];
    var source = endpoints[f[2]];
    var destination = endpoints[f[3]];
    var tr = document.createElement('tr');
    if (f[10]) tr.className = 'optional';
    tr.setAttribute('data-boundary', boundaryKey(f));
    tr.setAttribute('data-optional', f[10] ? 'true' : 'false');
    tr.setAttribute('data-hosts', source[3] + (destination[3] ? ' ' + destination[3] : ''));
    tr.setAttribute('data-views', texts[f[11]]);
    tr.appendChild(td(boundaryText(f)));
    tr.appendChild(endpointTd(source));
    tr.appendChild(td(source[2], 'addr'));
    tr.appendChild(endpointTd(destination));
    tr.appendChild(td(destination[2], 'addr'));
    tr.appendChild(td(texts[f[4]]));
    var ports = td('', 'ports');
    ports.setAttribute('data-value', String(f[6]));
    f[5].split(',').forEach(function (p, k) {
      if (k > 0) { ports.appendChild(document.createTextNode(',')); ports.appendChild(document.createElement('wbr')); }
      var span = document.createElement('span');
      span.textContent = p;
      ports.appendChild(span);
    });
    tr.appendChild(ports);
    tr.appendChild(td(texts[f[7]]));
    tr.appendChild(td(texts[f[8]], 'purpose'));
    var ids = td('', 'ids');
    texts[f[9]].split(' ').forEach(function (r, k) {
      if (k > 0) ids.appendChild(document.createTextNode(', '));
      var a = document.createElement('a');
      a.setAttribute('href', '#req-' + r);
      a.textContent = r;
      ids.appendChild(a);
    });
    tr.appendChild(ids);
    tr.appendChild(td(f[0], 'ids'));
    return tr;
  }

  // One page of the matching flows as rows; the pager says where it is.
  function draw() {
    var rows = document.createDocumentFragment();
    var last = Math.min(first + PAGE, matching.length);
    for (var k = first; k < last; k++) rows.appendChild(rowOf(matching[k]));
    body.textContent = '';
    body.appendChild(rows);
    count.textContent = matching.length + ' of ' + flows.length + ' flows';
    range.textContent = matching.length > 0 ? 'rows ' + (first + 1) + '–' + last + ' of ' + matching.length : '';
    previous.disabled = first === 0;
    next.disabled = last >= matching.length;
    document.getElementById('flow-pager').hidden = matching.length <= PAGE;
  }
  previous.addEventListener('click', function () { first = Math.max(0, first - PAGE); draw(); });
  next.addEventListener('click', function () { if (first + PAGE < matching.length) first += PAGE; draw(); });

  function sortBy(column) {
    var th = headers[column];
    var numeric = th.getAttribute('data-sort') === 'number';
    var direction = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
    headers.forEach(function (h) { h.setAttribute('aria-sort', 'none'); });
    th.setAttribute('aria-sort', direction);
    var sign = direction === 'ascending' ? 1 : -1;
    var keys = flows.map(numeric ? function (f) { return f[6]; } : function (f) { return columnText[column](f).toLowerCase(); });
    order = flows.map(function (f, i) { return i; }).sort(function (a, b) {
      var x = keys[a];
      var y = keys[b];
      if (x < y) return -sign;
      if (x > y) return sign;
      return a - b;
    });
    applyFilter();
  }

  function applyFilter() {
    var words = text.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var wanted = boundary.value;
    // The overview holds every flow; a firewall or site view narrows the table when asked to.
    var view = narrows.checked && chooser.selectedIndex > 0 ? ' ' + chooser.value + ' ' : '';
    var hide = hideOptional.checked;
    matching = order.filter(function (i) {
      var f = flows[i];
      if (wanted && boundaryKey(f) !== wanted) return false;
      if (view && (' ' + texts[f[11]] + ' ').indexOf(view) === -1) return false;
      if (hide && f[10]) return false;
      if (words.length === 0) return true;
      var own = wordsOf(i);
      var source = endpointWords[f[2]];
      var destination = endpointWords[f[3]];
      return words.every(function (w) {
        return own.indexOf(w) !== -1 || source.indexOf(w) !== -1 || destination.indexOf(w) !== -1;
      });
    });
    first = 0;
    draw();
    lightBoundary();
  }

  headers.forEach(function (th, i) {
    var button = th.querySelector('button');
    if (button) button.addEventListener('click', function () { sortBy(i); });
  });
  text.addEventListener('input', applyFilter);
  boundary.addEventListener('change', applyFilter);
  hideOptional.addEventListener('change', applyFilter);
  narrows.addEventListener('change', applyFilter);
  // Only one view is shown at a time; the choice also narrows the table (unless unticked).
  function showView() {
    views.forEach(function (v) { v.hidden = v.getAttribute('data-view') !== chooser.value; });
    applyFilter();
  }
  chooser.addEventListener('change', showView);
  showView();
  // A browser may restore the chooser after a reload without a change event: follow it.
  window.addEventListener('pageshow', showView);
  Array.prototype.forEach.call(document.querySelectorAll('a[data-boundary]'), function (a) {
    a.addEventListener('click', function () {
      boundary.value = a.getAttribute('data-boundary');
      applyFilter();
    });
  });
})();
`;
