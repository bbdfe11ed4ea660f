import { readSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';

/**
 * How much of a topology sfbports reads: `--max-input-size`, 64 MiB unless raised. A topology of
 * 100,000 servers, the most one deployment has, is 6 to 35 MiB of YAML or JSON (35 with every default
 * written out, as `npm run bench:scale -- --write` writes it); the limit is there
 * so that /dev/zero, a FIFO or a pipe that never ends, or a runaway generator, is refused with a
 * message after reading limit + 1 bytes, instead of growing until the machine runs out of memory.
 *
 * Kept apart from the topology loader so that the program can parse the option without loading it.
 */

export const DEFAULT_MAX_INPUT_SIZE = 64 * 1024 * 1024;

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** "64MB", "512k", "1GiB", "100000": bytes. K, M and G are powers of 1024, with or without B or iB. */
export function parseSize(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) {
    throw new InvalidArgumentError('a size such as 64MB, 512KB or 1GB (K, M, G are powers of 1024)');
  }
  const bytes = Math.floor(Number(match[1]) * unit);
  if (bytes < 1) throw new InvalidArgumentError('a size of at least 1 byte');
  // A Uint8Array, and the string decoded from it, cannot be larger than this anyway.
  if (bytes > 2 ** 31 - 1) throw new InvalidArgumentError('at most 2GB');
  return bytes;
}

/** "32 MiB", "1.5 MiB", "700 bytes": a limit as the messages name it. */
export function formatSize(bytes: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} bytes`;
}

const limits = new WeakMap<object, number>();

/** Sets the limit for the run whose I/O is `io` (the program does this from --max-input-size). */
export function setMaxInputSize(io: object, bytes: number): void {
  limits.set(io, bytes);
}

export function maxInputSize(io: object): number {
  return limits.get(io) ?? DEFAULT_MAX_INPUT_SIZE;
}

/**
 * Reads `fd` to its end or until `cap` bytes, whichever comes first; a caller that asks for one byte
 * more than it accepts learns that the input goes on without reading the rest. Works on pipes,
 * FIFOs and devices, including a non-blocking standard input (it waits and retries on EAGAIN).
 */
export function readCapped(fd: number, cap: number, sizeHint = 0): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let buffer = new Uint8Array(Math.min(cap, Math.max(sizeHint + 1, 64 * 1024)));
  let used = 0;
  while (total + used < cap) {
    if (used === buffer.length) {
      chunks.push(buffer);
      total += used;
      buffer = new Uint8Array(Math.min(cap - total, Math.max(64 * 1024, total)));
      used = 0;
    }
    let n: number;
    try {
      n = readSync(fd, buffer, used, Math.min(buffer.length - used, cap - total - used), null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (code === 'EOF') break;
      throw err;
    }
    if (n === 0) break;
    used += n;
  }
  chunks.push(buffer.subarray(0, used));
  total += used;
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
