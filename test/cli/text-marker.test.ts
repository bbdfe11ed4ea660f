import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { withMarker } from '../../src/cli/output.js';
import { textFileVerdict, textVerdict } from '../../src/cli/text-marker.js';

/**
 * A text output too large to read whole (a rule set for 100,000 servers is about 250 MB) is judged by
 * its last line and a hash computed a block at a time. Before, anything over 64 MB counted as foreign,
 * and emitting the same large rule set again to the same file was refused.
 */

const dir = mkdtempSync(join(tmpdir(), 'sfbports-text-marker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (bytes: Uint8Array | string) => {
  const path = join(dir, `f${++n}`);
  writeFileSync(path, bytes);
  return path;
};
const fileVerdict = (bytes: Uint8Array | string) => {
  const path = file(bytes);
  return textFileVerdict(path, Buffer.byteLength(bytes));
};

describe('textFileVerdict', () => {
  it('recognises an unchanged output in either comment syntax, and an empty one', () => {
    expect(fileVerdict(withMarker('table nft {\n}\n', 'hash'))).toBe('ours');
    expect(fileVerdict(withMarker('<p>ports</p>', 'xml'))).toBe('ours');
    expect(fileVerdict(withMarker('', 'hash'))).toBe('ours');
  });

  it('says changed when a byte before the marker changed, or lines follow it', () => {
    const bytes = Buffer.from(withMarker('allow 5061\nallow 443\n', 'hash'));
    const edited = Buffer.from(bytes);
    edited[7] = 0x36; // 5061 -> 6061
    expect(fileVerdict(edited)).toBe('changed');
    expect(fileVerdict(Buffer.concat([bytes, Buffer.from('allow 22\n')]))).toBe('changed');
    expect(fileVerdict(bytes.subarray(0, bytes.length - 1))).toBe('changed');
    expect(fileVerdict(bytes.subarray(3))).toBe('changed');
  });

  it('says foreign without a marker, or with a malformed one', () => {
    expect(fileVerdict('')).toBe('foreign');
    expect(fileVerdict('written by hand\n')).toBe('foreign');
    expect(fileVerdict('x\n# sfbports-output sha256=abc\n')).toBe('changed');
    expect(textFileVerdict(join(dir, 'absent'), 10)).toBe('foreign');
  });

  it('reads blocks across the megabyte boundary', () => {
    const body = `${'allow 5061 from 192.0.2.0/24\n'.repeat(80_000)}`; // 2.3 MB: three blocks
    const bytes = Buffer.from(withMarker(body, 'hash'));
    expect(fileVerdict(bytes)).toBe('ours');
    const edited = Buffer.from(bytes);
    edited.writeUInt8(edited.readUInt8(1024 * 1024 + 5) ^ 1, 1024 * 1024 + 5);
    expect(fileVerdict(edited)).toBe('changed');
  });

  it('agrees with the verdict on the whole file whenever the marker, if any, is on the last line', () => {
    const text = fc.string({ unit: 'binary', maxLength: 300 }).filter((s) => !s.includes('sfbports-output'));
    fc.assert(
      fc.property(text, fc.constantFrom('hash', 'xml' as const), fc.nat(400), (body, syntax, flip) => {
        const bytes = Buffer.from(withMarker(body, syntax as 'hash' | 'xml'));
        expect(fileVerdict(bytes)).toBe(textVerdict(bytes));
        const edited = Buffer.from(bytes);
        const at = flip % edited.length;
        edited.writeUInt8(edited.readUInt8(at) ^ 0x20, at);
        expect(fileVerdict(edited)).toBe(textVerdict(edited));
      }),
      { numRuns: 300 },
    );
  });
});
