import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../support/cli.js';

/**
 * A rename that fails part-way through a set of files (the third of four): the files already renamed
 * are put back, so the set is the old one or the new one, never a mixture. The failure is injected by
 * wrapping node:fs's renameSync, which only this file does.
 */

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return { ...real, renameSync: vi.fn(real.renameSync) };
});

const realRename = (await vi.importActual<typeof import('node:fs')>('node:fs')).renameSync;
const ENTERPRISE = resolve('examples/enterprise.yaml');
const MULTI = resolve('examples/multi-site.yaml');
const FILES = ['fw.rules', 'fw.rules.ip6', 'fw.rules.ipset', 'fw.rules.sh'];
const dir = mkdtempSync(join(tmpdir(), 'sfbports-output-rollback-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.mocked(fs.renameSync).mockImplementation(realRename));

function failThirdRename(): void {
  let calls = 0;
  vi.mocked(fs.renameSync).mockImplementation((from, to) => {
    if (++calls === 3) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
    realRename(from, to);
  });
}

describe('a set of files that fails part-way', () => {
  it('leaves no new file when none existed', async () => {
    failThirdRename();
    const r = await runCli(['emit', 'iptables', ENTERPRISE, '-o', 'fw.rules'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error output-failed: cannot write fw.rules.ipset: input/output error (EIO)\n');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('puts every replaced file back, and leaves no temporary or backup file', async () => {
    expect((await runCli(['emit', 'iptables', ENTERPRISE, '-o', 'fw.rules'], { cwd: dir })).code).toBe(0);
    const before = FILES.map((f) => readFileSync(join(dir, f), 'utf8'));
    failThirdRename();
    const r = await runCli(['emit', 'iptables', MULTI, '-o', 'fw.rules'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(FILES.map((f) => readFileSync(join(dir, f), 'utf8'))).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(FILES);
  });
});
