import { readFileSync } from 'node:fs';
import { catalog } from '../catalog/index.js';
import { UserError } from '../diag/diagnostic.js';
import type { Endpoint, Flow } from '../model/flow.js';
import { plan } from '../plan/plan.js';
import { loadTopology } from '../topology/load.js';

/** What check and listen need from a topology: its flows, its SIP domains and the names they accept. */
export interface ProbePlan {
  readonly flows: readonly Flow[];
  readonly sipDomains: readonly string[];
  /** Roles, servers, pools and zones where flows start (for the --from hint). */
  readonly origins: readonly string[];
  /** Servers, pools and roles that flows reach (for the --as / --role hints). */
  readonly destinations: readonly string[];
}

export function readTopologyText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError({
      code: 'file-unreadable',
      severity: 'error',
      message: `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      hint: 'check the path to the topology file',
    });
  }
}

function namesOf(e: Endpoint): string[] {
  return [e.role, e.zone, ...(e.pool ? [e.pool] : []), ...e.names];
}

/** Loads, validates and plans a topology with the built-in catalog; bad input becomes a UserError. */
export function loadPlanForProbe(file: string): ProbePlan {
  const { topology } = loadTopology(readTopologyText(file), file);
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
