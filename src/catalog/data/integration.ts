import { port } from '../define.js';
import type { CatalogEntry } from '../types.js';
import { page, seed, UNTIL_2015 } from './sources.js';

/**
 * Trusted application servers, the network services every deployment leans on (DNS, NTP for phones)
 * and the Centralized Logging Service agent on the server roles the Edge tables do not cover. Only
 * ports a vendor page prints are carried; Active Directory, which no page gives ports for, stays a
 * finding (active-directory-ports).
 */

const SIP_SERVERS = ['front-end', 'director', 'mediation', 'persistent-chat'] as const;

export const integrationPorts: readonly CatalogEntry[] = [
  port({
    id: 'trusted-application.sip-mtls.1024-65535',
    role: 'trusted-application',
    transport: 'tcp',
    ports: '1024-65535',
    protocol: 'SIP/MTLS',
    sources: ['front-end'],
    configurablePort: 'trusted-app',
    purpose:
      'SIP from the registrar pool to a trusted application server (UCMA application) on the port of its trusted application',
    note: 'The port is the one given to New-CsTrustedApplication -Port, which has no default: the range here is a placeholder and the planner uses TrustedApplication.port. Only the pool the application is registered to connects (finding trusted-application-ports).',
    provenance: [page('exchangeOwaIm', 'TA-01'), ...seed('server', 3)],
  }),
  port({
    id: 'front-end.sip-mtls-trusted-app.5061',
    role: 'front-end',
    transport: 'tcp',
    ports: '5061',
    protocol: 'SIP/MTLS',
    sources: ['trusted-application'],
    purpose: 'SIP from a trusted application server to the Front End pool it is registered to',
    note: 'Server-to-server SIP to a Front End is MTLS on 5061 (seed row 3); a trusted application is such a server (finding trusted-application-ports).',
    provenance: [...seed('server', 3), page('exchangeOwaIm', 'TA-01')],
  }),
  port({
    id: 'front-end-lb.sip-mtls-trusted-app.5061',
    role: 'front-end-lb',
    transport: 'tcp',
    ports: '5061',
    protocol: 'SIP/MTLS',
    sources: ['trusted-application'],
    conditions: { loadBalancing: 'hardware' },
    purpose: 'SIP from a trusted application server to its registrar pool through the VIP',
    provenance: [...seed('hlbHardware', 1), page('exchangeOwaIm', 'TA-01')],
  }),
  ...(['udp', 'tcp'] as const).map((transport) =>
    port({
      id: `dns.dns-${transport}.53`,
      role: 'dns',
      transport,
      ports: '53',
      protocol: 'DNS',
      sources: [...SIP_SERVERS, 'client', 'phone'],
      purpose:
        'Servers, clients and phones resolve server, pool and service names (A records, _sipinternaltls._tcp and the other SRV records) on the internal DNS servers',
      note: 'The DNS page makes name resolution a prerequisite of every server and client; the Edge tables give DNS as port 53 over TCP and UDP. The Edge Server is not a source: the vendor recommends that it never query an internal DNS server (finding internal-dns).',
      provenance: [
        page('dns', 'INF-DNS01'),
        page('edgeEnv', transport === 'tcp' ? 'SE-X03' : 'SE-X04'),
        page('edgeInterfaces', 'INF-DNS02'),
      ],
    }),
  ),
  port({
    id: 'ntp.ntp.123',
    role: 'ntp',
    transport: 'udp',
    ports: '123',
    protocol: 'NTP',
    sources: ['phone'],
    purpose:
      'Lync Phone Edition devices take their time from the NTP server that the _ntp._udp SRV record names (port 123)',
    note: 'The Lync Server 2013 Front End DNS page lists the _ntp._udp SRV record with port 123 and says it should point at the domain controller internally; the planner uses infrastructure.ntpServers, or the domain controllers when none is listed (finding ntp-for-phones).',
    provenance: [page('lyncDnsFrontEnd', 'INF-NTP01'), page('dns', 'INF-NTP02')],
  }),
  ...(
    [
      ['front-end', 'Front End Server'],
      ['mediation', 'Mediation Server'],
      ['persistent-chat', 'Persistent Chat Server'],
    ] as const
  ).map(([role, name]) =>
    port({
      id: `${role}.cls.50001-50003`,
      role,
      transport: 'tcp',
      ports: '50001-50003',
      protocol: 'MTLS',
      sources: ['front-end'],
      // A collocated Mediation Server is a Front End server, whose agent front-end.cls already reaches.
      conditions:
        role === 'persistent-chat'
          ? { optional: true, products: UNTIL_2015 }
          : role === 'mediation'
            ? { optional: true, collocatedMediation: false }
            : { optional: true },
      purpose: `Centralized Logging Service: the controller sends commands to the agent on each ${name} and collects its logs`,
      note: 'The CLS page says the agent runs on every machine with the product deployed and listens on TCP 50001-50003 for the controller, which runs wherever the management shell is used; the planner takes the Front End servers as the controller, as for the Edge and Director rows (finding cls-agent-every-server). Diagnostics only.',
      provenance: [page('cls', 'CLS-01')],
    }),
  ),
];
