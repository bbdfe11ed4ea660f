import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvDocument, csvField, markdownCode } from '../../src/text/escape.js';
import { compareText } from '../../src/text/order.js';
import { parseCsv } from '../support/csv.js';

describe('text escaping', () => {
  it('csv fields round-trip through an RFC 4180 reader, whatever they hold', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 4 }), { maxLength: 5 }),
        (rows) => {
          const header = ['a', 'b', 'c', 'd'].slice(0, rows[0]?.length ?? 1);
          const body = rows.map((r) => header.map((_, i) => r[i] ?? ''));
          expect(parseCsv(csvDocument(header, body))).toEqual([header, ...body]);
        },
      ),
    );
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,"b"')).toBe('"a,""b"""');
  });

  it('inline code never ends early or splits a table cell', () => {
    expect(markdownCode('front-end.sip-tls.5061')).toBe('`front-end.sip-tls.5061`');
    expect(markdownCode('a`b')).toBe('`` a`b ``');
    expect(markdownCode('a|b')).toBe('`a\\|b`');
  });

  it('orders by code unit, the same on every machine', () => {
    expect(['b', 'B', 'a', 'é', 'A'].sort(compareText)).toEqual(['A', 'B', 'a', 'b', 'é']);
  });
});
