import { z } from 'zod';
import { pageSource as source } from '../catalog/cite.js';
import { SEED_TABLES } from '../catalog/data/sources.js';
import { type Cidr, type Parsed, parseAddress, parseNetwork } from '../model/address-set.js';
import { MEDIA_MODALITIES, MEDIA_MODALITY_NAMES, type MediaModality } from '../model/media.js';
import { FEATURE_NAMES, PRODUCT_NAMES } from '../model/products.js';

/**
 * The topology file: one source of truth for its TypeScript types, its validation and the JSON Schema
 * shipped in `schema/topology.schema.json`. Every catalog condition can be expressed here, and every
 * default is the vendor's documented default (stated in the description, with the title and address
 * of the vendor page it comes from). Checks that need the whole file (references, duplicates, zones)
 * live in crossref.ts.
 */

/**
 * At least two labels, the last one starting with a letter, so that an IP address or a bare host
 * name is not taken for an FQDN. FQDNs end up in PowerShell strings and nft comments, so nothing
 * but letters, digits, hyphens and dots may pass.
 */
export const FQDN_PATTERN =
  /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Zone names become nft set names and rule-name parts: a letter, then letters, digits, - and _. */
export const ZONE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

/** Topology and site names appear in report titles and rule names: no quotes, no shell syntax. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,63}$/;

/** DNS names are case-insensitive; one spelling lets references and pairings compare them exactly. */
const fqdn = z
  .string()
  .regex(FQDN_PATTERN, 'a fully qualified domain name such as fe01.contoso.com')
  .toLowerCase()
  .describe('Fully qualified domain name (letters, digits, hyphens, at least one dot; read in lower case)');

/** The expected form, then the parser's reason: "… such as 192.0.2.11: IPv4 is four decimal numbers …". */
function addressMessage(expected: string, parse: (text: string) => Parsed<Cidr>, input: unknown): string {
  const parsed = typeof input === 'string' ? parse(input) : undefined;
  return parsed && !parsed.ok ? `${expected}: ${parsed.error.reason}` : expected;
}

const ip = z
  .string()
  .refine((text) => parseAddress(text).ok, {
    error: (issue) => addressMessage('an IPv4 or IPv6 address such as 192.0.2.11', parseAddress, issue.input),
    params: { code: 'invalid-ip' },
  })
  .meta({ description: 'IPv4 or IPv6 address, such as 192.0.2.11', pattern: '^[0-9A-Fa-f:.]+$' });

const cidr = z
  .string()
  .refine((text) => parseNetwork(text).ok, {
    error: (issue) =>
      addressMessage(
        'a network in CIDR notation such as 192.0.2.0/24 (a single host: 192.0.2.10/32)',
        parseNetwork,
        issue.input,
      ),
    params: { code: 'invalid-cidr' },
  })
  .meta({
    description: 'Network in CIDR notation, such as 192.0.2.0/24',
    pattern: '^[0-9A-Fa-f:.]+/[0-9]{1,3}$',
  });

const zoneName = z
  .string()
  .regex(ZONE_NAME_PATTERN, 'a zone name: a letter, then letters, digits, - or _ (at most 32)')
  .describe('Name of a zone declared under zones');

/** A zone nested inside another on purpose (version 2): its networks lie inside the other zone's, and win. */
const NestedZone = z
  .object({
    within: zoneName.describe(
      'The zone this one lies inside; its addresses belong to this zone, the more specific one',
    ),
    cidrs: z
      .array(cidr)
      .min(1)
      .describe('Networks of this zone, each inside a network of the zone named by within'),
  })
  .strict()
  .describe('A zone nested in another on purpose: { within: <zone>, cidrs: [...] }');

const name = z.string().regex(NAME_PATTERN, 'letters, digits, spaces and . _ ( ) - only (at most 64)');

const port = z.number().int().min(1).max(65535);

const feature = z.enum(FEATURE_NAMES as [string, ...string[]]);

const productName = z.enum(PRODUCT_NAMES as [string, ...string[]]);

/** Version 2: the product a pool runs during a migration (coexistence); docs/topology.md "Version 2". */
const poolProduct = productName
  .optional()
  .describe(
    "Product this pool runs, when it differs from the topology's (coexistence during a migration): lync2013 | sfb2015 | sfb2019 | sfbse. Default: the topology's product. Never newer than the topology's product (version 2)",
  );

export const Server = z
  .object({ fqdn, ip })
  .strict()
  .describe('One server of a pool: its FQDN and the address other machines connect to');

const loadBalancing = z
  .enum(['dns', 'hardware'])
  .describe(
    'How the pool is load balanced (default dns, which the vendor recommends). dns: DNS load balancing for SIP, with a hardware load balancer still in front of the web services (the vendor requires one for them); hardware: everything through the hardware load balancer VIP.',
  );

export const POOL_ROLES = ['front-end', 'director', 'mediation', 'persistent-chat'] as const;

export const Pool = z
  .object({
    fqdn: fqdn.describe('Pool FQDN (for a Standard Edition server or a one-server pool, the server FQDN)'),
    product: poolProduct,
    role: z
      .enum(POOL_ROLES)
      .describe('front-end | director | mediation (stand-alone Mediation pool) | persistent-chat'),
    edition: z
      .enum(['standard', 'enterprise'])
      .default('enterprise')
      .describe(
        'standard: a Standard Edition server (one server, databases in its local SQL Server Express); enterprise: an Enterprise Edition pool with a SQL Server back end. Default enterprise (a choice in Topology Builder, not a documented default)',
      ),
    loadBalancing: loadBalancing.default('dns'),
    vip: ip
      .optional()
      .describe(
        'Hardware load balancer VIP of the pool: web services only with loadBalancing dns, all traffic with hardware',
      ),
    externalWebVip: ip
      .optional()
      .describe(
        `External web services VIP (the port monitoring table's <pool>web VIP), where the reverse proxy sends external web traffic; vip is then the internal web services VIP (<pool>web-int). Default: none, the reverse proxy reaches vip on 4443 and 8080 (version 2; ${source('loadBalancing')})`,
      ),
    externalWebPorts: z
      .enum(['translated', 'direct'])
      .optional()
      .describe(
        `Ports of externalWebVip. translated: it listens on 443 and 80 and sends to the servers' 4443 and 8080 (the port monitoring table); direct: it listens on 4443 and 8080 (the page's text and the seed load balancer tables). Default translated when externalWebVip is set (version 2; ${source('loadBalancing')})`,
      ),
    loadBalancerSourceNat: z
      .boolean()
      .default(false)
      .describe(
        `The hardware load balancer replaces the client's address with its own (source NAT, SNAT): the servers then receive VIP traffic from loadBalancerAddresses. Default false: the vendor documents no default; direct server return is not supported (version 2; ${source('loadBalancing')})`,
      ),
    loadBalancerAddresses: z
      .array(ip)
      .min(1)
      .optional()
      .describe(
        `The hardware load balancer's own addresses towards the servers (self IPs, SNAT pool): the source of its health monitors (TCP 5061 on Front End servers) and, with loadBalancerSourceNat, of forwarded traffic. Required when loadBalancerSourceNat is true (version 2; ${source('loadBalancing')})`,
      ),
    servers: z.array(Server).min(1).describe('The servers of the pool (at least one)'),
    collocatedMediation: z
      .boolean()
      .default(false)
      .describe(
        'Front End pool also runs the Mediation Server role. Default false: the vendor port pages document no default, so collocation must be stated',
      ),
    centralManagementStore: z
      .boolean()
      .default(false)
      .describe('This Front End pool holds the Central Management store (exactly one pool does)'),
    features: z
      .array(feature)
      .default([])
      .describe('Features this pool runs (the Planning Tool questions); im-presence is always on'),
    backend: fqdn
      .optional()
      .describe(
        'FQDN of the SQL back end of an Enterprise pool: a sqlServers entry, or the listener of an availabilityGroups entry',
      ),
    fileShare: fqdn.optional().describe('FQDN of the file share (a fileShares entry)'),
    nextHop: fqdn
      .optional()
      .describe('Director: the pool it forwards to; Mediation: the Front End pool it serves'),
    edge: fqdn.optional().describe('Edge pool (an edgePools entry) this pool uses for media and federation'),
    officeOnlineServer: fqdn
      .optional()
      .describe('Office Online Server / Office Web Apps Server farm (an officeOnlineServers entry)'),
    gateways: z
      .array(fqdn)
      .default([])
      .describe(
        'PSTN gateways (gateways entries) served by this Mediation pool or collocated Front End pool',
      ),
  })
  .strict()
  .describe('A Front End, Director, Mediation or Persistent Chat pool');

const edgeExternal = z
  .object({
    access: ip.describe('Access Edge service address'),
    webConferencing: ip.describe('Web Conferencing Edge service address'),
    av: ip.describe('A/V Edge service address'),
  })
  .strict()
  .describe(
    'One address per Edge service. The three services listen on TCP 443 as planned, so they need three addresses',
  );

export const EdgeServer = z
  .object({
    fqdn,
    internal: ip.describe('Address of the internal interface'),
    external: edgeExternal.describe('Addresses of the external interface, as configured on the server'),
    public: edgeExternal
      .partial()
      .optional()
      .describe(
        'Public addresses the NAT device publishes for this server (required when the pool has nat: true)',
      ),
  })
  .strict();

export const EdgePool = z
  .object({
    fqdn: fqdn.describe('Internal FQDN of the Edge pool (for one Edge server, its FQDN)'),
    product: poolProduct,
    loadBalancing: loadBalancing
      .default('dns')
      .describe(
        `dns (default) or hardware; internal and external sides use the same type (${source('loadBalancing')})`,
      ),
    nat: z
      .boolean()
      .default(false)
      .describe(
        `External addresses are private and published through NAT (default false: public addresses). Only with DNS load balancing (${source('edgeEnv')})`,
      ),
    internalVip: ip.optional().describe('Internal VIP of a hardware-load-balanced pool'),
    externalVips: edgeExternal
      .partial()
      .optional()
      .describe('External VIPs of a hardware-load-balanced pool (all three services)'),
    externalFqdns: z
      .object({ access: fqdn, webConferencing: fqdn, av: fqdn })
      .strict()
      .optional()
      .describe('Public FQDNs of the three services (sip., webcon., av. records), used by DNS checks'),
    servers: z.array(EdgeServer).min(1),
    features: z
      .array(feature)
      .default(['remote-access'])
      .describe(
        'Edge features: remote-access (default), federation, public-im, xmpp, legacy-federation, hybrid',
      ),
    nextHop: fqdn.optional().describe('Director or Front End pool that is the next hop for SIP'),
  })
  .strict();

export const Host = z.object({ fqdn, ip }).strict();

export const BRANCH_KINDS = ['appliance', 'server'] as const;

/**
 * Listening ports of the gateway of a Survivable Branch Appliance when its gateway entry states none:
 * Topology Builder's defaults on an appliance (5081 TCP, 5082 TLS) instead of 5066/5067.
 */
export const APPLIANCE_GATEWAY_LISTEN_PORTS = { tcp: 5081, tls: 5082 } as const;

export const BranchAppliance = z
  .object({
    fqdn: fqdn.describe('FQDN of the Registrar of the appliance or branch server (as in Topology Builder)'),
    ip,
    kind: z
      .enum(BRANCH_KINDS)
      .default('appliance')
      .describe(
        `appliance (default): a Survivable Branch Appliance, one chassis holding a Registrar, a Mediation Server and a PSTN gateway; server: a Survivable Branch Server, a Windows server with Registrar and Mediation Server that uses a separate gateway or SIP trunk (${source('lyncSbaDeploy')})`,
      ),
    registrarFor: fqdn
      .optional()
      .describe(
        `Backup registrar: the Front End pool at the central site that branch users fail over to when the appliance is unavailable, and that the appliance talks to on TCP 444 and 5061 (${source('lyncBranchResiliency')}; ${source('seed', `${SEED_TABLES.server}, row 4`)})`,
      ),
    gateways: z
      .array(fqdn)
      .default([])
      .describe(
        `PSTN gateways (gateways entries of this site) that the appliance's Mediation Server uses. List an appliance's built-in gateway only when it has an address of its own; its listening port then defaults to 5081 with tcp and 5082 with tls (${source('defineGateway')}, step 6). A branch server's gateway is a separate box and keeps the usual defaults. Default []: no separate gateway, no gateway flow`,
      ),
  })
  .strict()
  .describe(
    'Survivable Branch Appliance or Survivable Branch Server: the Registrar and Mediation Server of a branch site',
  );

export const ReverseProxy = z
  .object({
    fqdn,
    internal: ip.describe('Address of the interface facing the internal pools'),
    external: ip.describe('Address of the external listener'),
    publishes: z
      .array(fqdn)
      .default([])
      .describe(
        'Pools (Front End or Director) and Office Online Server farms whose web services it publishes',
      ),
  })
  .strict();

/** Gateways whose listenPort the file left out (filled with the transport default above). */
const DEFAULTED_LISTEN_PORT = new WeakSet<object>();

export const GATEWAY_DEFAULTS = {
  tls: { listenPort: 5067, mediationPort: 5067 },
  tcp: { listenPort: 5066, mediationPort: 5068 },
} as const;

/**
 * The UDP range a gateway, IP-PBX or SBC receives RTP on: its vendor's setting, stated by no Skype for
 * Business page, so it has no default (finding gateway-media-ports).
 */
export const gatewayMediaPorts = z
  .object({
    start: port.min(1024).describe('First port of the gateway\u2019s media (RTP) range'),
    count: z.number().int().min(1).max(64512).describe('Number of ports in the range'),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.start + r.count - 1 <= 65535) return;
    ctx.addIssue({
      code: 'custom',
      path: ['count'],
      input: r.count,
      message: `a count that ends the range by port 65535 (from start ${r.start})`,
      params: {
        code: 'media-range-overflow',
        hint: `use a count of at most ${65536 - r.start}: the size of the RTP range in the gateway's or SBC's own configuration`,
      },
    });
  })
  .describe(
    'UDP range the gateway receives media (RTP/SRTP) on, from the gateway vendor\u2019s configuration. Absent: any port 1024-65535, since no Skype for Business page states a gateway range (finding gateway-media-ports). Narrows Mediation Server \u2192 gateway audio and, with mediaBypass, client and phone \u2192 gateway audio',
  );

const gatewayTransport = z.enum(['tls', 'tcp']);

/**
 * One more trunk of a gateway (Topology Builder: a trunk is a Mediation pool and a gateway, each on
 * its own listening port, PAGES.defineGateway step 5). A field left out takes the gateway's own value;
 * when the trunk changes the transport, the ports it leaves out take that transport's defaults.
 */
export const Trunk = z
  .object({
    mediation: fqdn.describe(
      'The Mediation pool (or Front End pool with collocated Mediation) of this trunk; it must list the gateway in its gateways',
    ),
    transport: gatewayTransport.optional().describe("SIP transport of this trunk. Default: the gateway's"),
    listenPort: port
      .optional()
      .describe(
        "Port the gateway listens on for this trunk. Default: the gateway's listenPort (with another transport, that transport's default)",
      ),
    mediationPort: port
      .optional()
      .describe(
        "Port the Mediation Server listens on for this trunk. Default: the gateway's mediationPort (with another transport, that transport's default)",
      ),
    mediaBypass: z
      .boolean()
      .optional()
      .describe("Media bypass on this trunk. Default: the gateway's mediaBypass"),
  })
  .strict()
  .describe('A further trunk between the gateway and one Mediation pool, on its own ports');

export const Gateway = z
  .object({
    fqdn,
    ip,
    transport: gatewayTransport
      .default('tls')
      .describe('SIP transport to the gateway: tls (default; the vendor strongly recommends it) or tcp'),
    listenPort: port
      .optional()
      .describe(
        `Port the gateway listens on. Default: 5067 with tls, 5066 with tcp (Topology Builder defaults; ${source('defineGateway')})`,
      ),
    mediationPort: port
      .optional()
      .describe(
        `Port the Mediation Server listens on for this gateway. Default: 5067 with tls, 5068 with tcp (${source('seed', `${SEED_TABLES.server}, rows 48 and 49`)})`,
      ),
    mediaBypass: z
      .boolean()
      .default(false)
      .describe(
        `Media bypass is enabled on this gateway's trunk: clients and phones exchange media (RTP over UDP) with the gateway directly instead of through the Mediation Server. Default false: bypass is a per-trunk choice that the gateway or provider must support (${source('trunkMediaBypass')}; ${source('mediaBypass')})`,
      ),
    mediaPorts: gatewayMediaPorts.optional(),
    trunks: z
      .array(Trunk)
      .optional()
      .describe(
        `Trunks of their own for some Mediation pools: a pool named here talks to the gateway on its trunks' ports and transports instead of the gateway's. The gateway's own fields are its root trunk, used by every pool that lists the gateway and has no trunk here (${source('defineGateway')}, steps 5-9). Absent: one trunk, the gateway's fields`,
      ),
  })
  .strict()
  // The vendor's defaults depend on the transport, which a static default cannot express.
  .transform((g) => {
    const listenPort = g.listenPort ?? GATEWAY_DEFAULTS[g.transport].listenPort;
    const mediationPort = g.mediationPort ?? GATEWAY_DEFAULTS[g.transport].mediationPort;
    const { trunks, ...gateway } = g;
    const out = {
      ...gateway,
      listenPort,
      mediationPort,
      ...(trunks === undefined
        ? {}
        : {
            trunks: trunks.map((t) => {
              const transport = t.transport ?? g.transport;
              const same = transport === g.transport;
              return {
                mediation: t.mediation,
                transport,
                listenPort: t.listenPort ?? (same ? listenPort : GATEWAY_DEFAULTS[transport].listenPort),
                mediationPort:
                  t.mediationPort ?? (same ? mediationPort : GATEWAY_DEFAULTS[transport].mediationPort),
                mediaBypass: t.mediaBypass ?? g.mediaBypass,
              };
            }),
          }),
    };
    // Remembered so a site can give an appliance's gateway the appliance default instead (Site).
    if (g.listenPort === undefined) DEFAULTED_LISTEN_PORT.add(out);
    return out;
  })
  .describe('PSTN gateway, IP-PBX or SBC that is the SIP trunk peer of a Mediation Server');

/** TDS port of the default instance (MSSQLSERVER), the SQL Server standard port. */
export const SQL_DEFAULT_PORT = 1433;

/** Database mirroring endpoint an availability group wizard proposes (PAGES.alwaysOn, step 7). */
export const AG_ENDPOINT_DEFAULT_PORT = 5022;

/** SQL Server instance names: a letter or underscore, then letters, digits, _ or $ (at most 16). */
export const SQL_INSTANCE_PATTERN = /^[A-Za-z_][A-Za-z0-9_$]{0,15}$/;

/** The name SQL Server gives its default instance; writing it is the same as leaving instance out. */
export const SQL_DEFAULT_INSTANCE = 'MSSQLSERVER';

export const SqlServer = z
  .object({
    fqdn: fqdn.describe('FQDN of the SQL Server; for a failover cluster instance, its virtual network name'),
    ip: ip.describe('Address of the SQL Server; for a failover cluster instance, its virtual address'),
    instance: z
      .string()
      .regex(SQL_INSTANCE_PATTERN, 'a SQL Server instance name such as RTC (letters, digits, _ or $)')
      .optional()
      .describe(
        `Named instance holding the databases (Topology Builder's "Named instance"). Default: the default instance (MSSQLSERVER) on TCP 1433. A named instance needs a statically defined TCP port, set in SQL Server Configuration Manager, so port is then required (${source('sqlFirewall')})`,
      ),
    port: port
      .optional()
      .meta({ default: SQL_DEFAULT_PORT })
      .describe(
        `TDS port (default 1433, the default instance; a named instance: its static port, required; ${source('sqlNonstandardPort')})`,
      ),
    mirror: fqdn
      .optional()
      .describe('FQDN of the mirror (another sqlServers entry); not on sfb2019 or sfbse'),
    witness: fqdn.optional().describe('FQDN of the mirroring witness (another sqlServers entry)'),
    mirroringPort: port
      .default(5022)
      .describe(`Database mirroring endpoint (default 5022; ${source('sqlMirroring')})`),
    witnessPort: port.default(7022).describe(`Witness endpoint (default 7022; ${source('sqlMirroring')})`),
    clusterNodes: z
      .array(Host.describe('One node of the Windows Server failover cluster'))
      .min(2)
      .optional()
      .describe(
        `This entry is a SQL Server failover cluster instance: fqdn and ip are its virtual network name and address, and these are the cluster nodes that can own it. Pools reach the virtual address only; traffic between the nodes is Windows clustering, which the vendor pages do not list, and is not planned (${source('backEndHa')})`,
      ),
  })
  .strict()
  // A named instance has no standard port to fall back on: it must be stated (PAGES.sqlFirewall).
  .superRefine((s, ctx) => {
    if (s.instance === undefined || s.instance.toUpperCase() === SQL_DEFAULT_INSTANCE) return;
    if (s.port !== undefined) return;
    ctx.addIssue({
      code: 'custom',
      path: ['instance'],
      input: s.instance,
      message:
        'the default instance, so port must be stated: a named instance listens on a statically defined TCP port, which the firewall must open',
      params: {
        code: 'named-instance-without-port',
        hint: `add port: <the instance's static TCP port>, the one set in SQL Server Configuration Manager (TCP/IP, IPAll, TCP Port); Topology Builder cannot set it (${source('sqlFirewall')})`,
      },
    });
  })
  .transform((s) => ({ ...s, port: s.port ?? SQL_DEFAULT_PORT }))
  .describe(
    'SQL Server back end of Enterprise pools (a server, a failover cluster instance, or a replica of an availability group)',
  );

export const AvailabilityGroup = z
  .object({
    fqdn: fqdn.describe(
      'FQDN of the availability group listener (the SQL Server FQDN of the store in Topology Builder once deployed)',
    ),
    ip: ip.describe('Virtual address of the listener'),
    replicas: z
      .array(fqdn)
      .min(2)
      .describe(
        'The replicas: sqlServers entries, each a SQL Server instance joined to the Windows Server failover cluster',
      ),
    endpointPort: port
      .default(AG_ENDPOINT_DEFAULT_PORT)
      .describe(
        `Database mirroring endpoint the replicas reach each other on (default 5022, the wizard value the vendor asks to verify; ${source('alwaysOn', 'step 7')})`,
      ),
  })
  .strict()
  .describe(
    `AlwaysOn Availability Group as the back end of Front End pools (Skype for Business Server 2015 and later; not for Persistent Chat). The listener listens on TCP 1433, the only port supported (${source('alwaysOn', 'step 7')})`,
  );

/** Exchange Server versions that can integrate with Lync Server 2013 / Skype for Business Server. */
export const EXCHANGE_VERSIONS = [2010, 2013, 2016, 2019] as const;
export type ExchangeVersion = (typeof EXCHANGE_VERSIONS)[number];

export const ExchangeServer = z
  .object({
    fqdn,
    ip,
    version: z
      .union([z.literal(2010), z.literal(2013), z.literal(2016), z.literal(2019)])
      .optional()
      .describe(
        `Exchange Server version: 2010, 2013, 2016 or 2019 (no default). Exchange Unified Messaging (feature exchange-um) needs 2010 with its latest service pack, 2013 or 2016; Exchange 2019 has no Unified Messaging, voice mail goes to Cloud Voicemail (${source('exchangeUm')})`,
      ),
    pools: z
      .array(fqdn)
      .optional()
      .describe(
        'Front End pools (pools entries) that integrate with this server. Default: every Front End pool that no other Exchange server names',
      ),
    owaIm: z
      .object({
        port: port.describe(
          'The port given to New-CsTrustedApplication -Port for the Client Access server (no default: the administrator picks an unused port)',
        ),
        registrar: fqdn.describe(
          'The Front End pool given to New-CsTrustedApplicationPool -Registrar (a pools entry)',
        ),
      })
      .strict()
      .optional()
      .describe(
        `Outlook Web App IM and presence: this Client Access server is a trusted application server of the registrar pool. Absent: not enabled (${source('exchangeOwaIm')})`,
      ),
  })
  .strict()
  .describe('Exchange Server (Mailbox / Client Access) that the pools integrate with');

export const Site = z
  .object({
    name: name.describe('Site name as in Topology Builder'),
    pools: z.array(Pool).default([]),
    edgePools: z.array(EdgePool).default([]),
    reverseProxies: z.array(ReverseProxy).default([]),
    gateways: z.array(Gateway).default([]),
    branchAppliances: z.array(BranchAppliance).default([]),
    sqlServers: z.array(SqlServer).default([]),
    availabilityGroups: z.array(AvailabilityGroup).default([]),
    fileShares: z.array(Host.describe('File server holding the pools\u2019 file share')).default([]),
    officeOnlineServers: z
      .array(Host.describe('Office Online Server / Office Web Apps Server (farm VIP or server)'))
      .default([]),
    exchangeServers: z.array(ExchangeServer).default([]),
  })
  .strict()
  // A gateway that a Survivable Branch Appliance of this site lists, and whose listening port the
  // file leaves out, listens on the appliance defaults 5081 (TCP) / 5082 (TLS) (PAGES.defineGateway).
  .transform((site) => {
    const onAppliance = new Set(
      site.branchAppliances.filter((b) => b.kind === 'appliance').flatMap((b) => b.gateways),
    );
    if (onAppliance.size === 0) return site;
    return {
      ...site,
      gateways: site.gateways.map((g) =>
        onAppliance.has(g.fqdn) && DEFAULTED_LISTEN_PORT.has(g)
          ? { ...g, listenPort: APPLIANCE_GATEWAY_LISTEN_PORTS[g.transport] }
          : g,
      ),
    };
  });

/** One modality's client range, with the Get-CsConferencingConfiguration names and defaults. */
const mediaRange = (modality: MediaModality) => {
  const { parameter, clientDefault } = MEDIA_MODALITIES[modality];
  return z
    .object({
      start: port.min(1024).describe(`Client${parameter}Port (default ${clientDefault.start})`),
      count: z
        .number()
        .int()
        .min(1)
        .max(64512)
        .describe(`Client${parameter}PortRange (default ${clientDefault.count})`),
    })
    .strict()
    .default(clientDefault);
};

const clientMediaRanges = Object.fromEntries(MEDIA_MODALITY_NAMES.map((m) => [m, mediaRange(m)])) as Record<
  MediaModality,
  ReturnType<typeof mediaRange>
>;

/** Defaults are the output of Get-CsConferencingConfiguration on an unchanged deployment (PAGES.clientPorts). */
export const ClientMediaPorts = z
  .object({
    enabled: z
      .boolean()
      .default(false)
      .describe(
        'ClientMediaPortRangeEnabled (default false: clients use any port 1024-65535 and the ranges below are ignored)',
      ),
    ...clientMediaRanges,
  })
  .strict()
  .describe(
    `Client media port ranges (CsConferencingConfiguration). Vendor defaults: disabled, every modality 5350 with 40 ports; the vendor QoS example uses audio 50020/20, video 58000/20, app sharing 42000/20, file transfer 42020/20 (${source('clientPorts')})`,
  );

export const Registration = z
  .object({
    registrar: fqdn
      .optional()
      .describe(
        `The zone's registrar: a Front End pool, or a branchAppliances entry (then the clients also fail over to that appliance's registrarFor pool). Default: every Front End pool and branch appliance (${source('lyncBranchResiliency')})`,
      ),
    director: z
      .union([z.boolean(), fqdn])
      .optional()
      .describe(
        'Whether the zone signs in through a Director: false (no Director flows from this zone), true (every Director pool) or the FQDN of one Director pool. Default: every Director pool, as without this setting',
      ),
  })
  .strict()
  .describe('Where the clients or phones of one zone register');

export const Clients = z
  .object({
    internal: z.array(zoneName).default([]).describe('Zones holding internal client computers'),
    phones: z.array(zoneName).default([]).describe('Zones holding IP desk phones'),
    external: zoneName
      .optional()
      .describe('Zone of remote users and federated partners (default: the zone whose value is any)'),
    registrars: z
      .record(zoneName, Registration)
      .optional()
      .describe(
        'Per client or phone zone: its registrar and whether it signs in through a Director. A zone not listed registers on every Front End pool and branch appliance and may use every Director',
      ),
  })
  .strict();

export const TrustedApplication = z
  .object({
    fqdn: fqdn.describe('FQDN of the trusted application pool (New-CsTrustedApplicationPool -Identity)'),
    kind: z
      .enum(['application', 'rcc'])
      .default('application')
      .describe(
        'application (default): a UCMA application such as a contact centre or call recorder; rcc: the remote call control line server (SIP/CSTA gateway) of a PBX',
      ),
    ip: ip.optional().describe('Address of a one-server trusted application pool'),
    servers: z
      .array(Server)
      .min(1)
      .optional()
      .describe('The trusted application computers of a pool of several servers (instead of ip)'),
    port: port.describe(
      'The port the application listens on, as given to New-CsTrustedApplication -Port (no default)',
    ),
    registrar: fqdn.describe(
      'The Front End pool the application is registered to (New-CsTrustedApplicationPool -Registrar)',
    ),
  })
  .strict()
  .describe('A trusted application server pool (UCMA applications, remote call control line servers)');

export const E911Gateway = z
  .object({
    fqdn,
    ip,
    mediation: z
      .array(fqdn)
      .optional()
      .describe(
        'Mediation pools (or Front End pools with collocated Mediation) that trunk to it. Default: every Mediation Server that no other E9-1-1 gateway names',
      ),
  })
  .strict()
  .describe('E9-1-1 service provider SIP trunk peer or ELIN gateway');

const infraHost = (what: string) => Host.describe(what);

export const Infrastructure = z
  .object({
    domainControllers: z
      .array(infraHost('Active Directory domain controller'))
      .default([])
      .describe(
        'Active Directory domain controllers. No vendor page lists Active Directory ports, so no flow to them is planned; they serve NTP to phones when ntpServers is empty',
      ),
    dnsServers: z
      .array(infraHost('Internal DNS server'))
      .default([])
      .describe('Internal DNS servers that servers, clients and phones query on port 53 (TCP and UDP)'),
    dhcpServers: z
      .array(infraHost('DHCP server (or relay agent)'))
      .default([])
      .describe('DHCP servers that clients and phones reach on UDP 67 and that answer on UDP 68'),
    ntpServers: z
      .array(infraHost('NTP server'))
      .default([])
      .describe(
        'NTP servers that IP phones use (the _ntp._udp SRV target, UDP 123). Default: the domain controllers',
      ),
  })
  .strict()
  .describe('Network services the servers, clients and phones need: Active Directory, DNS, DHCP, NTP');

/** Firewall names become nftables tables, iptables chains, ipset names and report sheet names. */
export const FIREWALL_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,22}$/;

export const FIREWALL_KINDS = ['network', 'host'] as const;
export const FIREWALL_PLATFORMS = ['nftables', 'iptables', 'windows-firewall', 'report-only'] as const;

/** A port or a range written "first-last", such as 22 or "50000-59999". */
const portOrRange = z
  .union([port, z.string().regex(/^\d{1,5}-\d{1,5}$/, 'a port range such as "50000-59999"')])
  .describe('A port such as 22, or a range such as "50000-59999"');

export const ManagementAccess = z
  .object({
    description: z
      .string()
      .max(120)
      .optional()
      .describe('What this access is for (SSH, RDP, WinRM, monitoring)'),
    sources: z
      .array(z.string().min(1))
      .min(1)
      .describe('Where it comes from: networks in CIDR notation or names of zones'),
    destinations: z
      .array(z.string().min(1))
      .optional()
      .describe(
        "Network firewalls only: where it goes (CIDRs or zones). Default: every address on the firewall's sides",
      ),
    tcp: z.array(portOrRange).default([]).describe('TCP ports'),
    udp: z.array(portOrRange).default([]).describe('UDP ports'),
  })
  .strict()
  .describe('Access the firewall must keep whatever the flows say: management sources and their ports');

export const Firewall = z
  .object({
    name: z
      .string()
      .regex(FIREWALL_NAME_PATTERN, 'a firewall name: a letter, then letters, digits, - or _ (at most 23)')
      .describe('Name of the firewall, used in reports, rule sets (table, chain, rule group) and --firewall'),
    kind: z
      .enum(FIREWALL_KINDS)
      .describe(
        'network: a firewall between zones, enforcing traffic that passes through it; host: the firewall of the servers listed under servers',
      ),
    platform: z
      .enum(FIREWALL_PLATFORMS)
      .default('report-only')
      .describe(
        'What enforces it: nftables, iptables, windows-firewall (host only), or report-only for an appliance the firewall team configures by hand',
      ),
    sides: z
      .record(zoneName, z.array(zoneName).min(1))
      .optional()
      .describe(
        'Network firewalls: per interface (or side) name, the zones behind it. Zones nested in a listed zone are behind the same side',
      ),
    servers: z
      .array(fqdn)
      .optional()
      .describe(
        'Host firewalls: the servers (FQDNs of pool members, Edge servers, reverse proxies, …) whose own firewall this is',
      ),
    defaultDrop: z
      .boolean()
      .default(false)
      .describe(
        'true: this rule set drops everything it does not accept on its path (it owns the default). false: it drops only traffic it is responsible for (between its sides, or to the Skype for Business ports of its servers) and leaves the rest to other rules',
      ),
    management: z
      .array(ManagementAccess)
      .default([])
      .describe('Access the rule set always keeps (SSH, RDP, WinRM, monitoring), before any drop'),
  })
  .strict()
  .describe(
    'A firewall of the deployment (topology version 2): a network firewall between zones or the host firewall of some servers',
  );

export const Topology = z
  .object({
    $schema: z.string().optional(),
    version: z
      .union([z.literal(1), z.literal(2)])
      .describe('Topology file format version: 2 (current), or 1 (read unchanged, upgraded in memory)'),
    name: name.describe('Deployment name, shown in reports'),
    product: productName.describe(
      'lync2013 | sfb2015 | sfb2019 | sfbse (Subscription Edition): the newest product of the deployment, whose Topology Builder publishes it; pools may run an earlier one (product per pool, version 2)',
    ),
    sipDomains: z.array(fqdn).default([]).describe('SIP domains (for DNS records and certificates)'),
    zones: z
      .record(zoneName, z.union([z.literal('any'), z.array(cidr).min(1), NestedZone]))
      .describe(
        'Named networks; a firewall boundary is a pair of zones. A list of CIDRs, "any" for the internet, or { within, cidrs } for a zone nested in another on purpose.',
      ),
    clients: Clients.default({ internal: [], phones: [] }),
    clientMediaPorts: ClientMediaPorts.optional(),
    sites: z.array(Site).min(1),
    trustedApplications: z
      .array(TrustedApplication)
      .default([])
      .describe('Trusted application server pools (topology version 2)'),
    e911Gateways: z
      .array(E911Gateway)
      .default([])
      .describe('E9-1-1 SIP trunk peers or ELIN gateways (topology version 2)'),
    infrastructure: Infrastructure.optional().describe(
      'Active Directory, DNS, DHCP and NTP servers (topology version 2)',
    ),
    firewalls: z
      .array(Firewall)
      .optional()
      .describe(
        'The firewalls that enforce the flows (topology version 2). Without it, one network firewall per pair of zones that flows cross is assumed',
      ),
  })
  .strict()
  .describe('A Skype for Business Server / Lync Server 2013 deployment, as sfbports plans it');

export type Topology = z.infer<typeof Topology>;
/** What a user writes: defaults not yet filled in. */
export type TopologyInput = z.input<typeof Topology>;
export type Site = z.infer<typeof Site>;
export type Pool = z.infer<typeof Pool>;
export type PoolRole = Pool['role'];
export type EdgePool = z.infer<typeof EdgePool>;
export type EdgeServer = z.infer<typeof EdgeServer>;
export type ReverseProxy = z.infer<typeof ReverseProxy>;
export type Gateway = z.infer<typeof Gateway>;
export type SqlServer = z.infer<typeof SqlServer>;
export type AvailabilityGroup = z.infer<typeof AvailabilityGroup>;
export type Server = z.infer<typeof Server>;
export type Host = z.infer<typeof Host>;
export type BranchAppliance = z.infer<typeof BranchAppliance>;
export type Registration = z.infer<typeof Registration>;
export type ClientMediaPorts = z.infer<typeof ClientMediaPorts>;
export type ExchangeServer = z.infer<typeof ExchangeServer>;
export type TrustedApplication = z.infer<typeof TrustedApplication>;
export type E911Gateway = z.infer<typeof E911Gateway>;
export type Infrastructure = z.infer<typeof Infrastructure>;
export type Firewall = z.infer<typeof Firewall>;
export type ManagementAccess = z.infer<typeof ManagementAccess>;
