import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { expectGolden } from './golden.js';

const dir = mkdtempSync(join(tmpdir(), 'sfbports-golden-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

describe('expectGolden', () => {
  it('passes on equal text and removes an .actual left by an earlier failure', () => {
    const path = join(dir, 'same.txt');
    writeFileSync(path, 'one\ntwo\n');
    writeFileSync(`${path}.actual`, 'stale');
    expectGolden(path, 'one\ntwo\n');
    expect(existsSync(`${path}.actual`)).toBe(false);
  });

  it('fails on a difference, naming both files, and writes the output beside the golden file', () => {
    const path = join(dir, 'differs.txt');
    writeFileSync(path, 'one\ntwo\n');
    expect(() => expectGolden(path, 'one\nthree\n')).toThrow(
      `${path} differs from the output, which is in ${path}.actual`,
    );
    expect(readFileSync(`${path}.actual`, 'utf8')).toBe('one\nthree\n');
    expect(readFileSync(path, 'utf8')).toBe('one\ntwo\n');
  });

  it('compares bytes, and says where they part', () => {
    const path = join(dir, 'bytes.bin');
    writeFileSync(path, Uint8Array.of(1, 2, 3, 4));
    expectGolden(path, Uint8Array.of(1, 2, 3, 4));
    expect(() => expectGolden(path, Uint8Array.of(1, 2, 9, 4))).toThrow(/first difference at byte 2/);
    expect([...readFileSync(`${path}.actual`)]).toEqual([1, 2, 9, 4]);
  });

  it('writes a missing golden file and fails once, so it gets reviewed', () => {
    const path = join(dir, 'new', 'case.txt');
    expect(() => expectGolden(path, 'fresh\n')).toThrow(/did not exist: written/);
    expect(readFileSync(path, 'utf8')).toBe('fresh\n');
    expectGolden(path, 'fresh\n');
  });

  it('rewrites the golden file under UPDATE_GOLDEN=1', () => {
    const path = join(dir, 'update.txt');
    writeFileSync(path, 'old\n');
    writeFileSync(`${path}.actual`, 'new\n');
    vi.stubEnv('UPDATE_GOLDEN', '1');
    expectGolden(path, 'new\n');
    expect(readFileSync(path, 'utf8')).toBe('new\n');
    expect(existsSync(`${path}.actual`)).toBe(false);
  });
});
