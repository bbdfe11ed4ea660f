import {
  type EdgePortRow,
  PAGES,
  type PageName,
  SEED_TABLES,
  type SeedIpsecRow,
  type SeedPortRow,
  type SeedRow,
  type SeedTable,
} from '../src/catalog/data/sources.js';

/**
 * Reads the vendor's port tables out of Markdown: the seed page's five tables, and the Edge port row
 * ids of the notes that record the Edge, reverse proxy, Director and hybrid pages. Pure functions from
 * text to rows, shared by `npm run seed:extract` (which writes src/catalog/data/vendor-rows.ts) and by
 * the test that compares the committed rows with a fresh reading. The catalog does not depend on this
 * file: it cites rows, and the coverage tests check those citations against the committed rows.
 */

/**
 * The material is not part of the repository: a maintainer who has it names it in these variables
 * (or on the script's command line), and the comparison test runs where they are set.
 */
export const SEED_PAGE_VARIABLE = 'SFBPORTS_SEED_PAGE';
export const EDGE_NOTES_VARIABLE = 'SFBPORTS_EDGE_NOTES';

export class ExtractError extends Error {}

/** A table cell as the page renders it: line breaks, escapes and entities undone, spaces collapsed. */
export function cellText(raw: string): string {
  return raw
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/\\([*_|])/g, '$1')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split('|').map(cellText);
}

const isRule = (row: readonly string[]) => row.every((c) => /^:?-+:?$/.test(c));

interface MarkdownTable {
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
}

/** Every `**Title**` line followed (after blank lines) by a Markdown table. */
function titledTables(markdown: string): MarkdownTable[] {
  const lines = markdown.split(/\r?\n/);
  const tables: MarkdownTable[] = [];
  for (let i = 0; i < lines.length; i++) {
    const title = /^\*\*(.+)\*\*$/.exec(lines[i]!.trim());
    if (!title) continue;
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() === '') j++;
    if (!lines[j]?.trim().startsWith('|')) continue;
    const header = cells(lines[j]!);
    const rows: string[][] = [];
    for (j += 1; j < lines.length && lines[j]!.trim().startsWith('|'); j++) {
      const row = cells(lines[j]!);
      if (!isRule(row)) rows.push(row);
    }
    tables.push({ title: title[1]!.trim(), header, rows });
  }
  return tables;
}

const TABLE_BY_TITLE = new Map(
  Object.entries(SEED_TABLES).map(([key, title]) => [title as string, key as SeedTable]),
);

function column(table: MarkdownTable, ...names: string[]): number {
  const index = table.header.findIndex((h) => names.includes(h));
  if (index < 0)
    throw new ExtractError(`table "${table.title}" has no column ${names.map((n) => `"${n}"`).join(' or ')}`);
  return index;
}

/** The seed page's rows, table by table in page order, numbered from 1 inside each table. */
export function parseSeedPage(markdown: string): SeedRow[] {
  const out: SeedRow[] = [];
  const seen = new Set<SeedTable>();
  for (const table of titledTables(markdown)) {
    const key = TABLE_BY_TITLE.get(table.title);
    if (!key) throw new ExtractError(`the page has a table "${table.title}" that SEED_TABLES does not name`);
    seen.add(key);
    const at = (row: readonly string[], index: number) => row[index] ?? '';
    if (key === 'ipsec') {
      const cols = {
        rule: column(table, 'Rule name'),
        source: column(table, 'Source IP'),
        destination: column(table, 'Destination IP'),
        protocol: column(table, 'Protocol'),
        sourcePort: column(table, 'Source port'),
        destinationPort: column(table, 'Destination port'),
        authentication: column(table, 'Authentication Requirement'),
      };
      table.rows.forEach((row, i) => {
        const r: SeedIpsecRow = {
          table: key,
          row: i + 1,
          rule: at(row, cols.rule),
          source: at(row, cols.source),
          destination: at(row, cols.destination),
          protocol: at(row, cols.protocol),
          sourcePort: at(row, cols.sourcePort),
          destinationPort: at(row, cols.destinationPort),
          authentication: at(row, cols.authentication),
        };
        out.push(r);
      });
      continue;
    }
    const role = column(table, 'Server role', 'Load Balancer', 'Component');
    const service = table.header.indexOf('Service name');
    const port = column(table, 'Port');
    const protocol = column(table, 'Protocol');
    table.rows.forEach((row, i) => {
      const r: SeedPortRow = {
        table: key,
        row: i + 1,
        role: at(row, role),
        ...(service < 0 ? {} : { service: at(row, service) }),
        port: at(row, port),
        protocol: at(row, protocol),
      };
      out.push(r);
    });
  }
  const absent = (Object.keys(SEED_TABLES) as SeedTable[]).filter((k) => !seen.has(k));
  if (absent.length)
    throw new ExtractError(
      `the page has no table titled ${absent.map((k) => `"${SEED_TABLES[k]}"`).join(', ')}`,
    );
  return out;
}

/**
 * Ids of the rows that state a port requirement: Edge environmental (SE-), Lync Server 2013 scenario
 * summaries (L13-), reverse proxy (RP-), Autodiscover (AD-), Director (DIR-) and hybrid (HY-). Rows
 * of DNS records, load balancer advice and disagreements have other ids and are not port rows.
 */
export const EDGE_PORT_ROW =
  /^(SE-(X|I|HX|HI|HV|HN)\d+|L13-[A-Z]*\d+|RP-[XI]\d+|AD-[XI]\d+|DIR-[SP]\d+|HY-\d+)$/;

const LYNC_SCENARIOS = {
  'S-NAT': 'lyncEdgeSingleNat',
  'S-PUB': 'lyncEdgeSinglePublic',
  'D-NAT': 'lyncEdgeDnsNat',
  'D-PUB': 'lyncEdgeDnsPublic',
} as const satisfies Record<string, PageName>;
const NON_HLB: readonly PageName[] = Object.values(LYNC_SCENARIOS);

/**
 * The page each family of row ids was read from. A Lync Server 2013 table that marks rows per
 * scenario page (columns S-NAT, S-PUB, D-NAT, D-PUB holding "Y") narrows a row to the pages marked.
 */
const PAGES_BY_ID: ReadonlyArray<readonly [RegExp, readonly PageName[]]> = [
  [/^SE-/, ['edgeEnv']],
  [/^L13-H[A-Z]\d/, ['lyncEdgeHlb']],
  [/^L13-(F|P|XM)\d/, [...NON_HLB, 'lyncFederation']],
  [/^L13-[XI]\d/, NON_HLB],
  [/^RP-/, ['lyncReverseProxy']],
  [/^AD-/, ['lyncAutodiscover']],
  [/^DIR-S/, ['lyncDirector']],
  [/^DIR-P/, ['lyncDirectorPool']],
  [/^HY-/, ['hybrid']],
];

/** The Edge port rows in file order; an id listed twice must name the same pages both times. */
export function parseEdgeRows(markdown: string): EdgePortRow[] {
  const rows = new Map<string, EdgePortRow>();
  let header: string[] = [];
  for (const line of markdown.split(/\r?\n/)) {
    if (!line.trim().startsWith('|')) {
      header = [];
      continue;
    }
    const row = cells(line);
    if (isRule(row)) continue;
    if (header.length === 0) {
      header = row;
      continue;
    }
    const id = row[0]!;
    if (!EDGE_PORT_ROW.test(id)) continue;
    const family = PAGES_BY_ID.find(([pattern]) => pattern.test(id));
    if (!family) throw new ExtractError(`row ${id}: no vendor page is known for its id`);
    let pages = family[1];
    const marked = Object.entries(LYNC_SCENARIOS).filter(([name]) => header.includes(name));
    if (marked.length)
      pages = marked.filter(([name]) => row[header.indexOf(name)] === 'Y').map(([, page]) => page);
    if (pages.length === 0) throw new ExtractError(`row ${id}: no scenario page is marked Y`);
    const before = rows.get(id);
    if (before && before.pages.join() !== pages.join())
      throw new ExtractError(`row ${id} appears twice with different pages`);
    rows.set(id, { id, pages: [...pages] });
  }
  if (rows.size === 0) throw new ExtractError('no Edge port row found (ids such as SE-X01 in a table)');
  return [...rows.values()];
}

/** "Required Server Ports (by Server Role) row 4" or "Edge row SE-X01". */
export type RowKey = string;

const seedKey = (r: SeedRow): RowKey => `${SEED_TABLES[r.table]} row ${r.row}`;

/**
 * What differs between two readings, one line per row: a row only one side has, or each cell that
 * changed. Empty when they agree.
 */
export function diffSeedRows(committed: readonly SeedRow[], fresh: readonly SeedRow[]): string[] {
  return diffBy(committed, fresh, seedKey);
}

export function diffEdgeRows(committed: readonly EdgePortRow[], fresh: readonly EdgePortRow[]): string[] {
  return diffBy(committed, fresh, (r) => `Edge row ${r.id}`);
}

function diffBy<T extends object>(
  committed: readonly T[],
  fresh: readonly T[],
  key: (r: T) => RowKey,
): string[] {
  const before = new Map(committed.map((r) => [key(r), r]));
  const after = new Map(fresh.map((r) => [key(r), r]));
  const out: string[] = [];
  for (const [k, r] of after) {
    const old = before.get(k);
    if (!old) {
      out.push(`${k}: on the page, not in the committed data`);
      continue;
    }
    const fields = new Set([...Object.keys(old), ...Object.keys(r)]);
    for (const f of fields) {
      const was = JSON.stringify((old as Record<string, unknown>)[f]);
      const is = JSON.stringify((r as Record<string, unknown>)[f]);
      if (was !== is) out.push(`${k}: ${f} is ${is ?? 'absent'} on the page, ${was ?? 'absent'} in the data`);
    }
  }
  for (const k of before.keys()) if (!after.has(k)) out.push(`${k}: in the committed data, not on the page`);
  return out;
}

/** The TypeScript module `npm run seed:extract` writes; Biome formats it afterwards. */
export function vendorRowsModule(seed: readonly SeedRow[], edge: readonly EdgePortRow[]): string {
  const list = (rows: readonly object[]) => rows.map((r) => `  ${JSON.stringify(r)},`).join('\n');
  return [
    '// Generated by `npm run seed:extract` (scripts/extract-seed-rows.ts): do not edit by hand.',
    "import type { EdgePortRow, SeedRow } from './sources.js';",
    '',
    '/**',
    ` * Every row of the five tables of "${PAGES.seed.title}", cells as printed on`,
    ` * ${PAGES.seed.url}`,
    ' * test/catalog/seed-coverage.test.ts checks the catalog against these rows.',
    ' */',
    'export const SEED_ROWS: readonly SeedRow[] = [',
    list(seed),
    '];',
    '',
    '/**',
    ' * The port rows of the Edge, reverse proxy, Director and hybrid tables, with the pages that print',
    ' * them; test/catalog/domain-coverage.test.ts checks that the catalog cites each one.',
    ' */',
    'export const EDGE_PORT_ROWS: readonly EdgePortRow[] = [',
    list(edge),
    '];',
    '',
  ].join('\n');
}
