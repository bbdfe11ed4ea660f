import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import type { Plan } from '../../src/model/plan.js';
import { plan as planOf } from '../../src/plan/plan.js';
import { CSV_MAX_REPEATED_HOSTS, renderCsv } from '../../src/render/csv.js';
import { loadRenderer, type RendererName } from '../../src/render/index.js';
import { isTextStream, renderedText } from '../../src/render/types.js';
import { FLOW_COLUMNS, renderXlsx } from '../../src/render/xlsx.js';
import { parseCsv } from '../support/csv.js';
import { skipUnless } from '../support/requirements.js';
import { syntheticTopology } from '../support/synthetic.js';
import { examplePlans, fixturePlan } from './fixtures.js';

/**
 * The text reports come as pieces (TextStream) so that a 100,000-server report is never one string:
 * every piece stays small however large the plan, and the pieces joined are the report.
 */

const TEXT_FORMATS: readonly RendererName[] = ['table', 'md', 'csv', 'json', 'html'];
const big: Plan = planOf(syntheticTopology({ sites: 30 }), catalog);

describe('streamed text reports', () => {
  for (const format of TEXT_FORMATS) {
    it(`${format}: many small pieces for a large plan, never one piece holding the report`, async () => {
      const rendered = await (await loadRenderer(format)).render(big, {});
      expect(isTextStream(rendered)).toBe(true);
      if (!isTextStream(rendered)) return;
      let pieces = 0;
      let total = 0;
      let largest = 0;
      for (const piece of rendered.chunks()) {
        pieces++;
        total += piece.length;
        largest = Math.max(largest, piece.length);
      }
      expect(pieces).toBeGreaterThan(big.flows.length);
      // The largest piece is a flow's row or a section heading, not a share of the report.
      expect(largest).toBeLessThan(Math.max(256 * 1024, total / 100));
      // chunks() can be called again and gives the same text.
      expect(renderedText(rendered).length).toBe(total);
    });
  }

  it('table: every piece is whole lines, so a terminal can colour each by itself', async () => {
    const rendered = await (await loadRenderer('table')).render(examplePlans()[0]![1], {});
    if (!isTextStream(rendered)) throw new Error('not streamed');
    for (const piece of rendered.chunks()) if (piece !== '') expect(piece.endsWith('\n')).toBe(true);
  });
});

describe('host lists that grow with the deployment', () => {
  // A flow from every server of one kind: the synthetic plan's largest host group.
  const widest = big.flows.reduce((a, f) =>
    Math.max(f.source.addresses.length, f.destination.addresses.length) >
    Math.max(a.source.addresses.length, a.destination.addresses.length)
      ? f
      : a,
  );
  const group =
    widest.source.addresses.length >= widest.destination.addresses.length ? 'source' : 'destination';
  const hosts = widest[group].addresses.length;

  it('has a group of more hosts than the CSV repeats', () => {
    expect(hosts).toBeGreaterThan(CSV_MAX_REPEATED_HOSTS);
  });

  it('csv: a large group is listed in full in its first row and named by that row later', () => {
    const rows = parseCsv(renderCsv(big));
    const header = rows[0]!;
    const column = header.indexOf(`${group} addresses`);
    const idColumn = header.indexOf('sfbports flow');
    const full = widest[group].addresses.join(' ');
    const first = rows.find((r) => r[column] === full);
    expect(first).toBeDefined();
    const ref = `(same hosts as flow ${first![idColumn]})`;
    const later = rows.filter((r) => r[column] === ref);
    const users = big.flows.filter((f) => f[group].addresses.join(' ') === full);
    expect(later.length).toBe(users.length - 1);
    // Never a formula to a spreadsheet.
    expect(rows.flat().some((cell) => /^[=+\-@]/.test(cell) && cell.startsWith('=('))).toBe(false);
  });

  it('table and md: at most a few hosts per cell, then how many more', async () => {
    const md = renderedText((await (await loadRenderer('md')).render(big, {})) as string);
    expect(md).toMatch(new RegExp(`… and ${hosts - 7} more`));
    const table = renderedText((await (await loadRenderer('table')).render(big, {})) as string);
    expect(table).toMatch(new RegExp(`… ${hosts - 5} more`));
  });
});

const PYTHON = '/usr/bin/python3';
const OPENPYXL = '/usr/lib/python3/dist-packages/openpyxl';
const READ = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(json.dumps([{"name": ws.title, "rows": [[("" if c is None else str(c)) for c in r] for r in ws.iter_rows(values_only=True)]} for ws in wb.worksheets]))
`;

describe('xlsx past the row limit of a worksheet', () => {
  const maxRows = 10;
  const files = async () => unzipSync(await renderXlsx(fixturePlan, {}, { maxRows }));

  it('continues the flow list on sheets named (2), (3), each with the header, every flow once in order', async () => {
    const parts = await files();
    const workbook = strFromU8(parts['xl/workbook.xml']!);
    const names = [...workbook.matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1]!);
    const flowSheets = names.filter((n) => /^Flows( \(\d+\))?$/.test(n));
    expect(flowSheets).toEqual(
      Array.from({ length: Math.ceil(fixturePlan.flows.length / (maxRows - 1)) }, (_, i) =>
        i === 0 ? 'Flows' : `Flows (${i + 1})`,
      ),
    );
    expect(flowSheets.length).toBeGreaterThan(1);
    // The lists that grow with the deployment split: the flows and each firewall's rows. (The
    // summary, catalog and NAT sheets are bounded by the catalog and the firewalls and Edge servers.)
    const firewallSheets = names.filter(
      (n) => !/^(Summary|NAT|Catalog entries|IPsec exemptions|Not planned)$/.test(n),
    );
    for (const name of firewallSheets) {
      const xml = strFromU8(parts[`xl/worksheets/sheet${names.indexOf(name) + 1}.xml`]!);
      const rows = xml.match(/<row /g)?.length ?? 0;
      expect(rows, name).toBeLessThanOrEqual(maxRows);
    }
    expect(
      firewallSheets.filter((n) => !n.startsWith('Flows') && / \(\d+\)$/.test(n)).length,
    ).toBeGreaterThan(0);
  });

  it('says so on the summary, and links every part', async () => {
    const parts = await files();
    const summary = strFromU8(parts['xl/worksheets/sheet1.xml']!);
    expect(summary).toContain('location="&apos;Flows (2)&apos;!A1"');
    const strings = strFromU8(parts['xl/sharedStrings.xml']!);
    expect(strings).toContain('A worksheet holds at most 10 rows in Excel');
  });

  it('writes no note and a single flow sheet under the limit', async () => {
    const parts = unzipSync(await renderXlsx(fixturePlan, {}));
    expect(strFromU8(parts['xl/workbook.xml']!)).not.toContain('Flows (2)');
    expect(strFromU8(parts['xl/sharedStrings.xml']!)).not.toContain('A worksheet holds at most');
  });

  it.skipIf(skipUnless({ files: [PYTHON, OPENPYXL] }, 'XLSX read back with openpyxl'))(
    'opens in openpyxl with every flow once across the parts, and firewall sheets continued with their header',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sfbp-xlsx-split-'));
      try {
        const file = join(dir, 'split.xlsx');
        writeFileSync(file, await renderXlsx(fixturePlan, {}, { maxRows }));
        const sheets = JSON.parse(execFileSync(PYTHON, ['-c', READ, file], { encoding: 'utf8' })) as Array<{
          name: string;
          rows: string[][];
        }>;
        const flowSheets = sheets.filter((s) => s.name.startsWith('Flows'));
        for (const s of flowSheets) expect(s.rows[0]).toEqual([...FLOW_COLUMNS]);
        expect(flowSheets.flatMap((s) => s.rows.slice(1).map((r) => r[0]))).toEqual(
          fixturePlan.flows.map((f) => f.id),
        );
        const listed = sheets.filter(
          (s) => !/^(Summary|NAT|Catalog entries|IPsec exemptions|Not planned)$/.test(s.name),
        );
        for (const s of listed) expect(s.rows.length, s.name).toBeLessThanOrEqual(maxRows);
        const continued = sheets.filter((s) => / \(\d+\)$/.test(s.name) && !s.name.startsWith('Flows'));
        for (const s of continued) {
          expect(s.rows[0]![0]).toMatch(/\(continued, part \d+ of \d+\)$/);
          expect(s.rows[1]![0]).toBe('Source');
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
