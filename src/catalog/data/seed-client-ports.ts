import { port } from '../define.js';
import type { CatalogEntry } from '../types.js';
import { FRONT_END_AUDIO } from './seed-server-ports.js';
import { page, seed } from './sources.js';

/**
 * The seed's "Required Client Ports" table, 12 rows. Rows 2-6 are the Edge ports that remote users
 * connect to; they are carried by the Edge entries in edge.ts (which cite them), because the listener
 * is the Edge, not the client. Client media rows take their ports from the topology when
 * ClientMediaPortRangeEnabled is set (configurablePort: client-media); 1024-65535 is the default.
 */

/**
 * Who sends media to a client or phone, and why each is planned the way it is:
 *   - peers (clients and phones) call each other: required, both ends are endpoints that listen;
 *   - servers that terminate media (the Front End's conferencing and application services, the
 *     Mediation Server) are ICE peers reached by the client first: the client's connectivity checks
 *     to the server's media range (planned required) open the path, and a stateful firewall lets the
 *     server's media back on that session. Planned optional, belt and braces for stateless filters
 *     (finding server-media-to-endpoints);
 *   - a PSTN gateway sends to a client or phone only when media bypass is on for its trunk, over UDP
 *     (finding media-bypass-per-trunk).
 */
const PEERS = ['client', 'phone'] as const;
const AUDIO_SERVERS = ['front-end', 'mediation'] as const;
/** The Front End's audio services, and Enterprise Voice for the Mediation Server. */
const SERVER_AUDIO = { anyFeature: [...FRONT_END_AUDIO, 'enterprise-voice'], optional: true } as const;
const BYPASS = { features: ['enterprise-voice'], mediaBypass: true } as const;
const SERVER_MEDIA_NOTE =
  'Optional: the vendor lists the client’s media ports without a caller, and every server here is an ICE peer that the client reaches first on the server’s media range (planned required), so a stateful firewall passes the server’s media on that session. Kept for stateless filters and host firewalls (finding server-media-to-endpoints).';

export const seedClientPorts: readonly CatalogEntry[] = [
  port({
    id: 'dhcp.dhcp-client.67',
    role: 'dhcp',
    transport: 'udp',
    ports: '67',
    protocol: 'DHCP',
    sources: ['client'],
    conditions: { optional: true },
    purpose: 'Clients ask DHCP (option 120) for the registrar when DNS SRV lookup and manual settings fail',
    note: 'DHCP servers listen on 67 and answer on the client port 68; both are carried.',
    provenance: seed('client', 1),
  }),
  port({
    id: 'client.dhcp-reply.68',
    role: 'client',
    transport: 'udp',
    ports: '68',
    protocol: 'DHCP',
    sources: ['dhcp'],
    conditions: { optional: true },
    purpose: 'DHCP answers to clients looking for the registrar',
    provenance: seed('client', 1),
  }),
  port({
    id: 'client.file-transfer-legacy.6891-6901',
    role: 'client',
    transport: 'tcp',
    ports: '6891-6901',
    protocol: 'TCP',
    sources: ['client'],
    conditions: { optional: true, products: ['lync2013'] },
    purpose: 'File transfer between current clients and previous clients (OCS 2007 R2, OCS 2007, LCS 2005)',
    note: 'The Lync Server 2013 page names the previous clients: Office Communications Server 2007 R2 and 2007 and Live Communications Server 2005. Only a Lync Server 2013 deployment in migration can still have them, so the entry is limited to lync2013 and optional (finding legacy-file-transfer).',
    provenance: [...seed('client', 7), page('lyncInternal', 'CL-S07')],
  }),
  ...(['tcp', 'udp'] as const).flatMap((transport) => [
    port({
      id: `client.audio-${transport}.1024-65535`,
      role: 'client',
      transport,
      ports: '1024-65535',
      protocol: 'RTP/SRTP',
      sources: PEERS,
      configurablePort: 'client-media',
      modalities: ['audio'],
      purpose:
        'Audio media from peers (clients and phones) to clients (any port unless client media port ranges are enabled; 20 at least)',
      note: 'Peer-to-peer calls: both ends listen on their media ports. Servers and gateways are separate entries (client.audio-server-*, client.audio-bypass-udp). Media relayed by the A/V Edge comes back on the session the client opened to the Edge (finding edge-internal-not-a-media-source).',
      provenance: [...seed('client', 8), page('clientPorts', 'CL-D01')],
    }),
    port({
      id: `client.audio-server-${transport}.1024-65535`,
      role: 'client',
      transport,
      ports: '1024-65535',
      protocol: 'RTP/SRTP',
      sources: AUDIO_SERVERS,
      conditions: SERVER_AUDIO,
      configurablePort: 'client-media',
      modalities: ['audio'],
      purpose:
        'Audio media from conferencing and application services on Front End servers, and from Mediation Servers, to clients',
      note: SERVER_MEDIA_NOTE,
      provenance: [...seed('client', 8), ...seed('server', 40), page('serverPorts', 'SV-D01')],
    }),
    port({
      id: `client.video-${transport}.1024-65535`,
      role: 'client',
      transport,
      ports: '1024-65535',
      protocol: 'RTP/SRTP',
      sources: ['client'],
      configurablePort: 'client-media',
      modalities: ['video'],
      purpose:
        'Video media from peer clients (any port unless client media port ranges are enabled; 20 at least)',
      provenance: [...seed('client', 9), page('clientPorts', 'CL-D04')],
    }),
    port({
      id: `client.video-conferencing-${transport}.1024-65535`,
      role: 'client',
      transport,
      ports: '1024-65535',
      protocol: 'RTP/SRTP',
      sources: ['front-end'],
      conditions: { features: ['conferencing'], optional: true },
      configurablePort: 'client-media',
      modalities: ['video'],
      purpose: 'Video media from the A/V Conferencing service on Front End servers to clients',
      note: SERVER_MEDIA_NOTE,
      provenance: [...seed('client', 9), ...seed('server', 10)],
    }),
    port({
      id: `phone.audio-${transport}.1024-65535`,
      role: 'phone',
      transport,
      ports: '1024-65535',
      protocol: 'RTP/SRTP',
      sources: PEERS,
      configurablePort: 'client-media',
      modalities: ['audio'],
      purpose: 'Audio media from peers (clients and phones) to IP phones',
      note: 'A phone terminates audio like a client: the seed’s client audio row gives no other range, so phones take the client’s (and the configured client audio range when ranges are enabled). Audio only: the phones the vendor lists are audio devices.',
      provenance: [...seed('client', 8), ...seed('server', 40), page('clientPorts', 'CL-D01')],
    }),
    port({
      id: `phone.audio-server-${transport}.1024-65535`,
      role: 'phone',
      transport,
      ports: '1024-65535',
      protocol: 'RTP/SRTP',
      sources: AUDIO_SERVERS,
      conditions: SERVER_AUDIO,
      configurablePort: 'client-media',
      modalities: ['audio'],
      purpose:
        'Audio media from conferencing and application services on Front End servers, and from Mediation Servers, to IP phones',
      note: SERVER_MEDIA_NOTE,
      provenance: [...seed('client', 8), ...seed('server', 40), page('serverPorts', 'SV-D01')],
    }),
  ]),
  ...(['client', 'phone'] as const).map((role) =>
    port({
      id: `${role}.audio-bypass-udp.1024-65535`,
      role,
      transport: 'udp',
      ports: '1024-65535',
      protocol: 'RTP/SRTP',
      sources: ['pstn-gateway'],
      conditions: BYPASS,
      configurablePort: 'client-media',
      modalities: ['audio'],
      purpose: `PSTN call audio from a gateway whose trunk has media bypass, straight to ${role === 'client' ? 'clients' : 'IP phones'}`,
      note: 'Only gateways with mediaBypass in the topology, and only UDP: gateways send RTP over UDP. The trunk page asks for RTP latching when the endpoint is behind a firewall, and latching is a capability of the peer, so the gateway’s media to the endpoint is planned required (finding media-bypass-per-trunk).',
      provenance: [
        ...seed('client', 8),
        page('trunkMediaBypass', 'VB-01'),
        page('trunkMediaBypass', 'VB-02'),
        page('mediaBypass', 'VB-03'),
      ],
    }),
  ),
  port({
    id: 'client.file-transfer.1024-65535',
    role: 'client',
    transport: 'tcp',
    ports: '1024-65535',
    protocol: 'TCP',
    sources: ['client'],
    configurablePort: 'client-media',
    modalities: ['fileTransfer'],
    purpose: 'Peer-to-peer file transfer between clients (conference file transfer uses PSOM instead)',
    provenance: [...seed('client', 10), page('clientPorts', 'CL-D08')],
  }),
  port({
    id: 'client.app-sharing.1024-65535',
    role: 'client',
    transport: 'tcp',
    ports: '1024-65535',
    protocol: 'RTP/SRTP',
    sources: ['client'],
    configurablePort: 'client-media',
    modalities: ['appSharing'],
    purpose: 'Peer-to-peer application and desktop sharing between clients',
    provenance: [...seed('client', 11), page('clientPorts', 'CL-D06')],
  }),
  port({
    id: 'client.app-sharing-conferencing.1024-65535',
    role: 'client',
    transport: 'tcp',
    ports: '1024-65535',
    protocol: 'RTP/SRTP',
    sources: ['front-end'],
    conditions: { features: ['conferencing', 'app-sharing'], optional: true },
    configurablePort: 'client-media',
    modalities: ['appSharing'],
    purpose:
      'Application and desktop sharing from the Application Sharing service on Front End servers to clients',
    note: SERVER_MEDIA_NOTE,
    provenance: [...seed('client', 11), ...seed('server', 28)],
  }),
  port({
    id: 'dhcp.dhcp-phone.67',
    role: 'dhcp',
    transport: 'udp',
    ports: '67',
    protocol: 'DHCP',
    sources: ['phone'],
    conditions: { features: ['phone-provisioning'] },
    purpose:
      'Lync Phone Edition devices (Aastra, HP, Polycom CX) find the certificate, provisioning FQDN and registrar through DHCP',
    provenance: seed('client', 12),
  }),
  port({
    id: 'phone.dhcp-reply.68',
    role: 'phone',
    transport: 'udp',
    ports: '68',
    protocol: 'DHCP',
    sources: ['dhcp'],
    conditions: { features: ['phone-provisioning'] },
    purpose: 'DHCP answers to phones being provisioned',
    provenance: seed('client', 12),
  }),
];
