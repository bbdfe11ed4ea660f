import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { workbookStamp, workbookVerdict } from '../../src/cli/workbook-marker.js';
import { nativeZipCodec } from '../../src/cli/zip-codec.js';
import { renderXlsx } from '../../src/render/xlsx.js';
import { fixturePlan } from '../render/fixtures.js';

/**
 * The workbook marker is checked from the central directory alone: so it holds for a workbook of any
 * size (the former one, which read every part, gave up past 64 MB), and any change to a part's content
 * or a part added or removed shows in the names, CRC-32s and sizes it covers.
 */

const dir = mkdtempSync(join(tmpdir(), 'sfbports-workbook-marker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function marked(name: string): Promise<string> {
  const path = join(dir, name);
  writeFileSync(
    path,
    await renderXlsx(fixturePlan, { package: { codec: nativeZipCodec(), stamp: workbookStamp() } }),
  );
  return path;
}

const verdict = (path: string, legacyLimit = 64 * 1024 * 1024) =>
  workbookVerdict(path, statSync(path).size, legacyLimit);

/** Where the central directory starts, from the end record (sfbports writes no archive comment). */
function directoryStart(bytes: Buffer): number {
  const end = bytes.length - 22;
  expect(bytes.readUInt32LE(end)).toBe(0x06054b50);
  return bytes.readUInt32LE(end + 16);
}

describe('the workbook marker', () => {
  it('recognises a workbook without reading its parts, whatever its size', async () => {
    const path = await marked('ours.xlsx');
    expect(verdict(path)).toBe('ours');
    // No size limit applies: the check reads the directory and the small custom part only.
    expect(verdict(path, 0)).toBe('ours');
  });

  it('a former workbook (sha256 over every part) is read whole, so only up to the limit', () => {
    const path = join(dir, 'former.xlsx');
    writeFileSync(path, readFileSync('test/fixtures/legacy-marked-standard-edition.xlsx'));
    expect(verdict(path)).toBe('ours');
    expect(verdict(path, 1024)).toBe('foreign');
  });

  it('a part whose CRC-32 or size changed is a change', async () => {
    const bytes = readFileSync(await marked('crc.xlsx'));
    const first = directoryStart(bytes);
    expect(bytes.readUInt32LE(first)).toBe(0x02014b50);
    const crc = Buffer.from(bytes);
    crc[first + 16] = crc[first + 16]! ^ 0xff;
    writeFileSync(join(dir, 'crc.xlsx'), crc);
    expect(verdict(join(dir, 'crc.xlsx'))).toBe('changed');
    const size = Buffer.from(bytes);
    size.writeUInt32LE(size.readUInt32LE(first + 24) + 1, first + 24);
    writeFileSync(join(dir, 'size.xlsx'), size);
    expect(verdict(join(dir, 'size.xlsx'))).toBe('changed');
  });

  it('a truncated file, or one that is no ZIP, is foreign', async () => {
    const bytes = readFileSync(await marked('cut.xlsx'));
    writeFileSync(join(dir, 'cut.xlsx'), bytes.subarray(0, bytes.length - 30));
    expect(verdict(join(dir, 'cut.xlsx'))).toBe('foreign');
    writeFileSync(join(dir, 'text.xlsx'), 'PK\x03\x04 but nothing else');
    expect(verdict(join(dir, 'text.xlsx'))).toBe('foreign');
  });
});
