import type { Catalog, CatalogEntry, Conditions, IpsecException } from '../../src/catalog/types.js';
import { PortSet } from '../../src/model/ports.js';
import type { Protocol, Transport } from '../../src/model/protocols.js';
import type { Role } from '../../src/model/roles.js';
import { Topology } from '../../src/topology/schema.js';

/** Small hand-built inputs for planner tests: one entry or topology per behaviour under test. */

export function entry(
  id: string,
  role: Role,
  sources: readonly Role[],
  ports: string,
  extra: Partial<Omit<CatalogEntry, 'ports'>> & { transport?: Transport; protocol?: Protocol } = {},
): CatalogEntry {
  return {
    id,
    kind: 'port',
    role,
    transport: 'tcp',
    protocol: 'SIP/MTLS',
    sources,
    conditions: {} as Conditions,
    purpose: `purpose of ${id}`,
    provenance: [{ table: 'test', row: 1 }],
    ...extra,
    ports: PortSet.parse(ports).ranges,
  };
}

export function catalogOf(
  entries: readonly CatalogEntry[],
  ipsecExceptions: readonly IpsecException[] = [],
): Catalog {
  return { entries, ipsecExceptions, findings: [] };
}

/** Two sites: a Front End pool with collocated Mediation, a Director, an Edge pool, SQL, gateways. */
export function smallTopology(overrides: Record<string, unknown> = {}): Topology {
  return Topology.parse({
    version: 2,
    name: 'Test',
    product: 'sfb2019',
    zones: {
      servers: ['192.0.2.0/26'],
      'perimeter-internal': ['192.0.2.64/28'],
      'perimeter-external': ['203.0.113.0/27'],
      clients: ['198.51.100.0/25'],
      internet: 'any',
    },
    clients: { internal: ['clients'], external: 'internet' },
    sites: [
      {
        name: 'Redmond',
        pools: [
          {
            fqdn: 'pool01.contoso.com',
            role: 'front-end',
            vip: '192.0.2.10',
            servers: [
              { fqdn: 'fe01.contoso.com', ip: '192.0.2.11' },
              { fqdn: 'fe02.contoso.com', ip: '192.0.2.12' },
            ],
            collocatedMediation: true,
            centralManagementStore: true,
            features: ['conferencing', 'enterprise-voice'],
            backend: 'sql01.contoso.com',
            fileShare: 'fs01.contoso.com',
            edge: 'edge.contoso.com',
            gateways: ['gw01.contoso.com'],
          },
          {
            fqdn: 'dir.contoso.com',
            role: 'director',
            servers: [{ fqdn: 'dir01.contoso.com', ip: '192.0.2.21' }],
            nextHop: 'pool01.contoso.com',
          },
        ],
        edgePools: [
          {
            fqdn: 'edge.contoso.com',
            nextHop: 'dir.contoso.com',
            servers: [
              {
                fqdn: 'edge01.contoso.com',
                internal: '192.0.2.71',
                external: { access: '203.0.113.11', webConferencing: '203.0.113.12', av: '203.0.113.13' },
              },
            ],
          },
        ],
        gateways: [
          { fqdn: 'gw01.contoso.com', ip: '192.0.2.40', transport: 'tls' },
          { fqdn: 'gw02.contoso.com', ip: '192.0.2.41', transport: 'tcp', listenPort: 5060 },
        ],
        sqlServers: [
          {
            fqdn: 'sql01.contoso.com',
            ip: '192.0.2.30',
            port: 14330,
            mirror: 'sql02.contoso.com',
            witness: 'sqlw.contoso.com',
          },
          { fqdn: 'sql02.contoso.com', ip: '192.0.2.31' },
          { fqdn: 'sqlw.contoso.com', ip: '192.0.2.32', witnessPort: 7023 },
        ],
        fileShares: [
          { fqdn: 'fs01.contoso.com', ip: '192.0.2.35' },
          { fqdn: 'fs02.contoso.com', ip: '192.0.2.36' },
        ],
      },
      {
        name: 'Dublin',
        pools: [
          {
            fqdn: 'pool02.contoso.com',
            role: 'front-end',
            servers: [{ fqdn: 'fe11.contoso.com', ip: '192.0.2.51' }],
            features: ['mobility'],
          },
          {
            fqdn: 'med02.contoso.com',
            role: 'mediation',
            servers: [{ fqdn: 'med11.contoso.com', ip: '192.0.2.55' }],
            nextHop: 'pool02.contoso.com',
            gateways: ['gw02.contoso.com'],
          },
        ],
      },
    ],
    ...overrides,
  });
}
