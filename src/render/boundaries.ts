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

/**
 * At most `max` of an endpoint's hosts, formatted by `line`, and how many are left out: only the hosts
 * shown are formatted, so a zone or a deployment-wide group of 100,000 hosts costs as much as a pool.
 * When the hosts do not all fit, `max - 1` are shown so the "more" line takes the last place.
 */
export function someHosts(
  e: Endpoint,
  max: number,
  line: (e: Endpoint, index: number) => string = hostLine,
): { readonly lines: string[]; readonly more: number } {
  const total = e.addresses.length;
  const shown = total > max ? max - 1 : total;
  const lines: string[] = [];
  for (let i = 0; i < shown; i++) lines.push(line(e, i));
  return { lines, more: total - shown };
}

/** The i-th host of an endpoint as hostLines spells it. */
export function hostLine(e: Endpoint, i: number): string {
  const a = e.addresses[i]!;
  if (e.kind === 'zone') return a;
  const name = e.names[i];
  return name && name !== e.pool ? `${name} ${a}` : a;
}

/** Batches of at most `size` items, for writing a long list a piece at a time. */
export function* batches<T>(items: readonly T[], size: number): Generator<readonly T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
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
