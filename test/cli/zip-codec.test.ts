import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { validTopology } from '../../bench/valid-topology.js';
import { catalog } from '../../src/catalog/index.js';
import { workbookStamp } from '../../src/cli/workbook-marker.js';
import { nativeZipCodec } from '../../src/cli/zip-codec.js';
import { openZipDirectory } from '../../src/cli/zip-directory.js';
import type { Plan } from '../../src/model/plan.js';
import { plan } from '../../src/plan/plan.js';
import { FLOW_COLUMNS, renderXlsx } from '../../src/render/xlsx.js';
import { fixturePlans } from '../render/fixtures.js';
import { runCli } from '../support/cli.js';
import { skipUnless } from '../support/requirements.js';
import { syntheticTopology } from '../support/synthetic.js';

/**
 * The CLI deflates workbooks with node:zlib, a block at a time, each block ending in a sync flush so
 * the blocks join into one stream; the core's default is fflate. Both must give the same parts, with
 * the CRC-32s and sizes the central directory states, and a workbook of several blocks per part must
 * open in a reader that shares no code with ours.
 */

const PYTHON = '/usr/bin/python3';
const OPENPYXL = '/usr/lib/python3/dist-packages/openpyxl';
const dir = mkdtempSync(join(tmpdir(), 'sfbports-zip-codec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Ten sites: a Flows sheet of about 1.4 MB of XML, more than one block of the writer (1 MiB).
const large = plan(syntheticTopology({ sites: 10 }), catalog);

/** Every part's bytes, checked against the CRC-32 and size its central directory entry states. */
function partsOf(bytes: Uint8Array, name: string): Record<string, Uint8Array> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const zip = openZipDirectory(path, bytes.length);
  if (!zip) throw new Error(`${name} has no central directory`);
  const parts = unzipSync(bytes);
  try {
    expect(zip.entries.map((e) => e.name).sort()).toEqual(Object.keys(parts).sort());
    for (const e of zip.entries) {
      expect(crc32(parts[e.name]!), e.name).toBe(e.crc);
      expect(parts[e.name]!.length, e.name).toBe(e.size);
    }
  } finally {
    zip.close();
  }
  return parts;
}

describe('node:zlib and fflate as the workbook compressor', () => {
  const plans: Array<readonly [string, Plan]> = [...fixturePlans(), ['10 synthetic sites', large]];

  it.each(plans)('give the same parts, as their directories state them: %s', async (name, p) => {
    const portable = partsOf(await renderXlsx(p), `${name}-fflate.xlsx`);
    const native = partsOf(
      await renderXlsx(p, { package: { codec: nativeZipCodec() } }),
      `${name}-zlib.xlsx`,
    );
    expect(Object.keys(native)).toEqual(Object.keys(portable));
    for (const part of Object.keys(portable))
      expect(Buffer.compare(Buffer.from(native[part]!), Buffer.from(portable[part]!)), part).toBe(0);
  });

  it('the same plan gives the same bytes with either', async () => {
    const stamped = { codec: nativeZipCodec(), stamp: workbookStamp() };
    const a = await renderXlsx(large, { package: stamped });
    const b = await renderXlsx(large, { package: stamped });
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
    expect(Buffer.compare(Buffer.from(await renderXlsx(large)), Buffer.from(await renderXlsx(large)))).toBe(
      0,
    );
  });

  it.skipIf(skipUnless({ files: [PYTHON, OPENPYXL] }, 'XLSX read back with openpyxl'))(
    'a workbook of several blocks a part, written by the CLI, opens in openpyxl with every flow once',
    async () => {
      // A topology that passes validation, of about 400 servers: some 3,000 flows.
      const valid = validTopology(400);
      const topology = join(dir, 'valid.json');
      writeFileSync(topology, JSON.stringify(valid));
      const out = join(dir, 'valid.xlsx');
      const r = await runCli(['report', topology, '--format', 'xlsx', '-o', out]);
      expect(r.code, r.stderr).toBe(0);
      // zipfile checks every part's CRC-32 as it inflates it; openpyxl reads the cells.
      const read = `
import json, sys, zipfile, openpyxl
assert zipfile.ZipFile(sys.argv[1]).testzip() is None
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
ws = wb["Flows"]
rows = list(ws.iter_rows(values_only=True))
print(json.dumps({"header": list(rows[0]), "ids": [r[0] for r in rows[1:]]}))
`;
      const got = JSON.parse(execFileSync(PYTHON, ['-c', read, out], { encoding: 'utf8' })) as {
        header: string[];
        ids: string[];
      };
      expect(got.header).toEqual([...FLOW_COLUMNS]);
      expect(got.ids).toEqual(plan(valid, catalog).flows.map((f) => f.id));
      expect(got.ids.length).toBeGreaterThan(2000);
      expect(readFileSync(out).length).toBeGreaterThan(100_000);
    },
  );
});
