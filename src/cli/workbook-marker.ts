import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { PackageStamp } from '../render/types.js';
import { sha256 } from './digest.js';
import { openZipDirectory } from './zip-directory.js';

/**
 * The sfbports-output marker of a workbook: the custom document property `sfbports-output` in
 * docProps/custom.xml, the last part, whose value is `parts-sha256=` and the SHA-256 of one line per
 * other part, in name order: `name NUL crc32 (8 hex digits) NUL size LF`. The renderer computes it
 * as it writes the parts (workbookStamp); a later run checks it against the central directory alone,
 * without inflating anything, so a workbook of any size is recognised in a few small reads.
 *
 * CRC-32 and size identify a part's content against an edit (a program that saves the workbook writes
 * new parts and a new directory), not against forgery: neither did the SHA-256 of every part that
 * workbooks written before carried (`sha256=`, over each part's name, size and bytes). Those are
 * still recognised, read whole as before up to the same size limit.
 */

export type WorkbookVerdict = 'ours' | 'changed' | 'foreign';

const PROPERTY = 'sfbports-output';
const CUSTOM = 'docProps/custom.xml';
const SCHEME = 'parts-sha256';
const LEGACY_SCHEME = 'sha256';
const VALUE = new RegExp(`name="${PROPERTY}"><vt:lpwstr>(${SCHEME}|${LEGACY_SCHEME})=([0-9a-f]{64})<`);
/** docProps/custom.xml as sfbports writes it is about 450 bytes. */
const CUSTOM_LIMIT = 64 * 1024;

/** Given to the workbook renderer: the marker, computed over the parts as they are written. */
export function workbookStamp(): PackageStamp {
  return { name: PROPERTY, value: (parts) => `${SCHEME}=${partsDigest(parts)}` };
}

interface PartFacts {
  readonly name: string;
  readonly crc: number;
  readonly size: number;
}

function partsDigest(parts: readonly PartFacts[]): string {
  const lines = parts
    .filter((p) => p.name !== CUSTOM && !p.name.endsWith('/'))
    .map((p) => `${p.name}\0${p.crc.toString(16).padStart(8, '0')}\0${p.size}\n`)
    .sort();
  return sha256(lines.join(''));
}

/**
 * Whether the ZIP file at `path` is a workbook sfbports wrote and nobody changed since. A workbook
 * marked the former way is read whole, and only when at most `legacyLimit` bytes.
 */
export function workbookVerdict(path: string, size: number, legacyLimit: number): WorkbookVerdict {
  let zip: ReturnType<typeof openZipDirectory>;
  try {
    zip = openZipDirectory(path, size);
  } catch {
    return 'foreign';
  }
  if (zip === undefined) return 'foreign';
  try {
    const custom = zip.entries.find((e) => e.name === CUSTOM);
    const xml = custom && zip.read(custom, CUSTOM_LIMIT);
    const m = xml && VALUE.exec(Buffer.from(xml).toString('utf8'));
    if (!m) return 'foreign';
    if (m[1] === SCHEME) return partsDigest(zip.entries) === m[2] ? 'ours' : 'changed';
    return size > legacyLimit ? 'foreign' : legacyVerdict(path, m[2]!);
  } finally {
    zip.close();
  }
}

/** The former marker: the SHA-256 of every part's name, size and bytes, in name order. */
function legacyVerdict(path: string, hex: string): WorkbookVerdict {
  let entries: Record<string, Uint8Array>;
  try {
    entries = fflate().unzipSync(readFileSync(path));
  } catch {
    return 'foreign';
  }
  const hash = createHash('sha256');
  for (const name of Object.keys(entries).sort()) {
    if (name === CUSTOM || name.endsWith('/')) continue;
    const data = entries[name]!;
    hash.update(`${name}\0${data.length}\0`).update(data);
  }
  return hash.digest('hex') === hex ? 'ours' : 'changed';
}

/** fflate loads for former workbooks only, so checking any other file does not pay for it. */
function fflate(): typeof import('fflate') {
  return createRequire(import.meta.url)('fflate') as typeof import('fflate');
}
