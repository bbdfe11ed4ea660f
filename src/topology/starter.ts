import { stringify } from 'yaml';
import { cidrRange, formatAddress, parseNetwork } from '../model/address-set.js';
import type { Feature, Product } from '../model/products.js';
import { ipv4Hosts } from './address.js';
import { unsupportedFeature } from './product.js';
import type { TopologyInput } from './schema.js';

/**
 * What `sfbports init` writes: a commented starter topology, or one built from the answers to the
 * questions the vendor's Planning Tool asked. Both must pass `sfbports validate` unchanged (a test
 * checks it), so a new user starts from a file that works and edits it towards their deployment.
 */

/**
 * The first lines of every file init writes. A topology is the user's document, not an output: it
 * carries no sfbports-output marker, so no command replaces it without --force.
 */
export function starterHeader(schemaRef: string): string {
  return `# yaml-language-server: $schema=${schemaRef}\n# Topology for sfbports; check it with: sfbports validate <file>\n`;
}

export function starterTopology(schemaRef: string): string {
  return `${starterHeader(schemaRef)}${STARTER_BODY}`;
}

const STARTER_BODY = `#
# A starter: one site with a two-server Enterprise Edition Front End pool, its SQL Server back end and
# file share, and one Edge Server with public addresses. Replace the names and the documentation
# addresses (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) with yours, then add what you run:
# Directors, Mediation and gateways, a reverse proxy, more sites. docs/topology.md lists every field.
version: 2
name: Contoso
product: sfb2019            # lync2013 | sfb2015 | sfb2019 | sfbse
sipDomains: [contoso.com]

# Named networks. A firewall boundary is a pair of zones; every address below must lie in one of them.
zones:
  servers: [192.0.2.0/26]
  perimeter-internal: [192.0.2.64/28]
  perimeter-external: [203.0.113.0/28]
  clients: [198.51.100.0/24]
  internet: any             # remote users and federated partners

clients:
  internal: [clients]       # zones with Skype for Business desktop clients
  phones: []                # zones with IP desk phones
  external: internet

# Client media ports. The vendor default is disabled (clients use any port 1024-65535); with
# enabled: true, each modality defaults to 5350 with 40 ports. Give each its own range for QoS:
# clientMediaPorts:
#   enabled: true
#   audio: { start: 50020, count: 20 }
#   video: { start: 58000, count: 20 }
#   appSharing: { start: 42000, count: 20 }
#   fileTransfer: { start: 42020, count: 20 }

sites:
  - name: Headquarters
    pools:
      - fqdn: pool01.contoso.com
        role: front-end          # front-end | director | mediation | persistent-chat
        edition: enterprise      # or standard: one server with its databases in SQL Server Express
        loadBalancing: dns       # dns (vendor recommended) | hardware
        vip: 192.0.2.10          # hardware load balancer VIP; with dns it carries the web services
        servers:
          - { fqdn: fe01.contoso.com, ip: 192.0.2.11 }
          - { fqdn: fe02.contoso.com, ip: 192.0.2.12 }
        centralManagementStore: true
        collocatedMediation: false   # true needs gateways (below) and usually enterprise-voice
        features: [conferencing, app-sharing, mobility]
        backend: sql01.contoso.com
        fileShare: fs01.contoso.com
        edge: edge01.contoso.com
        # gateways: [gw01.contoso.com]

    edgePools:
      - fqdn: edge01.contoso.com
        loadBalancing: dns
        nat: false               # true: external addresses are private; add public: {...} per server
        nextHop: pool01.contoso.com
        features: [remote-access, federation]
        servers:
          - fqdn: edge01.contoso.com
            internal: 192.0.2.70
            external: { access: 203.0.113.5, webConferencing: 203.0.113.6, av: 203.0.113.7 }

    # gateways:
    #   - { fqdn: gw01.contoso.com, ip: 192.0.2.40, transport: tls }   # listens on 5067 by default

    sqlServers:
      - { fqdn: sql01.contoso.com, ip: 192.0.2.30 }    # TDS port 1433 unless you set port:

    fileShares:
      - { fqdn: fs01.contoso.com, ip: 192.0.2.31 }
`;

export type VoiceChoice = 'none' | 'collocated' | 'standalone';
export type EdgeChoice = 'none' | 'public' | 'nat';

/** The Planning Tool's questions, answered. */
export interface StarterAnswers {
  readonly name: string;
  readonly product: Product;
  readonly sipDomain: string;
  readonly site: string;
  readonly edition: 'standard' | 'enterprise';
  readonly frontEndServers: number;
  readonly loadBalancing: 'dns' | 'hardware';
  readonly features: readonly Feature[];
  readonly director: boolean;
  readonly voice: VoiceChoice;
  readonly gatewayTransport: 'tls' | 'tcp';
  readonly edge: EdgeChoice;
  readonly edgeServers: number;
  readonly federation: boolean;
  readonly reverseProxy: boolean;
  readonly branchSites: readonly string[];
  readonly networks: StarterNetworks;
}

/** IPv4 networks the generated hosts are numbered from. */
export interface StarterNetworks {
  readonly servers: string;
  readonly clients: string;
  readonly perimeterInternal: string;
  readonly perimeterExternal: string;
  /** Public addresses the NAT publishes (edge: nat only). */
  readonly natPublic: string;
  /** One network per branch site, in the order of branchSites. */
  readonly branches: readonly string[];
}

export const DEFAULT_ANSWERS: StarterAnswers = {
  name: 'Contoso',
  product: 'sfb2019',
  sipDomain: 'contoso.com',
  site: 'Headquarters',
  edition: 'enterprise',
  frontEndServers: 3,
  loadBalancing: 'dns',
  features: ['conferencing', 'app-sharing', 'mobility'],
  director: false,
  voice: 'none',
  gatewayTransport: 'tls',
  edge: 'none',
  edgeServers: 1,
  federation: false,
  reverseProxy: false,
  branchSites: [],
  networks: {
    servers: '192.0.2.0/26',
    clients: '198.51.100.0/25',
    perimeterInternal: '192.0.2.64/28',
    perimeterExternal: '203.0.113.0/27',
    natPublic: '203.0.113.128/27',
    branches: [],
  },
};

/** The default network of the n-th branch site: /28 blocks carved from 198.51.100.128/25. */
export function defaultBranchNetwork(index: number): string {
  return `198.51.100.${128 + 16 * (index % 8)}/28`;
}

/** Thrown when the networks given cannot hold the hosts the answers call for. */
export class StarterNetworkTooSmall extends Error {
  constructor(
    readonly network: string,
    readonly needed: number,
  ) {
    super(`${network} is too small for ${needed} addresses`);
  }
}

/** Hands out consecutive addresses from one network. */
class Numbering {
  private next: number;
  constructor(
    private readonly cidr: string,
    readonly first: number,
  ) {
    this.next = first;
  }
  /** How many addresses have been handed out. */
  get used(): number {
    return this.next - this.first;
  }
  take(count = 1): string[] {
    const hosts = ipv4Hosts(this.cidr, this.next, count);
    if (!hosts) throw new StarterNetworkTooSmall(this.cidr, this.next + count);
    this.next += count;
    return hosts;
  }
  one(): string {
    return this.take(1)[0]!;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The networks the central site's hosts are numbered from, and the first host offset in each. */
export type StarterNetworkKey = 'servers' | 'perimeterInternal' | 'perimeterExternal' | 'natPublic';
const FIRST_HOST: Record<StarterNetworkKey, number> = {
  servers: 10,
  perimeterInternal: 1,
  perimeterExternal: 1,
  natPublic: 1,
};
/** A branch network holds its appliance at its first host address. */
const BRANCH_HOSTS = 1;

/**
 * Why `cidr` cannot be the `key` network for these answers (too few addresses for the hosts they
 * call for), or undefined when it fits. `init --interactive` asks it at each network question, so
 * the user hears it there and answers again.
 */
export function starterNetworkProblem(
  a: Omit<StarterAnswers, 'networks'>,
  key: StarterNetworkKey | 'branch',
  cidr: string,
): string | undefined {
  const first = key === 'branch' ? 1 : FIRST_HOST[key];
  const count = key === 'branch' ? BRANCH_HOSTS : starterNetworkUse(a)[key];
  if (count === 0 || ipv4Hosts(cidr, first, count)) return undefined;
  const parsed = parseNetwork(cidr);
  if (!parsed.ok) return undefined; // not a network: the question's own check says so
  const [network] = cidrRange(parsed.value);
  const from = formatAddress(4, network + BigInt(first));
  // Host offsets first .. first + count - 1, then the broadcast address.
  const prefix = 32 - Math.ceil(Math.log2(first + count + 1));
  return `${cidr} is too small: these answers number ${count} ${count === 1 ? 'host' : 'hosts'} from ${from} on; use a /${prefix} or larger`;
}

/** How many addresses of each network the answers use: numbered from networks large enough for any. */
function starterNetworkUse(a: Omit<StarterAnswers, 'networks'>): Record<StarterNetworkKey, number> {
  const networks: StarterNetworks = {
    servers: '10.0.0.0/8',
    clients: '11.0.0.0/8',
    perimeterInternal: '12.0.0.0/8',
    perimeterExternal: '13.0.0.0/8',
    natPublic: '14.0.0.0/8',
    branches: [],
  };
  const { numbering } = buildFromAnswers({ ...a, branchSites: [], networks });
  return {
    servers: numbering.servers.used,
    perimeterInternal: numbering.perimeterInternal.used,
    perimeterExternal: numbering.perimeterExternal.used,
    natPublic: numbering.natPublic.used,
  };
}

/** Turns the answers into a topology; every name is derived from the SIP domain. */
export function topologyFromAnswers(a: StarterAnswers): TopologyInput {
  return buildFromAnswers(a).topology;
}

function buildFromAnswers(a: StarterAnswers): {
  topology: TopologyInput;
  numbering: Record<StarterNetworkKey, Numbering>;
} {
  const d = a.sipDomain;
  const servers = new Numbering(a.networks.servers, FIRST_HOST.servers);
  const perimeterInt = new Numbering(a.networks.perimeterInternal, FIRST_HOST.perimeterInternal);
  const perimeterExt = new Numbering(a.networks.perimeterExternal, FIRST_HOST.perimeterExternal);
  const natPublic = new Numbering(a.networks.natPublic, FIRST_HOST.natPublic);
  const features = a.features.filter((f) => !unsupportedFeature(a.product, f));
  const standard = a.edition === 'standard';
  const feCount = standard ? 1 : Math.max(1, a.frontEndServers);
  const hasEdge = a.edge !== 'none';
  const external = hasEdge || a.reverseProxy;

  const poolFqdn = standard ? `se01.${d}` : `pool01.${d}`;
  const directorFqdn = `dirpool.${d}`;
  const edgeFqdn = a.edgeServers > 1 ? `edgepool.${d}` : `edge01.${d}`;
  const gatewayFqdn = `gw01.${d}`;
  const oosFqdn = `oos01.${d}`;
  const wantsOos = features.includes('office-web-apps');

  const feVip = !standard ? servers.one() : undefined;
  const feServers = standard
    ? [{ fqdn: poolFqdn, ip: servers.one() }]
    : servers.take(feCount).map((ip, i) => ({ fqdn: `fe${pad(i + 1)}.${d}`, ip }));

  const frontEnd: Record<string, unknown> = {
    fqdn: poolFqdn,
    role: 'front-end',
    edition: a.edition,
    ...(standard ? {} : { loadBalancing: a.loadBalancing, vip: feVip }),
    servers: feServers,
    centralManagementStore: true,
    collocatedMediation: a.voice === 'collocated',
    features: [
      ...features,
      ...(a.voice !== 'none' && !features.includes('enterprise-voice') ? ['enterprise-voice'] : []),
    ],
    ...(standard ? {} : { backend: `sql01.${d}` }),
    fileShare: `fs01.${d}`,
    ...(hasEdge ? { edge: edgeFqdn } : {}),
    ...(wantsOos ? { officeOnlineServer: oosFqdn } : {}),
    ...(a.voice === 'collocated' ? { gateways: [gatewayFqdn] } : {}),
  };
  const pools: Array<Record<string, unknown>> = [frontEnd];

  if (a.director) {
    const count = standard ? 1 : 2;
    const vip = !standard ? servers.one() : undefined;
    pools.push({
      fqdn: directorFqdn,
      role: 'director',
      // A lone Director beside a Standard Edition server has no load balancer to point at.
      loadBalancing: standard ? 'dns' : a.loadBalancing,
      ...(vip ? { vip } : {}),
      servers: servers.take(count).map((ip, i) => ({ fqdn: `dir${pad(i + 1)}.${d}`, ip })),
      nextHop: poolFqdn,
    });
  }
  if (a.voice === 'standalone') {
    pools.push({
      fqdn: `medpool.${d}`,
      role: 'mediation',
      loadBalancing: 'dns',
      servers: servers.take(2).map((ip, i) => ({ fqdn: `med${pad(i + 1)}.${d}`, ip })),
      nextHop: poolFqdn,
      gateways: [gatewayFqdn],
    });
  }

  const site: Record<string, unknown> = { name: a.site, pools };
  if (hasEdge) {
    const count = Math.max(1, a.edgeServers);
    site.edgePools = [
      {
        fqdn: edgeFqdn,
        loadBalancing: 'dns',
        nat: a.edge === 'nat',
        nextHop: a.director ? directorFqdn : poolFqdn,
        features: ['remote-access', ...(a.federation ? ['federation'] : [])],
        servers: Array.from({ length: count }, (_, i) => {
          const [access, webConferencing, av] = perimeterExt.take(3) as [string, string, string];
          const server: Record<string, unknown> = {
            fqdn: count === 1 ? edgeFqdn : `edge${pad(i + 1)}.${d}`,
            internal: perimeterInt.one(),
            external: { access, webConferencing, av },
          };
          if (a.edge === 'nat') {
            const [pa, pw, pv] = natPublic.take(3) as [string, string, string];
            server.public = { access: pa, webConferencing: pw, av: pv };
          }
          return server;
        }),
      },
    ];
  }
  if (a.reverseProxy) {
    site.reverseProxies = [
      {
        fqdn: `rp01.${d}`,
        internal: perimeterInt.one(),
        external: perimeterExt.one(),
        // The external web services of the Director (sign-in, Autodiscover) and of the Front End pool
        // (address book, meeting content, mobility): the reverse proxy publishes both.
        publishes: [...(a.director ? [directorFqdn] : []), poolFqdn, ...(wantsOos ? [oosFqdn] : [])],
      },
    ];
  }
  if (a.voice !== 'none') {
    site.gateways = [{ fqdn: gatewayFqdn, ip: servers.one(), transport: a.gatewayTransport }];
  }
  if (!standard) site.sqlServers = [{ fqdn: `sql01.${d}`, ip: servers.one() }];
  site.fileShares = [{ fqdn: `fs01.${d}`, ip: servers.one() }];
  if (wantsOos) site.officeOnlineServers = [{ fqdn: oosFqdn, ip: servers.one() }];

  const zones: Record<string, unknown> = {
    servers: [a.networks.servers],
    clients: [a.networks.clients],
  };
  if (external) {
    zones['perimeter-internal'] = [a.networks.perimeterInternal];
    zones['perimeter-external'] = [a.networks.perimeterExternal];
  }
  const branchZones: string[] = [];
  const sites: Array<Record<string, unknown>> = [site];
  a.branchSites.forEach((name, i) => {
    const network = a.networks.branches[i] ?? defaultBranchNetwork(i);
    const zone = `branch-${pad(i + 1)}`;
    zones[zone] = [network];
    branchZones.push(zone);
    const [sbaIp] = new Numbering(network, 1).take(BRANCH_HOSTS);
    sites.push({
      name,
      branchAppliances: [{ fqdn: `sba${pad(i + 1)}.${d}`, ip: sbaIp, registrarFor: poolFqdn }],
    });
  });
  if (external) zones.internet = 'any';

  const topology: TopologyInput = {
    version: 2,
    name: a.name,
    product: a.product,
    sipDomains: [d],
    zones: zones as TopologyInput['zones'],
    clients: {
      internal: ['clients', ...branchZones],
      phones: [],
      ...(external ? { external: 'internet' } : {}),
    },
    sites: sites as TopologyInput['sites'],
  };
  return {
    topology,
    numbering: {
      servers,
      perimeterInternal: perimeterInt,
      perimeterExternal: perimeterExt,
      natPublic,
    },
  };
}

/** The YAML init writes for answered questions: the header, then the topology. */
export function renderAnswers(answers: StarterAnswers, schemaRef: string): string {
  const body = stringify(topologyFromAnswers(answers), { lineWidth: 0, flowCollectionPadding: true });
  return `${starterHeader(schemaRef)}# Written by sfbports init --interactive from the Planning Tool questions; edit freely.\n${body}`;
}
