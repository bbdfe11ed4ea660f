/**
 * Short deterministic identifiers. Two 32-bit FNV-1a variants over the same text give 64 bits, of
 * which 48 are printed: collisions are improbable even for hundreds of thousands of flows, and the
 * planner still checks for them and disambiguates deterministically.
 */
export function hash48(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  // Twelve digits in one string, from a table: a planner hashes every flow and endpoint, and
  // number.toString(16) with padding (or six concatenations) made most of the cost and garbage.
  return String.fromCharCode(
    DIGIT[h1 >>> 28]!,
    DIGIT[(h1 >>> 24) & 15]!,
    DIGIT[(h1 >>> 20) & 15]!,
    DIGIT[(h1 >>> 16) & 15]!,
    DIGIT[(h1 >>> 12) & 15]!,
    DIGIT[(h1 >>> 8) & 15]!,
    DIGIT[(h1 >>> 4) & 15]!,
    DIGIT[h1 & 15]!,
    DIGIT[h2 >>> 28]!,
    DIGIT[(h2 >>> 24) & 15]!,
    DIGIT[(h2 >>> 20) & 15]!,
    DIGIT[(h2 >>> 16) & 15]!,
  );
}

const DIGIT: readonly number[] = [...'0123456789abcdef'].map((d) => d.charCodeAt(0));
