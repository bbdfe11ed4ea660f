import { closeSync, openSync, readSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

/**
 * The central directory of a ZIP file (a workbook), read from the end of the file without reading
 * the entries: the name, CRC-32 and sizes of every entry of a file of any size, in a few small reads.
 * Undefined for what is no ZIP file, a truncated one, or one that needs ZIP64 (sfbports writes none).
 */

export interface DirectoryEntry {
  readonly name: string;
  readonly crc: number;
  readonly size: number;
  readonly compressedSize: number;
  readonly method: number;
  /** Where its local header starts. */
  readonly offset: number;
}

export interface ZipDirectory {
  readonly entries: readonly DirectoryEntry[];
  /** An entry's bytes, inflated; undefined when it is larger than `limit` or cannot be read. */
  read(entry: DirectoryEntry, limit: number): Uint8Array | undefined;
  close(): void;
}

/** The end of central directory record: 22 bytes, then a comment of at most 65,535. */
const END_RECORD = 22;
const MAX_COMMENT = 0xffff;
/** A workbook has a few dozen entries; a directory larger than this is not one. */
const MAX_DIRECTORY = 16 * 1024 * 1024;

export function openZipDirectory(path: string, fileSize: number): ZipDirectory | undefined {
  if (fileSize < END_RECORD) return undefined;
  const fd = openSync(path, 'r');
  try {
    const entries = readEntries(fd, fileSize);
    if (entries === undefined) {
      closeSync(fd);
      return undefined;
    }
    return {
      entries,
      read: (entry, limit) => readEntry(fd, entry, limit),
      close: () => closeSync(fd),
    };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return buffer.subarray(0, done);
}

function readEntries(fd: number, fileSize: number): DirectoryEntry[] | undefined {
  const tailSize = Math.min(fileSize, END_RECORD + MAX_COMMENT);
  const tail = readAt(fd, fileSize - tailSize, tailSize);
  let at = -1;
  for (let i = tail.length - END_RECORD; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50 && i + END_RECORD + tail.readUInt16LE(i + 20) === tail.length) {
      at = i;
      break;
    }
  }
  if (at < 0) return undefined;
  const count = tail.readUInt16LE(at + 10);
  const size = tail.readUInt32LE(at + 12);
  const start = tail.readUInt32LE(at + 16);
  if (count === 0xffff || size === 0xffffffff || start === 0xffffffff) return undefined;
  if (size > MAX_DIRECTORY || start + size > fileSize - tailSize + at) return undefined;
  const directory = readAt(fd, start, size);
  const entries: DirectoryEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > directory.length || directory.readUInt32LE(p) !== 0x02014b50) return undefined;
    const nameLength = directory.readUInt16LE(p + 28);
    const next = p + 46 + nameLength + directory.readUInt16LE(p + 30) + directory.readUInt16LE(p + 32);
    if (next > directory.length) return undefined;
    entries.push({
      name: directory.toString('utf8', p + 46, p + 46 + nameLength),
      method: directory.readUInt16LE(p + 10),
      crc: directory.readUInt32LE(p + 16),
      compressedSize: directory.readUInt32LE(p + 20),
      size: directory.readUInt32LE(p + 24),
      offset: directory.readUInt32LE(p + 42),
    });
    p = next;
  }
  return entries;
}

function readEntry(fd: number, entry: DirectoryEntry, limit: number): Uint8Array | undefined {
  if (entry.size > limit || entry.compressedSize > limit) return undefined;
  const header = readAt(fd, entry.offset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50) return undefined;
  const dataAt = entry.offset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const data = readAt(fd, dataAt, entry.compressedSize);
  if (data.length < entry.compressedSize) return undefined;
  try {
    if (entry.method === 0) return data;
    if (entry.method === 8) return inflateRawSync(data, { maxOutputLength: limit });
  } catch {
    // Corrupt data: as unreadable as a method we do not know.
  }
  return undefined;
}
