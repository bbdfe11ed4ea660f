import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { PAGES } from '../../src/catalog/data/sources.js';
import { AddressSet } from '../../src/model/address-set.js';
import { loadRenderer, rendererEntry } from '../../src/render/index.js';
import {
  FIREWALL_COLUMNS,
  FLOW_COLUMNS,
  firewallSheetName,
  NAT_COLUMNS,
  renderXlsx,
  SheetNames,
  XLSX_CREATOR,
  XLSX_FIXED_DATE,
  xlsxRenderer,
} from '../../src/render/xlsx.js';
import { expectGolden } from '../support/golden.js';
import { emptyPlan, examplePlans, fixturePlan, fixturePlans, LONG_ZONE } from './fixtures.js';

async function readBack(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  // exceljs reads only hyperlinks that go through a relationship; links to another sheet are written
  // the standard way (a location attribute), so they are read here from the sheet XML itself.
  const files = unzipSync(bytes);
  wb.worksheets.forEach((ws, i) => {
    const xml = strFromU8(files[`xl/worksheets/sheet${i + 1}.xml`]!);
    for (const m of xml.matchAll(/<hyperlink ref="([A-Z]+\d+)" location="([^"]+)"/g)) {
      const cell = ws.getCell(m[1]!);
      const location = m[2]!.replaceAll('&apos;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');
      cell.value = { text: String(cell.value), hyperlink: `#${location}` };
    }
  });
  return wb;
}

function rowValues(ws: ExcelJS.Worksheet, row: number): unknown[] {
  // exceljs row values are 1-based with an empty slot 0.
  return (ws.getRow(row).values as unknown[]).slice(1);
}

/**
 * What a reader of the workbook sees, as reviewable text (one JSON line per row): compared with the
 * golden instead of zip bytes, so a diff shows which cell changed.
 */
function describeWorkbook(wb: ExcelJS.Workbook): string {
  const lines = [`creator: ${wb.creator}`, `created: ${wb.created?.toISOString()}`];
  for (const ws of wb.worksheets) {
    const view = ws.views?.[0] as { state?: string; ySplit?: number } | undefined;
    lines.push('', `## ${ws.name}`);
    if (view?.state === 'frozen') lines.push(`frozen rows: ${view.ySplit}`);
    if (ws.autoFilter) lines.push(`autofilter: ${ws.autoFilter}`);
    lines.push(`widths: ${JSON.stringify(ws.columns?.map((c) => c.width ?? null) ?? [])}`);
    ws.eachRow({ includeEmpty: true }, (row, n) =>
      lines.push(`${n}: ${JSON.stringify((row.values as unknown[]).slice(1))}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('xlsx renderer', () => {
  it('is declared as a binary xlsx renderer, and listed in the registry with the same metadata', async () => {
    expect(xlsxRenderer).toMatchObject({ name: 'xlsx', extension: 'xlsx', binary: true });
    expect(await loadRenderer('xlsx')).toBe(xlsxRenderer);
    const { name, extension, binary, description } = xlsxRenderer;
    expect(rendererEntry('xlsx')).toMatchObject({ name, extension, binary, description });
  });

  it('writes a summary, one sheet per firewall, all flows, the catalog entries and the IPsec exemptions', async () => {
    const wb = await readBack(await renderXlsx(fixturePlan));
    // The fixture names no firewalls: one is assumed per zone pair its flows cross (the same-zone
    // flows of "servers" cross none), in the order of the zones.
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Summary',
      'servers--clients',
      'servers--phones',
      'servers--perimeter-internal',
      'clients--perimeter-internal',
      'perimeter-external-r…--internet',
      'Flows',
      'Catalog entries',
      'IPsec exemptions',
      'Not planned',
    ]);
  });

  it('marks the workbook as written by sfbports, with fixed dates', async () => {
    const wb = await readBack(await renderXlsx(fixturePlan));
    expect(wb.creator).toBe(XLSX_CREATOR);
    expect(wb.created?.toISOString()).toBe(XLSX_FIXED_DATE.toISOString());
    expect(wb.modified?.toISOString()).toBe(XLSX_FIXED_DATE.toISOString());
  });

  it('puts every flow on the Flows sheet with zones, names, addresses, ports, provenance ids and firewalls', async () => {
    const wb = await readBack(await renderXlsx(fixturePlan));
    const ws = wb.getWorksheet('Flows')!;
    expect(rowValues(ws, 1)).toEqual([...FLOW_COLUMNS]);
    expect(ws.rowCount).toBe(fixturePlan.flows.length + 1);
    expect(rowValues(ws, 4)).toEqual([
      'f003',
      'clients',
      'servers',
      'client',
      'clients',
      '',
      '198.51.100.0/25',
      '',
      'front-end',
      'pool01.contoso.com',
      'fe01.contoso.com, fe02.contoso.com, fe03.contoso.com',
      '192.0.2.11, 192.0.2.12, 192.0.2.13',
      '',
      'UDP',
      '49152-57500',
      'RTP/SRTP',
      'Audio and video media to the A/V Conferencing service',
      'front-end.media.49152-57500',
      'no',
      'servers--clients',
    ]);
    const multi = rowValues(ws, 27);
    expect(multi[0]).toBe('f026');
    expect(multi[FLOW_COLUMNS.indexOf('Ports')]).toBe('5065,5071-5073,8058,8404,49152-65535');
    // Within one zone: no firewall is assumed on it.
    expect(multi[FLOW_COLUMNS.indexOf('Firewalls')]).toBe('');
  });

  it('lays a firewall sheet out per site and direction, one row per destination host, VIP before nodes', async () => {
    const wb = await readBack(await renderXlsx(fixturePlan));
    const ws = wb.getWorksheet('servers--clients')!;
    const rows = Array.from({ length: ws.rowCount }, (_, i) => rowValues(ws, i + 1));
    expect(rows[0]![0]).toBe('servers--clients: assumed network firewall; between servers and clients');
    expect(rows[1]).toEqual([...FIREWALL_COLUMNS]);
    expect(rows[2]).toEqual(['Site Redmond (HQ)']);
    expect(rows[3]).toEqual(['clients → servers']);
    // f005 goes to the pool's VIP and comes first; f001 (SIP 5061) then has one row per server.
    expect(rows[4]).toEqual([
      'Clients (clients)\n198.51.100.0/25',
      'any',
      'Front End VIP pool01.contoso.com\n192.0.2.10',
      '443',
      'TCP',
      'HTTPS: Internal web services (address book, meetings, mobility)',
      'f005; front-end-lb.https.443',
    ]);
    expect(rows.slice(5, 8).map((r) => `${r[2]} ${r[3]} ${r[6]}`)).toEqual([
      'Front End fe01.contoso.com\n192.0.2.11 5061 f001; front-end.sip-tls.5061',
      'Front End fe02.contoso.com\n192.0.2.12 5061 f001; front-end.sip-tls.5061',
      'Front End fe03.contoso.com\n192.0.2.13 5061 f001; front-end.sip-tls.5061',
    ]);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', printTitlesRow: '1:2' });
    const optional = wb.getWorksheet('perimeter-external-r…--internet')!;
    const http = Array.from({ length: optional.rowCount }, (_, i) => optional.getRow(i + 1)).find((r) =>
      String(r.getCell(7).value).startsWith('f016;'),
    )!;
    expect(http.getCell(7).value).toBe('f016; optional; reverse-proxy.http.80');
    expect(http.getCell(1).font?.italic).toBe(true);
  });

  it('styles, freezes and filters every table header', async () => {
    const wb = await readBack(await renderXlsx(fixturePlan));
    const tables = ['Flows', 'Catalog entries', 'IPsec exemptions', 'Not planned'];
    for (const ws of wb.worksheets.filter((w) => tables.includes(w.name))) {
      expect(ws.views[0], ws.name).toMatchObject({ state: 'frozen', ySplit: 1 });
      const lastColumn = ws.getRow(1).cellCount;
      expect(ws.autoFilter, ws.name).toBe(`A1:${String.fromCharCode(64 + lastColumn)}${ws.rowCount}`);
      const header = ws.getRow(1).getCell(1);
      expect(header.font?.bold, ws.name).toBe(true);
      expect(header.fill, ws.name).toMatchObject({ type: 'pattern', pattern: 'solid' });
      for (const c of ws.columns) expect(c.width, ws.name).toBeGreaterThanOrEqual(10);
      expect(ws.pageSetup, ws.name).toMatchObject({
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        printTitlesRow: '1:1',
      });
    }
    const catalog = wb.getWorksheet('Catalog entries')!;
    expect(catalog.getColumn(7).width).toBeGreaterThan(catalog.getColumn(3).width!);
  });

  it('sets optional flows apart and says so in the Optional column', async () => {
    const wb = await readBack(await renderXlsx(fixturePlan));
    const ws = wb.getWorksheet('Flows')!;
    const http = rowValues(ws, 22);
    expect(http[0]).toBe('f021');
    expect(http[FLOW_COLUMNS.indexOf('Protocol')]).toBe('HTTP');
    expect(http[FLOW_COLUMNS.indexOf('Optional')]).toBe('yes');
    expect(ws.getRow(22).getCell(1).font?.italic).toBe(true);
    expect(ws.getRow(21).getCell(1).font?.italic).toBeFalsy();
  });

  it('counts flows per firewall on the summary, says they are assumed, and links each to its sheet', async () => {
    const wb = await readBack(await renderXlsx(fixturePlan));
    const ws = wb.getWorksheet('Summary')!;
    const rows = ws
      .getSheetValues()
      .filter((r) => Array.isArray(r))
      .map((r) => r.slice(1));
    expect(rows.find((r) => r[0] === 'Product')?.[1]).toBe('Skype for Business Server 2019');
    expect(rows.find((r) => r[0] === 'Flows')?.[1]).toBe(fixturePlan.flows.length);
    expect(rows.find((r) => r[0] === 'Generator')?.[1]).toBe('sfbports');
    expect(rows.some((r) => String(r[0]).startsWith('The topology names no firewalls'))).toBe(true);
    // f018-f024: four flows into servers (one optional) and three back.
    const perimeter = rows.find((r) => r[0] === 'servers--perimeter-internal');
    expect(perimeter?.slice(1, 6)).toEqual([
      'assumed network firewall',
      'between servers and perimeter-internal',
      7,
      6,
      1,
    ]);
    expect(perimeter?.[6]).toEqual({
      text: 'servers--perimeter-internal',
      hyperlink: "#'servers--perimeter-internal'!A1",
    });
    const long = rows.find((r) => r[0] === 'perimeter-external-redmond-dc--internet');
    expect(long?.[6]).toEqual({
      text: 'perimeter-external-r…--internet',
      hyperlink: "#'perimeter-external-r…--internet'!A1",
    });
    expect(rows.some((r) => r[0] === 'Legend')).toBe(true);
  });

  it('lists only the catalog entries the flows use, with provenance', async () => {
    const wb = await readBack(await renderXlsx(fixturePlan));
    const ws = wb.getWorksheet('Catalog entries')!;
    const ids = ws.getColumn(1).values.slice(2);
    const used = new Set(fixturePlan.flows.flatMap((f) => f.requirements));
    expect(new Set(ids)).toEqual(used);
    expect(ids).not.toContain('persistent-chat.sip-mtls.5041');
    const smb = rowValues(ws, ids.indexOf('file-share.smb.445') + 2);
    expect(smb).toEqual([
      'file-share.smb.445',
      'file-share',
      'TCP',
      '445',
      'SMB',
      'front-end',
      'Address book files, meeting content and CMS replication',
      '',
      `${PAGES.seed.title}: Required Server Ports (by Server Role), row 62 <${PAGES.seed.url}>`,
      1,
    ]);
  });

  it('lists the entries that gave no flow, and why', async () => {
    const wb = await readBack(await renderXlsx(fixturePlan));
    const ws = wb.getWorksheet('Not planned')!;
    expect(ws.rowCount).toBe(2);
    expect(rowValues(ws, 2)).toEqual([
      'dns.dns.53',
      '',
      'DNS servers are not modelled in topology version 1',
      'dns',
      'UDP',
      '53',
      'DNS',
      'Name resolution for the servers',
    ]);
    const summary = wb.getWorksheet('Summary')!;
    const others = summary
      .getSheetValues()
      .find((r) => Array.isArray(r) && r[1] === 'Other worksheets') as unknown[];
    expect(others.slice(2).map((c) => (c as { text: string }).text)).toEqual([
      'Flows',
      'Catalog entries',
      'IPsec exemptions',
      'Not planned',
    ]);
  });

  it('renders a plan without flows to a valid workbook', async () => {
    const wb = await readBack(await renderXlsx(emptyPlan));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Flows', 'Catalog entries']);
    expect(wb.getWorksheet('Catalog entries')!.autoFilter).toBe('A1:J1');
  });

  it('gives the same bytes for the same plan', async () => {
    const a = await renderXlsx(fixturePlan);
    const b = await renderXlsx(fixturePlan);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('lists the NAT of Edge servers and shows public addresses on the firewall sheet (multi-site.yaml)', async () => {
    const multiSite = examplePlans().find(([name]) => name === 'multi-site')![1];
    const wb = await readBack(await renderXlsx(multiSite));
    const nat = wb.getWorksheet('NAT')!;
    expect(rowValues(nat, 1)).toEqual([...NAT_COLUMNS]);
    // From the example: sea-edge01's private external addresses and what the NAT publishes for them.
    expect(rowValues(nat, 2)).toEqual([
      'Seattle',
      'sea-edge01.fabrikam.example',
      'sea-edge01.fabrikam.example',
      'Access Edge',
      '192.0.2.81',
      '203.0.113.81',
    ]);
    expect(nat.rowCount).toBe(4);
    const edge = wb.getWorksheet('sea-perimeter-extern…--internet')!;
    const cells = edge.getSheetValues().flatMap((r) => (Array.isArray(r) ? r.map(String) : []));
    expect(cells).toContain('Access Edge sea-edge01.fabrikam.example\n192.0.2.81 (public 203.0.113.81)');
    const flows = wb.getWorksheet('Flows')!;
    const column = FLOW_COLUMNS.indexOf('Destination public addresses') + 1;
    expect(flows.getColumn(column).values).toContain('203.0.113.81');
  });

  it('puts the notes and the firewalls of the topology on the summary (enterprise.yaml)', async () => {
    const enterprise = examplePlans().find(([name]) => name === 'enterprise')![1];
    const wb = await readBack(await renderXlsx(enterprise));
    expect(wb.worksheets.slice(1, 4).map((w) => w.name)).toEqual(['external', 'internal', 'rp01']);
    expect(wb.getWorksheet('NAT')).toBeUndefined();
    const rows = wb
      .getWorksheet('Summary')!
      .getSheetValues()
      .filter((r) => Array.isArray(r))
      .map((r) => r.slice(1));
    expect(rows.some((r) => String(r[0]).startsWith('The topology names no firewalls'))).toBe(false);
    const notes = rows.findIndex((r) => r[0] === 'Notes');
    expect(notes).toBeGreaterThan(0);
    expect(rows[notes + 1]?.[0]).toBe('boundary-without-firewall');
    expect(rows.find((r) => r[0] === 'rp01')?.slice(1, 3)).toEqual([
      'host firewall (nftables)',
      'on rp01.contoso.com',
    ]);
    const rp01 = wb.getWorksheet('rp01')!;
    expect(rowValues(rp01, rp01.rowCount)).toEqual([
      '192.0.2.60',
      'any',
      'rp01.contoso.com 203.0.113.20',
      '22',
      'TCP',
      'SSH',
      'management access',
    ]);
  });

  it('uses the title option as the heading', async () => {
    const wb = await readBack(await renderXlsx(fixturePlan, { title: 'Firewall change 42' }));
    expect(wb.getWorksheet('Summary')!.getCell('A1').value).toBe('Firewall change 42');
  });
});

describe('worksheet names', () => {
  it('keeps both zones of an assumed firewall recognisable within 31 characters', () => {
    const assumed = (a: string, b: string) =>
      firewallSheetName({ name: `${a}--${b}`, derived: true, sides: [side(a), side(b)] });
    const side = (name: string) => ({ name, zones: [name], addresses: AddressSet.empty });
    const out = assumed(LONG_ZONE, 'internet');
    expect(out).toBe('perimeter-external-r…--internet');
    expect(Array.from(out)).toHaveLength(31);
    expect(assumed(LONG_ZONE, 'perimeter-internal-redmond-dc')).toBe('perimeter-ext…--perimeter-inte…');
    expect(assumed('a', 'b')).toBe('a--b');
    // A declared firewall's name (at most 24 characters) is its sheet's name.
    expect(firewallSheetName({ name: 'external', derived: false, sides: [side('a'), side('b')] })).toBe(
      'external',
    );
  });

  it('are always legal for Excel and unique ignoring case', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 50 }), { maxLength: 30 }), (wanted) => {
        const names = new SheetNames();
        const out = wanted.map((w) => names.claim(w));
        for (const n of out) {
          expect(n.length).toBeGreaterThan(0);
          expect(n.length).toBeLessThanOrEqual(31);
          expect(n).not.toMatch(/[[\]:*?/\\]/);
          expect(n).not.toMatch(/^'|'$/);
          expect(n.toLowerCase()).not.toBe('history');
        }
        expect(new Set(out.map((n) => n.toLowerCase())).size).toBe(out.length);
      }),
    );
  });

  it('numbers repeated names after cutting them', () => {
    const names = new SheetNames();
    const long = 'servers-in-the-main-datacentre → clients';
    expect(names.claim(long)).toBe('servers-in-the-main-datacentre');
    expect(names.claim(long)).toBe('servers-in-the-main-datacen (2)');
    expect(names.claim('SUMMARY')).toBe('SUMMARY');
    expect(names.claim('summary')).toBe('summary (2)');
    expect(names.claim('a/b:c')).toBe('a-b-c');
  });
});

describe('xlsx golden files', () => {
  for (const [name, plan] of fixturePlans()) {
    it(name, async () => {
      const wb = await readBack(await renderXlsx(plan));
      expectGolden(`test/golden/render/xlsx/${name}.txt`, describeWorkbook(wb));
    });
  }
});
