import { describe, expect, it } from 'vitest';
import { PAGES } from '../../src/catalog/data/sources.js';
import { catalog } from '../../src/catalog/index.js';
import type { Flow } from '../../src/model/flow.js';
import { plan } from '../../src/plan/plan.js';
import { Topology, type TopologyInput } from '../../src/topology/schema.js';

/**
 * The back-end, file store and Exchange items of the catalog review (H2, M3, M5, M9), planned with
 * the real catalog on small topologies: SQL Browser without mirroring, Persistent Chat as a SQL
 * client, the mirroring witness, Director and Persistent Chat file stores, Exchange both ways.
 */

type PoolInput = NonNullable<TopologyInput['sites'][number]['pools']>[number];
type SqlInput = NonNullable<TopologyInput['sites'][number]['sqlServers']>[number];

function topology(
  product: string,
  pools: PoolInput[],
  extra: { sqlServers?: SqlInput[]; exchange?: boolean } = {},
): Topology {
  return Topology.parse({
    version: 2,
    name: 'Review',
    product,
    zones: { servers: ['192.0.2.0/25'], clients: ['198.51.100.0/24'], internet: 'any' },
    clients: { internal: ['clients'], external: 'internet' },
    sites: [
      {
        name: 'Main',
        pools,
        sqlServers: extra.sqlServers ?? [{ fqdn: 'sql01.contoso.com', ip: '192.0.2.30', port: 50062 }],
        fileShares: [
          { fqdn: 'fs01.contoso.com', ip: '192.0.2.35' },
          { fqdn: 'fs02.contoso.com', ip: '192.0.2.36' },
        ],
        exchangeServers: extra.exchange ? [{ fqdn: 'ex01.contoso.com', ip: '192.0.2.40' }] : [],
      },
    ],
  });
}

const frontEnd = (extra: Partial<PoolInput> = {}): PoolInput => ({
  fqdn: 'pool.contoso.com',
  role: 'front-end',
  servers: [
    { fqdn: 'fe01.contoso.com', ip: '192.0.2.11' },
    { fqdn: 'fe02.contoso.com', ip: '192.0.2.12' },
  ],
  centralManagementStore: true,
  backend: 'sql01.contoso.com',
  fileShare: 'fs01.contoso.com',
  ...extra,
});

const director = (extra: Partial<PoolInput> = {}): PoolInput => ({
  fqdn: 'dir.contoso.com',
  role: 'director',
  servers: [{ fqdn: 'dir01.contoso.com', ip: '192.0.2.21' }],
  nextHop: 'pool.contoso.com',
  ...extra,
});

const persistentChat = (extra: Partial<PoolInput> = {}): PoolInput => ({
  fqdn: 'pchat.contoso.com',
  role: 'persistent-chat',
  servers: [{ fqdn: 'pc01.contoso.com', ip: '192.0.2.25' }],
  backend: 'sql01.contoso.com',
  ...extra,
});

/** "src-names → dst-names tcp/1434": who reaches whom on which ports for one catalog entry. */
function flowsOf(t: Topology, id: string): string[] {
  const side = (e: Flow['source']) => (e.kind === 'zone' ? `zone:${e.zone}` : e.names.join(','));
  return plan(t, catalog)
    .flows.filter((f) => f.requirements.includes(id))
    .map((f) => {
      const ports = f.ports.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',');
      return `${side(f.source)} → ${side(f.destination)} ${f.transport}/${ports}${f.optional ? ' optional' : ''}`;
    });
}

describe('H2: the SQL Server Browser and the named instance port', () => {
  it('opens UDP 1434 from the Front End to its back end without mirroring, on 2019 too', () => {
    const t = topology('sfb2019', [frontEnd()]);
    expect(flowsOf(t, 'sql-backend.sql-browser.1434')).toEqual([
      'fe01.contoso.com,fe02.contoso.com → sql01.contoso.com udp/1434',
    ]);
    // The named instance's static port is the back end's port.
    expect(flowsOf(t, 'sql-backend.tds.1433')).toEqual([
      'fe01.contoso.com,fe02.contoso.com → sql01.contoso.com tcp/50062',
    ]);
  });

  it('gives Persistent Chat, the other SQL client, UDP 1434 to its back end', () => {
    const t = topology('sfb2015', [frontEnd(), persistentChat()]);
    expect(flowsOf(t, 'sql-backend.sql-browser.1434')).toEqual([
      'fe01.contoso.com,fe02.contoso.com → sql01.contoso.com udp/1434',
      'pc01.contoso.com → sql01.contoso.com udp/1434',
    ]);
  });

  it('reaches the mirror as well as the principal, from every SQL client', () => {
    const t = topology('sfb2015', [frontEnd({ features: ['sql-mirroring'] }), persistentChat()], {
      sqlServers: [
        { fqdn: 'sql01.contoso.com', ip: '192.0.2.30', mirror: 'sql02.contoso.com' },
        { fqdn: 'sql02.contoso.com', ip: '192.0.2.31' },
      ],
    });
    expect(flowsOf(t, 'sql-backend.sql-browser.1434')).toEqual([
      'fe01.contoso.com,fe02.contoso.com → sql01.contoso.com udp/1434',
      'pc01.contoso.com → sql01.contoso.com udp/1434',
      'fe01.contoso.com,fe02.contoso.com → sql02.contoso.com udp/1434',
      'pc01.contoso.com → sql02.contoso.com udp/1434',
    ]);
  });

  it('keeps Directors away from the back end: they hold no database there', () => {
    const t = topology('sfb2019', [frontEnd(), director()]);
    const sql = plan(t, catalog).flows.filter((f) => f.destination.role === 'sql-backend');
    expect(sql.some((f) => f.source.role === 'director')).toBe(false);
  });

  it('carries the SQL firewall page on both SQL entries and the corrected findings', () => {
    const browser = catalog.entries.find((e) => e.id === 'sql-backend.sql-browser.1434')!;
    expect(browser.conditions).toEqual({});
    const urls = (id: string) =>
      catalog.findings.find((f) => f.id === id)!.provenance.map((p) => ('url' in p ? p.url : ''));
    expect(urls('sql-port-not-stated')).toContain(PAGES.sqlFirewall.url);
    expect(urls('alwayson-ports')).toContain(PAGES.alwaysOn.url);
  });
});

describe('M5: the mirroring witness', () => {
  it('reaches both partners on their mirroring port; the partners reach it on its witness port', () => {
    const t = topology('sfb2015', [frontEnd({ features: ['sql-mirroring'] })], {
      sqlServers: [
        {
          fqdn: 'sql01.contoso.com',
          ip: '192.0.2.30',
          mirror: 'sql02.contoso.com',
          witness: 'sqlw.contoso.com',
        },
        { fqdn: 'sql02.contoso.com', ip: '192.0.2.31', mirroringPort: 5023 },
        { fqdn: 'sqlw.contoso.com', ip: '192.0.2.32' },
      ],
    });
    expect(flowsOf(t, 'sql-backend.mirroring.5022')).toEqual([
      'sql02.contoso.com → sql01.contoso.com tcp/5022',
      'sqlw.contoso.com → sql01.contoso.com tcp/5022',
      'sql01.contoso.com → sql02.contoso.com tcp/5023',
      'sqlw.contoso.com → sql02.contoso.com tcp/5023',
    ]);
    expect(flowsOf(t, 'sql-witness.mirroring.7022')).toEqual([
      'sql01.contoso.com,sql02.contoso.com → sqlw.contoso.com tcp/7022',
    ]);
  });
});

describe('M3: Director and Persistent Chat file stores', () => {
  it('opens SMB 445 from a Director to the file share it names', () => {
    const t = topology('sfb2019', [frontEnd(), director({ fileShare: 'fs02.contoso.com' })]);
    expect(flowsOf(t, 'file-share.smb.445')).toEqual([
      'fe01.contoso.com,fe02.contoso.com → fs01.contoso.com tcp/445',
      'dir01.contoso.com → fs02.contoso.com tcp/445',
    ]);
  });

  it('opens SMB 445 from a Persistent Chat pool to the file store it names, next to the Front End', () => {
    const t = topology('sfb2015', [frontEnd(), persistentChat({ fileShare: 'fs01.contoso.com' })]);
    expect(flowsOf(t, 'file-share.smb.445')).toEqual([
      'fe01.contoso.com,fe02.contoso.com → fs01.contoso.com tcp/445',
      'pc01.contoso.com → fs01.contoso.com tcp/445',
    ]);
  });

  it('gives a Director or Persistent Chat pool that names no share no SMB flow', () => {
    // fs02 is claimed by no pool: the Front End pool without fileShare still reaches it.
    const t = topology('sfb2015', [frontEnd({ fileShare: undefined }), director(), persistentChat()]);
    expect(flowsOf(t, 'file-share.smb.445')).toEqual([
      'fe01.contoso.com,fe02.contoso.com → fs01.contoso.com tcp/445',
      'fe01.contoso.com,fe02.contoso.com → fs02.contoso.com tcp/445',
    ]);
  });
});

describe('M9: Exchange integration', () => {
  it('opens HTTPS 443 from the Front End to Exchange and back, to the servers and the web VIP', () => {
    const t = topology('sfb2019', [frontEnd({ vip: '192.0.2.10' })], { exchange: true });
    expect(flowsOf(t, 'exchange.https.443')).toEqual([
      'fe01.contoso.com,fe02.contoso.com → ex01.contoso.com tcp/443',
    ]);
    expect(flowsOf(t, 'front-end.https-exchange.443')).toEqual([
      'ex01.contoso.com → fe01.contoso.com,fe02.contoso.com tcp/443',
    ]);
    expect(flowsOf(t, 'front-end-lb.https-exchange.443')).toEqual([
      'ex01.contoso.com → pool.contoso.com tcp/443',
    ]);
  });

  it('plans no Exchange → Front End SIP 5061 without owaIm (issue 11), and nothing without Exchange', () => {
    const t = topology('sfb2015', [frontEnd()], { exchange: true });
    expect(flowsOf(t, 'front-end.sip-mtls-exchange.5061')).toEqual([]);
    const without = plan(topology('sfb2015', [frontEnd()]), catalog);
    expect(without.flows.filter((f) => f.requirements.some((r) => r.includes('exchange')))).toEqual([]);
  });

  it('opens nothing from the Front End to Exchange but HTTPS without owaIm', () => {
    const t = topology('sfb2015', [frontEnd()], { exchange: true });
    const toExchange = plan(t, catalog).flows.filter((f) => f.destination.role === 'exchange');
    expect(toExchange.map((f) => `${f.transport}/${JSON.stringify(f.ports)}`)).toEqual(['tcp/[[443,443]]']);
  });
});
