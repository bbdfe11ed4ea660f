/**
 * Topology file format versions. Version 2 is version 1 plus settings real deployments need (branch
 * appliances as registrars, per-pool products, AlwaysOn back ends, trunks, load balancers, Exchange,
 * infrastructure). A version 1 file loads unchanged: it is upgraded in memory, and `sfbports migrate`
 * writes it as version 2.
 */
export const TOPOLOGY_VERSIONS = [1, 2] as const;
export type TopologyVersion = (typeof TOPOLOGY_VERSIONS)[number];
export const CURRENT_TOPOLOGY_VERSION: TopologyVersion = 2;

/**
 * Settings that exist only from version 2, as paths with `*` for any array index. A version 1 file that
 * uses one is told to run `sfbports migrate` (or to say `version: 2`) instead of having it read silently.
 */
export const VERSION_2_SETTINGS: readonly string[] = [
  // Exchange, trusted applications, E9-1-1 and infrastructure (issue 11).
  'sites.*.exchangeServers.*.version',
  'sites.*.exchangeServers.*.pools',
  'sites.*.exchangeServers.*.owaIm',
  'trustedApplications',
  'e911Gateways',
  'infrastructure',
];
