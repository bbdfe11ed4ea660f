import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { sha256 } from './digest.js';

/**
 * The marker a text output ends with, and how a later run recognises a file as its own and unchanged:
 * `# sfbports-output sha256=…` (or the XML comment form) as the last line, the hash of every byte
 * before that line.
 */

export const MARK = 'sfbports-output';

export type Verdict = 'ours' | 'changed' | 'foreign';

export function markerLine(syntax: 'hash' | 'xml', hex: string): string {
  return syntax === 'xml' ? `<!-- ${MARK} sha256=${hex} -->\n` : `# ${MARK} sha256=${hex}\n`;
}

const MARKER_LINE = new RegExp(
  `^(?:# ${MARK} sha256=([0-9a-f]{64})|<!-- ${MARK} sha256=([0-9a-f]{64}) -->)$`,
);

/** The verdict on a whole file in memory: a marker anywhere but on the last line means it was edited. */
export function textVerdict(bytes: Buffer): Verdict {
  const text = bytes.toString('latin1');
  const at = text.lastIndexOf(`${MARK} sha256=`);
  if (at < 0) return 'foreign';
  const start = text.lastIndexOf('\n', at) + 1;
  const end = text.indexOf('\n', at);
  if (end !== text.length - 1) return 'changed';
  const hex = markerHex(text.slice(start, end));
  return hex !== undefined && sha256(bytes.subarray(0, start)) === hex ? 'ours' : 'changed';
}

/** The marker line is a few dozen bytes; more than this at the end is not one. */
const TAIL_BYTES = 256;
const BLOCK_BYTES = 1024 * 1024;

/**
 * The verdict on a file too large to hold (a rule set for 100,000 servers is hundreds of MB): its
 * last line is read first, then the bytes before it are hashed a block at a time. Only a marker on
 * the last line counts; without one the file is foreign, whatever it holds further up.
 */
export function textFileVerdict(path: string, size: number): Verdict {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const tail = Buffer.alloc(Math.min(size, TAIL_BYTES));
    readFully(fd, tail, size - tail.length);
    const text = tail.toString('latin1');
    const marked = text.includes(`${MARK} sha256=`) ? 'changed' : 'foreign';
    if (!text.endsWith('\n')) return marked;
    const start = text.lastIndexOf('\n', text.length - 2) + 1;
    const hex = markerHex(text.slice(start, -1));
    if (hex === undefined) return marked;
    const body = size - (tail.length - start);
    const hash = createHash('sha256');
    const block = Buffer.alloc(Math.min(BLOCK_BYTES, Math.max(body, 1)));
    for (let at = 0; at < body; at += block.length) {
      const part = block.subarray(0, Math.min(block.length, body - at));
      readFully(fd, part, at);
      hash.update(part);
    }
    return hash.digest('hex') === hex ? 'ours' : 'changed';
  } catch {
    return 'foreign';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function markerHex(line: string): string | undefined {
  const m = MARKER_LINE.exec(line);
  return m?.[1] ?? m?.[2];
}

/** Fills `into` from `position`; a file that ends early is not the file that was measured. */
function readFully(fd: number, into: Buffer, position: number): void {
  let off = 0;
  while (off < into.length) {
    const n = readSync(fd, into, off, into.length - off, position + off);
    if (n === 0) throw new Error('the file ended early');
    off += n;
  }
}
