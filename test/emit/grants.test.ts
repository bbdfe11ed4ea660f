import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactGrants, type Grant } from '../../src/emit/grants.js';
import { AddressSet } from '../../src/model/address-set.js';
import type { Flow } from '../../src/model/flow.js';
import { PortSet } from '../../src/model/ports.js';
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
