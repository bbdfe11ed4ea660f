import { provenanceText } from '../catalog/cite.js';
import type { CatalogEntry, Conditions } from '../catalog/types.js';
import { AddressSet } from '../model/address-set.js';
import type { Endpoint, Flow } from '../model/flow.js';
import type { IpsecExemption, Plan } from '../model/plan.js';
import { portRangesText } from '../model/ports.js';
import { ROLE_FACTS, ROLES } from '../model/roles.js';
import { type FirewallFlow, firewallsOf, type PlannedFirewall } from '../plan/firewalls.js';
import { productName } from './boundaries.js';
import { directionsOf, firewallKindText, firewallNamesByFlow, firewallPlaceText } from './firewalls.js';
import { EDGE_SERVICE_NAMES, natMappings } from './nat.js';
import { defineRenderer, type RenderOptions } from './types.js';
import {
  type Border,
  type Fill,
  type Font,
  type Link,
  type Row,
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
  render: renderXlsx,
});

export async function renderXlsx(plan: Plan, options: RenderOptions = {}): Promise<Uint8Array> {
  const workbook = new WorkbookWriter({
    creator: XLSX_CREATOR,
    company: XLSX_CREATOR,
    title: options.title ?? plan.topology.name,
    subject: `Network flows for ${plan.topology.name}`,
    date: XLSX_FIXED_DATE,
  });

  const names = new SheetNames();
  const summaryName = names.claim('Summary');
  const flowsName = names.claim('Flows');
  const nat = natMappings(plan);
  const natName = nat.length > 0 ? names.claim('NAT') : undefined;
  const catalogName = names.claim('Catalog entries');
  const ipsecName = plan.ipsec.length > 0 ? names.claim('IPsec exemptions') : undefined;
  const notPlannedName = (plan.notPlanned ?? []).length > 0 ? names.claim('Not planned') : undefined;
  // Fixed names are claimed first, so a firewall called "Flows" or "NAT" is the one renamed.
  const firewalls = firewallsOf(plan);
  const sheets = firewalls.firewalls.map((fw) => ({ fw, sheet: names.claim(firewallSheetName(fw)) }));

  const others = [flowsName, natName, catalogName, ipsecName, notPlannedName].filter(
    (n): n is string => n !== undefined,
  );
  addSummarySheet(workbook, summaryName, plan, options, sheets, others);
  for (const { fw, sheet } of sheets) addFirewallSheet(workbook, sheet, plan, fw);
  addFlowSheet(workbook, flowsName, plan);
  if (natName) writeTable(workbook.addSheet(natName), NAT_COLUMNS, natRows(nat));
  addCatalogSheet(workbook, catalogName, plan);
  if (ipsecName) addIpsecSheet(workbook, ipsecName, plan.ipsec);
  if (notPlannedName) addNotPlannedSheet(workbook, notPlannedName, plan);

  return workbook.write();
}

// ---------------------------------------------------------------------------------------------------
// Worksheets

interface FirewallSheet {
  readonly fw: PlannedFirewall;
  readonly sheet: string;
}

function addSummarySheet(
  workbook: WorkbookWriter,
  name: string,
  plan: Plan,
  options: RenderOptions,
  firewalls: readonly FirewallSheet[],
  otherSheets: readonly string[],
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
  for (const { fw, sheet } of firewalls) {
    const opt = fw.flows.filter((f) => f.flow.optional).length;
    ws.addRow([
      fw.name,
      firewallKindText(fw),
      firewallPlaceText(fw),
      fw.flows.length,
      fw.flows.length - opt,
      opt,
      sheetLink(sheet),
    ]);
  }
  if (firewalls.length === 0)
    ws.addRow(['(no firewall: no flow crosses a zone boundary and the topology names none)']);
  ws.addRow([]);
  ws.addRow(['Other worksheets', ...otherSheets.map(sheetLink)]).cell(1).font = { bold: true };
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

/** Every flow of the plan, one row each, with a filter: the sheet to sort, search and count. */
function addFlowSheet(workbook: WorkbookWriter, name: string, plan: Plan): void {
  const ws = workbook.addSheet(name);
  const flows = plan.flows;
  const firewalls = firewallNamesByFlow(plan);
  const rows = flows.map((f) => [
    f.id,
    f.boundary.from,
    f.boundary.to,
    f.source.role,
    endpointName(f.source),
    f.source.names.join(', '),
    f.source.addresses.join(', '),
    (f.source.publicAddresses ?? []).join(', '),
    f.destination.role,
    endpointName(f.destination),
    f.destination.names.join(', '),
    f.destination.addresses.join(', '),
    (f.destination.publicAddresses ?? []).join(', '),
    f.transport.toUpperCase(),
    portRangesText(f.ports),
    f.protocol,
    f.purpose,
    f.requirements.join(', '),
    f.optional ? 'yes' : 'no',
    (firewalls.get(f) ?? []).join(', '),
  ]);
  writeTable(ws, FLOW_COLUMNS, rows, (row, i) => {
    if (flows[i]!.optional) row.font = OPTIONAL_FONT;
  });
}

/**
 * One firewall as the vendor's Planning Tool reports it: grouped per site, then per direction
 * (entering by one side, leaving by another) under a heading row, one row per destination host so a
 * pool's VIP row and its servers' rows stand next to each other, then the management access it keeps.
 */
function addFirewallSheet(workbook: WorkbookWriter, name: string, plan: Plan, fw: PlannedFirewall): void {
  const ws = workbook.addSheet(name);
  const title = ws.addRow([`${fw.name}: ${firewallKindText(fw)}; ${firewallPlaceText(fw)}`]);
  title.font = { bold: true, size: 13 };
  styleHeader(ws.addRow([...FIREWALL_COLUMNS]));
  const heading = (text: string, fill: Fill, italic: boolean) => {
    const row = ws.addRow([text]);
    for (let c = 1; c <= FIREWALL_COLUMNS.length; c++) row.cell(c).fill = fill;
    row.font = { bold: true, italic };
  };
  const sites = plan.topology.sites.map((s) => s.name);
  const directions = directionsOf(fw);
  const siteNames = [...sites, OTHER_SITES];
  for (const site of siteNames) {
    const inSite = directions
      .map((d) => ({ d, flows: d.flows.filter((f) => flowSite(f.flow, sites) === site) }))
      .filter((x) => x.flows.length > 0);
    if (inSite.length === 0) continue;
    heading(site === OTHER_SITES ? OTHER_SITES : `Site ${site}`, SITE_FILL, false);
    for (const { d, flows } of inSite) {
      heading(d.title, DIRECTION_FILL, true);
      for (const f of byDestinationPool(flows))
        for (const values of firewallRows(f, fw)) {
          const row = ws.addRow(values);
          row.alignment = { vertical: 'top', wrapText: true };
          if (f.flow.optional) row.font = OPTIONAL_FONT;
        }
    }
  }
  if (fw.flows.length === 0) ws.addRow(['(no flow of this report passes this firewall)']);
  if (fw.management.length > 0) {
    heading('Management access, kept open before any drop', SITE_FILL, false);
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
      const row = ws.addRow([
        m.sourceText.join(', '),
        'any',
        to,
        portRangesText(m.ports.ranges),
        m.transport.toUpperCase(),
        m.description,
        'management access',
      ]);
      row.alignment = { vertical: 'top', wrapText: true };
    }
  }
  ws.frozenRows = 2;
  ws.page = { landscape: true, titleRows: 2 };
  FIREWALL_WIDTHS.forEach((w, i) => {
    ws.width(i + 1, w);
  });
}

const OTHER_SITES = 'Several sites';

/** The site a flow is listed under: the listening side's, else the connecting side's. */
function flowSite(f: Flow, sites: readonly string[]): string {
  const site = f.destination.site ?? f.source.site;
  return site !== undefined && sites.includes(site) ? site : OTHER_SITES;
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
 * The rows of one flow: one per destination host (a host firewall's own servers only), or one for a
 * zone. Source ports are "any": the plan carries destination ports only, and inventing a source
 * range would state something no vendor page says for that flow.
 */
function firewallRows(f: FirewallFlow, fw: PlannedFirewall): string[][] {
  const flow = f.flow;
  const d = flow.destination;
  const source = `${endpointLabel(flow.source)}\n${publicText(flow.source).join(', ')}`;
  const comments = [flow.id, ...(flow.optional ? ['optional'] : []), flow.requirements.join(', ')].join('; ');
  const rest = [
    portRangesText(flow.ports),
    flow.transport.toUpperCase(),
    `${flow.protocol}: ${flow.purpose}`,
    comments,
  ];
  if (d.kind === 'zone') return [[source, 'any', `${endpointLabel(d)}\n${d.addresses.join(', ')}`, ...rest]];
  const own = fw.kind === 'host' ? new Set(fw.servers.map((s) => s.name)) : undefined;
  const hosts = publicText(d);
  const rows: string[][] = [];
  d.names.forEach((name, i) => {
    if (own && !own.has(name)) return;
    rows.push([source, 'any', `${ROLE_FACTS[d.role].label} ${name}\n${hosts[i]}`, ...rest]);
  });
  return rows;
}

/** "External user (internet)", "Front End VIP pool01.contoso.com", "Reverse proxy rp01.contoso.com". */
function endpointLabel(e: Endpoint): string {
  const label = ROLE_FACTS[e.role].label;
  return e.kind === 'zone' ? `${label} (${e.zone})` : `${label} ${endpointName(e)}`;
}

/** Each address, with the public address a NAT publishes for it when there is one. */
function publicText(e: Endpoint): string[] {
  const publics = e.publicAddresses;
  const aligned = publics !== undefined && publics.length === e.addresses.length;
  return e.addresses.map((a, i) => (aligned ? `${a} (public ${publics[i]})` : a));
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
    x.hosts.addresses.join(', '),
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

/** A styled header, frozen in place, with an autofilter over the data and widths that fit the content. */
function writeTable(
  ws: Sheet,
  columns: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
  styleRow?: (row: Row, index: number) => void,
): void {
  styleHeader(ws.addRow([...columns]));
  rows.forEach((values, i) => {
    const row = ws.addRow([...values]);
    row.alignment = { vertical: 'top' };
    styleRow?.(row, i);
  });
  ws.frozenRows = 1;
  // Firewall teams print these: landscape, one page wide, the header row repeated on every page.
  ws.page = { landscape: true, titleRows: 1 };
  ws.filterColumns = columns.length;
  columns.forEach((title, c) => {
    const longest = rows.reduce((n, r) => Math.max(n, String(r[c] ?? '').length), title.length + 3);
    ws.width(c + 1, Math.min(60, Math.max(10, longest + 2)));
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
