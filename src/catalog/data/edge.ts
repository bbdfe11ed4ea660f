import { port } from '../define.js';
import type { CatalogEntry, Conditions, Provenance } from '../types.js';
import { page, seed, UNTIL_2015 } from './sources.js';

/**
 * Edge Server requirements from the vendor's Edge pages: the Skype for Business
 * environmental requirements page (SE-*) for every current scenario, and the Lync Server 2013 per-scenario
 * port summaries (L13-*) for single / DNS-balanced / hardware-balanced, NAT / public addressing,
 * federation, public IM and XMPP. NAT versus public addressing changes addresses, never ports or
 * directions; the one exception is the traffic between the servers of a NAT-published pool, which
 * the vendor requires only for NAT (entries `edge-external-av.pool-peer-*`, condition `edgeNat`). Seed client rows 2-6 (remote users' ports) are carried
 * here, because the Edge is the side that listens.
 *
 * Per-server entries without a load-balancing condition apply to every Edge pool; entries on
 * `edge-lb-*` / `edge-internal-lb` apply only to hardware-balanced pools (their VIPs).
 */

const DNS: Conditions = { loadBalancing: 'dns' };
const HARDWARE: Conditions = { loadBalancing: 'hardware' };
const REMOTE: Conditions = { features: ['remote-access'] };
const FEDERATION: Conditions = { anyFeature: ['federation', 'public-im', 'hybrid'] };
const XMPP: Conditions = { features: ['xmpp'], products: UNTIL_2015 };
const LEGACY_FEDERATION: Conditions = { features: ['legacy-federation'] };
/** Every feature that has the A/V Edge exchange media with another organisation's Edge or Office 365. */
const MEDIA_FEDERATION: Conditions = {
  anyFeature: ['federation', 'public-im', 'hybrid', 'legacy-federation'],
};

/** Hosts that send media to or through the Edge internal interface ("Any" in the vendor's tables). */
const INTERNAL_MEDIA = ['client', 'phone', 'front-end', 'mediation', 'sba'] as const;

const env = (ref: string): Provenance => page('edgeEnv', ref);
const l13 = (ref: string): Provenance => page('lyncEdgeSingleNat', ref);
const l13Hlb = (ref: string): Provenance => page('lyncEdgeHlb', ref);
const l13Fed = (ref: string): Provenance => page('lyncFederation', ref);
const hybrid = (ref: string): Provenance => page('hybrid', ref);
const avFirewall = (ref: string): Provenance => page('lyncAvFirewall', ref);

export const edgePorts: readonly CatalogEntry[] = [
  // Internal interface of each Edge server.
  port({
    id: 'edge-internal.xmpp-gateway.23456',
    role: 'edge-internal',
    transport: 'tcp',
    ports: '23456',
    protocol: 'XMPP/MTLS',
    sources: ['front-end'],
    conditions: XMPP,
    purpose: 'XMPP gateway on the Front End pushes XMPP traffic to the Edge XMPP proxy',
    provenance: [
      env('SE-I01'),
      env('SE-HI01'),
      l13('L13-I01'),
      l13Hlb('L13-HI01'),
      l13Fed('L13-XM03'),
      page('deprecated2019', 'PV-01'),
    ],
  }),
  port({
    id: 'edge-internal.sip-mtls.5061',
    role: 'edge-internal',
    transport: 'tcp',
    ports: '5061',
    protocol: 'SIP/MTLS',
    sources: ['front-end', 'director'],
    purpose: 'SIP from the next-hop pool (Director or Front End) to the Edge',
    note: 'Planned to every Edge server also in hardware-balanced pools: the current page says servers reach each Edge server directly and keep the internal VIP for legacy cases.',
    provenance: [env('SE-I02'), l13('L13-I02'), env('SE-HN01')],
  }),
  port({
    id: 'edge-internal.psom.8057',
    role: 'edge-internal',
    transport: 'tcp',
    ports: '8057',
    protocol: 'PSOM/MTLS',
    sources: ['front-end'],
    conditions: { features: ['conferencing'] },
    purpose: 'Each Front End server sends web conferencing traffic to the Web Conferencing Edge',
    note: 'From every Front End server, not the pool VIP. Lync 2013 HLB pages also allow Director addresses (finding edge-hlb-internal-sources).',
    provenance: [env('SE-I04'), env('SE-HI03'), l13('L13-I04'), l13Hlb('L13-HI03')],
  }),
  port({
    id: 'edge-internal.av-authentication.5062',
    role: 'edge-internal',
    transport: 'tcp',
    ports: '5062',
    protocol: 'SIP/MTLS',
    sources: ['front-end', 'sba'],
    purpose: 'A/V authentication: Front End servers and branch appliances obtain media relay credentials',
    provenance: [env('SE-I05'), l13('L13-I05'), env('SE-HN03'), page('edgeEnv', 'BE-SBA02')],
  }),
  port({
    id: 'edge-internal.stun-udp.3478',
    role: 'edge-internal',
    transport: 'udp',
    ports: '3478',
    protocol: 'STUN/MSTURN',
    sources: INTERNAL_MEDIA,
    purpose: 'Preferred A/V path between internal hosts and remote users (STUN/TURN over UDP)',
    note: 'The vendor writes "Any"; these are the internal hosts that send or receive media.',
    provenance: [env('SE-I06'), env('SE-HI04'), l13('L13-I06'), l13Hlb('L13-HI04')],
  }),
  port({
    id: 'edge-internal.stun-tcp.443',
    role: 'edge-internal',
    transport: 'tcp',
    ports: '443',
    protocol: 'STUN/MSTURN',
    sources: INTERNAL_MEDIA,
    purpose: 'Fallback A/V path over TCP; also file transfer and desktop sharing with remote users',
    note: 'The vendor writes "Any"; these are the internal hosts that send or receive media.',
    provenance: [env('SE-I07'), env('SE-HI05'), l13('L13-I07'), l13Hlb('L13-HI05')],
  }),
  port({
    id: 'edge-internal.cms-replication.4443',
    role: 'edge-internal',
    transport: 'tcp',
    ports: '4443',
    protocol: 'HTTPS',
    sources: ['front-end'],
    conditions: { sourceCmsHolder: true },
    purpose: 'Central Management store replication to the Edge (not the reverse proxy 4443)',
    provenance: [
      env('SE-I08'),
      env('SE-HI02'),
      l13('L13-I08'),
      l13Hlb('L13-HI02'),
      page('edgeEnv', 'BE-CMS02'),
    ],
  }),
  port({
    id: 'edge-internal.cls.50001-50003',
    role: 'edge-internal',
    transport: 'tcp',
    ports: '50001-50003',
    protocol: 'MTLS',
    sources: ['front-end'],
    conditions: { optional: true },
    purpose: 'Centralized Logging Service: controller commands to the agent and log collection',
    note: 'The vendor writes "Any"; the CLS controller runs where administrators run the management shell, usually a Front End server. Diagnostics only.',
    provenance: [
      env('SE-I09'),
      env('SE-I10'),
      env('SE-I11'),
      env('SE-HI06'),
      env('SE-HI07'),
      env('SE-HI08'),
      l13('L13-I09'),
      l13('L13-I10'),
      l13('L13-I11'),
      l13Hlb('L13-HI06'),
      l13Hlb('L13-HI07'),
      l13Hlb('L13-HI08'),
      page('lyncDirector', 'DIR-S07'),
      page('lyncDirector', 'DIR-S08'),
      page('lyncDirector', 'DIR-S09'),
      page('edgeEnv', 'BE-CLS01'),
    ],
  }),

  // Internal VIP of a hardware-balanced Edge pool.
  port({
    id: 'edge-internal-lb.sip-mtls.5061',
    role: 'edge-internal-lb',
    transport: 'tcp',
    ports: '5061',
    protocol: 'SIP/MTLS',
    sources: ['front-end', 'director'],
    conditions: HARDWARE,
    purpose: 'SIP from the next-hop pool to the Edge internal VIP',
    provenance: [env('SE-HN01'), l13Hlb('L13-HN01')],
  }),
  port({
    id: 'edge-internal-lb.av-authentication.5062',
    role: 'edge-internal-lb',
    transport: 'tcp',
    ports: '5062',
    protocol: 'SIP/MTLS',
    sources: ['front-end', 'sba'],
    conditions: HARDWARE,
    purpose: 'A/V authentication through the Edge internal VIP',
    provenance: [env('SE-HN03'), l13Hlb('L13-HN03')],
  }),
  port({
    id: 'edge-internal-lb.stun-udp.3478',
    role: 'edge-internal-lb',
    transport: 'udp',
    ports: '3478',
    protocol: 'STUN/MSTURN',
    sources: INTERNAL_MEDIA,
    conditions: HARDWARE,
    purpose: 'Preferred A/V path through the Edge internal VIP',
    provenance: [env('SE-HN04'), l13Hlb('L13-HN04')],
  }),
  port({
    id: 'edge-internal-lb.stun-tcp.443',
    role: 'edge-internal-lb',
    transport: 'tcp',
    ports: '443',
    protocol: 'STUN/MSTURN',
    sources: INTERNAL_MEDIA,
    conditions: HARDWARE,
    purpose: 'Fallback A/V path, file transfer and desktop sharing through the Edge internal VIP',
    provenance: [env('SE-HN05'), l13Hlb('L13-HN05')],
  }),

  // External addresses of each Edge server: inbound.
  port({
    id: 'edge-external-access.sip-tls.443',
    role: 'edge-external-access',
    transport: 'tcp',
    ports: '443',
    protocol: 'SIP/TLS',
    sources: ['external-user'],
    conditions: { ...DNS, ...REMOTE },
    purpose: 'Remote users sign in and send SIP to the Access Edge',
    provenance: [...seed('client', 2), env('SE-X05'), l13('L13-X06'), l13Fed('L13-P03')],
  }),
  port({
    id: 'edge-external-access.sip-mtls.5061',
    role: 'edge-external-access',
    transport: 'tcp',
    ports: '5061',
    protocol: 'SIP/MTLS',
    sources: ['federated-partner'],
    conditions: { ...DNS, ...FEDERATION },
    purpose:
      'Federated organisations, public IM providers and Office 365 (hybrid) send SIP to the Access Edge',
    note: 'Seed client row 6 calls 5061 client-to-server SIP; the Edge pages say remote clients use 443 and 5061 is federation (finding client-5061).',
    provenance: [...seed('client', 6), env('SE-X06'), l13('L13-X07'), l13Fed('L13-P01'), hybrid('HY-02')],
  }),
  port({
    id: 'edge-external-access.xmpp.5269',
    role: 'edge-external-access',
    transport: 'tcp',
    ports: '5269',
    protocol: 'XMPP',
    sources: ['xmpp-partner'],
    conditions: { ...DNS, ...XMPP },
    purpose: 'Federated XMPP servers reach the XMPP proxy (shares the Access Edge address)',
    provenance: [env('SE-X01'), l13('L13-X01'), l13Fed('L13-XM01')],
  }),
  port({
    id: 'edge-external-webconf.psom.443',
    role: 'edge-external-webconf',
    transport: 'tcp',
    ports: '443',
    protocol: 'PSOM/TLS',
    sources: ['external-user'],
    conditions: { ...DNS, ...REMOTE },
    purpose: 'Remote, anonymous and federated meeting participants fetch meeting content (PSOM)',
    provenance: [...seed('client', 3), env('SE-X08'), l13('L13-X09')],
  }),
  port({
    id: 'edge-external-av.stun-udp.3478',
    role: 'edge-external-av',
    transport: 'udp',
    ports: '3478',
    protocol: 'STUN/MSTURN',
    sources: ['external-user', 'federated-partner'],
    purpose: 'Remote users and federated Edges negotiate media candidates and relay media over UDP',
    note: 'Also listed per server in hardware-balanced pools: media goes to the real server address, not the VIP.',
    provenance: [
      ...seed('client', 5),
      env('SE-X12'),
      env('SE-HX07'),
      l13('L13-X15'),
      l13Hlb('L13-HX09'),
      l13Fed('L13-P06'),
      hybrid('HY-06'),
    ],
  }),
  port({
    id: 'edge-external-av.stun-tcp.443',
    role: 'edge-external-av',
    transport: 'tcp',
    ports: '443',
    protocol: 'STUN/MSTURN',
    sources: ['external-user', 'federated-partner'],
    purpose: 'Remote users and federated Edges negotiate media candidates and relay media over TCP',
    provenance: [...seed('client', 4), env('SE-X13'), env('SE-HX08'), l13('L13-X16'), l13Hlb('L13-HX10')],
  }),
  port({
    id: 'edge-external-av.rtp-tcp.50000-59999',
    role: 'edge-external-av',
    transport: 'tcp',
    ports: '50000-59999',
    protocol: 'RTP/SRTP',
    sources: ['federated-partner'],
    conditions: LEGACY_FEDERATION,
    purpose: 'Inbound media from OCS 2007 federated partners',
    note: 'Dropped from the current Skype for Business Edge page (finding edge-inbound-media-range). Not for hybrid: the Office 365 row with destination 50000-59999 has source port 443, the reply to the A/V Edge connecting out to Office 365 TCP 443, which a stateful firewall lets back in (finding hybrid-table-removed).',
    provenance: [l13('L13-X12'), l13Hlb('L13-HX06'), avFirewall('AV-OCS2007')],
  }),
  port({
    id: 'edge-external-av.rtp-udp.50000-59999',
    role: 'edge-external-av',
    transport: 'udp',
    ports: '50000-59999',
    protocol: 'RTP/SRTP',
    sources: ['federated-partner'],
    conditions: LEGACY_FEDERATION,
    purpose: 'Inbound media from OCS 2007 federated partners',
    provenance: [l13('L13-X13'), l13Hlb('L13-HX07'), avFirewall('AV-OCS2007')],
  }),

  // Between the servers of one NAT-published Edge pool, through their public A/V addresses.
  ...(
    [
      ['udp', '3478', 'STUN/MSTURN', 'stun-udp'],
      ['tcp', '443', 'STUN/MSTURN', 'stun-tcp'],
      ['udp', '50000-59999', 'RTP/SRTP', 'rtp-udp'],
      ['tcp', '50000-59999', 'RTP/SRTP', 'rtp-tcp'],
    ] as const
  ).map(([transport, ports, protocol, name]) =>
    port({
      id: `edge-external-av.pool-peer-${name}.${ports}`,
      role: 'edge-external-av',
      transport,
      ports,
      protocol,
      sources: ['edge-external-av'],
      conditions: { edgeNat: true },
      purpose:
        'The A/V Edge servers of one pool behind NAT reach each other at their public A/V addresses, to relay media between their users',
      note: 'The page requires this traffic but names no port: the catalog takes the A/V Edge media ports (STUN/TURN 3478 and 443, relay range 50000-59999), each server of the pool connecting to the others. Planned only for pools with more than one server (finding edge-pool-public-av-peers).',
      provenance: [env('SE-LB01'), env('SE-X11')],
    }),
  ),

  // External addresses of each Edge server: outbound.
  port({
    id: 'internet.http-crl.80',
    role: 'internet',
    transport: 'tcp',
    ports: '80',
    protocol: 'HTTP',
    sources: ['edge-external-access'],
    purpose: 'The Edge downloads certificate revocation lists',
    provenance: [env('SE-X02'), env('SE-HX01'), l13('L13-X03'), l13Hlb('L13-HX01')],
  }),
  ...(['tcp', 'udp'] as const).map((transport) =>
    port({
      id: `internet.dns-${transport}.53`,
      role: 'internet',
      transport,
      ports: '53',
      protocol: 'DNS',
      sources: ['edge-external-access'],
      purpose: 'The Edge resolves federated domains and partner SRV records on external DNS',
      note: 'The vendor gives "Any" as destination on the external side, so the planner maps it to the internet rather than to modelled DNS servers.',
      provenance:
        transport === 'tcp'
          ? [env('SE-X03'), env('SE-HX02'), l13('L13-X04'), l13Hlb('L13-HX02')]
          : [env('SE-X04'), env('SE-HX03'), l13('L13-X05'), l13Hlb('L13-HX03')],
    }),
  ),
  port({
    id: 'federated-partner.sip-mtls.5061',
    role: 'federated-partner',
    transport: 'tcp',
    ports: '5061',
    protocol: 'SIP/MTLS',
    sources: ['edge-external-access'],
    conditions: FEDERATION,
    purpose: 'The Access Edge sends SIP to federated organisations, public IM providers and Office 365',
    provenance: [
      env('SE-X07'),
      env('SE-HV05'),
      l13('L13-X08'),
      l13Fed('L13-F01'),
      l13Fed('L13-P02'),
      l13Hlb('L13-HV05'),
      hybrid('HY-01'),
    ],
  }),
  port({
    id: 'xmpp-partner.xmpp.5269',
    role: 'xmpp-partner',
    transport: 'tcp',
    ports: '5269',
    protocol: 'XMPP',
    sources: ['edge-external-access'],
    conditions: XMPP,
    purpose: 'The XMPP proxy on the Access Edge address reaches federated XMPP servers',
    provenance: [env('SE-HV02'), page('lyncEdgeDnsNat', 'L13-X02'), l13Fed('L13-XM02'), l13Hlb('L13-HV02')],
  }),
  port({
    id: 'internet.rtp-tcp.50000-59999',
    role: 'internet',
    transport: 'tcp',
    ports: '50000-59999',
    protocol: 'RTP/SRTP',
    sources: ['edge-external-av'],
    conditions: MEDIA_FEDERATION,
    purpose:
      'The A/V Edge relays media to federated Edges, public IM providers and Office 365 over TCP, to their media port range',
    note: 'Every Edge table gives 50000-59999 as the destination; the A/V firewall page calls it the A/V Edge source range towards TCP 443 (finding edge-outbound-media-destination). Kept for the features whose pages give a reason (federation with Lync 2010/2013 and OCS partners, Office 365); no page gives one for remote users, whose clients always connect in to the A/V Edge.',
    provenance: [
      env('SE-X09'),
      env('SE-HX04'),
      l13('L13-X10'),
      l13Hlb('L13-HX04'),
      l13Fed('L13-P04'),
      hybrid('HY-03'),
      avFirewall('AV-OCS2007'),
    ],
  }),
  port({
    id: 'internet.rtp-udp.50000-59999',
    role: 'internet',
    transport: 'udp',
    ports: '50000-59999',
    protocol: 'RTP/SRTP',
    sources: ['edge-external-av'],
    conditions: LEGACY_FEDERATION,
    purpose: 'The A/V Edge relays media to OCS 2007 federated partners over UDP',
    note: 'The Skype for Business page lists this row without a reason; the Lync Server 2013 pages give only federation with OCS 2007, and the A/V firewall page says later partners need just TCP outbound (finding edge-outbound-udp-media).',
    provenance: [env('SE-X10'), env('SE-HX05'), l13('L13-X11'), l13Hlb('L13-HX05'), avFirewall('AV-OCS2007')],
  }),
  port({
    id: 'internet.stun-udp.3478',
    role: 'internet',
    transport: 'udp',
    ports: '3478',
    protocol: 'STUN/MSTURN',
    sources: ['edge-external-av'],
    purpose:
      'Outbound STUN: Edge version discovery, Edge-to-Edge media, federation, several Edge pools in one organisation',
    provenance: [
      env('SE-X11'),
      env('SE-HX06'),
      l13('L13-X14'),
      l13Hlb('L13-HX08'),
      l13Fed('L13-P05'),
      hybrid('HY-05'),
    ],
  }),
  port({
    id: 'internet.stun-tcp.443',
    role: 'internet',
    transport: 'tcp',
    ports: '443',
    protocol: 'STUN/MSTURN',
    sources: ['edge-external-av'],
    purpose: 'Outbound media candidate negotiation over TCP with remote Edges and Office 365',
    provenance: [env('SE-X14'), env('SE-HX09'), l13('L13-X17'), l13Hlb('L13-HX11'), hybrid('HY-03')],
  }),

  // External VIPs of a hardware-balanced Edge pool.
  port({
    id: 'edge-lb-access.sip-tls.443',
    role: 'edge-lb-access',
    transport: 'tcp',
    ports: '443',
    protocol: 'SIP/TLS',
    sources: ['external-user'],
    conditions: { ...HARDWARE, ...REMOTE },
    purpose: 'Remote users sign in through the Access Edge VIP',
    provenance: [env('SE-HV03'), l13Hlb('L13-HV03')],
  }),
  port({
    id: 'edge-lb-access.sip-mtls.5061',
    role: 'edge-lb-access',
    transport: 'tcp',
    ports: '5061',
    protocol: 'SIP/MTLS',
    sources: ['federated-partner'],
    conditions: { ...HARDWARE, ...FEDERATION },
    purpose: 'Federation and public IM SIP to the Access Edge VIP',
    provenance: [env('SE-HV04'), l13Hlb('L13-HV04')],
  }),
  port({
    id: 'edge-lb-access.xmpp.5269',
    role: 'edge-lb-access',
    transport: 'tcp',
    ports: '5269',
    protocol: 'XMPP',
    sources: ['xmpp-partner'],
    conditions: { ...HARDWARE, ...XMPP },
    purpose: 'Federated XMPP servers reach the XMPP proxy through the Access Edge VIP',
    provenance: [env('SE-HV01'), l13Hlb('L13-HV01')],
  }),
  port({
    id: 'edge-lb-webconf.psom.443',
    role: 'edge-lb-webconf',
    transport: 'tcp',
    ports: '443',
    protocol: 'PSOM/TLS',
    sources: ['external-user'],
    conditions: { ...HARDWARE, ...REMOTE },
    purpose: 'Meeting content through the Web Conferencing Edge VIP',
    provenance: [env('SE-HV06'), l13Hlb('L13-HV06')],
  }),
  port({
    id: 'edge-lb-av.stun-udp.3478',
    role: 'edge-lb-av',
    transport: 'udp',
    ports: '3478',
    protocol: 'STUN/MSTURN',
    sources: ['external-user', 'federated-partner'],
    conditions: HARDWARE,
    purpose: 'Media candidate negotiation over UDP through the A/V Edge VIP',
    provenance: [env('SE-HV07'), l13Hlb('L13-HV07')],
  }),
  port({
    id: 'edge-lb-av.stun-tcp.443',
    role: 'edge-lb-av',
    transport: 'tcp',
    ports: '443',
    protocol: 'STUN/MSTURN',
    sources: ['external-user', 'federated-partner'],
    conditions: HARDWARE,
    purpose: 'Media candidate negotiation over TCP through the A/V Edge VIP',
    provenance: [env('SE-HV08'), l13Hlb('L13-HV08')],
  }),
];
