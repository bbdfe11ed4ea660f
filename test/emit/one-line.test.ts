import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oneLine } from '../../src/emit/quote/text.js';

const BIDI = [
  '\u061c',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
];

describe('free text in a rule file', () => {
  it('is one line without controls or bidirectional overrides, other text kept', () => {
    expect(oneLine('Redmond\u202e evil\u2066 site\r\nnext')).toBe('Redmond  evil  site  next');
    expect(oneLine('Zürich – Überseering 東京')).toBe('Zürich – Überseering 東京');
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(
            fc.constantFrom(...BIDI, '\n', '\x1b', '\u2028'),
            fc.string({ minLength: 1, maxLength: 1 }),
          ),
        }),
        (text) => {
          const line = oneLine(text);
          expect(line).toHaveLength(text.length);
          for (const ch of [...BIDI, '\n', '\r', '\x1b', '\u2028', '\u2029'])
            expect(line.includes(ch)).toBe(false);
        },
      ),
    );
  });
});
