import { provenanceText } from '../catalog/cite.js';
import type { CatalogEntry, Conditions } from '../catalog/types.js';
import { AddressSet } from '../model/address-set.js';
import type { Endpoint, Flow } from '../model/flow.js';
import type { IpsecExemption, Plan } from '../model/plan.js';
import { portRangesText } from '../model/ports.js';
import { ROLE_FACTS, ROLES } from '../model/roles.js';
import { type FirewallFlow, firewallsOf, type PlannedFirewall } from '../plan/firewalls.js';
import { productName } from './boundaries.js';
import {
  directionsOf,
  type FirewallDirection,
  firewallKindText,
  firewallNamesByFlow,
  firewallPlaceText,
} from './firewalls.js';
import { EDGE_SERVICE_NAMES, natMappings } from './nat.js';
import { type ByteStream, byteStream, defineRenderer, type RenderOptions } from './types.js';
import {
  type Border,
  type Fill,
  type Font,
  type Link,
  MAX_SHEET_ROWS,
  Row,
  type Sheet,
  WorkbookWriter,
} from './xlsx-writer.js';

/**
 * The spreadsheet a firewall team asks for: a summary that indexes the rest, one worksheet per
 * firewall (declared, or assumed per zone pair) laid out like the vendor's Planning Tool firewall
 * report, every flow on one filterable sheet, the NAT of Edge servers and the catalog entries behind
 * the flows. One sheet per firewall, not per zone boundary: a six-site topology made 164 boundary
 * sheets, and a firewall team configures devices, not zone pairs. The workbook is written by
 * xlsx-writer.ts (a few hundred lines over fflate) rather than exceljs, which brought 195 packages.
 */

/** Every date in the file: the same plan must give the same bytes (zip entries cannot go below 1980). */
export const XLSX_FIXED_DATE = new Date(Date.UTC(1980, 0, 1));
export const XLSX_CREATOR = 'sfbports';

const MAX_SHEET_NAME = 31;
const HEADER_FILL: Fill = 'FF1F3A5F';
const HEADER_FONT: Font = { bold: true, color: 'FFFFFFFF' };
const OPTIONAL_FONT: Font = { italic: true, color: 'FF6B6B6B' };
const HEADING_FONT: Font = { bold: true, italic: false };
const HEADING_ITALIC_FONT: Font = { bold: true, italic: true };
const THIN_BOTTOM: Border = 'FF9AA5B1';
const SITE_FILL: Fill = 'FFC9D6E3';
const DIRECTION_FILL: Fill = 'FFE8EEF4';

export const FLOW_COLUMNS = [
  'Flow',
  'From zone',
  'To zone',
  'Source role',
  'Source',
  'Source hosts',
  'Source addresses',
  'Source public addresses',
  'Destination role',
  'Destination',
  'Destination hosts',
  'Destination addresses',
  'Destination public addresses',
  'Transport',
  'Ports',
  'Protocol',
  'Purpose',
  'Requirements',
  'Optional',
  'Firewalls',
] as const;

/** The columns of the vendor's Planning Tool firewall report, which firewall administrators know. */
export const FIREWALL_COLUMNS = [
  'Source',
  'Source port',
  'Destination',
  'Destination port',
  'Transport',
  'Application',
  'Comments',
] as const;

const FIREWALL_WIDTHS = [38, 12, 42, 18, 10, 60, 56] as const;

// Texts each row has to itself, kept out of the shared strings (xlsx-writer.ts, Sheet.ownTextColumns).
const FLOW_ID_COLUMN: ReadonlySet<number> = new Set([FLOW_COLUMNS.indexOf('Flow') + 1]);
const COMMENTS_COLUMN: ReadonlySet<number> = new Set([FIREWALL_COLUMNS.indexOf('Comments') + 1]);

export const NAT_COLUMNS = [
  'Site',
  'Edge pool',
  'Edge server',
  'Service',
  'Private address',
  'Public address',
] as const;

export const CATALOG_COLUMNS = [
  'Requirement',
  'Listening role',
  'Transport',
  'Ports',
  'Protocol',
  'Sources',
  'Purpose',
  'Conditions',
  'Provenance',
  'Flows',
] as const;

export const NOT_PLANNED_COLUMNS = [
  'Requirement',
  'Source role',
  'Why no flow',
  'Listening role',
  'Transport',
  'Ports',
  'Protocol',
  'Purpose',
] as const;

export const IPSEC_COLUMNS = [
  'Exemption',
  'Name',
  'Direction',
  'Role',
  'Hosts',
  'Addresses',
  'Transports',
  'Local ports',
  'Requirements',
] as const;

export const xlsxRenderer = defineRenderer({
  name: 'xlsx',
  extension: 'xlsx',
  description:
    'Excel workbook: an index, one worksheet per firewall, every flow on a filterable sheet, the NAT of Edge servers and the catalog entries used',
  binary: true,
  render: streamXlsx,
});

/** How large a sheet may grow; the tests lower it to see a list continue on a second sheet. */
export interface XlsxLimits {
  /** Rows per worksheet, the header rows included: Excel's 1,048,576 unless a test says less. */
  readonly maxRows?: number;
}

/**
 * An endpoint's hosts are listed in a cell up to this many, then "… and K more": a flow from every
 * Front End of a large deployment would otherwise put thousands of hosts in each of thousands of cells,
 * the workbook would grow with the square of the deployment, and a cell holds at most 32,767
 * characters in Excel. The CSV and JSON reports carry every host.
 */
export const XLSX_MAX_HOSTS = 50;

/** The workbook whole, for tests and small plans. */
export async function renderXlsx(
  plan: Plan,
  options: RenderOptions = {},
  limits: XlsxLimits = {},
): Promise<Uint8Array> {
  return workbookOf(plan, options, limits).write(options.package);
}

/** The workbook as it is written: a block of deflated bytes at a time (what the CLI writes to a file). */
export function streamXlsx(plan: Plan, options: RenderOptions = {}, limits: XlsxLimits = {}): ByteStream {
  const workbook = workbookOf(plan, options, limits);
  return byteStream(() => workbook.chunks(options.package));
}

/** The sheets laid out; their long lists are formatted only as the workbook is written. */
function workbookOf(plan: Plan, options: RenderOptions, limits: XlsxLimits): WorkbookWriter {
  const maxRows = limits.maxRows ?? MAX_SHEET_ROWS;
  const workbook = new WorkbookWriter({
    creator: XLSX_CREATOR,
    company: XLSX_CREATOR,
    title: options.title ?? plan.topology.name,
    subject: `Network flows for ${plan.topology.name}`,
    date: XLSX_FIXED_DATE,
  });

  const names = new SheetNames();
  const summaryName = names.claim('Summary');
  // The flow list takes as many sheets as Excel's row limit asks for, each with the header again.
  const flowParts = Math.max(1, Math.ceil(plan.flows.length / (maxRows - 1)));
  const flowsNames = Array.from({ length: flowParts }, (_, i) => names.claim(partName('Flows', i)));
  const nat = natMappings(plan);
  const natName = nat.length > 0 ? names.claim('NAT') : undefined;
  const catalogName = names.claim('Catalog entries');
  const ipsecName = plan.ipsec.length > 0 ? names.claim('IPsec exemptions') : undefined;
  const notPlannedName = (plan.notPlanned ?? []).length > 0 ? names.claim('Not planned') : undefined;
  // Fixed names are claimed first, so a firewall called "Flows" or "NAT" is the one renamed.
  const firewalls = firewallsOf(plan);
  const sheets = firewalls.firewalls.map((fw) => {
    const layout = firewallLayout(plan, fw);
    const base = names.claim(firewallSheetName(fw));
    const parts = Math.max(1, Math.ceil(layout.count / (maxRows - FIREWALL_HEADER_ROWS)));
    const sheetNames = [base];
    for (let i = 1; i < parts; i++) sheetNames.push(names.claim(partName(base, i)));
    return { fw, sheet: base, sheets: sheetNames, layout };
  });

  const others = [...flowsNames, natName, catalogName, ipsecName, notPlannedName].filter(
    (n): n is string => n !== undefined,
  );
  const split = flowParts > 1 || sheets.some((s) => s.sheets.length > 1);
  addSummarySheet(workbook, summaryName, plan, options, sheets, others, split ? maxRows : undefined);
  for (const s of sheets) addFirewallSheets(workbook, s, maxRows);
  addFlowSheets(workbook, flowsNames, plan, maxRows);
  if (natName) writeTable(workbook.addSheet(natName), NAT_COLUMNS, natRows(nat));
  addCatalogSheet(workbook, catalogName, plan);
  if (ipsecName) addIpsecSheet(workbook, ipsecName, plan.ipsec);
  if (notPlannedName) addNotPlannedSheet(workbook, notPlannedName, plan);
  return workbook;
}

/** "Flows", then "Flows (2)", "Flows (3)" for the sheets a long list continues on. */
function partName(base: string, index: number): string {
  return index === 0 ? base : `${base} (${index + 1})`;
}

// ---------------------------------------------------------------------------------------------------
// Worksheets

interface FirewallSheet {
  readonly fw: PlannedFirewall;
  /** The first sheet's name; `sheets` are all of them, the first included. */
  readonly sheet: string;
  readonly sheets: readonly string[];
  readonly layout: FirewallLayout;
}

function addSummarySheet(
  workbook: WorkbookWriter,
  name: string,
  plan: Plan,
  options: RenderOptions,
  firewalls: readonly FirewallSheet[],
  otherSheets: readonly string[],
  splitAt: number | undefined,
): void {
  const ws = workbook.addSheet(name, 'FF1F3A5F');
  const topology = plan.topology;
  const optional = plan.flows.filter((f) => f.optional).length;

  const title = ws.addRow([options.title ?? `Network flows for ${topology.name}`]);
  title.font = { bold: true, size: 16 };
  ws.addRow([]);
  const facts: Array<[string, string | number]> = [
    ['Topology', topology.name],
    ['Product', productName(plan)],
    ['Sites', topology.sites.map((s) => s.name).join(', ')],
    ['Flows', plan.flows.length],
    ['Required flows', plan.flows.length - optional],
    ['Optional flows', optional],
    ['Zone boundaries', new Set(plan.flows.map((f) => `${f.boundary.from}:${f.boundary.to}`)).size],
    ['Firewalls', firewalls.length],
    ['Catalog entries used', usedEntries(plan).length],
    ['Entries not planned', (plan.notPlanned ?? []).length],
    ['Generator', XLSX_CREATOR],
  ];
  for (const [label, value] of facts) ws.addRow([label, value]).cell(1).font = { bold: true };
  ws.addRow([]);

  const { assumed, warnings } = firewallsOf(plan);
  if (assumed !== undefined) ws.addRow([assumed]).cell(1).font = { italic: true };
  const header = ws.addRow(['Firewall', 'Kind', 'Where', 'Flows', 'Required', 'Optional', 'Worksheet']);
  styleHeader(header);
  for (const { fw, sheets } of firewalls) {
    const opt = fw.flows.filter((f) => f.flow.optional).length;
    ws.addRow([
      fw.name,
      firewallKindText(fw),
      firewallPlaceText(fw),
      fw.flows.length,
      fw.flows.length - opt,
      opt,
      ...sheets.map(sheetLink),
    ]);
  }
  if (firewalls.length === 0)
    ws.addRow(['(no firewall: no flow crosses a zone boundary and the topology names none)']);
  ws.addRow([]);
  ws.addRow(['Other worksheets', ...otherSheets.map(sheetLink)]).cell(1).font = { bold: true };
  if (splitAt !== undefined)
    ws
      .addRow([
        'Split sheets',
        `A worksheet holds at most ${splitAt.toLocaleString('en-US')} rows in Excel: a longer list continues on the sheets after it, named "(2)", "(3)" and so on, each starting with the header again.`,
      ])
      .cell(1).font = { bold: true };
  ws.addRow([]);
  if (warnings.length > 0) {
    ws.addRow(['Notes']).font = { bold: true, size: 13 };
    for (const w of warnings)
      ws.addRow([w.code, `${w.message}${w.hint ? ` (${w.hint})` : ''}`]).cell(1).font = { bold: true };
    ws.addRow([]);
  }

  const legend = ws.addRow(['Legend']);
  legend.font = { bold: true, size: 13 };
  for (const [term, meaning] of LEGEND) ws.addRow([term, meaning]).cell(1).font = { bold: true };

  ws.width(1, 36);
  ws.width(2, 60);
  ws.width(3, 50);
  for (const c of [4, 5, 6]) ws.width(c, 12);
  ws.width(7, 36);
}

const LEGEND: ReadonlyArray<readonly [string, string]> = [
  [
    'Firewall',
    'A device that enforces flows: declared in the topology, or assumed between two zones (named zone--zone). Its sheet lists what it must let through, per site and direction.',
  ],
  ['Boundary', 'The pair of zones a flow crosses: the zone of the source, then the zone of the destination.'],
  ['Source', 'Hosts that open the connection (a pool, a server, or a whole client zone).'],
  [
    'Destination',
    'Hosts that listen; the ports are their ports. Replies need no rule on a stateful firewall.',
  ],
  ['Ports', 'Destination ports: single ports, ranges (50000-59999) and lists separated by commas.'],
  [
    'Source port',
    'any: the flows carry destination ports only; sources use ephemeral ports, and replies need no rule on a stateful firewall.',
  ],
  ['Public address', 'What a NAT device publishes for an Edge server behind NAT (the NAT sheet).'],
  ['Protocol', 'The application protocol spoken on those ports, spelled one way throughout.'],
  [
    'Requirements',
    'Ids of the catalog entries behind the flow: the "Catalog entries" sheet says where each comes from.',
  ],
  ['Optional', 'yes: not needed for the product to work (HTTP redirects, static routes, diagnostics).'],
  ['any', 'The whole internet.'],
];

/**
 * Every flow of the plan, one row each, with a filter: the sheet to sort, search and count. Its rows
 * are made as the workbook is written; past Excel's row limit the list continues on the next sheet.
 */
function addFlowSheets(
  workbook: WorkbookWriter,
  names: readonly string[],
  plan: Plan,
  maxRows: number,
): void {
  const flows = plan.flows;
  const firewalls = firewallNamesByFlow(plan);
  const values = (f: Flow) => [
    f.id,
    f.boundary.from,
    f.boundary.to,
    f.source.role,
    endpointName(f.source),
    someOf(f.source.names),
    someOf(f.source.addresses),
    someOf(f.source.publicAddresses ?? []),
    f.destination.role,
    endpointName(f.destination),
    someOf(f.destination.names),
    someOf(f.destination.addresses),
    someOf(f.destination.publicAddresses ?? []),
    f.transport.toUpperCase(),
    portRangesText(f.ports),
    f.protocol,
    f.purpose,
    f.requirements.join(', '),
    f.optional ? 'yes' : 'no',
    (firewalls.get(f) ?? []).join(', '),
  ];
  const per = maxRows - 1;
  names.forEach((name, part) => {
    const slice = flows.slice(part * per, (part + 1) * per);
    const ws = workbook.addSheet(name);
    ws.ownTextColumns = FLOW_ID_COLUMN;
    writeTable(
      ws,
      FLOW_COLUMNS,
      {
        count: slice.length,
        *rows() {
          for (const f of slice) yield values(f);
        },
      },
      (row, v) => {
        if (v[FLOW_COLUMNS.indexOf('Optional')] === 'yes') row.font = OPTIONAL_FONT;
      },
    );
  });
}

const TOP = { vertical: 'top' } as const;

/** At most XLSX_MAX_HOSTS of a host list, then "… and K more". */
function someOf(list: readonly string[]): string {
  if (list.length <= 1) return list[0] ?? '';
  let text = listTexts.get(list);
  if (text === undefined) {
    if (list.length <= XLSX_MAX_HOSTS) text = list.join(', ');
    else {
      const shown = list.slice(0, XLSX_MAX_HOSTS - 1);
      text = `${shown.join(', ')}, … and ${list.length - shown.length} more`;
    }
    listTexts.set(list, text);
  }
  return text;
}

/**
 * The text of each host list, made once: the flows of a pool share its lists, and at 100,000 servers
 * joining them again for each of 753,628 flows, then hashing each new text into the shared strings,
 * cost seconds. The same text object also keeps its hash between lookups.
 */
const listTexts = new WeakMap<readonly string[], string>();

/** The rows a firewall's sheet lists below its two header rows, in order: headings and flow rows. */
type FirewallLine =
  | { readonly kind: 'heading'; readonly text: string; readonly fill: Fill; readonly italic: boolean }
  | { readonly kind: 'flow'; readonly flow: FirewallFlow; readonly host: number }
  | { readonly kind: 'note'; readonly text: string }
  | { readonly kind: 'management'; readonly values: string[] };

interface FirewallLayout {
  /** How many rows below the header. */
  readonly count: number;
  lines(): Iterable<FirewallLine>;
}

const FIREWALL_HEADER_ROWS = 2;

/**
 * One firewall as the vendor's Planning Tool reports it: grouped per site, then per direction
 * (entering by one side, leaving by another) under a heading row, one row per destination host so a
 * pool's VIP row and its servers' rows stand next to each other, then the management access it keeps.
 * Laid out once to count its rows (a long list continues on another sheet); formatted as written.
 */
function firewallLayout(plan: Plan, fw: PlannedFirewall): FirewallLayout {
  const sites = plan.topology.sites.map((s) => s.name);
  const known = new Set(sites);
  const directions = directionsOf(fw);
  const own = fw.kind === 'host' ? new Set(fw.servers.map((s) => s.name)) : undefined;
  // Flows per site and direction, each direction's flows to the same pool next to each other.
  const groups: Array<{ site: string; parts: Array<{ title: string; flows: FirewallFlow[] }> }> = [];
  const bySite = new Map<string, Map<FirewallDirection, FirewallFlow[]>>();
  for (const d of directions)
    for (const f of d.flows) {
      const site = flowSite(f.flow, known);
      let perDirection = bySite.get(site);
      if (perDirection === undefined) {
        perDirection = new Map();
        bySite.set(site, perDirection);
      }
      const list = perDirection.get(d);
      if (list === undefined) perDirection.set(d, [f]);
      else list.push(f);
    }
  for (const site of [...sites, OTHER_SITES]) {
    const perDirection = bySite.get(site);
    if (perDirection === undefined) continue;
    const parts = directions
      .filter((d) => perDirection.has(d))
      .map((d) => ({ title: d.title, flows: byDestinationPool(perDirection.get(d)!) }));
    groups.push({ site, parts });
  }
  const hostsOf = (f: FirewallFlow): number[] => {
    const d = f.flow.destination;
    if (d.kind === 'zone') return [-1];
    const out: number[] = [];
    d.names.forEach((name, i) => {
      if (!own || own.has(name)) out.push(i);
    });
    return out;
  };
  function* lines(): Generator<FirewallLine> {
    for (const { site, parts } of groups) {
      yield {
        kind: 'heading',
        text: site === OTHER_SITES ? OTHER_SITES : `Site ${site}`,
        fill: SITE_FILL,
        italic: false,
      };
      for (const { title, flows } of parts) {
        yield { kind: 'heading', text: title, fill: DIRECTION_FILL, italic: true };
        for (const f of flows) for (const host of hostsOf(f)) yield { kind: 'flow', flow: f, host };
      }
    }
    if (fw.flows.length === 0) yield { kind: 'note', text: '(no flow of this report passes this firewall)' };
    if (fw.management.length > 0) {
      yield {
        kind: 'heading',
        text: 'Management access, kept open before any drop',
        fill: SITE_FILL,
        italic: false,
      };
      // Network firewalls default to every address behind their sides: said in words, not as the
      // complement of the declared zones that the internet side stands for.
      const everywhere = AddressSet.unionOf(fw.sides.map((s) => s.addresses));
      for (const m of fw.management) {
        const to =
          fw.kind === 'host'
            ? fw.servers.map((s) => `${s.name} ${s.addresses.toString()}`).join('\n')
            : m.destinations.equals(everywhere)
              ? 'every address behind its sides'
              : m.destinations.toString();
        yield {
          kind: 'management',
          values: [
            m.sourceText.join(', '),
            'any',
            to,
            portRangesText(m.ports.ranges),
            m.transport.toUpperCase(),
            m.description,
            'management access',
          ],
        };
      }
    }
  }
  let count = 0;
  for (const line of lines()) {
    void line;
    count++;
  }
  return { count, lines };
}

/** A firewall's sheet, and the sheets its list continues on past the row limit. */
function addFirewallSheets(workbook: WorkbookWriter, s: FirewallSheet, maxRows: number): void {
  const { fw, layout } = s;
  const per = maxRows - FIREWALL_HEADER_ROWS;
  const heading = (text: string, fill: Fill, italic: boolean) => {
    const row = new Row([text]);
    for (let c = 1; c <= FIREWALL_COLUMNS.length; c++) row.cell(c).fill = fill;
    // Shared font objects: the writer looks formats up by the style objects a row holds.
    row.font = italic ? HEADING_ITALIC_FONT : HEADING_FONT;
    return row;
  };
  // The texts of one flow, made once for all the rows of its destination hosts.
  let last: { flow: FirewallFlow; source: string; rest: string[]; hosts: string[] } | undefined;
  const toRow = (line: FirewallLine): Row => {
    if (line.kind === 'heading') return heading(line.text, line.fill, line.italic);
    if (line.kind === 'note') return new Row([line.text]);
    if (line.kind === 'management') {
      const row = new Row(line.values);
      row.alignment = TOP_WRAP;
      return row;
    }
    if (last?.flow !== line.flow) last = { flow: line.flow, ...firewallTexts(line.flow) };
    const d = line.flow.flow.destination;
    const destination =
      line.host < 0
        ? `${endpointLabel(d)}\n${someOf(d.addresses)}`
        : `${ROLE_FACTS[d.role].label} ${d.names[line.host]}\n${last.hosts[line.host]}`;
    const row = new Row([last.source, 'any', destination, ...last.rest]);
    row.alignment = TOP_WRAP;
    if (line.flow.flow.optional) row.font = OPTIONAL_FONT;
    return row;
  };
  s.sheets.forEach((name, part) => {
    const ws = workbook.addSheet(name);
    const title = ws.addRow([
      `${fw.name}: ${firewallKindText(fw)}; ${firewallPlaceText(fw)}${part === 0 ? '' : ` (continued, part ${part + 1} of ${s.sheets.length})`}`,
    ]);
    title.font = { bold: true, size: 13 };
    styleHeader(ws.addRow([...FIREWALL_COLUMNS]));
    const from = part * per;
    const count = Math.min(per, layout.count - from);
    ws.stream = {
      count,
      *rows() {
        let i = 0;
        for (const line of layout.lines()) {
          if (i >= from + count) return;
          if (i++ >= from) yield toRow(line);
        }
      },
    };
    ws.frozenRows = FIREWALL_HEADER_ROWS;
    ws.ownTextColumns = COMMENTS_COLUMN;
    ws.page = { landscape: true, titleRows: FIREWALL_HEADER_ROWS };
    FIREWALL_WIDTHS.forEach((w, i) => {
      ws.width(i + 1, w);
    });
  });
}

const TOP_WRAP = { vertical: 'top', wrapText: true } as const;

const OTHER_SITES = 'Several sites';

/** The site a flow is listed under: the listening side's, else the connecting side's. */
function flowSite(f: Flow, sites: ReadonlySet<string>): string {
  const site = f.destination.site ?? f.source.site;
  return site !== undefined && sites.has(site) ? site : OTHER_SITES;
}

/**
 * Flows to the same pool next to each other (in the order the plan first reaches the pool), the
 * VIP's flows before its servers', as the Planning Tool lists a VIP row above the node rows.
 */
function byDestinationPool(flows: readonly FirewallFlow[]): FirewallFlow[] {
  const first = new Map<string, number>();
  const keyOf = (f: FirewallFlow) => f.flow.destination.pool ?? `#${f.flow.id}`;
  flows.forEach((f, i) => {
    if (!first.has(keyOf(f))) first.set(keyOf(f), i);
  });
  const isVip = (f: FirewallFlow) => (ROLE_FACTS[f.flow.destination.role].label.endsWith('VIP') ? 0 : 1);
  return flows
    .map((f, i) => ({ f, i }))
    .sort((a, b) => first.get(keyOf(a.f))! - first.get(keyOf(b.f))! || isVip(a.f) - isVip(b.f) || a.i - b.i)
    .map((x) => x.f);
}

/**
 * The texts of one flow's rows: the rows are one per destination host (a host firewall's own servers
 * only), or one for a zone. Source ports are "any": the plan carries destination ports only, and
 * inventing a source range would state something no vendor page says for that flow.
 */
function firewallTexts(f: FirewallFlow): { source: string; rest: string[]; hosts: string[] } {
  const flow = f.flow;
  const d = flow.destination;
  const source = `${endpointLabel(flow.source)}\n${somePublicText(flow.source)}`;
  const comments = [flow.id, ...(flow.optional ? ['optional'] : []), flow.requirements.join(', ')].join('; ');
  const rest = [
    portRangesText(flow.ports),
    flow.transport.toUpperCase(),
    `${flow.protocol}: ${flow.purpose}`,
    comments,
  ];
  return { source, rest, hosts: d.kind === 'zone' ? [] : publicText(d) };
}

/** publicText of at most XLSX_MAX_HOSTS addresses, then "… and K more". */
function somePublicText(e: Endpoint): string {
  if (e.addresses.length <= XLSX_MAX_HOSTS) return publicText(e).join(', ');
  const shown = publicText(e, XLSX_MAX_HOSTS - 1);
  return `${shown.join(', ')}, … and ${e.addresses.length - shown.length} more`;
}

/** "External user (internet)", "Front End VIP pool01.contoso.com", "Reverse proxy rp01.contoso.com". */
function endpointLabel(e: Endpoint): string {
  const label = ROLE_FACTS[e.role].label;
  return e.kind === 'zone' ? `${label} (${e.zone})` : `${label} ${endpointName(e)}`;
}

/** Each address, with the public address a NAT publishes for it when there is one. */
function publicText(e: Endpoint, max = e.addresses.length): string[] {
  const publics = e.publicAddresses;
  const aligned = publics !== undefined && publics.length === e.addresses.length;
  const out: string[] = [];
  for (let i = 0; i < Math.min(max, e.addresses.length); i++) {
    const a = e.addresses[i]!;
    out.push(aligned ? `${a} (public ${publics[i]})` : a);
  }
  return out;
}

function natRows(nat: ReturnType<typeof natMappings>): string[][] {
  return nat.map((m) => [
    m.site,
    m.pool,
    m.server,
    EDGE_SERVICE_NAMES[m.service],
    m.privateAddress,
    m.publicAddress,
  ]);
}

function addCatalogSheet(workbook: WorkbookWriter, name: string, plan: Plan): void {
  const ws = workbook.addSheet(name);
  const flowCount = new Map<string, number>();
  for (const f of plan.flows) for (const r of f.requirements) flowCount.set(r, (flowCount.get(r) ?? 0) + 1);
  const rows = usedEntries(plan).map((e) => [
    e.id,
    e.role,
    e.transport.toUpperCase(),
    portRangesText(e.ports),
    e.protocol,
    e.sources.join(', '),
    e.purpose,
    conditionText(e.conditions),
    provenanceText(e.provenance),
    flowCount.get(e.id) ?? 0,
  ]);
  writeTable(ws, CATALOG_COLUMNS, rows);
}

function addIpsecSheet(workbook: WorkbookWriter, name: string, exemptions: readonly IpsecExemption[]): void {
  const ws = workbook.addSheet(name);
  const rows = exemptions.map((x) => [
    x.id,
    x.name,
    x.direction,
    x.hosts.role,
    endpointName(x.hosts),
    someOf(x.hosts.addresses),
    x.transports.map((t) => t.toUpperCase()).join(', '),
    x.localPorts ? portRangesText(x.localPorts) : 'any',
    x.requirements.join(', '),
  ]);
  writeTable(ws, IPSEC_COLUMNS, rows);
}

/** Catalog entries that gave no flow (a role topology version 1 does not model, say), and why. */
function addNotPlannedSheet(workbook: WorkbookWriter, name: string, plan: Plan): void {
  const ws = workbook.addSheet(name);
  const byId = new Map(plan.catalog.entries.map((e) => [e.id, e]));
  const rows = (plan.notPlanned ?? []).map((n) => {
    const e = byId.get(n.entry);
    return [
      n.entry,
      n.source ?? '',
      n.reason,
      e?.role ?? '',
      e?.transport.toUpperCase() ?? '',
      e ? portRangesText(e.ports) : '',
      e?.protocol ?? '',
      e?.purpose ?? '',
    ];
  });
  writeTable(ws, NOT_PLANNED_COLUMNS, rows);
}

type Values = ReadonlyArray<string | number>;

/** Rows of a table made as the sheet is written: a flow list too long to hold. */
interface ValuesStream {
  readonly count: number;
  rows(): Iterable<Values>;
}

/** Column widths are measured on this many rows of a streamed table (every row of a small one). */
const WIDTH_SAMPLE = 2000;

/**
 * A styled header, frozen in place, with an autofilter over the data and widths that fit the content
 * (of the first WIDTH_SAMPLE rows of a streamed table: the widths come before the rows in the file).
 */
function writeTable(
  ws: Sheet,
  columns: readonly string[],
  rows: readonly Values[] | ValuesStream,
  styleRow?: (row: Row, values: Values) => void,
): void {
  styleHeader(ws.addRow([...columns]));
  const source: ValuesStream = Array.isArray(rows)
    ? { count: rows.length, rows: () => rows }
    : (rows as ValuesStream);
  ws.stream = {
    count: source.count,
    *rows() {
      for (const values of source.rows()) {
        const row = new Row(values);
        row.alignment = TOP;
        styleRow?.(row, values);
        yield row;
      }
    },
  };
  ws.frozenRows = 1;
  // Firewall teams print these: landscape, one page wide, the header row repeated on every page.
  ws.page = { landscape: true, titleRows: 1 };
  ws.filterColumns = columns.length;
  const longest = columns.map((title) => title.length + 3);
  let sampled = 0;
  for (const r of source.rows()) {
    if (sampled++ >= WIDTH_SAMPLE) break;
    r.forEach((v, c) => {
      if (c < longest.length) longest[c] = Math.max(longest[c]!, String(v ?? '').length);
    });
  }
  longest.forEach((n, c) => {
    ws.width(c + 1, Math.min(60, Math.max(10, n + 2)));
  });
}

function styleHeader(row: Row): void {
  for (const cell of row.cells) {
    cell.fill = HEADER_FILL;
    cell.font = HEADER_FONT;
    cell.border = THIN_BOTTOM;
    cell.alignment = { vertical: 'middle' };
  }
}

function sheetLink(sheet: string): Link {
  return { text: sheet, sheet };
}

// ---------------------------------------------------------------------------------------------------
// Names and texts

/**
 * Excel refuses worksheet names longer than 31 characters, with any of []:*?/\ , starting or ending
 * with an apostrophe, or equal (ignoring case) to another sheet's name or to "History".
 */
export class SheetNames {
  private readonly taken = new Set<string>(['history']);

  claim(wanted: string): string {
    let base = wanted
      .replace(/[[\]:*?/\\]/g, '-')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 cannot carry them in a sheet name
      .replace(/[\u0000-\u001f]/g, ' ')
      .trim()
      .replace(/^'+|'+$/g, '');
    if (base === '') base = 'Sheet';
    for (let n = 1; ; n++) {
      const suffix = n === 1 ? '' : ` (${n})`;
      const name = cut(base, MAX_SHEET_NAME - suffix.length).replace(/'+$/, '') + suffix;
      if (!this.taken.has(name.toLowerCase())) {
        this.taken.add(name.toLowerCase());
        return name;
      }
    }
  }
}

/** Cuts by code point so a surrogate pair is never split. */
function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max).join('').trimEnd();
}

/**
 * A firewall's tab name. Declared names always fit (at most 24 characters); an assumed firewall's
 * name is its two zones, and when that is longer than Excel's 31 characters both zones stay
 * recognisable: the longer one is shortened first (ending in "…"), rather than cutting the second
 * zone off the end.
 */
export function firewallSheetName(fw: Pick<PlannedFirewall, 'name' | 'derived' | 'sides'>): string {
  const [a, b] = fw.sides;
  if (!fw.derived || a === undefined || b === undefined) return fw.name;
  return pairName(a.name, '--', b.name);
}

function pairName(a: string, arrow: string, b: string): string {
  let from = Array.from(a);
  let to = Array.from(b);
  const budget = MAX_SHEET_NAME - arrow.length;
  if (from.length + to.length <= budget) return `${a}${arrow}${b}`;
  const half = Math.floor(budget / 2);
  const fromRoom = Math.max(half, budget - to.length);
  if (from.length > fromRoom) from = [...from.slice(0, fromRoom - 1), '…'];
  const toRoom = budget - from.length;
  if (to.length > toRoom) to = [...to.slice(0, toRoom - 1), '…'];
  return `${from.join('')}${arrow}${to.join('')}`;
}

/** What a person calls the endpoint: its pool, its only host, or its zone. */
export function endpointName(e: Endpoint): string {
  if (e.kind === 'zone') return e.zone;
  if (e.pool) return e.pool;
  return e.names.length === 1 ? e.names[0]! : `${ROLES[e.role].split(' (')[0]} (${e.names.length})`;
}

function usedEntries(plan: Plan): CatalogEntry[] {
  const used = new Set(plan.flows.flatMap((f) => f.requirements));
  return plan.catalog.entries.filter((e) => used.has(e.id));
}

function conditionText(c: Conditions): string {
  const parts: string[] = [];
  if (c.features?.length) parts.push(`features: ${c.features.join(' + ')}`);
  if (c.anyFeature?.length) parts.push(`any of: ${c.anyFeature.join(' | ')}`);
  if (c.loadBalancing) parts.push(`load balancing: ${c.loadBalancing}`);
  if (c.collocatedMediation !== undefined)
    parts.push(c.collocatedMediation ? 'collocated Mediation' : 'stand-alone Mediation');
  if (c.cmsHolder !== undefined) parts.push(c.cmsHolder ? 'holds the CMS' : 'does not hold the CMS');
  if (c.externalWebPorts) parts.push(`external web VIP: ${c.externalWebPorts} ports`);
  if (c.loadBalancerSourceNat !== undefined)
    parts.push(
      c.loadBalancerSourceNat ? 'load balancer with source NAT' : 'load balancer without source NAT',
    );
  if (c.edgeNat !== undefined) parts.push(c.edgeNat ? 'Edge behind NAT' : 'Edge with public addresses');
  if (c.mediaBypass !== undefined)
    parts.push(c.mediaBypass ? 'gateway with media bypass' : 'gateway without media bypass');
  if (c.registrar) parts.push('clients of this registrar or Director');
  if (c.products?.length) parts.push(`products: ${c.products.join(', ')}`);
  if (c.optional) parts.push('optional');
  return parts.join('; ');
}
