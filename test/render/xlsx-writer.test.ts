import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnName, WorkbookWriter } from '../../src/render/xlsx-writer.js';

// The workbook writer is read back by exceljs here (and by openpyxl in xlsx-openpyxl.test.ts): any
// text a cell may hold must come back as written, minus what XML 1.0 cannot carry at all.

const DATE = new Date(Date.UTC(1980, 0, 1));

async function roundTrip(texts: readonly string[]): Promise<unknown[]> {
  const wb = new WorkbookWriter({ creator: 'sfbports', title: 't', subject: 's', company: 'c', date: DATE });
  const sheet = wb.addSheet('Cells');
  for (const t of texts) sheet.addRow([t]);
  const read = new ExcelJS.Workbook();
  await read.xlsx.load(Buffer.from(wb.write()) as unknown as ArrayBuffer);
  const ws = read.getWorksheet('Cells')!;
  return texts.map((_, i) => ws.getRow(i + 1).getCell(1).value);
}

/** What XML 1.0 can carry of a text: every character it cannot hold becomes U+FFFD (src/text/escape.ts xmlText). */
function carried(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '\ufffd');
}

describe('xlsx writer', () => {
  it('names columns as spreadsheets do', () => {
    expect([1, 26, 27, 52, 53, 702, 703].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('gives back every text a cell was written with', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { minLength: 1, maxLength: 8 }),
        async (texts) => {
          const nonEmpty = texts.map((t) => (carried(t).trim() === '' ? `x${t}` : t));
          const back = await roundTrip(nonEmpty);
          // Spreadsheet readers normalise CR LF in text; compare with carriage returns folded.
          expect(back.map((v) => String(v).replace(/\r\n?/g, '\n'))).toEqual(
            nonEmpty.map((t) => carried(t).replace(/\r\n?/g, '\n')),
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('writes the same bytes twice', () => {
    const make = () => {
      const wb = new WorkbookWriter({
        creator: 'sfbports',
        title: 't',
        subject: 's',
        company: 'c',
        date: DATE,
      });
      const s = wb.addSheet('A');
      s.addRow(['x', 1]).font = { bold: true };
      s.frozenRows = 1;
      s.filterColumns = 2;
      return wb.write();
    };
    expect(Buffer.from(make()).equals(Buffer.from(make()))).toBe(true);
  });
});
