import { closeSync, fstatSync, openSync } from 'node:fs';
import { UserError } from '../diag/diagnostic.js';
import { readCapped } from './input-limit.js';
import { type CliIo, resolvePath } from './io.js';

/** How a command words the two refusals of an input file: too large, or not readable (with why). */
export interface InputRefusals {
  tooLarge(): UserError;
  unreadable(reason: string): UserError;
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
};

/**
 * An input file ("-" is standard input) as bytes, never more than `limit`: a regular file larger than
 * that is refused from its size before anything is read; a FIFO, a device or a /proc file is read up
 * to the limit and refused past it, so endless input stays bounded.
 */
export function readInputBytes(io: CliIo, path: string, limit: number, refusals: InputRefusals): Uint8Array {
  let bytes: Uint8Array;
  try {
    if (path === '-') {
      const stdin = io.stdin;
      bytes = stdin.readBytes ? stdin.readBytes(limit + 1) : new TextEncoder().encode(stdin.readText());
    } else {
      const fd = openSync(resolvePath(io, path), 'r');
      try {
        const stat = fstatSync(fd);
        if (stat.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
        if (stat.isFile() && stat.size > limit) throw refusals.tooLarge();
        bytes = readCapped(fd, limit + 1, stat.isFile() ? stat.size : 0);
      } finally {
        closeSync(fd);
      }
    }
  } catch (err) {
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    throw refusals.unreadable(REASONS[code] ?? code);
  }
  if (bytes.length > limit) throw refusals.tooLarge();
  return bytes;
}
