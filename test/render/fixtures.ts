import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_TABLES } from '../../src/catalog/data/sources.js';
import { catalog } from '../../src/catalog/index.js';
import type { Catalog, CatalogEntry } from '../../src/catalog/types.js';
import { type Endpoint, type Flow, parsedAddresses } from '../../src/model/flow.js';
import type { Plan } from '../../src/model/plan.js';
import { PortSet } from '../../src/model/ports.js';
import type { Protocol, Transport } from '../../src/model/protocols.js';
import type { Role } from '../../src/model/roles.js';
import { plan } from '../../src/plan/plan.js';
import { loadTopology } from '../../src/topology/load.js';
import { Topology } from '../../src/topology/schema.js';

/**
 * Hand-built plans for the renderer tests, written before the planner existed and kept afterwards
 * because they pin down awkward inputs the examples may not have: names with & < > " ', a zone name
 * longer than a spreadsheet tab allows, optional flows, many port ranges and a same-zone boundary.
 */

/** Rows are made up; the renderers only print them. */
const SEED = SEED_TABLES.server;

function entry(
  id: string,
  role: Role,
  transport: Transport,
  ports: string,
  protocol: Protocol,
  sources: readonly Role[],
  purpose: string,
  row: number,
  extra: Partial<CatalogEntry> = {},
): CatalogEntry {
  return {
    id,
    kind: 'port',
    role,
    transport,
    ports: PortSet.parse(ports).ranges,
    protocol,
    sources,
    conditions: {},
    purpose,
    provenance: [{ table: SEED, row }],
    ...extra,
  };
}

const catalogEntries: CatalogEntry[] = [
  entry(
    'front-end.sip-tls.5061',
    'front-end',
    'tcp',
    '5061',
    'SIP/TLS',
    ['client', 'phone'],
    'SIP signalling from clients to the Registrar',
    4,
  ),
  entry(
    'front-end.sip-mtls.5061',
    'front-end',
    'tcp',
    '5061',
    'SIP/MTLS',
    ['front-end', 'edge-internal', 'mediation'],
    'SIP between servers of the deployment',
    5,
  ),
  entry(
    'front-end.psom.8057',
    'front-end',
    'tcp',
    '8057',
    'PSOM/TLS',
    ['client'],
    'Web conferencing content (PSOM) to the Web Conferencing service',
    9,
    { conditions: { features: ['conferencing'] } },
  ),
  entry(
    'front-end.media.49152-57500',
    'front-end',
    'udp',
    '49152-57500',
    'RTP/SRTP',
    ['client', 'edge-internal'],
    'Audio and video media to the A/V Conferencing service',
    14,
    { conditions: { features: ['conferencing'] } },
  ),
  entry(
    'front-end.stun.3478',
    'front-end',
    'udp',
    '3478',
    'STUN/MSTURN',
    ['client'],
    'Audio/video connectivity checks to the A/V Conferencing service',
    15,
  ),
  entry(
    'front-end.app-sharing.ranges',
    'front-end',
    'tcp',
    '5065,5071-5073,8058,8404,49152-65535',
    'SIP/MTLS',
    ['front-end'],
    'Application services and conferencing attendants between Front End Servers',
    18,
  ),
  entry(
    'front-end-lb.https.443',
    'front-end-lb',
    'tcp',
    '443',
    'HTTPS',
    ['client', 'phone'],
    'Internal web services (address book, meetings, mobility)',
    40,
  ),
  entry(
    'front-end-lb.https.4443',
    'front-end-lb',
    'tcp',
    '4443',
    'HTTPS',
    ['reverse-proxy'],
    'External web services published by the reverse proxy',
    41,
  ),
  entry(
    'front-end-lb.http.8080',
    'front-end-lb',
    'tcp',
    '8080',
    'HTTP',
    ['reverse-proxy'],
    'External web services over HTTP (redirect to HTTPS)',
    42,
    { conditions: { optional: true } },
  ),
  entry(
    'sql-backend.tds.1433',
    'sql-backend',
    'tcp',
    '1433',
    'TDS',
    ['front-end'],
    'Front End Servers read and write the pool back-end databases',
    60,
  ),
  entry(
    'sql-backend.browser.1434',
    'sql-backend',
    'udp',
    '1434',
    'SQL Browser',
    ['front-end'],
    'SQL Browser lookup of the named instance',
    61,
  ),
  entry(
    'file-share.smb.445',
    'file-share',
    'tcp',
    '445',
    'SMB',
    ['front-end'],
    'Address book files, meeting content and CMS replication',
    62,
  ),
  entry(
    'pstn-gateway.sip-tls.5067',
    'pstn-gateway',
    'tcp',
    '5067',
    'SIP/TLS',
    ['mediation'],
    'Calls from the Mediation Server to the PSTN gateway',
    70,
    { configurablePort: 'gateway-listen' },
  ),
  entry(
    'edge-internal.sip-mtls.5061',
    'edge-internal',
    'tcp',
    '5061',
    'SIP/MTLS',
    ['front-end'],
    'SIP from the next hop pool to the Access Edge service',
    80,
  ),
  entry(
    'edge-internal.psom.8057',
    'edge-internal',
    'tcp',
    '8057',
    'PSOM/MTLS',
    ['front-end'],
    'Web conferencing traffic to the Web Conferencing Edge service',
    81,
  ),
  entry(
    'edge-internal.turn.443',
    'edge-internal',
    'tcp',
    '443',
    'STUN/MSTURN',
    ['front-end', 'client'],
    'Media relay through the A/V Edge service',
    82,
  ),
  entry(
    'edge-external-access.sip-tls.443',
    'edge-external-access',
    'tcp',
    '443',
    'SIP/TLS',
    ['external-user'],
    'Remote users sign in through the Access Edge service',
    90,
  ),
  entry(
    'edge-external-access.sip-mtls.5061',
    'edge-external-access',
    'tcp',
    '5061',
    'SIP/MTLS',
    ['federated-partner'],
    'SIP federation with partner organisations',
    91,
    { conditions: { features: ['federation'] } },
  ),
  entry(
    'edge-external-webconf.psom.443',
    'edge-external-webconf',
    'tcp',
    '443',
    'PSOM/TLS',
    ['external-user'],
    'Remote users join web conferences',
    92,
  ),
  entry(
    'edge-external-av.stun.3478',
    'edge-external-av',
    'udp',
    '3478',
    'STUN/MSTURN',
    ['external-user', 'federated-partner'],
    'Media relay allocation on the A/V Edge service',
    93,
  ),
  entry(
    'edge-external-av.turn.443',
    'edge-external-av',
    'tcp',
    '443',
    'STUN/MSTURN',
    ['external-user', 'federated-partner'],
    'Media relay over TCP on the A/V Edge service',
    94,
  ),
  entry(
    'internet.media.50000-59999',
    'internet',
    'udp',
    '50000-59999',
    'RTP/SRTP',
    ['edge-external-av'],
    'Media to federated Lync 2010 and OCS partners',
    95,
    { conditions: { features: ['legacy-federation'], optional: true } },
  ),
  entry(
    'reverse-proxy.https.443',
    'reverse-proxy',
    'tcp',
    '443',
    'HTTPS',
    ['external-user'],
    'Remote users reach the published web services',
    100,
  ),
  entry(
    'reverse-proxy.http.80',
    'reverse-proxy',
    'tcp',
    '80',
    'HTTP',
    ['external-user'],
    'HTTP to the published web services (redirected to HTTPS)',
    101,
    { conditions: { optional: true } },
  ),
  // DNS servers are not modelled in topology version 1: the plan reports the entry as not planned.
  entry(
    'dns.dns.53',
    'dns',
    'udp',
    '53',
    'DNS',
    ['front-end', 'edge-internal'],
    'Name resolution for the servers',
    120,
  ),
  // Present in the catalog but used by no flow here: the catalog sheet must leave it out.
  entry(
    'persistent-chat.sip-mtls.5041',
    'persistent-chat',
    'tcp',
    '5041',
    'SIP/MTLS',
    ['front-end'],
    'SIP to the Persistent Chat server',
    110,
    { conditions: { features: ['persistent-chat'] } },
  ),
];

export const fixtureCatalog: Catalog = {
  entries: catalogEntries,
  ipsecExceptions: [],
  findings: [],
};

/**
 * A title with every character HTML treats specially. The topology schema does not allow these in a
 * name, but `--title` and the browser planner pass free text, so renderers must escape regardless.
 */
export const AWKWARD_NAME = `Contoso & Fabrikam <Lab> "West" 'Redmond'`;
/** Zone boundaries named after it are longer than a worksheet name may be, so tab names must be cut. */
export const LONG_ZONE = 'perimeter-external-redmond-dc';

const validTopology: Topology = Topology.parse({
  version: 2,
  name: 'Contoso',
  product: 'sfb2019',
  sipDomains: ['contoso.com'],
  zones: {
    servers: ['192.0.2.0/26'],
    clients: ['198.51.100.0/25'],
    phones: ['198.51.100.128/25'],
    'perimeter-internal': ['192.0.2.64/28'],
    [LONG_ZONE]: ['203.0.113.0/28'],
    internet: 'any',
  },
  clients: { internal: ['clients'], phones: ['phones'], external: 'internet' },
  sites: [
    {
      name: 'Redmond (HQ)',
      pools: [
        {
          fqdn: 'pool01.contoso.com',
          role: 'front-end',
          loadBalancing: 'dns',
          vip: '192.0.2.10',
          servers: [
            { fqdn: 'fe01.contoso.com', ip: '192.0.2.11' },
            { fqdn: 'fe02.contoso.com', ip: '192.0.2.12' },
            { fqdn: 'fe03.contoso.com', ip: '192.0.2.13' },
          ],
          collocatedMediation: true,
          features: ['conferencing', 'enterprise-voice', 'federation', 'legacy-federation'],
          backend: 'sql01.contoso.com',
          fileShare: 'fs01.contoso.com',
          edge: 'edgepool01.contoso.com',
          gateways: ['gw1.contoso.com'],
        },
      ],
      edgePools: [
        {
          fqdn: 'edgepool01.contoso.com',
          servers: [
            {
              fqdn: 'edge01.contoso.com',
              internal: '192.0.2.70',
              external: { access: '203.0.113.5', webConferencing: '203.0.113.6', av: '203.0.113.7' },
            },
          ],
          features: ['remote-access', 'federation'],
          nextHop: 'pool01.contoso.com',
        },
      ],
      reverseProxies: [
        {
          fqdn: 'rp01.contoso.com',
          internal: '192.0.2.72',
          external: '203.0.113.10',
          publishes: ['pool01.contoso.com'],
        },
      ],
      gateways: [{ fqdn: 'gw1.contoso.com', ip: '192.0.2.40', listenPort: 5067, transport: 'tls' }],
      sqlServers: [{ fqdn: 'sql01.contoso.com', ip: '192.0.2.30' }],
      fileShares: [{ fqdn: 'fs01.contoso.com', ip: '192.0.2.31' }],
    },
  ],
});

export const fixtureTopology: Topology = { ...validTopology, name: AWKWARD_NAME };

const SITE = 'Redmond (HQ)';
const POOL = 'pool01.contoso.com';

function hosts(role: Role, zone: string, names: string[], addresses: string[], pool?: string): Endpoint {
  return {
    kind: 'hosts',
    role,
    zone,
    names,
    ...parsedAddresses(addresses),
    site: SITE,
    ...(pool ? { pool } : {}),
  };
}

function zoneEndpoint(role: Role, zone: string, addresses: string[]): Endpoint {
  return { kind: 'zone', role, zone, names: [], ...parsedAddresses(addresses) };
}

const ep = {
  clients: zoneEndpoint('client', 'clients', ['198.51.100.0/25']),
  phones: zoneEndpoint('phone', 'phones', ['198.51.100.128/25']),
  externalUser: zoneEndpoint('external-user', 'internet', ['any']),
  partner: zoneEndpoint('federated-partner', 'internet', ['any']),
  internet: zoneEndpoint('internet', 'internet', ['any']),
  frontEnd: hosts(
    'front-end',
    'servers',
    ['fe01.contoso.com', 'fe02.contoso.com', 'fe03.contoso.com'],
    ['192.0.2.11', '192.0.2.12', '192.0.2.13'],
    POOL,
  ),
  mediation: hosts(
    'mediation',
    'servers',
    ['fe01.contoso.com', 'fe02.contoso.com', 'fe03.contoso.com'],
    ['192.0.2.11', '192.0.2.12', '192.0.2.13'],
    POOL,
  ),
  frontEndLb: hosts('front-end-lb', 'servers', [POOL], ['192.0.2.10'], POOL),
  sql: hosts('sql-backend', 'servers', ['sql01.contoso.com'], ['192.0.2.30']),
  fileShare: hosts('file-share', 'servers', ['fs01.contoso.com'], ['192.0.2.31']),
  gateway: hosts('pstn-gateway', 'servers', ['gw1.contoso.com'], ['192.0.2.40']),
  edgeInternal: hosts(
    'edge-internal',
    'perimeter-internal',
    ['edge01.contoso.com'],
    ['192.0.2.70'],
    'edgepool01.contoso.com',
  ),
  edgeAccess: hosts(
    'edge-external-access',
    LONG_ZONE,
    ['edge01.contoso.com'],
    ['203.0.113.5'],
    'edgepool01.contoso.com',
  ),
  edgeWebConf: hosts(
    'edge-external-webconf',
    LONG_ZONE,
    ['edge01.contoso.com'],
    ['203.0.113.6'],
    'edgepool01.contoso.com',
  ),
  edgeAv: hosts(
    'edge-external-av',
    LONG_ZONE,
    ['edge01.contoso.com'],
    ['203.0.113.7'],
    'edgepool01.contoso.com',
  ),
  rpExternal: hosts('reverse-proxy', LONG_ZONE, ['rp01.contoso.com'], ['203.0.113.10']),
  rpInternal: hosts('reverse-proxy', 'perimeter-internal', ['rp01.contoso.com'], ['192.0.2.72']),
} satisfies Record<string, Endpoint>;

let nextId = 1;
function flow(source: Endpoint, destination: Endpoint, requirementId: string, optional = false): Flow {
  const e = catalogEntries.find((c) => c.id === requirementId);
  if (!e) throw new Error(`fixture names an unknown catalog entry ${requirementId}`);
  const id = `f${String(nextId++).padStart(3, '0')}`;
  return {
    id,
    source,
    destination,
    transport: e.transport,
    ports: e.ports,
    protocol: e.protocol,
    purpose: e.purpose,
    requirements: [e.id],
    boundary: { from: source.zone, to: destination.zone, sameZone: source.zone === destination.zone },
    optional: optional || e.conditions.optional === true,
  };
}

const flows: Flow[] = [
  // clients → servers
  flow(ep.clients, ep.frontEnd, 'front-end.sip-tls.5061'),
  flow(ep.clients, ep.frontEnd, 'front-end.psom.8057'),
  flow(ep.clients, ep.frontEnd, 'front-end.media.49152-57500'),
  flow(ep.clients, ep.frontEnd, 'front-end.stun.3478'),
  flow(ep.clients, ep.frontEndLb, 'front-end-lb.https.443'),
  flow(ep.phones, ep.frontEnd, 'front-end.sip-tls.5061'),
  flow(ep.phones, ep.frontEndLb, 'front-end-lb.https.443'),
  // clients → perimeter-internal
  flow(ep.clients, ep.edgeInternal, 'edge-internal.turn.443'),
  // internet → perimeter (external)
  flow(ep.externalUser, ep.edgeAccess, 'edge-external-access.sip-tls.443'),
  flow(ep.partner, ep.edgeAccess, 'edge-external-access.sip-mtls.5061'),
  flow(ep.externalUser, ep.edgeWebConf, 'edge-external-webconf.psom.443'),
  flow(ep.externalUser, ep.edgeAv, 'edge-external-av.stun.3478'),
  flow(ep.partner, ep.edgeAv, 'edge-external-av.stun.3478'),
  flow(ep.externalUser, ep.edgeAv, 'edge-external-av.turn.443'),
  flow(ep.externalUser, ep.rpExternal, 'reverse-proxy.https.443'),
  flow(ep.externalUser, ep.rpExternal, 'reverse-proxy.http.80'),
  // perimeter (external) → internet
  flow(ep.edgeAv, ep.internet, 'internet.media.50000-59999'),
  // perimeter-internal → servers
  flow(ep.edgeInternal, ep.frontEnd, 'front-end.sip-mtls.5061'),
  flow(ep.edgeInternal, ep.frontEnd, 'front-end.media.49152-57500'),
  flow(ep.rpInternal, ep.frontEndLb, 'front-end-lb.https.4443'),
  flow(ep.rpInternal, ep.frontEndLb, 'front-end-lb.http.8080'),
  // servers → perimeter-internal
  flow(ep.frontEnd, ep.edgeInternal, 'edge-internal.sip-mtls.5061'),
  flow(ep.frontEnd, ep.edgeInternal, 'edge-internal.psom.8057'),
  flow(ep.frontEnd, ep.edgeInternal, 'edge-internal.turn.443'),
  // servers → servers
  flow(ep.frontEnd, ep.frontEnd, 'front-end.sip-mtls.5061'),
  flow(ep.frontEnd, ep.frontEnd, 'front-end.app-sharing.ranges'),
  flow(ep.frontEnd, ep.sql, 'sql-backend.tds.1433'),
  flow(ep.frontEnd, ep.sql, 'sql-backend.browser.1434'),
  flow(ep.frontEnd, ep.fileShare, 'file-share.smb.445'),
  flow(ep.mediation, ep.gateway, 'pstn-gateway.sip-tls.5067'),
];

export const fixturePlan: Plan = {
  topology: fixtureTopology,
  catalog: fixtureCatalog,
  flows,
  notPlanned: [{ entry: 'dns.dns.53', reason: 'DNS servers are not modelled in topology version 1' }],
  ipsec: [
    {
      id: 'ipsec.front-end.media-inbound',
      name: 'A/V Conferencing Server inbound',
      direction: 'inbound',
      hosts: ep.frontEnd,
      transports: ['udp', 'tcp'],
      localPorts: PortSet.range(49152, 57500).ranges,
      requirements: ['front-end.media.49152-57500'],
    },
    {
      id: 'ipsec.edge-internal.any-outbound',
      name: 'Edge Server internal outbound',
      direction: 'outbound',
      hosts: ep.edgeInternal,
      transports: ['udp', 'tcp'],
      requirements: ['edge-internal.turn.443'],
    },
  ],
};

/** A deployment with nothing to report: every renderer must still produce a valid document. */
export const emptyPlan: Plan = {
  topology: Topology.parse({
    version: 2,
    name: 'Empty',
    product: 'lync2013',
    zones: { servers: ['192.0.2.0/26'] },
    sites: [{ name: 'Nowhere' }],
  }),
  catalog: fixtureCatalog,
  flows: [],
  ipsec: [],
};

/** Every bundled example topology, planned by the real planner against the real catalog. */
export function examplePlans(): Array<readonly [name: string, plan: Plan]> {
  const dir = 'examples';
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => {
      const path = join(dir, f);
      const { topology } = loadTopology(readFileSync(path, 'utf8'), path);
      return [`${f.replace(/\.ya?ml$/, '')}`, plan(topology, catalog)] as const;
    });
}

/** Cases every renderer golden test runs over: the hand-built plans, then the examples. */
export function fixturePlans(): Array<readonly [name: string, plan: Plan]> {
  return [['fixture-contoso', fixturePlan], ['fixture-empty', emptyPlan], ...examplePlans()];
}
