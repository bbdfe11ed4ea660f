/**
 * Which topology object a role resolves to when the planner places it: a pool of a kind, an Edge
 * pool, a stand-alone host, or a zone. Pools keep their function (a Front End pool acting as
 * Mediation Server is "med" in its mediation group), so pairing rules can tell the two apart.
 */
export type GroupBase =
  | 'fe'
  | 'dir'
  | 'med'
  | 'pc'
  | 'edge'
  | 'rp'
  | 'sql'
  | 'witness'
  | 'ag'
  | 'replica'
  | 'fs'
  | 'oos'
  | 'gw'
  | 'sba'
  | 'exch'
  | 'tapp'
  | 'e911'
  | 'dns'
  | 'dhcp'
  | 'ad'
  | 'ntp'
  | 'lb'
  | 'zone';

/**
 * Where a role sits: inside the organisation, in the perimeter network (Edge and reverse proxy), or
 * outside on the internet (the planner maps external roles to the internet zone).
 */
export type Placement = 'internal' | 'perimeter' | 'external';

export interface RoleFacts {
  /** What the role stands for, in the words of the vendor's tables resolved to real hosts. */
  readonly description: string;
  /** Short name for diagram nodes and narrow columns. */
  readonly label: string;
  readonly placement: Placement;
  /** A Windows server that carries Windows Firewall (VIPs, gateways, appliances and zones do not). */
  readonly windowsServer: boolean;
  /** What the role resolves to in a topology; undefined for a role the topology cannot place yet. */
  readonly group: GroupBase | undefined;
}

/**
 * The canonical role table, one row per role and every fact in the row, so a new role cannot be added
 * without saying everything the views need of it. A catalog entry's `role` is the side that listens;
 * its `sources` are the roles that open the connection. The vendor's tables use loose names ("All
 * internal servers", "Clients") that the planner resolves to real hosts through `group`.
 */
export const ROLE_FACTS = {
  'front-end': {
    description: 'Front End Server or Standard Edition server (each server of a Front End pool)',
    label: 'Front End',
    placement: 'internal',
    windowsServer: true,
    group: 'fe',
  },
  'front-end-lb': {
    description: 'Hardware load balancer VIP in front of a Front End pool',
    label: 'Front End VIP',
    placement: 'internal',
    windowsServer: false,
    group: 'fe',
  },
  'front-end-lb-external': {
    description:
      'External web services VIP of a Front End pool (externalWebVip), where the reverse proxy sends external web traffic',
    label: 'Front End external web VIP',
    placement: 'internal',
    windowsServer: false,
    group: 'fe',
  },
  director: {
    description: 'Director (each server of a Director pool)',
    label: 'Director',
    placement: 'internal',
    windowsServer: true,
    group: 'dir',
  },
  'director-lb': {
    description: 'Hardware load balancer VIP in front of a Director pool',
    label: 'Director VIP',
    placement: 'internal',
    windowsServer: false,
    group: 'dir',
  },
  'director-lb-external': {
    description:
      'External web services VIP of a Director pool (externalWebVip), where the reverse proxy sends external web traffic',
    label: 'Director external web VIP',
    placement: 'internal',
    windowsServer: false,
    group: 'dir',
  },
  // The balancer's own addresses (loadBalancerAddresses): the source of its health monitors and, with
  // source NAT, of everything it forwards from a VIP to the servers of the pool.
  'load-balancer': {
    description:
      "Hardware load balancer's own addresses in front of a pool (health monitors; forwarded traffic with source NAT)",
    label: 'Load balancer',
    placement: 'internal',
    windowsServer: false,
    group: 'lb',
  },
  mediation: {
    description:
      'Mediation Server: stand-alone, or collocated on a Front End Server (then the Front End hosts)',
    label: 'Mediation',
    placement: 'internal',
    windowsServer: true,
    group: 'med',
  },
  'mediation-lb': {
    description: 'Hardware load balancer VIP in front of a stand-alone Mediation pool',
    label: 'Mediation VIP',
    placement: 'internal',
    windowsServer: false,
    group: 'med',
  },
  'persistent-chat': {
    description: 'Persistent Chat Front End Server (Lync Server 2013 and Skype for Business Server 2015)',
    label: 'Persistent Chat',
    placement: 'internal',
    windowsServer: true,
    group: 'pc',
  },
  'office-online-server': {
    description: 'Office Web Apps Server / Office Online Server farm used for PowerPoint presenting',
    label: 'Office Online Server',
    placement: 'internal',
    windowsServer: true,
    group: 'oos',
  },
  'edge-internal': {
    description: 'Internal interface of each Edge Server',
    label: 'Edge (internal)',
    placement: 'perimeter',
    windowsServer: true,
    group: 'edge',
  },
  'edge-internal-lb': {
    description: 'Internal VIP of a hardware-load-balanced Edge pool',
    label: 'Edge internal VIP',
    placement: 'perimeter',
    windowsServer: false,
    group: 'edge',
  },
  'edge-external-access': {
    description: 'External Access Edge service address (SIP, federation, XMPP proxy)',
    label: 'Access Edge',
    placement: 'perimeter',
    windowsServer: true,
    group: 'edge',
  },
  'edge-external-webconf': {
    description: 'External Web Conferencing Edge service address (PSOM)',
    label: 'Web Conferencing Edge',
    placement: 'perimeter',
    windowsServer: true,
    group: 'edge',
  },
  'edge-external-av': {
    description: 'External A/V Edge service address (STUN/MS-TURN relay and media)',
    label: 'A/V Edge',
    placement: 'perimeter',
    windowsServer: true,
    group: 'edge',
  },
  // One role per external VIP: a hardware-balanced Edge pool has one VIP per service, and a single
  // "Edge VIP" role would open STUN on the Access VIP and SIP on the A/V VIP.
  'edge-lb-access': {
    description: 'External Access Edge VIP of a hardware-load-balanced Edge pool',
    label: 'Access Edge VIP',
    placement: 'perimeter',
    windowsServer: false,
    group: 'edge',
  },
  'edge-lb-webconf': {
    description: 'External Web Conferencing Edge VIP of a hardware-load-balanced Edge pool',
    label: 'Web Conferencing Edge VIP',
    placement: 'perimeter',
    windowsServer: false,
    group: 'edge',
  },
  'edge-lb-av': {
    description: 'External A/V Edge VIP of a hardware-load-balanced Edge pool',
    label: 'A/V Edge VIP',
    placement: 'perimeter',
    windowsServer: false,
    group: 'edge',
  },
  'reverse-proxy': {
    description: 'Reverse proxy publishing the web services (external listener and internal interface)',
    label: 'Reverse proxy',
    placement: 'perimeter',
    // Often a Windows server, but as often an appliance: its rules are the network firewall's.
    windowsServer: false,
    group: 'rp',
  },
  'sql-backend': {
    description: 'SQL Server back end of a pool, its mirror, or a failover cluster instance',
    label: 'SQL back end',
    placement: 'internal',
    windowsServer: true,
    group: 'sql',
  },
  'sql-witness': {
    description: 'SQL Server mirroring witness',
    label: 'SQL witness',
    placement: 'internal',
    windowsServer: true,
    group: 'witness',
  },
  'sql-ag-listener': {
    description:
      'Listener of an AlwaysOn Availability Group: a virtual address that the primary replica holds',
    label: 'AG listener',
    placement: 'internal',
    // A cluster address on a Windows server: whichever replica is primary answers on it, so the rules
    // built for the listener belong in the Windows Firewall of every replica.
    windowsServer: true,
    group: 'ag',
  },
  'sql-ag-replica': {
    description: 'SQL Server instance that is a replica of an AlwaysOn Availability Group',
    label: 'AG replica',
    placement: 'internal',
    windowsServer: true,
    group: 'replica',
  },
  'file-share': {
    description: 'File share of a pool (address book, meeting content, CMS replication)',
    label: 'File share',
    placement: 'internal',
    windowsServer: true,
    group: 'fs',
  },
  'pstn-gateway': {
    description: 'PSTN gateway, IP-PBX or SIP trunk peer of a Mediation Server',
    label: 'PSTN gateway',
    placement: 'internal',
    windowsServer: false,
    group: 'gw',
  },
  sba: {
    description: 'Survivable Branch Appliance or Survivable Branch Server',
    label: 'Branch appliance',
    placement: 'internal',
    windowsServer: false,
    group: 'sba',
  },
  exchange: {
    description: 'Exchange Server (Unified Messaging, EWS, Autodiscover)',
    label: 'Exchange',
    placement: 'internal',
    windowsServer: true,
    group: 'exch',
  },
  'exchange-im': {
    description:
      'Exchange Client Access server acting as the trusted application server of Outlook Web App IM and presence',
    label: 'Exchange (OWA IM)',
    placement: 'internal',
    windowsServer: true,
    group: 'tapp',
  },
  'trusted-application': {
    description: 'Trusted application server (UCMA application: contact centre, call recording, …)',
    label: 'Trusted application',
    placement: 'internal',
    windowsServer: true,
    group: 'tapp',
  },
  client: {
    description: 'Internal client computers (Skype for Business / Lync desktop clients)',
    label: 'Clients',
    placement: 'internal',
    windowsServer: false,
    group: 'zone',
  },
  'external-user': {
    description: 'Remote users of our own organisation, on the internet',
    label: 'Remote users',
    placement: 'external',
    windowsServer: false,
    group: 'zone',
  },
  'federated-partner': {
    description: 'Edge (or Access Proxy) of a federated organisation or public IM provider, on the internet',
    label: 'Federated partners',
    placement: 'external',
    windowsServer: false,
    group: 'zone',
  },
  'xmpp-partner': {
    description: 'XMPP server of a federated XMPP organisation, on the internet',
    label: 'XMPP partners',
    placement: 'external',
    windowsServer: false,
    group: 'zone',
  },
  internet: {
    description: 'Any address on the internet (CRL, DNS and outbound media from the Edge)',
    label: 'Internet',
    placement: 'external',
    windowsServer: false,
    group: 'zone',
  },
  phone: {
    description: 'IP desk and common-area phones (Lync Phone Edition and 3PIP devices)',
    label: 'IP phones',
    placement: 'internal',
    windowsServer: false,
    group: 'zone',
  },
  dns: {
    description: 'DNS servers',
    label: 'DNS',
    placement: 'internal',
    windowsServer: false,
    group: 'dns',
  },
  dhcp: {
    description: 'DHCP servers (or the DHCP service of a Front End / Registrar for phones)',
    label: 'DHCP',
    placement: 'internal',
    windowsServer: false,
    group: 'dhcp',
  },
  ad: {
    description: 'Active Directory domain controllers',
    label: 'Active Directory',
    placement: 'internal',
    windowsServer: false,
    group: 'ad',
  },
  'rcc-gateway': {
    description: 'Remote call control (RCC) line server / SIP-CSTA gateway of a PBX',
    label: 'RCC gateway',
    placement: 'internal',
    windowsServer: false,
    group: 'tapp',
  },
  e911: {
    description: 'Enhanced 9-1-1 SIP trunk or ELIN gateway',
    label: 'E9-1-1 gateway',
    placement: 'internal',
    windowsServer: false,
    group: 'e911',
  },
  ntp: {
    description: 'NTP servers (the _ntp._udp SRV target; by default the domain controllers)',
    label: 'NTP',
    placement: 'internal',
    windowsServer: false,
    group: 'ntp',
  },
} as const satisfies Readonly<Record<string, RoleFacts>>;

export type Role = keyof typeof ROLE_FACTS;
export const ROLE_NAMES = Object.keys(ROLE_FACTS) as Role[];

/** The facts of one role, through the common shape. */
export function roleFacts(role: Role): RoleFacts {
  return ROLE_FACTS[role];
}

/** Role descriptions, as the catalog and the reports print them. */
export const ROLES: Readonly<Record<Role, string>> = Object.fromEntries(
  ROLE_NAMES.map((r) => [r, ROLE_FACTS[r].description]),
) as Record<Role, string>;

function rolesWhere(test: (facts: RoleFacts) => boolean): ReadonlySet<Role> {
  return new Set(ROLE_NAMES.filter((r) => test(ROLE_FACTS[r])));
}

/** Roles that live outside the organisation; the planner maps them to the internet zone. */
export const EXTERNAL_ROLES = rolesWhere((f) => f.placement === 'external');

/** Roles the topology cannot place on any host yet: entries that need them are reported, not planned. */
export const UNMODELLED_ROLES = rolesWhere((f) => f.group === undefined);

/** Roles that are Windows servers and so carry Windows Firewall. */
export const WINDOWS_ROLES = rolesWhere((f) => f.windowsServer);

export function isRole(value: string): value is Role {
  return Object.hasOwn(ROLE_FACTS, value);
}
