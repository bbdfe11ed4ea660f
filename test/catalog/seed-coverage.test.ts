import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import type { Provenance } from '../../src/catalog/types.js';
import { PortSet } from '../../src/model/ports.js';
import type { Transport } from '../../src/model/protocols.js';
import { skipUnless } from '../support/requirements.js';

/**
 * Reads the vendor's page itself and parses its five tables, independently of the catalog's own
 * idea of them, then checks that every row is carried: the entries citing a row must hold all of
 * the row's ports on each of the row's transports.
 */

const SEED = resolve(process.cwd(), '../shared/seed/ports-and-protocols-for-servers.md');

interface SeedTable {
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
}

function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split('|').map((c) =>
    c
      .replace(/<br\/>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

/** Every `**Title**` followed by a markdown table. */
function parseTables(markdown: string): SeedTable[] {
  const lines = markdown.split(/\r?\n/);
  const tables: SeedTable[] = [];
  for (let i = 0; i < lines.length; i++) {
    const title = /^\*\*(.+)\*\*\s*$/.exec(lines[i]!.trim());
    if (!title) continue;
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() === '') j++;
    if (!lines[j]?.trim().startsWith('|')) continue;
    const header = cells(lines[j]!);
    const rows: string[][] = [];
    for (j += 1; j < lines.length && lines[j]!.trim().startsWith('|'); j++) {
      const row = cells(lines[j]!);
      if (row.every((c) => /^:?-+:?$/.test(c))) continue;
      rows.push(row);
    }
    tables.push({ title: title[1]!, header, rows });
  }
  return tables;
}

/** The transports a protocol cell means: "TCP/UDP" is both, DHCP is UDP, web and Windows protocols TCP. */
function transportsOf(protocol: string, port: string): Transport[] {
  const p = protocol.toLowerCase();
  const out = new Set<Transport>();
  if (/udp|dhcp/.test(p)) out.add('udp');
  if (/tcp|http|smb|dcom|rpc/.test(p)) out.add('tcp');
  // The Office Web Apps row has no protocol cell; its port 443 is HTTPS.
  if (out.size === 0 && port === '443') out.add('tcp');
  if (out.size === 0) throw new Error(`cannot tell the transport of "${protocol}"`);
  return [...out];
}

/** "1434", "57501-65535", "67/68", "1024-65535 \*". */
function portsOf(cell: string): PortSet {
  const text = cell.replace(/\\\*|\*/g, '').trim();
  return PortSet.parse(text.split('/').join(','));
}

const cites = (p: Provenance, title: string, row: number) =>
  'table' in p && p.table === title && p.row === row;

describe.skipIf(skipUnless({ files: [SEED] }, 'seed coverage'))('the seed page', () => {
  const tables = parseTables(readFileSync(SEED, 'utf8'));
  const byTitle = new Map(tables.map((t) => [t.title, t]));

  it('has five tables with 53/20/6/12/15 rows', () => {
    expect(tables.map((t) => [t.title, t.rows.length])).toEqual([
      ['Required Server Ports (by Server Role)', 53],
      ['Hardware Load Balancer Ports if Using Only Hardware Load Balancing', 20],
      ['Hardware Load Balancer Ports if Using DNS Load Balancing', 6],
      ['Required Client Ports', 12],
      ['Recommended IPsec Exceptions', 15],
    ]);
    expect(tables.reduce((n, t) => n + t.rows.length, 0)).toBe(106);
  });

  const portTables = tables.filter((t) => t.header.includes('Port'));
  for (const table of portTables) {
    const portCol = table.header.indexOf('Port');
    const protoCol = table.header.indexOf('Protocol');
    describe(table.title, () => {
      table.rows.forEach((row, index) => {
        const rowNumber = index + 1;
        const ports = portsOf(row[portCol]!);
        const transports = transportsOf(row[protoCol]!, row[portCol]!.trim());
        it(`row ${rowNumber} (${row[portCol]} ${row[protoCol]}) is carried`, () => {
          const citing = catalog.entries.filter((e) =>
            e.provenance.some((p) => cites(p, table.title, rowNumber)),
          );
          expect(citing.length, 'no entry cites this row').toBeGreaterThan(0);
          for (const transport of transports) {
            const held = citing
              .filter((e) => e.transport === transport)
              .reduce((set, e) => set.union(PortSet.fromRanges(e.ports)), PortSet.empty);
            expect(held.contains(ports), `${transport} ${ports} not held (have ${held})`).toBe(true);
          }
        });
      });
    });
  }

  describe('Recommended IPsec Exceptions', () => {
    const table = byTitle.get('Recommended IPsec Exceptions')!;
    const protoCol = table.header.indexOf('Protocol');
    const srcPortCol = table.header.indexOf('Source port');
    table.rows.forEach((row, index) => {
      const rowNumber = index + 1;
      it(`row ${rowNumber} (${row[0]}) is carried`, () => {
        const citing = catalog.ipsecExceptions.filter((x) =>
          x.provenance.some((p) => cites(p, table.title, rowNumber)),
        );
        expect(citing.length, 'no exception cites this row').toBeGreaterThan(0);
        const transports = new Set(citing.flatMap((x) => x.transports));
        for (const t of transportsOf(row[protoCol]!.replace('&amp;', '&'), ''))
          expect(transports).toContain(t);
        if (row[srcPortCol] === 'Any') expect(citing.some((x) => x.localPorts === undefined)).toBe(true);
        else expect(citing.every((x) => x.localPorts !== undefined)).toBe(true);
      });
    });
  });

  it('is cited only by table titles and rows that exist on the page', () => {
    const bad: string[] = [];
    const all = [
      ...catalog.entries.map((e) => [e.id, e.provenance] as const),
      ...catalog.ipsecExceptions.map((x) => [x.id, x.provenance] as const),
      ...catalog.findings.map((f) => [`finding ${f.id}`, f.provenance] as const),
    ];
    for (const [owner, provenance] of all) {
      for (const p of provenance) {
        if (!('table' in p)) continue;
        const table = byTitle.get(p.table);
        if (!table) bad.push(`${owner}: no table titled "${p.table}"`);
        else if (p.row > table.rows.length) bad.push(`${owner}: ${p.table} has no row ${p.row}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
