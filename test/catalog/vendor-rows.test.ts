import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cellText,
  diffEdgeRows,
  diffSeedRows,
  EDGE_NOTES_VARIABLE,
  ExtractError,
  parseEdgeRows,
  parseSeedPage,
  SEED_PAGE_VARIABLE,
} from '../../scripts/vendor-rows.js';
import { EDGE_PORT_ROWS, SEED_ROWS } from '../../src/catalog/data/vendor-rows.js';
import { skipUnless } from '../support/requirements.js';

/**
 * The rows the repository carries (src/catalog/data/vendor-rows.ts) against a fresh reading of the
 * vendor material, which lives outside the repository: on a clone without it these comparisons skip
 * and say so. The reader itself is tested on small pages written here, so it is checked everywhere.
 */

// Where a maintainer has the material, its paths are given in these variables; elsewhere both skip.
const SEED_PAGE = { variable: SEED_PAGE_VARIABLE, what: "the vendor's seed page as Markdown" };
const EDGE_NOTES = { variable: EDGE_NOTES_VARIABLE, what: 'the notes of the Edge port tables' };
const material = (m: { variable: string }) => readFileSync(resolve(process.env[m.variable] ?? ''), 'utf8');

describe.skipIf(skipUnless({ outsideRepository: [SEED_PAGE] }, 'seed rows against the vendor page'))(
  'the committed seed rows',
  () => {
    it('match a fresh reading of the page', () => {
      expect(diffSeedRows(SEED_ROWS, parseSeedPage(material(SEED_PAGE)))).toEqual([]);
    });
  },
);

describe.skipIf(skipUnless({ outsideRepository: [EDGE_NOTES] }, 'Edge port rows against their notes'))(
  'the committed Edge port rows',
  () => {
    it('match a fresh reading of the notes', () => {
      expect(diffEdgeRows(EDGE_PORT_ROWS, parseEdgeRows(material(EDGE_NOTES)))).toEqual([]);
    });
  },
);

/** The seed page's shape in miniature: five titled tables, one of them with <br/> and escapes. */
const TINY_SEED = `
Intro text.

**Summary:** not a table.

**Required Server Ports (by Server Role)**

|Server role|Service name|Port|Protocol|Notes|
|:-----|:-----|:-----|:-----|:-----|
|All Servers  |SQL Browser  |1434  |UDP  |Prose that is not kept.  |
| Front End Servers |Front-End service  |444  | HTTPS <br/> TCP  |More prose.  |

**Hardware Load Balancer Ports if Using Only Hardware Load Balancing**

|Load Balancer|Port|Protocol|
|:-----|:-----|:-----|
|Front End Server load balancer  |5061  |TCP (TLS)  |

**Hardware Load Balancer Ports if Using DNS Load Balancing**

|Load Balancer|Port|Protocol|
|:-----|:-----|:-----|
|Front End Server load balancer  |80  |HTTP  |

**Required Client Ports**

|Component|Port|Protocol|Notes|
|:-----|:-----|:-----|:-----|
|Clients  |1024-65535 \\*  |TCP  |Prose.  |

**Recommended IPsec Exceptions**

|Rule name|Source IP|Destination IP|Protocol|Source port|Destination port|Authentication Requirement|
|:--- |:--- |:--- |:--- |:--- |:--- |:--- |
|Mediation Server Inbound  |Any  |Mediation  <br/> Server(s)  |UDP &amp; TCP  |Any  |Any  |Do not authenticate  |
`;

describe('reading the vendor tables', () => {
  it('undoes Markdown in cells', () => {
    expect(cellText(' HTTPS <br/> TCP ')).toBe('HTTPS TCP');
    expect(cellText('1024-65535 \\*')).toBe('1024-65535 *');
    expect(cellText('UDP &amp; TCP')).toBe('UDP & TCP');
  });

  it('numbers seed rows inside each table and keeps the fact cells only', () => {
    const rows = parseSeedPage(TINY_SEED);
    expect(rows.map((r) => `${r.table}#${r.row}`)).toEqual([
      'server#1',
      'server#2',
      'hlbHardware#1',
      'hlbDns#1',
      'client#1',
      'ipsec#1',
    ]);
    expect(rows[1]).toEqual({
      table: 'server',
      row: 2,
      role: 'Front End Servers',
      service: 'Front-End service',
      port: '444',
      protocol: 'HTTPS TCP',
    });
    expect(rows[4]).toEqual({
      table: 'client',
      row: 1,
      role: 'Clients',
      port: '1024-65535 *',
      protocol: 'TCP',
    });
    expect(rows[5]).toMatchObject({
      destination: 'Mediation Server(s)',
      protocol: 'UDP & TCP',
      sourcePort: 'Any',
    });
  });

  it('refuses a page with an unknown or a missing table', () => {
    expect(() => parseSeedPage(TINY_SEED.replace('Required Client Ports', 'Client Ports'))).toThrow(
      /"Client Ports" that SEED_TABLES does not name/,
    );
    const withoutIpsec = TINY_SEED.slice(0, TINY_SEED.indexOf('**Recommended IPsec'));
    expect(() => parseSeedPage(withoutIpsec)).toThrow(ExtractError);
  });

  it('reads Edge port rows with their pages, narrowed by scenario columns', () => {
    const notes = [
      '| id | Src | Dst | L4 | Port |',
      '|---|---|---|---|---|',
      '| SE-X01 | Any | AE | TCP | 443 |',
      '| SE-LB01 | advice, not a port row |',
      '',
      '| id | Port | S-NAT | S-PUB | D-NAT | D-PUB |',
      '|---|---|---|---|---|---|',
      '| L13-X02 | 5269 | — | — | Y | — |',
      '| L13-P01 | 5061 | | | | |',
    ].join('\n');
    expect(() => parseEdgeRows(notes)).toThrow(/L13-P01: no scenario page is marked Y/);
    expect(parseEdgeRows(notes.split('\n').slice(0, -1).join('\n'))).toEqual([
      { id: 'SE-X01', pages: ['edgeEnv'] },
      { id: 'L13-X02', pages: ['lyncEdgeDnsNat'] },
    ]);
  });

  it('names each row that differs, and each changed cell', () => {
    const rows = parseSeedPage(TINY_SEED);
    const changed = parseSeedPage(
      TINY_SEED.replace('|5061  |', '|5062  |').replace(/\|Front End Server load balancer {2}\|80.*\n/, ''),
    );
    expect(diffSeedRows(rows, changed)).toEqual([
      'Hardware Load Balancer Ports if Using Only Hardware Load Balancing row 1: port is "5062" on the page, "5061" in the data',
      'Hardware Load Balancer Ports if Using DNS Load Balancing row 1: in the committed data, not on the page',
    ]);
    expect(diffEdgeRows([{ id: 'SE-X01', pages: ['edgeEnv'] }], [])).toEqual([
      'Edge row SE-X01: in the committed data, not on the page',
    ]);
  });
});
