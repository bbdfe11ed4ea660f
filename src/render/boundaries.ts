import { type Boundary, boundaryKey, type Endpoint, type Flow } from '../model/flow.js';
import type { Plan } from '../model/plan.js';
import { PRODUCTS, type Product } from '../model/products.js';

/**
 * What the text reports (table, Markdown, CSV) share: flows grouped by firewall boundary in plan
 * order, and one spelling of ports, boundaries and endpoints.
 */

export interface BoundaryGroup {
  readonly key: string;
  readonly boundary: Boundary;
  readonly flows: readonly Flow[];
}

/** Groups in the order the plan first mentions each boundary (the planner sorts by boundary). */
export function byBoundary(flows: readonly Flow[]): BoundaryGroup[] {
  const groups = new Map<string, { key: string; boundary: Boundary; flows: Flow[] }>();
  for (const f of flows) {
    const key = boundaryKey(f.boundary);
    const g = groups.get(key);
    if (g) g.flows.push(f);
    else groups.set(key, { key, boundary: f.boundary, flows: [f] });
  }
  return [...groups.values()];
}

export function boundaryTitle(b: Boundary): string {
  return b.sameZone ? `${b.from} (within the zone)` : `${b.from} → ${b.to}`;
}

export function productName(plan: Plan): string {
  return PRODUCTS[plan.topology.product as Product] ?? plan.topology.product;
}

/** A host as one line: "fe01.contoso.com 192.0.2.11", or the address alone when the name is the pool's. */
export function hostLines(e: Endpoint): string[] {
  if (e.kind === 'zone') return [...e.addresses];
  return e.addresses.map((a, i) => {
    const name = e.names[i];
    return name && name !== e.pool ? `${name} ${a}` : a;
  });
}

/** The heading of an endpoint: its role, and the pool or the zone it stands for. */
export function endpointHeading(e: Endpoint): string {
  if (e.kind === 'zone') return `${e.role} (zone ${e.zone})`;
  return e.pool ? `${e.role} ${e.pool}` : e.role;
}

export function summaryLine(flows: readonly Flow[]): string {
  const boundaries = new Set(flows.map((f) => boundaryKey(f.boundary))).size;
  const optional = flows.filter((f) => f.optional).length;
  const flowWord = flows.length === 1 ? 'flow' : 'flows';
  const boundaryWord = boundaries === 1 ? 'boundary' : 'boundaries';
  const extra = optional > 0 ? ` (${optional} optional)` : '';
  return `${flows.length} ${flowWord}${extra} across ${boundaries} firewall ${boundaryWord}`;
}
