import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killCurrentChild } from './child.js';

/**
 * Temporary directories that go however the bench ends: normally, on an exception, or on Ctrl-C,
 * SIGTERM or SIGHUP (a 100k run writes hundreds of MB, too much to leave in /tmp).
 */

const dirs = new Set<string>();
let installed = false;

export function tempDir(prefix: string): string {
  return keepUntilExit(mkdtempSync(join(tmpdir(), prefix)));
}

/** Removes `dir` when this process exits, unless removed before. */
export function keepUntilExit(dir: string): string {
  install();
  dirs.add(dir);
  return dir;
}

export function removeNow(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  dirs.delete(dir);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  // A signal's default action skips 'exit' handlers: end the step's child, then exit normally.
  const signals = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
  for (const [signal, n] of Object.entries(signals)) {
    process.on(signal, () => {
      killCurrentChild();
      process.exit(128 + n);
    });
  }
}
