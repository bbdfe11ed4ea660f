import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import type { Flow } from '../../src/model/flow.js';
import { plan } from '../../src/plan/plan.js';
import { validateTopology } from '../../src/topology/load.js';
import { Topology, type TopologyInput } from '../../src/topology/schema.js';
import { VERSION_2_SETTINGS } from '../../src/topology/versions.js';
import { runCli } from '../support/cli.js';

/**
 * Topology version 2 back ends (issue 11): a named SQL instance must state its static port, an
 * AlwaysOn Availability Group is a pool's back end (listener, replicas, endpoint), and a failover
 * cluster instance is reached on its virtual address only. Planned with the real catalog.
 */

type SiteInput = TopologyInput['sites'][number];
type PoolInput = NonNullable<SiteInput['pools']>[number];

function topology(product: string, site: Omit<SiteInput, 'name'>): Topology {
  return Topology.parse({
    version: 2,
    name: 'Back ends',
    product,
    zones: { servers: ['192.0.2.0/26'], databases: ['192.0.2.64/26'], clients: ['198.51.100.0/24'] },
    clients: { internal: ['clients'] },
    sites: [{ name: 'Main', ...site }],
  });
}

const frontEnd = (backend: string, extra: Partial<PoolInput> = {}): PoolInput => ({
  fqdn: 'pool.contoso.com',
  role: 'front-end',
  servers: [
    { fqdn: 'fe01.contoso.com', ip: '192.0.2.11' },
    { fqdn: 'fe02.contoso.com', ip: '192.0.2.12' },
  ],
  centralManagementStore: true,
  backend,
  ...extra,
});

const director: PoolInput = {
  fqdn: 'dir.contoso.com',
  role: 'director',
  servers: [{ fqdn: 'dir01.contoso.com', ip: '192.0.2.21' }],
  nextHop: 'pool.contoso.com',
};

const replicas = [
  { fqdn: 'sqlrep01.contoso.com', ip: '192.0.2.65', instance: 'RTC', port: 50062 },
  { fqdn: 'sqlrep02.contoso.com', ip: '192.0.2.66', instance: 'RTC', port: 50062 },
];

const agSite = (endpointPort?: number): Omit<SiteInput, 'name'> => ({
  pools: [frontEnd('sqlag.contoso.com'), director],
  sqlServers: replicas,
  availabilityGroups: [
    {
      fqdn: 'sqlag.contoso.com',
      ip: '192.0.2.70',
      replicas: replicas.map((r) => r.fqdn),
      ...(endpointPort === undefined ? {} : { endpointPort }),
    },
  ],
});

function describeFlow(f: Flow): string {
  const side = (e: Flow['source']) => (e.kind === 'zone' ? `zone:${e.zone}` : e.names.join(','));
  const ports = f.ports.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',');
  return `${side(f.source)} → ${side(f.destination)} ${f.transport}/${ports}`;
}

/** Flows for one catalog entry, as "sources → destination transport/ports", sorted. */
function flowsOf(t: Topology, id: string): string[] {
  return plan(t, catalog)
    .flows.filter((f) => f.requirements.includes(id))
    .map(describeFlow)
    .sort();
}

/** Every flow that touches one of these hosts, on either side. */
function flowsTouching(t: Topology, names: readonly string[]): string[] {
  return plan(t, catalog)
    .flows.filter((f) => [...f.source.names, ...f.destination.names].some((n) => names.includes(n)))
    .map(describeFlow);
}

const FE = 'fe01.contoso.com,fe02.contoso.com';

describe('a named SQL instance', () => {
  const yaml = (sql: string) => `version: 2
name: Named
product: sfb2019
zones: { servers: [192.0.2.0/24] }
sites:
  - name: Main
    pools:
      - fqdn: pool.contoso.com
        role: front-end
        centralManagementStore: true
        backend: sql01.contoso.com
        servers: [{ fqdn: fe01.contoso.com, ip: 192.0.2.11 }]
    sqlServers:
      - ${sql}
`;

  it('without port is an error at the instance, with line, column and a hint naming Configuration Manager', () => {
    const r = validateTopology(yaml('{ fqdn: sql01.contoso.com, ip: 192.0.2.50, instance: RTC }'), 't.yaml');
    expect(r.topology).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0]!;
    expect(d).toMatchObject({
      severity: 'error',
      code: 'named-instance-without-port',
      loc: { file: 't.yaml', line: 14, column: 62 },
    });
    expect(d.message).toContain('sites[0].sqlServers[0].instance');
    expect(d.hint).toContain('SQL Server Configuration Manager');
    expect(d.hint).toContain('Topology Builder cannot set it');
    expect(d.hint).toContain('lync-server-2013-understanding-firewall-requirements-for-sql-server');
  });

  it('without port makes sfbports validate exit 2', async () => {
    const r = await runCli(['validate', 'test/golden/errors/named-instance.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/named-instance\.yaml:14:62: error named-instance-without-port/);
  });

  it('with its static port is planned on that port; the default instance by name keeps 1433', () => {
    const named = validateTopology(
      yaml('{ fqdn: sql01.contoso.com, ip: 192.0.2.50, instance: RTC, port: 50062 }'),
      't.yaml',
    );
    expect(named.diagnostics).toEqual([]);
    expect(flowsOf(named.topology!, 'sql-backend.tds.1433')).toEqual([
      'fe01.contoso.com → sql01.contoso.com tcp/50062',
    ]);
    expect(flowsOf(named.topology!, 'sql-backend.sql-browser.1434')).toEqual([
      'fe01.contoso.com → sql01.contoso.com udp/1434',
    ]);
    const byDefault = validateTopology(
      yaml('{ fqdn: sql01.contoso.com, ip: 192.0.2.50, instance: MSSQLSERVER }'),
      't.yaml',
    );
    expect(byDefault.diagnostics).toEqual([]);
    expect(byDefault.topology!.sites[0]!.sqlServers[0]!.port).toBe(1433);
  });
});

describe('an AlwaysOn Availability Group back end', () => {
  it('gives the Front End pool the listener on TCP 1433 and UDP 1434, and nothing else to the listener', () => {
    const t = topology('sfb2019', agSite());
    expect(flowsOf(t, 'sql-ag-listener.tds.1433')).toEqual([`${FE} → sqlag.contoso.com tcp/1433`]);
    expect(flowsOf(t, 'sql-ag-listener.sql-browser.1434')).toEqual([`${FE} → sqlag.contoso.com udp/1434`]);
    expect(flowsTouching(t, ['sqlag.contoso.com']).sort()).toEqual([
      `${FE} → sqlag.contoso.com tcp/1433`,
      `${FE} → sqlag.contoso.com udp/1434`,
    ]);
  });

  it('gives the pool every replica on its own port and UDP 1434', () => {
    const t = topology('sfb2019', agSite());
    expect(flowsOf(t, 'sql-ag-replica.tds.1433')).toEqual([
      `${FE} → sqlrep01.contoso.com tcp/50062`,
      `${FE} → sqlrep02.contoso.com tcp/50062`,
    ]);
    expect(flowsOf(t, 'sql-ag-replica.sql-browser.1434')).toEqual([
      `${FE} → sqlrep01.contoso.com udp/1434`,
      `${FE} → sqlrep02.contoso.com udp/1434`,
    ]);
    // Replicas are not also planned as plain back ends.
    expect(flowsOf(t, 'sql-backend.tds.1433')).toEqual([]);
  });

  it('lets the replicas reach each other on the endpoint port, 5022 by default or as set', () => {
    expect(flowsOf(topology('sfb2019', agSite()), 'sql-ag-replica.ag-endpoint.5022')).toEqual([
      'sqlrep01.contoso.com → sqlrep02.contoso.com tcp/5022',
      'sqlrep02.contoso.com → sqlrep01.contoso.com tcp/5022',
    ]);
    expect(flowsOf(topology('sfb2019', agSite(5023)), 'sql-ag-replica.ag-endpoint.5022')).toEqual([
      'sqlrep01.contoso.com → sqlrep02.contoso.com tcp/5023',
      'sqlrep02.contoso.com → sqlrep01.contoso.com tcp/5023',
    ]);
  });

  it('gives the Director nothing toward the group', () => {
    const t = topology('sfb2019', agSite());
    const fromDirector = flowsTouching(t, [
      'sqlag.contoso.com',
      'sqlrep01.contoso.com',
      'sqlrep02.contoso.com',
    ]).filter((f) => f.startsWith('dir01'));
    expect(fromDirector).toEqual([]);
  });

  it('keeps a second pool on a plain back end away from the group', () => {
    const site = agSite();
    const t = topology('sfb2019', {
      ...site,
      pools: [
        ...(site.pools ?? []),
        frontEnd('sql09.contoso.com', {
          fqdn: 'pool2.contoso.com',
          centralManagementStore: false,
          servers: [{ fqdn: 'fe21.contoso.com', ip: '192.0.2.31' }],
        }),
      ],
      sqlServers: [...replicas, { fqdn: 'sql09.contoso.com', ip: '192.0.2.80' }],
    });
    expect(flowsTouching(t, ['fe21.contoso.com']).filter((f) => /sqlrep|sqlag/.test(f))).toEqual([]);
    expect(flowsOf(t, 'sql-backend.tds.1433')).toEqual(['fe21.contoso.com → sql09.contoso.com tcp/1433']);
  });

  it('is a 2015-and-later option: its entries are not planned on Lync Server 2013, and validate rejects it there', () => {
    for (const e of catalog.entries.filter(
      (x) => x.role === 'sql-ag-listener' || x.role === 'sql-ag-replica',
    )) {
      expect(e.conditions.products, e.id).toEqual(['sfb2015', 'sfb2019', 'sfbse']);
    }
    const lync = topology('lync2013', agSite());
    expect(
      plan(lync, catalog).flows.filter((f) => f.requirements.some((id) => id.startsWith('sql-ag-'))),
    ).toEqual([]);
    const r = validateTopology(
      `version: 2
name: AG on 2013
product: lync2013
zones: { servers: [192.0.2.0/24] }
sites:
  - name: Main
    pools:
      - fqdn: pool.contoso.com
        role: front-end
        centralManagementStore: true
        backend: sqlag.contoso.com
        servers: [{ fqdn: fe01.contoso.com, ip: 192.0.2.11 }]
    sqlServers:
      - { fqdn: sql01.contoso.com, ip: 192.0.2.50 }
      - { fqdn: sql02.contoso.com, ip: 192.0.2.51 }
    availabilityGroups:
      - { fqdn: sqlag.contoso.com, ip: 192.0.2.60, replicas: [sql01.contoso.com, sql02.contoso.com] }
`,
      't.yaml',
    );
    expect(r.diagnostics.map((d) => `${d.code} ${d.loc?.line}:${d.loc?.column}`)).toEqual([
      'feature-not-in-product 17:9',
    ]);
  });

  it('is rejected as the back end of a Persistent Chat pool, citing the AlwaysOn deployment page', () => {
    const r = validateTopology(
      `version: 2
name: PC on AG
product: sfb2015
zones: { servers: [192.0.2.0/24] }
sites:
  - name: Main
    pools:
      - fqdn: pchat.contoso.com
        role: persistent-chat
        backend: sqlag.contoso.com
        servers: [{ fqdn: pc01.contoso.com, ip: 192.0.2.12 }]
    sqlServers:
      - { fqdn: sql01.contoso.com, ip: 192.0.2.50 }
      - { fqdn: sql02.contoso.com, ip: 192.0.2.51 }
    availabilityGroups:
      - { fqdn: sqlag.contoso.com, ip: 192.0.2.60, replicas: [sql01.contoso.com, sql02.contoso.com] }
`,
      't.yaml',
    );
    expect(r.topology).toBeUndefined();
    const d = r.diagnostics.find((x) => x.code === 'alwayson-persistent-chat');
    expect(d).toMatchObject({ severity: 'error', loc: { line: 10, column: 18 } });
    expect(d?.hint).toContain('alwayson-availability-group');
  });
});

describe('a failover cluster instance', () => {
  const nodes = [
    { fqdn: 'sqlnode01.contoso.com', ip: '192.0.2.71' },
    { fqdn: 'sqlnode02.contoso.com', ip: '192.0.2.72' },
  ];
  const fci = () =>
    topology('sfb2019', {
      pools: [frontEnd('sqlfci.contoso.com')],
      sqlServers: [{ fqdn: 'sqlfci.contoso.com', ip: '192.0.2.70', clusterNodes: nodes }],
    });

  it('is reached on its virtual address, TDS and SQL Browser', () => {
    const t = fci();
    expect(flowsOf(t, 'sql-backend.tds.1433')).toEqual([`${FE} → sqlfci.contoso.com tcp/1433`]);
    expect(flowsOf(t, 'sql-backend.sql-browser.1434')).toEqual([`${FE} → sqlfci.contoso.com udp/1434`]);
  });

  it('plans nothing to or between its nodes, and the lint finding says why', () => {
    const t = fci();
    expect(
      flowsTouching(
        t,
        nodes.map((n) => n.fqdn),
      ),
    ).toEqual([]);
    const addresses = new Set(nodes.map((n) => n.ip));
    const p = plan(t, catalog);
    for (const f of p.flows) {
      for (const part of [f.source, f.destination]) {
        expect(
          part.addresses.filter((a) => addresses.has(a)),
          f.id,
        ).toEqual([]);
      }
    }
    const finding = catalog.findings.find((x) => x.id === 'sql-cluster-traffic');
    expect(finding?.decision).toMatch(/not planned/);
  });

  it('checks its nodes like any host: a node may not take another host’s address', () => {
    const r = validateTopology(
      `version: 2
name: FCI
product: sfb2019
zones: { servers: [192.0.2.0/24] }
sites:
  - name: Main
    pools:
      - fqdn: pool.contoso.com
        role: front-end
        centralManagementStore: true
        backend: sqlfci.contoso.com
        servers: [{ fqdn: fe01.contoso.com, ip: 192.0.2.11 }]
    sqlServers:
      - fqdn: sqlfci.contoso.com
        ip: 192.0.2.70
        clusterNodes:
          - { fqdn: sqlnode01.contoso.com, ip: 192.0.2.11 }
          - { fqdn: sqlnode02.contoso.com, ip: 192.0.2.72 }
`,
      't.yaml',
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual(['duplicate-address']);
  });
});

describe('version 2 settings', () => {
  it('lists the back-end settings that need version 2', () => {
    expect(VERSION_2_SETTINGS).toEqual(
      expect.arrayContaining([
        'sites.*.sqlServers.*.instance',
        'sites.*.sqlServers.*.clusterNodes',
        'sites.*.availabilityGroups',
      ]),
    );
  });
});
