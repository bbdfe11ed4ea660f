import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderXlsx } from '../../src/render/xlsx.js';
import { skipUnless } from '../support/requirements.js';
import { fixturePlans } from './fixtures.js';

/**
 * exceljs both writes and reads our workbooks, so a bug shared by its writer and reader would go
 * unseen. openpyxl (Debian's python3-openpyxl) is an independent reader: every workbook must open in
 * it with the same sheets, a frozen header and a filter, and each flow on its boundary sheet.
 */
const PYTHON = '/usr/bin/python3';
const OPENPYXL = '/usr/lib/python3/dist-packages/openpyxl';

const READ = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    rows = [[c for c in r] for r in ws.iter_rows(values_only=True)]
    out.append({"name": ws.title, "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref,
                "header": [str(c) for c in rows[0]] if rows else [], "rows": len(rows),
                "ids": [r[0] for r in rows[1:] if r and isinstance(r[0], str)]})
print(json.dumps({"creator": wb.properties.creator, "sheets": out}))
`;

const skip = skipUnless({ files: [PYTHON, OPENPYXL] }, 'XLSX read back with openpyxl');
const dir = mkdtempSync(join(tmpdir(), 'sfbp-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Sheet {
  name: string;
  freeze: string | null;
  filter: string | null;
  header: string[];
  rows: number;
  ids: string[];
}

describe.skipIf(skip)('workbooks read by an independent reader (openpyxl)', () => {
  for (const [name, plan] of fixturePlans()) {
    it(`${name}: opens with its sheets, frozen headers, filters and every flow`, async () => {
      const file = join(dir, `${name}.xlsx`);
      writeFileSync(file, await renderXlsx(plan, {}));
      const read = JSON.parse(execFileSync(PYTHON, ['-c', READ, file], { encoding: 'utf8' })) as {
        creator: string;
        sheets: Sheet[];
      };
      expect(read.creator).toBe('sfbports');
      expect(read.sheets[0]!.name).toBe('Summary');
      const flowSheets = read.sheets.filter((s) => s.header[0] === 'Flow');
      for (const sheet of flowSheets) {
        expect(sheet.freeze).toMatch(/^A\d+$/);
        expect(sheet.filter).toMatch(/^A\d+:[A-Z]+\d+$/);
      }
      const seen = new Set(flowSheets.flatMap((s) => s.ids));
      for (const flow of plan.flows) expect(seen.has(flow.id)).toBe(true);
    });
  }
});
