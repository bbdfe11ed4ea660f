import { describe, expect, it } from 'vitest';
import {
  citedPagesTable,
  describeConditions,
  describeProvenance,
  entriesCsv,
  entriesJson,
  entriesMarkdown,
  entriesTable,
} from '../../src/catalog/format.js';
import { catalog, PAGES } from '../../src/catalog/index.js';
import { TABLE_WIDTH, wrap } from '../../src/text/layout.js';

describe('catalog views', () => {
  it('wraps at the width, cutting only words longer than it', () => {
    expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrap('', 5)).toEqual(['']);
  });

  it('names seed rows per table and other pages by short name, once each', () => {
    const e = catalog.entries.find((x) => x.id === 'edge-external-access.sip-tls.443')!;
    expect(describeProvenance(e.provenance)).toBe(
      'seed client 2; edge-env, lync-edge-single-nat, lync-federation',
    );
  });

  it('lists each page cited by short name once, with its title and whole address', () => {
    const entries = catalog.entries.filter((e) => e.id.startsWith('director.'));
    const text = citedPagesTable(entries.map((e) => e.provenance));
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('Sources');
    expect(lines[1]).toBe(`  seed: ${PAGES.seed.title}`);
    expect(text).toContain('    seed server = table "Required Server Ports (by Server Role)"\n');
    expect(text).toContain(`  lync-director: ${PAGES.lyncDirector.title}\n    ${PAGES.lyncDirector.url}\n`);
    expect(text.match(/^ {2}lync-director:/gm)).toHaveLength(1);
    for (const line of lines)
      if (!line.startsWith('    https://')) expect(line.length).toBeLessThanOrEqual(TABLE_WIDTH);
    expect(citedPagesTable([])).toBe('');
  });

  it('cites pages by title and address in CSV, Markdown and JSON, never by research id', () => {
    const list = catalog.entries.filter((e) => e.id === 'director.sip-mtls.5061');
    const csvRow = entriesCsv(list).split('\r\n')[1]!;
    expect(csvRow).toContain(
      `${PAGES.seed.title}: Required Server Ports (by Server Role), row 46 <${PAGES.seed.url}> | ${PAGES.lyncDirector.title} <${PAGES.lyncDirector.url}>`,
    );
    expect(entriesMarkdown(list)).toContain(`[${PAGES.lyncDirector.title}](${PAGES.lyncDirector.url})`);
    const [json] = JSON.parse(entriesJson(list));
    expect(json.provenance).toContainEqual({
      title: PAGES.seed.title,
      url: PAGES.seed.url,
      table: 'Required Server Ports (by Server Role)',
      row: 46,
    });
    expect(json.provenance).toContainEqual({ title: PAGES.lyncDirector.title, url: PAGES.lyncDirector.url });
    for (const text of [
      entriesCsv(catalog.entries),
      entriesMarkdown(catalog.entries),
      entriesJson(catalog.entries),
    ])
      expect(text).not.toMatch(/\bDIR-S06\b|\.md [A-Z]+-|"ref"/);
  });

  it('says conditions in words', () => {
    expect(describeConditions({})).toBe('');
    expect(
      describeConditions({
        features: ['xmpp'],
        loadBalancing: 'hardware',
        products: ['lync2013'],
        optional: true,
      }),
    ).toBe('needs xmpp; hardware load balancing; only lync2013; optional');
  });

  it('keeps every table line within 100 columns', () => {
    const text = entriesTable(catalog.entries);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(TABLE_WIDTH);
  });

  it('quotes CSV cells with commas and quotes', () => {
    const csv = entriesCsv(catalog.entries.filter((e) => e.id === 'persistent-chat.wcf.881'));
    const [header, row] = csv.split('\r\n');
    expect(header).toBe('id,role,transport,ports,protocol,sources,conditions,purpose,provenance,note');
    expect(row).toMatch(/^persistent-chat\.wcf\.881,persistent-chat,tcp,881,WCF\/TLS,persistent-chat,/);
    expect(row).toContain('"needs persistent-chat; only lync2013, sfb2015"');
  });

  it('renders one Markdown section per listening role', () => {
    const md = entriesMarkdown(
      catalog.entries.filter((e) => e.role === 'sql-backend' || e.role === 'sql-witness'),
    );
    expect(md.match(/^## /gm)).toHaveLength(2);
    expect(md).toContain('| 5022 | tcp | SQL mirroring | sql-backend, sql-witness |');
  });
});
