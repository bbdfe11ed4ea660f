import { xmlText } from '../text/escape.js';
import { MarkupBuffer } from './markup-buffer.js';
import type { PackageOptions } from './types.js';
import { concat, PORTABLE_CODEC, ZipWriter } from './zip-writer.js';

/**
 * The part of SpreadsheetML (ECMA-376, transitional) the report needs, written directly: inline
 * strings and numbers, fonts, solid fills, a bottom border, alignment, column widths, a frozen header,
 * an autofilter, print titles and fit-to-width, internal hyperlinks and the document properties.
 * exceljs did this with 195 of the 217 production packages; the workbook is read back in the tests by
 * exceljs and by openpyxl, two readers that do not share this code. Every zip entry carries one fixed
 * date, so the same report gives the same bytes.
 *
 * A sheet too large to hold (a flow list of 750,000 rows) gives its rows as a generator
 * (`Sheet.stream`); they are formatted, deflated and handed on a block at a time (zip-writer.ts), so
 * only the table of distinct strings is ever whole. Strings are shared (xl/sharedStrings.xml): readers
 * give back an empty text as written, which an inline empty string is not. The texts that are each
 * row's own (flow ids, the comments naming them) are written inline (`Sheet.ownTextColumns`): at
 * 100,000 servers they were 1.16 of the 1.55 million shared strings (19 million uses).
 */

export interface Font {
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly size?: number;
  /** ARGB, such as FF1F3A5F. */
  readonly color?: string;
}

export interface Alignment {
  readonly vertical?: 'top' | 'middle' | 'bottom';
  readonly wrapText?: boolean;
}

/** A solid fill in ARGB. */
export type Fill = string;

/** A thin bottom border in ARGB. */
export type Border = string;

export interface Link {
  readonly text: string;
  /** Another sheet of the workbook: its name. */
  readonly sheet: string;
}

export type CellValue = string | number | Link | undefined;

export class Cell {
  font?: Font;
  fill?: Fill;
  border?: Border;
  alignment?: Alignment;
  constructor(public value: CellValue) {}
}

export class Row {
  readonly cells: Cell[];
  constructor(values: readonly CellValue[]) {
    this.cells = values.map((v) => new Cell(v));
  }

  /** The cell in 1-based column `column`, created empty when the row is shorter. */
  cell(column: number): Cell {
    while (this.cells.length < column) this.cells.push(new Cell(undefined));
    return this.cells[column - 1]!;
  }

  /** Styles every cell the row has so far (as a spreadsheet program styles a selected row). */
  set font(font: Font) {
    for (const c of this.cells) c.font = font;
  }
  set alignment(alignment: Alignment) {
    for (const c of this.cells) c.alignment = alignment;
  }
}

export interface PageSetup {
  readonly landscape: boolean;
  /** Rows repeated on every printed page, such as 1 or 2 (the header rows). */
  readonly titleRows: number;
}

/** Rows produced while the workbook is written, after the rows added: `count` of them. */
export interface RowStream {
  readonly count: number;
  rows(): Iterable<Row>;
}

/** Excel's limit: 1,048,576 rows per worksheet. */
export const MAX_SHEET_ROWS = 1_048_576;

const NO_COLUMNS: ReadonlySet<number> = new Set();

export class Sheet {
  readonly rows: Row[] = [];
  /** More rows, made as the sheet is written (a sheet too large to hold). */
  stream?: RowStream;
  readonly widths = new Map<number, number>();
  /** Rows kept in view when scrolling (0: none). */
  frozenRows = 0;
  /** Last column of an autofilter over all rows, 0 for none. */
  filterColumns = 0;
  /**
   * Columns (1-based) whose texts are each row's own (a flow id, a comment naming it): written in
   * the cell, not added to the shared strings, which they would grow by a text per row.
   */
  ownTextColumns: ReadonlySet<number> = NO_COLUMNS;
  page?: PageSetup;
  constructor(
    readonly name: string,
    readonly tabColor?: string,
  ) {}

  addRow(values: readonly CellValue[]): Row {
    const row = new Row(values);
    this.rows.push(row);
    return row;
  }

  width(column: number, width: number): void {
    this.widths.set(column, width);
  }

  get rowCount(): number {
    return this.rows.length + (this.stream?.count ?? 0);
  }
}

export interface DocumentProperties {
  readonly creator: string;
  readonly title: string;
  readonly subject: string;
  readonly company: string;
  readonly date: Date;
}

export class WorkbookWriter {
  readonly sheets: Sheet[] = [];
  constructor(readonly properties: DocumentProperties) {}

  addSheet(name: string, tabColor?: string): Sheet {
    const sheet = new Sheet(name, tabColor);
    this.sheets.push(sheet);
    return sheet;
  }

  /** The workbook as an .xlsx file, whole: for small workbooks, tests and the browser page. */
  write(options: PackageOptions = {}): Uint8Array {
    return concat([...this.chunks(options)]);
  }

  /**
   * The workbook as an .xlsx file, a block at a time as its parts are made and deflated: only the
   * table of distinct strings is ever whole. With a stamp, docProps/custom.xml comes last (its
   * value covers every part before it) and the content types and root relationships, written first,
   * already name it.
   */
  *chunks(options: PackageOptions = {}): Generator<Uint8Array> {
    for (const sheet of this.sheets)
      if (sheet.rowCount > MAX_SHEET_ROWS)
        throw new Error(
          `sheet ${sheet.name} has ${sheet.rowCount} rows, more than Excel's ${MAX_SHEET_ROWS}`,
        );
    const styles = new StyleTable();
    const strings = new SharedStrings();
    const zip = new ZipWriter(options.codec ?? PORTABLE_CODEC, this.properties.date);
    const stamp = options.stamp;
    const part = (path: string, pieces: Iterable<string>) => zip.entry(path, textBlocks(pieces));
    yield* part('[Content_Types].xml', [contentTypes(this.sheets.length, stamp !== undefined)]);
    yield* part('_rels/.rels', [rootRels(stamp !== undefined)]);
    yield* part('docProps/core.xml', [coreProperties(this.properties)]);
    yield* part('docProps/app.xml', [appProperties(this.properties, this.sheets)]);
    yield* part('xl/workbook.xml', [workbookPart(this.sheets)]);
    yield* part('xl/_rels/workbook.xml.rels', [workbookRels(this.sheets.length)]);
    // Styles and strings are gathered while the sheets are written, so their parts come last.
    for (const [i, sheet] of this.sheets.entries())
      yield* zip.entry(`xl/worksheets/sheet${i + 1}.xml`, sheetPart(sheet, styles, strings, this.sheets));
    yield* part('xl/styles.xml', [styles.xml()]);
    yield* part('xl/sharedStrings.xml', strings.xml());
    if (stamp) yield* part(CUSTOM_PROPERTIES, [customProperties(stamp.name, stamp.value(zip.entries))]);
    yield* zip.end();
  }
}

/** Text pieces as UTF-8 blocks of about BLOCK characters, for the deflater. */
function* textBlocks(pieces: Iterable<string>): Generator<Uint8Array> {
  let pending: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    pending.push(piece);
    length += piece.length;
    if (length >= BLOCK) {
      yield utf8.encode(pending.join(''));
      pending = [];
      length = 0;
    }
  }
  if (pending.length > 0) yield utf8.encode(pending.join(''));
}

const utf8 = new TextEncoder();

const BLOCK = 1 << 20;

/** Every distinct text once: a report repeats zone, role and protocol names thousands of times. */
class SharedStrings {
  private readonly index = new Map<string, number>();
  private uses = 0;

  /** The index of a text, added when new. */
  of(text: string): number {
    this.uses++;
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.index.size;
      this.index.set(text, i);
    }
    return i;
  }

  /** Another use of a text whose index the caller kept (the same text as the cell above). */
  again(): void {
    this.uses++;
  }

  *xml(): Generator<string> {
    yield `${XML_DECLARATION}<sst xmlns="${MAIN_NS}" count="${this.uses}" uniqueCount="${this.index.size}">`;
    for (const t of this.index.keys()) yield `<si><t xml:space="preserve">${xmlText(t)}</t></si>`;
    yield '</sst>';
  }
}

// ---------------------------------------------------------------------------------------------------
// Styles: each distinct font, fill, border and alignment once, and one cell format per combination.

class StyleTable {
  private readonly fonts = ['<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'];
  // The first two fills are reserved by the format (none, gray125).
  private readonly fills = [
    '<fill><patternFill patternType="none"/></fill>',
    '<fill><patternFill patternType="gray125"/></fill>',
  ];
  private readonly borders = ['<border><left/><right/><top/><bottom/><diagonal/></border>'];
  private readonly formats = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private readonly index = new Map<string, number>([[this.formats[0]!, 0]]);

  /** Formats by the very style objects a cell holds: rows of a long sheet share them. */
  private readonly known = new Map<unknown, Map<unknown, Map<unknown, Map<unknown, number>>>>();

  /** The last cell's styles and format: the cells of a row, and rows of a list, mostly share them. */
  private last: { font?: Font; fill?: Fill; border?: Border; alignment?: Alignment; id: number } = { id: 0 };

  formatOf(cell: Cell): number {
    const { font, fill, border, alignment } = cell;
    const last = this.last;
    if (font === last.font && fill === last.fill && border === last.border && alignment === last.alignment)
      return last.id;
    const id = font || fill || border || alignment ? this.lookUp(cell) : 0;
    this.last = { font, fill, border, alignment, id };
    return id;
  }

  private lookUp(cell: Cell): number {
    const byFont = this.known.get(cell.font) ?? new Map<unknown, Map<unknown, Map<unknown, number>>>();
    if (!this.known.has(cell.font)) this.known.set(cell.font, byFont);
    const byFill = byFont.get(cell.fill) ?? new Map<unknown, Map<unknown, number>>();
    if (!byFont.has(cell.fill)) byFont.set(cell.fill, byFill);
    const byBorder = byFill.get(cell.border) ?? new Map<unknown, number>();
    if (!byFill.has(cell.border)) byFill.set(cell.border, byBorder);
    let id = byBorder.get(cell.alignment);
    if (id === undefined) {
      id = this.formatFor(cell);
      byBorder.set(cell.alignment, id);
    }
    return id;
  }

  private formatFor(cell: Cell): number {
    const fontId = cell.font ? indexOf(this.fonts, fontXml(cell.font)) : 0;
    const fillId = cell.fill
      ? indexOf(
          this.fills,
          `<fill><patternFill patternType="solid"><fgColor rgb="${cell.fill}"/><bgColor indexed="64"/></patternFill></fill>`,
        )
      : 0;
    const borderId = cell.border
      ? indexOf(
          this.borders,
          `<border><left/><right/><top/><bottom style="thin"><color rgb="${cell.border}"/></bottom><diagonal/></border>`,
        )
      : 0;
    const a = cell.alignment;
    const align = a
      ? `<alignment${a.vertical ? ` vertical="${a.vertical === 'middle' ? 'center' : a.vertical}"` : ''}${a.wrapText ? ' wrapText="1"' : ''}/>`
      : '';
    const xf = `<xf numFmtId="0" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"${fontId ? ' applyFont="1"' : ''}${fillId ? ' applyFill="1"' : ''}${borderId ? ' applyBorder="1"' : ''}${align ? ' applyAlignment="1">' + align + '</xf>' : '/>'}`;
    let id = this.index.get(xf);
    if (id === undefined) {
      id = this.formats.length;
      this.formats.push(xf);
      this.index.set(xf, id);
    }
    return id;
  }

  xml(): string {
    return [
      XML_DECLARATION,
      `<styleSheet xmlns="${MAIN_NS}">`,
      `<fonts count="${this.fonts.length}">${this.fonts.join('')}</fonts>`,
      `<fills count="${this.fills.length}">${this.fills.join('')}</fills>`,
      `<borders count="${this.borders.length}">${this.borders.join('')}</borders>`,
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>',
      `<cellXfs count="${this.formats.length}">${this.formats.join('')}</cellXfs>`,
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>',
      '</styleSheet>',
    ].join('');
  }
}

function indexOf(list: string[], xml: string): number {
  const i = list.indexOf(xml);
  if (i >= 0) return i;
  list.push(xml);
  return list.length - 1;
}

function fontXml(f: Font): string {
  return `<font>${f.bold ? '<b/>' : ''}${f.italic ? '<i/>' : ''}<sz val="${f.size ?? 11}"/>${f.color ? `<color rgb="${f.color}"/>` : ''}<name val="Calibri"/><family val="2"/></font>`;
}

// ---------------------------------------------------------------------------------------------------
// Parts

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** 1 → A, 27 → AA. */
export function columnName(column: number): string {
  let name = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function quotedSheet(name: string): string {
  return `'${name.replaceAll("'", "''")}'`;
}

function* sheetPart(
  sheet: Sheet,
  styles: StyleTable,
  strings: SharedStrings,
  all: readonly Sheet[],
): Generator<Uint8Array> {
  const count = sheet.rowCount;
  const lastColumn = Math.max(1, sheet.filterColumns, ...sheet.rows.map((r) => r.cells.length));
  const names = new Set(all.map((s) => s.name));
  const links: string[] = [];
  const out = new MarkupBuffer(BLOCK);
  const columns: Uint8Array[] = [];
  // The text of each column in the row above and its index: a list repeats zones, roles, protocols
  // down a column, and a comparison costs less than a lookup among a million and a half texts.
  const above: Array<string | undefined> = [];
  const aboveIndex: number[] = [];
  const own = sheet.ownTextColumns;
  const writeRow = (row: Row, r: number) => {
    const number = r + 1;
    out.ascii(ROW_OPEN);
    out.int(number);
    out.ascii(TAG_END);
    const cells = row.cells;
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c]!;
      const s = styles.formatOf(cell);
      const v = cell.value;
      if (v === undefined && s === 0) continue;
      let column = columns[c];
      if (column === undefined) {
        column = utf8.encode(columnName(c + 1));
        columns[c] = column;
      }
      out.ascii(CELL_OPEN);
      out.ascii(column);
      out.int(number);
      if (s !== 0) {
        out.ascii(STYLE);
        out.int(s);
      }
      if (v === undefined) {
        out.ascii(EMPTY_CELL_END);
      } else if (typeof v === 'number') {
        out.ascii(NUMBER);
        out.text(String(v));
        out.ascii(CELL_END);
      } else {
        const text = typeof v === 'string' ? v : v.text;
        if (typeof v !== 'string' && names.has(v.sheet))
          links.push(
            `<hyperlink ref="${columnName(c + 1)}${number}" location="${xmlText(`${quotedSheet(v.sheet)}!A1`)}" display="${xmlText(text)}"/>`,
          );
        // An empty text stays shared: readers give an empty inline string back as no value.
        if (own.has(c + 1) && text !== '') {
          out.ascii(INLINE);
          out.text(xmlText(text));
          out.ascii(INLINE_END);
          continue;
        }
        let index: number;
        if (text === above[c]) {
          index = aboveIndex[c]!;
          strings.again();
        } else {
          index = strings.of(text);
          above[c] = text;
          aboveIndex[c] = index;
        }
        out.ascii(SHARED);
        out.int(index);
        out.ascii(CELL_END);
      }
    }
    out.ascii(ROW_CLOSE);
  };
  const frozen = sheet.frozenRows;
  const pane =
    frozen > 0
      ? `<pane ySplit="${frozen}" topLeftCell="A${frozen + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A${frozen + 1}" sqref="A${frozen + 1}"/>`
      : '';
  const cols = [...sheet.widths.entries()]
    .sort(([a], [b]) => a - b)
    .map(([c, w]) => `<col min="${c}" max="${c}" width="${w}" customWidth="1"/>`)
    .join('');
  const sheetPr = `<sheetPr>${sheet.tabColor ? `<tabColor rgb="${sheet.tabColor}"/>` : ''}${sheet.page ? '<pageSetUpPr fitToPage="1"/>' : ''}</sheetPr>`;
  out.text(
    [
      XML_DECLARATION,
      `<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`,
      sheetPr,
      `<dimension ref="A1:${columnName(lastColumn)}${Math.max(1, count)}"/>`,
      `<sheetViews><sheetView workbookViewId="0"${all[0] === sheet ? ' tabSelected="1"' : ''}>${pane}</sheetView></sheetViews>`,
      '<sheetFormatPr defaultRowHeight="15"/>',
      cols ? `<cols>${cols}</cols>` : '',
      '<sheetData>',
    ].join(''),
  );
  let r = 0;
  for (const row of sheet.rows) {
    writeRow(row, r++);
    if (out.full) yield out.take();
  }
  for (const row of sheet.stream?.rows() ?? []) {
    if (r >= count) throw new Error(`sheet ${sheet.name} gave more rows than the ${count} it announced`);
    writeRow(row, r++);
    if (out.full) yield out.take();
  }
  if (r !== count) throw new Error(`sheet ${sheet.name} gave ${r} rows, not the ${count} it announced`);
  const filter =
    sheet.filterColumns > 0
      ? `<autoFilter ref="A1:${columnName(sheet.filterColumns)}${Math.max(1, count)}"/>`
      : '';
  const page = sheet.page
    ? `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><pageSetup orientation="${sheet.page.landscape ? 'landscape' : 'portrait'}" fitToWidth="1" fitToHeight="0"/>`
    : '';
  out.text('</sheetData>');
  out.text(filter);
  // Links are few (the summary indexes the sheets): gathered as strings, written at the end.
  if (links.length > 0) out.text(`<hyperlinks>${links.join('')}</hyperlinks>`);
  out.text(page);
  out.text('</worksheet>');
  yield out.take();
}

// The markup of every cell, as bytes once.
const ROW_OPEN = utf8.encode('<row r="');
const TAG_END = utf8.encode('">');
const ROW_CLOSE = utf8.encode('</row>');
const CELL_OPEN = utf8.encode('<c r="');
const STYLE = utf8.encode('" s="');
const EMPTY_CELL_END = utf8.encode('"/>');
const NUMBER = utf8.encode('"><v>');
const SHARED = utf8.encode('" t="s"><v>');
const CELL_END = utf8.encode('</v></c>');
const INLINE = utf8.encode('" t="inlineStr"><is><t xml:space="preserve">');
const INLINE_END = utf8.encode('</t></is></c>');

function workbookPart(sheets: readonly Sheet[]): string {
  const names: string[] = [];
  sheets.forEach((s, i) => {
    if (s.filterColumns > 0)
      names.push(
        `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${xmlText(`${quotedSheet(s.name)}!$A$1:$${columnName(s.filterColumns)}$${Math.max(1, s.rowCount)}`)}</definedName>`,
      );
    if (s.page)
      names.push(
        `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${xmlText(`${quotedSheet(s.name)}!$1:$${s.page.titleRows}`)}</definedName>`,
      );
  });
  return [
    XML_DECLARATION,
    `<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`,
    '<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="16000" activeTab="0"/></bookViews>',
    `<sheets>${sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets>`,
    names.length > 0 ? `<definedNames>${names.join('')}</definedNames>` : '',
    '</workbook>',
  ].join('');
}

function workbookRels(count: number): string {
  const rels = Array.from(
    { length: count },
    (_, i) =>
      `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  );
  rels.push(`<Relationship Id="rId${count + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>`);
  rels.push(`<Relationship Id="rId${count + 2}" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>`);
  return `${XML_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`;
}

const CUSTOM_PROPERTIES = 'docProps/custom.xml';

function rootRels(custom: boolean): string {
  const customRel = custom
    ? `<Relationship Id="rId4" Type="${REL_NS}/custom-properties" Target="${CUSTOM_PROPERTIES}"/>`
    : '';
  return `${XML_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="${REL_NS}/extended-properties" Target="docProps/app.xml"/>${customRel}</Relationships>`;
}

function contentTypes(count: number, custom: boolean): string {
  const sheets = Array.from(
    { length: count },
    (_, i) =>
      `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ).join('');
  return `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>${custom ? `<Override PartName="/${CUSTOM_PROPERTIES}" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>` : ''}</Types>`;
}

/** One text property; the fmtid is the one every custom property carries (MS-OSHARED 2.3.3.2.2). */
function customProperties(name: string, value: string): string {
  return `${XML_DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="${xmlText(name)}"><vt:lpwstr>${xmlText(value)}</vt:lpwstr></property></Properties>`;
}

function coreProperties(p: DocumentProperties): string {
  const date = p.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `${XML_DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>${xmlText(p.title)}</dc:title><dc:subject>${xmlText(p.subject)}</dc:subject><dc:creator>${xmlText(p.creator)}</dc:creator><cp:lastModifiedBy>${xmlText(p.creator)}</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">${date}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${date}</dcterms:modified></cp:coreProperties>`;
}

function appProperties(p: DocumentProperties, sheets: readonly Sheet[]): string {
  return `${XML_DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>sfbports</Application><Company>${xmlText(p.company)}</Company><TitlesOfParts><vt:vector size="${sheets.length}" baseType="lpstr">${sheets.map((s) => `<vt:lpstr>${xmlText(s.name)}</vt:lpstr>`).join('')}</vt:vector></TitlesOfParts></Properties>`;
}
