import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { filterPlan } from '../../src/plan/filter.js';
import { plan } from '../../src/plan/plan.js';
import { CSV_COLUMNS, renderCsv } from '../../src/render/csv.js';
import { renderMarkdown } from '../../src/render/md.js';
import { natMappings } from '../../src/render/nat.js';
import { renderTable } from '../../src/render/table.js';
import { loadTopology } from '../../src/topology/load.js';
import { parseCsv } from '../support/csv.js';

// Issue 12: every text report names the firewalls and the flows each enforces, says when they are
// assumed, keeps the boundary-without-firewall warning in its notes, and shows the NAT of Edge
// servers. Expectations come from the example files, written by hand.

const planOf = (file: string) => plan(loadTopology(readFileSync(file, 'utf8'), file).topology, catalog);
const enterprise = planOf('examples/enterprise.yaml');
const multiSite = planOf('examples/multi-site.yaml');
const standard = planOf('examples/standard-edition.yaml');

describe('natMappings', () => {
  it('maps each service of a NATed Edge server to its public address (multi-site.yaml)', () => {
    expect(natMappings(multiSite)).toEqual([
      {
        site: 'Seattle',
        pool: 'sea-edge01.fabrikam.example',
        server: 'sea-edge01.fabrikam.example',
        service: 'access',
        privateAddress: '192.0.2.81',
        publicAddress: '203.0.113.81',
      },
      {
        site: 'Seattle',
        pool: 'sea-edge01.fabrikam.example',
        server: 'sea-edge01.fabrikam.example',
        service: 'webConferencing',
        privateAddress: '192.0.2.82',
        publicAddress: '203.0.113.82',
      },
      {
        site: 'Seattle',
        pool: 'sea-edge01.fabrikam.example',
        server: 'sea-edge01.fabrikam.example',
        service: 'av',
        privateAddress: '192.0.2.83',
        publicAddress: '203.0.113.83',
      },
    ]);
  });

  it('has nothing for Edge servers with public addresses, or for a report that never reaches them', () => {
    expect(natMappings(enterprise)).toEqual([]);
    // The firewall between the servers and the inner perimeter never sees the public side.
    const inner = filterPlan(multiSite, { firewall: 'sea-servers--sea-perimeter-internal' });
    expect(inner.flows.length).toBeGreaterThan(0);
    expect(natMappings(inner)).toEqual([]);
  });
});

describe('the table report', () => {
  const text = renderTable(enterprise);

  it('lists the declared firewalls, their management access and their flows per direction', () => {
    expect(text).toMatch(/^== Firewalls: 4 =+$/m);
    expect(text).toContain(
      '- external: network firewall (nftables); outside: internet; perimeter: perimeter-external;',
    );
    expect(text).toContain('  - management: SSH to the servers behind it: TCP 22 from 192.0.2.60');
    expect(text).toMatch(/^ {2}- outside → perimeter, \d+ flows: f-/m);
    expect(text).toMatch(/^ {2}- perimeter → outside, \d+ flows: f-/m);
    expect(text).toMatch(/^- rp01: host firewall \(nftables\); on rp01\.contoso\.com;/m);
    expect(text).toMatch(/^ {2}- to rp01\.contoso\.com, \d+ flows?: f-/m);
  });

  it('puts the boundary-without-firewall warning in its notes, after everything else', () => {
    const notes = text.slice(text.indexOf('== Notes: 1 '));
    expect(notes).toMatch(/^== Notes: 1 =+\n- warning boundary-without-firewall: [\s\S]*clients -> servers/);
    expect(text.indexOf('== Notes')).toBeGreaterThan(text.indexOf('== Not planned'));
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('says in one line that the firewalls are assumed, and names them after their zones', () => {
    const t = renderTable(standard);
    expect(t).toContain('The topology names no firewalls: one is assumed between each pair of zones');
    expect(t).toMatch(/^- servers--clients: assumed network firewall; between servers and clients;/m);
    expect(t).not.toContain('== Notes');
  });

  it('shows the NAT of Edge servers, private ↔ public', () => {
    const t = renderTable(multiSite);
    expect(t).toMatch(/^== NAT of Edge servers \(private ↔ public\): 3 =+$/m);
    expect(t).toContain('- Access Edge sea-edge01.fabrikam.example 192.0.2.81 ↔ 203.0.113.81');
    expect(text).not.toContain('== NAT');
  });
});

describe('the Markdown report', () => {
  it('has a section per firewall, the notes and the NAT table', () => {
    const md = renderMarkdown(enterprise);
    expect(md).toContain('## Firewalls\n\n### external\n\nnetwork firewall (nftables); outside: internet;');
    expect(md).toMatch(/^- Management: SSH: TCP 22 from 192\.0\.2\.60$/m);
    expect(md).toMatch(/^- outside → perimeter \(\d+ flows\): `f-[0-9a-f]{12}`/m);
    expect(md).toMatch(/^## Notes\n\n- warning `boundary-without-firewall`: /m);
    const nat = renderMarkdown(multiSite);
    expect(nat).toContain('| Seattle | sea-edge01.fabrikam.example | A/V Edge | 192.0.2.83 | 203.0.113.83 |');
  });
});

describe('the CSV report', () => {
  it('names the firewalls of each flow and the public addresses of NATed Edge servers', () => {
    const rows = parseCsv(renderCsv(enterprise));
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const toRp = rows.filter(
      (r) => r[col('destination names')] === 'rp01.contoso.com' && r[col('source zone')] === 'internet',
    );
    expect(toRp.length).toBeGreaterThan(0);
    // External users reach the reverse proxy through the external firewall and its own.
    for (const r of toRp) expect(r[col('firewalls')]).toBe('external rp01');
    // No network firewall between clients and servers; only the Front End servers' own one.
    const lan = rows.filter(
      (r) => r[col('boundary from')] === 'clients' && r[col('boundary to')] === 'servers',
    );
    expect(lan.length).toBeGreaterThan(1);
    for (const r of lan)
      expect(r[col('firewalls')]).toBe(
        /fe0\d\.contoso\.com/.test(r[col('destination names')]!) ? 'front-ends' : '',
      );

    const nat = parseCsv(renderCsv(multiSite));
    const federation = nat.find(
      (r) =>
        r[col('source role')] === 'federated-partner' &&
        r[col('destination role')] === 'edge-external-access',
    );
    expect(federation?.[col('destination addresses')]).toBe('192.0.2.81');
    expect(federation?.[col('destination public addresses')]).toBe('203.0.113.81');
  });
});
