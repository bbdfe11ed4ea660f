import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  csvDocument,
  csvField,
  jsonText,
  markdownCode,
  markdownText,
  safeText,
  xmlText,
} from '../../src/text/escape.js';
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

  it('Markdown text and code show controls from a topology as escapes', () => {
    expect(markdownText('Contoso\x1b[2J\u202e')).toBe('Contoso\\\\x1b\\[2J\\\\u{202e}');
    expect(markdownCode('fe01\x1b]0;x\x07')).toBe('`fe01\\x1b]0;x\\x07`');
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

/** What no terminal-bound text may hold: C0 but tab and line feed, DEL, C1, bidi and zero-width controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;

describe('safeText: foreign text made printable', () => {
  it('shows controls, bidi overrides, zero-width characters and lone surrogates as escapes', () => {
    expect(safeText('OK\x1b]0;owned\x07\x1b[2J')).toBe('OK\\x1b]0;owned\\x07\\x1b[2J');
    expect(safeText('a\u202eb\u2066c\u200bd\ufeff')).toBe('a\\u{202e}b\\u{2066}c\\u{200b}d\\u{feff}');
    expect(safeText('\x9b31m\x7f\x00')).toBe('\\x9b31m\\x7f\\x00');
    expect(safeText('x\ud800y\udfff')).toBe('x\\u{d800}y\\u{dfff}');
    expect(safeText('tab\there\r\n')).toBe('tab\\there\\r\\n');
    expect(safeText('line\nbreak', { newlines: true })).toBe('line\nbreak');
    expect(safeText('pool01.contoso.com, Ünïcødé 😀 日本')).toBe('pool01.contoso.com, Ünïcødé 😀 日本');
  });

  it('caps the length without leaving half an escape behind', () => {
    expect([...safeText('x'.repeat(1000), { max: 50 })]).toHaveLength(50);
    expect(safeText('abc\x1bdef', { max: 6 })).toBe('abc…');
    expect(safeText('abc\u202edef', { max: 9 })).toBe('abc…');
  });

  it('never lets a control through, and its output is valid XML text once xmlText has run', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const out = safeText(s, { max: 300 });
        expect(out).not.toMatch(RAW_CONTROL);
        expect(out).not.toMatch(/[\n\t]|\p{Surrogate}/u);
        expect(xmlText(out)).not.toMatch(/[<>&"']|[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u);
      }),
      { numRuns: 200 },
    );
    expect(xmlText('a\x00<b>&\ud800')).toBe('a\ufffd&lt;b&gt;&amp;\ufffd');
  });
});

describe('jsonText', () => {
  it('writes C1, bidi and zero-width controls as \\u escapes and reads back the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary', maxLength: 40 }), (value, s) => {
        const doc = { value, s, nested: [s, { s }] };
        const text = jsonText(JSON.stringify(doc, null, 2));
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(doc)));
        expect(text).not.toMatch(RAW_CONTROL);
      }),
      { numRuns: 200 },
    );
    expect(jsonText(JSON.stringify('a\u202eb\x9b'))).toBe('"a\\u202eb\\u009b"');
  });
});
