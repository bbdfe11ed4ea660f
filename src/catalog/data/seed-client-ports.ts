import { port } from '../define.js';
import type { CatalogEntry } from '../types.js';
import { page, seed } from './sources.js';

/**
 * The seed's "Required Client Ports" table, 12 rows. Rows 2-6 are the Edge ports that remote users
 * connect to; they are carried by the Edge entries in edge.ts (which cite them), because the listener
 * is the Edge, not the client. Client media rows take their ports from the topology when
 * ClientMediaPortRangeEnabled is set (configurablePort: client-media); 1024-65535 is the default.
 */

/** Every host that exchanges media with a client: peers, conferences, Mediation, Edge relay, gateways. */
const MEDIA_PEERS = ['client', 'phone', 'front-end', 'mediation', 'pstn-gateway'] as const;

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
    conditions: { optional: true },
    purpose: 'File transfer between current clients and previous clients (OCS 2007 R2, OCS 2007, LCS 2005)',
    note: 'Only needed while such old clients remain; the Lync 2013 twin page names them.',
    provenance: [...seed('client', 7), page('lyncInternal', 'CL-S07')],
  }),
  ...(['tcp', 'udp'] as const).flatMap((transport) => [
    port({
      id: `client.audio-${transport}.1024-65535`,
      role: 'client',
      transport,
      ports: '1024-65535',
      protocol: 'RTP/SRTP',
      sources: MEDIA_PEERS,
      configurablePort: 'client-media',
      modalities: ['audio'],
      purpose: 'Audio media to clients (any port unless client media port ranges are enabled; 20 at least)',
      note: 'Peers, the A/V conferencing service, Mediation and gateways (media bypass) send audio to clients. Media relayed by the A/V Edge comes back on the session the client opened to the Edge (finding edge-internal-not-a-media-source).',
      provenance: [...seed('client', 8), page('clientPorts', 'CL-D01')],
    }),
    port({
      id: `client.video-${transport}.1024-65535`,
      role: 'client',
      transport,
      ports: '1024-65535',
      protocol: 'RTP/SRTP',
      sources: ['client', 'front-end'],
      configurablePort: 'client-media',
      modalities: ['video'],
      purpose: 'Video media to clients (any port unless client media port ranges are enabled; 20 at least)',
      provenance: [...seed('client', 9), page('clientPorts', 'CL-D04')],
    }),
  ]),
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
    sources: ['client', 'front-end'],
    configurablePort: 'client-media',
    modalities: ['appSharing'],
    purpose: 'Application and desktop sharing to clients (peer to peer and from the conferencing service)',
    provenance: [...seed('client', 11), page('clientPorts', 'CL-D06')],
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
