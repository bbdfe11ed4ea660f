import type { Flow } from '../model/flow.js';
import type { PortSet } from '../model/ports.js';
import { PROTOCOLS, type Protocol, type Transport } from '../model/protocols.js';
import { hash48 } from '../text/hash.js';
import type { PlannedEndpoint } from './endpoints.js';

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
  /**
   * The catalog entries behind the draft, and purposes[i] the purpose of requirements[i]. Most drafts
   * have one: a plain string then, so 750,000 drafts do not carry 1.5 million one-element arrays.
   */
  requirements: string | string[];
  purposes: string | string[];
  absorbed: boolean;
}

export class FlowCollector {
  /** Drafts by destination endpoint id, then by a small-integer key of the rest of the identity. */
  private readonly drafts = new Map<number, Map<number, Draft>>();

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
    // Small integers (source ids stay far below 2^20), so the inner map hashes no strings.
    const key =
      (source.id * 64 + protocolIndex(protocol)) * 4 + (transport === 'udp' ? 2 : 0) + (optional ? 1 : 0);
    let byKey = this.drafts.get(destination.id);
    if (!byKey) {
      byKey = new Map();
      this.drafts.set(destination.id, byKey);
    }
    const d = byKey.get(key);
    if (d) {
      if (!d.ports.contains(ports)) d.ports = d.ports.union(ports);
      addRequirement(d, requirement, purpose);
      return;
    }
    byKey.set(key, {
      source,
      destination,
      transport,
      protocol,
      optional,
      ports,
      requirements: requirement,
      purposes: purpose,
      absorbed: false,
    });
  }

  /**
   * Folds covered flows, orders the rest and freezes them into Flows with stable ids. Order: by
   * boundary (zones in topology order), destination (role order, then topology order), source
   * role, transport, first port, protocol.
   */
  finish(): Flow[] {
    const live: Array<Draft | undefined> = [];
    for (const byKey of this.drafts.values()) {
      if (byKey.size > 1) foldCovered(byKey);
      for (const d of byKey.values()) if (!d.absorbed) live.push(d);
    }
    // From here each draft is let go once its flow is made: at 100,000 servers drafts and flows
    // together were most of the planner's peak memory.
    this.drafts.clear();
    const order = flowOrder(live as Draft[]);
    const shared = new Shared();
    // Ids hash the flow's identity; should two ever collide, later ones get a deterministic suffix.
    const seen = new Map<string, number>();
    const flows: Flow[] = new Array(live.length);
    for (let i = 0; i < live.length; i++) {
      const at = order[i]!;
      const f = toFlow(live[at]!, shared);
      live[at] = undefined;
      const n = seen.get(f.id);
      if (n === undefined) {
        seen.set(f.id, 1);
        flows[i] = Object.freeze(f);
      } else {
        seen.set(f.id, n + 1);
        flows[i] = Object.freeze({ ...f, id: `${f.id}-${n + 1}` });
      }
    }
    return flows;
  }
}

/**
 * Folds covered drafts towards one destination. Only drafts on the same transport and protocol,
 * with sources of the same role in the same zone, can cover one another: they share a bucket.
 */
function foldCovered(drafts: ReadonlyMap<number, Draft>): void {
  const buckets = new Map<number, Draft[]>();
  for (const d of drafts.values()) {
    const s = d.source;
    // Small integers (zone ids stay below 2^16, role ranks below 2^8), so the map hashes no strings.
    const key =
      ((protocolIndex(d.protocol) * 2 + (d.transport === 'udp' ? 1 : 0)) * 256 + s.roleRank) * 65536 +
      s.zoneId;
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
        // Cheap test first: most flows in a bucket differ in ports.
        if (cover.ports.contains(inner.ports) && isSubset(inner.source.groups, cover.source.groups)) {
          fold(inner, cover);
        }
      }
    }
  }
}

const PROTOCOL_INDEX = new Map<string, number>(PROTOCOLS.map((p, i) => [p, i]));

function protocolIndex(protocol: Protocol): number {
  const i = PROTOCOL_INDEX.get(protocol);
  if (i === undefined) throw new RangeError(`unknown protocol ${protocol}`);
  return i;
}

function fold(from: Draft, into: Draft): void {
  from.absorbed = true;
  const purposes = listOf(from.purposes);
  listOf(from.requirements).forEach((r, i) => {
    addRequirement(into, r, purposes[i]!);
  });
}

function listOf(value: string | string[]): readonly string[] {
  return typeof value === 'string' ? [value] : value;
}

function addRequirement(d: Draft, requirement: string, purpose: string): void {
  if (typeof d.requirements === 'string') {
    if (d.requirements === requirement) return;
    d.requirements = [d.requirements, requirement];
    d.purposes = [d.purposes as string, purpose];
  } else if (!d.requirements.includes(requirement)) {
    d.requirements.push(requirement);
    (d.purposes as string[]).push(purpose);
  }
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

  requirements(ids: string | readonly string[]): readonly string[] {
    if (typeof ids === 'string') ids = [ids];
    const sorted = ids.length === 1 ? ids : [...ids].sort();
    const key = sorted.join(' ');
    let list = this.requirementLists.get(key);
    if (!list) {
      list = Object.freeze(sorted);
      this.requirementLists.set(key, list);
    }
    return list;
  }
}

/** Distinct purposes in the order of their requirement ids, so the text does not depend on planning order. */
function purposeText(d: Draft): string {
  if (typeof d.purposes === 'string') return d.purposes;
  const ids = d.requirements as string[];
  const purposes = d.purposes;
  const order = ids.map((_, i) => i).sort((a, b) => cmp(ids[a]!, ids[b]!));
  return [...new Set(order.map((i) => purposes[i]!))].join('; ');
}

function toFlow(d: Draft, shared: Shared): Flow {
  const source = d.source.endpoint;
  const destination = d.destination.endpoint;
  // Ports are left out on purpose: a flow keeps its id when a catalog change adds a port to it,
  // and the merge key (endpoints, transport, protocol, optional) is unique without them.
  const identity = `${d.source.hash}>${d.destination.hash}|${d.transport}|${d.protocol}|${d.optional}`;
  return {
    id: `f-${hash48(identity)}`,
    source,
    destination,
    transport: d.transport,
    // PortSet ranges are already normalised and frozen.
    ports: d.ports.ranges,
    protocol: d.protocol,
    purpose: purposeText(d),
    requirements: shared.requirements(d.requirements),
    boundary: shared.boundary(source.zone, destination.zone),
    optional: d.optional,
  };
}

/**
 * The order of flows, as two numbers per draft so that sorting 100,000 flows compares numbers only:
 *   k1: boundary (source zone, destination zone; zones in topology order, then by name), then the
 *       destination (role order, topology order, creation);
 *   k2: source role, transport, first port, protocol (by name), required before optional, then the
 *       source (topology order, creation).
 * Every part is a rank below its factor, so the products stay exact integers (below 2^53). Returns the
 * drafts' indexes in that order. The keys live in typed arrays, not on the drafts: most exceed a small
 * integer, and a draft field holding such a number costs a boxed number per draft.
 */
function flowOrder(drafts: readonly Draft[]): Uint32Array {
  // Endpoint ids and zone ids are dense small integers: ranks go in arrays indexed by them.
  let endpointCount = 0;
  let zoneCount = 0;
  for (const d of drafts) {
    endpointCount = Math.max(endpointCount, d.source.id + 1, d.destination.id + 1);
    zoneCount = Math.max(zoneCount, d.source.zoneId + 1, d.destination.zoneId + 1);
  }
  const endpoints = new Array<PlannedEndpoint | undefined>(endpointCount).fill(undefined);
  const zones = new Array<PlannedEndpoint | undefined>(zoneCount).fill(undefined);
  for (const d of drafts) {
    endpoints[d.source.id] ??= d.source;
    endpoints[d.destination.id] ??= d.destination;
    zones[d.source.zoneId] ??= d.source;
    zones[d.destination.zoneId] ??= d.destination;
  }
  const zoneOrder = rankOf(
    zones,
    (a, b) => a.zoneRank - b.zoneRank || cmp(a.endpoint.zone, b.endpoint.zone),
    (e) => e.zoneId,
  );
  const endpointOrder = rankOf(
    endpoints,
    (a, b) => a.roleRank - b.roleRank || a.order - b.order || a.id - b.id,
    (e) => e.id,
  );
  const k1 = new Float64Array(drafts.length);
  const k2 = new Float64Array(drafts.length);
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i]!;
    const source = d.source;
    const destination = d.destination;
    k1[i] =
      (zoneOrder[source.zoneId]! * zoneCount + zoneOrder[destination.zoneId]!) * endpointCount +
      endpointOrder[destination.id]!;
    const service =
      ((source.roleRank * 2 + (d.transport === 'udp' ? 1 : 0)) * 65536 + (d.ports.ranges[0]?.[0] ?? 0)) *
        PROTOCOLS.length +
      protocolRank(d.protocol);
    k2[i] = (service * 2 + (d.optional ? 1 : 0)) * endpointCount + endpointOrder[source.id]!;
  }
  const order = new Uint32Array(drafts.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => k1[a]! - k1[b]! || k2[a]! - k2[b]!);
}

/** Position of each (sparse) item in `compare` order, indexed by `index(item)`. */
function rankOf<T>(
  items: ReadonlyArray<T | undefined>,
  compare: (a: T, b: T) => number,
  index: (item: T) => number,
): Int32Array {
  const ranks = new Int32Array(items.length);
  const present = items.filter((x): x is T => x !== undefined).sort(compare);
  present.forEach((item, i) => {
    ranks[index(item)] = i;
  });
  return ranks;
}

const PROTOCOL_RANK = new Map<string, number>([...PROTOCOLS].sort(cmp).map((p, i) => [p, i]));

function protocolRank(protocol: Protocol): number {
  return PROTOCOL_RANK.get(protocol)!;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
