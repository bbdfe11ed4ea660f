import type { Protocol, Transport } from '../catalog/types.js';
import type { Flow } from '../flow/flow.js';
import { PortSet } from '../flow/ports.js';
import type { PlannedEndpoint } from './endpoints.js';
import { hash48 } from './identity.js';

/**
 * Collects flows as the planner finds them and merges only what is exact:
 *   1. Flows with the same source, destination, transport, protocol and optional flag become one
 *      flow whose port set is the union: the same hosts reach the same hosts on the same ports as
 *      before, so nothing is widened.
 *   2. A flow that another flow already covers (its sources a subset, same destination, transport and
 *      protocol, its ports a subset) is folded into the covering flow: only its requirement ids and
 *      purpose move. An optional flow folds into a required one, never the reverse; when a required
 *      and an optional flow have identical endpoints, the optional one keeps only the ports the
 *      required one lacks.
 */

interface Draft {
  readonly source: PlannedEndpoint;
  readonly destination: PlannedEndpoint;
  readonly transport: Transport;
  readonly protocol: Protocol;
  readonly optional: boolean;
  ports: PortSet;
  readonly requirements: Set<string>;
  readonly purposes: string[];
  absorbed: boolean;
}

export interface FlowSortContext {
  readonly zoneRank: (zone: string) => number;
  readonly roleRank: (role: string) => number;
}

export class FlowCollector {
  private readonly drafts = new Map<string, Draft>();

  get size(): number {
    return this.drafts.size;
  }

  add(
    source: PlannedEndpoint,
    destination: PlannedEndpoint,
    transport: Transport,
    protocol: Protocol,
    ports: PortSet,
    optional: boolean,
    requirement: string,
    purpose: string,
  ): void {
    if (ports.isEmpty) return;
    const key = `${source.id}>${destination.id}|${transport}|${protocol}|${optional ? 1 : 0}`;
    const d = this.drafts.get(key);
    if (d) {
      d.ports = d.ports.union(ports);
      d.requirements.add(requirement);
      if (!d.purposes.includes(purpose)) d.purposes.push(purpose);
      return;
    }
    this.drafts.set(key, {
      source,
      destination,
      transport,
      protocol,
      optional,
      ports,
      requirements: new Set([requirement]),
      purposes: [purpose],
      absorbed: false,
    });
  }

  /** Folds covered flows, orders the rest and freezes them into Flows with stable ids. */
  finish(sort: FlowSortContext): Flow[] {
    this.foldCovered();
    const live = [...this.drafts.values()].filter((d) => !d.absorbed);
    live.sort((a, b) => compareDrafts(a, b, sort));
    const shared = new Shared();
    const flows = live.map((d) => toFlow(d, shared));
    // Ids hash the flow's identity; should two ever collide, later ones get a deterministic suffix.
    const seen = new Map<string, number>();
    return flows.map((f) => {
      const n = seen.get(f.id) ?? 0;
      seen.set(f.id, n + 1);
      return Object.freeze(n === 0 ? f : { ...f, id: `${f.id}-${n + 1}` });
    });
  }

  private foldCovered(): void {
    // Only flows towards the same destination, on the same transport and protocol, with sources of
    // the same role in the same zone can cover one another.
    const buckets = new Map<string, Draft[]>();
    for (const d of this.drafts.values()) {
      const s = d.source.endpoint;
      const key = `${d.destination.id}|${d.transport}|${d.protocol}|${s.role}|${s.zone}`;
      const list = buckets.get(key);
      if (list) list.push(d);
      else buckets.set(key, [d]);
    }
    for (const list of buckets.values()) {
      if (list.length < 2) continue;
      // Larger flows first, required before optional, so each flow folds into the widest cover.
      list.sort(
        (a, b) =>
          b.source.groups.size - a.source.groups.size ||
          b.ports.size - a.ports.size ||
          Number(a.optional) - Number(b.optional),
      );
      for (let i = 0; i < list.length; i++) {
        const cover = list[i]!;
        if (cover.absorbed) continue;
        for (let j = 0; j < list.length; j++) {
          const inner = list[j]!;
          if (i === j || inner.absorbed) continue;
          if (!isSubset(inner.source.groups, cover.source.groups)) continue;
          if (cover.optional && !inner.optional) {
            // A required flow inside an optional one: the optional flow gives up the shared ports.
            if (inner.source.id === cover.source.id && cover.ports.overlaps(inner.ports)) {
              cover.ports = cover.ports.difference(inner.ports);
              if (cover.ports.isEmpty) {
                fold(cover, inner);
                break;
              }
            }
            continue;
          }
          if (cover.ports.contains(inner.ports)) fold(inner, cover);
        }
      }
    }
  }
}

function fold(from: Draft, into: Draft): void {
  from.absorbed = true;
  for (const r of from.requirements) into.requirements.add(r);
  for (const p of from.purposes) if (!into.purposes.includes(p)) into.purposes.push(p);
}

function isSubset(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size > b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** Flows share their frozen boundary and requirement lists: 100,000 flows name few distinct ones. */
class Shared {
  private readonly boundaries = new Map<string, Flow['boundary']>();
  private readonly requirementLists = new Map<string, readonly string[]>();

  boundary(from: string, to: string): Flow['boundary'] {
    const key = `${from}\u0000${to}`;
    let b = this.boundaries.get(key);
    if (!b) {
      b = Object.freeze({ from, to, sameZone: from === to });
      this.boundaries.set(key, b);
    }
    return b;
  }

  requirements(ids: ReadonlySet<string>): readonly string[] {
    const sorted = [...ids].sort();
    const key = sorted.join(' ');
    let list = this.requirementLists.get(key);
    if (!list) {
      list = Object.freeze(sorted);
      this.requirementLists.set(key, list);
    }
    return list;
  }
}

function toFlow(d: Draft, shared: Shared): Flow {
  const source = d.source.endpoint;
  const destination = d.destination.endpoint;
  const identity = `${d.source.hash}>${d.destination.hash}|${d.transport}|${d.protocol}|${d.optional}|${d.ports.key()}`;
  return {
    id: `f-${hash48(identity)}`,
    source,
    destination,
    transport: d.transport,
    // PortSet ranges are already normalised and frozen.
    ports: d.ports.ranges,
    protocol: d.protocol,
    purpose: d.purposes.join('; '),
    requirements: shared.requirements(d.requirements),
    boundary: shared.boundary(source.zone, destination.zone),
    optional: d.optional,
  };
}

function compareDrafts(a: Draft, b: Draft, s: FlowSortContext): number {
  const as = a.source.endpoint;
  const bs = b.source.endpoint;
  const ad = a.destination.endpoint;
  const bd = b.destination.endpoint;
  return (
    s.zoneRank(as.zone) - s.zoneRank(bs.zone) ||
    s.zoneRank(ad.zone) - s.zoneRank(bd.zone) ||
    cmp(as.zone, bs.zone) ||
    cmp(ad.zone, bd.zone) ||
    s.roleRank(ad.role) - s.roleRank(bd.role) ||
    a.destination.order - b.destination.order ||
    a.destination.id - b.destination.id ||
    s.roleRank(as.role) - s.roleRank(bs.role) ||
    cmp(a.transport, b.transport) ||
    (a.ports.ranges[0]?.[0] ?? 0) - (b.ports.ranges[0]?.[0] ?? 0) ||
    cmp(a.protocol, b.protocol) ||
    Number(a.optional) - Number(b.optional) ||
    a.source.order - b.source.order ||
    a.source.id - b.source.id
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
