import type { Catalog } from '../../src/catalog/types.js';
import { type Endpoint, type Flow, parsedAddresses } from '../../src/model/flow.js';
import type { Plan } from '../../src/model/plan.js';
import { PortSet } from '../../src/model/ports.js';
import type { Protocol, Transport } from '../../src/model/protocols.js';
import type { Role } from '../../src/model/roles.js';
import { Topology } from '../../src/topology/schema.js';
import { zoneCidrs } from '../../src/topology/zones.js';

/**
 * Hand-made plans for the emitters, written before the planner landed and kept because they pin down
 * inputs the examples may lack: a dual-stack server zone (IPv6 hosts next to IPv4 ones), zones spelt as
 * several CIDRs, the internet as `any`, optional flows, wide media ranges, a same-zone boundary, and
 * purposes full of quoting traps.
 */

export const HOSTILE_PURPOSE = `SIP "signalling" it's $(Remove-Item C:\\) \`whoami\`; drop; ‘curly’ ${'\n'}line2 # <# ü €`;

const topology = Topology.parse({
  version: 2,
  name: 'Fabrikam Lab',
  product: 'sfb2015',
  sipDomains: ['fabrikam.com'],
  zones: {
    servers: ['192.0.2.0/26', '2001:db8:10::/64'],
    clients: ['198.51.100.0/25', '2001:db8:20::/64'],
    phones: ['198.51.100.128/26', '198.51.100.192/26'],
    dmz: ['192.0.2.64/28'],
    'dmz-public': ['203.0.113.0/28'],
    internet: 'any',
  },
  clients: { internal: ['clients'], phones: ['phones'], external: 'internet' },
  sites: [
    {
      name: 'Lab',
      pools: [
        {
          fqdn: 'pool.fabrikam.com',
          role: 'front-end',
          vip: '192.0.2.10',
          servers: [
            { fqdn: 'fe1.fabrikam.com', ip: '192.0.2.11' },
            { fqdn: 'fe2.fabrikam.com', ip: '2001:db8:10::12' },
          ],
          collocatedMediation: true,
          features: ['conferencing', 'enterprise-voice', 'federation'],
          backend: 'sql.fabrikam.com',
          edge: 'edgepool.fabrikam.com',
          gateways: ['gw.fabrikam.com'],
        },
      ],
      edgePools: [
        {
          fqdn: 'edgepool.fabrikam.com',
          servers: [
            {
              fqdn: 'edge1.fabrikam.com',
              internal: '192.0.2.70',
              external: { access: '203.0.113.5', webConferencing: '203.0.113.6', av: '203.0.113.7' },
            },
          ],
        },
      ],
      gateways: [{ fqdn: 'gw.fabrikam.com', ip: '192.0.2.40' }],
      sqlServers: [{ fqdn: 'sql.fabrikam.com', ip: '2001:db8:10::30' }],
    },
  ],
});

function hosts(
  role: Role,
  zone: string,
  pairs: ReadonlyArray<readonly [string, string]>,
  pool?: string,
): Endpoint {
  return {
    kind: 'hosts',
    role,
    zone,
    names: pairs.map((p) => p[0]),
    ...parsedAddresses(pairs.map((p) => p[1])),
    site: 'Lab',
    ...(pool ? { pool } : {}),
  };
}

function zone(role: Role, name: string): Endpoint {
  const value = topology.zones[name]!;
  return {
    kind: 'zone',
    role,
    zone: name,
    names: [],
    ...parsedAddresses(value === 'any' ? ['any'] : zoneCidrs(value)),
  };
}

const FE: ReadonlyArray<readonly [string, string]> = [
  ['fe1.fabrikam.com', '192.0.2.11'],
  ['fe2.fabrikam.com', '2001:db8:10::12'],
];

export const ep = {
  clients: zone('client', 'clients'),
  phones: zone('phone', 'phones'),
  externalUser: zone('external-user', 'internet'),
  internet: zone('internet', 'internet'),
  frontEnd: hosts('front-end', 'servers', FE, 'pool.fabrikam.com'),
  mediation: hosts('mediation', 'servers', FE, 'pool.fabrikam.com'),
  vip: hosts('front-end-lb', 'servers', [['pool.fabrikam.com', '192.0.2.10']], 'pool.fabrikam.com'),
  sql: hosts('sql-backend', 'servers', [['sql.fabrikam.com', '2001:db8:10::30']]),
  gateway: hosts('pstn-gateway', 'servers', [['gw.fabrikam.com', '192.0.2.40']]),
  edgeInternal: hosts(
    'edge-internal',
    'dmz',
    [['edge1.fabrikam.com', '192.0.2.70']],
    'edgepool.fabrikam.com',
  ),
  edgeAccess: hosts('edge-external-access', 'dmz-public', [['edge1.fabrikam.com', '203.0.113.5']]),
  edgeAv: hosts('edge-external-av', 'dmz-public', [['edge1.fabrikam.com', '203.0.113.7']]),
} satisfies Record<string, Endpoint>;

interface FlowSpec {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly transport: Transport;
  readonly ports: string;
  readonly protocol: Protocol;
  readonly requirement: string;
  readonly purpose: string;
  readonly optional?: boolean;
}

function flow(n: number, s: FlowSpec): Flow {
  return {
    id: `F${String(n).padStart(3, '0')}`,
    source: s.from,
    destination: s.to,
    transport: s.transport,
    ports: PortSet.parse(s.ports).ranges,
    protocol: s.protocol,
    purpose: s.purpose,
    requirements: [s.requirement],
    boundary: { from: s.from.zone, to: s.to.zone, sameZone: s.from.zone === s.to.zone },
    optional: s.optional ?? false,
  };
}

const specs: FlowSpec[] = [
  {
    from: ep.clients,
    to: ep.frontEnd,
    transport: 'tcp',
    ports: '5061',
    protocol: 'SIP/TLS',
    requirement: 'front-end.sip-tls.5061',
    purpose: 'Client SIP to the Registrar',
  },
  {
    from: ep.clients,
    to: ep.frontEnd,
    transport: 'tcp',
    ports: '8057',
    protocol: 'PSOM/TLS',
    requirement: 'front-end.psom.8057',
    purpose: 'Web conferencing content',
  },
  {
    from: ep.clients,
    to: ep.frontEnd,
    transport: 'udp',
    ports: '49152-57500',
    protocol: 'RTP/SRTP',
    requirement: 'front-end.media.49152-57500',
    purpose: 'Conference audio and video',
  },
  {
    from: ep.clients,
    to: ep.frontEnd,
    transport: 'udp',
    ports: '3478',
    protocol: 'STUN/MSTURN',
    requirement: 'front-end.stun.3478',
    purpose: 'Media connectivity checks',
  },
  {
    from: ep.clients,
    to: ep.vip,
    transport: 'tcp',
    ports: '443',
    protocol: 'HTTPS',
    requirement: 'front-end-lb.https.443',
    purpose: 'Web services through the load balancer',
  },
  {
    from: ep.phones,
    to: ep.frontEnd,
    transport: 'tcp',
    ports: '5061',
    protocol: 'SIP/TLS',
    requirement: 'front-end.sip-tls.5061',
    purpose: 'Phone SIP to the Registrar',
  },
  {
    from: ep.phones,
    to: ep.frontEnd,
    transport: 'udp',
    ports: '67',
    protocol: 'DHCP',
    requirement: 'front-end.dhcp.67',
    purpose: 'Phones find the Registrar through DHCP',
    optional: true,
  },
  {
    from: ep.frontEnd,
    to: ep.frontEnd,
    transport: 'tcp',
    ports: '5061,5065,5071-5073,8058',
    protocol: 'SIP/MTLS',
    requirement: 'front-end.sip-mtls.5061',
    purpose: HOSTILE_PURPOSE,
  },
  {
    from: ep.frontEnd,
    to: ep.sql,
    transport: 'tcp',
    ports: '1433',
    protocol: 'TDS',
    requirement: 'sql-backend.tds.1433',
    purpose: 'Back-end databases',
  },
  {
    from: ep.frontEnd,
    to: ep.sql,
    transport: 'udp',
    ports: '1434',
    protocol: 'SQL Browser',
    requirement: 'sql-backend.browser.1434',
    purpose: 'SQL Browser',
  },
  {
    from: ep.mediation,
    to: ep.gateway,
    transport: 'tcp',
    ports: '5067',
    protocol: 'SIP/TLS',
    requirement: 'pstn-gateway.sip-tls.5067',
    purpose: 'Calls to the PSTN gateway',
  },
  {
    from: ep.gateway,
    to: ep.mediation,
    transport: 'tcp',
    ports: '5067',
    protocol: 'SIP/TLS',
    requirement: 'mediation.sip-tls.5067',
    purpose: 'Calls from the PSTN gateway',
  },
  {
    from: ep.frontEnd,
    to: ep.edgeInternal,
    transport: 'tcp',
    ports: '5061',
    protocol: 'SIP/MTLS',
    requirement: 'edge-internal.sip-mtls.5061',
    purpose: 'SIP to the Access Edge',
  },
  {
    from: ep.frontEnd,
    to: ep.edgeInternal,
    transport: 'tcp',
    ports: '8057',
    protocol: 'PSOM/MTLS',
    requirement: 'edge-internal.psom.8057',
    purpose: 'Web conferencing to the Edge',
  },
  {
    from: ep.frontEnd,
    to: ep.edgeInternal,
    transport: 'tcp',
    ports: '443',
    protocol: 'STUN/MSTURN',
    requirement: 'edge-internal.turn.443',
    purpose: 'Media relay over TCP',
  },
  {
    from: ep.clients,
    to: ep.edgeInternal,
    transport: 'udp',
    ports: '3478',
    protocol: 'STUN/MSTURN',
    requirement: 'edge-internal.stun.3478',
    purpose: 'Media relay over UDP',
  },
  {
    from: ep.edgeInternal,
    to: ep.frontEnd,
    transport: 'tcp',
    ports: '5061',
    protocol: 'SIP/MTLS',
    requirement: 'front-end.sip-mtls.5061',
    purpose: 'SIP from the Edge',
  },
  {
    from: ep.externalUser,
    to: ep.edgeAccess,
    transport: 'tcp',
    ports: '443',
    protocol: 'SIP/TLS',
    requirement: 'edge-external-access.sip-tls.443',
    purpose: 'Remote sign-in',
  },
  {
    from: ep.externalUser,
    to: ep.edgeAccess,
    transport: 'tcp',
    ports: '5061',
    protocol: 'SIP/MTLS',
    requirement: 'edge-external-access.sip-mtls.5061',
    purpose: 'Federation',
  },
  {
    from: ep.externalUser,
    to: ep.edgeAv,
    transport: 'udp',
    ports: '3478',
    protocol: 'STUN/MSTURN',
    requirement: 'edge-external-av.stun.3478',
    purpose: 'Media relay allocation',
  },
  {
    from: ep.externalUser,
    to: ep.edgeAv,
    transport: 'tcp',
    ports: '443',
    protocol: 'STUN/MSTURN',
    requirement: 'edge-external-av.turn.443',
    purpose: 'Media relay over TCP',
  },
  {
    from: ep.externalUser,
    to: ep.edgeAv,
    transport: 'udp',
    ports: '50000-59999',
    protocol: 'RTP/SRTP',
    requirement: 'edge-external-av.media.50000-59999',
    purpose: 'Legacy federation media',
    optional: true,
  },
  {
    from: ep.edgeAv,
    to: ep.internet,
    transport: 'tcp',
    ports: '443',
    protocol: 'STUN/MSTURN',
    requirement: 'internet.turn.443',
    purpose: 'Media relay to other Edges',
  },
  {
    from: ep.edgeAv,
    to: ep.internet,
    transport: 'udp',
    ports: '3478',
    protocol: 'STUN/MSTURN',
    requirement: 'internet.stun.3478',
    purpose: 'Media relay to other Edges',
  },
];

const catalog: Catalog = { entries: [], ipsecExceptions: [], findings: [] };

export const fixturePlan: Plan = {
  topology,
  catalog,
  flows: specs.map((s, i) => flow(i + 1, s)),
  ipsec: [
    {
      id: 'ipsec.av-conferencing.inbound',
      name: 'A/V Conferencing Server inbound',
      direction: 'inbound',
      hosts: ep.frontEnd,
      transports: ['udp', 'tcp'],
      localPorts: PortSet.range(49152, 57500).ranges,
      requirements: ['front-end.media.49152-57500'],
    },
    {
      id: 'ipsec.edge-internal.outbound',
      name: 'Edge Server internal outbound',
      direction: 'outbound',
      hosts: ep.edgeInternal,
      transports: ['udp', 'tcp'],
      requirements: ['edge-internal.turn.443'],
    },
  ],
};

/** The same plan with hostile free text everywhere a user can put it (names, purposes). */
export function hostilePlan(text: string): Plan {
  return {
    ...fixturePlan,
    topology: {
      ...fixturePlan.topology,
      name: text,
      sites: fixturePlan.topology.sites.map((s) => ({ ...s, name: text })),
    },
    flows: fixturePlan.flows.map((f) => ({ ...f, purpose: text })),
    ipsec: fixturePlan.ipsec.map((x) => ({ ...x, name: text })),
  };
}

export const emptyPlan: Plan = {
  topology: Topology.parse({
    version: 2,
    name: 'Empty',
    product: 'lync2013',
    zones: { servers: ['192.0.2.0/26'] },
    sites: [{ name: 'Nowhere' }],
  }),
  catalog,
  flows: [],
  ipsec: [],
};

/**
 * Flow and catalog ids are the text that reaches nft and iptables rule comments. The planner makes
 * them tame, but the library takes any plan, so quoting must hold for ids too.
 */
export function hostileIdPlan(text: string): Plan {
  return {
    ...fixturePlan,
    flows: fixturePlan.flows.map((f, i) => ({ ...f, id: `${text}${i}`, requirements: [text] })),
  };
}
