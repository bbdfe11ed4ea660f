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
  // Byte by byte from a table: a planner hashes every flow and endpoint, and number.toString(16)
  // with padding was most of the cost.
  return (
    HEX[h1 >>> 24]! +
    HEX[(h1 >>> 16) & 0xff]! +
    HEX[(h1 >>> 8) & 0xff]! +
    HEX[h1 & 0xff]! +
    HEX[h2 >>> 24]! +
    HEX[(h2 >>> 16) & 0xff]!
  );
}

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
