import { catalog } from '../catalog/index.js';
import type { Endpoint, Flow } from '../model/flow.js';
import { plan } from '../plan/plan.js';
import type { Topology } from '../topology/schema.js';

/** What check and listen need from a topology: its flows, its SIP domains and the names they accept. */
export interface ProbePlan {
  readonly flows: readonly Flow[];
  readonly sipDomains: readonly string[];
  /** Roles, servers, pools and zones where flows start (for the --from hint). */
  readonly origins: readonly string[];
  /** Servers, pools and roles that flows reach (for the --as / --role hints). */
  readonly destinations: readonly string[];
}

function namesOf(e: Endpoint): string[] {
  return [e.role, e.zone, ...(e.pool ? [e.pool] : []), ...e.names];
}

/**
 * Plans a checked topology with the built-in catalog. Reading and checking the file is the CLI's
 * one topology loader's job (src/cli/topology-file.ts), the same for every command.
 */
export function probePlan(topology: Topology): ProbePlan {
  const flows = plan(topology, catalog).flows;
  const origins = new Set<string>();
  const destinations = new Set<string>();
  for (const f of flows) {
    for (const n of namesOf(f.source)) origins.add(n);
    for (const n of namesOf(f.destination)) if (n !== f.destination.zone) destinations.add(n);
  }
  return {
    flows,
    sipDomains: topology.sipDomains,
    origins: [...origins].sort(),
    destinations: [...destinations].sort(),
  };
}
