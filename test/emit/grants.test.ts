import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { compactGrants, type Grant, KeyIds } from '../../src/emit/grants.js';
import { AddressSet } from '../../src/model/address-set.js';
import type { Flow } from '../../src/model/flow.js';
import { PortSet } from '../../src/model/ports.js';
import { compareText } from '../../src/text/order.js';
import { fixturePlan } from './fixtures.js';
import { compareSpaces } from './support/packet-space.js';

const flow = fixturePlan.flows[0]!;
const addrArb = fc.subarray(['192.0.2.1', '192.0.2.2', '192.0.2.3', '2001:db8::1', '198.51.100.0/30'], {
  minLength: 1,
});
const grantArb = fc
  .record({
    transport: fc.constantFrom('tcp' as const, 'udp' as const),
    sources: fc.oneof(addrArb, fc.constant(['any'])),
    destinations: addrArb,
    ports: fc.array(fc.integer({ min: 440, max: 450 }), { minLength: 1, maxLength: 3 }),
    optional: fc.boolean(),
    n: fc.integer({ min: 0, max: 9999 }),
  })
  .map(
    (r): Grant => ({
      transport: r.transport,
      sources: AddressSet.parse(r.sources),
      destinations: AddressSet.parse(r.destinations),
      ports: PortSet.of(...r.ports),
      flows: [{ ...flow, id: `F${r.n}` } as Flow],
      optional: r.optional,
    }),
  );
/** Grants whose flow ids differ, as in a real plan: a merged grant keeps each flow once. */
const grantsArb = (maxLength: number) =>
  fc.uniqueArray(grantArb, { maxLength, selector: (g) => g.flows[0]!.id });

describe('compactGrants', () => {
  it('allows exactly the packets of the grants it merged, never more, never fewer', () => {
    fc.assert(
      fc.property(grantsArb(12), (grants) => {
        const compact = compactGrants(grants);
        expect(compact.length).toBeLessThanOrEqual(grants.length);
        expect(compareSpaces(grants, compact)).toEqual([]);
        for (const opt of [true, false])
          expect(
            compareSpaces(
              grants.filter((g) => g.optional === opt),
              compact.filter((g) => g.optional === opt),
            ),
          ).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every flow id, and is independent of input order', () => {
    fc.assert(
      fc.property(grantsArb(10), (grants) => {
        const a = compactGrants(grants);
        const b = compactGrants([...grants].reverse());
        const ids = (gs: Grant[]) => gs.flatMap((g) => g.flows.map((f) => f.id)).sort();
        expect(ids(a)).toEqual(ids(grants.map((g) => g)));
        const shape = (gs: Grant[]) =>
          gs.map((g) => `${g.transport} ${g.sources.key()} ${g.destinations.key()} ${g.ports}`);
        expect(shape(a)).toEqual(shape(b));
      }),
    );
  });

  it('merges ports of the same address pair, and never crosses pairs', () => {
    const g = (s: string, d: string, p: number): Grant => ({
      transport: 'tcp',
      sources: AddressSet.parse([s]),
      destinations: AddressSet.parse([d]),
      ports: PortSet.of(p),
      flows: [flow],
      optional: false,
    });
    expect(compactGrants([g('192.0.2.1', '192.0.2.9', 443), g('192.0.2.1', '192.0.2.9', 5061)])).toHaveLength(
      1,
    );
    expect(compactGrants([g('192.0.2.1', '192.0.2.9', 443), g('192.0.2.2', '192.0.2.8', 5061)])).toHaveLength(
      2,
    );
  });
});

/** The former compaction, kept as the reference: sorted, then merged pair by pair along each dimension. */
function referenceCompact(grants: readonly Grant[]): Grant[] {
  const compare = (a: Grant, b: Grant) =>
    compareText(a.flows[0]?.id ?? '', b.flows[0]?.id ?? '') ||
    compareText(a.transport, b.transport) ||
    compareText(a.destinations.key(), b.destinations.key()) ||
    compareText(a.sources.key(), b.sources.key()) ||
    compareText(a.ports.key(), b.ports.key());
  type Dim = 'sources' | 'destinations' | 'ports';
  const key = (g: Grant, free: Dim) =>
    [
      g.transport,
      g.optional,
      free === 'sources' ? '' : g.sources.key(),
      free === 'destinations' ? '' : g.destinations.key(),
      free === 'ports' ? '' : g.ports.key(),
    ].join('#');
  const merge = (a: Grant, b: Grant, dim: Dim): Grant => {
    const flows = new Map<string, Flow>();
    for (const f of [...a.flows, ...b.flows]) flows.set(f.id, f);
    return {
      ...a,
      sources: dim === 'sources' ? a.sources.union(b.sources) : a.sources,
      destinations: dim === 'destinations' ? a.destinations.union(b.destinations) : a.destinations,
      ports: dim === 'ports' ? a.ports.union(b.ports) : a.ports,
      flows: [...flows.values()].sort((x, y) => compareText(x.id, y.id)),
    };
  };
  let current = [...grants];
  for (let pass = 0; pass < 8; pass++) {
    const before = current.length;
    for (const dim of ['ports', 'destinations', 'sources'] as const) {
      const groups = new Map<string, Grant>();
      for (const g of [...current].sort(compare)) {
        const prev = groups.get(key(g, dim));
        groups.set(key(g, dim), prev ? merge(prev, g, dim) : g);
      }
      current = [...groups.values()];
    }
    if (current.length === before) break;
  }
  return current.sort(compare);
}

const text = (gs: readonly Grant[]) =>
  gs.map(
    (g) =>
      `${g.transport} ${g.optional} ${g.sources.key()} > ${g.destinations.key()} : ${g.ports} [${g.flows.map((f) => f.id).join(',')}]`,
  );

describe('compactGrants at scale', () => {
  it('gives the same grants, in the same order, as the former pair-by-pair merging', () => {
    // Flow ids may repeat, as when one flow becomes a grant per destination host.
    const hostGrants = fc.array(grantArb, { maxLength: 14 });
    fc.assert(
      fc.property(hostGrants, (grants) => {
        expect(text(compactGrants(grants))).toEqual(text(referenceCompact(grants)));
      }),
      { numRuns: 400 },
    );
  });

  it('unites each group once: work linear in the grants, not quadratic in a group', () => {
    // One flow to 3,000 hosts, the shape of a large pool's host firewall view: the former merging
    // re-normalised the growing destination set at every host (about 4.5 million intervals).
    const n = 3000;
    const grants: Grant[] = Array.from({ length: n }, (_, i) => ({
      transport: 'tcp',
      sources: AddressSet.parse(['198.51.100.0/24']),
      destinations: AddressSet.parse([`10.${i >> 8}.${i & 255}.1`]),
      ports: PortSet.of(5061),
      flows: [flow],
      optional: false,
    }));
    const size = (s: AddressSet) => s.intervals(4).length + s.intervals(6).length;
    const unionOf = vi.spyOn(AddressSet, 'unionOf');
    const union = vi.spyOn(AddressSet.prototype, 'union');
    try {
      const compact = compactGrants(grants);
      expect(compact).toHaveLength(1);
      // Intervals handed to set unions, however they are made: about n, where pair by pair was n²/2.
      const intervals =
        unionOf.mock.calls.reduce((sum, [sets]) => sum + [...sets].reduce((m, s) => m + size(s), 0), 0) +
        union.mock.contexts.reduce<number>(
          (sum, self, i) => sum + size(self as AddressSet) + size(union.mock.calls[i]![0]),
          0,
        );
      expect(intervals).toBeGreaterThanOrEqual(n);
      expect(intervals).toBeLessThanOrEqual(2 * n);
    } finally {
      unionOf.mockRestore();
      union.mockRestore();
    }
  });
});

describe('KeyIds', () => {
  it('numbers equal sets alike however they were made, and different sets apart', () => {
    const ids = new KeyIds();
    const a = AddressSet.parse(['192.0.2.0/25', '192.0.2.128/25']);
    const b = AddressSet.parse(['192.0.2.0/24']);
    const c = AddressSet.parse(['192.0.2.0/24', '2001:db8::1']);
    expect(ids.of(a)).toBe(ids.of(b));
    expect(ids.of(c)).not.toBe(ids.of(a));
    expect(ids.of(PortSet.parse('80,81'))).toBe(ids.of(PortSet.range(80, 81)));
    expect(ids.of(PortSet.of(80))).not.toBe(ids.of(PortSet.of(81)));
    expect(ids.distinct).toBe(5);
  });

  it('agrees with the sets’ text keys on random sets', () => {
    fc.assert(
      fc.property(fc.array(addrArb, { maxLength: 20 }), (lists) => {
        const ids = new KeyIds();
        const sets = lists.map((l) => AddressSet.parse(l));
        for (const x of sets) for (const y of sets) expect(ids.of(x) === ids.of(y)).toBe(x.key() === y.key());
      }),
    );
  });
});
