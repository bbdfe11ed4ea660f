import { AddressSet, type Family } from '../../../src/model/address-set.js';
import type { Plan } from '../../../src/model/plan.js';
import { PortSet } from '../../../src/model/ports.js';
import type { Transport } from '../../../src/model/protocols.js';

/**
 * The packets a set of rules (or flows) allows, in a canonical form so two descriptions can be
 * compared exactly: each family's source and destination axes are cut at every interval boundary of
 * both sides, and each (source piece, destination piece, transport) maps to the union of its ports.
 * Test-only oracle, written independently of the emitters' compaction.
 */
export interface Box {
  readonly transport: Transport;
  readonly sources: AddressSet;
  readonly destinations: AddressSet;
  readonly ports: PortSet;
}

function cuts(boxes: readonly Box[], family: Family, side: 'sources' | 'destinations'): bigint[] {
  const points = new Set<bigint>();
  for (const b of boxes)
    for (const [from, to] of b[side].intervals(family)) {
      points.add(from);
      points.add(to + 1n);
    }
  return [...points].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function pieces(intervals: ReadonlyArray<readonly [bigint, bigint]>, points: readonly bigint[]): bigint[] {
  const out: bigint[] = [];
  for (const [from, to] of intervals) for (const p of points) if (p >= from && p <= to) out.push(p);
  return out;
}

/** Map from "family transport sourcePiece destinationPiece" to ports, over a shared segmentation. */
function space(boxes: readonly Box[], all: readonly Box[]): Map<string, PortSet> {
  const map = new Map<string, PortSet>();
  for (const family of [4, 6] as const) {
    const sCuts = cuts(all, family, 'sources');
    const dCuts = cuts(all, family, 'destinations');
    for (const b of boxes) {
      for (const s of pieces(b.sources.intervals(family), sCuts))
        for (const d of pieces(b.destinations.intervals(family), dCuts)) {
          const key = `${family} ${b.transport} ${s} ${d}`;
          map.set(key, (map.get(key) ?? PortSet.empty).union(b.ports));
        }
    }
  }
  return map;
}

/** Differences between what `actual` allows and what `expected` allows; empty when identical. */
export function compareSpaces(expected: readonly Box[], actual: readonly Box[]): string[] {
  const all = [...expected, ...actual];
  const e = space(expected, all);
  const a = space(actual, all);
  const problems: string[] = [];
  for (const [key, ports] of e) {
    const got = a.get(key) ?? PortSet.empty;
    const missing = ports.difference(got);
    if (!missing.isEmpty) problems.push(`missing ${key} ports ${missing}`);
  }
  for (const [key, ports] of a) {
    const want = e.get(key) ?? PortSet.empty;
    const extra = ports.difference(want);
    if (!extra.isEmpty) problems.push(`wider than the flows: ${key} ports ${extra}`);
  }
  return problems;
}

/** What one host must accept according to the plan: flows to it, destinations narrowed to its address. */
export function hostBoxes(plan: Plan, host: string): Box[] {
  return plan.flows.flatMap((f) =>
    f.destination.kind !== 'hosts'
      ? []
      : f.destination.names.flatMap((n, i) =>
          n !== host
            ? []
            : [
                {
                  transport: f.transport,
                  sources: AddressSet.parse(f.source.addresses),
                  destinations: AddressSet.parse([f.destination.addresses[i]!]),
                  ports: PortSet.fromRanges(f.ports),
                },
              ],
        ),
  );
}
