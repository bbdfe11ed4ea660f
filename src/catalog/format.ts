import { portRangesText } from '../model/ports.js';
import { ROLE_NAMES, ROLES, type Role } from '../model/roles.js';
import { csvDocument, markdownCode, markdownText } from '../text/escape.js';
import { TABLE_WIDTH, wrap } from '../text/layout.js';
import { compareText } from '../text/order.js';
import { citedPages, pagesCitedBy, provenanceJson, provenanceText, seedRowsText } from './cite.js';
import { SEED_TABLES, type SeedTable } from './data/sources.js';
import type { CatalogEntry, Conditions, IpsecException, LintFinding, Provenance } from './types.js';

/**
 * Text views of catalog entries, IPsec exceptions and lint findings: a terminal table that fits 100
 * columns, Markdown, CSV and JSON. Pure string functions, so the web page can offer the same
 * downloads; the CLI only adds colour through `Style`.
 */

export const CATALOG_FORMATS = ['table', 'json', 'csv', 'md'] as const;
export type CatalogFormat = (typeof CATALOG_FORMATS)[number];

export interface Style {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
}

const PLAIN: Style = { bold: (s) => s, dim: (s) => s };

/** Short names of the seed tables in terminal tables: "seed server 46" is row 46 of the server table. */
const SEED_SHORT: Readonly<Record<SeedTable, string>> = {
  server: 'seed server',
  hlbHardware: 'seed HLB-only',
  hlbDns: 'seed DNS-LB',
  client: 'seed client',
  ipsec: 'seed IPsec',
};
const SHORT_BY_TITLE = new Map<string, string>(
  (Object.keys(SEED_TABLES) as SeedTable[]).map((t) => [SEED_TABLES[t], SEED_SHORT[t]]),
);
const seedShort = (title: string) => SHORT_BY_TITLE.get(title) ?? title;
const TABLE_TITLES: readonly string[] = Object.values(SEED_TABLES);

/**
 * "seed server 22,47,50; lync-director, edge-env": seed rows per table, then other pages by their
 * short name. The terminal table prints this and lists the named pages once, with their titles and
 * addresses, below the table (citedPagesTable).
 */
export function describeProvenance(provenance: readonly Provenance[]): string {
  const seedRows: string[] = [];
  const keys: string[] = [];
  for (const c of citedPages(provenance)) {
    if (c.tables.length === 0) keys.push(c.key);
    for (const { table, rows } of c.tables) seedRows.push(`${seedShort(table)} ${rows.join(',')}`);
  }
  return [...seedRows, ...(keys.length ? [keys.join(', ')] : [])].join('; ');
}

/**
 * The pages the short names above stand for, once each: name and title, the seed tables meant by
 * "seed server" and the like, and the address on a line of its own. Lines fit TABLE_WIDTH except an
 * address longer than that, which is printed whole so that it can still be opened or copied.
 */
export function citedPagesTable(lists: ReadonlyArray<readonly Provenance[]>, style: Style = PLAIN): string {
  // The seed page first, then by short name, so a name is found the way a glossary is read.
  const pages = pagesCitedBy(lists).sort(
    (a, b) => Number(b.key === 'seed') - Number(a.key === 'seed') || compareText(a.key, b.key),
  );
  if (pages.length === 0) return '';
  const seedTables = new Set(
    lists.flatMap((l) => citedPages(l).flatMap((c) => c.tables.map((t) => t.table))),
  );
  const out = [style.bold('Sources')];
  const indented = (text: string) =>
    wrap(text, TABLE_WIDTH - 4).map((l, i) => (i === 0 ? `  ${l}` : `    ${l}`));
  for (const c of pages) {
    out.push(...indented(`${c.key}: ${c.title}`));
    if (c.key === 'seed')
      for (const title of TABLE_TITLES.filter((t) => seedTables.has(t)))
        out.push(...indented(`${seedShort(title)} = table "${title}"`).map((l) => `  ${style.dim(l)}`));
    out.push(`    ${c.url}`);
  }
  return `${out.join('\n')}\n`;
}

/** Provenance in a Markdown cell: a link per page, seed rows after the link, pages one per line. */
function provenanceMarkdown(provenance: readonly Provenance[]): string {
  return citedPages(provenance)
    .map((c) => {
      const rows = seedRowsText(c);
      return `[${markdownText(c.title)}](${c.url})${rows ? `: ${markdownText(rows)}` : ''}`;
    })
    .join('<br>');
}

/** Conditions in plain words; empty when the entry always applies. */
export function describeConditions(c: Conditions): string {
  const parts: string[] = [];
  if (c.features?.length) parts.push(`needs ${c.features.join(' + ')}`);
  if (c.anyFeature?.length) parts.push(`needs one of ${c.anyFeature.join(' | ')}`);
  if (c.loadBalancing) parts.push(`${c.loadBalancing} load balancing`);
  if (c.collocatedMediation !== undefined)
    parts.push(c.collocatedMediation ? 'collocated Mediation' : 'no collocated Mediation');
  if (c.cmsHolder) parts.push('pool holds the CMS');
  if (c.externalWebPorts) parts.push(`external web VIP, ${c.externalWebPorts} ports`);
  if (c.loadBalancerSourceNat !== undefined)
    parts.push(
      c.loadBalancerSourceNat ? 'load balancer with source NAT' : 'load balancer without source NAT',
    );
  if (c.sourceCmsHolder) parts.push('from the CMS-holding pool');
  if (c.edgeNat !== undefined) parts.push(c.edgeNat ? 'Edge behind NAT' : 'Edge without NAT');
  if (c.mediaBypass !== undefined)
    parts.push(c.mediaBypass ? 'gateway with media bypass' : 'gateway without media bypass');
  if (c.registrar) parts.push('only from zones that register or sign in here');
  if (c.products?.length) parts.push(`only ${c.products.join(', ')}`);
  if (c.optional) parts.push('optional');
  return parts.join('; ');
}

function entryFlags(e: CatalogEntry): string {
  const parts = [describeConditions(e.conditions)];
  if (e.configurablePort) parts.push(`port from topology (${e.configurablePort})`);
  if (e.planned === false) parts.push('not planned (see --lint)');
  return parts.filter(Boolean).join('; ');
}

// Table columns: indent, ports, transport, protocol, sources, purpose (one space between columns).
const COLS = { indent: 2, ports: 12, l4: 4, protocol: 12, from: 20 } as const;
const PURPOSE_WIDTH =
  TABLE_WIDTH - COLS.indent - COLS.ports - COLS.l4 - COLS.protocol - COLS.from - 4; /* four gaps */
const META_INDENT = COLS.indent + COLS.ports + 1;

function row(cells: readonly [string, string, string, string, string]): string {
  const [ports, l4, protocol, from, purpose] = cells;
  const line =
    ' '.repeat(COLS.indent) +
    ports.padEnd(COLS.ports) +
    ' ' +
    l4.padEnd(COLS.l4) +
    ' ' +
    protocol.padEnd(COLS.protocol) +
    ' ' +
    from.padEnd(COLS.from) +
    ' ' +
    purpose;
  return line.trimEnd();
}

/** Groups in the canonical role order; `firstRole` (the role asked about) leads. */
function groupByRole(entries: readonly CatalogEntry[], firstRole?: Role): Array<[Role, CatalogEntry[]]> {
  const groups = new Map<Role, CatalogEntry[]>();
  for (const e of entries) groups.set(e.role, [...(groups.get(e.role) ?? []), e]);
  const order = firstRole ? [firstRole, ...ROLE_NAMES.filter((r) => r !== firstRole)] : ROLE_NAMES;
  return order.filter((r) => groups.has(r)).map((r) => [r, groups.get(r)!]);
}

/** Entries grouped by the listening role, one block per entry, purpose wrapped. */
export function entriesTable(
  entries: readonly CatalogEntry[],
  style: Style = PLAIN,
  firstRole?: Role,
): string {
  const out: string[] = [];
  for (const [role, list] of groupByRole(entries, firstRole)) {
    if (out.length) out.push('');
    out.push(...wrap(`${role} — ${ROLES[role]}`, TABLE_WIDTH).map((l, i) => (i === 0 ? style.bold(l) : l)));
    out.push(style.dim(row(['PORTS', 'L4', 'PROTOCOL', 'FROM', 'PURPOSE'])));
    for (const e of list) {
      const ports = wrap(portRangesText(e.ports).replaceAll(',', ', '), COLS.ports);
      const protocol = wrap(e.protocol, COLS.protocol);
      const from = wrap(e.sources.join(', '), COLS.from);
      const purpose = wrap(e.purpose, PURPOSE_WIDTH);
      const height = Math.max(ports.length, protocol.length, from.length, purpose.length);
      for (let i = 0; i < height; i++) {
        out.push(
          row([
            ports[i] ?? '',
            i === 0 ? e.transport : '',
            protocol[i] ?? '',
            from[i] ?? '',
            purpose[i] ?? '',
          ]),
        );
      }
      const meta = [e.id, entryFlags(e), describeProvenance(e.provenance)].filter(Boolean).join(' · ');
      for (const line of wrap(meta, TABLE_WIDTH - META_INDENT))
        out.push(' '.repeat(META_INDENT) + style.dim(line));
    }
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

export function ipsecTable(list: readonly IpsecException[], style: Style = PLAIN): string {
  const out: string[] = [];
  for (const x of list) {
    const ports = x.localPorts ? `local ports ${portRangesText(x.localPorts)}` : 'any port';
    const where = x.direction === 'inbound' ? `to ${x.role}` : `from ${x.role}`;
    out.push(`  ${style.bold(x.name)}`);
    for (const l of wrap(
      `${x.direction} ${x.transports.join('+')} ${where}, ${ports}: do not authenticate`,
      96,
    ))
      out.push(`    ${l}`);
    const meta = [x.id, describeConditions(x.conditions), describeProvenance(x.provenance)]
      .filter(Boolean)
      .join(' · ');
    for (const line of wrap(meta, TABLE_WIDTH - 4)) out.push(`    ${style.dim(line)}`);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

export function findingsTable(list: readonly LintFinding[], style: Style = PLAIN): string {
  const out: string[] = [];
  for (const f of list) {
    if (out.length) out.push('');
    out.push(`${style.bold(f.id)}  ${f.kind}`);
    out.push(...wrap(f.summary, TABLE_WIDTH - 2).map((l) => `  ${l}`));
    out.push(...wrap(`Decision: ${f.decision}`, TABLE_WIDTH - 2).map((l) => `  ${l}`));
    if (f.entries.length)
      out.push(...wrap(`Entries: ${f.entries.join(', ')}`, TABLE_WIDTH - 2).map((l) => `  ${style.dim(l)}`));
    out.push(
      ...wrap(`Source: ${describeProvenance(f.provenance)}`, TABLE_WIDTH - 2).map((l) => `  ${style.dim(l)}`),
    );
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/** JSON keeps the data model's field names; ports stay [from, to] pairs. */
export function entriesJson(entries: readonly CatalogEntry[]): string {
  const list = entries.map((e) => ({
    id: e.id,
    role: e.role,
    transport: e.transport,
    ports: e.ports,
    protocol: e.protocol,
    sources: e.sources,
    conditions: e.conditions,
    purpose: e.purpose,
    provenance: provenanceJson(e.provenance),
    ...(e.note === undefined ? {} : { note: e.note }),
    ...(e.configurablePort === undefined ? {} : { configurablePort: e.configurablePort }),
    ...(e.planned === undefined ? {} : { planned: e.planned }),
  }));
  return `${JSON.stringify(list, null, 2)}\n`;
}

export function ipsecJson(list: readonly IpsecException[]): string {
  return toJson(list.map((x) => ({ ...x, provenance: provenanceJson(x.provenance) })));
}

export function findingsJson(list: readonly LintFinding[]): string {
  return toJson(list.map((f) => ({ ...f, provenance: provenanceJson(f.provenance) })));
}

function toJson(list: readonly unknown[]): string {
  return `${JSON.stringify(list, null, 2)}\n`;
}

export function entriesCsv(entries: readonly CatalogEntry[]): string {
  return csvDocument(
    [
      'id',
      'role',
      'transport',
      'ports',
      'protocol',
      'sources',
      'conditions',
      'purpose',
      'provenance',
      'note',
    ],
    entries.map((e) => [
      e.id,
      e.role,
      e.transport,
      portRangesText(e.ports),
      e.protocol,
      e.sources.join(' '),
      entryFlags(e),
      e.purpose,
      provenanceText(e.provenance),
      e.note ?? '',
    ]),
  );
}

export function ipsecCsv(list: readonly IpsecException[]): string {
  return csvDocument(
    ['id', 'name', 'direction', 'role', 'transports', 'local_ports', 'conditions', 'purpose', 'provenance'],
    list.map((x) => [
      x.id,
      x.name,
      x.direction,
      x.role,
      x.transports.join(' '),
      x.localPorts ? portRangesText(x.localPorts) : 'any',
      describeConditions(x.conditions),
      x.purpose,
      provenanceText(x.provenance),
    ]),
  );
}

export function findingsCsv(list: readonly LintFinding[]): string {
  return csvDocument(
    ['id', 'kind', 'summary', 'decision', 'entries', 'provenance'],
    list.map((f) => [f.id, f.kind, f.summary, f.decision, f.entries.join(' '), provenanceText(f.provenance)]),
  );
}

/** A Markdown table; every cell is escaped already (plain text by `markdownText`, ids by `markdownCode`). */
function mdTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

const text = markdownText;

export function entriesMarkdown(entries: readonly CatalogEntry[], firstRole?: Role): string {
  const out: string[] = [];
  for (const [role, list] of groupByRole(entries, firstRole)) {
    if (out.length) out.push('');
    out.push(`## ${role}`, '', text(ROLES[role]), '');
    out.push(
      ...mdTable(
        ['Ports', 'L4', 'Protocol', 'From', 'Purpose', 'When', 'Id', 'Source'],
        list.map((e) => [
          text(portRangesText(e.ports)),
          e.transport,
          text(e.protocol),
          text(e.sources.join(', ')),
          text(e.purpose),
          text(entryFlags(e)),
          markdownCode(e.id),
          provenanceMarkdown(e.provenance),
        ]),
      ),
    );
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

export function ipsecMarkdown(list: readonly IpsecException[]): string {
  if (!list.length) return '';
  return `${mdTable(
    ['Rule', 'Direction', 'Role', 'Transports', 'Local ports', 'When', 'Id', 'Source'],
    list.map((x) => [
      text(x.name),
      x.direction,
      text(x.role),
      x.transports.join(', '),
      text(x.localPorts ? portRangesText(x.localPorts) : 'any'),
      text(describeConditions(x.conditions)),
      markdownCode(x.id),
      provenanceMarkdown(x.provenance),
    ]),
  ).join('\n')}\n`;
}

export function findingsMarkdown(list: readonly LintFinding[]): string {
  if (!list.length) return '';
  return `${mdTable(
    ['Id', 'Kind', 'What the vendor says', 'Decision', 'Entries', 'Source'],
    list.map((f) => [
      markdownCode(f.id),
      f.kind,
      text(f.summary),
      text(f.decision),
      f.entries.map(markdownCode).join(', '),
      provenanceMarkdown(f.provenance),
    ]),
  ).join('\n')}\n`;
}
