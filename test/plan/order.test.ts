import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import type { Flow } from '../../src/model/flow.js';
import { ROLE_NAMES } from '../../src/model/roles.js';
import { plan } from '../../src/plan/plan.js';
import { syntheticTopology } from '../support/synthetic.js';

/**
 * The order flows come out in, as merge.ts documents it, read off the flows themselves: by boundary
 * (source zone, then destination zone, in topology order), then destination role; within one
 * destination, by source role, transport and first port. Reports, rule sets and ids rely on it.
 */
describe('flow order', () => {
  const topology = syntheticTopology({ sites: 30, clientMediaPorts: true });
  const flows = plan(topology, catalog).flows;
  const zoneRank = new Map(Object.keys(topology.zones).map((z, i) => [z, i]));
  const roleRank = new Map<string, number>(ROLE_NAMES.map((r, i) => [r, i]));
  const outer = (f: Flow) => [
    zoneRank.get(f.source.zone)!,
    zoneRank.get(f.destination.zone)!,
    roleRank.get(f.destination.role)!,
  ];
  const lexicographic = (a: readonly number[], b: readonly number[]) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return 0;
  };

  it('goes boundary by boundary, and by destination role within one', () => {
    expect(flows.length).toBeGreaterThan(1000);
    const outOfOrder = flows.filter((f, i) => i > 0 && lexicographic(outer(flows[i - 1]!), outer(f)) > 0);
    expect(outOfOrder.map((f) => f.id)).toEqual([]);
  });

  it('lists one destination’s flows together, by source role, transport and first port', () => {
    const key = (f: Flow) => [
      roleRank.get(f.source.role)!,
      f.transport === 'udp' ? 1 : 0,
      f.ports[0]?.[0] ?? 0,
    ];
    // Per boundary, the destinations already left behind: none of them may come back.
    const done = new Map<Flow['boundary'], Set<Flow['destination']>>();
    let previous: Flow | undefined;
    let checked = 0;
    for (const f of flows) {
      if (previous && previous.destination !== f.destination) {
        const left = done.get(previous.boundary) ?? new Set();
        left.add(previous.destination);
        done.set(previous.boundary, left);
        expect(done.get(f.boundary)?.has(f.destination) ?? false).toBe(false);
      } else if (previous) {
        expect(lexicographic(key(previous), key(f))).toBeLessThanOrEqual(0);
        checked++;
      }
      previous = f;
    }
    expect(checked).toBeGreaterThan(500);
  });
});
