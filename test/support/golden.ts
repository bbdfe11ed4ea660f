import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect } from 'vitest';

/**
 * Compares output with its golden file, byte for byte. On a mismatch the output is written beside the
 * golden file as `<path>.actual` (git ignores it) and the failure names both files; UPDATE_GOLDEN=1
 * rewrites the golden file instead. A missing golden file is written and fails the test once, so a
 * new case cannot pass unreviewed.
 */
export function expectGolden(path: string, actual: string | Uint8Array): void {
  const actualPath = `${path}.actual`;
  const bytes = typeof actual === 'string' ? Buffer.from(actual, 'utf8') : Buffer.from(actual);
  const update = process.env.UPDATE_GOLDEN === '1';
  if (update || !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    rmSync(actualPath, { force: true });
    if (!update) throw new Error(`${path} did not exist: written; review it and run the test again`);
    return;
  }
  const expected = readFileSync(path);
  if (expected.equals(bytes)) {
    rmSync(actualPath, { force: true });
    return;
  }
  writeFileSync(actualPath, bytes);
  const message = `${path} differs from the output, which is in ${actualPath} (UPDATE_GOLDEN=1 accepts it)`;
  // Text gets vitest's line diff; bytes get the first offset where they part.
  if (typeof actual === 'string') expect(actual, message).toBe(expected.toString('utf8'));
  expect.fail(`${message}; first difference at byte ${firstDifference(expected, bytes)}`);
}

function firstDifference(a: Buffer, b: Buffer): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return length;
}
