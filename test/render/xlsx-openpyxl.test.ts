import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { plan as planTopology } from '../../src/plan/plan.js';
import { renderXlsx } from '../../src/render/xlsx.js';
import { loadTopology } from '../../src/topology/load.js';
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
                    "ids": [r[0] for r in rows[1:] if r and isinstance(r[0], str)],
                    "cells": [["" if c is None else str(c) for c in r] for r in rows]})
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
  cells: string[][];
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

/**
 * The per-firewall sheets of examples/enterprise.yaml as openpyxl reads them, against what the
 * example's firewalls: section and the vendor's Edge and reverse proxy pages say they must carry
 * (written by hand: the external firewall has the internet on one side and the public perimeter
 * on the other; rp01 is the reverse proxy's own firewall).
 */
describe.skipIf(skip)('per-firewall sheets of examples/enterprise.yaml, read by openpyxl', () => {
  const COLUMNS = [
    'Source',
    'Source port',
    'Destination',
    'Destination port',
    'Transport',
    'Application',
    'Comments',
  ];
  const file = join(dir, 'enterprise-firewalls.xlsx');
  let sheets: Sheet[] = [];
  beforeAll(async () => {
    const text = readFileSync('examples/enterprise.yaml', 'utf8');
    const p = planTopology(loadTopology(text, 'examples/enterprise.yaml').topology, catalog);
    writeFileSync(file, await renderXlsx(p, {}));
    const read = JSON.parse(execFileSync(PYTHON, ['-c', READ, file], { encoding: 'utf8' })) as Record<
      string,
      Workbook
    >;
    sheets = read[file]!.sheets;
  });
  const sheet = (name: string) => {
    const found = sheets.find((s) => s.name === name);
    if (!found) throw new Error(`no sheet ${name}: ${sheets.map((s) => s.name).join(', ')}`);
    return found;
  };
  /** Flow rows: the cells under the column header (row 2) whose comments start with a flow id. */
  const rowsOf = (s: Sheet) =>
    s.cells
      .slice(2)
      .filter((r) => /^f-/.test(r[6] ?? ''))
      .map((r) => Object.fromEntries(COLUMNS.map((c, i) => [c, r[i] ?? ''])));

  it('has one sheet per declared firewall after the summary, each with the Planning Tool columns', () => {
    expect(sheets.slice(0, 4).map((s) => s.name)).toEqual(['Summary', 'external', 'internal', 'rp01']);
    for (const name of ['external', 'internal', 'rp01']) {
      expect(sheet(name).cells[1]).toEqual(COLUMNS);
      expect(sheet(name).freeze).toBe('A3');
    }
    expect(sheet('Flows').filter).toMatch(/^A1:[A-Z]+\d+$/);
  });

  it('external: federation to the Access Edge on TCP 5061 from the internet, and back out', () => {
    const ws = sheet('external');
    const titles = ws.cells.map((r) => r[0]);
    expect(titles).toContain('outside → perimeter');
    expect(titles).toContain('perimeter → outside');
    const rows = rowsOf(ws);
    const inbound = rows.filter(
      (r) =>
        /internet/.test(r.Source!) &&
        /Access Edge/.test(r.Destination!) &&
        /203\.0\.113\.(11|14)/.test(r.Destination!) &&
        r['Destination port'] === '5061' &&
        r.Transport === 'TCP',
    );
    // Both Edge servers, one row each, for federation (SIP/MTLS).
    expect(inbound.map((r) => r.Destination!.split('\n')[1])).toEqual(['203.0.113.11', '203.0.113.14']);
    for (const r of inbound) {
      expect(r.Application).toMatch(/^SIP\/MTLS: .*[Ff]ederat/);
      expect(r['Source port']).toBe('any');
      expect(r.Comments).toMatch(/^f-[0-9a-f]{12}; edge-external-access\.sip-mtls\.5061$/);
    }
    const outbound = rows.filter(
      (r) =>
        /Access Edge/.test(r.Source!) &&
        /203\.0\.113\.11/.test(r.Source!) &&
        /internet/.test(r.Destination!) &&
        r['Destination port'] === '5061' &&
        r.Transport === 'TCP',
    );
    expect(outbound).toHaveLength(1);
    // The inbound rows sit under outside → perimeter, the outbound one under perimeter → outside.
    const at = (text: string) => titles.indexOf(text);
    const index = (r: Record<string, string>) =>
      ws.cells.findIndex((c) => c[6] === r.Comments && c[2] === r.Destination);
    for (const r of inbound) expect(index(r)).toBeGreaterThan(at('outside → perimeter'));
    for (const r of inbound) expect(index(r)).toBeLessThan(at('perimeter → outside'));
    expect(index(outbound[0]!)).toBeGreaterThan(at('perimeter → outside'));
  });

  it('external: no row names a client zone (clients and phones are behind the internal firewall)', () => {
    for (const r of sheet('external').cells)
      for (const cell of r) expect(cell).not.toMatch(/\((clients|phones)\)|198\.51\.100\./);
  });

  it('rp01: the reverse proxy on TCP 443 from the internet, and only to rp01', () => {
    const rows = rowsOf(sheet('rp01'));
    const https = rows.filter(
      (r) => r['Destination port'] === '443' && r.Transport === 'TCP' && /internet/.test(r.Source!),
    );
    expect(https).toHaveLength(1);
    expect(https[0]!.Destination).toBe('Reverse proxy rp01.contoso.com\n203.0.113.20');
    for (const r of rows) expect(r.Destination).toMatch(/^Reverse proxy rp01\.contoso\.com\n/);
    // Its management access: SSH from the administrators' station.
    expect(sheet('rp01').cells.some((r) => r[0] === '192.0.2.60' && r[3] === '22' && r[4] === 'TCP')).toBe(
      true,
    );
  });
});
