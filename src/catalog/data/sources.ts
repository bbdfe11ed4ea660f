import type { Provenance } from '../types.js';

/**
 * Where the catalog's facts come from. Seed rows are cited by the bold table title exactly as the
 * vendor's page (PAGES.seed) prints it plus the 1-based row inside that table, so a reviewer can put
 * the seed page next to a data file and tick rows off. Other pages are cited by title and address;
 * `ref` keeps the id under which the fact was researched (for the Edge port tables, an id of
 * EDGE_PORT_ROWS in vendor-rows.ts), which the coverage tests read and no output prints.
 */

export const SEED_TABLES = {
  server: 'Required Server Ports (by Server Role)',
  hlbHardware: 'Hardware Load Balancer Ports if Using Only Hardware Load Balancing',
  hlbDns: 'Hardware Load Balancer Ports if Using DNS Load Balancing',
  client: 'Required Client Ports',
  ipsec: 'Recommended IPsec Exceptions',
} as const;

export type SeedTable = keyof typeof SEED_TABLES;

/** Rows per seed table; the seed-coverage test parses the page and checks the same numbers. */
export const SEED_ROW_COUNTS: Readonly<Record<SeedTable, number>> = {
  server: 53,
  hlbHardware: 20,
  hlbDns: 6,
  client: 12,
  ipsec: 15,
};

export function seed(table: SeedTable, ...rows: number[]): Provenance[] {
  return rows.map((row) => ({ table: SEED_TABLES[table], row }));
}

const SFB = 'https://learn.microsoft.com/en-us/skypeforbusiness';
const LYNC = 'https://learn.microsoft.com/en-us/lyncserver';

export const PAGES = {
  seed: {
    url: `${SFB}/plan-your-deployment/network-requirements/ports-and-protocols`,
    title: 'Port and protocol requirements for servers',
  },
  lyncInternal: {
    url: `${LYNC}/lync-server-2013-ports-and-protocols-for-internal-servers`,
    title: 'Ports and protocols for internal servers in Lync Server 2013',
  },
  loadBalancing: {
    url: `${SFB}/plan-your-deployment/network-requirements/load-balancing`,
    title: 'Load balancing requirements for Skype for Business',
  },
  edgeEnv: {
    url: `${SFB}/plan-your-deployment/edge-server-deployments/edge-environmental-requirements`,
    title: 'Edge Server environmental requirements in Skype for Business Server',
  },
  edgeSystem: {
    url: `${SFB}/plan-your-deployment/edge-server-deployments/system-requirements`,
    title: 'Edge Server system requirements in Skype for Business Server',
  },
  lyncEdgeSingleNat: {
    url: `${LYNC}/lync-server-2013-port-summary-single-consolidated-edge-with-private-ip-addresses-using-nat`,
    title: 'Port summary - Single consolidated edge with private IP addresses using NAT in Lync Server 2013',
  },
  lyncEdgeSinglePublic: {
    url: `${LYNC}/lync-server-2013-port-summary-single-consolidated-edge-with-public-ip-addresses`,
    title: 'Port summary - Single consolidated edge with public IP addresses in Lync Server 2013',
  },
  lyncEdgeDnsNat: {
    url: `${LYNC}/lync-server-2013-port-summary-scaled-consolidated-edge-dns-load-balancing-with-private-ip-addresses-using-nat`,
    title:
      'Port summary - Scaled consolidated edge, DNS load balancing with private IP addresses using NAT in Lync Server 2013',
  },
  lyncEdgeDnsPublic: {
    url: `${LYNC}/lync-server-2013-port-summary-scaled-consolidated-edge-dns-load-balancing-with-public-ip-addresses`,
    title:
      'Port summary - Scaled consolidated edge, DNS load balancing with public IP addresses in Lync Server 2013',
  },
  lyncEdgeHlb: {
    url: `${LYNC}/lync-server-2013-port-summary-scaled-consolidated-edge-with-hardware-load-balancers`,
    title: 'Port summary - Scaled consolidated edge with hardware load balancers in Lync Server 2013',
  },
  lyncFederation: {
    url: `${LYNC}/lync-server-2013-port-summary-sip-xmpp-federation-and-public-instant-messaging`,
    title: 'Port summary - SIP, XMPP federation, and public instant messaging in Lync Server 2013',
  },
  lyncAvFirewall: {
    url: `${LYNC}/lync-server-2013-determine-external-a-v-firewall-and-port-requirements`,
    title: 'Determine external A/V firewall and port requirements for Lync Server 2013',
  },
  lyncReverseProxy: {
    url: `${LYNC}/lync-server-2013-port-summary-reverse-proxy`,
    title: 'Port summary - Reverse proxy in Lync Server 2013',
  },
  lyncAutodiscover: {
    url: `${LYNC}/lync-server-2013-port-summary-autodiscover`,
    title: 'Port summary - Autodiscover in Lync Server 2013',
  },
  lyncDirector: {
    url: `${LYNC}/lync-server-2013-port-summary-single-director`,
    title: 'Port summary - Single Director in Lync Server 2013',
  },
  lyncDirectorPool: {
    url: `${LYNC}/lync-server-2013-port-summary-scaled-director-pool-hardware-load-balancer`,
    title: 'Port summary - Scaled Director pool, hardware load balancer in Lync Server 2013',
  },
  hybrid: {
    url: `${SFB}/hybrid/plan-hybrid-connectivity`,
    title: 'Plan hybrid connectivity between Skype for Business Server and Office 365',
  },
  sqlNonstandardPort: {
    url: `${LYNC}/deploying-a-sql-server-nonstandard-port-and-alias-in-lync-server-2013`,
    title: 'Deploying a SQL Server nonstandard port and alias in Lync Server 2013',
  },
  sqlFirewall: {
    url: `${LYNC}/lync-server-2013-understanding-firewall-requirements-for-sql-server`,
    title: 'Understanding firewall requirements for SQL Server with Lync Server 2013',
  },
  alwaysOn: {
    url: `${SFB}/deploy/deploy-high-availability-and-disaster-recovery/alwayson-availability-group`,
    title: 'Deploy an Always On Availability Group on a Back End Server in Skype for Business Server',
  },
  directorFileStore: {
    url: `${SFB}/sfbs2019/add-director-file-store`,
    title: 'Add Director File Store',
  },
  persistentChatTopology: {
    url: `${LYNC}/lync-server-2013-add-persistent-chat-server-to-the-topology`,
    title: 'Add Persistent Chat Server to the topology in Lync Server 2013',
  },
  exchangePartnerApps: {
    url: `${SFB}/deploy/integrate-with-exchange-server/configure-partner-applications`,
    title: 'Configure partner applications in Skype for Business Server and Exchange Server',
  },
  exchangeOwaIm: {
    url: `${LYNC}/enable-exchange-2013-outlook-web-app-and-im-integration`,
    title: 'Enable Exchange 2013 Outlook Web App and IM integration',
  },
  exchangeUm: {
    url: `${SFB}/plan-your-deployment/integrate-with-exchange/unified-messaging`,
    title: 'Plan for Exchange Unified Messaging integration in Skype for Business',
  },
  sqlMirroring: {
    url: `${SFB}/deploy/deploy-high-availability-and-disaster-recovery/sql-mirroring-for-high-availability`,
    title: 'Deploy SQL mirroring for Back End Server high availability in Skype for Business server 2015',
  },
  lyncSqlClustering: {
    url: `${LYNC}/lync-server-2013-configure-sql-server-clustering`,
    title: 'Configure SQL Server clustering for Lync Server 2013',
  },
  backEndHa: {
    url: `${SFB}/plan-your-deployment/high-availability-and-disaster-recovery/back-end-server`,
    title: 'Back End Server high availability in Skype for Business Server',
  },
  officeWebApps: {
    url: `${SFB}/deploy/deploy-conferencing/office-web-app-server`,
    title: 'Configure integration with Office Web Apps Server in Skype for Business Server',
  },
  defineGateway: {
    url: `${SFB}/deploy/deploy-enterprise-voice/define-a-gateway`,
    title: 'Define a gateway in Topology Builder in Skype for Business Server',
  },
  clientPorts: {
    url: `${SFB}/manage/network-management/qos/configuring-port-ranges-for-your-skype-clients`,
    title:
      'Configuring port ranges and a Quality of Service policy for your clients in Skype for Business Server',
  },
  serverPorts: {
    url: `${SFB}/manage/network-management/qos/configuring-port-ranges-for-your-conferencing-application-and-mediation-servers`,
    title:
      'Configuring port ranges and a Quality of Service policy for your Conferencing, Application, and Mediation servers',
  },
  deprecated2019: {
    url: `${SFB}/deprecated-2019`,
    title: 'Skype for Business Server 2019 deprecations',
  },
  mediaBypass: {
    url: `${SFB}/deploy/deploy-enterprise-voice/deploy-media-bypass`,
    title: 'Deploy media bypass in Skype for Business Server',
  },
  trunkMediaBypass: {
    url: `${SFB}/manage/voice-routing/configure-a-trunk-with-media-bypass`,
    title: 'Skype for Business Server - Configure a trunk with media bypass',
  },
  setCsWebServer: {
    url: `${SFB}/sfbs2019/set-cswebserver`,
    title: 'Set-CsWebServer',
  },
  e911SipTrunk: {
    url: `${SFB}/plan-your-deployment/enterprise-voice-solution/design-the-sip-trunk`,
    title: 'Design the SIP trunk for E9-1-1 in Skype for Business Server',
  },
  dns: {
    url: `${SFB}/plan-your-deployment/network-requirements/dns`,
    title: 'DNS requirements for Skype for Business Server 2015',
  },
  lyncDnsFrontEnd: {
    url: `${LYNC}/lync-server-2013-dns-requirements-for-front-end-pool`,
    title: 'DNS requirements for Front End pool in Lync Server 2013',
  },
  edgeInterfaces: {
    url: `${SFB}/sfbs2019/set-up-network-interfaces-for-edge-servers`,
    title: 'Set up network interfaces for Edge Servers in Lync Server 2013',
  },
  cls: {
    url: `${SFB}/management-tools/centralized-logging-service/centralized-logging-service`,
    title: 'Centralized Logging Service in Skype for Business 2015',
  },
  lyncPersistentChatTopology: {
    url: `${LYNC}/lync-server-2013-add-persistent-chat-server-to-the-topology`,
    title: 'Add Persistent Chat Server to the topology in Lync Server 2013',
  },
  lyncDnsHlb: {
    url: `${LYNC}/lync-server-2013-port-summary-dns-and-hlb-load-balanced`,
    title: 'Port summary - DNS and HLB load balanced in Lync Server 2013',
  },
  lyncBranchResiliency: {
    url: `${LYNC}/lync-server-2013-branch-site-resiliency-requirements`,
    title: 'Branch-site resiliency requirements for Lync Server 2013',
  },
  lyncSbaDeploy: {
    url: `${LYNC}/lync-server-2013-deploying-a-survivable-branch-appliance-or-server`,
    title: 'Deploying a Survivable Branch Appliance or Server with Lync Server 2013',
  },
} as const;

export type PageName = keyof typeof PAGES;

/** A citation of one of the vendor's other pages; `ref` names the fact on it (see above). */
export function page(name: PageName, ref: string): Provenance {
  return { ...PAGES[name], ref };
}

/**
 * One row of a seed port table with the cells that state facts, as the page prints them (the Notes
 * column is the vendor's prose and is left out). `role` is the "Server role", "Load Balancer" or
 * "Component" cell; only the server table has a `service` ("Service name").
 */
export interface SeedPortRow {
  readonly table: Exclude<SeedTable, 'ipsec'>;
  /** 1-based inside its table, as provenance cites it. */
  readonly row: number;
  readonly role: string;
  readonly service?: string;
  readonly port: string;
  readonly protocol: string;
}

/** One row of the seed's "Recommended IPsec Exceptions", every cell as the page prints it. */
export interface SeedIpsecRow {
  readonly table: 'ipsec';
  readonly row: number;
  readonly rule: string;
  readonly source: string;
  readonly destination: string;
  readonly protocol: string;
  readonly sourcePort: string;
  readonly destinationPort: string;
  readonly authentication: string;
}

export type SeedRow = SeedPortRow | SeedIpsecRow;

/**
 * A port row of the vendor's Edge, reverse proxy, Director and hybrid tables, by the id the catalog
 * cites it with in `ref`, and the pages that print it (a Lync Server 2013 scenario row appears on
 * several scenario pages).
 */
export interface EdgePortRow {
  readonly id: string;
  readonly pages: readonly PageName[];
}

/** Products that still ship a feature the 2019 release removed (Subscription Edition follows 2019). */
export const UNTIL_2015 = ['lync2013', 'sfb2015'] as const;

/**
 * Products that support AlwaysOn Availability Groups for the back end: the Skype for Business Server
 * back-end pages name them, while the Lync Server 2013 pages offer only mirroring and clustering.
 */
export const FROM_2015 = ['sfb2015', 'sfb2019', 'sfbse'] as const;
