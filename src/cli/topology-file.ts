import { readFileSync } from 'node:fs';
import { type Diagnostic, UserError } from '../diag/diagnostic.js';
import { loadTopology } from '../topology/load.js';
import type { Topology } from '../topology/schema.js';

/**
 * Reading a topology from disk, for every command that takes one. A file that cannot be read is a
 * user error like any other (exit 2, no stack trace); "-" reads standard input.
 */
export function readTopologyText(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    const reasons: Record<string, string> = {
      ENOENT: 'no such file',
      EACCES: 'permission denied',
      EISDIR: 'it is a directory',
    };
    throw new UserError({
      code: 'topology-unreadable',
      severity: 'error',
      message: `cannot read topology ${path}: ${reasons[code] ?? code}`,
      hint: 'give the path of a topology YAML or JSON file; `sfbports init` writes a starter one',
    });
  }
}

/** The checked topology and its warnings, or a UserError carrying every diagnostic. */
export function readTopologyFile(path: string): { topology: Topology; diagnostics: Diagnostic[] } {
  return loadTopology(readTopologyText(path), path === '-' ? '<stdin>' : path);
}
