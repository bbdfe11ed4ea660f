import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

// Reads every workbook named on the command line: one Python start-up for all of them.
const READ = `
import json, sys, openpyxl
books = {}
for path in sys.argv[1:]:
    wb = openpyxl.load_workbook(path)
    out = []
    for ws in wb.worksheets:
        rows = [[c for c in r] for r in ws.iter_rows(values_only=True)]
        out.append({"name": ws.title, "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref,
                    "header": [str(c) for c in rows[0]] if rows else [], "rows": len(rows),
                    "ids": [r[0] for r in rows[1:] if r and isinstance(r[0], str)]})
    books[path] = {"creator": wb.properties.creator, "sheets": out}
print(json.dumps(books))
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

interface Workbook {
  creator: string;
  sheets: Sheet[];
}

describe.skipIf(skip)('workbooks read by an independent reader (openpyxl)', () => {
  const plans = fixturePlans();
  const fileOf = (name: string) => join(dir, `${name}.xlsx`);
  let books: Record<string, Workbook> = {};
  beforeAll(async () => {
    for (const [name, plan] of plans) writeFileSync(fileOf(name), await renderXlsx(plan, {}));
    books = JSON.parse(
      execFileSync(PYTHON, ['-c', READ, ...plans.map(([name]) => fileOf(name))], { encoding: 'utf8' }),
    ) as Record<string, Workbook>;
  });

  for (const [name, plan] of plans) {
    it(`${name}: opens with its sheets, frozen headers, filters and every flow`, () => {
      const read = books[fileOf(name)]!;
      expect(read, name).toBeDefined();
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
