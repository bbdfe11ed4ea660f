import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { UserError } from '../diag/diagnostic.js';
import { type CliIo, resolvePath } from './io.js';

/** Every file sfbports writes carries this word, so it can tell its own output from a user's file. */
export const SIGNATURE = 'sfbports';

/**
 * Writes through a temporary file in the same directory and renames it into place, so a failed run
 * never leaves a half-written file. Refuses to replace a file that sfbports did not write unless forced.
 */
export function writeOutputFile(
  io: CliIo,
  path: string,
  content: string | Uint8Array,
  options: { force?: boolean } = {},
): void {
  // Messages name the path as the user typed it; the file system gets it resolved against the run.
  const target = resolvePath(io, path);
  if (existsSync(target) && !options.force && !writtenBySfbports(target)) {
    throw new UserError({
      code: 'output-exists',
      severity: 'error',
      message: `${path} exists and was not written by sfbports`,
      hint: 'choose another --output path, or pass --force to replace it',
    });
  }
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(tmp, 'w', 0o644);
    try {
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'EISDIR' || e.code === 'ENOTDIR') {
      throw new UserError({
        code: 'output-unwritable',
        severity: 'error',
        message: `cannot write ${path}: ${e.code}`,
        hint: 'check that the directory exists and is writable',
      });
    }
    throw err;
  }
}

function writtenBySfbports(path: string): boolean {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return false;
  }
  // Spreadsheets are zip archives: look for the creator in the document properties.
  if (bytes.subarray(0, 4).toString('binary') === 'PK\x03\x04') {
    try {
      const files = unzipSync(bytes, {
        filter: (f) => f.name === 'docProps/core.xml' || f.name === 'docProps/app.xml',
      });
      return Object.values(files).some((f) => Buffer.from(f).toString('utf8').includes(SIGNATURE));
    } catch {
      return false;
    }
  }
  return bytes.subarray(0, 4096).toString('utf8').includes(SIGNATURE);
}
