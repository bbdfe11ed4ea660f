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
  const a = (h1 >>> 0).toString(16).padStart(8, '0');
  const b = (h2 >>> 0).toString(16).padStart(8, '0');
  return `${a}${b.slice(0, 4)}`;
}
