import { finding } from '../define.js';
import type { LintFinding } from '../types.js';
import { page, seed } from './sources.js';

/**
 * Where the vendor's material repeats or contradicts itself, and what the catalog decided. Each
 * finding names the entries that carry the decision, so `catalog --lint` answers "why is this entry
 * the way it is?". Ids are stable and never reused.
 */

export const findings: readonly LintFinding[] = [
  // Required Server Ports (by Server Role)
  finding({
    id: 'sql-browser-twice',
    kind: 'duplicate',
    summary:
      'SQL Browser UDP 1434 for the local Central Management store replica is listed twice (rows 1 and 39).',
    decision:
      'One entry per server role cites both rows. The instance is local to each server (the replica is filled over SMB 445 or HTTPS 4443), so the entries are kept for review and planned as no network flow.',
    entries: [
      'front-end.sql-browser-local.1434',
      'director.sql-browser-local.1434',
      'mediation.sql-browser-local.1434',
      'persistent-chat.sql-browser-local.1434',
      'edge-internal.sql-browser-local.1434',
    ],
    provenance: [...seed('server', 1, 39), page('seed', 'BC-03')],
  }),
  finding({
    id: 'mediation-5070-protocol',
    kind: 'contradiction',
    summary:
      'Mediation 5070 appears twice under Mediation Servers with protocol "TCP" (row 47) and "TCP (MTLS)" (row 50), and again as "TCP" for collocated Mediation (row 22).',
    decision:
      'One entry, SIP/MTLS: the Front End 5061 row says Front End to Mediation SIP is MTLS. It applies to stand-alone and collocated Mediation alike.',
    entries: ['mediation.sip-mtls.5070'],
    provenance: [...seed('server', 22, 47, 50), page('seed', 'BC-02')],
  }),
  finding({
    id: 'collocated-mediation-repeats',
    kind: 'duplicate',
    summary:
      'Rows 22-24 (Front End with collocated Mediation: 5070, 5067, 5068) repeat rows 47-49 (Mediation Servers).',
    decision:
      'The mediation role covers both stand-alone Mediation pools and Front End pools with collocated Mediation, so each port is one entry citing both rows.',
    entries: ['mediation.sip-mtls.5070', 'mediation.sip-tls.5067', 'mediation.sip-tcp.5068'],
    provenance: seed('server', 22, 23, 24, 47, 48, 49),
  }),
  finding({
    id: 'mediation-5081-5082-outgoing',
    kind: 'direction',
    summary:
      'Rows 25-26 list 5081 (TCP) and 5082 (TLS) as ports of the Front End with collocated Mediation, but describe them as outgoing SIP from Mediation to the PSTN gateway. Topology Builder’s gateway page (step 6) makes 5081/5082 the default listening ports of the gateway on a Survivable Branch Appliance, whose peer is the Mediation Server inside the same appliance, and 5066/5067 the defaults of every other gateway, PBX or SBC.',
    decision:
      'Carried as the listening ports of the branch appliance’s gateway, reached by the appliance’s Mediation Server. Central Mediation pools reach gateways on the gateway’s listening port from the topology (default 5067 TLS / 5066 TCP), never a fixed 5081/5082. The rows stay on the appliance itself (sba.sip-tcp.5081, sba.sip-tls.5082) as no network flow, for a built-in gateway that has no address of its own; a gateway the appliance lists in branchAppliances[].gateways is planned from the appliance on its listenPort, which defaults to 5081 (TCP) / 5082 (TLS) when the gateway belongs to an appliance and to 5066/5067 for a branch server (pstn-gateway.sip-tcp-sba.5081, pstn-gateway.sip-tls-sba.5082).',
    entries: [
      'sba.sip-tcp.5081',
      'sba.sip-tls.5082',
      'pstn-gateway.sip-tls.5067',
      'pstn-gateway.sip-tcp.5066',
      'pstn-gateway.sip-tcp-sba.5081',
      'pstn-gateway.sip-tls-sba.5082',
    ],
    provenance: [...seed('server', 25, 26), page('defineGateway', 'BC-01')],
  }),
  finding({
    id: 'branch-appliance-listeners',
    kind: 'omission',
    summary:
      'No port table has a row for the Survivable Branch Appliance or Server as a listener, although it holds a Registrar and a Mediation Server (and, on an appliance, a PSTN gateway), branch users must register on it, and it fails them over to a backup pool at the central site.',
    decision:
      'The appliance listens like the servers whose roles it carries: SIP 5061 as a Registrar (TLS from the clients and phones that register on it, MTLS from Front End pools and Directors), 5070 and the gateway ports 5067/5068 as a Mediation Server, the audio range 49152-57500 of row 40, SMB 445 for the Central Management store push; its Registrar reaches central Mediation pools on 5070 for backup routes. Rows 3, 22-24, 38, 40, 46-50 are cited for that reason, with the branch pages.',
    entries: [
      'sba.sip-tls.5061',
      'sba.sip-mtls.5061',
      'sba.sip-mtls.5070',
      'sba.sip-tls.5067',
      'sba.sip-tcp.5068',
      'sba.audio-udp.49152-57500',
      'sba.audio-tcp.49152-57500',
      'sba.smb-cms-replication.445',
      'mediation.sip-mtls.5070',
      'mediation.sip-mtls-sba.5070',
    ],
    provenance: [
      ...seed('server', 3, 22, 23, 24, 38, 40),
      page('lyncBranchResiliency', 'BR-REG01'),
      page('lyncSbaDeploy', 'BR-SBA01'),
    ],
  }),
  finding({
    id: 'port-5066-two-meanings',
    kind: 'contradiction',
    summary:
      'The seed labels TCP 5066 "outbound Enhanced 9-1-1 gateway" (row 32); the gateway page makes 5066 the default TCP listening port of any PSTN gateway.',
    decision:
      'Both kept: the E9-1-1 provider or ELIN gateway on 5066 from the Mediation Server when e911 is enabled, and PSTN gateways on their configured port (5066 is only the TCP default).',
    entries: ['e911.sip.5066', 'pstn-gateway.sip-tcp.5066'],
    provenance: [...seed('server', 32), page('defineGateway', 'BC-01')],
  }),
  finding({
    id: 'av-edge-for-every-external-scenario',
    kind: 'ambiguity',
    summary:
      'The Edge page lists inbound STUN/MSTURN to the A/V Edge (UDP 3478, TCP 443, source Any) without tying it to remote user access; a first reading planned it only with remote-access, so an Edge pool used for federation, public IM or hybrid alone got no inbound A/V and federated calls failed.',
    decision:
      'Inbound UDP 3478 and TCP 443 to the A/V Edge (and to its hardware load balancer VIP) are planned for every Edge pool, whatever external features it runs: remote users and federated Edges both negotiate media there.',
    entries: [
      'edge-external-av.stun-udp.3478',
      'edge-external-av.stun-tcp.443',
      'edge-lb-av.stun-udp.3478',
      'edge-lb-av.stun-tcp.443',
    ],
    provenance: [page('edgeEnv', 'SE-X12'), page('edgeEnv', 'SE-X13'), page('edgeEnv', 'SE-HX07')],
  }),
  finding({
    id: 'edge-internal-not-a-media-source',
    kind: 'direction',
    summary:
      "The seed's media rows (Front End audio, video and application sharing, Mediation audio, client media) list no source, and a first reading took the Edge internal interface as one of them. The Edge page's internal firewall tables name only Any to the Edge internal interface on UDP 3478 (preferred A/V path) and TCP 443 (fallback, file transfer, desktop sharing); no row has the Edge internal interface open connections to internal hosts.",
    decision:
      'The Edge internal interface is not a source of media to clients, phones, Front End or Mediation Servers: internal hosts are TURN clients of the Edge, and relayed media comes back on the session they opened to 3478/443. A perimeter-to-internal rule on a media range would open the desktops and servers to the perimeter network for nothing.',
    entries: [
      'front-end.video-tcp.57501-65535',
      'front-end.video-udp.57501-65535',
      'front-end.app-sharing-media.49152-65535',
      'front-end.audio-tcp.49152-57500',
      'front-end.audio-udp.49152-57500',
      'mediation.audio-tcp.49152-57500',
      'mediation.audio-udp.49152-57500',
      'client.audio-tcp.1024-65535',
      'client.audio-udp.1024-65535',
      'client.video-tcp.1024-65535',
      'client.video-udp.1024-65535',
      'client.file-transfer.1024-65535',
      'client.app-sharing.1024-65535',
    ],
    provenance: [page('edgeEnv', 'SE-I06'), page('edgeEnv', 'SE-I07'), page('edgeEnv', 'SE-HI04')],
  }),
  finding({
    id: 'e911-outbound-under-front-end',
    kind: 'direction',
    summary:
      'Row 32 sits under Front End Servers but says the traffic is outbound to an E9-1-1 gateway. The E9-1-1 planning page says emergency calls go to the service provider over a SIP trunk from Mediation Servers, either multihomed toward the provider or behind an on-premises SBC; the Front End is no party to that trunk.',
    decision:
      'The E9-1-1 gateway listens and the Mediation Server connects (with an SBC in between, the SBC is an ordinary trunk peer: pstn-gateway entries). The E9-1-1 gateway is a topology version 2 setting (e911Gateways); the flow is planned from Mediation Servers of pools running e911, to the gateways that name them (or to every gateway when none names a pool).',
    entries: ['e911.sip.5066'],
    provenance: [...seed('server', 32), page('e911SipTrunk', 'VB-E911')],
  }),
  finding({
    id: 'director-5061-tcp',
    kind: 'contradiction',
    summary:
      'Director 5061 is "TCP" (row 46) and Director load balancer 5061 "TCP" (hardware row 19), while Front End 5061 is "TCP (TLS)" (row 3) for the same service.',
    decision:
      'Treated like the Front End: SIP/MTLS between servers and SIP/TLS from clients and phones, as separate entries.',
    entries: [
      'director.sip-mtls.5061',
      'director.sip-tls.5061',
      'director-lb.sip-mtls.5061',
      'director-lb.sip-tls.5061',
    ],
    provenance: [...seed('server', 3, 46), ...seed('hlbHardware', 19)],
  }),
  finding({
    id: 'front-end-5061-mixed',
    kind: 'ambiguity',
    summary:
      'Front End 5061 is one row "TCP (TLS)" whose note mixes server-to-server MTLS, client TLS and Front End to Mediation MTLS.',
    decision: 'Split into a SIP/MTLS entry (servers, Edge next hop) and a SIP/TLS entry (clients, phones).',
    entries: [
      'front-end.sip-mtls.5061',
      'front-end.sip-tls.5061',
      'front-end-lb.sip-mtls.5061',
      'front-end-lb.sip-tls.5061',
    ],
    provenance: [...seed('server', 3), ...seed('hlbHardware', 1)],
  }),
  finding({
    id: 'sip-listeners-written-tcp',
    kind: 'ambiguity',
    summary:
      'The SIP listeners of the conferencing and application services (5062, 5063, 5064, 5065, 5071, 5072, 5073, 5075, 5076) are written "TCP" although each row says it takes SIP requests.',
    decision:
      'Recorded as SIP/MTLS, because row 3 says all SIP between servers is MTLS and these services are reached only from Front End servers.',
    entries: [
      'front-end.sip-im-conferencing.5062',
      'front-end.sip-av-conferencing.5063',
      'front-end.sip-conferencing-attendant.5064',
      'front-end.sip-app-sharing.5065',
      'front-end.sip-response-group.5071',
      'front-end.sip-conferencing-attendant.5072',
      'front-end.sip-announcement.5073',
      'front-end.sip-call-park.5075',
      'front-end.sip-audio-test.5076',
    ],
    provenance: seed('server', 6, 9, 20, 21, 27, 29, 30, 31, 33),
  }),
  finding({
    id: 'dcom-without-dynamic-rpc',
    kind: 'omission',
    summary:
      'TCP 135 (DCOM/RPC) is listed on the Front End and its load balancer, but not the dynamic RPC ports that the endpoint mapper hands out; 135 alone cannot complete a DCOM call.',
    decision:
      'An optional entry adds the Windows dynamic range 49152-65535 between Front End servers. It has no vendor basis (row 5 gives only 135): the range is the Windows default for ports the endpoint mapper assigns, kept because DCOM on 135 alone cannot finish a call, and optional so that it never widens a required rule set; pin DCOM to fixed ports if that is too wide.',
    entries: ['front-end.dcom.135', 'front-end-lb.dcom.135', 'front-end.rpc-dynamic.49152-65535'],
    provenance: [...seed('server', 5), ...seed('hlbHardware', 3)],
  }),
  finding({
    id: 'media-ranges-overlap',
    kind: 'ambiguity',
    summary:
      'The Front End media ranges overlap: application sharing 49152-65535 (row 28) covers audio 49152-57500 (row 40) and video 57501-65535 (row 10). The dynamic RPC range overlaps them too.',
    decision:
      'Kept as the vendor wrote them: one entry per modality, so each flow keeps its purpose and QoS class; the emitters merge equal port sets but never widen.',
    entries: [
      'front-end.app-sharing-media.49152-65535',
      'front-end.audio-tcp.49152-57500',
      'front-end.audio-udp.49152-57500',
      'front-end.video-tcp.57501-65535',
      'front-end.video-udp.57501-65535',
      'front-end.rpc-dynamic.49152-65535',
    ],
    provenance: [...seed('server', 10, 28, 40), page('serverPorts', 'SV-D06')],
  }),
  finding({
    id: 'media-ranges-off-by-one',
    kind: 'contradiction',
    summary:
      'The seed ranges end one port later than the defaults they come from: audio 49152 + 8348 ports ends at 57499 (seed 57500), video 57501 + 8034 at 65534 (seed 65535), application sharing 49152 + 16383 at 65534 (seed 65535).',
    decision: 'The seed ranges are kept: they contain the default ranges, so nothing that works is blocked.',
    entries: [
      'front-end.audio-tcp.49152-57500',
      'front-end.audio-udp.49152-57500',
      'mediation.audio-tcp.49152-57500',
      'mediation.audio-udp.49152-57500',
      'front-end.video-tcp.57501-65535',
      'front-end.video-udp.57501-65535',
      'front-end.app-sharing-media.49152-65535',
    ],
    provenance: [
      ...seed('server', 10, 28, 40),
      page('serverPorts', 'CC-01'),
      page('serverPorts', 'CC-02'),
      page('serverPorts', 'CC-03'),
    ],
  }),
  finding({
    id: 'front-end-443-twice',
    kind: 'duplicate',
    summary:
      'Front End 443 is listed for the Web Compatibility service (row 12) and for the Mobility Service (row 19).',
    decision:
      'Two entries: the web services one always applies, the mobility one only with the mobility feature.',
    entries: ['front-end.https.443', 'front-end.https-mobility.443'],
    provenance: seed('server', 12, 19),
  }),
  finding({
    id: 'port-444-protocol-cell',
    kind: 'ambiguity',
    summary:
      'Port 444 has the protocol cell "HTTPS / TCP" on Front End (row 4) and Director (row 43): HTTPS for the Focus, plain "TCP" for branch appliances.',
    decision:
      'One HTTPS entry per listener; the branch appliance traffic is the same web service on the same port.',
    entries: ['front-end.https-internal.444', 'director.https-internal.444'],
    provenance: seed('server', 4, 43),
  }),
  finding({
    id: 'port-444-between-pools',
    kind: 'omission',
    summary:
      'An administrator reported in the vendor documentation repository (MicrosoftDocs/OfficeDocs-SkypeForBusiness PR #1550) that 444 is also used between the servers of one pool and between pools for presence; blocking it breaks presence.',
    decision: 'Front End servers are a source of front-end 444 as well as Directors and branch appliances.',
    entries: ['front-end.https-internal.444'],
    provenance: [...seed('server', 4), page('seed', 'PR #1550')],
  }),
  finding({
    id: 'director-444-direction',
    kind: 'contradiction',
    summary:
      'The seed lists 444 on the Director and its load balancer (row 43, hardware row 18); the Director port summaries list 444 only from Director to Front End.',
    decision:
      'Both directions are planned: Front End to Director from the seed, Director to Front End from the port summaries.',
    entries: [
      'director.https-internal.444',
      'director-lb.https-internal.444',
      'front-end.https-internal.444',
    ],
    provenance: [...seed('server', 43), ...seed('hlbHardware', 18), page('lyncDirectorPool', 'SD-05')],
  }),
  finding({
    id: 'web-ports-8060-8061',
    kind: 'ambiguity',
    summary:
      'The seed lists Front End 8060 and 8061 (TCP (MTLS), web server component) with no purpose and no caller; Set-CsWebServer names them: ReachPrimaryPsomServerPort (default 8060) and ReachExternalPsomServerPort (default 8061), the web server’s PSOM ports for conferences, both configurable.',
    decision:
      'Purpose and protocol from Set-CsWebServer (PSOM over MTLS). No page names the caller, so they stay planned between the Front End servers of a pool, the narrowest reading that keeps the service working; a changed port must be written into the rules by hand (finding web-ports-configurable).',
    entries: ['front-end.web-mtls.8060', 'front-end.web-mtls.8061'],
    provenance: [
      ...seed('server', 15, 16),
      page('setCsWebServer', 'WS-8060'),
      page('setCsWebServer', 'WS-8061'),
    ],
  }),
  finding({
    id: 'mobility-internal-processes',
    kind: 'ambiguity',
    summary:
      'Mobility 5086/5087 are "used by Mobility Services internal processes" in the seed. Set-CsWebServer has two SIP listening ports for the Mobility service, McxSipPrimaryListeningPort (internal) and McxSipExternalListeningPort (external), without defaults; MCX, the mobility service before UCWA, is removed from Skype for Business Server 2019. The seed, a page shared by 2015 and 2019, still lists both rows.',
    decision:
      'Read as the two MCX SIP listeners and limited to lync2013 and sfb2015 (Subscription Edition follows 2019). Planned between the Front End servers of a pool with the mobility feature; harmless if the traffic stays local. UCWA, which 2019 keeps, is reached on 443 (front-end.https-mobility.443).',
    entries: ['front-end.sip-mobility.5086', 'front-end.sip-mobility.5087', 'front-end.https-mobility.443'],
    provenance: [
      ...seed('server', 17, 18),
      page('setCsWebServer', 'WS-MCX'),
      page('deprecated2019', 'PV-04'),
    ],
  }),
  finding({
    id: 'conferencing-attendant-two-ports',
    kind: 'ambiguity',
    summary:
      'The Conferencing Attendant service has two SIP ports, 5064 and 5072, with near-identical notes.',
    decision:
      'Both kept under the dial-in feature; only 5072 appears in the load balancer table, so only it gets a VIP entry.',
    entries: [
      'front-end.sip-conferencing-attendant.5064',
      'front-end.sip-conferencing-attendant.5072',
      'front-end-lb.sip-dial-in.5072',
    ],
    provenance: [...seed('server', 20, 21), ...seed('hlbHardware', 8)],
  }),
  finding({
    id: 'file-share-under-front-end',
    kind: 'direction',
    summary:
      'Row 36 lists SMB 445 under Front End Servers although the Front End is the SMB client and the file share listens. The row is missing from older versions of the page and from the Lync 2013 page, and it names only the Front End, while Topology Builder also asks for a file store for Directors and for Persistent Chat pools (a UNC path when the pool has several servers).',
    decision:
      'The file share is the listener; Front End, Director and Persistent Chat servers connect. A Front End pool without fileShare still reaches the shares no pool claims; a Director or Persistent Chat pool reaches only the share it names, since a one-server Persistent Chat pool may keep its files locally. The row is kept although it is recent.',
    entries: ['file-share.smb.445'],
    provenance: [
      ...seed('server', 36),
      page('seed', 'BC-04'),
      page('directorFileStore', 'BE-FS02'),
      page('persistentChatTopology', 'step 10'),
    ],
  }),
  finding({
    id: 'cms-push-direction',
    kind: 'direction',
    summary:
      'Row 38 lists 445 under "Front End Servers where the Central Management store resides" but says it pushes configuration to the servers.',
    decision:
      'The servers listen on 445 and only the CMS-holding pool connects (condition sourceCmsHolder): Front End, Director, Mediation and Persistent Chat servers, and Survivable Branch Appliances and Servers, which run Skype for Business Server and keep a replica too. The Edge receives the same data over HTTPS 4443.',
    entries: [
      'front-end.smb-cms-replication.445',
      'director.smb-cms-replication.445',
      'mediation.smb-cms-replication.445',
      'persistent-chat.smb-cms-replication.445',
      'sba.smb-cms-replication.445',
      'edge-internal.cms-replication.4443',
    ],
    provenance: [...seed('server', 38), page('edgeEnv', 'BE-CMS02')],
  }),
  finding({
    id: 'office-web-apps-no-protocol',
    kind: 'ambiguity',
    summary: 'The Office Web Apps row (41) has no service name and no protocol.',
    decision: 'HTTPS on TCP, as the reverse-proxy port summary says for the same server and port.',
    entries: ['office-online-server.https.443'],
    provenance: [...seed('server', 41), page('lyncReverseProxy', 'BE-OWA02')],
  }),
  finding({
    id: 'persistent-chat-no-callers',
    kind: 'omission',
    summary:
      'The three Persistent Chat rows (5041, 881, 443) give no caller, and two give no purpose; Persistent Chat is removed in 2019.',
    decision:
      'SIP 5041 from the Front End pool, WCF 881 between chat servers, file transfer 443 from clients; all limited to Lync Server 2013 and Skype for Business Server 2015.',
    entries: ['persistent-chat.sip.5041', 'persistent-chat.wcf.881', 'persistent-chat.file-transfer.443'],
    provenance: [...seed('server', 51, 52, 53), page('deprecated2019', 'PV-02')],
  }),
  finding({
    id: 'static-route-5060',
    kind: 'contradiction',
    summary:
      'Rows 2 and 42 list TCP 5060 as optional for static routes, while the note below the table says the product no longer uses 5060 and the RCC port is whatever the trusted application entry says.',
    decision:
      'Optional entries under the rcc feature, in both directions. The line server is a trustedApplications entry of kind rcc (topology version 2): the pool it is registered to reaches it on the entry’s port, not on 5060; the line server reaches only its registrar on 5060. The registrar may be a Front End or a Director pool (rows 2 and 42), and needs feature rcc.',
    entries: ['front-end.sip-static-route.5060', 'director.sip-static-route.5060', 'rcc-gateway.sip.5060'],
    provenance: [...seed('server', 2, 42), page('seed', 'BE-RCC')],
  }),

  // Hardware load balancer tables
  finding({
    id: 'hlb-tables-repeat-web-ports',
    kind: 'duplicate',
    summary:
      'The DNS load balancing table (80, 443, 8080, 4443 on the Front End VIP; 443, 4443 on the Director VIP) repeats rows of the hardware-only table.',
    decision:
      'One entry per port citing both tables, with no load-balancing condition: every pool with a VIP needs its web services balanced.',
    entries: [
      'front-end-lb.http.80',
      'front-end-lb.https.443',
      'front-end-lb.http-external.8080',
      'front-end-lb.https-external.4443',
      'director-lb.https.443',
      'director-lb.https-external.4443',
    ],
    provenance: [...seed('hlbHardware', 4, 5, 6, 7, 17, 20), ...seed('hlbDns', 1, 2, 3, 4, 5, 6)],
  }),
  finding({
    id: 'hlb-8080-protocol-cell',
    kind: 'ambiguity',
    summary:
      'The 8080 rows put a sentence in the protocol cell ("TCP - Client and device retrieval of root certificate ... authenticated by NTLM") while the server table says 8080 is for external access through the reverse proxy.',
    decision: 'HTTP from the reverse proxy, internal clients and phones to the Front End web VIP.',
    entries: ['front-end-lb.http-external.8080', 'front-end.http-external.8080'],
    provenance: [...seed('hlbHardware', 5), ...seed('hlbDns', 3), ...seed('server', 13)],
  }),
  finding({
    id: 'director-8080-missing',
    kind: 'omission',
    summary:
      'Neither seed load balancer table lists 8080 on the Director VIP, but the Director pool port summary sends reverse proxy HTTP to the Director VIP on 8080.',
    decision: 'Added from the Director pool summary, citing it.',
    entries: ['director-lb.http-external.8080', 'director.http-external.8080'],
    provenance: [page('lyncDirectorPool', 'DIR-P01'), page('lyncReverseProxy', 'RP-S06')],
  }),

  // Required Client Ports
  finding({
    id: 'client-5061',
    kind: 'contradiction',
    summary:
      'Client row 6 calls TCP 5061 (MTLS) "client-to-server SIP for external user access"; the Edge pages say remote clients use TLS 443 and 5061 is for federated partners.',
    decision: 'Row 6 is carried by the federation entry on the Access Edge; remote users get 443 only.',
    entries: ['edge-external-access.sip-mtls.5061', 'edge-external-access.sip-tls.443'],
    provenance: [...seed('client', 6), page('lyncFederation', 'SD-04')],
  }),
  finding({
    id: 'client-rows-name-the-edge',
    kind: 'direction',
    summary:
      'Client rows 2-5 list 443 and 3478 as client ports, but the client connects to them on the Edge.',
    decision: 'Carried by the Edge entries (Access, Web Conferencing and A/V Edge), which cite these rows.',
    entries: [
      'edge-external-access.sip-tls.443',
      'edge-external-webconf.psom.443',
      'edge-external-av.stun-tcp.443',
      'edge-external-av.stun-udp.3478',
    ],
    provenance: seed('client', 2, 3, 4, 5),
  }),
  finding({
    id: 'dhcp-67-68',
    kind: 'ambiguity',
    summary: 'Rows 1 and 12 write "67/68 DHCP": 67 is the server port and 68 the client port.',
    decision:
      'Two entries per row: clients or phones to DHCP on 67, DHCP answers on 68. The client row is optional (fallback when DNS SRV fails). DHCP servers are listed under infrastructure.dhcpServers (topology version 2); without them no DHCP flow is planned. A relay agent in front of the servers is the address to list.',
    entries: ['dhcp.dhcp-client.67', 'client.dhcp-reply.68', 'dhcp.dhcp-phone.67', 'phone.dhcp-reply.68'],
    provenance: seed('client', 1, 12),
  }),
  finding({
    id: 'client-media-any-port',
    kind: 'ambiguity',
    summary:
      'Client media rows give 1024-65535 for audio, video, file transfer and application sharing (four identical ranges); the footnote names ClientMediaPort/ClientMediaPortRange while the QoS page names per-modality settings.',
    decision:
      'One entry per modality and transport with the default 1024-65535; when client media port ranges are enabled in the topology, the planner takes the ports from there (configurablePort client-media). The legacy file transfer range 6891-6901 lies inside and stays a separate optional entry.',
    entries: [
      'client.file-transfer-legacy.6891-6901',
      'client.audio-tcp.1024-65535',
      'client.audio-udp.1024-65535',
      'client.audio-server-tcp.1024-65535',
      'client.audio-server-udp.1024-65535',
      'client.audio-bypass-udp.1024-65535',
      'client.video-tcp.1024-65535',
      'client.video-udp.1024-65535',
      'client.video-conferencing-tcp.1024-65535',
      'client.video-conferencing-udp.1024-65535',
      'client.file-transfer.1024-65535',
      'client.app-sharing.1024-65535',
      'client.app-sharing-conferencing.1024-65535',
    ],
    provenance: [...seed('client', 8, 9, 10, 11), page('clientPorts', 'CC-06')],
  }),
  finding({
    id: 'legacy-file-transfer',
    kind: 'ambiguity',
    summary:
      'File transfer 6891-6901 is for "previous clients" on the current page; the Lync Server 2013 page names them: clients of Office Communications Server 2007 R2, Office Communications Server 2007 and Live Communications Server 2005.',
    decision:
      'Optional, client to client, and only on lync2013: those clients can only remain during a migration to Lync Server 2013, and later products do not carry them.',
    entries: ['client.file-transfer-legacy.6891-6901'],
    provenance: [...seed('client', 7), page('lyncInternal', 'SD-02')],
  }),

  // Recommended IPsec Exceptions
  finding({
    id: 'ipsec-clients-any',
    kind: 'ambiguity',
    summary:
      'The "Clients" IPsec row gives Source IP "Any" and source port "Specified media port range", so it names no host.',
    decision:
      'Applied to client hosts, for UDP from their media ports (1024-65535 unless ranges are enabled).',
    entries: ['ipsec.clients.media'],
    provenance: seed('ipsec', 15),
  }),
  finding({
    id: 'ipsec-application-sharing-servers',
    kind: 'ambiguity',
    summary: 'The IPsec table names "Application Sharing Servers", a role that does not exist on its own.',
    decision:
      'Applied to Front End servers that run the Application Sharing service, that is pools with conferencing and app-sharing (TCP only, as the rows say; finding app-sharing-feature).',
    entries: ['ipsec.app-sharing.inbound', 'ipsec.app-sharing.outbound'],
    provenance: seed('ipsec', 12, 13),
  }),

  // Edge, reverse proxy and Director pages
  finding({
    id: 'edge-inbound-media-range',
    kind: 'contradiction',
    summary:
      'Every Lync 2013 Edge scenario page lists inbound TCP/UDP 50000-59999 to the A/V Edge "only for OCS 2007 federation", and the A/V firewall page asks for the range open both ways only for OCS 2007; the Skype for Business page keeps only outbound 50000-59999. The hybrid table (since removed) has a row from Office 365 to A/V Edge TCP 50000-59999, but with source port 443: the reply leg of the A/V Edge connecting out from 50000-59999 to Office 365 TCP 443.',
    decision:
      'Inbound 50000-59999 (TCP and UDP) only with the legacy-federation feature. Hybrid opens no inbound range: a stateful firewall admits the Office 365 replies on the connection the A/V Edge opened, and an inbound rule from the whole internet to 10,000 ports would be far wider than that reply.',
    entries: ['edge-external-av.rtp-tcp.50000-59999', 'edge-external-av.rtp-udp.50000-59999'],
    provenance: [
      page('edgeEnv', 'C-01'),
      page('lyncAvFirewall', 'AV-OCS2007'),
      page('hybrid', 'HY-03'),
      page('hybrid', 'HY-04'),
    ],
  }),
  finding({
    id: 'edge-hlb-internal-sources',
    kind: 'contradiction',
    summary:
      'Hardware-balanced Edge internal rows: Lync 2013 lets Director addresses send 8057, 3478 and 443 and lists TCP 443 from the internal VIP back to Any; the Skype for Business page lists Front End servers only and no reverse row.',
    decision:
      'Follow the current page: Front End servers send 8057; 3478/443 come from the internal hosts that carry media. The reverse 443 row is not carried.',
    entries: ['edge-internal.psom.8057', 'edge-internal.stun-udp.3478', 'edge-internal-lb.stun-tcp.443'],
    provenance: [page('lyncEdgeHlb', 'C-02'), page('lyncEdgeHlb', 'L13-HN06')],
  }),
  finding({
    id: 'edge-hlb-internal-vip',
    kind: 'ambiguity',
    summary:
      'The current Edge page says servers reach each Edge server directly and keep the internal VIP for Exchange UM and legacy clients, yet its VIP table still lists 5061, 5062, 3478 and 443 on the internal VIP.',
    decision: 'Both: per-server entries for every Edge pool, VIP entries for hardware-balanced pools.',
    entries: [
      'edge-internal.sip-mtls.5061',
      'edge-internal.av-authentication.5062',
      'edge-internal-lb.sip-mtls.5061',
      'edge-internal-lb.av-authentication.5062',
    ],
    provenance: [page('edgeEnv', 'SE-HN01')],
  }),
  finding({
    id: 'edge-outbound-xmpp',
    kind: 'omission',
    summary:
      'Outbound XMPP 5269 from the Edge appears in the XMPP and hardware-balanced tables and on one Lync 2013 scenario page (D-NAT) only; the Skype for Business single/DNS external table lists inbound only.',
    decision: 'Outbound 5269 is planned whenever XMPP is enabled: federation needs both directions.',
    entries: ['xmpp-partner.xmpp.5269', 'edge-external-access.xmpp.5269'],
    provenance: [page('lyncEdgeDnsNat', 'L13-X02'), page('lyncFederation', 'L13-XM02')],
  }),
  finding({
    id: 'edge-public-av-source',
    kind: 'contradiction',
    summary:
      'The Lync 2013 single Edge with public addresses page gives the Access Edge (not the A/V Edge) as the source of outbound TCP 50000-59999.',
    decision: 'Source is the A/V Edge, as on every other page.',
    entries: ['internet.rtp-tcp.50000-59999'],
    provenance: [page('lyncEdgeSinglePublic', 'C-08')],
  }),
  finding({
    id: 'edge-hlb-nat',
    kind: 'contradiction',
    summary:
      'The hardware-balanced external VIP table still says "private IP using NAT" for the Access Edge, while the same page says a hardware-balanced Edge needs public addresses without NAT.',
    decision:
      'No hardware-balanced entry depends on NAT; validating that a hardware-balanced Edge pool is not NATed belongs to the topology.',
    entries: ['edge-lb-access.sip-tls.443'],
    provenance: [page('edgeEnv', 'SE-HV03'), page('edgeEnv', 'SE-LB01')],
  }),
  finding({
    id: 'edge-lb-three-vips',
    kind: 'ambiguity',
    summary:
      'A hardware-balanced Edge pool has three external VIPs (Access, Web Conferencing, A/V); the vendor’s VIP table names each, but a single load-balancer role would open every VIP port on all three.',
    decision:
      'The catalog has one role per VIP (edge-lb-access, edge-lb-webconf, edge-lb-av), so each flow reaches only the VIP of its service.',
    entries: [
      'edge-lb-access.sip-tls.443',
      'edge-lb-webconf.psom.443',
      'edge-lb-av.stun-tcp.443',
      'edge-lb-av.stun-udp.3478',
    ],
    provenance: [page('edgeEnv', 'SE-HV03')],
  }),
  finding({
    id: 'messenger-public-im',
    kind: 'ambiguity',
    summary:
      'Lync 2013 public IM rows for Windows Live Messenger (A/V Edge media 50000-59999, STUN 3478 both ways) describe a service that ended on 15 March 2013.',
    decision:
      'No Messenger-specific entries; the general A/V Edge entries carry the same ports and cite those rows.',
    entries: ['internet.rtp-tcp.50000-59999', 'internet.stun-udp.3478', 'edge-external-av.stun-udp.3478'],
    provenance: [page('lyncFederation', 'PV-10')],
  }),
  finding({
    id: 'cls-destination',
    kind: 'contradiction',
    summary:
      'The single Director page sends Centralized Logging 50001-50003 to the Edge internal interface, the Director pool page to the Director.',
    decision:
      'Both: the CLS agent runs on every server, so the Edge and the Director each listen (optional, diagnostics).',
    entries: ['edge-internal.cls.50001-50003', 'director.cls.50001-50003'],
    provenance: [page('lyncDirector', 'C-06')],
  }),
  finding({
    id: 'reverse-proxy-office-web-apps',
    kind: 'contradiction',
    summary:
      'The reverse proxy summary sends Office Web Apps traffic on HTTPS 443; the Autodiscover summary lists Office Web Apps as a destination of 8080 and 4443.',
    decision:
      'Office Web Apps / Office Online Server gets 443 from the reverse proxy; 8080/4443 go to Front End and Director only.',
    entries: [
      'office-online-server.https.443',
      'director.http-external.8080',
      'director.https-external.4443',
    ],
    provenance: [page('lyncReverseProxy', 'C-04')],
  }),
  finding({
    id: 'hybrid-table-removed',
    kind: 'ambiguity',
    summary:
      'The hybrid port table exists in one version of the hybrid planning page and is removed in a later one, which sends the reader to the list of Office 365 addresses and ports instead.',
    decision:
      'Its rows are cited as historical guidance under the hybrid feature, read as connections rather than packets: the Access Edge and Office 365 both open SIP 5061; the A/V Edge opens TCP 443 and 50000-59999 and UDP 3478 towards Office 365, and Office 365 opens UDP 3478 to the A/V Edge (planned for every Edge pool). The row from Office 365 source port 443 to the A/V Edge range is the reply to the A/V Edge connection and gets no rule of its own (finding hybrid-stateless-pairs).',
    entries: [
      'federated-partner.sip-mtls.5061',
      'edge-external-access.sip-mtls.5061',
      'internet.stun-tcp.443',
      'internet.rtp-tcp.50000-59999',
      'internet.stun-udp.3478',
      'edge-external-av.stun-udp.3478',
    ],
    provenance: [page('hybrid', 'C-07'), page('hybrid', 'HY-04')],
  }),
  finding({
    id: 'hybrid-stateless-pairs',
    kind: 'contradiction',
    summary:
      'The hybrid table writes each A/V exchange as two rows with source and destination ports (A/V Edge 50000-59999 to Office 365 443, and Office 365 443 back to A/V Edge 50000-59999; UDP 3478 to 3478 each way), the way a stateless packet filter needs it, while every Edge table gives destination ports only and says who connects. The later version of the page drops the table altogether.',
    decision:
      "The catalog carries connections with destination ports, as the Edge tables do: a return row whose source port is the other side's listening port is the reply to a connection already carried and is not planned inbound. Source-port-qualified rules are not expressible in topology version 1; a stateless firewall needs the reply rows added by hand.",
    entries: [
      'internet.stun-tcp.443',
      'internet.rtp-tcp.50000-59999',
      'internet.stun-udp.3478',
      'edge-external-av.stun-udp.3478',
      'edge-external-av.rtp-tcp.50000-59999',
    ],
    provenance: [
      page('hybrid', 'HY-03'),
      page('hybrid', 'HY-04'),
      page('hybrid', 'HY-05'),
      page('hybrid', 'HY-06'),
      page('hybrid', 'C-07'),
      page('edgeEnv', 'SE-X09'),
    ],
  }),

  finding({
    id: 'edge-hlb-when-required',
    kind: 'ambiguity',
    summary:
      'The pages disagree on when an Edge pool must use hardware load balancing (OCS 2007 federation, public IM, Exchange UM before 2010 SP1 or before 2013, depending on the page).',
    decision:
      'No entry depends on the reason: the topology states each Edge pool’s load balancing, and the edge-lb-* / edge-internal-lb entries follow it.',
    entries: ['edge-lb-access.sip-tls.443', 'edge-internal-lb.sip-mtls.5061'],
    provenance: [page('loadBalancing', 'C-03'), page('edgeSystem', 'C-03')],
  }),
  finding({
    id: 'reverse-proxy-host-header',
    kind: 'contradiction',
    summary:
      'One page puts "forward host header" on the reverse proxy rule for 4443, another on the rule for 443.',
    decision:
      'No port changes: both rules (external 443 forwarded to 4443) are carried; the setting belongs on that one publishing rule.',
    entries: ['reverse-proxy.https.443', 'front-end.https-external.4443'],
    provenance: [page('loadBalancing', 'C-05'), page('edgeSystem', 'RP-S05')],
  }),
  finding({
    id: 'edge-outbound-media-destination',
    kind: 'contradiction',
    summary:
      "Every Edge table (Skype for Business, hardware-balanced, Lync 2013 scenarios) gives 50000-59999 as the destination of media the A/V Edge sends out. The vendor's A/V firewall page (Lync Server 2013, copied unchanged under Skype for Business Server 2019) says 50000-59999 holds the A/V Edge's source ports towards the partner Edge on TCP 443, and that a firewall built on destination ports needs only A/V Edge to Any on TCP 443 and UDP 3478 plus Any to A/V Edge on the same two ports. An administrator reported the same in the vendor repository (PR #6011, not merged).",
    decision:
      'Outbound TCP 443 and UDP 3478 are planned for every Edge pool. Outbound TCP to 50000-59999 is kept where a page gives a reason for it (federation with OCS, Lync 2010 and Lync 2013 partners, public IM, and Office 365, whose table lists 50000-59999 as a destination next to 443), so nothing those partners use is blocked; it is outbound only. Outbound UDP 50000-59999: finding edge-outbound-udp-media.',
    entries: [
      'internet.rtp-tcp.50000-59999',
      'internet.rtp-udp.50000-59999',
      'internet.stun-tcp.443',
      'internet.stun-udp.3478',
    ],
    provenance: [
      page('lyncAvFirewall', 'AV-DEST-ONLY'),
      page('edgeEnv', 'SE-X09'),
      page('lyncEdgeSingleNat', 'L13-X10'),
      page('hybrid', 'HY-03'),
    ],
  }),
  finding({
    id: 'edge-outbound-udp-media',
    kind: 'contradiction',
    summary:
      'Outbound UDP 50000-59999 from the A/V Edge is listed without a reason on the Skype for Business page, "only for federation with OCS 2007 partners" on every Lync 2013 scenario page, and the A/V firewall page says OCS 2007 R2, Lync 2010 and Lync 2013 partners need only the TCP range outbound; the hybrid table has no UDP 50000-59999 row.',
    decision:
      'Planned only with the legacy-federation feature, for every product: OCS 2007 federation is the one reason any page gives, and later partners and Office 365 use UDP 3478, which stays planned for every Edge pool. Turn legacy-federation on for OCS 2007 partners.',
    entries: ['internet.rtp-udp.50000-59999', 'internet.stun-udp.3478'],
    provenance: [
      page('edgeEnv', 'SE-X10'),
      page('lyncEdgeSingleNat', 'L13-X11'),
      page('lyncAvFirewall', 'AV-OCS2007'),
      page('hybrid', 'HY-05'),
    ],
  }),
  finding({
    id: 'edge-pool-public-av-peers',
    kind: 'omission',
    summary:
      'The Edge page requires the servers of an Edge pool behind NAT to reach each other from their public A/V Edge addresses, and the firewall to allow it, but names no port; its outbound STUN row adds that UDP 3478 carries media between Edge Servers.',
    decision:
      'Each A/V Edge server of a NAT-published pool with more than one server connects to the other servers of its pool on UDP 3478, TCP 443 and the relay range 50000-59999 (UDP and TCP), the ports the A/V Edge relays media on. Not planned for public addressing (the servers reach each other on their own external network, no translation involved), for one-server pools (no peer), or between two Edge pools (they meet over the internet through the outbound and inbound A/V entries). A one-server pool reaching its own public address through the NAT device is not stated by the vendor and not planned. These entries share their ports with the inbound A/V Edge entries on purpose: those take connections from the internet, these from the other servers of the pool.',
    entries: [
      'edge-external-av.stun-udp.3478',
      'edge-external-av.stun-tcp.443',
      'edge-external-av.rtp-udp.50000-59999',
      'edge-external-av.rtp-tcp.50000-59999',
      'edge-external-av.pool-peer-stun-udp.3478',
      'edge-external-av.pool-peer-stun-tcp.443',
      'edge-external-av.pool-peer-rtp-udp.50000-59999',
      'edge-external-av.pool-peer-rtp-tcp.50000-59999',
    ],
    provenance: [page('edgeEnv', 'SE-LB01'), page('edgeEnv', 'SE-X11')],
  }),
  finding({
    id: 'edge-outbound-stun-purpose',
    kind: 'ambiguity',
    summary:
      'Outbound UDP 3478 from the A/V Edge is "required for federation with Lync Server 2010" on one table and "required for federation" on the hardware-balanced one.',
    decision:
      'Planned for every Edge without a feature condition: it also serves Edge version discovery and Edge-to-Edge media.',
    entries: ['internet.stun-udp.3478'],
    provenance: [page('edgeEnv', 'SE-X11'), page('edgeEnv', 'SE-HX06')],
  }),
  finding({
    id: 'ports-4092-10000',
    kind: 'omission',
    summary:
      'An administrator asked about TCP 4092 and 10000 in the vendor documentation repository (MicrosoftDocs/OfficeDocs-SkypeForBusiness issue #277); the maintainers knew of no such requirement.',
    decision: 'Not carried.',
    entries: [],
    provenance: [page('seed', 'issue #277')],
  }),

  finding({
    id: 'subscription-edition-ports',
    kind: 'omission',
    summary: 'No vendor page documents the ports of Skype for Business Server Subscription Edition.',
    decision:
      'Subscription Edition is treated like 2019 (same 7.0 builds): what 2019 removed (Persistent Chat, XMPP, SQL mirroring, MCX mobility 5086/5087) is limited to lync2013 and sfb2015.',
    entries: [
      'front-end.sip-mobility.5086',
      'front-end.sip-mobility.5087',
      'persistent-chat.sip.5041',
      'edge-internal.xmpp-gateway.23456',
      'sql-backend.mirroring.5022',
      'sql-witness.mirroring.7022',
    ],
    provenance: [page('deprecated2019', 'SE-04'), page('deprecated2019', 'SE-01')],
  }),

  // Back end, voice and what no page states
  finding({
    id: 'sql-port-not-stated',
    kind: 'ambiguity',
    summary:
      'The Lync Server 2013 SQL firewall page asks for three inbound exceptions on the back end: TCP 1433 for the default instance, UDP 1434 for the SQL Server Browser, and a statically defined TCP port for each named instance. The port of a named instance is not fixed: it is set in SQL Server Configuration Manager, which Topology Builder cannot do.',
    decision:
      'TDS to each back end on the topology’s SqlServer.port: 1433 for the default instance (no instance, or MSSQLSERVER). A back end with a named instance (SqlServer.instance) must state its static port: validate rejects a named instance without port (named-instance-without-port) rather than guess 1433 or open a dynamic range. SQL Browser UDP 1434 to every back end, mirror, availability group listener and replica the pools reach, with or without mirroring.',
    entries: [
      'sql-backend.tds.1433',
      'sql-backend.sql-browser.1434',
      'sql-ag-replica.tds.1433',
      'sql-ag-listener.sql-browser.1434',
      'sql-ag-replica.sql-browser.1434',
    ],
    provenance: [
      page('sqlFirewall', 'BE-SQL02'),
      page('sqlNonstandardPort', 'BE-SQL02'),
      page('sqlNonstandardPort', 'BE-SQL03'),
    ],
  }),
  finding({
    id: 'sql-mirroring-backup-share',
    kind: 'omission',
    summary:
      'Mirroring setup needs a backup file share reachable from both SQL servers, but no port is given.',
    decision: 'No entry: SMB 445 between the SQL servers and that share is left to the administrator.',
    entries: ['sql-backend.mirroring.5022'],
    provenance: [page('sqlMirroring', 'BE-SQL07')],
  }),
  finding({
    id: 'alwayson-ports',
    kind: 'ambiguity',
    summary:
      'AlwaysOn Availability Groups are a supported back-end option from Skype for Business Server 2015 (the preferred one on 2019, where mirroring is gone). The deployment page gives the replicas’ database mirroring endpoint TCP 5022 (the wizard value to verify) and the listener TCP 1433, the only listener port supported, and keeps Persistent Chat databases out of the group. It does not say whether the pools reach only the listener: the store is first defined with the primary node as its SQL Server FQDN, the databases are installed through it, and only then is the FQDN changed to the listener. The page also asks for a folder the replicas can write for the initial synchronisation, without a port.',
    decision:
      'An availabilityGroups entry (listener FQDN and address, replicas, endpointPort default 5022) is a Front End pool’s back end. Planned: pool → listener TCP 1433 and UDP 1434; pool → each replica on its TDS port and UDP 1434, because the deployment goes through the primary node before the store points at the listener, and any replica can be primary; the listener address moves between the replicas, so the Windows Firewall rules for the listener belong on every replica; replica ↔ replica on the endpoint port. Only on sfb2015, sfb2019 and sfbse (the Lync Server 2013 pages offer mirroring and clustering only). validate rejects an availability group on lync2013 and as the back end of a Persistent Chat pool. The initial synchronisation share (SMB, no port stated) is left to the administrator, as the mirroring backup share is.',
    entries: [
      'sql-ag-listener.tds.1433',
      'sql-ag-listener.sql-browser.1434',
      'sql-ag-replica.tds.1433',
      'sql-ag-replica.sql-browser.1434',
      'sql-ag-replica.ag-endpoint.5022',
    ],
    provenance: [page('backEndHa', 'BE-SQL08'), page('alwaysOn', 'BE-SQL08')],
  }),
  finding({
    id: 'sql-cluster-traffic',
    kind: 'omission',
    summary:
      'An AlwaysOn Availability Group runs on a Windows Server failover cluster (the deployment page has it created, with a file share witness recommended for quorum), and a SQL Server failover cluster instance is a virtual network name and address that the node owning it answers on. Neither the back-end high availability page, the AlwaysOn deployment page nor the Lync Server 2013 clustering page names a port for the cluster itself (node to node, node to quorum witness), and none for the FCI beyond what any back end needs.',
    decision:
      'A failover cluster instance is a sqlServers entry whose fqdn and ip are the virtual name and address, with its nodes in clusterNodes: pools get TDS and SQL Browser to the virtual address like any back end, and nothing is planned to or between the nodes. Rules built per server for the instance belong on every node, since any of them can own the address. Windows clustering between nodes or replicas and the quorum witness share are not planned: their ports are the Windows Server documentation’s, not the vendor pages’.',
    entries: ['sql-backend.tds.1433', 'sql-backend.sql-browser.1434', 'sql-ag-replica.ag-endpoint.5022'],
    provenance: [
      page('backEndHa', 'BE-SQL08'),
      page('alwaysOn', 'BE-SQL08'),
      page('lyncSqlClustering', 'BE-SQL08'),
    ],
  }),
  finding({
    id: 'mirroring-witness-to-partners',
    kind: 'direction',
    summary:
      'The mirroring page asks that 5022 pass the firewall on the primary and the mirror and 7022 on the witness, and names no sources. The instances of a mirroring session are the two partners and the witness, and SQL Server connects each of them to the others’ endpoints (SQL Server documentation, outside this repository).',
    decision:
      'The partners reach each other on their mirroring port and the witness on its witness port; the witness also reaches both partners on their mirroring port, so automatic failover can form behind a firewall that filters by source.',
    entries: ['sql-backend.mirroring.5022', 'sql-witness.mirroring.7022'],
    provenance: [page('sqlMirroring', 'BE-SQL05'), page('sqlMirroring', 'BE-SQL06')],
  }),
  finding({
    id: 'gateway-media-ports',
    kind: 'omission',
    summary:
      'No page states the media ports of PSTN gateways, IP-PBXs or SBCs: the range is the gateway vendor’s. Nor does any page give a gateway TCP media: the trunk pages speak of RTP/SRTP between the Mediation Server and the gateway, and gateways send it over UDP.',
    decision:
      'Mediation Server to gateway audio is planned on UDP 1024-65535 (any non-privileged port; narrow it by hand to the gateway vendor’s range), gateway to Mediation on the Mediation Server’s audio range; no TCP media to or from gateways. A gateway that states mediaPorts (topology version 2; the vendor’s setting, so no default) narrows Mediation Server, branch appliance, and with media bypass client and phone, to gateway audio to that range (configurablePort gateway-media).',
    entries: [
      'pstn-gateway.audio-udp.1024-65535',
      'pstn-gateway.audio-bypass-udp.1024-65535',
      'pstn-gateway.audio-sba-udp.1024-65535',
      'mediation.audio-udp.49152-57500',
      'mediation.audio-tcp.49152-57500',
    ],
    provenance: [page('defineGateway', 'BE-GW04'), page('trunkMediaBypass', 'VB-04')],
  }),
  finding({
    id: 'media-bypass-per-trunk',
    kind: 'ambiguity',
    summary:
      'Media bypass is enabled per trunk (and globally), and only where the gateway, PBX or provider SBC supports it and accepts media from internal addresses; many SIP trunk providers accept media only from the Mediation Server. The seed gives no gateway row, so a first reading sent gateway media to every client for every gateway, over TCP and UDP.',
    decision:
      'A gateway states mediaBypass in the topology (default false). Only for such gateways are clients and phones planned to exchange audio with the gateway directly, UDP only, both ways: the gateway is no ICE peer, and the trunk page asks for RTP latching to reach endpoints behind a firewall, a capability of the peer, so its media toward the endpoint is required, not optional. Without bypass all PSTN media goes through the Mediation Server.',
    entries: [
      'client.audio-bypass-udp.1024-65535',
      'phone.audio-bypass-udp.1024-65535',
      'pstn-gateway.audio-bypass-udp.1024-65535',
    ],
    provenance: [
      page('trunkMediaBypass', 'VB-01'),
      page('trunkMediaBypass', 'VB-02'),
      page('mediaBypass', 'VB-03'),
    ],
  }),
  finding({
    id: 'server-media-to-endpoints',
    kind: 'direction',
    summary:
      'The client table lists the client’s media ports (1024-65535) without saying who sends to them; the server media rows list the servers’ ranges, equally without a caller. The Front End’s conferencing and application services and the Mediation Server are ICE peers of the client, and the client reaches them first on their media range.',
    decision:
      'Client to server media is required (front-end.audio-*, front-end.video-*, front-end.app-sharing-media, mediation.audio-*). Server to client and server to phone media are planned optional: a stateful firewall lets the server’s media back on the session the client opened, so no page requires them; they are kept, marked optional, for stateless filters and host firewalls (the client table is also what the client’s own firewall exceptions are made from). Peer-to-peer media between clients and phones stays required both ways; gateways are handled by media-bypass-per-trunk.',
    entries: [
      'client.audio-server-tcp.1024-65535',
      'client.audio-server-udp.1024-65535',
      'client.video-conferencing-tcp.1024-65535',
      'client.video-conferencing-udp.1024-65535',
      'client.app-sharing-conferencing.1024-65535',
      'phone.audio-server-tcp.1024-65535',
      'phone.audio-server-udp.1024-65535',
    ],
    provenance: [...seed('client', 8, 9, 11), ...seed('server', 10, 28, 40), page('edgeEnv', 'SE-I06')],
  }),
  finding({
    id: 'phones-media-destination',
    kind: 'omission',
    summary:
      'The client table gives media ports for clients only, yet IP phones terminate audio like clients (the all-servers audio row speaks of every endpoint that terminates audio); a first reading planned media from phones but never to them, so a strict firewall would give one-way audio.',
    decision:
      'Phones receive audio like clients: from peers (required), from Front End and Mediation Servers (optional, server-media-to-endpoints) and from media-bypass gateways (required, UDP). Same ports as client audio, including the configured client audio range. No video, file transfer or sharing: the phones the vendor lists are audio devices.',
    entries: [
      'phone.audio-tcp.1024-65535',
      'phone.audio-udp.1024-65535',
      'phone.audio-server-tcp.1024-65535',
      'phone.audio-server-udp.1024-65535',
      'phone.audio-bypass-udp.1024-65535',
    ],
    provenance: [...seed('client', 8), ...seed('server', 40)],
  }),
  finding({
    id: 'front-end-audio-application-server',
    kind: 'omission',
    summary:
      'The all-servers audio row (49152-57500) names the A/V Conferencing, Conferencing Attendant and Announcement services and the Mediation Server; the QoS page gives the Application Server, which hosts Response Group, Call Park and Audio Test on the Front End, the same default audio range.',
    decision:
      'Front End audio is planned where the pool runs conferencing, dial-in, response-group, call-park or audio-test.',
    entries: ['front-end.audio-tcp.49152-57500', 'front-end.audio-udp.49152-57500'],
    provenance: [...seed('server', 40), page('serverPorts', 'SV-D01'), page('serverPorts', 'SV-D02')],
  }),
  finding({
    id: 'web-ports-configurable',
    kind: 'contradiction',
    summary:
      'Every port table presents the web service ports as fixed (80, 443, 8080, 4443, 8060, 8061), while Set-CsWebServer lets the administrator change each: PrimaryHttpPort 80, PrimaryHttpsPort 443, ExternalHttpPort 8080, ExternalHttpsPort 4443, ReachPrimaryPsomServerPort 8060, ReachExternalPsomServerPort 8061.',
    decision:
      'The defaults are carried, as the tables print them; topology version 1 has no web port setting, so a deployment that changed them must change the emitted rules by hand.',
    entries: [
      'front-end.http.80',
      'front-end.https.443',
      'front-end.http-external.8080',
      'front-end.https-external.4443',
      'front-end.web-mtls.8060',
      'front-end.web-mtls.8061',
    ],
    provenance: [...seed('server', 11, 12, 13, 14, 15, 16), page('setCsWebServer', 'WS-PORTS')],
  }),
  finding({
    id: 'persistent-chat-port-configurable',
    kind: 'contradiction',
    summary:
      'The seed lists Persistent Chat SIP 5041 as a fixed port; Topology Builder asks for the port the Persistent Chat Server uses with the Front End Servers when the pool is defined, 5041 being only the default.',
    decision:
      'The default 5041 is carried; topology version 1 has no setting for it, so a changed port must be written into the rules by hand (a pool setting would be the natural place).',
    entries: ['persistent-chat.sip.5041'],
    provenance: [...seed('server', 51), page('lyncPersistentChatTopology', 'PC-5041')],
  }),
  finding({
    id: 'app-sharing-feature',
    kind: 'ambiguity',
    summary:
      'The seed ties the Application Sharing service (SIP 5065, media 49152-65535 TCP, its IPsec exceptions) to Front End servers without a feature; the Planning Tool asks separately whether conferences offer desktop and application sharing.',
    decision:
      'The Application Sharing service’s SIP, its media from and to clients and its IPsec exceptions need both conferencing and app-sharing on the pool. Peer-to-peer sharing between clients needs no server and stays unconditional.',
    entries: [
      'front-end.sip-app-sharing.5065',
      'front-end.app-sharing-media.49152-65535',
      'client.app-sharing-conferencing.1024-65535',
    ],
    provenance: seed('server', 27, 28),
  }),
  finding({
    id: 'reverse-proxy-80-optional',
    kind: 'ambiguity',
    summary:
      'The reverse proxy summary calls external HTTP 80 optional (redirect to HTTPS) but also required for Office Web Apps conferencing and for mobile Autodiscover where the external publishing certificate is not changed; 8080 from the proxy to the pools is likewise "not needed" once the certificate carries the extra names.',
    decision:
      'External 80 stays optional: whether it is needed depends on the certificate, which the topology does not state. The 8080 leg to the pools stays required, because clients and phones also fetch the root certificate on 8080 (hardware load balancer rows). Turn 80 on when mobile clients use Autodiscover over HTTP.',
    entries: ['reverse-proxy.http.80', 'front-end.http-external.8080'],
    provenance: [page('lyncReverseProxy', 'RP-X01'), page('lyncReverseProxy', 'RP-I01')],
  }),
  finding({
    id: 'exchange-ports',
    kind: 'omission',
    summary:
      'No port table lists Exchange. The partner application page makes each product fetch the other’s OAuth metadata over HTTPS (Exchange reads https://<pool>/metadata/json/1, the pool reads Exchange Autodiscover) and has the Storage Service write into mailboxes. The Outlook Web App IM page adds the Exchange Client Access server as a trusted application server with a registrar pool and a port the administrator picks (New-CsTrustedApplication -Port). No page we read gives the Exchange UM SIP ports.',
    decision:
      'Front End ↔ Exchange HTTPS 443 both ways, to the servers and to the web services VIP, between the pools an Exchange server names in pools (every Front End pool by default). OWA IM is the Exchange server’s owaIm setting (topology version 2): its registrar pool → the Client Access server SIP/MTLS on owaIm.port, which has no vendor default, and the Client Access server → the registrar pool SIP/MTLS 5061 (and its VIP when hardware-balanced); without owaIm neither is planned. Not planned: the UM SIP and media ports (only the two Exchange UM IPsec exceptions). The Exchange entries are separate from the client, server and generic trusted application entries on the same ports because their source and page differ.',
    entries: [
      'exchange.https.443',
      'front-end.https-exchange.443',
      'front-end-lb.https-exchange.443',
      'front-end.sip-mtls-exchange.5061',
      'front-end-lb.sip-mtls-exchange.5061',
      'exchange-im.sip-mtls.1024-65535',
      'front-end.sip-mtls-trusted-app.5061',
      'front-end-lb.sip-mtls-trusted-app.5061',
      'front-end.https.443',
      'front-end.https-mobility.443',
      'front-end-lb.https.443',
      'front-end.sip-mtls.5061',
      'front-end.sip-tls.5061',
      'front-end-lb.sip-mtls.5061',
      'front-end-lb.sip-tls.5061',
      'ipsec.exchange-um.inbound',
      'ipsec.exchange-um.outbound',
    ],
    provenance: [
      page('exchangePartnerApps', 'EX-PA01'),
      page('exchangePartnerApps', 'EX-PA02'),
      page('exchangeOwaIm', 'EX-OWA01'),
      page('seed', 'BE-EX03'),
    ],
  }),
  finding({
    id: 'exchange-2019-unified-messaging',
    kind: 'omission',
    summary:
      'Exchange Server 2019 has no Unified Messaging; the planning page sends voice mail to Cloud Voicemail instead, and a note on the same page says Exchange UM as it was is not available in Skype for Business Server 2019.',
    decision:
      'Enforced from topology version 2: an Exchange server states its version, and validate rejects exchange-um on a pool whose Exchange servers are all Exchange 2019 (the page supports UM on Exchange 2010 with its latest service pack, 2013 and 2016). Without a version nothing is checked. Cloud Voicemail (hybrid) is outside the topology.',
    entries: ['ipsec.exchange-um.inbound', 'ipsec.exchange-um.outbound'],
    provenance: [page('exchangeUm', 'EX-UM01')],
  }),
  finding({
    id: 'active-directory-ports',
    kind: 'omission',
    summary: 'No planning page states Active Directory ports (LDAP, Global Catalog, Kerberos).',
    decision:
      'No entries. Domain controllers may be listed under infrastructure.domainControllers (topology version 2), but no flow to them is planned until a vendor page gives the ports: add LDAP, Global Catalog, Kerberos, DNS and RPC by hand from the Windows Server documentation. Phones reach them for NTP when no NTP server is listed (ntp-for-phones).',
    entries: [],
    provenance: [page('seed', 'BE-AD01')],
    notPlanned:
      'Active Directory (LDAP, Global Catalog, Kerberos, and the RPC they use) serves every internal server, but no vendor page gives its ports: add those rules by hand from the Windows Server documentation (catalog --lint: active-directory-ports)',
  }),
  finding({
    id: 'office-online-internal-port',
    kind: 'omission',
    summary: 'No Skype or Lync page states an internal Office Online Server port other than 443 (no 809).',
    decision: 'Only 443 is carried.',
    entries: ['office-online-server.https.443'],
    provenance: [page('officeWebApps', 'BE-OWA04')],
  }),
  // Planner review (issue 10): which Front End ports serve the pool itself, which serve other pools.
  finding({
    id: 'intra-pool-ports',
    kind: 'ambiguity',
    summary:
      'The server table names the listening Front End service of each port but not whether the caller sits in the same pool or in another one, so every Front End pool was planned to reach every other pool on every Front End → Front End port, conferencing MCU ports included.',
    decision:
      'peers: same-pool where the row describes a service of the pool for its own servers: the IM, A/V and application sharing conferencing services and the Conferencing Attendant and Announcement services (5062, 5063, 5064, 5065, 5072, 5073), which the Focus of the conference pool reaches on the servers of that pool; the web components\' PSOM ports 8060/8061 (Set-CsWebServer: ReachPrimaryPsomServerPort / ReachExternalPsomServerPort, "used for conferences"); the Mobility Service "internal processes" on 5086/5087; and WCF 881 between the servers of one Persistent Chat pool. Both (no field) for 5061 (all SIP between servers), 444 (Focus and pools, with the erratum that other pools use it too), 135 (DCOM: moving users between pools) and 4443 (the row says inter-pool Autodiscover; the pool\'s own servers already share a rule on 443/444, so cutting them out would only multiply source lists).',
    entries: [
      'front-end.sip-im-conferencing.5062',
      'front-end.sip-av-conferencing.5063',
      'front-end.sip-conferencing-attendant.5064',
      'front-end.sip-app-sharing.5065',
      'front-end.sip-conferencing-attendant.5072',
      'front-end.sip-announcement.5073',
      'front-end.web-mtls.8060',
      'front-end.web-mtls.8061',
      'front-end.sip-mobility.5086',
      'front-end.sip-mobility.5087',
      'persistent-chat.wcf.881',
      'front-end.sip-mtls.5061',
      'front-end.https-internal.444',
      'front-end.dcom.135',
      'front-end.https-external.4443',
    ],
    provenance: [
      ...seed('server', 3, 4, 5, 6, 9, 14, 15, 16, 17, 18, 20, 21, 27, 29, 52),
      page('setCsWebServer', 'WEB-PSOM'),
    ],
  }),
  finding({
    id: 'web-clients-via-vip',
    kind: 'ambiguity',
    summary:
      'The server table lists 80, 443, 8080 and 4443 on every Front End server and the load balancer tables list the same ports on the web services VIP, without saying which one a client, a phone or the reverse proxy uses; both were planned, so a pool with a VIP got client and reverse proxy rules to the VIP and to every server.',
    decision:
      'viaVip on the per-server web entries: clients, phones and the reverse proxy reach the web services on the pool\'s VIP whenever the pool states one ("DNS load balancing does not work with client-to-server web traffic"; the Director pool summaries send clients and the reverse proxy to the Director HLB VIP), and on the servers only when it has none. Servers keep their own rules (the web farm FQDN rows name Front End servers and Directors as callers). The integrity check requires a VIP entry that takes each such source on the same ports.',
    entries: [
      'front-end.http.80',
      'front-end.https.443',
      'front-end.http-external.8080',
      'front-end.https-external.4443',
      'front-end.https-mobility.443',
      'director.http.80',
      'director.https.443',
      'director.http-external.8080',
      'director.https-external.4443',
      'front-end-lb.http.80',
      'front-end-lb.https.443',
      'front-end-lb.http-external.8080',
      'front-end-lb.https-external.4443',
      'director-lb.http.80',
      'director-lb.https.443',
      'director-lb.http-external.8080',
      'director-lb.https-external.4443',
    ],
    provenance: [
      ...seed('server', 11, 12, 13, 14, 44, 45),
      ...seed('hlbDns', 1, 2, 3, 4, 5, 6),
      page('loadBalancing', 'LB-WEB'),
      page('lyncDirectorPool', 'DIR-P01'),
      page('lyncDirectorPool', 'DIR-P02'),
      page('lyncDirectorPool', 'DIR-P04'),
      page('lyncDirectorPool', 'DIR-P05'),
    ],
  }),
  finding({
    id: 'server-sip-to-vip',
    kind: 'contradiction',
    summary:
      "The load balancing page says servers balance server-to-server traffic themselves (\"topology-aware load balancing\": they read the servers' FQDNs from the Central Management store), yet the hardware-only load balancer table lists 5061, 444, 135, 5070-5076, 5080 and 448 on the Front End VIP, the Lync 2013 Director pool summary sends the Edge's SIP 5061 to the Director HLB VIP, and the Lync 2013 hardware-balanced Edge summary names the Front End or Director pool VIP as the Edge's SIP peer.",
    decision:
      "Every flow from a server to a pool VIP was checked. Servers always reach the servers of a pool (the per-server entries). A VIP is a server-to-server destination only for a hardware-only pool (those VIP entries carry loadBalancing: hardware, so a DNS-balanced pool with a web VIP gets none), because the vendor's tables name it there; the one exception, for any pool, is 80/443 to the web farm FQDN, which the server rows name Front End servers and Directors as callers of.",
    entries: [
      'front-end-lb.sip-mtls.5061',
      'front-end-lb.https-internal.444',
      'front-end-lb.dcom.135',
      'front-end-lb.sip-dial-in.5072',
      'front-end-lb.sip-dial-in.5073',
      'front-end-lb.sip-call-park.5075',
      'front-end-lb.sip-audio-test.5076',
      'front-end-lb.sip-response-group.5071',
      'front-end-lb.bandwidth-policy-turn.5080',
      'front-end-lb.bandwidth-policy.448',
      'front-end-lb.sip-mediation.5070',
      'mediation-lb.sip-mtls.5070',
      'director-lb.sip-mtls.5061',
      'director-lb.https-internal.444',
      'front-end-lb.http.80',
      'front-end-lb.https.443',
      'director-lb.https.443',
      'front-end.sip-mtls.5061',
      'director.sip-mtls.5061',
    ],
    provenance: [
      ...seed('hlbHardware', 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19),
      ...seed('server', 11, 12, 44, 45),
      page('loadBalancing', 'LB-S2S'),
      page('lyncDirectorPool', 'DIR-P06'),
      page('lyncEdgeHlb', 'L13-HN02'),
      page('lyncDnsHlb', 'DNSHLB-5061'),
    ],
  }),
  finding({
    id: 'hlb-external-web-ports',
    kind: 'contradiction',
    summary:
      'The load balancing page\'s port monitoring table has the external web services VIP (<pool>web) listen on 443 and 80 and send to the servers\' 4443 and 8080, and names a separate internal VIP (<pool>web-int, 443 and 80 to 443 and 80); its text and both seed load balancer tables have the load balancer listen on 4443 (and 8080) from the reverse proxy ("allow https on port 4443 from the reverse proxy to the hardware load balancer"; "listen on ports 80, 443, and 4443").',
    decision:
      "The topology chooses. Without externalWebVip (the default, and every version 1 file), one VIP per pool as the text and the seed tables say: reverse proxy → vip 4443 and 8080, clients and phones → vip 80 and 443. With externalWebVip (version 2) the reverse proxy reaches that VIP instead, and externalWebPorts says how: translated (the default) on 443 and 80, which the balancer sends to the servers' 4443 and 8080, or direct on 4443 and 8080. Translated is the default because it is the only one of the page's statements that gives the external VIP its own ports and node ports, and a pool that states a separate external VIP follows that table; direct remains for balancers built from the text.",
    entries: [
      'front-end-lb.https-external.4443',
      'front-end-lb.http-external.8080',
      'front-end-lb.https.443',
      'front-end-lb.http.80',
      'front-end-lb-external.https.443',
      'front-end-lb-external.http.80',
      'front-end-lb-external.https-external.4443',
      'front-end-lb-external.http-external.8080',
      'director-lb-external.https.443',
      'director-lb-external.http.80',
      'director-lb-external.https-external.4443',
      'director-lb-external.http-external.8080',
    ],
    provenance: [
      ...seed('hlbHardware', 4, 5, 6, 7),
      ...seed('hlbDns', 1, 2, 3, 4),
      page('loadBalancing', 'LB-MON'),
    ],
  }),
  finding({
    id: 'load-balancer-node-sources',
    kind: 'omission',
    summary:
      "The port tables give the ports a hardware load balancer VIP listens on and the ports of the servers behind it, but not which address the servers see as the source. The load balancing page's port monitoring tables give the node port of each web VIP and name TCP 5061 on the Front End servers as the monitor; it rules out direct server return and leaves source NAT to the balancer's configuration.",
    decision:
      "Per pool (version 2): loadBalancerAddresses are the balancer's own addresses; its health monitor reaches the Front End servers on 5061 whenever they are stated. With loadBalancerSourceNat the balancer also reaches the servers of its pool on every port a VIP entry of that pool carries, under the same conditions (the external VIP's translated 443 and 80 land on 4443 and 8080), so per-server Windows Firewall rules name the balancer as the source. These entries share ports with the servers' own entries on purpose: the same listener, another source.",
    entries: [
      'director.http-external.8080',
      'director.http.80',
      'director.https-external.4443',
      'director.https-internal.444',
      'director.https.443',
      'director.lb-http-external.8080',
      'director.lb-http.80',
      'director.lb-https-external.4443',
      'director.lb-https-internal.444',
      'director.lb-https.443',
      'director.lb-sip-mtls.5061',
      'director.sip-mtls.5061',
      'director.sip-tls.5061',
      'front-end.bandwidth-policy-turn.5080',
      'front-end.bandwidth-policy.448',
      'front-end.dcom.135',
      'front-end.http-external.8080',
      'front-end.http.80',
      'front-end.https-exchange.443',
      'front-end.https-external.4443',
      'front-end.https-internal.444',
      'front-end.https-mobility.443',
      'front-end.https.443',
      'front-end.lb-bandwidth-policy-turn.5080',
      'front-end.lb-bandwidth-policy.448',
      'front-end.lb-dcom.135',
      'front-end.lb-http-external.8080',
      'front-end.lb-http.80',
      'front-end.lb-https-external.4443',
      'front-end.lb-https-internal.444',
      'front-end.lb-https.443',
      'front-end.lb-monitor.5061',
      'front-end.lb-sip-audio-test.5076',
      'front-end.lb-sip-call-park.5075',
      'front-end.lb-sip-dial-in.5072',
      'front-end.lb-sip-dial-in.5073',
      'front-end.lb-sip-mtls.5061',
      'front-end.lb-sip-response-group.5071',
      'front-end.sip-announcement.5073',
      'front-end.sip-audio-test.5076',
      'front-end.sip-call-park.5075',
      'front-end.sip-conferencing-attendant.5072',
      'front-end.sip-mtls-exchange.5061',
      'front-end.sip-mtls-trusted-app.5061',
      'front-end.sip-mtls.5061',
      'front-end.sip-response-group.5071',
      'front-end.sip-tls.5061',
      'mediation.lb-sip-mtls.5070',
      'mediation.sip-mtls-sba.5070',
      'mediation.sip-mtls.5070',
    ],
    provenance: [page('loadBalancing', 'LB-MON'), page('loadBalancing', 'LB-REQ')],
  }),
  finding({
    id: 'director-dns-hlb-summary',
    kind: 'ambiguity',
    summary:
      'The Lync Server 2013 page "Port summary - DNS and HLB load balanced" titles its table "Single Director" and opens with the single Director\'s firewall requirements, yet its rows send the reverse proxy (8080, 4443) and internal clients (80, 443) to the Director hardware load balancer VIP; its 444 row names the Director as source while its note speaks of the Director HLB VIP, and its 5061 row sends the Edge to the Director itself.',
    decision:
      'Read as a Director pool with DNS load balancing for SIP and a hardware load balancer for web services: web traffic from the reverse proxy and clients to the Director VIP, SIP from the Edge and 444 to the Front End from the Director servers. That is what the catalog already plans; the page is cited here and by no entry.',
    entries: [
      'director-lb.http-external.8080',
      'director-lb.https-external.4443',
      'director-lb.http.80',
      'director-lb.https.443',
      'director.sip-mtls.5061',
      'front-end.https-internal.444',
    ],
    provenance: [page('lyncDnsHlb', 'DNSHLB-TABLE')],
  }),
  finding({
    id: 'trusted-application-ports',
    kind: 'omission',
    summary:
      'No port table lists trusted application servers. The OWA IM page shows how one is added: New-CsTrustedApplicationPool with a registrar pool, then New-CsTrustedApplication with a port the administrator picks; the seed gives server-to-server SIP to a Front End as MTLS on 5061.',
    decision:
      'A trustedApplications entry (topology version 2) gets registrar pool servers → the application on its port (SIP/MTLS) and the application → the registrar pool 5061 (and its VIP when hardware-balanced). The application’s media and any other protocol it speaks are its vendor’s and not planned. The 5061 entries overlap the general server-to-server 5061 entries on purpose: the source and the page differ.',
    entries: [
      'trusted-application.sip-mtls.1024-65535',
      'front-end.sip-mtls-trusted-app.5061',
      'front-end-lb.sip-mtls-trusted-app.5061',
      'front-end.sip-mtls.5061',
      'front-end.sip-tls.5061',
      'front-end-lb.sip-mtls.5061',
      'front-end-lb.sip-tls.5061',
      'front-end.sip-mtls-exchange.5061',
      'front-end-lb.sip-mtls-exchange.5061',
    ],
    provenance: [page('exchangeOwaIm', 'TA-01'), ...seed('server', 3)],
  }),
  finding({
    id: 'internal-dns',
    kind: 'omission',
    summary:
      'The DNS page makes internal DNS a prerequisite for every server and client but prints no port; the Edge tables give DNS as TCP and UDP 53 toward the internet. The Edge interface page recommends that Edge Servers never query a DNS server on the internal network (a perimeter DNS server or a hosts file instead).',
    decision:
      'With infrastructure.dnsServers (topology version 2): Front End, Director, Mediation and Persistent Chat servers, clients and phones → DNS servers on TCP and UDP 53. The Edge internal interface is not a source. Without dnsServers nothing is planned.',
    entries: ['dns.dns-udp.53', 'dns.dns-tcp.53'],
    provenance: [page('dns', 'INF-DNS01'), page('edgeInterfaces', 'INF-DNS02')],
  }),
  finding({
    id: 'ntp-for-phones',
    kind: 'ambiguity',
    summary:
      'The Lync Server 2013 Front End DNS page lists _ntp._udp with port 123 and a domain controller as its target, and says phones fall back to time.windows.com when no domain controller is defined; the Skype for Business DNS page lists the same record with a public NTP pool as its example target.',
    decision:
      'Phones → infrastructure.ntpServers on UDP 123, or → the domain controllers when no NTP server is listed. A public NTP target must be listed as an NTP server with its address. Servers keep their time from the domain hierarchy, which no page gives ports for (active-directory-ports).',
    entries: ['ntp.ntp.123'],
    provenance: [page('lyncDnsFrontEnd', 'INF-NTP01'), page('dns', 'INF-NTP02')],
  }),
  finding({
    id: 'cls-agent-every-server',
    kind: 'omission',
    summary:
      'The Edge and Director tables list the Centralized Logging Service agent ports TCP 50001-50003; the CLS page says the agent runs on every machine with the product and listens on those ports for the controller, which runs wherever the management shell is used. The ports lie inside the Front End and Mediation TCP media and dynamic RPC ranges.',
    decision:
      'Optional entries for the Front End, Mediation and Persistent Chat servers as well, from the Front End servers (the usual controller). The Survivable Branch Appliance is left out: it is a vendor appliance and no page says its agent is reachable. A management workstation is not in the topology; add it by hand as a source.',
    entries: [
      'front-end.cls.50001-50003',
      'mediation.cls.50001-50003',
      'persistent-chat.cls.50001-50003',
      'front-end.rpc-dynamic.49152-65535',
      'front-end.app-sharing-media.49152-65535',
      'front-end.audio-tcp.49152-57500',
      'mediation.audio-tcp.49152-57500',
      'edge-internal.cls.50001-50003',
      'director.cls.50001-50003',
    ],
    provenance: [page('cls', 'CLS-01')],
  }),
];
