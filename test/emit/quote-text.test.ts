import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { truncateUtf8 } from '../../src/emit/quote/text.js';

/** The former cut, through TextEncoder: the reference the counting version must match. */
function referenceTruncate(text: string, maxBytes: number): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= maxBytes) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const n = encoder.encode(ch).length;
    if (used + n > maxBytes - 3) break;
    out += ch;
    used += n;
  }
  return `${out}...`;
}

// Any UTF-16 code units: ASCII, two- and three-byte characters, surrogate pairs and lone surrogates.
const units = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0x20, max: 0x7e }),
      fc.integer({ min: 0x80, max: 0x7ff }),
      fc.integer({ min: 0x800, max: 0xffff }),
      fc.constantFrom(0xd83d, 0xde00),
    ),
    { maxLength: 120 },
  )
  .map((codes) => String.fromCharCode(...codes));

describe('truncateUtf8', () => {
  it('cuts exactly where encoding the whole text would', () => {
    fc.assert(
      fc.property(units, fc.integer({ min: 4, max: 130 }), (text, max) => {
        expect(truncateUtf8(text, max)).toBe(referenceTruncate(text, max));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the first bytes of a very long comment without encoding all of it', () => {
    const long = `flow ${Array.from({ length: 100_000 }, (_, i) => `F${i}`).join(',')}`;
    expect(truncateUtf8(long, 128)).toBe(referenceTruncate(long, 128));
    expect(new TextEncoder().encode(truncateUtf8(`é${long}`, 128)).length).toBeLessThanOrEqual(128);
  });
});
