/**
 * Flows each example must and must not have, written by hand from the vendor's pages and never
 * generated from the code or copied from its output: this file is the proof that does not come from
 * the code.
 *
 * How to change it. A change here is a reviewed change: one commit that touches only this file (and
 * the test, if the format grows), whose message says which line changed and why, with the vendor page
 * and table that justify it. Never weaken, drop or narrow a line to make the planner pass: a failing
 * line is a finding against the catalog or the planner, fixed there. Add a line only with a source a
 * reviewer can open (page path from PAGES, table, and row where the table has numbered rows); a line
 * whose reason is the absence of a row says so. When a vendor page changes, cite the commit read.
 *
 * Format. `from` / `to` name one side each: a role (`front-end`), a host or pool FQDN (a host matches
 * an endpoint that lists it, a pool matches its servers and its VIP), `*` for any endpoint, or a list of
 * these (any of them). `fromZone` / `toZone` narrow a side to one topology zone. `transport` is `tcp`,
 * `udp` or `any`; `ports` is a port list or `any` (1-65535), less `except` (must-not-have only).
 * `sameHost` matches only flows with one host on both sides (a server talking to itself).
 * A must-have line holds when the flows that match it open, together, every port listed; a
 * must-not-have line holds when no matching flow opens any of its ports. Optional flows count.
 */

export type Side = string | readonly string[];

export interface FlowExpectation {
  readonly from: Side;
  readonly to: Side;
  readonly fromZone?: string;
  readonly toZone?: string;
  readonly transport: 'tcp' | 'udp' | 'any';
  readonly ports: string;
  /** Ports taken out of `ports` (written as "any except 443,5061"). */
  readonly except?: string;
  /** Only flows whose source and destination share a host. */
  readonly sameHost?: boolean;
  /** Page, table and row that justify the line. */
  readonly source: string;
}

export interface ExampleExpectations {
  readonly mustHave: readonly FlowExpectation[];
  readonly mustNotHave: readonly FlowExpectation[];
}

/** Every page cited below, by the short name the lines use, with its path in MicrosoftDocs/OfficeDocs-SkypeForBusiness. */
export const PAGES = {
  'ports-and-protocols.md':
    'Skype/SfbServer/plan-your-deployment/network-requirements/ports-and-protocols.md',
  'edge-environmental-requirements.md':
    'Skype/SfbServer/plan-your-deployment/edge-server-deployments/edge-environmental-requirements.md',
  'sql-firewall.md': 'Lync/LyncServer/lync-server-2013-understanding-firewall-requirements-for-sql-server.md',
  'port-summary-reverse-proxy.md': 'Lync/LyncServer/lync-server-2013-port-summary-reverse-proxy.md',
  'port-summary-single-director.md': 'Lync/LyncServer/lync-server-2013-port-summary-single-director.md',
  'external-av-firewall.md':
    'Lync/LyncServer/lync-server-2013-determine-external-a-v-firewall-and-port-requirements.md',
  'plan-hybrid-connectivity.md':
    'Skype/SfBServer2019/hybrid/plan-hybrid-connectivity.md (commit 0583cb5274a561c6e7bbb1c3b2d7164ef9e0247a)',
  'deprecated-2019.md': 'Skype/SfBServer2019/deprecated-2019.md',
  'lync-ports-internal-servers.md':
    'Lync/LyncServer/lync-server-2013-ports-and-protocols-for-internal-servers.md',
  'lync-client-interoperability.md':
    'Lync/LyncServer/lync-server-2013-client-interoperability-in-lync-2013.md',
  'add-director-file-store.md': 'Skype/SfbServer/sfbs2019/add-director-file-store.md',
  'add-persistent-chat-server.md':
    'Lync/LyncServer/lync-server-2013-add-persistent-chat-server-to-the-topology.md',
  'sql-mirroring.md':
    'Skype/SfbServer/deploy/deploy-high-availability-and-disaster-recovery/sql-mirroring-for-high-availability.md',
  'define-a-gateway.md': 'Skype/SfbServer/deploy/deploy-enterprise-voice/define-a-gateway.md',
  'deploy-media-bypass.md': 'Skype/SfbServer/deploy/deploy-enterprise-voice/deploy-media-bypass.md',
  'configure-a-trunk-with-media-bypass.md':
    'Skype/SfbServer/manage/voice-routing/configure-a-trunk-with-media-bypass.md (commit 020a5965539f75f5a413c25c3379254c85f4d855)',
  'design-the-sip-trunk.md':
    'Skype/SfbServer/plan-your-deployment/enterprise-voice-solution/design-the-sip-trunk.md',
  'alwayson-availability-group.md':
    'Skype/SfbServer/deploy/deploy-high-availability-and-disaster-recovery/alwayson-availability-group.md',
  'back-end-server.md':
    'Skype/SfbServer/plan-your-deployment/high-availability-and-disaster-recovery/back-end-server.md',
  'configure-partner-applications.md':
    'Skype/SfbServer/deploy/integrate-with-exchange-server/configure-partner-applications.md',
  'branch-site-resiliency.md': 'Lync/LyncServer/lync-server-2013-branch-site-resiliency-requirements.md',
  'deploying-sba.md': 'Lync/LyncServer/lync-server-2013-deploying-a-survivable-branch-appliance-or-server.md',
  'enable-exchange-2013-owa-im.md':
    'Lync/LyncServer/enable-exchange-2013-outlook-web-app-and-im-integration.md',
  'unified-messaging.md': 'Skype/SfbServer/plan-your-deployment/integrate-with-exchange/unified-messaging.md',
  'dns.md': 'Skype/SfbServer/plan-your-deployment/network-requirements/dns.md',
  'lync-dns-front-end-pool.md': 'Lync/LyncServer/lync-server-2013-dns-requirements-for-front-end-pool.md',
  'set-up-network-interfaces-for-edge-servers.md':
    'Skype/SfbServer/sfbs2019/set-up-network-interfaces-for-edge-servers.md',
  'load-balancing.md': 'Skype/SfbServer/plan-your-deployment/network-requirements/load-balancing.md',
  'centralized-logging-service.md':
    'Skype/SfbServer/management-tools/centralized-logging-service/centralized-logging-service.md',
} as const;

// ---- citations -------------------------------------------------------------------------------------

/** The seed page's tables; rows are counted from 1 under each table's header row. */
const seed = {
  server: (row: number, what: string) =>
    `ports-and-protocols.md, "Required Server Ports (by Server Role)" row ${row}: ${what}`,
  hlbOnly: (row: number, what: string) =>
    `ports-and-protocols.md, "Hardware Load Balancer Ports if Using Only Hardware Load Balancing" row ${row}: ${what}`,
  hlbDns: (row: number, what: string) =>
    `ports-and-protocols.md, "Hardware Load Balancer Ports if Using DNS Load Balancing" row ${row}: ${what}`,
};

/** load-balancing.md (commit 02b803fdd84e6792c1080fd7146fb994336f8df6), "Port Monitoring for Hardware Load Balancers". */
const lbMonitor = (table: 'Internal' | 'External', row: string) =>
  `load-balancing.md, "Port Monitoring for Hardware Load Balancers", "Front End Server User Pool - HLB ${table} Interface": ${row}`;

const EDGE = 'edge-environmental-requirements.md';
const edge = {
  external: (row: string) => `${EDGE}, "External port firewall summary table": ${row}`,
  internal: (row: string) => `${EDGE}, "Internal port firewall summary table": ${row}`,
  hlbExternal: (row: string) => `${EDGE}, HLB section, "External port firewall summary table": ${row}`,
  hlbInternal: (row: string) => `${EDGE}, HLB section, "Internal port firewall summary table": ${row}`,
  hlbExternalVip: (row: string) => `${EDGE}, HLB section, "External interface Virtual IPs": ${row}`,
  hlbInternalVip: (row: string) => `${EDGE}, HLB section, "Internal interface Virtual IPs": ${row}`,
};
const director = (row: string) =>
  `port-summary-single-director.md, "Single Director Ports and Protocols for Firewall Definitions": ${row}`;
const rp = {
  external: (row: string) =>
    `port-summary-reverse-proxy.md, "Firewall Details for Reverse Proxy Server: External Interface": ${row}`,
  internal: (row: string) =>
    `port-summary-reverse-proxy.md, "Firewall Details for Reverse Proxy Server: Internal Interface": ${row}`,
};
const sqlFirewall = (table: string) => `sql-firewall.md, "${table}"`;

const BRANCH = 'branch-site-resiliency.md';
const branch = {
  registrar: `${BRANCH}, "Registrar Assignments for Branch Users": branch site users always register with the Registrar at the branch site (the appliance or branch server)`,
  backup: `${BRANCH}, "Registrar Assignments for Branch Users": when the appliance is unavailable, branch clients discover and register on the backup Registrar pool`,
  voice: `${BRANCH}, "Voice Routing for Branch Users": the branch policy's primary route uses the appliance's gateway, the backup route a trunk at the central site`,
  roles:
    'deploying-sba.md: an appliance holds a Registrar, Mediation Server software and a PSTN gateway; a branch server holds Registrar and Mediation Server and uses a separate gateway',
};

// ---- line builders ---------------------------------------------------------------------------------

interface Options {
  readonly fromZone?: string;
  readonly toZone?: string;
  readonly except?: string;
  readonly sameHost?: boolean;
}

/** One line: `spec` is "<transport> <ports>", e.g. "tcp 443", "udp 50000-59999", "any any". */
function line(from: Side, to: Side, spec: string, source: string, options: Options = {}): FlowExpectation {
  const [transport, ports] = spec.split(' ') as ['tcp' | 'udp' | 'any', string];
  return { from, to, transport, ports, source, ...options };
}

/** The same line from the internet zone. */
function fromInternet(to: Side, spec: string, source: string, options: Options = {}): FlowExpectation {
  return line('*', to, spec, source, { fromZone: 'internet', ...options });
}

/** The same line toward the internet zone. */
function toInternet(from: Side, spec: string, source: string): FlowExpectation {
  return line(from, '*', spec, source, { toZone: 'internet' });
}

// ---- blocks shared by the examples with an Edge pool ------------------------------------------------

/** Edge external interface of a single or DNS-load-balanced Edge (public or NAT addresses). */
function edgeExternalDns(): FlowExpectation[] {
  return [
    fromInternet(
      'edge-external-access',
      'tcp 443',
      edge.external('Access/SIP(TLS) TCP 443, Any → Access Edge'),
    ),
    fromInternet(
      'edge-external-access',
      'tcp 5061',
      edge.external('Access/SIP(MTLS) TCP 5061, Any → Access Edge'),
    ),
    fromInternet(
      'edge-external-webconf',
      'tcp 443',
      edge.external('Web conferencing/PSOM(TLS) TCP 443, Any → Web Conferencing Edge'),
    ),
    fromInternet('edge-external-av', 'udp 3478', edge.external('A/V/STUN.MSTURN UDP 3478, Any → A/V Edge')),
    fromInternet('edge-external-av', 'tcp 443', edge.external('A/V/STUN.MSTURN TCP 443, Any → A/V Edge')),
    toInternet(
      'edge-external-access',
      'tcp 5061',
      edge.external('Access/SIP(MTLS) TCP 5061, Access Edge → Any'),
    ),
    toInternet(
      'edge-external-access',
      'tcp 80',
      edge.external('Access/HTTP TCP 80 (CRL), Access Edge → Any'),
    ),
    toInternet('edge-external-access', 'tcp 53', edge.external('Access/DNS TCP 53, Access Edge → Any')),
    toInternet('edge-external-access', 'udp 53', edge.external('Access/DNS UDP 53, Access Edge → Any')),
    toInternet('edge-external-av', 'tcp 443', edge.external('A/V/STUN.MSTURN TCP 443, A/V Edge → Any')),
    toInternet('edge-external-av', 'udp 3478', edge.external('A/V/STUN.MSTURN UDP 3478, A/V Edge → Any')),
  ];
}

/** What the inside of a single or DNS-load-balanced Edge must receive; `pool` is the Edge's next hop. */
function edgeInternalDns(nextHopPool: string, mediaSources: readonly string[]): FlowExpectation[] {
  return [
    line(
      'front-end',
      'edge-internal',
      'tcp 5061',
      edge.internal('SIP/MTLS TCP 5061, Front End → Edge internal'),
    ),
    line(
      'edge-internal',
      nextHopPool,
      'tcp 5061',
      edge.internal('SIP/MTLS TCP 5061, Edge internal → Director or Front End (next hop)'),
    ),
    line(
      'front-end',
      'edge-internal',
      'tcp 8057',
      edge.internal('PSOM/MTLS TCP 8057, each Front End Server → Edge internal'),
    ),
    line(
      'front-end',
      'edge-internal',
      'tcp 5062',
      edge.internal('SIP/MTLS TCP 5062, Front End → Edge internal'),
    ),
    line(
      'front-end',
      'edge-internal',
      'tcp 4443',
      edge.internal('HTTPS TCP 4443, Front End pool holding the Central Management store → Edge internal'),
    ),
    ...mediaSources.flatMap((from) => [
      line(from, 'edge-internal', 'udp 3478', edge.internal('STUN/MSTURN UDP 3478, Any → Edge internal')),
      line(from, 'edge-internal', 'tcp 443', edge.internal('STUN/MSTURN TCP 443, Any → Edge internal')),
    ]),
  ];
}

/**
 * No row of the internal tables (single, DNS or HLB) has the Edge internal interface or VIP open a
 * connection to a client, a phone or a media port of a Front End or Mediation Server: relayed media
 * returns on the session the internal host opened to 3478/443 (review H1).
 */
function edgeInternalIsNoMediaSource(sources: readonly string[] = ['edge-internal']): FlowExpectation[] {
  const why = `${EDGE}, "Internal port firewall summary table" and HLB internal tables: no row with the Edge internal interface as the source of media (review H1)`;
  return sources.flatMap((from) => [
    line(from, 'client', 'any any', why),
    line(from, 'phone', 'any any', why),
    line(from, 'front-end', 'any 49152-65535', why),
    line(from, 'mediation', 'any 49152-65535', why),
  ]);
}

/** A/V Edge inbound and outbound 50000-59999, which no example enables (`legacy-federation` is off). */
function avEdgeMediaRange(avRoles: Side): FlowExpectation[] {
  return [
    fromInternet(
      avRoles,
      'tcp 50000-59999',
      `${EDGE}, "External port firewall summary table": no inbound 50000-59999 row (only A/V Edge → Any); external-av-firewall.md, "External A/V Firewall Port Requirements for External User Access": inbound 50,000-59,999 only for Office Communications Server 2007 federation; plan-hybrid-connectivity.md, "Port and protocol requirements": Office 365 → A/V Edge TCP 50000-59999 has source port 443, the return leg of the A/V Edge's own connection (review M2)`,
    ),
    fromInternet(
      avRoles,
      'udp 50000-59999',
      `${EDGE}, "External port firewall summary table": no inbound 50000-59999 row; external-av-firewall.md, "External A/V Firewall Port Requirements for External User Access": inbound UDP 50,000-59,999 only for Office Communications Server 2007 federation`,
    ),
    toInternet(
      'edge-external-av',
      'udp 50000-59999',
      'external-av-firewall.md, "Important" note under "External A/V Firewall Port Requirements": UDP 50,000-59,999 outbound only for Office Communications Server 2007; OCS 2007 R2, Lync 2010 and Lync 2013 need only TCP 50,000-59,999 outbound (contradicts the unconditional row of edge-environmental-requirements.md; review L1/C1 decides for legacy-federation only)',
    ),
  ];
}

/** Nothing in a perimeter zone opens a connection to a client or phone zone, nor the external side to the servers. */
function perimeterToInside(perimeterZones: readonly string[], clientZones: readonly string[]) {
  const why = `${EDGE}, "Internal port firewall summary table" (the only Edge-initiated internal row is SIP 5061 to Director/Front End) and port-summary-reverse-proxy.md, "Internal Interface" (reverse proxy → Front End, Director, Office Web Apps only): no row has a perimeter host open a connection to a client or phone`;
  return perimeterZones.flatMap((fromZone) =>
    clientZones.map((toZone) => line('*', '*', 'any any', why, { fromZone, toZone })),
  );
}

/** The internet reaches no internal or perimeter-internal zone directly. */
function internetToInside(zones: readonly string[]): FlowExpectation[] {
  const why = `${EDGE}, "External port firewall summary table" and port-summary-reverse-proxy.md, "External Interface": every inbound row from Any ends on an Edge external service or the reverse proxy listener`;
  return zones.map((toZone) => fromInternet('*', 'any any', why, { toZone }));
}

const BYPASS_WHY =
  'deploy-media-bypass.md: media bypass (gateway ↔ client media) must be enabled per trunk and globally, and many providers accept media only from the Mediation Server';

/** No gateway whose trunk leaves media bypass off sends media to clients or phones. */
function noGatewayToEndpoints(gateways: Side = 'pstn-gateway'): FlowExpectation[] {
  const why = `${BYPASS_WHY}; without bypass on the trunk, media stays between gateway and Mediation Server`;
  return [line(gateways, 'client', 'any any', why), line(gateways, 'phone', 'any any', why)];
}

/**
 * A gateway whose trunk has media bypass on exchanges audio with clients and phones directly, on the
 * endpoints' audio range, over UDP: the bypass page has the gateway send RTP to the endpoint, and no page
 * gives a gateway RTP over TCP.
 */
function bypassGatewayMedia(
  gateway: string,
  clientAudio: string,
  gatewayMedia = '1024-65535',
): FlowExpectation[] {
  const why = `${BYPASS_WHY}; with bypass on the trunk the gateway and the endpoint exchange media directly`;
  return [
    line(gateway, 'client', `udp ${clientAudio}`, why),
    line(
      'client',
      gateway,
      `udp ${gatewayMedia}`,
      `${why}; the gateway's own media range is its vendor's: the range the example copies from the gateway, else any port from 1024`,
    ),
  ];
}

const GATEWAY_TRUNK_MEDIA =
  'configure-a-trunk-with-media-bypass.md step 6: the trunk carries RTP/SRTP between the Mediation Server and the gateway';

/** The gateway receives media on the RTP range its vendor configures, which the example copies. */
const gatewayVendorRange = (range: string) =>
  `the gateway receives audio on the RTP range its vendor configures (${range} in the example, mediaPorts); no Skype for Business page states another`;

/** A gateway whose media range the topology states receives Mediation Server audio on that range. */
function gatewayMediaRange(gateway: string, range: string): FlowExpectation {
  return line('mediation', gateway, `udp ${range}`, `${GATEWAY_TRUNK_MEDIA}; ${gatewayVendorRange(range)}`);
}

/**
 * ... and on no other UDP port: from the Mediation Server, and from clients and phones (bypass).
 * UDP only, since the trunk's SIP to the gateway is TCP.
 */
function noGatewayMediaOutside(gateway: string, range: string): FlowExpectation[] {
  return [
    line('mediation', gateway, 'udp any', `${GATEWAY_TRUNK_MEDIA}; ${gatewayVendorRange(range)}`, {
      except: range,
    }),
    ...['client', 'phone'].map((endpoint) =>
      line(endpoint, gateway, 'udp any', `${BYPASS_WHY}; ${gatewayVendorRange(range)}`, { except: range }),
    ),
  ];
}

function noTcpGatewayMedia(gateway: string): FlowExpectation[] {
  const why = `${BYPASS_WHY}: bypass media is RTP/SRTP between gateway and endpoint; no page gives a gateway media over TCP`;
  return [line(gateway, 'client', 'tcp any', why), line(gateway, 'phone', 'tcp any', why)];
}

const noE911FromFrontEnd = line(
  'front-end',
  ['e911', 'pstn-gateway'],
  'tcp 5066',
  'design-the-sip-trunk.md: E9-1-1 calls leave through a SIP trunk from the Mediation Servers (or an SBC in front of them), not from a Front End; contradicts ports-and-protocols.md "Required Server Ports" row 32 (review L6/C5)',
);

/** Client, phone and Front End media and signalling every example with conferencing needs toward its pool. */
function clientsToPool(pool: string, withPhones: boolean): FlowExpectation[] {
  return [
    line('client', pool, 'tcp 5061', seed.server(3, 'Front End 5061, SIP between server and client (TLS)')),
    line('client', 'front-end', 'tcp 8057', seed.server(7, 'Front End 8057, PSOM connections from clients')),
    line(
      'client',
      'front-end',
      'udp 49152-57500',
      seed.server(40, 'all internal servers 49152-57500, audio on servers that terminate audio'),
    ),
    line(
      'client',
      'front-end',
      'udp 57501-65535',
      seed.server(10, 'Front End 57501-65535, video conferencing'),
    ),
    ...(withPhones
      ? [
          line(
            'phone',
            pool,
            'tcp 5061',
            seed.server(3, 'Front End 5061, SIP between server and client (TLS)'),
          ),
        ]
      : []),
  ];
}

// ---- the examples ----------------------------------------------------------------------------------

/** Contoso, SfB 2019: Enterprise pool (DNS LB + web VIP, collocated Mediation), Director, 2 Edge, RP, OOS, Exchange. */
const enterprise: ExampleExpectations = {
  mustHave: [
    // gw01's trunk has media bypass on (enterprise.yaml); clients use the configured audio range,
    // gw01 its vendor's RTP range (mediaPorts).
    ...bypassGatewayMedia('gw01.contoso.com', '50020-50039', '16384-32767'),
    gatewayMediaRange('gw01.contoso.com', '16384-32767'),
    ...edgeExternalDns(),
    ...edgeInternalDns('dirpool.contoso.com', ['client', 'front-end']),
    line(
      'director',
      'edge-internal',
      'tcp 5061',
      edge.internal('SIP/MTLS TCP 5061, Director → Edge internal'),
    ),
    line(
      'edge-internal',
      'pool01.contoso.com',
      'tcp 5061',
      `${director('introduction')}: "SIP/MTLS/TCP 5061 from the Edge Server to the Front End pool"; ${edge.internal('SIP/MTLS TCP 5061, Edge internal → Front End pool')}`,
    ),
    // Director
    line(
      'client',
      'dirpool.contoso.com',
      'tcp 443',
      director('HTTPS/TCP 443, Internal Clients → Director web services'),
    ),
    line(
      'client',
      'dirpool.contoso.com',
      'tcp 80',
      director('HTTP/TCP 80, Internal Clients → Director web services'),
    ),
    line(
      'client',
      'dirpool.contoso.com',
      'tcp 5061',
      seed.server(46, 'Directors 5061, internal server communication and client connections'),
    ),
    line(
      'front-end',
      'dirpool.contoso.com',
      'tcp 444',
      seed.server(43, 'Directors 444, inter-server communication between Front End and Director'),
    ),
    line(
      'director',
      'pool01.contoso.com',
      'tcp 444',
      director('HTTPS/TCP 444, Director → Front End server or pool'),
    ),
    line(
      'front-end',
      'dirpool.contoso.com',
      'tcp 5061',
      seed.server(46, 'Directors 5061, communication between servers'),
    ),
    line(
      'director',
      'pool01.contoso.com',
      'tcp 5061',
      seed.server(3, 'Front End 5061, SIP between servers (MTLS)'),
    ),
    // Reverse proxy; it publishes Office Online Server, so external 80 is required, not optional
    fromInternet('reverse-proxy', 'tcp 443', rp.external('HTTPS/TCP/443, Any → reverse proxy listener')),
    fromInternet(
      'reverse-proxy',
      'tcp 80',
      rp.external(
        'HTTP/TCP/80, Any → reverse proxy listener, required when Office Web Apps is used for conferencing',
      ),
    ),
    line(
      'reverse-proxy',
      'pool01.contoso.com',
      'tcp 4443',
      rp.internal('HTTPS/TCP/4443, RP → Front End pool'),
    ),
    line(
      'reverse-proxy',
      'pool01.contoso.com',
      'tcp 8080',
      rp.internal('HTTP/TCP/8080, RP → Front End pool'),
    ),
    line(
      'reverse-proxy',
      'dirpool.contoso.com',
      'tcp 4443',
      rp.internal('HTTPS/TCP/4443, RP → Director pool'),
    ),
    line(
      'reverse-proxy',
      'dirpool.contoso.com',
      'tcp 8080',
      rp.internal('HTTP/TCP/8080, RP → Director pool'),
    ),
    line(
      'reverse-proxy',
      'oos.contoso.com',
      'tcp 443',
      rp.internal('HTTPS/TCP/443, RP → Office Web Apps for conferencing'),
    ),
    // SQL, file share, CMS push
    line(
      'front-end',
      'sql01.contoso.com',
      'tcp 1433',
      sqlFirewall('Requirements for a Firewall Exception When Using the Default Instance'),
    ),
    line(
      'front-end',
      'sql01.contoso.com',
      'udp 1434',
      sqlFirewall(
        'Requirements for a Firewall Exception for the SQL Server Browser Service: UDP 1434 inbound',
      ),
    ),
    line(
      'front-end',
      'fs01.contoso.com',
      'tcp 445',
      seed.server(36, 'Front End 445, File Share server access'),
    ),
    line(
      'director',
      'fs01.contoso.com',
      'tcp 445',
      `add-director-file-store.md: Directors must have a file store (the topology links dirpool → fs01); port from ${seed.server(36, '445 SMB/TCP, File Share server access')}`,
    ),
    line(
      'front-end',
      'director',
      'tcp 445',
      seed.server(38, 'Front End where the Central Management store resides, 445 push to servers'),
    ),
    // Voice: collocated Mediation, gw01 over TLS
    line(
      'gw01.contoso.com',
      'mediation',
      'tcp 5067',
      seed.server(23, 'collocated Mediation 5067 TLS, from the PSTN gateway'),
    ),
    line(
      'mediation',
      'gw01.contoso.com',
      'tcp 5067',
      'define-a-gateway.md step 6: the gateway listens on 5067 for TLS by default',
    ),
    line(
      'front-end',
      'mediation',
      'tcp 5070',
      seed.server(22, 'collocated Mediation 5070, from the Front End'),
    ),
    line(
      'mediation',
      'pool01.contoso.com',
      'tcp 5061',
      seed.server(3, 'Front End 5061, SIP between Front End and Mediation'),
    ),
    // Office Online Server, Exchange
    line(
      'front-end',
      'oos.contoso.com',
      'tcp 443',
      seed.server(41, 'Office Web Apps Servers 443, from the server'),
    ),
    line(
      'front-end',
      'ex01.contoso.com',
      'tcp 443',
      'configure-partner-applications.md: Skype for Business reads https://autodiscover.<domain>/autodiscover/metadata/json/1 and the Storage Service writes to Exchange (review M9)',
    ),
    line(
      'ex01.contoso.com',
      'pool01.contoso.com',
      'tcp 443',
      'configure-partner-applications.md: Exchange reads the pool metadata https://<pool FQDN>/metadata/json/1 (review M9)',
    ),
    // Outlook Web App IM: ex01 is a trusted application server of pool01 on the port its administrator
    // gave New-CsTrustedApplication (5199 in enterprise.yaml); server-to-server SIP is MTLS.
    line(
      'front-end',
      'ex01.contoso.com',
      'tcp 5199',
      'enable-exchange-2013-owa-im.md, "To create a trusted application for the Exchange 2013 CAS server": New-CsTrustedApplication -Port <available port number>; registrar pool01 (New-CsTrustedApplicationPool -Registrar)',
    ),
    line(
      'ex01.contoso.com',
      'pool01.contoso.com',
      'tcp 5061',
      `enable-exchange-2013-owa-im.md, "To create a trusted application pool": the CAS is a trusted application server of its registrar pool; ${seed.server(3, 'Front End 5061 SIP/MTLS from servers')}`,
    ),
    // The contact centre cc.contoso.com, a trusted application of pool01 on 6001.
    line(
      'front-end',
      ['cc01.contoso.com', 'cc02.contoso.com'],
      'tcp 6001',
      'enable-exchange-2013-owa-im.md: a trusted application listens on the port given to New-CsTrustedApplication -Port (6001 in enterprise.yaml) and is reached from its registrar pool',
    ),
    line(
      ['cc01.contoso.com', 'cc02.contoso.com'],
      'pool01.contoso.com',
      'tcp 5061',
      seed.server(3, 'Front End 5061 SIP/MTLS: a trusted application server is a server of the topology'),
    ),
    // Infrastructure: dc01 and dc02 are the DNS servers and, with no NTP server listed, the phones' NTP.
    ...['tcp 53', 'udp 53'].flatMap((spec) =>
      ['front-end', 'director', 'client', 'phone'].flatMap((from) =>
        ['dc01.contoso.com', 'dc02.contoso.com'].map((dc) =>
          line(
            from,
            dc,
            spec,
            `dns.md, "Summary tables": clients and servers resolve the pool, server and SRV records on internal DNS; ${edge.external('DNS TCP/UDP 53')} gives the DNS port`,
          ),
        ),
      ),
    ),
    line(
      'phone',
      ['dc01.contoso.com', 'dc02.contoso.com'],
      'udp 123',
      'lync-dns-front-end-pool.md, "DNS Records Required for the Front End pool": SRV _ntp._udp → dc01.contoso.com port 123, "Internally, this should point to the domain controller"',
    ),
    line(
      'client',
      'dhcp01.contoso.com',
      'udp 67',
      'ports-and-protocols.md, "Required Client Ports" row 1: DHCP 67/68, clients find the registrar (option 120)',
    ),
    line(
      'dhcp01.contoso.com',
      'client',
      'udp 68',
      'ports-and-protocols.md, "Required Client Ports" row 1: DHCP 67/68 (68 is the client side)',
    ),
    // Centralized Logging Service agent on every server, from the controller on a Front End server.
    line(
      'front-end',
      ['fe01.contoso.com', 'fe02.contoso.com', 'fe03.contoso.com'],
      'tcp 50001-50003',
      'centralized-logging-service.md, "Logging service components": ClsAgent runs on every machine with Skype for Business Server and listens on TCP 50001-50003 for ClsController',
    ),
    // Clients; with DNS load balancing the web services sit behind the hardware load balancer
    ...clientsToPool('pool01.contoso.com', true),
    line(
      'client',
      'pool01.contoso.com',
      'tcp 443',
      seed.hlbDns(2, 'Front End Server load balancer 443 HTTPS'),
    ),
    line('client', 'pool01.contoso.com', 'tcp 80', seed.hlbDns(1, 'Front End Server load balancer 80 HTTP')),
  ],
  mustNotHave: [
    ...edgeInternalIsNoMediaSource(),
    ...perimeterToInside(['perimeter-internal', 'perimeter-external'], ['clients', 'phones']),
    // ex01 runs Exchange 2019: no Unified Messaging, so the pool reaches it only for partner
    // applications (443) and OWA IM (its trusted application port 5199).
    line(
      'front-end',
      'ex01.contoso.com',
      'tcp any',
      'unified-messaging.md, "Exchange Server 2019": Exchange UM is no longer present; configure-partner-applications.md (HTTPS); enable-exchange-2013-owa-im.md (trusted application port)',
      { except: '443,5199' },
    ),
    // A trusted application talks to the pool it is registered to, not to the Director.
    line(
      'director',
      ['cc01.contoso.com', 'cc02.contoso.com', 'ex01.contoso.com'],
      'any any',
      'enable-exchange-2013-owa-im.md, "To create a trusted application pool": New-CsTrustedApplicationPool -Registrar <Pool FQDN in the site>; the Director is no registrar here',
    ),
    // The Edge Servers must not query DNS servers on the internal network.
    line(
      'edge-internal',
      ['dc01.contoso.com', 'dc02.contoso.com'],
      'any any',
      'set-up-network-interfaces-for-edge-servers.md, security note: "we recommend that you do not have your Edge Servers access a DNS server located in the internal network"',
    ),
    line(
      '*',
      '*',
      'any any',
      `${EDGE}, "External port firewall summary table": every row from the external interface goes to Any on the internet, none inward`,
      { fromZone: 'perimeter-external', toZone: 'servers' },
    ),
    line(
      '*',
      '*',
      'tcp any',
      `${edge.internal('Edge internal → Director/Front End SIP/MTLS 5061 is the only inward row')}; port-summary-reverse-proxy.md "Internal Interface": 8080, 4443, 443 (Office Web Apps)`,
      { fromZone: 'perimeter-internal', toZone: 'servers', except: '443,4443,5061,8080' },
    ),
    line(
      '*',
      '*',
      'udp any',
      `${EDGE}, internal tables: no UDP row from the Edge internal interface inward`,
      {
        fromZone: 'perimeter-internal',
        toZone: 'servers',
      },
    ),
    ...internetToInside(['servers', 'clients', 'phones', 'perimeter-internal']),
    fromInternet(
      'edge-external-access',
      'tcp any',
      edge.external('Any → Access Edge: TCP 443 and 5061 only'),
      {
        except: '443,5061',
      },
    ),
    fromInternet(
      'edge-external-webconf',
      'tcp any',
      edge.external('Any → Web Conferencing Edge: TCP 443 only'),
      {
        except: '443',
      },
    ),
    fromInternet('edge-external-av', 'tcp any', edge.external('Any → A/V Edge: TCP 443 only'), {
      except: '443',
    }),
    fromInternet('edge-external-av', 'udp any', edge.external('Any → A/V Edge: UDP 3478 only'), {
      except: '3478',
    }),
    fromInternet(
      ['edge-external-access', 'edge-external-webconf'],
      'udp any',
      edge.external('no UDP row toward Access or Web Conferencing Edge'),
    ),
    fromInternet('reverse-proxy', 'tcp any', rp.external('Any → listener: TCP 80 and 443 only'), {
      except: '80,443',
    }),
    fromInternet('reverse-proxy', 'udp any', rp.external('no UDP row')),
    ...avEdgeMediaRange('edge-external-av'),
    line(
      '*',
      'front-end',
      'tcp 5086-5087',
      'deprecated-2019.md, MCX: "MCX support for legacy mobile clients is no longer available in Skype for Business Server 2019"; 5086/5087 are the Mobility Services (MCX) SIP ports of ports-and-protocols.md "Required Server Ports" rows 17-18 (review L3)',
    ),
    line(
      'client',
      'client',
      'tcp 6891-6901',
      'lync-ports-internal-servers.md, "Required Client Ports": 6891-6901 is file transfer with OCS 2007 R2, OCS 2007 and LCS 2005 clients; lync-client-interoperability.md, "Server and Client Compatibility": those clients interoperate only with Lync Server 2013 during migration, never with a 2019 pool (review L7)',
    ),
    ...noTcpGatewayMedia('gw01.contoso.com'),
    ...noGatewayMediaOutside('gw01.contoso.com', '16384-32767'),
    noE911FromFrontEnd,
    line(
      'gw01.contoso.com',
      'mediation',
      'tcp 5068',
      `${seed.server(24, 'collocated Mediation 5068, plain TCP from the gateway')}; gw01's trunk is TLS (define-a-gateway.md step 7: one SIP transport per trunk), so only 5067 is used`,
    ),
  ],
};

/** Fabrikam, SfB 2015: HLB Front End pool with mirrored SQL, stand-alone Mediation + SBC (TCP), Persistent Chat, NAT Edge, SBA. */
const multiSite: ExampleExpectations = {
  mustHave: [
    // sea-ex01 runs Exchange 2016 with Unified Messaging (feature exchange-um on fepool): partner
    // application traffic both ways; the UM SIP and media ports are on no page (finding exchange-ports).
    line(
      'front-end',
      'sea-ex01.fabrikam.example',
      'tcp 443',
      'configure-partner-applications.md: Skype for Business reads https://autodiscover.<domain>/autodiscover/metadata/json/1 and the Storage Service writes to Exchange (review M9)',
    ),
    line(
      'sea-ex01.fabrikam.example',
      'fepool.fabrikam.example',
      'tcp 443',
      'configure-partner-applications.md: Exchange reads the pool metadata https://<pool FQDN>/metadata/json/1 (review M9)',
    ),
    ...edgeExternalDns(),
    ...edgeInternalDns('fepool.fabrikam.example', ['client', 'front-end']),
    line(
      'reverse-proxy',
      'fepool.fabrikam.example',
      'tcp 4443',
      rp.internal('HTTPS/TCP/4443, RP → Front End pool'),
    ),
    line(
      'reverse-proxy',
      'fepool.fabrikam.example',
      'tcp 8080',
      rp.internal('HTTP/TCP/8080, RP → Front End pool'),
    ),
    line(
      'sba',
      'edge-internal',
      'tcp 5062',
      edge.internal('SIP/MTLS TCP 5062, any Survivable Branch Appliance using this Edge → Edge internal'),
    ),
    line(
      'sba',
      'edge-internal',
      'udp 3478',
      edge.internal('STUN/MSTURN UDP 3478, Any (names the SBA) → Edge internal'),
    ),
    line(
      'sba',
      'edge-internal',
      'tcp 443',
      edge.internal('STUN/MSTURN TCP 443, Any (names the SBA) → Edge internal'),
    ),
    // Dublin: the appliance is the registrar and Mediation Server of the branch (review H3/X1)
    ...(['client', 'phone'] as const).flatMap((from) => [
      line(
        from,
        'dub-sba01.fabrikam.example',
        'tcp 5061',
        `${branch.registrar}; port from ${seed.server(3, 'SIP between server and client (TLS)')}`,
        { fromZone: from === 'client' ? 'dub-branch' : 'dub-phones' },
      ),
      line(
        from,
        'fepool.fabrikam.example',
        'tcp 5061',
        `${branch.backup}; the appliance's registrarFor is fepool`,
        {
          fromZone: from === 'client' ? 'dub-branch' : 'dub-phones',
        },
      ),
    ]),
    line(
      'client',
      'dub-sba01.fabrikam.example',
      'udp 49152-57500',
      `${seed.server(40, 'audio range of every server that terminates audio, Mediation Server included')}; ${branch.roles}`,
      { fromZone: 'dub-branch' },
    ),
    line(
      'front-end',
      'dub-sba01.fabrikam.example',
      'tcp 5061',
      seed.server(3, 'all internal SIP communications between servers (MTLS)'),
    ),
    line(
      'front-end',
      'dub-sba01.fabrikam.example',
      'tcp 5070',
      `${seed.server(50, 'Mediation 5070 MTLS, from the Front End Servers')}; ${branch.roles}`,
    ),
    line(
      'front-end',
      'dub-sba01.fabrikam.example',
      'tcp 445',
      seed.server(38, 'Central Management store 445 push to servers'),
    ),
    line(
      'dub-sba01.fabrikam.example',
      'fepool.fabrikam.example',
      'tcp 444',
      seed.server(
        4,
        '444 "also used for TCP communication between Survivable Branch Appliances and Front End Servers"',
      ),
    ),
    line(
      'dub-sba01.fabrikam.example',
      'medpool.fabrikam.example',
      'tcp 5070',
      `${branch.voice} (sbc01 on medpool); port from ${seed.server(47, 'Mediation 5070')}`,
    ),
    // SQL with mirroring
    ...['sea-sql01.fabrikam.example', 'sea-sql02.fabrikam.example'].flatMap((sql) =>
      ['front-end', 'persistent-chat'].flatMap((from) => [
        line(
          from,
          sql,
          'tcp 1433',
          `${sqlFirewall('Requirements for a Firewall Exception When Using the Default Instance')}; sql-mirroring.md: the mirror holds the same databases and takes over on failover`,
        ),
        line(
          from,
          sql,
          'udp 1434',
          sqlFirewall(
            'Requirements for a Firewall Exception for the SQL Server Browser Service: UDP 1434 inbound',
          ),
        ),
      ]),
    ),
    line(
      'sea-sql01.fabrikam.example',
      'sea-sql02.fabrikam.example',
      'tcp 5022',
      'sql-mirroring.md, cmdlet step 2: "Port 5022 is accessible" on the primary and on the mirror',
    ),
    line(
      'sea-sql02.fabrikam.example',
      'sea-sql01.fabrikam.example',
      'tcp 5022',
      'sql-mirroring.md, cmdlet step 2: "Port 5022 is accessible" on the primary and on the mirror',
    ),
    line(
      'sea-sql01.fabrikam.example',
      'sea-sqlw.fabrikam.example',
      'tcp 7022',
      'sql-mirroring.md, cmdlet step 2: "Port 7022 is accessible" on the witness',
    ),
    line(
      'sea-sql02.fabrikam.example',
      'sea-sqlw.fabrikam.example',
      'tcp 7022',
      'sql-mirroring.md, cmdlet step 2: "Port 7022 is accessible" on the witness',
    ),
    // File share and CMS push
    line(
      'front-end',
      'sea-fs01.fabrikam.example',
      'tcp 445',
      seed.server(36, 'Front End 445, File Share server access'),
    ),
    line(
      'persistent-chat',
      'sea-fs01.fabrikam.example',
      'tcp 445',
      `add-persistent-chat-server.md step 10: the Persistent Chat file store is a UNC path (the topology links pchat → sea-fs01); port from ${seed.server(36, '445 SMB/TCP')}`,
    ),
    line(
      'front-end',
      'mediation',
      'tcp 445',
      seed.server(38, 'Central Management store 445 push to servers'),
    ),
    line(
      'front-end',
      'persistent-chat',
      'tcp 445',
      seed.server(38, 'Central Management store 445 push to servers'),
    ),
    // Voice: stand-alone Mediation pool, sbc01 over TCP
    line(
      'front-end',
      'medpool.fabrikam.example',
      'tcp 5070',
      seed.server(50, 'Mediation 5070 MTLS, from the Front End'),
    ),
    line(
      'mediation',
      'fepool.fabrikam.example',
      'tcp 5061',
      seed.server(3, 'Front End 5061, SIP between Front End and Mediation'),
    ),
    line(
      'sbc01.fabrikam.example',
      'mediation',
      'tcp 5068',
      seed.server(49, 'Mediation 5068 TCP, from the PSTN gateway'),
    ),
    line(
      'mediation',
      'sbc01.fabrikam.example',
      'tcp 5066',
      'define-a-gateway.md step 6: the gateway or SBC listens on 5066 for TCP by default',
    ),
    // Persistent Chat
    line(
      'front-end',
      'persistent-chat',
      'tcp 5041',
      `${seed.server(51, 'Persistent Chat SIP 5041 MTLS')}; add-persistent-chat-server.md step 5 (default 5041)`,
    ),
    line(
      'persistent-chat',
      'fepool.fabrikam.example',
      'tcp 5061',
      `${seed.server(3, 'Front End 5061, SIP between servers')}; add-persistent-chat-server.md step 11 (the Front End pool is the next hop)`,
    ),
    line(
      'client',
      'persistent-chat',
      'tcp 443',
      seed.server(53, 'Persistent Chat File Transfer Service 443 TLS'),
    ),
    // Clients; the pool is hardware balanced
    ...clientsToPool('fepool.fabrikam.example', true),
    line(
      'client',
      'fepool.fabrikam.example',
      'tcp 443',
      seed.hlbOnly(6, 'Front End Server load balancer 443 HTTPS'),
    ),
    line(
      'client',
      'fepool.fabrikam.example',
      'tcp 80',
      seed.hlbOnly(4, 'Front End Server load balancer 80 HTTP'),
    ),
  ],
  mustNotHave: [
    ...edgeInternalIsNoMediaSource(),
    // The Done-when: no flow from a perimeter zone to a client zone at all.
    ...perimeterToInside(
      ['sea-perimeter-internal', 'sea-perimeter-external'],
      ['sea-clients', 'dub-branch', 'dub-phones'],
    ),
    line(
      '*',
      '*',
      'any any',
      `${EDGE}, "External port firewall summary table": every row from the external interface goes to Any on the internet, none inward`,
      { fromZone: 'sea-perimeter-external', toZone: 'sea-servers' },
    ),
    line(
      'edge-internal',
      '*',
      'tcp any',
      edge.internal('Edge internal → Director/Front End SIP/MTLS 5061 is the only inward row'),
      { fromZone: 'sea-perimeter-internal', toZone: 'sea-servers', except: '5061' },
    ),
    // The reverse proxy (added with the remote-access-without-reverse-proxy warning) reaches the
    // pool's web services on their external ports only.
    line(
      'reverse-proxy',
      '*',
      'tcp any',
      rp.internal('reverse proxy → Front End pool HTTP 8080 and HTTPS 4443 are the only rows'),
      { fromZone: 'sea-perimeter-internal', toZone: 'sea-servers', except: '4443,8080' },
    ),
    line(
      '*',
      '*',
      'udp any',
      `${EDGE}, internal tables: no UDP row from the Edge internal interface inward`,
      {
        fromZone: 'sea-perimeter-internal',
        toZone: 'sea-servers',
      },
    ),
    ...internetToInside(['sea-servers', 'sea-clients', 'dub-branch', 'dub-phones', 'sea-perimeter-internal']),
    fromInternet(
      'edge-external-access',
      'tcp any',
      edge.external('Any → Access Edge: TCP 443 and 5061 only'),
      {
        except: '443,5061',
      },
    ),
    fromInternet(
      'edge-external-webconf',
      'tcp any',
      edge.external('Any → Web Conferencing Edge: TCP 443 only'),
      {
        except: '443',
      },
    ),
    fromInternet('edge-external-av', 'tcp any', edge.external('Any → A/V Edge: TCP 443 only'), {
      except: '443',
    }),
    fromInternet('edge-external-av', 'udp any', edge.external('Any → A/V Edge: UDP 3478 only'), {
      except: '3478',
    }),
    ...avEdgeMediaRange('edge-external-av'),
    ...noGatewayToEndpoints(),
    noE911FromFrontEnd,
    // Seattle desktops are homed on the Seattle pool, not on the Dublin appliance
    line(
      'client',
      'dub-sba01.fabrikam.example',
      'tcp 5061',
      `${BRANCH}, "Registrar Assignments for Branch Users": each user has one primary Registrar; the example homes sea-clients on fepool (clients.registrars)`,
      { fromZone: 'sea-clients' },
    ),
    line(
      'dub-sba01.fabrikam.example',
      'sbc01.fabrikam.example',
      'any any',
      'define-a-gateway.md step 5: a trunk is the tuple {Mediation Server, gateway}; sbc01 is the trunk peer of medpool, and the appliance lists no gateway with an address of its own',
    ),
    line(
      'sbc01.fabrikam.example',
      'mediation',
      'tcp 5067',
      `${seed.server(48, 'Mediation 5067, TLS from the gateway')}; sbc01's trunk is TCP (define-a-gateway.md step 7: one SIP transport per trunk), so only 5068 is used`,
    ),
    line(
      'sea-pc01.fabrikam.example',
      'sea-pc01.fabrikam.example',
      'any any',
      `a one-server Persistent Chat pool: a host needs no firewall rule to itself; the WCF 881 of ${seed.server(52, 'Persistent Chat WCF 881')} is between Persistent Chat servers, and the compliance service runs on the same computer (add-persistent-chat-server.md step 6)`,
      { sameHost: true },
    ),
  ],
};

/** Tailspin Toys, SfB 2015: HLB Front End pool (collocated Mediation, TLS gateway), HLB Edge pool with XMPP, RP. */
const hardwareLoadBalanced: ExampleExpectations = {
  mustHave: [
    // External VIPs
    fromInternet(
      'edge-lb-access',
      'tcp 443',
      edge.hlbExternalVip('Access/SIP(TLS) TCP 443, Any → Access Edge'),
    ),
    fromInternet(
      'edge-lb-access',
      'tcp 5061',
      edge.hlbExternalVip('Access/SIP(MTLS) TCP 5061, Any → Access Edge'),
    ),
    fromInternet('edge-lb-access', 'tcp 5269', edge.hlbExternalVip('XMPP TCP 5269, Any → XMPP Proxy (2015)')),
    fromInternet('edge-lb-webconf', 'tcp 443', edge.hlbExternalVip('Web conferencing/PSOM(TLS) TCP 443')),
    fromInternet('edge-lb-av', 'udp 3478', edge.hlbExternalVip('A/V/STUN.MSTURN UDP 3478, Any → A/V Edge')),
    fromInternet('edge-lb-av', 'tcp 443', edge.hlbExternalVip('A/V/STUN.MSTURN TCP 443, Any → A/V Edge')),
    // External interface of each Edge server
    fromInternet(
      'edge-external-av',
      'udp 3478',
      edge.hlbExternal('A/V/STUN.MSTURN UDP 3478, Any → A/V Edge public IP'),
    ),
    fromInternet(
      'edge-external-av',
      'tcp 443',
      edge.hlbExternal('A/V/STUN.MSTURN TCP 443, Any → A/V Edge public IP'),
    ),
    toInternet(
      ['edge-external-access', 'edge-lb-access'],
      'tcp 5061',
      edge.hlbExternalVip('Access/SIP(MTLS) TCP 5061, Access Edge → Any'),
    ),
    toInternet(
      ['edge-external-access', 'edge-lb-access'],
      'tcp 5269',
      edge.hlbExternalVip('XMPP TCP 5269, XMPP Proxy → Any (2015)'),
    ),
    toInternet(
      'edge-external-access',
      'tcp 80',
      edge.hlbExternal('Access/HTTP TCP 80, Access Edge public IP → Any'),
    ),
    toInternet(
      'edge-external-access',
      'tcp 53',
      edge.hlbExternal('Access/DNS TCP 53, Access Edge public IP → Any'),
    ),
    toInternet(
      'edge-external-access',
      'udp 53',
      edge.hlbExternal('Access/DNS UDP 53, Access Edge public IP → Any'),
    ),
    toInternet(
      'edge-external-av',
      'tcp 443',
      edge.hlbExternal('A/V/STUN.MSTURN TCP 443, A/V Edge public IP → Any'),
    ),
    toInternet(
      'edge-external-av',
      'udp 3478',
      edge.hlbExternal('A/V/STUN.MSTURN UDP 3478, A/V Edge public IP → Any'),
    ),
    // Internal side
    line(
      'front-end',
      ['edge-internal', 'edge-internal-lb'],
      'tcp 5061',
      edge.hlbInternalVip('Access/SIP(MTLS) TCP 5061, Front End → Edge internal'),
    ),
    line(
      ['edge-internal', 'edge-internal-lb'],
      'pool.tailspintoys.example',
      'tcp 5061',
      edge.hlbInternalVip('Access/SIP(MTLS) TCP 5061, Edge internal → Front End pool'),
    ),
    line(
      'front-end',
      ['edge-internal', 'edge-internal-lb'],
      'tcp 5062',
      edge.hlbInternalVip('SIP/MTLS TCP 5062, Front End → Edge internal'),
    ),
    line(
      'front-end',
      'edge-internal',
      'tcp 8057',
      edge.hlbInternal('PSOM/MTLS TCP 8057, each Front End Server'),
    ),
    line(
      'front-end',
      'edge-internal',
      'tcp 4443',
      edge.hlbInternal('HTTPS TCP 4443, Front End pool holding the CMS'),
    ),
    line(
      'front-end',
      'edge-internal',
      'tcp 23456',
      edge.hlbInternal('XMPP/MTLS TCP 23456, Front End XMPP Gateway (2015)'),
    ),
    line(
      'front-end',
      'edge-internal',
      'udp 3478',
      edge.hlbInternal('STUN/MSTURN UDP 3478, each Front End Server'),
    ),
    line(
      'front-end',
      'edge-internal',
      'tcp 443',
      edge.hlbInternal('STUN/MSTURN TCP 443, each Front End Server'),
    ),
    line(
      'client',
      ['edge-internal', 'edge-internal-lb'],
      'udp 3478',
      edge.hlbInternalVip('STUN/MSTURN UDP 3478, Any → Edge internal'),
    ),
    line(
      'client',
      ['edge-internal', 'edge-internal-lb'],
      'tcp 443',
      edge.hlbInternalVip('STUN/MSTURN TCP 443, Any → Edge internal'),
    ),
    // Reverse proxy (publishes the pool only; external 80 stays optional)
    fromInternet('reverse-proxy', 'tcp 443', rp.external('HTTPS/TCP/443, Any → reverse proxy listener')),
    // Not rp.internal's 4443/8080 to the pool VIP: this pool's external web VIP translates, so the
    // reverse proxy reaches it on 443 and 80 (lines under "The pool's balancer" below; finding
    // hlb-external-web-ports, contradiction C3).
    // SQL, file share
    line(
      'front-end',
      'sql01.tailspintoys.example',
      'tcp 1433',
      sqlFirewall('Requirements for a Firewall Exception When Using the Default Instance'),
    ),
    line(
      'front-end',
      'sql01.tailspintoys.example',
      'udp 1434',
      sqlFirewall(
        'Requirements for a Firewall Exception for the SQL Server Browser Service: UDP 1434 inbound',
      ),
    ),
    line(
      'front-end',
      'fs01.tailspintoys.example',
      'tcp 445',
      seed.server(36, 'Front End 445, File Share server access'),
    ),
    // Voice: collocated Mediation behind the pool VIP, gw01 over TLS
    line(
      'gw01.tailspintoys.example',
      'mediation',
      'tcp 5067',
      seed.server(23, 'collocated Mediation 5067 TLS, from the PSTN gateway'),
    ),
    line(
      'mediation',
      'gw01.tailspintoys.example',
      'tcp 5067',
      'define-a-gateway.md step 6: the gateway listens on 5067 for TLS by default',
    ),
    line(
      'front-end',
      'pool.tailspintoys.example',
      'tcp 5070',
      `${seed.server(22, 'collocated Mediation 5070, from the Front End')}; ${seed.hlbOnly(16, 'Front End load balancer 5070 if the pool runs Mediation')}`,
    ),
    line(
      'mediation',
      'pool.tailspintoys.example',
      'tcp 5061',
      seed.server(3, 'Front End 5061, SIP between Front End and Mediation'),
    ),
    // Clients; the pool is hardware balanced
    ...clientsToPool('pool.tailspintoys.example', false),
    line(
      'client',
      'pool.tailspintoys.example',
      'tcp 443',
      seed.hlbOnly(6, 'Front End Server load balancer 443 HTTPS'),
    ),
    line(
      'client',
      'pool.tailspintoys.example',
      'tcp 80',
      seed.hlbOnly(4, 'Front End Server load balancer 80 HTTP'),
    ),
    // The pool's balancer follows the port monitoring table (externalWebVip, translated) and uses
    // source NAT from its own address, so the servers see it as the source of what it forwards.
    line(
      'reverse-proxy',
      'front-end-lb-external',
      'tcp 443',
      lbMonitor('External', '<pool>web_mco_443_vs, virtual port 443, node port 4443'),
    ),
    line(
      'reverse-proxy',
      'front-end-lb-external',
      'tcp 80',
      lbMonitor('External', '<pool>web_mco_80_vs, virtual port 80, node port 8080'),
    ),
    line(
      'load-balancer',
      'front-end',
      'tcp 4443,8080',
      `${lbMonitor('External', 'node ports 4443 and 8080')}; the example's balancer uses source NAT, so the servers receive them from its address`,
    ),
    line(
      'load-balancer',
      'front-end',
      'tcp 443,80',
      `${lbMonitor('Internal', 'web-int VIP 443 and 80, node ports 443 and 80')}; source NAT as above`,
    ),
    line(
      'load-balancer',
      'front-end',
      'tcp 5061',
      lbMonitor('External', 'Node Machine/Monitor column: Front End, 5061 (both tables)'),
    ),
  ],
  mustNotHave: [
    ...edgeInternalIsNoMediaSource(['edge-internal', 'edge-internal-lb']),
    ...perimeterToInside(['perimeter-internal', 'perimeter-external'], ['clients']),
    line(
      '*',
      '*',
      'any any',
      `${EDGE}, HLB external tables: every row from the external interface or VIP goes to Any on the internet, none inward`,
      { fromZone: 'perimeter-external', toZone: 'servers' },
    ),
    line(
      ['edge-internal', 'edge-internal-lb'],
      '*',
      'tcp any',
      `${edge.hlbInternalVip('Edge internal → Front End SIP 5061 is the only inward row')}; port-summary-reverse-proxy.md "Internal Interface": 8080, 4443`,
      { fromZone: 'perimeter-internal', toZone: 'servers', except: '4443,5061,8080' },
    ),
    // The example's external web VIP translates (443/80 → 4443/8080): the reverse proxy sends only
    // 443 and 80 inward, to that VIP, and never to the servers or the internal VIP.
    line(
      'reverse-proxy',
      '*',
      'tcp any',
      lbMonitor('External', 'the external VIP listens on 443 and 80 only'),
      { toZone: 'servers', except: '80,443' },
    ),
    line(
      'reverse-proxy',
      'front-end',
      'any any',
      `${lbMonitor('External', 'the balancer, not the reverse proxy, reaches the node ports')}; load-balancing.md: "DNS load balancing does not work with client-to-server web traffic"`,
    ),
    line(
      'reverse-proxy',
      'front-end-lb',
      'any any',
      lbMonitor(
        'Internal',
        'the web-int VIP serves internal users; the reverse proxy goes to the external <pool>web VIP',
      ),
    ),
    line(
      '*',
      '*',
      'udp any',
      `${EDGE}, HLB internal tables: no UDP row from the Edge internal interface inward`,
      {
        fromZone: 'perimeter-internal',
        toZone: 'servers',
      },
    ),
    ...internetToInside(['servers', 'clients', 'perimeter-internal']),
    fromInternet(
      ['edge-external-access', 'edge-external-webconf'],
      'any any',
      edge.hlbExternal(
        'no inbound row to the Access or Web Conferencing service of an Edge server: they are reached on their VIPs',
      ),
    ),
    fromInternet(
      'edge-lb-access',
      'tcp any',
      edge.hlbExternalVip('Any → Access Edge VIP: TCP 443, 5061, 5269 only'),
      {
        except: '443,5061,5269',
      },
    ),
    fromInternet(
      'edge-lb-webconf',
      'tcp any',
      edge.hlbExternalVip('Any → Web Conferencing VIP: TCP 443 only'),
      {
        except: '443',
      },
    ),
    fromInternet(
      ['edge-lb-access', 'edge-lb-webconf'],
      'udp any',
      edge.hlbExternalVip('no UDP row to these VIPs'),
    ),
    fromInternet(
      ['edge-external-av', 'edge-lb-av'],
      'tcp any',
      edge.hlbExternalVip('Any → A/V Edge: TCP 443 only'),
      {
        except: '443',
      },
    ),
    fromInternet(
      ['edge-external-av', 'edge-lb-av'],
      'udp any',
      edge.hlbExternalVip('Any → A/V Edge: UDP 3478 only'),
      {
        except: '3478',
      },
    ),
    fromInternet('reverse-proxy', 'tcp any', rp.external('Any → listener: TCP 80 and 443 only'), {
      except: '80,443',
    }),
    fromInternet('reverse-proxy', 'udp any', rp.external('no UDP row')),
    ...avEdgeMediaRange(['edge-external-av', 'edge-lb-av']),
    ...noGatewayToEndpoints(),
    noE911FromFrontEnd,
    line(
      'gw01.tailspintoys.example',
      'mediation',
      'tcp 5068',
      `${seed.server(24, 'collocated Mediation 5068, plain TCP from the gateway')}; gw01's trunk is TLS (define-a-gateway.md step 7), so only 5067 is used`,
    ),
  ],
};

/** Litware, SfB 2015 Standard Edition: one server (local SQL Express) and a file share; no Edge, no voice. */
const standardEdition: ExampleExpectations = {
  mustHave: [
    ...clientsToPool('se01.litware.example', false),
    line('client', 'se01.litware.example', 'tcp 443', seed.server(12, 'Front End 443, web components (IIS)')),
    line('client', 'se01.litware.example', 'tcp 80', seed.server(11, 'Front End 80, web components (IIS)')),
    line(
      'client',
      'se01.litware.example',
      'tcp 49152-65535',
      seed.server(28, 'Front End 49152-65535 TCP, application sharing'),
    ),
    line(
      'se01.litware.example',
      'fs01.litware.example',
      'tcp 445',
      seed.server(36, 'Front End 445, File Share server access'),
    ),
  ],
  mustNotHave: [
    line(
      'se01.litware.example',
      'se01.litware.example',
      'any any',
      'a Standard Edition server is a pool of one: ports-and-protocols.md, "Required Server Ports" rows 3 (SIP "between servers"), 4 (444 Focus to "the individual servers"), 5 (135 DCOM), 38 (CMS push "to servers") and the web rows 11-14 describe traffic between hosts, and a host needs no firewall rule to reach itself; sql-firewall.md: Standard Edition Setup creates its local exceptions itself',
      { sameHost: true },
    ),
    noE911FromFrontEnd,
  ],
};

const BRANCH_ZONES = ['lis-clients', 'lis-phones', 'osl-branch'] as const;
const LIS = 'lis-sba01.northwind.example';
const OSL = 'osl-sbs01.northwind.example';
const HQ_POOL = 'fepool.northwind.example';

const branchOffice: ExampleExpectations = {
  mustHave: [
    // Branch clients and phones register on their appliance, and fail over to the head-office pool
    ...BRANCH_ZONES.flatMap((zone) => [
      line(
        zone === 'lis-phones' ? 'phone' : 'client',
        zone === 'osl-branch' ? OSL : LIS,
        'tcp 5061',
        `${branch.registrar}; port from ${seed.server(3, 'SIP between server and client (TLS)')}`,
        { fromZone: zone },
      ),
      line(zone === 'lis-phones' ? 'phone' : 'client', HQ_POOL, 'tcp 5061', branch.backup, {
        fromZone: zone,
      }),
    ]),
    // Head-office desktops sign in through the Director
    line(
      'client',
      'dirpool.northwind.example',
      'tcp 5061',
      `${seed.server(46, 'Directors 5061, for client connections')}; ${director('SIP/TLS 5061, internal clients → Director')}`,
      { fromZone: 'hq-clients' },
    ),
    line('client', HQ_POOL, 'tcp 5061', seed.server(3, 'SIP between server and client (TLS)'), {
      fromZone: 'hq-clients',
    }),
    // The pools reach both branch registrars and Mediation Servers; the CMS pushes to them
    ...[LIS, OSL].flatMap((sba) => [
      line(
        'front-end',
        sba,
        'tcp 5061',
        seed.server(3, 'all internal SIP communications between servers (MTLS)'),
      ),
      line(
        'front-end',
        sba,
        'tcp 5070',
        `${seed.server(50, 'Mediation 5070 MTLS, from the Front End Servers')}; ${branch.roles}`,
      ),
      line('front-end', sba, 'tcp 445', seed.server(38, 'Central Management store 445 push to servers')),
      line(
        sba,
        HQ_POOL,
        'tcp 444',
        seed.server(
          4,
          '444 "also used for TCP communication between Survivable Branch Appliances and Front End Servers"',
        ),
      ),
      line(
        sba,
        HQ_POOL,
        'tcp 5061',
        seed.server(3, 'all internal SIP communications between servers (MTLS)'),
      ),
      line(sba, 'mediation', 'tcp 5070', `${branch.voice}; port from ${seed.server(22, 'Mediation 5070')}`),
    ]),
    // Lisbon: the appliance's gateway has its own address and listens on the appliance default 5082 (TLS)
    line(
      LIS,
      'lis-gw01.northwind.example',
      'tcp 5082',
      'define-a-gateway.md step 6: on a Survivable Branch Appliance the gateway listens on 5082 for TLS by default',
    ),
    line(
      'lis-gw01.northwind.example',
      LIS,
      'tcp 5067',
      seed.server(48, 'Mediation 5067 TLS, from the PSTN gateway'),
    ),
    line(
      'lis-gw01.northwind.example',
      LIS,
      'udp 49152-57500',
      seed.server(40, 'audio range of every server that terminates audio, Mediation Server included'),
    ),
    // Oslo: a branch server with a separate TCP gateway keeps the ordinary gateway defaults
    line(
      OSL,
      'osl-gw01.northwind.example',
      'tcp 5066',
      `define-a-gateway.md step 6: a PSTN gateway listens on 5066 for TCP by default; ${branch.roles}`,
    ),
    line(
      'osl-gw01.northwind.example',
      OSL,
      'tcp 5068',
      seed.server(49, 'Mediation 5068 TCP, from the PSTN gateway'),
    ),
    line(
      'client',
      OSL,
      'udp 49152-57500',
      seed.server(40, 'audio range of every server that terminates audio, Mediation Server included'),
      { fromZone: 'osl-branch' },
    ),
    line(
      'mediation',
      'hq-gw01.northwind.example',
      'tcp 5067',
      'define-a-gateway.md step 6: a PSTN gateway listens on 5067 for TLS by default',
    ),
  ],
  mustNotHave: [
    // Branch zones sign in at their appliance, never through the Director
    ...BRANCH_ZONES.map((zone) =>
      line(
        zone === 'lis-phones' ? 'phone' : 'client',
        'director',
        'any any',
        `${branch.registrar}: branch users reach their own Registrar, not the head-office Director (the example sets director: false)`,
        { fromZone: zone },
      ),
    ),
    // Nobody registers on an appliance that is not their registrar
    line(
      'client',
      [LIS, OSL],
      'tcp 5061',
      `${BRANCH}, "Registrar Assignments for Branch Users": each user has one primary Registrar; head-office users are homed on the head-office pool`,
      {
        fromZone: 'hq-clients',
      },
    ),
    line('client', OSL, 'tcp 5061', `${branch.registrar}: Lisbon users register in Lisbon`, {
      fromZone: 'lis-clients',
    }),
    line('client', LIS, 'tcp 5061', `${branch.registrar}: Oslo users register in Oslo`, {
      fromZone: 'osl-branch',
    }),
    // Each gateway is reached only by the Mediation Server of its own trunk
    ...[
      [LIS, 'osl-gw01.northwind.example'],
      [LIS, 'hq-gw01.northwind.example'],
      [OSL, 'lis-gw01.northwind.example'],
      [OSL, 'hq-gw01.northwind.example'],
      ['mediation', 'lis-gw01.northwind.example'],
      ['mediation', 'osl-gw01.northwind.example'],
    ].map(([from, to]) =>
      line(
        from!,
        to!,
        'any any',
        'define-a-gateway.md step 5: a trunk is the tuple {Mediation Server, gateway}; each gateway here has one trunk',
      ),
    ),
    // The appliance's gateway default is 5082, not 5067; a branch server's gateway default is not 5081
    line(
      LIS,
      'lis-gw01.northwind.example',
      'tcp 5067',
      'define-a-gateway.md step 6: 5067 is the TLS default of gateways other than the one on a Survivable Branch Appliance (5082)',
    ),
    line(
      OSL,
      'osl-gw01.northwind.example',
      'tcp 5081',
      'define-a-gateway.md step 6: 5081 is the TCP default only on a Survivable Branch Appliance; a branch server uses a separate gateway (5066)',
    ),
  ],
};

/**
 * Woodgrove, SfB 2019: an Enterprise pool whose back end is an AlwaysOn Availability Group (listener
 * sqlag01, replicas sqlrep01 and sqlrep02 on the named instance RTC, static port 50062) and a Director.
 */
const AG = 'alwayson-availability-group.md';
const agWizard = (tab: string) =>
  `${AG}, "Create the availability group" step (step 7 for a new pool), ${tab}`;
const REPLICAS = ['sqlrep01.woodgrove.example', 'sqlrep02.woodgrove.example'] as const;
const alwaysOn: ExampleExpectations = {
  mustHave: [
    // The 2015 pool not yet moved (product: sfb2015 on the pool) keeps Persistent Chat on a plain back end.
    ...['fe15a.woodgrove.example', 'pc01.woodgrove.example'].flatMap((from) => [
      line(
        from,
        'sql15.woodgrove.example',
        'tcp 1433',
        `${sqlFirewall('Requirements for a Firewall Exception When Using the Default Instance')}; add-persistent-chat-server.md: the Persistent Chat store is a SQL Server back end of its own`,
      ),
      line(
        from,
        'sql15.woodgrove.example',
        'udp 1434',
        sqlFirewall(
          'Requirements for a Firewall Exception for the SQL Server Browser Service: UDP 1434 inbound',
        ),
      ),
    ]),
    line(
      'fe15a.woodgrove.example',
      'persistent-chat',
      'tcp 5041',
      `${seed.server(51, 'Persistent Chat SIP 5041 MTLS')}; add-persistent-chat-server.md step 5 (default 5041)`,
    ),
    line(
      'persistent-chat',
      'pool15.woodgrove.example',
      'tcp 5061',
      `${seed.server(3, 'Front End 5061, SIP between servers')}; add-persistent-chat-server.md step 11 (the Front End pool is the next hop)`,
    ),
    line(
      'client',
      'persistent-chat',
      'tcp 443',
      seed.server(53, 'Persistent Chat File Transfer Service 443 TLS'),
    ),
    line(
      'front-end',
      'sqlag01.woodgrove.example',
      'tcp 1433',
      `${agWizard('Listener tab: the listener Port is 1433, other ports are not supported')}; ${AG} step 8: the store's SQL Server FQDN becomes the listener`,
    ),
    line(
      'front-end',
      'sqlag01.woodgrove.example',
      'udp 1434',
      `${sqlFirewall('Requirements for a Firewall Exception for the SQL Server Browser Service')}: UDP 1434 inbound to the back end, no condition`,
    ),
    ...REPLICAS.map((replica) =>
      line(
        'front-end',
        replica,
        'tcp 50062',
        `${sqlFirewall('Requirements for Static Listening Ports When Using Named Instances')}: the named instance's static port; ${AG} "existing pool that does not use database mirroring" step 7: the store is defined with the primary node as SQL Server FQDN before it points at the listener, and any replica can be primary`,
      ),
    ),
    ...REPLICAS.map((replica) =>
      line(
        'front-end',
        replica,
        'udp 1434',
        `${sqlFirewall('Requirements for a Firewall Exception for the SQL Server Browser Service')}: locates the named instance RTC on the replica`,
      ),
    ),
    line(
      REPLICAS[0],
      REPLICAS[1],
      'tcp 5022',
      agWizard(
        'Endpoints tab: Port Number 5022; every replica is set to Automatic Failover and Synchronous Commit',
      ),
    ),
    line(
      REPLICAS[1],
      REPLICAS[0],
      'tcp 5022',
      agWizard('Endpoints tab: Port Number 5022; either replica can be primary'),
    ),
  ],
  mustNotHave: [
    line(
      'front-end',
      'sqlag01.woodgrove.example',
      'tcp any',
      agWizard('Listener tab: only port 1433 is supported for the listener'),
      { except: '1433' },
    ),
    line(
      'director',
      ['sqlag01.woodgrove.example', ...REPLICAS],
      'any any',
      `${sqlFirewall('Requirements for a Firewall Exception When Using the Default Instance')}: the rules serve the Front End pool; a Director keeps no database on a back end (${AG} step 6 associates the group with the Front End pool)`,
    ),
    line(
      'persistent-chat',
      ['sqlag01.woodgrove.example', ...REPLICAS],
      'any any',
      `${AG}, note at the top and "Select Databases" step: using an availability group with the Persistent Chat Server role, and Persistent Chat databases in the group, are not supported`,
    ),
    line(
      'front-end',
      REPLICAS,
      'tcp 5022',
      agWizard('Endpoints tab: the endpoint serves the replicas of the group, not its clients'),
    ),
    line(
      ['front-end', 'sql-backend', 'sql-ag-replica'],
      ['sql-witness', 'sql-backend', 'sql-ag-replica', 'sql-ag-listener'],
      'tcp 7022',
      'back-end-server.md, "Database mirroring" note: SQL mirroring is not supported in Skype for Business Server 2019, so no witness endpoint',
    ),
  ],
};

export const EXPECTATIONS: Readonly<Record<string, ExampleExpectations>> = {
  enterprise,
  'multi-site': multiSite,
  'hardware-load-balanced': hardwareLoadBalanced,
  'standard-edition': standardEdition,
  'branch-office': branchOffice,
  alwayson: alwaysOn,
};
