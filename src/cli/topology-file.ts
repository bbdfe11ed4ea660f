import { readFileSync } from 'node:fs';
import { type Diagnostic, UserError } from '../diag/diagnostic.js';
import { validateTopology } from '../topology/load.js';
import type { Topology } from '../topology/schema.js';
import { printDiagnostics } from './diagnostics.js';
import { type CliIo, resolvePath } from './io.js';

/**
 * The one way commands read a topology: a path relative to the run's directory, or "-" for standard
 * input; a file that cannot be read is a user error like any other (exit 2, no stack trace).
 */

/** The name diagnostics give the topology: the path as typed, or <stdin>. */
export function topologyName(path: string): string {
  return path === '-' ? '<stdin>' : path;
}

export function readTopologyText(io: CliIo, path: string): string {
  try {
    return path === '-' ? io.stdin.readText() : readFileSync(resolvePath(io, path), 'utf8');
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

/** A topology that failed to load, with its text, so its diagnostics can show the offending lines. */
export class TopologyError extends UserError {
  constructor(
    diagnostics: readonly Diagnostic[],
    readonly source: string,
  ) {
    super(diagnostics);
  }
}

/**
 * The checked topology. Its warnings are printed here, so every command shows them the same way;
 * errors are thrown as a TopologyError, which the command boundary prints with code frames.
 */
export function readTopologyFile(io: CliIo, path: string): Topology {
  const text = readTopologyText(io, path);
  const result = validateTopology(text, topologyName(path));
  if (!result.topology) throw new TopologyError(result.diagnostics, text);
  printDiagnostics(io, result.diagnostics, text);
  return result.topology;
}
