import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import type { Endpoint, Flow } from '../../src/model/flow.js';
import { PortSet } from '../../src/model/ports.js';
import { protocolFacts } from '../../src/model/protocols.js';
import { isRole, ROLE_FACTS } from '../../src/model/roles.js';
import { plan } from '../../src/plan/plan.js';
import { loadTopology } from '../../src/topology/load.js';
import { EXAMPLES_DIR, examplePlans } from '../emit/support/examples.js';
import { EXPECTATIONS, type FlowExpectation, PAGES, type Side } from './expectations.js';

const ALL_PORTS = PortSet.range(1, 65535);

function portsOf(e: FlowExpectation): PortSet {
  const ports = e.ports === 'any' ? ALL_PORTS : PortSet.parse(e.ports);
  return e.except === undefined ? ports : ports.difference(PortSet.parse(e.except));
}

function names(side: Side): readonly string[] {
  return typeof side === 'string' ? [side] : side;
}

/** A role matches by role; an FQDN matches a host the endpoint lists, or the pool it belongs to. */
function sideMatches(endpoint: Endpoint, side: Side, zone: string | undefined): boolean {
  if (zone !== undefined && endpoint.zone !== zone) return false;
  return names(side).some(
    (s) => s === '*' || (isRole(s) ? endpoint.role === s : endpoint.names.includes(s) || endpoint.pool === s),
  );
}

function matching(flows: readonly Flow[], e: FlowExpectation): Flow[] {
  return flows.filter(
    (f) =>
      sideMatches(f.source, e.from, e.fromZone) &&
      sideMatches(f.destination, e.to, e.toZone) &&
      (e.transport === 'any' || f.transport === e.transport) &&
      (!e.sameHost || f.source.names.some((n) => f.destination.names.includes(n))),
  );
}

function showSide(side: Side, zone: string | undefined): string {
  const text = names(side).join('|');
  return zone === undefined ? text : `${text} [${zone}]`;
}

/** The line as the firewall engineer reads it: `client → pool01.contoso.com tcp 443`. */
function show(e: FlowExpectation, arrow: '→' | '↛'): string {
  const ports = e.except === undefined ? e.ports : `${e.ports} except ${e.except}`;
  const same = e.sameHost ? ' (same host)' : '';
  return `${showSide(e.from, e.fromZone)} ${arrow} ${showSide(e.to, e.toZone)}${same} ${e.transport} ${ports}`;
}

function showFlow(f: Flow): string {
  const side = (ep: Endpoint) => `${ep.role}[${ep.zone}${ep.names.length ? `: ${ep.names.join(',')}` : ''}]`;
  return `${f.id} ${side(f.source)} → ${side(f.destination)} ${f.transport} ${PortSet.fromRanges(f.ports)} ${f.protocol}`;
}

describe.each(examplePlans())('example %s, against the hand-written expectations', (name, examplePlan) => {
  const expected = EXPECTATIONS[name];
  const yaml = readFileSync(join(EXAMPLES_DIR, `${name}.yaml`), 'utf8');

  it('has a hand-written list with both halves', () => {
    expect(expected, `test/plan/expectations.ts has no entry for examples/${name}.yaml`).toBeDefined();
    expect(expected?.mustHave.length, 'no must-have line').toBeGreaterThan(0);
    expect(expected?.mustNotHave.length, 'no must-not-have line').toBeGreaterThan(0);
  });

  it('names only roles, hosts, pools, zones and pages that exist (no line can hold vacuously)', () => {
    const problems: string[] = [];
    for (const e of [...(expected?.mustHave ?? []), ...(expected?.mustNotHave ?? [])]) {
      for (const s of [...names(e.from), ...names(e.to)]) {
        if (s !== '*' && !isRole(s) && !yaml.includes(s))
          problems.push(`${s} is not in examples/${name}.yaml`);
      }
      for (const z of [e.fromZone, e.toZone]) {
        if (z !== undefined && !new RegExp(`^\\s+${z}:`, 'm').test(yaml))
          problems.push(`zone ${z} is not in examples/${name}.yaml`);
      }
      if (!Object.keys(PAGES).some((page) => e.source.includes(page)))
        problems.push(`${show(e, '→')}: its source names no page of PAGES`);
      if (e.except !== undefined && e.ports !== 'any')
        problems.push(`${show(e, '→')}: "except" needs ports "any"`);
    }
    expect(problems).toEqual([]);
  });

  describe('must have', () => {
    for (const e of expected?.mustHave ?? [])
      it(show(e, '→'), () => {
        const flows = matching(examplePlan.flows, e);
        const opened = flows.reduce((set, f) => set.union(PortSet.fromRanges(f.ports)), PortSet.empty);
        const missing = portsOf(e).difference(opened);
        expect(
          missing.toString(),
          `missing: ${show(e, '→')}\n  source: ${e.source}\n  matching flows open: ${opened.toString() || 'none'}`,
        ).toBe('');
      });
  });

  describe('must not have', () => {
    for (const e of expected?.mustNotHave ?? [])
      it(show(e, '↛'), () => {
        const hits = matching(examplePlan.flows, e).filter((f) =>
          PortSet.fromRanges(f.ports).overlaps(portsOf(e)),
        );
        const listed = hits.map((f) => `\n    ${showFlow(f)}`).join('');
        expect(hits.length, `present: ${show(e, '↛')}\n  source: ${e.source}\n  flows:${listed}`).toBe(0);
      });
  });

  it('opens no media range from the perimeter toward an internal host', () => {
    const inward = examplePlan.flows.filter(
      (f) =>
        ROLE_FACTS[f.source.role].placement === 'perimeter' &&
        ROLE_FACTS[f.destination.role].placement === 'internal' &&
        protocolFacts(f.protocol).media,
    );
    expect(inward.map(showFlow)).toEqual([]);
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
