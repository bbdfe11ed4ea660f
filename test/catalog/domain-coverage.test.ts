import { describe, expect, it } from 'vitest';
import { PAGES } from '../../src/catalog/data/sources.js';
import { EDGE_PORT_ROWS } from '../../src/catalog/data/vendor-rows.js';
import { catalog } from '../../src/catalog/index.js';

/**
 * Beyond the seed: every port row of the vendor's Edge, reverse proxy, Director and hybrid tables
 * (EDGE_PORT_ROWS, carried in the repository; vendor-rows.test.ts compares it with its source when
 * that is at hand) must be cited by an entry, or by a finding that says why it is not carried, and
 * cited with a page that prints the row, so the address a user follows leads to it.
 */
describe('the Edge port tables', () => {
  const citations = [...catalog.entries, ...catalog.findings].flatMap((o) =>
    o.provenance.flatMap((p) => ('ref' in p && p.ref !== undefined ? [{ ref: p.ref, url: p.url }] : [])),
  );

  it('are carried as more than 150 distinct rows', () => {
    expect(EDGE_PORT_ROWS.length).toBeGreaterThan(150);
    expect(new Set(EDGE_PORT_ROWS.map((r) => r.id)).size).toBe(EDGE_PORT_ROWS.length);
  });

  it('are cited row by row', () => {
    const cited = new Set(citations.map((c) => c.ref));
    expect(EDGE_PORT_ROWS.filter((r) => !cited.has(r.id)).map((r) => r.id)).toEqual([]);
  });

  it('are cited with a page that prints the row', () => {
    const wrong: string[] = [];
    for (const row of EDGE_PORT_ROWS) {
      const urls = new Set<string>(row.pages.map((p) => PAGES[p].url));
      for (const c of citations)
        if (c.ref === row.id && !urls.has(c.url)) wrong.push(`${row.id} cited on ${c.url}`);
    }
    expect(wrong).toEqual([]);
  });
});
