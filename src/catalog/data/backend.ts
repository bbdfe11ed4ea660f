import { port } from '../define.js';
import type { CatalogEntry } from '../types.js';
import { page, UNTIL_2015 } from './sources.js';

/**
 * SQL Server back end, mirroring, PSTN gateways and remote call control, from the SQL Server,
 * gateway and Office Web Apps pages named in each citation. Only
 * what a vendor page states is carried; what no page states (AlwaysOn ports, Exchange, Active
 * Directory) is recorded as an omission finding instead of guessed. The gateway media range is the
 * one exception: the flow is certain, its range is the gateway vendor's (finding gateway-media-ports).
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
    note: 'The vendor names 1433 only as the SQL Server default that a static non-standard port replaces; the topology sets the real port.',
    provenance: [page('sqlNonstandardPort', 'BE-SQL02'), page('sqlNonstandardPort', 'BE-SQL03')],
  }),
  port({
    id: 'sql-backend.sql-browser.1434',
    role: 'sql-backend',
    transport: 'udp',
    ports: '1434',
    protocol: 'SQL Browser',
    sources: ['front-end', 'persistent-chat'],
    conditions: MIRRORING,
    purpose: 'SQL Browser on mirrored back ends, so pools find the mirror after a failover',
    note: 'The page asks for the SQL Browser service without writing its port; 1434/UDP is the Browser port the seed uses.',
    provenance: [page('sqlNonstandardPort', 'BE-SQL04')],
  }),
  port({
    id: 'sql-backend.mirroring.5022',
    role: 'sql-backend',
    transport: 'tcp',
    ports: '5022',
    protocol: 'SQL mirroring',
    sources: ['sql-backend'],
    conditions: MIRRORING,
    configurablePort: 'sql-mirroring',
    purpose: 'Database mirroring endpoint between the principal and the mirror back end',
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
    purpose:
      'Remote call control: the Front End or Director connects to the PBX line server named in a trusted application entry',
    note: 'The port is whatever the trusted application computer entry says; 5060 is the value the seed mentions.',
    provenance: [page('seed', 'BE-RCC')],
  }),
];
