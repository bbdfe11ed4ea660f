import { port } from '../define.js';
import type { CatalogEntry } from '../types.js';
import { page, seed, UNTIL_2015 } from './sources.js';

/**
 * SQL Server back end, mirroring, Exchange, PSTN gateways and remote call control, from the SQL
 * Server, Exchange, gateway and Office Web Apps pages named in each citation. Only what a vendor page
 * states is carried; what no page states (Exchange UM SIP ports, Active Directory) or what the
 * topology cannot yet say (AlwaysOn Availability Groups, the port of an Exchange trusted application)
 * is recorded as a finding instead of guessed. The gateway media range is the one exception: the flow
 * is certain, its range is the gateway vendor's (finding gateway-media-ports).
 */

const MIRRORING = { features: ['sql-mirroring'], products: UNTIL_2015 } as const;

export const backendPorts: readonly CatalogEntry[] = [
  port({
    id: 'sql-backend.tds.1433',
    role: 'sql-backend',
    transport: 'tcp',
    ports: '1433',
    protocol: 'TDS',
    sources: ['front-end', 'persistent-chat'],
    configurablePort: 'sql-tds',
    purpose: 'Pools read and write their SQL Server back-end databases',
    note: 'The SQL firewall page opens TCP 1433 inbound for the default instance and a statically defined TCP port for each named instance (set in SQL Server Configuration Manager; Topology Builder cannot set it). The topology’s SqlServer.port is that port, default 1433. Front End pools and Persistent Chat pools (its chat and compliance stores) are the SQL clients; Directors and Mediation Servers keep no database on a back end.',
    provenance: [
      page('sqlFirewall', 'BE-SQL02'),
      page('sqlNonstandardPort', 'BE-SQL02'),
      page('sqlNonstandardPort', 'BE-SQL03'),
      page('persistentChatTopology', 'step 8'),
    ],
  }),
  port({
    id: 'sql-backend.sql-browser.1434',
    role: 'sql-backend',
    transport: 'udp',
    ports: '1434',
    protocol: 'SQL Browser',
    sources: ['front-end', 'persistent-chat'],
    purpose:
      'SQL Server Browser: pools ask it which port a named (or default) instance listens on, and find the mirror after a failover',
    note: 'The SQL firewall page asks for UDP 1434 inbound for the Browser with no condition, next to the instance ports; the non-standard port page also needs the Browser running on mirrored back ends. Planned to every back end (and mirror) that the pools linked to it reach over TDS.',
    provenance: [page('sqlFirewall', 'BE-SQL02'), page('sqlNonstandardPort', 'BE-SQL04')],
  }),
  port({
    id: 'sql-backend.mirroring.5022',
    role: 'sql-backend',
    transport: 'tcp',
    ports: '5022',
    protocol: 'SQL mirroring',
    sources: ['sql-backend', 'sql-witness'],
    conditions: MIRRORING,
    configurablePort: 'sql-mirroring',
    purpose:
      'Database mirroring endpoint of the principal and the mirror: the other partner and the witness connect to it',
    note: 'The mirroring page asks for 5022 to pass the firewall on the primary and on the mirror without naming who connects; the instances of a mirroring session are the two partners and the witness, so the witness is a source too (finding mirroring-witness-to-partners).',
    provenance: [page('sqlMirroring', 'BE-SQL05'), page('deprecated2019', 'PV-03')],
  }),
  port({
    id: 'sql-witness.mirroring.7022',
    role: 'sql-witness',
    transport: 'tcp',
    ports: '7022',
    protocol: 'SQL mirroring',
    sources: ['sql-backend'],
    conditions: MIRRORING,
    configurablePort: 'sql-witness',
    purpose: 'Mirroring witness endpoint for automatic failover',
    provenance: [page('sqlMirroring', 'BE-SQL06'), page('deprecated2019', 'PV-03')],
  }),
  port({
    id: 'exchange.https.443',
    role: 'exchange',
    transport: 'tcp',
    ports: '443',
    protocol: 'HTTPS',
    sources: ['front-end'],
    purpose:
      'Server-to-server authentication and Exchange storage: the pool reads the Exchange OAuth metadata (Autodiscover) and its Storage Service writes to mailboxes over EWS',
    note: 'Each product is a partner application of the other, found by an HTTPS metadata URL; Skype for Business Server reads https://autodiscover.<domain>/autodiscover/metadata/json/1, and Test-CsExStorageConnectivity shows the Front End Storage Service writing into a mailbox. No port is written; the URLs are HTTPS, so 443.',
    provenance: [page('exchangePartnerApps', 'EX-PA02'), page('exchangePartnerApps', 'EX-PA03')],
  }),
  port({
    id: 'front-end.https-exchange.443',
    role: 'front-end',
    transport: 'tcp',
    ports: '443',
    protocol: 'HTTPS',
    sources: ['exchange'],
    purpose:
      'Server-to-server authentication: Exchange reads the pool’s OAuth metadata document (https://<pool FQDN>/metadata/json/1)',
    note: 'The Exchange side of the partner application pair; the metadata URL is the pool FQDN over HTTPS, so the Front End servers and, where the web services sit behind a VIP, the VIP (front-end-lb.https-exchange.443).',
    provenance: [page('exchangePartnerApps', 'EX-PA01')],
  }),
  port({
    id: 'front-end-lb.https-exchange.443',
    role: 'front-end-lb',
    transport: 'tcp',
    ports: '443',
    protocol: 'HTTPS',
    sources: ['exchange'],
    purpose:
      'Server-to-server authentication: Exchange reads the pool’s OAuth metadata document through the web services VIP',
    provenance: [page('exchangePartnerApps', 'EX-PA01')],
  }),
  port({
    id: 'front-end.sip-mtls-exchange.5061',
    role: 'front-end',
    transport: 'tcp',
    ports: '5061',
    protocol: 'SIP/MTLS',
    sources: ['exchange-im'],
    purpose:
      'Outlook Web App IM and presence: the Exchange Client Access server, a trusted application server of its registrar pool, sends SIP to the pool',
    note: 'The OWA IM page adds the Exchange CAS as a trusted application pool whose registrar is a Front End pool; server-to-server SIP to a Front End is MTLS on 5061 (seed). Planned for an Exchange server with owaIm in the topology, to its registrar pool only; the other direction is exchange-im.sip-mtls.1024-65535 (finding exchange-ports).',
    provenance: [...seed('server', 3), page('exchangeOwaIm', 'EX-OWA01')],
  }),
  port({
    id: 'front-end-lb.sip-mtls-exchange.5061',
    role: 'front-end-lb',
    transport: 'tcp',
    ports: '5061',
    protocol: 'SIP/MTLS',
    sources: ['exchange-im'],
    conditions: { loadBalancing: 'hardware' },
    purpose:
      'Outlook Web App IM and presence: the Exchange Client Access server sends SIP to its registrar pool through the VIP',
    provenance: [...seed('hlbHardware', 1), page('exchangeOwaIm', 'EX-OWA01')],
  }),
  port({
    id: 'exchange-im.sip-mtls.1024-65535',
    role: 'exchange-im',
    transport: 'tcp',
    ports: '1024-65535',
    protocol: 'SIP/MTLS',
    sources: ['front-end'],
    configurablePort: 'trusted-app',
    purpose:
      'Outlook Web App IM and presence: the registrar pool sends SIP to the Exchange Client Access server on its trusted application port',
    note: 'The OWA IM page has the administrator give the CAS a trusted application with New-CsTrustedApplication -Port <available port number>: no default exists, so the range here is a placeholder and the planner uses ExchangeServer.owaIm.port, from the servers of the registrar pool only. Trusted application traffic between servers is MTLS (finding exchange-ports).',
    provenance: [page('exchangeOwaIm', 'EX-OWA01'), page('exchangeOwaIm', 'EX-OWA02')],
  }),
  port({
    id: 'pstn-gateway.sip-tls.5067',
    role: 'pstn-gateway',
    transport: 'tcp',
    ports: '5067',
    protocol: 'SIP/TLS',
    sources: ['mediation'],
    conditions: { features: ['enterprise-voice'] },
    configurablePort: 'gateway-listen',
    purpose:
      'SIP over TLS from the Mediation Server to a PSTN gateway, IP-PBX or SBC (Topology Builder default)',
    provenance: [page('defineGateway', 'BE-GW02')],
  }),
  port({
    id: 'pstn-gateway.sip-tcp.5066',
    role: 'pstn-gateway',
    transport: 'tcp',
    ports: '5066',
    protocol: 'SIP/TCP',
    sources: ['mediation'],
    conditions: { features: ['enterprise-voice'] },
    configurablePort: 'gateway-listen',
    purpose: 'SIP over TCP from the Mediation Server to a PSTN gateway (Topology Builder default)',
    provenance: [page('defineGateway', 'BE-GW01')],
  }),
  port({
    id: 'pstn-gateway.audio-udp.1024-65535',
    role: 'pstn-gateway',
    transport: 'udp',
    ports: '1024-65535',
    protocol: 'RTP/SRTP',
    sources: ['mediation'],
    conditions: { features: ['enterprise-voice'] },
    purpose:
      'PSTN call audio from the Mediation Server to its gateway, IP-PBX or SBC (the gateway’s media range)',
    note: 'The peer of a trunk is no ICE endpoint: it receives media on the address and port it offers in SIP, in a range its vendor sets. No Skype for Business page gives that range, so any port from 1024 is planned, over UDP only (finding gateway-media-ports).',
    provenance: [page('defineGateway', 'BE-GW04'), page('trunkMediaBypass', 'VB-04')],
  }),
  port({
    id: 'pstn-gateway.audio-bypass-udp.1024-65535',
    role: 'pstn-gateway',
    transport: 'udp',
    ports: '1024-65535',
    protocol: 'RTP/SRTP',
    sources: ['client', 'phone'],
    conditions: { features: ['enterprise-voice'], mediaBypass: true },
    purpose: 'PSTN call audio from clients and IP phones straight to a gateway whose trunk has media bypass',
    note: 'Only gateways with mediaBypass in the topology (a per-trunk setting), over UDP, on the gateway’s media range (any port from 1024, findings media-bypass-per-trunk and gateway-media-ports).',
    provenance: [page('trunkMediaBypass', 'VB-01'), page('mediaBypass', 'VB-03')],
  }),
  port({
    id: 'rcc-gateway.sip.5060',
    role: 'rcc-gateway',
    transport: 'tcp',
    ports: '5060',
    protocol: 'SIP/TCP',
    sources: ['front-end', 'director'],
    conditions: { features: ['rcc'], optional: true },
    configurablePort: 'trusted-app',
    purpose:
      'Remote call control: the Front End or Director connects to the PBX line server named in a trusted application entry',
    note: 'The port is whatever the trusted application computer entry says; 5060 is the value the seed mentions. The planner uses the port of the trustedApplications entry of kind rcc, from its registrar pool only (finding static-route-5060).',
    provenance: [page('seed', 'BE-RCC')],
  }),
];
