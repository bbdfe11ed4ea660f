import { describe, expect, it } from 'vitest';
import {
  describeConditions,
  describeProvenance,
  entriesCsv,
  entriesMarkdown,
  entriesTable,
} from '../../src/catalog/format.js';
import { catalog } from '../../src/catalog/index.js';
import { TABLE_WIDTH, wrap } from '../../src/text/layout.js';

describe('catalog views', () => {
  it('wraps at the width, cutting only words longer than it', () => {
    expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrap('', 5)).toEqual(['']);
  });

  it('groups seed rows per table and domain refs per file', () => {
    const e = catalog.entries.find((x) => x.id === 'edge-external-access.sip-tls.443')!;
    expect(describeProvenance(e.provenance)).toBe('seed client 2; edge.md SE-X05, L13-X06, L13-P03');
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
    expect(md).toContain('| 5022 | tcp | SQL mirroring | sql-backend |');
  });
});
