import { PAGES, type PageName, SEED_TABLES } from './data/sources.js';
import type { Provenance } from './types.js';

/**
 * Provenance as a reader sees it: one citation per vendor page, with its title and address, and for
 * the seed page the rows of its tables. `ref` (the research id of a fact) is never shown; two facts
 * from the same page are one citation.
 */
export interface PageCitation {
  /** Short name for terminal tables: "seed", "edge-env", "lync-director". */
  readonly key: string;
  readonly title: string;
  readonly url: string;
  /**
   * Seed tables cited on this page by title, in page order (a title SEED_TABLES lacks, which the
   * seed coverage test rejects in the catalog, comes last), each with its rows in ascending order.
   */
  readonly tables: ReadonlyArray<{ readonly table: string; readonly rows: readonly number[] }>;
}

const PAGE_BY_URL = new Map<string, PageName>(
  (Object.keys(PAGES) as PageName[]).map((name) => [PAGES[name].url, name]),
);
const TABLE_ORDER: readonly string[] = Object.values(SEED_TABLES);
const tableRank = (title: string) =>
  TABLE_ORDER.includes(title) ? TABLE_ORDER.indexOf(title) : TABLE_ORDER.length;

/**
 * "source: <title>[, <rows>], <address>" for prose outside the catalog (JSON Schema descriptions,
 * validation hints), so that the reader can open the page.
 */
export function pageSource(name: PageName, rows = ''): string {
  return `source: ${PAGES[name].title}${rows ? `, ${rows}` : ''}, ${PAGES[name].url}`;
}

/** "edgeEnv" → "edge-env": the name the data files use, in the spelling of the command line. */
export function pageKey(name: PageName): string {
  return name.replace(/([a-z])([A-Z0-9])/g, '$1-$2').toLowerCase();
}

interface PageRows {
  readonly key: string;
  readonly title: string;
  readonly url: string;
  readonly rows: Map<string, Set<number>>;
}

/** Groups provenance by page, the seed page first when it is cited, other pages in citation order. */
export function citedPages(provenance: readonly Provenance[]): PageCitation[] {
  const pages = new Map<string, PageRows>();
  const at = (key: string, title: string, url: string): PageRows => {
    const page = pages.get(url) ?? { key, title, url, rows: new Map() };
    pages.set(url, page);
    return page;
  };
  if (provenance.some((p) => 'table' in p)) at('seed', PAGES.seed.title, PAGES.seed.url);
  for (const p of provenance) {
    if ('table' in p) {
      const { rows } = at('seed', PAGES.seed.title, PAGES.seed.url);
      rows.set(p.table, (rows.get(p.table) ?? new Set()).add(p.row));
    } else {
      const name = PAGE_BY_URL.get(p.url);
      at(name ? pageKey(name) : p.title, p.title, p.url);
    }
  }
  return [...pages.values()].map(({ rows, ...page }) => ({
    ...page,
    tables: [...rows]
      .sort(([a], [b]) => tableRank(a) - tableRank(b))
      .map(([table, set]) => ({ table, rows: [...set].sort((a, b) => a - b) })),
  }));
}

/** Every distinct page cited by any of the lists, in first-citation order (for a table's footer). */
export function pagesCitedBy(lists: ReadonlyArray<readonly Provenance[]>): PageCitation[] {
  const out = new Map<string, PageCitation>();
  for (const list of lists) for (const c of citedPages(list)) if (!out.has(c.url)) out.set(c.url, c);
  return [...out.values()];
}

/** "Required Server Ports (by Server Role), rows 22, 47, 50; Required Client Ports, row 2". */
export function seedRowsText(c: PageCitation): string {
  return c.tables
    .map(({ table, rows }) => `${table}, ${rows.length === 1 ? 'row' : 'rows'} ${rows.join(', ')}`)
    .join('; ');
}

/** One page in plain text: "Title: seed rows <address>". */
export function citationText(c: PageCitation): string {
  const rows = seedRowsText(c);
  return `${c.title}${rows ? `: ${rows}` : ''} <${c.url}>`;
}

/** Provenance in plain text for CSV, spreadsheet and HTML cells: pages separated by " | ". */
export function provenanceText(provenance: readonly Provenance[]): string {
  return citedPages(provenance).map(citationText).join(' | ');
}

/** Provenance for JSON: seed rows with their table and the seed page, other pages by title and address. */
export function provenanceJson(
  provenance: readonly Provenance[],
): Array<{ title: string; url: string; table?: string; row?: number }> {
  const out: Array<{ title: string; url: string; table?: string; row?: number }> = [];
  for (const c of citedPages(provenance)) {
    if (c.tables.length === 0) out.push({ title: c.title, url: c.url });
    for (const { table, rows } of c.tables)
      for (const row of rows) out.push({ title: c.title, url: c.url, table, row });
  }
  return out;
}
