import { describe, expect, it } from 'vitest';
import { SEED_ROW_COUNTS, SEED_TABLES, type SeedTable } from '../../src/catalog/data/sources.js';
import { SEED_ROWS } from '../../src/catalog/data/vendor-rows.js';
import { catalog } from '../../src/catalog/index.js';
import type { Provenance } from '../../src/catalog/types.js';
import { PortSet } from '../../src/model/ports.js';
import type { Transport } from '../../src/model/protocols.js';

/**
 * Checks the catalog against the seed page's rows as the repository carries them (SEED_ROWS, read
 * from the page by `npm run seed:extract`; vendor-rows.test.ts compares them with the page when it is
 * at hand): every row is carried, meaning that on each of the row's transports the entries citing it
 * hold all of its ports, and every citation names a row that exists.
 */

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

/** The port items of a cell: "1434", "57501-65535", "67/68" (two items), "1024-65535 *". */
function portItems(cell: string): PortSet[] {
  return cell
    .replace(/\*/g, '')
    .split('/')
    .map((item) => PortSet.parse(item.trim()));
}

const cites = (p: Provenance, table: SeedTable, row: number) =>
  'table' in p && p.table === SEED_TABLES[table] && p.row === row;

const portRows = SEED_ROWS.filter((r) => r.table !== 'ipsec');
const ipsecRows = SEED_ROWS.filter((r) => r.table === 'ipsec');

describe('the seed page as carried in the repository', () => {
  it('has five tables with 53/20/6/12/15 rows, numbered from 1 in page order', () => {
    const counts = new Map<SeedTable, number[]>();
    for (const r of SEED_ROWS) counts.set(r.table, [...(counts.get(r.table) ?? []), r.row]);
    expect([...counts.keys()]).toEqual(Object.keys(SEED_TABLES));
    for (const [table, rows] of counts) {
      expect(rows.length, table).toBe(SEED_ROW_COUNTS[table]);
      expect(rows, table).toEqual(rows.map((_, i) => i + 1));
    }
    expect(SEED_ROWS).toHaveLength(106);
  });

  for (const table of Object.keys(SEED_TABLES).filter((t) => t !== 'ipsec') as SeedTable[]) {
    describe(SEED_TABLES[table], () => {
      for (const r of portRows.filter((x) => x.table === table)) {
        const items = portItems(r.port);
        const transports = transportsOf(r.protocol, r.port);
        it(`row ${r.row} (${r.port} ${r.protocol}) is carried`, () => {
          const citing = catalog.entries.filter((e) => e.provenance.some((p) => cites(p, table, r.row)));
          expect(citing.length, 'no entry cites this row').toBeGreaterThan(0);
          // Each port item of the cell ("67/68" is two, each with its own listener) is held by the
          // citing entries together, and whole by every listening role that holds part of it, so
          // narrowing one of several entries sharing a row ("All internal servers") fails.
          for (const transport of transports) {
            const onTransport = citing.filter((e) => e.transport === transport);
            const roles = new Set(onTransport.map((e) => e.role));
            const heldBy = (role?: string) =>
              onTransport
                .filter((e) => role === undefined || e.role === role)
                .reduce((set, e) => set.union(PortSet.fromRanges(e.ports)), PortSet.empty);
            for (const item of items) {
              const all = heldBy();
              expect(all.contains(item), `${transport} ${item} not held (have ${all})`).toBe(true);
              for (const role of roles) {
                const held = heldBy(role);
                if (!held.intersect(item).isEmpty)
                  expect(held.contains(item), `${role} holds part of ${transport} ${item}: ${held}`).toBe(
                    true,
                  );
              }
            }
          }
        });
      }
    });
  }

  describe(SEED_TABLES.ipsec, () => {
    for (const r of ipsecRows) {
      it(`row ${r.row} (${r.rule}) is carried`, () => {
        const citing = catalog.ipsecExceptions.filter((x) =>
          x.provenance.some((p) => cites(p, 'ipsec', r.row)),
        );
        expect(citing.length, 'no exception cites this row').toBeGreaterThan(0);
        const transports = new Set(citing.flatMap((x) => x.transports));
        for (const t of transportsOf(r.protocol, '')) expect(transports).toContain(t);
        if (r.sourcePort === 'Any') expect(citing.some((x) => x.localPorts === undefined)).toBe(true);
        else expect(citing.every((x) => x.localPorts !== undefined)).toBe(true);
      });
    }
  });

  it('is cited only by table titles and rows that exist on the page', () => {
    const rows = new Set(SEED_ROWS.map((r) => `${SEED_TABLES[r.table]}#${r.row}`));
    const bad: string[] = [];
    const all = [
      ...catalog.entries.map((e) => [e.id, e.provenance] as const),
      ...catalog.ipsecExceptions.map((x) => [x.id, x.provenance] as const),
      ...catalog.findings.map((f) => [`finding ${f.id}`, f.provenance] as const),
    ];
    for (const [owner, provenance] of all)
      for (const p of provenance)
        if ('table' in p && !rows.has(`${p.table}#${p.row}`)) bad.push(`${owner}: ${p.table}, row ${p.row}`);
    expect(bad).toEqual([]);
  });
});
