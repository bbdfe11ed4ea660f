import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash48 } from '../../src/text/hash.js';

/** The first implementation, kept as the reference: flow and endpoint ids must never change. */
function reference(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return `${(h1 >>> 0).toString(16).padStart(8, '0')}${(h2 >>> 0).toString(16).padStart(8, '0').slice(0, 4)}`;
}

describe('hash48', () => {
  it('gives the ids that flows and endpoints have always had', () => {
    expect(hash48('')).toBe('811c9dc50100');
    expect(hash48('a')).toBe('e40c292c8f2b');
    expect(hash48('front-end|servers|pool1')).toBe('a29bea294b29');
    expect(hash48('é€𝄞')).toBe('2c4b698e9535');
  });

  it('equals the reference on any text, twelve lowercase hex digits', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const h = hash48(text);
        expect(h).toBe(reference(text));
        expect(h).toMatch(/^[0-9a-f]{12}$/);
      }),
      { numRuns: 500 },
    );
  });
});
