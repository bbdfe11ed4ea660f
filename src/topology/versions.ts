/**
 * Topology file format versions. Version 2 is version 1 plus settings real deployments need (branch
 * appliances as registrars, per-pool products, AlwaysOn back ends, trunks, load balancers, Exchange,
 * infrastructure). A version 1 file loads unchanged: it is upgraded in memory (upgrade.ts), and
 * `sfbports migrate` writes it as version 2.
 */
export const TOPOLOGY_VERSIONS = [1, 2] as const;
export type TopologyVersion = (typeof TOPOLOGY_VERSIONS)[number];
export const CURRENT_TOPOLOGY_VERSION: TopologyVersion = 2;

/**
 * Settings that exist only from version 2, as paths with `*` for any array index (or any key of a
 * mapping). A version 1 file that uses one gets an error at that key, telling it to say `version: 2`
 * or run `sfbports migrate`, instead of having it read silently.
 *
 * Adding a version 2 setting: add the field to schema.ts, append its path here (one line, keep the
 * list sorted by the order of the schema), and, if its default would change what a version 1 file
 * plans, add the version 1 meaning to `V1_MEANINGS` in upgrade.ts.
 */
export const VERSION_2_SETTINGS: readonly string[] = [
  // A zone nested in another on purpose: zones: { dmz-web: { within: perimeter, cidrs: [...] } }
  'zones.*.within',
  'sites.*.pools.*.product',
  // Load balancers: separate external web VIP, its ports, source NAT and the balancer's addresses (issue 11).
  'sites.*.pools.*.externalWebVip',
  'sites.*.pools.*.externalWebPorts',
  'sites.*.pools.*.loadBalancerSourceNat',
  'sites.*.pools.*.loadBalancerAddresses',
  'sites.*.edgePools.*.product',
  // Branch sites: the appliance as registrar, Mediation Server and gateway (issue 11).
  'sites.*.branchAppliances.*.kind',
  'sites.*.branchAppliances.*.gateways',
  // Where clients register: per zone, the registrar and the Director (issue 11).
  'clients.registrars',
  'sites.*.sqlServers.*.instance',
  'sites.*.sqlServers.*.clusterNodes',
  'sites.*.availabilityGroups',
  // Exchange, trusted applications, E9-1-1 and infrastructure (issue 11).
  'sites.*.exchangeServers.*.version',
  'sites.*.exchangeServers.*.pools',
  'sites.*.exchangeServers.*.owaIm',
  'trustedApplications',
  'e911Gateways',
  'infrastructure',
  // Trunks: the gateway vendor's media range, and trunks of their own per Mediation pool (issue 11).
  'sites.*.gateways.*.mediaPorts',
  'sites.*.gateways.*.trunks',
  // Firewalls as things in the topology: network and host firewalls, their platform and management access (issue 12).
  'firewalls',
];
