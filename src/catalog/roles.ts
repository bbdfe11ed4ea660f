/**
 * The canonical list of roles. A catalog entry's `role` is the side that listens; `sources` are the
 * roles that open the connection. Each role is documented because the vendor's tables use loose names
 * ("All internal servers", "Clients") that a planner must resolve to real hosts.
 */
export const ROLES = {
  'front-end': 'Front End Server or Standard Edition server (each server of a Front End pool)',
  'front-end-lb': 'Hardware load balancer VIP in front of a Front End pool',
  director: 'Director (each server of a Director pool)',
  'director-lb': 'Hardware load balancer VIP in front of a Director pool',
  mediation: 'Mediation Server: stand-alone, or collocated on a Front End Server (then the Front End hosts)',
  'mediation-lb': 'Hardware load balancer VIP in front of a stand-alone Mediation pool',
  'persistent-chat': 'Persistent Chat Front End Server (Lync Server 2013 and Skype for Business Server 2015)',
  'office-online-server': 'Office Web Apps Server / Office Online Server farm used for PowerPoint presenting',
  'edge-internal': 'Internal interface of each Edge Server',
  'edge-internal-lb': 'Internal VIP of a hardware-load-balanced Edge pool',
  'edge-external-access': 'External Access Edge service address (SIP, federation, XMPP proxy)',
  'edge-external-webconf': 'External Web Conferencing Edge service address (PSOM)',
  'edge-external-av': 'External A/V Edge service address (STUN/MS-TURN relay and media)',
  // The single edge-lb role is split in three: a hardware-balanced Edge pool has one external
  // VIP per service, and a flow to "all three VIPs" would open STUN on the Access VIP and SIP on the A/V VIP.
  'edge-lb-access': 'External Access Edge VIP of a hardware-load-balanced Edge pool',
  'edge-lb-webconf': 'External Web Conferencing Edge VIP of a hardware-load-balanced Edge pool',
  'edge-lb-av': 'External A/V Edge VIP of a hardware-load-balanced Edge pool',
  'reverse-proxy': 'Reverse proxy publishing the web services (external listener and internal interface)',
  'sql-backend': 'SQL Server back end of a pool (or its mirror / availability group member)',
  'sql-witness': 'SQL Server mirroring witness',
  'file-share': 'File share of a pool (address book, meeting content, CMS replication)',
  'pstn-gateway': 'PSTN gateway, IP-PBX or SIP trunk peer of a Mediation Server',
  sba: 'Survivable Branch Appliance or Survivable Branch Server',
  exchange: 'Exchange Server (Unified Messaging, EWS, Autodiscover)',
  client: 'Internal client computers (Skype for Business / Lync desktop clients)',
  'external-user': 'Remote users of our own organisation, on the internet',
  'federated-partner':
    'Edge (or Access Proxy) of a federated organisation or public IM provider, on the internet',
  'xmpp-partner': 'XMPP server of a federated XMPP organisation, on the internet',
  internet: 'Any address on the internet (CRL, DNS and outbound media from the Edge)',
  phone: 'IP desk and common-area phones (Lync Phone Edition and 3PIP devices)',
  dns: 'DNS servers',
  dhcp: 'DHCP servers (or the DHCP service of a Front End / Registrar for phones)',
  ad: 'Active Directory domain controllers',
  'rcc-gateway': 'Remote call control (RCC) line server / SIP-CSTA gateway of a PBX',
  e911: 'Enhanced 9-1-1 SIP trunk or ELIN gateway',
} as const;

export type Role = keyof typeof ROLES;
export const ROLE_NAMES = Object.keys(ROLES) as Role[];

/** Roles that live outside the organisation; the planner maps them to the internet zone. */
export const EXTERNAL_ROLES: ReadonlySet<Role> = new Set<Role>([
  'external-user',
  'federated-partner',
  'xmpp-partner',
  'internet',
]);

export function isRole(value: string): value is Role {
  return Object.hasOwn(ROLES, value);
}
