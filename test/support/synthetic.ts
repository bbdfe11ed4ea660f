import { FEATURE_NAMES, type Feature } from '../../src/model/products.js';
import { Topology } from '../../src/topology/schema.js';

/**
 * Large synthetic topologies for the planner's invariant tests and bench/plan.ts: `sites` sites,
 * each with a Front End pool, a Director pool, an Edge pool, a reverse proxy, SQL (mirrored with a
 * witness on every third site), a file share, Office Online Server, Exchange, two gateways and a
 * branch appliance; every other site adds a stand-alone Mediation pool, every fourth a Persistent
 * Chat pool. Features, load balancing, NAT and collocation vary by site so every condition is met
 * somewhere and missed somewhere. Version 2 settings: Exchange 2016 with OWA IM on every other site, a
 * trusted application and an RCC line server per site (the line server registered to the Director on
 * odd sites), an E9-1-1 gateway per site, and a domain controller (DNS, NTP) and DHCP server every 50th site. Addresses are private (10/8, 172.16/12, 192.168/16): nothing is
 * ever sent to them.
 */
export interface SyntheticOptions {
  readonly sites: number;
  /** Servers per Front End pool (default 4). */
  readonly frontEnds?: number;
  readonly product?: 'lync2013' | 'sfb2015' | 'sfb2019' | 'sfbse';
  readonly clientMediaPorts?: boolean;
}

const ALL: readonly Feature[] = FEATURE_NAMES;

export function syntheticTopology(options: SyntheticOptions): Topology {
  const feCount = options.frontEnds ?? 4;
  const sites = [];
  const trustedApplications: unknown[] = [];
  const e911Gateways: unknown[] = [];
  const infrastructure = {
    domainControllers: [] as unknown[],
    dnsServers: [] as unknown[],
    dhcpServers: [] as unknown[],
  };
  for (let s = 0; s < options.sites; s++) {
    const hi = (s >> 8) & 0x7f;
    const lo = s & 0xff;
    const srv = (h: number) => `10.${hi}.${lo}.${h}`;
    const dmzIn = (h: number) => `10.${128 + hi}.${lo}.${h}`;
    const dmzOut = (h: number) => `172.${16 + (hi & 0x0f)}.${lo}.${h}`;
    const d = `s${s}.example.com`;
    const fe = `pool.${d}`;
    const dir = `dir.${d}`;
    const med = `med.${d}`;
    const edge = `edge.${d}`;
    const mirrored = s % 3 === 0;
    const hardware = s % 5 === 1;
    const collocated = s % 2 === 1;
    // Rotate which features a site runs, so each is on somewhere and off somewhere.
    const features = ALL.filter((_, i) => (i + s) % 3 !== 0 && i !== 0).filter(
      (f) => f !== 'sql-mirroring' || mirrored,
    );
    const pools: unknown[] = [
      {
        fqdn: fe,
        role: 'front-end',
        loadBalancing: hardware ? 'hardware' : 'dns',
        vip: srv(10),
        servers: Array.from({ length: feCount }, (_, i) => ({ fqdn: `fe${i}.${d}`, ip: srv(11 + i) })),
        collocatedMediation: collocated,
        centralManagementStore: s === 0,
        features,
        backend: `sql.${d}`,
        fileShare: `fs.${d}`,
        edge,
        officeOnlineServer: `oos.${d}`,
        gateways: collocated ? [`gw0.${d}`] : [],
      },
      {
        fqdn: dir,
        role: 'director',
        loadBalancing: hardware ? 'hardware' : 'dns',
        vip: srv(100),
        servers: [
          { fqdn: `dir0.${d}`, ip: srv(101) },
          { fqdn: `dir1.${d}`, ip: srv(102) },
        ],
        nextHop: fe,
        fileShare: `fs.${d}`,
        ...(s % 2 === 1 ? { features: ['rcc'] } : {}),
      },
    ];
    trustedApplications.push(
      { fqdn: `app.${d}`, ip: srv(63), port: 6000 + (s % 100), registrar: fe },
      { fqdn: `rcc.${d}`, kind: 'rcc', ip: srv(64), port: 4723, registrar: s % 2 === 1 ? dir : fe },
    );
    e911Gateways.push({ fqdn: `e911.${d}`, ip: srv(65), mediation: [s % 2 === 0 ? med : fe] });
    // Infrastructure is shared: a domain controller and a DHCP server on every 50th site.
    if (s % 50 === 0) {
      const dc = { fqdn: `dc.${d}`, ip: srv(70) };
      infrastructure.domainControllers.push(dc);
      infrastructure.dnsServers.push(dc);
      infrastructure.dhcpServers.push({ fqdn: `dhcp.${d}`, ip: srv(71) });
    }
    if (s % 2 === 0) {
      pools.push({
        fqdn: med,
        role: 'mediation',
        loadBalancing: hardware ? 'hardware' : 'dns',
        ...(hardware ? { vip: srv(110) } : {}),
        servers: [
          { fqdn: `med0.${d}`, ip: srv(111) },
          { fqdn: `med1.${d}`, ip: srv(112) },
        ],
        nextHop: fe,
        gateways: [`gw0.${d}`, `gw1.${d}`],
      });
    }
    if (s % 4 === 0) {
      pools.push({
        fqdn: `pchat.${d}`,
        role: 'persistent-chat',
        servers: [{ fqdn: `pc0.${d}`, ip: srv(120) }],
        backend: `sql.${d}`,
        fileShare: `fs.${d}`,
      });
    }
    const nat = !hardware && s % 4 === 3;
    sites.push({
      name: `Site ${s}`,
      pools,
      edgePools: [
        {
          fqdn: edge,
          loadBalancing: hardware ? 'hardware' : 'dns',
          nat,
          ...(hardware
            ? {
                internalVip: dmzIn(10),
                externalVips: { access: dmzOut(10), webConferencing: dmzOut(11), av: dmzOut(12) },
              }
            : {}),
          nextHop: dir,
          features: [
            'remote-access',
            ...(s % 2 === 0 ? ['federation', 'xmpp', 'public-im'] : []),
            ...(s % 6 === 2 ? ['legacy-federation'] : []),
            ...(s % 6 === 4 ? ['hybrid'] : []),
          ],
          servers: [0, 1].map((i) => ({
            fqdn: `edge${i}.${d}`,
            internal: dmzIn(11 + i),
            external: {
              access: dmzOut(20 + 3 * i),
              webConferencing: dmzOut(21 + 3 * i),
              av: dmzOut(22 + 3 * i),
            },
            ...(nat ? { public: { access: `203.0.113.${(s % 40) * 6 + 3 * i}` } } : {}),
          })),
        },
      ],
      reverseProxies: [{ fqdn: `rp.${d}`, internal: dmzIn(30), external: dmzOut(30), publishes: [dir, fe] }],
      gateways: [
        { fqdn: `gw0.${d}`, ip: srv(200), transport: 'tls' },
        { fqdn: `gw1.${d}`, ip: srv(201), transport: 'tcp', listenPort: 5060, mediaBypass: true },
        // The branch appliance's own gateway, with an address of its own (default port 5081/5082).
        { fqdn: `gw2.${d}`, ip: srv(202), transport: s % 2 === 0 ? 'tls' : 'tcp' },
      ],
      branchAppliances: [
        {
          fqdn: `sba.${d}`,
          ip: srv(210),
          kind: s % 3 === 2 ? 'server' : 'appliance',
          registrarFor: fe,
          gateways: [`gw2.${d}`],
        },
      ],
      sqlServers: [
        { fqdn: `sql.${d}`, ip: srv(50), ...(mirrored ? { mirror: `sqlm.${d}`, witness: `sqlw.${d}` } : {}) },
        ...(mirrored
          ? [
              { fqdn: `sqlm.${d}`, ip: srv(51), port: 14330 },
              { fqdn: `sqlw.${d}`, ip: srv(52) },
            ]
          : []),
      ],
      fileShares: [{ fqdn: `fs.${d}`, ip: srv(60) }],
      officeOnlineServers: [{ fqdn: `oos.${d}`, ip: srv(61) }],
      exchangeServers: [
        {
          fqdn: `ex.${d}`,
          ip: srv(62),
          version: 2016,
          ...(s % 2 === 0 ? { owaIm: { port: 5199, registrar: fe } } : {}),
        },
      ],
    });
  }
  return Topology.parse({
    version: 2,
    name: `Synthetic ${options.sites} sites`,
    product: options.product ?? 'sfb2015',
    zones: {
      servers: ['10.0.0.0/9'],
      'perimeter-internal': ['10.128.0.0/9'],
      'perimeter-external': ['172.16.0.0/12'],
      clients: ['192.168.0.0/17'],
      phones: ['192.168.128.0/17'],
      branch: ['192.169.0.0/24'],
      internet: 'any',
    },
    clients: {
      internal: ['clients', 'branch'],
      phones: ['phones'],
      external: 'internet',
      // One branch zone homed on the first site's appliance, signing in without a Director.
      registrars: { branch: { registrar: 'sba.s0.example.com', director: false } },
    },
    ...(options.clientMediaPorts ? { clientMediaPorts: { enabled: true } } : {}),
    sites,
    trustedApplications,
    e911Gateways,
    infrastructure,
  });
}

/** Every host address of a topology (servers, VIPs, interfaces): the "servers" a benchmark counts. */
export function serverCount(topology: Topology): number {
  let n = 0;
  for (const site of topology.sites) {
    for (const p of site.pools) n += p.servers.length;
    for (const e of site.edgePools) n += e.servers.length;
    n +=
      site.reverseProxies.length +
      site.gateways.length +
      site.branchAppliances.length +
      site.sqlServers.length +
      site.fileShares.length +
      site.officeOnlineServers.length +
      site.exchangeServers.length;
  }
  return n;
}
