import { backendPorts } from './data/backend.js';
import { branchPorts } from './data/branch.js';
import { edgePorts } from './data/edge.js';
import { findings } from './data/findings.js';
import { integrationPorts } from './data/integration.js';
import { loadBalancerPorts } from './data/load-balancers.js';
import { reverseProxyPorts } from './data/reverse-proxy.js';
import { seedClientPorts } from './data/seed-client-ports.js';
import { seedIpsecExceptions } from './data/seed-ipsec.js';
import { seedLoadBalancerPorts } from './data/seed-load-balancers.js';
import { seedServerPorts } from './data/seed-server-ports.js';
import type { Catalog } from './types.js';

/**
 * The catalog: every port requirement of the vendor's tables and Edge / reverse proxy / back-end /
 * branch pages, as data with provenance. The order of the data modules is the order a reviewer reads them.
 */
export const catalog: Catalog = Object.freeze({
  entries: Object.freeze([
    ...seedServerPorts,
    ...seedLoadBalancerPorts,
    ...loadBalancerPorts,
    ...seedClientPorts,
    ...edgePorts,
    ...reverseProxyPorts,
    ...backendPorts,
    ...branchPorts,
    ...integrationPorts,
  ]),
  ipsecExceptions: seedIpsecExceptions,
  findings,
});

export { PAGES, SEED_ROW_COUNTS, SEED_TABLES } from './data/sources.js';
export { checkCatalog, unexplainedOverlaps } from './integrity.js';
export * from './query.js';
