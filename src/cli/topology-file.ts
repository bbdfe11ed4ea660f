import { getHeapStatistics } from 'node:v8';
import { UserError } from '../diag/diagnostic.js';
import { decodeTopology, type LineBreak } from '../topology/decode.js';
import { validateTopology } from '../topology/load.js';
import type { Topology } from '../topology/schema.js';
import { printDiagnostics } from './diagnostics.js';
import { formatSize, maxInputSize } from './input-limit.js';
import type { CliIo } from './io.js';
import { readInputBytes } from './read-input.js';
import { TopologyError } from './topology-error.js';

/**
 * The one way commands read a topology: a path relative to the run's directory, or "-" for standard
 * input; a file that cannot be read is a user error like any other (exit 2, no stack trace).
 */

/** The name diagnostics give the topology: the path as typed, or <stdin>. */
export function topologyName(path: string): string {
  return path === '-' ? '<stdin>' : path;
}

/**
 * The topology's text: at most --max-input-size bytes (a larger file, or input that goes on past
 * it, is refused after reading one byte more), decoded as UTF-8 or, with a byte order mark, UTF-16
 * (src/topology/decode.ts), with "\n" line ends. Throws a UserError for anything it cannot read.
 */
export function readTopologyText(io: CliIo, path: string): string {
  return readTopologyDocument(io, path).text;
}

/** The text, and the line break the file used (for `migrate`, which writes the file back). */
export function readTopologyDocument(io: CliIo, path: string): { text: string; lineBreak: LineBreak } {
  const limit = maxInputSize(io);
  const bytes = readTopologyBytes(io, path, limit);
  if (bytes.length > limit) throw tooLarge(path, limit);
  const decoded = decodeTopology(bytes, topologyName(path));
  if ('diagnostic' in decoded) throw new UserError(decoded.diagnostic);
  refuseYamlBeyondHeap(decoded.text, path);
  return decoded;
}

/**
 * The YAML parser needs about 70 times the file's size in memory (a 59 MB file took 4 GB), and running
 * out of heap aborts node with a native stack trace that no handler can catch. A YAML file too large
 * for this process's heap is refused up front; JSON, read by JSON.parse, needs far less.
 */
const YAML_MEMORY_FACTOR = 80;

function refuseYamlBeyondHeap(text: string, path: string): void {
  const heap = getHeapStatistics().heap_size_limit;
  if (/^\s*\{/.test(text) || text.length * YAML_MEMORY_FACTOR <= heap) return;
  throw new UserError({
    code: 'input-too-large-for-yaml',
    severity: 'error',
    message: `${topologyName(path)} is ${formatSize(text.length)} of YAML; reading it would need about ${formatSize(text.length * YAML_MEMORY_FACTOR)} of memory, and node has ${formatSize(heap)}`,
    hint: 'write the topology as JSON (read with a fraction of the memory and time), or give node more: NODE_OPTIONS=--max-old-space-size=16384',
  });
}

function readTopologyBytes(io: CliIo, path: string, limit: number): Uint8Array {
  return readInputBytes(io, path, limit, {
    tooLarge: () => tooLarge(path, limit),
    unreadable: (reason) =>
      new UserError({
        code: 'topology-unreadable',
        severity: 'error',
        message: `cannot read topology ${path}: ${reason}`,
        hint: 'give the path of a topology YAML or JSON file; `sfbports init` writes a starter one',
      }),
  });
}

function tooLarge(path: string, limit: number): UserError {
  return new UserError({
    code: 'input-too-large',
    severity: 'error',
    message: `${topologyName(path)} is larger than the input size limit of ${formatSize(limit)}; nothing was checked`,
    hint: `a topology of 100,000 servers is at most about 35 MiB; if this really is a topology, raise the limit with --max-input-size ${formatSize(limit * 4).replace(' ', '')}`,
  });
}

/** A topology that failed to load, with its text, so its diagnostics can show the offending lines. */
export { TopologyError };

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
