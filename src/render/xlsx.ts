import type { Borders, Fill, Font, Workbook, Worksheet } from 'exceljs';
import { unzipSync, type Zippable, zipSync } from 'fflate';
import { provenanceText } from '../catalog/cite.js';
import type { CatalogEntry, Conditions } from '../catalog/types.js';
import type { Boundary, Endpoint, Flow } from '../model/flow.js';
import type { IpsecExemption, Plan } from '../model/plan.js';
import { portRangesText } from '../model/ports.js';
import { ROLES } from '../model/roles.js';
import { boundaryTitle, byBoundary, productName } from './boundaries.js';
import { defineRenderer, type RenderOptions } from './types.js';

/**
 * The spreadsheet a firewall team asks for: a summary, one worksheet per firewall boundary and the
 * catalog entries behind the flows. exceljs is loaded only when a workbook is rendered, so the
 * other formats (and the browser page) do not pay for it.
 */

/** Every date in the file: the same plan must give the same bytes (zip entries cannot go below 1980). */
export const XLSX_FIXED_DATE = new Date(Date.UTC(1980, 0, 1));
export const XLSX_CREATOR = 'sfbports';

const MAX_SHEET_NAME = 31;
const HEADER_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F3A5F' } };
const HEADER_FONT: Partial<Font> = { bold: true, color: { argb: 'FFFFFFFF' } };
const OPTIONAL_FONT: Partial<Font> = { italic: true, color: { argb: 'FF6B6B6B' } };
const THIN_BOTTOM: Partial<Borders> = { bottom: { style: 'thin', color: { argb: 'FF9AA5B1' } } };

export const FLOW_COLUMNS = [
  'Flow',
  'Source role',
  'Source',
  'Source hosts',
  'Source addresses',
  'Destination role',
  'Destination',
  'Destination hosts',
  'Destination addresses',
  'Transport',
  'Ports',
  'Protocol',
  'Purpose',
  'Requirements',
  'Optional',
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
  description: 'Excel workbook: a summary, one worksheet per firewall boundary and the catalog entries used',
  binary: true,
  render: renderXlsx,
});

export async function renderXlsx(plan: Plan, options: RenderOptions = {}): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = XLSX_CREATOR;
  workbook.lastModifiedBy = XLSX_CREATOR;
  workbook.company = XLSX_CREATOR;
  workbook.title = options.title ?? plan.topology.name;
  workbook.subject = `Network flows for ${plan.topology.name}`;
  workbook.created = XLSX_FIXED_DATE;
  workbook.modified = XLSX_FIXED_DATE;

  const names = new SheetNames();
  const summaryName = names.claim('Summary');
  const catalogName = names.claim('Catalog entries');
  const ipsecName = plan.ipsec.length > 0 ? names.claim('IPsec exemptions') : undefined;
  const notPlannedName = (plan.notPlanned ?? []).length > 0 ? names.claim('Not planned') : undefined;
  const groups = byBoundary(plan.flows).map((g) => ({
    ...g,
    sheet: names.claim(boundarySheetName(g.boundary)),
  }));

  const others = [catalogName, ipsecName, notPlannedName].filter((n): n is string => n !== undefined);
  addSummarySheet(workbook, summaryName, plan, options, groups, others);
  for (const g of groups) addFlowSheet(workbook, g.sheet, g.flows);
  addCatalogSheet(workbook, catalogName, plan);
  if (ipsecName) addIpsecSheet(workbook, ipsecName, plan.ipsec);
  if (notPlannedName) addNotPlannedSheet(workbook, notPlannedName, plan);

  const written = await workbook.xlsx.writeBuffer();
  return restampZip(new Uint8Array(written as ArrayBuffer));
}

// ---------------------------------------------------------------------------------------------------
// Worksheets

interface BoundaryGroup {
  readonly boundary: Boundary;
  readonly flows: readonly Flow[];
  readonly sheet: string;
}

function addSummarySheet(
  workbook: Workbook,
  name: string,
  plan: Plan,
  options: RenderOptions,
  groups: readonly BoundaryGroup[],
  otherSheets: readonly string[],
): void {
  const ws = workbook.addWorksheet(name, { properties: { tabColor: { argb: 'FF1F3A5F' } } });
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
    ['Firewall boundaries', groups.length],
    ['Catalog entries used', usedEntries(plan).length],
    ['Entries not planned', (plan.notPlanned ?? []).length],
    ['Generator', XLSX_CREATOR],
  ];
  for (const [label, value] of facts) ws.addRow([label, value]).getCell(1).font = { bold: true };
  ws.addRow([]);

  const header = ws.addRow([
    'Boundary',
    'From zone',
    'To zone',
    'Flows',
    'Required',
    'Optional',
    'Worksheet',
  ]);
  styleHeader(header);
  for (const g of groups) {
    const opt = g.flows.filter((f) => f.optional).length;
    ws.addRow([
      boundaryTitle(g.boundary),
      g.boundary.from,
      g.boundary.to,
      g.flows.length,
      g.flows.length - opt,
      opt,
      sheetLink(g.sheet),
    ]);
  }
  if (groups.length === 0) ws.addRow(['(no flows: the topology needs no network flow from the catalog)']);
  ws.addRow([]);
  ws.addRow(['Other worksheets', ...otherSheets.map(sheetLink)]).getCell(1).font = { bold: true };
  ws.addRow([]);

  const legend = ws.addRow(['Legend']);
  legend.font = { bold: true, size: 13 };
  for (const [term, meaning] of LEGEND) ws.addRow([term, meaning]).getCell(1).font = { bold: true };

  ws.getColumn(1).width = 30;
  ws.getColumn(2).width = 60;
  for (const c of [3, 4, 5, 6]) ws.getColumn(c).width = 14;
  ws.getColumn(7).width = 36;
}

const LEGEND: ReadonlyArray<readonly [string, string]> = [
  ['Boundary', 'The pair of zones a flow crosses: the zone of the source, then the zone of the destination.'],
  ['Source', 'Hosts that open the connection (a pool, a server, or a whole client zone).'],
  [
    'Destination',
    'Hosts that listen; the ports are their ports. Replies need no rule on a stateful firewall.',
  ],
  ['Ports', 'Destination ports: single ports, ranges (50000-59999) and lists separated by commas.'],
  ['Protocol', 'The application protocol spoken on those ports, spelled one way throughout.'],
  [
    'Requirements',
    'Ids of the catalog entries behind the flow: the "Catalog entries" sheet says where each comes from.',
  ],
  ['Optional', 'yes: not needed for the product to work (HTTP redirects, static routes, diagnostics).'],
  ['any', 'The whole internet.'],
];

function addFlowSheet(workbook: Workbook, name: string, flows: readonly Flow[]): void {
  const ws = workbook.addWorksheet(name);
  const rows = flows.map((f) => [
    f.id,
    f.source.role,
    endpointName(f.source),
    f.source.names.join(', '),
    f.source.addresses.join(', '),
    f.destination.role,
    endpointName(f.destination),
    f.destination.names.join(', '),
    f.destination.addresses.join(', '),
    f.transport.toUpperCase(),
    portRangesText(f.ports),
    f.protocol,
    f.purpose,
    f.requirements.join(', '),
    f.optional ? 'yes' : 'no',
  ]);
  writeTable(ws, FLOW_COLUMNS, rows, (row, i) => {
    if (flows[i]!.optional) row.font = OPTIONAL_FONT;
  });
}

function addCatalogSheet(workbook: Workbook, name: string, plan: Plan): void {
  const ws = workbook.addWorksheet(name);
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

function addIpsecSheet(workbook: Workbook, name: string, exemptions: readonly IpsecExemption[]): void {
  const ws = workbook.addWorksheet(name);
  const rows = exemptions.map((x) => [
    x.id,
    x.name,
    x.direction,
    x.hosts.role,
    endpointName(x.hosts),
    x.hosts.addresses.join(', '),
    x.transports.map((t) => t.toUpperCase()).join(', '),
    x.localPorts ? portRangesText(x.localPorts) : 'any',
    x.requirements.join(', '),
  ]);
  writeTable(ws, IPSEC_COLUMNS, rows);
}

/** Catalog entries that gave no flow (a role topology version 1 does not model, say), and why. */
function addNotPlannedSheet(workbook: Workbook, name: string, plan: Plan): void {
  const ws = workbook.addWorksheet(name);
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

/** A styled header, frozen in place, with an autofilter over the data and widths that fit the content. */
function writeTable(
  ws: Worksheet,
  columns: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
  styleRow?: (row: ReturnType<Worksheet['addRow']>, index: number) => void,
): void {
  styleHeader(ws.addRow([...columns]));
  rows.forEach((values, i) => {
    const row = ws.addRow([...values]);
    row.alignment = { vertical: 'top' };
    styleRow?.(row, i);
  });
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }];
  // Firewall teams print these: landscape, one page wide, the header row repeated on every page.
  ws.pageSetup = {
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: '1:1',
  };
  ws.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: Math.max(1, rows.length + 1), column: columns.length },
  };
  columns.forEach((title, c) => {
    const longest = rows.reduce((n, r) => Math.max(n, String(r[c] ?? '').length), title.length + 3);
    ws.getColumn(c + 1).width = Math.min(60, Math.max(10, longest + 2));
  });
}

function styleHeader(row: ReturnType<Worksheet['addRow']>): void {
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.font = HEADER_FONT;
    cell.border = THIN_BOTTOM;
    cell.alignment = { vertical: 'middle' };
  });
}

function sheetLink(sheet: string): { text: string; hyperlink: string } {
  return { text: sheet, hyperlink: `#'${sheet.replaceAll("'", "''")}'!A1` };
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
 * A boundary's tab name within Excel's 31 characters. Both zone names stay recognisable: the longer
 * one is shortened first (ending in "…"), rather than cutting the destination off the end.
 */
export function boundarySheetName(b: Boundary): string {
  if (b.sameZone) {
    const zone = Array.from(b.from);
    const within = ' (within)';
    const room = MAX_SHEET_NAME - within.length;
    return `${zone.length > room ? `${zone.slice(0, room - 1).join('')}…` : b.from}${within}`;
  }
  const arrow = ' → ';
  let from = Array.from(b.from);
  let to = Array.from(b.to);
  const budget = MAX_SHEET_NAME - arrow.length;
  if (from.length + to.length <= budget) return `${b.from}${arrow}${b.to}`;
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

/**
 * exceljs stamps every zip entry with the current time; re-pack the archive with one fixed time so the
 * same plan always gives the same bytes (goldens, caching, "did anything change?" checks).
 */
function restampZip(bytes: Uint8Array): Uint8Array {
  const entries = unzipSync(bytes);
  const repacked: Zippable = {};
  for (const [path, data] of Object.entries(entries)) repacked[path] = [data, { mtime: XLSX_FIXED_DATE }];
  return zipSync(repacked, { level: 6 });
}
