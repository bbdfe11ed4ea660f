import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PortSet, PortSyntaxError } from '../../src/model/ports.js';

// A naive reference model: a set of port numbers. Ranges are kept small so the model stays cheap.
const portArb = fc.integer({ min: 0, max: 300 });
const rangeArb = fc.tuple(portArb, fc.integer({ min: 0, max: 40 })).map(([a, len]) => [a, a + len] as const);
const setArb = fc.array(rangeArb, { maxLength: 8 }).map((rs) => PortSet.fromRanges(rs));

function model(s: PortSet): Set<number> {
  return new Set(s.ports());
}
function fromModel(m: Set<number>): PortSet {
  return PortSet.of(...m);
}

describe('PortSet', () => {
  it('is normalised: sorted, disjoint, non-adjacent', () => {
    fc.assert(
      fc.property(setArb, (s) => {
        for (let i = 1; i < s.ranges.length; i++)
          expect(s.ranges[i]![0]).toBeGreaterThan(s.ranges[i - 1]![1] + 1);
        for (const [a, b] of s.ranges) expect(a).toBeLessThanOrEqual(b);
      }),
    );
  });

  it('agrees with the reference model for union, intersection and difference', () => {
    fc.assert(
      fc.property(setArb, setArb, (a, b) => {
        const ma = model(a);
        const mb = model(b);
        expect(a.union(b).equals(fromModel(new Set([...ma, ...mb])))).toBe(true);
        expect(a.intersect(b).equals(fromModel(new Set([...ma].filter((p) => mb.has(p)))))).toBe(true);
        expect(a.difference(b).equals(fromModel(new Set([...ma].filter((p) => !mb.has(p)))))).toBe(true);
      }),
    );
  });

  it('satisfies the set laws', () => {
    fc.assert(
      fc.property(setArb, setArb, setArb, (a, b, c) => {
        expect(a.union(b).equals(b.union(a))).toBe(true);
        expect(a.intersect(b).equals(b.intersect(a))).toBe(true);
        expect(a.union(b.union(c)).equals(a.union(b).union(c))).toBe(true);
        expect(a.intersect(b.union(c)).equals(a.intersect(b).union(a.intersect(c)))).toBe(true);
        expect(a.difference(b).intersect(b).isEmpty).toBe(true);
        expect(a.difference(b).union(a.intersect(b)).equals(a)).toBe(true);
        expect(a.union(a).equals(a)).toBe(true);
      }),
    );
  });

  it('answers containment like the model', () => {
    fc.assert(
      fc.property(setArb, setArb, portArb, (a, b, p) => {
        const ma = model(a);
        const mb = model(b);
        expect(a.contains(b)).toBe([...mb].every((x) => ma.has(x)));
        expect(a.has(p)).toBe(ma.has(p));
        expect(a.union(b).contains(a)).toBe(true);
        expect(a.contains(a.intersect(b))).toBe(true);
        expect(a.size).toBe(ma.size);
      }),
    );
  });

  it('reads a run of first port and count, cut at the last port', () => {
    expect(PortSet.run({ start: 50020, count: 20 }).toString()).toBe('50020-50039');
    expect(PortSet.run({ start: 65530, count: 40 }).toString()).toBe('65530-65535');
    expect(PortSet.run({ start: 5350, count: 1 }).toString()).toBe('5350');
  });

  it('round-trips through its text form', () => {
    fc.assert(
      fc.property(setArb, (s) => {
        if (!s.isEmpty) expect(PortSet.parse(s.toString()).equals(s)).toBe(true);
      }),
    );
  });

  it('parses ports, ranges and lists, and rejects nonsense with a reason', () => {
    expect(PortSet.parse('50000-50019').toJSON()).toEqual([[50000, 50019]]);
    expect(PortSet.parse('443, 80,444').toJSON()).toEqual([
      [80, 80],
      [443, 444],
    ]);
    for (const bad of ['', 'x', '70000', '10-5', '1-2-3', '-5'])
      expect(() => PortSet.parse(bad)).toThrow(PortSyntaxError);
  });
});
