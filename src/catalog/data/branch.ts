import { port } from '../define.js';
import type { CatalogEntry } from '../types.js';
import { page, seed } from './sources.js';

/**
 * The Survivable Branch Appliance (SBA) and Survivable Branch Server (SBS) as servers in their own
 * right. An SBA holds a Registrar, a Mediation Server and a PSTN gateway in one chassis; an SBS holds
 * the Registrar and the Mediation Server and uses a separate gateway or SIP trunk
 * (PAGES.lyncSbaDeploy). Branch users register on it, fail over to its backup pool
 * (PAGES.lyncBranchResiliency), and it is configured from the Central Management store like any
 * other server. The seed has no "Survivable Branch Appliance" rows: its Registrar listens like a
 * Front End Server (rows 3 and 40) and its Mediation Server like any Mediation Server (rows 22-24),
 * so those rows are cited (finding branch-appliance-listeners).
 */
export const branchPorts: readonly CatalogEntry[] = [
  port({
    id: 'sba.sip-tls.5061',
    role: 'sba',
    transport: 'tcp',
    ports: '5061',
    protocol: 'SIP/TLS',
    sources: ['client', 'phone'],
    conditions: { registrar: true },
    purpose:
      'SIP sign-in and signalling of branch clients and IP phones to the Registrar of the branch appliance',
    note: 'Branch users are homed on the appliance and always register there; with clients.registrars only the zones that name the appliance reach it, otherwise every client and phone zone does.',
    provenance: [
      ...seed('server', 3),
      page('lyncBranchResiliency', 'BR-REG01'),
      page('lyncSbaDeploy', 'BR-SBA01'),
    ],
  }),
  port({
    id: 'sba.sip-mtls.5061',
    role: 'sba',
    transport: 'tcp',
    ports: '5061',
    protocol: 'SIP/MTLS',
    sources: ['front-end', 'director'],
    purpose:
      'SIP between servers to the Registrar of the branch appliance: Front End pools and Directors routing requests to the users it registers',
    note: 'Every pool may route to a user homed on the appliance, not only its backup pool; the appliance reaches its backup pool on 444 and 5061 (front-end.https-internal.444, front-end.sip-mtls.5061).',
    provenance: [...seed('server', 3, 46), page('lyncBranchResiliency', 'BR-REG01')],
  }),
  port({
    id: 'sba.sip-mtls.5070',
    role: 'sba',
    transport: 'tcp',
    ports: '5070',
    protocol: 'SIP/MTLS',
    sources: ['front-end'],
    purpose:
      'SIP from a Front End pool to the Mediation Server of the branch appliance, for calls routed to the branch trunk',
    note: 'Rows 22, 47 and 50 give 5070 for requests from the Front End to any Mediation Server; the branch voice policy routes calls of central users to the branch gateway through it.',
    provenance: [...seed('server', 22, 47, 50), page('lyncBranchResiliency', 'BR-VR01')],
  }),
  port({
    id: 'sba.sip-tls.5067',
    role: 'sba',
    transport: 'tcp',
    ports: '5067',
    protocol: 'SIP/TLS',
    sources: ['pstn-gateway'],
    configurablePort: 'mediation-gateway-listen',
    purpose:
      'SIP over TLS from a separate gateway of the branch (branchAppliances[].gateways) to the Mediation Server of the appliance or branch server',
    note: 'Planned only for gateways the appliance lists: the built-in gateway of an appliance without an address of its own talks to its Mediation Server inside the chassis.',
    provenance: [...seed('server', 23, 48), page('defineGateway', 'BE-GW04')],
  }),
  port({
    id: 'sba.sip-tcp.5068',
    role: 'sba',
    transport: 'tcp',
    ports: '5068',
    protocol: 'SIP/TCP',
    sources: ['pstn-gateway'],
    configurablePort: 'mediation-gateway-listen',
    purpose:
      'SIP over TCP from a separate gateway of the branch to the Mediation Server of the appliance or branch server',
    note: 'See sba.sip-tls.5067.',
    provenance: [...seed('server', 24, 49), page('defineGateway', 'BE-GW04')],
  }),
  port({
    id: 'sba.audio-udp.49152-57500',
    role: 'sba',
    transport: 'udp',
    ports: '49152-57500',
    protocol: 'RTP/SRTP',
    sources: ['client', 'phone', 'front-end', 'pstn-gateway'],
    purpose:
      'PSTN call audio to the Mediation Server of the branch appliance: clients and phones, conferencing dial-out, and a separate branch gateway',
    note: 'Row 40 gives the audio range of every server that terminates audio, Mediation Server included. Calls through the branch trunk may come from any client zone, so this is not limited to the branch zones; a gateway reaches it only when the appliance lists it.',
    provenance: [...seed('server', 40), page('lyncSbaDeploy', 'BR-SBA01')],
  }),
  port({
    id: 'sba.audio-tcp.49152-57500',
    role: 'sba',
    transport: 'tcp',
    ports: '49152-57500',
    protocol: 'RTP/SRTP',
    sources: ['client', 'phone', 'front-end'],
    purpose:
      'PSTN call audio over TCP to the Mediation Server of the branch appliance (clients, phones, conferencing)',
    note: 'Gateways send RTP over UDP only (sba.audio-udp.49152-57500).',
    provenance: [...seed('server', 40), page('lyncSbaDeploy', 'BR-SBA01')],
  }),
  port({
    id: 'sba.smb-cms-replication.445',
    role: 'sba',
    transport: 'tcp',
    ports: '445',
    protocol: 'SMB',
    sources: ['front-end'],
    conditions: { sourceCmsHolder: true },
    purpose:
      'Central Management store configuration pushed by the Master Replicator Agent to the replica on the branch appliance',
    note: 'Row 38: the pool holding the Central Management store pushes to the servers running Skype for Business Server, the appliance’s Registrar among them (finding cms-push-direction).',
    provenance: [...seed('server', 38), page('lyncSbaDeploy', 'BR-SBA01')],
  }),
  port({
    id: 'mediation.sip-mtls-sba.5070',
    role: 'mediation',
    transport: 'tcp',
    ports: '5070',
    protocol: 'SIP/MTLS',
    sources: ['sba'],
    conditions: { features: ['enterprise-voice'] },
    purpose:
      'SIP from the Registrar of a branch appliance to a central Mediation Server, for the backup route of branch users through a central gateway',
    note: 'The vendor recommends a branch voice policy whose backup route uses a central-site trunk; the registrar of the branch users sends those calls to the trunk’s Mediation Server, on the port rows 22, 47 and 50 give for requests from a registrar.',
    provenance: [...seed('server', 22, 47, 50), page('lyncBranchResiliency', 'BR-VR01')],
  }),
  port({
    id: 'pstn-gateway.sip-tls-sba.5082',
    role: 'pstn-gateway',
    transport: 'tcp',
    ports: '5082',
    protocol: 'SIP/TLS',
    sources: ['sba'],
    configurablePort: 'gateway-listen',
    purpose:
      'SIP over TLS from the Mediation Server of a branch appliance or server to the gateway it lists (appliance default 5082)',
    note: 'Topology Builder makes 5082 (TLS) the default listening port of the gateway on a Survivable Branch Appliance; a gateway of a branch server keeps 5067. The gateway’s listenPort overrides it.',
    provenance: [...seed('server', 26), page('defineGateway', 'BE-GW03')],
  }),
  port({
    id: 'pstn-gateway.sip-tcp-sba.5081',
    role: 'pstn-gateway',
    transport: 'tcp',
    ports: '5081',
    protocol: 'SIP/TCP',
    sources: ['sba'],
    configurablePort: 'gateway-listen',
    purpose:
      'SIP over TCP from the Mediation Server of a branch appliance or server to the gateway it lists (appliance default 5081)',
    note: 'See pstn-gateway.sip-tls-sba.5082; a gateway of a branch server keeps 5066.',
    provenance: [...seed('server', 25), page('defineGateway', 'BE-GW03')],
  }),
  port({
    id: 'pstn-gateway.audio-sba-udp.1024-65535',
    role: 'pstn-gateway',
    transport: 'udp',
    ports: '1024-65535',
    protocol: 'RTP/SRTP',
    sources: ['sba'],
    configurablePort: 'gateway-media',
    purpose:
      'PSTN call audio from the Mediation Server of a branch appliance or server to the gateway it lists (the gateway’s media range)',
    note: 'As pstn-gateway.audio-udp.1024-65535: no vendor page states a gateway’s media range, so the gateway’s mediaPorts when stated, else 1024-65535 (finding gateway-media-ports).',
    provenance: [page('defineGateway', 'BE-GW04'), page('lyncSbaDeploy', 'BR-SBA01')],
  }),
];
