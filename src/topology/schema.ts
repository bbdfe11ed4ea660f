import { z } from 'zod';
import { FEATURE_NAMES, PRODUCT_NAMES } from '../catalog/types.js';

/**
 * The topology file: one source of truth for its TypeScript types, its validation and the JSON Schema
 * shipped in `schema/topology.schema.json`. Every catalog condition can be expressed here, and every
 * default is the vendor's documented default (stated in the description).
 */

const fqdn = z
  .string()
  .regex(
    /^(?=.{1,253}$)(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*$/,
    'a fully qualified domain name such as fe01.contoso.com (letters, digits, hyphens and dots only)',
  )
  .describe('Fully qualified domain name');

const ip = z.string().describe('IPv4 or IPv6 address, such as 192.0.2.11');

const feature = z.enum(FEATURE_NAMES as [string, ...string[]]);

export const Server = z.object({ fqdn, ip }).strict().describe('One server of a pool');

const loadBalancing = z
  .enum(['dns', 'hardware'])
  .describe(
    'How the pool is load balanced. dns: DNS load balancing for SIP, with a hardware load balancer still in front of the web services (the vendor requires one); hardware: everything through the hardware load balancer VIP.',
  );

export const Pool = z
  .object({
    fqdn,
    role: z.enum(['front-end', 'director', 'mediation', 'persistent-chat']),
    edition: z
      .enum(['standard', 'enterprise'])
      .default('enterprise')
      .describe('Standard Edition server (one server, local SQL Express back end) or Enterprise pool'),
    loadBalancing: loadBalancing.default('dns'),
    vip: ip
      .optional()
      .describe('Hardware load balancer VIP of the pool (web services with dns; everything with hardware)'),
    servers: z.array(Server).min(1),
    collocatedMediation: z
      .boolean()
      .default(false)
      .describe(
        'Front End pool also runs Mediation Server (the Topology Builder default for new pools is collocated)',
      ),
    centralManagementStore: z
      .boolean()
      .default(false)
      .describe('This pool holds the Central Management store'),
    features: z.array(feature).default([]).describe('Features this pool runs'),
    backend: fqdn.optional().describe('FQDN of the SQL back end (Enterprise pools)'),
    fileShare: fqdn.optional().describe('FQDN of the file share'),
    nextHop: fqdn
      .optional()
      .describe('Director: the pool it forwards to; Mediation: the Front End pool it serves'),
    edge: fqdn.optional().describe('Edge pool used for media and federation by this pool'),
    officeOnlineServer: fqdn.optional(),
    gateways: z
      .array(fqdn)
      .default([])
      .describe('PSTN gateways served by this pool (Mediation or collocated Front End)'),
  })
  .strict();

const edgeExternal = z
  .object({
    access: ip.describe('Access Edge service address'),
    webConferencing: ip.describe('Web Conferencing Edge service address'),
    av: ip.describe('A/V Edge service address'),
  })
  .strict();

export const EdgeServer = z
  .object({
    fqdn,
    internal: ip.describe('Address of the internal interface'),
    external: edgeExternal.describe('Addresses of the external interface, as configured on the server'),
    public: edgeExternal
      .partial()
      .optional()
      .describe('Public addresses the NAT publishes, when nat is true'),
  })
  .strict();

export const EdgePool = z
  .object({
    fqdn,
    loadBalancing: loadBalancing.default('dns'),
    nat: z.boolean().default(false).describe('External addresses are private and published through NAT'),
    internalVip: ip.optional(),
    externalVips: edgeExternal.partial().optional(),
    servers: z.array(EdgeServer).min(1),
    features: z.array(feature).default(['remote-access']),
    nextHop: fqdn.optional().describe('Director or Front End pool that is the next hop for SIP'),
  })
  .strict();

export const Host = z.object({ fqdn, ip }).strict();

export const ReverseProxy = z
  .object({
    fqdn,
    internal: ip.describe('Address of the interface facing the internal pools'),
    external: ip.describe('Address of the external listener'),
    publishes: z
      .array(fqdn)
      .default([])
      .describe('Pools (Front End or Director) whose web services it publishes'),
  })
  .strict();

export const Gateway = z
  .object({
    fqdn,
    ip,
    listenPort: z.number().int().min(1).max(65535).default(5067).describe('Port the gateway listens on'),
    transport: z.enum(['tls', 'tcp']).default('tls'),
    mediationPort: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .optional()
      .describe('Port the Mediation Server listens on for this gateway (default 5067 for TLS, 5068 for TCP)'),
  })
  .strict();

export const SqlServer = z
  .object({
    fqdn,
    ip,
    port: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .default(1433)
      .describe('TDS port; 1433 is the SQL Server default'),
    mirror: fqdn.optional(),
    witness: fqdn.optional(),
    mirroringPort: z.number().int().default(5022),
    witnessPort: z.number().int().default(7022),
  })
  .strict();

export const Site = z
  .object({
    name: z.string().min(1),
    pools: z.array(Pool).default([]),
    edgePools: z.array(EdgePool).default([]),
    reverseProxies: z.array(ReverseProxy).default([]),
    gateways: z.array(Gateway).default([]),
    branchAppliances: z.array(Host.extend({ registrarFor: fqdn.optional() }).strict()).default([]),
    sqlServers: z.array(SqlServer).default([]),
    fileShares: z.array(Host).default([]),
    officeOnlineServers: z.array(Host).default([]),
    exchangeServers: z.array(Host).default([]),
  })
  .strict();

const mediaRange = z
  .object({ start: z.number().int().min(1024).max(65535), count: z.number().int().min(1).max(64512) })
  .strict();

export const ClientMediaPorts = z
  .object({
    enabled: z.boolean().default(false).describe('ClientMediaPortRangeEnabled (default False)'),
    audio: mediaRange
      .default({ start: 50020, count: 20 })
      .describe('ClientAudioPort / ClientAudioPortRange (defaults 50020 / 20)'),
    video: mediaRange
      .default({ start: 58000, count: 20 })
      .describe('ClientVideoPort / ClientVideoPortRange (defaults 58000 / 20)'),
    appSharing: mediaRange
      .default({ start: 42000, count: 20 })
      .describe('ClientAppSharingPort / ClientAppSharingPortRange (defaults 42000 / 20)'),
    fileTransfer: mediaRange
      .default({ start: 42020, count: 20 })
      .describe('ClientFileTransferPort / ClientFileTransferPortRange (defaults 42020 / 20)'),
  })
  .strict();

export const Topology = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(1),
    name: z.string().min(1),
    product: z.enum(PRODUCT_NAMES as [string, ...string[]]).describe('lync2013 | sfb2015 | sfb2019 | sfbse'),
    sipDomains: z.array(fqdn).default([]),
    zones: z
      .record(z.string(), z.union([z.literal('any'), z.array(z.string())]))
      .describe('Named networks; a firewall boundary is a pair of zones. "any" is the internet.'),
    clients: z
      .object({
        internal: z.array(z.string()).default([]).describe('Zones holding internal client computers'),
        phones: z.array(z.string()).default([]).describe('Zones holding IP phones'),
        external: z
          .string()
          .optional()
          .describe('Zone of remote users and federated partners (usually the internet)'),
      })
      .strict()
      .default({ internal: [], phones: [] }),
    clientMediaPorts: ClientMediaPorts.optional(),
    sites: z.array(Site).min(1),
  })
  .strict();

export type Topology = z.infer<typeof Topology>;
export type Site = z.infer<typeof Site>;
export type Pool = z.infer<typeof Pool>;
export type EdgePool = z.infer<typeof EdgePool>;
export type EdgeServer = z.infer<typeof EdgeServer>;
export type ReverseProxy = z.infer<typeof ReverseProxy>;
export type Gateway = z.infer<typeof Gateway>;
export type SqlServer = z.infer<typeof SqlServer>;
export type Server = z.infer<typeof Server>;
