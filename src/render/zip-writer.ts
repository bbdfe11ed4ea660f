import { Deflate } from 'fflate';

/**
 * A ZIP archive (PKWARE APPNOTE, without ZIP64) written as it is made: each entry is deflated a block
 * at a time and its bytes handed on at once, so neither an entry nor the archive is ever whole in
 * memory. An entry's size and CRC-32 are known only at its end, so they follow its data in a data
 * descriptor (general purpose flag bit 3) and are repeated in the central directory, which readers go
 * by. Every entry carries the one date given, so the same entries give the same bytes.
 *
 * The compressor is a parameter: the core runs in a browser and deflates with fflate (pure JS, the
 * default); the CLI passes node:zlib's, several times faster on the gigabyte of XML a 100,000-server
 * workbook holds (src/cli/zip-codec.ts).
 */

/** One raw DEFLATE stream (RFC 1951), fed a block at a time. */
export interface Deflater {
  /** The compressed bytes for `data` so far; with `final`, the end of the stream too. */
  push(data: Uint8Array, final: boolean): Uint8Array;
}

export interface ZipCodec {
  deflater(): Deflater;
  /** The CRC-32 (ISO-HDLC, as ZIP uses it) of `data`, continuing from `crc` (0 to start). */
  crc32(data: Uint8Array, crc: number): number;
}

/** An entry as the central directory lists it. */
export interface ZipEntry {
  readonly name: string;
  readonly crc: number;
  /** Uncompressed, in bytes. */
  readonly size: number;
  readonly compressedSize: number;
  /** Where its local header starts. */
  readonly offset: number;
}

/** fflate at level 6, and a table CRC-32: what the core uses when nobody passes a faster codec. */
export const PORTABLE_CODEC: ZipCodec = {
  deflater() {
    const out: Uint8Array[] = [];
    const deflate = new Deflate({ level: 6 }, (chunk) => {
      out.push(chunk);
    });
    return {
      push(data, final) {
        deflate.push(data, final);
        const done = concat(out);
        out.length = 0;
        return done;
      },
    };
  },
  crc32: tableCrc32,
};

const LIMIT = 0xffffffff;
const MAX_ENTRIES = 0xffff;
const DEFLATE = 8;
const DATA_DESCRIPTOR = 1 << 3;
const UTF8_NAME = 1 << 11;

export class ZipWriter {
  private readonly written: ZipEntry[] = [];
  private readonly flags = new Map<string, number>();
  private at = 0;
  private readonly dosTime: number;
  private readonly dosDate: number;

  constructor(
    private readonly codec: ZipCodec,
    date: Date,
  ) {
    // UTC fields: the bytes must not depend on the time zone of the machine that writes them.
    const year = date.getUTCFullYear();
    if (year < 1980 || year > 2107) throw new Error(`a zip entry cannot be dated ${date.toISOString()}`);
    this.dosTime = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1);
    this.dosDate = ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  }

  /** The entries written so far, in order. */
  get entries(): readonly ZipEntry[] {
    return this.written;
  }

  /** One entry: its local header, its data deflated block by block, then its data descriptor. */
  *entry(name: string, blocks: Iterable<Uint8Array>): Generator<Uint8Array> {
    if (this.written.length >= MAX_ENTRIES) throw new Error(`more than ${MAX_ENTRIES} zip entries`);
    const nameBytes = utf8.encode(name);
    const flags = DATA_DESCRIPTOR | (nameBytes.length === name.length ? 0 : UTF8_NAME);
    const offset = this.at;
    const header = new Uint8Array(30 + nameBytes.length);
    const h = new DataView(header.buffer);
    h.setUint32(0, 0x04034b50, true);
    h.setUint16(4, 20, true);
    h.setUint16(6, flags, true);
    h.setUint16(8, DEFLATE, true);
    h.setUint16(10, this.dosTime, true);
    h.setUint16(12, this.dosDate, true);
    // CRC-32 and sizes (14 to 25) stay zero: the data descriptor carries them.
    h.setUint16(26, nameBytes.length, true);
    header.set(nameBytes, 30);
    yield this.advance(header);

    const deflater = this.codec.deflater();
    let crc = 0;
    let size = 0;
    let compressedSize = 0;
    for (const block of blocks) {
      crc = this.codec.crc32(block, crc);
      size += block.length;
      const out = deflater.push(block, false);
      compressedSize += out.length;
      if (out.length > 0) yield this.advance(out);
    }
    const last = deflater.push(new Uint8Array(0), true);
    compressedSize += last.length;
    if (last.length > 0) yield this.advance(last);
    if (size > LIMIT || compressedSize > LIMIT)
      throw new Error(`zip entry ${name} is larger than 4 GiB, which needs ZIP64`);

    const descriptor = new Uint8Array(16);
    const d = new DataView(descriptor.buffer);
    d.setUint32(0, 0x08074b50, true);
    d.setUint32(4, crc, true);
    d.setUint32(8, compressedSize, true);
    d.setUint32(12, size, true);
    yield this.advance(descriptor);
    this.written.push({ name, crc, size, compressedSize, offset });
    this.flags.set(name, flags);
  }

  /** The central directory and its end record: the archive is complete after these bytes. */
  *end(): Generator<Uint8Array> {
    const start = this.at;
    for (const e of this.written) {
      const nameBytes = utf8.encode(e.name);
      const record = new Uint8Array(46 + nameBytes.length);
      const r = new DataView(record.buffer);
      r.setUint32(0, 0x02014b50, true);
      r.setUint16(4, 20, true);
      r.setUint16(6, 20, true);
      r.setUint16(8, this.flags.get(e.name)!, true);
      r.setUint16(10, DEFLATE, true);
      r.setUint16(12, this.dosTime, true);
      r.setUint16(14, this.dosDate, true);
      r.setUint32(16, e.crc, true);
      r.setUint32(20, e.compressedSize, true);
      r.setUint32(24, e.size, true);
      r.setUint16(28, nameBytes.length, true);
      // Extra field, comment, disk number, attributes (30 to 41): none.
      r.setUint32(42, e.offset, true);
      record.set(nameBytes, 46);
      yield this.advance(record);
    }
    const size = this.at - start;
    const record = new Uint8Array(22);
    const r = new DataView(record.buffer);
    r.setUint32(0, 0x06054b50, true);
    r.setUint16(8, this.written.length, true);
    r.setUint16(10, this.written.length, true);
    r.setUint32(12, size, true);
    r.setUint32(16, start, true);
    yield this.advance(record);
  }

  private advance(bytes: Uint8Array): Uint8Array {
    this.at += bytes.length;
    if (this.at > LIMIT) throw new Error('zip archive larger than 4 GiB, which needs ZIP64');
    return bytes;
  }
}

const utf8 = new TextEncoder();

/** Chunks as one array (most pushes give one chunk or none: no copy then). */
export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  let size = 0;
  for (const c of chunks) size += c.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

function tableCrc32(data: Uint8Array, crc: number): number {
  let c = ~crc;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
