import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import type { Flow } from '../../src/model/flow.js';
import { PortSet } from '../../src/model/ports.js';
import { protocolFacts } from '../../src/model/protocols.js';
import { ROLE_FACTS } from '../../src/model/roles.js';
import { plan } from '../../src/plan/plan.js';
import { loadTopology } from '../../src/topology/load.js';
import { EXAMPLES_DIR, examplePlans } from '../emit/support/examples.js';
import { EXPECTATIONS, type FlowExpectation } from './expectations.js';

function portsOf(e: FlowExpectation): PortSet {
  return e.ports === 'any' ? PortSet.range(1, 65535) : PortSet.parse(e.ports);
}

function matching(flows: readonly Flow[], e: FlowExpectation): Flow[] {
  return flows.filter(
    (f) => f.source.role === e.from && f.destination.role === e.to && f.transport === e.transport,
  );
}

function show(e: FlowExpectation): string {
  return `${e.from} → ${e.to} ${e.transport}/${e.ports} (${e.source})`;
}

describe.each(examplePlans())('example %s, against the hand-written expectations', (name, plan) => {
  const expected = EXPECTATIONS[name];

  it('has a hand-written list', () => {
    expect(expected, `test/plan/expectations.ts has no entry for examples/${name}.yaml`).toBeDefined();
  });

  it('has every must-have flow', () => {
    for (const e of expected?.mustHave ?? []) {
      const opened = matching(plan.flows, e).reduce(
        (set, f) => set.union(PortSet.fromRanges(f.ports)),
        PortSet.empty,
      );
      expect(opened.contains(portsOf(e)), `missing: ${show(e)}`).toBe(true);
    }
  });

  it('has no must-not-have flow', () => {
    for (const e of expected?.mustNotHave ?? []) {
      const hits = matching(plan.flows, e).filter((f) => PortSet.fromRanges(f.ports).overlaps(portsOf(e)));
      expect(
        hits.map((f) => f.id),
        `present: ${show(e)}`,
      ).toEqual([]);
    }
  });

  it('opens no media range from the perimeter toward an internal host', () => {
    const inward = plan.flows.filter(
      (f) =>
        ROLE_FACTS[f.source.role].placement === 'perimeter' &&
        ROLE_FACTS[f.destination.role].placement === 'internal' &&
        protocolFacts(f.protocol).media,
    );
    expect(inward.map((f) => `${f.id} ${f.source.role} → ${f.destination.role} ${f.transport}`)).toEqual([]);
  });
});

describe('an Edge pool used for federation only', () => {
  it('still receives STUN/MSTURN on the A/V Edge from the internet (UDP 3478, TCP 443)', () => {
    // Edge Server environmental requirements, "External port firewall summary table": Any → A/V Edge
    // UDP 3478 and TCP 443, with no feature scope; federated Edges negotiate media there too.
    const text = readFileSync(join(EXAMPLES_DIR, 'enterprise.yaml'), 'utf8').replace(
      'features: [remote-access, federation]',
      'features: [federation]',
    );
    expect(text).toContain('features: [federation]');
    const flows = plan(loadTopology(text, 'federation-only.yaml').topology, catalog).flows.filter(
      (f) => f.destination.role === 'edge-external-av' && f.protocol === 'STUN/MSTURN',
    );
    const opened = (transport: string) =>
      flows
        .filter((f) => f.transport === transport)
        .reduce((set, f) => set.union(PortSet.fromRanges(f.ports)), PortSet.empty)
        .toString();
    expect(opened('udp')).toBe('3478');
    expect(opened('tcp')).toBe('443');
  });
});
