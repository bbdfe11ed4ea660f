import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EDGE_PORT_ROWS } from '../../src/catalog/data/vendor-rows.js';
import { catalog } from '../../src/catalog/index.js';
import type { Flow } from '../../src/model/flow.js';
import { PortSet } from '../../src/model/ports.js';
import { FEATURE_NAMES, PRODUCT_NAMES } from '../../src/model/products.js';
import { protocolFacts } from '../../src/model/protocols.js';
import { ROLE_FACTS } from '../../src/model/roles.js';
import { plan } from '../../src/plan/plan.js';
import { validateTopology } from '../../src/topology/load.js';
import type { Topology } from '../../src/topology/schema.js';
import { DEFAULT_ANSWERS, renderAnswers, type StarterAnswers } from '../../src/topology/starter.js';
import { syntheticTopology } from '../support/synthetic.js';

/**
 * Properties the expert review asks of every plan (issue 10), over random topologies: the init
 * questions answered at random (Standard Edition, one-server pools, collocated Mediation, NAT Edges,
 * branches) and synthetic multi-site topologies (Directors, Persistent Chat, hardware load balancing,
 * mirrored back ends). Runs are few and small: the whole file stays within a few seconds.
 */

const answers: fc.Arbitrary<StarterAnswers> = fc.record({
  name: fc.constant('Contoso'),
  product: fc.constantFrom(...PRODUCT_NAMES),
  sipDomain: fc.constant('contoso.com'),
  site: fc.constant('Redmond'),
  edition: fc.constantFrom('standard', 'enterprise'),
  frontEndServers: fc.integer({ min: 1, max: 4 }),
  loadBalancing: fc.constantFrom('dns', 'hardware'),
  features: fc.subarray([...FEATURE_NAMES]),
  director: fc.boolean(),
  voice: fc.constantFrom('none', 'collocated', 'standalone'),
  gatewayTransport: fc.constantFrom('tls', 'tcp'),
  edge: fc.constantFrom('none', 'public', 'nat'),
  edgeServers: fc.integer({ min: 1, max: 3 }),
  federation: fc.boolean(),
  reverseProxy: fc.boolean(),
  branchSites: fc.uniqueArray(fc.constantFrom('Dublin', 'Oslo'), { maxLength: 2 }),
  networks: fc.constant(DEFAULT_ANSWERS.networks),
});

function fromAnswers(a: StarterAnswers): Topology {
  const networks = a.edge === 'nat' ? { ...a.networks, perimeterExternal: '192.0.2.80/28' } : a.networks;
  const result = validateTopology(renderAnswers({ ...a, networks }, 'x.json'), 'init.yaml');
  if (!result.topology) throw new Error(JSON.stringify(result.diagnostics));
  return result.topology;
}

const topologies: fc.Arbitrary<Topology> = fc.oneof(
  answers.map(fromAnswers),
  fc
    .record({
      sites: fc.integer({ min: 1, max: 4 }),
      frontEnds: fc.integer({ min: 1, max: 3 }),
      product: fc.constantFrom('lync2013', 'sfb2015', 'sfb2019', 'sfbse'),
      clientMediaPorts: fc.boolean(),
    })
    .map((o) => syntheticTopology(o)),
);

const entries = new Map(catalog.entries.map((e) => [e.id, e]));

/** A flow whose one side is a single host that the other side holds too. */
function selfFlow(f: Flow): boolean {
  if (f.source.kind !== 'hosts' || f.destination.kind !== 'hosts') return false;
  const [src, dst] = [f.source.addresses, f.destination.addresses];
  return (src.length === 1 && dst.includes(src[0]!)) || (dst.length === 1 && src.includes(dst[0]!));
}

const SERVER_MEDIA = PortSet.parse('49152-65535');
const EDGE_MEDIA = PortSet.parse('50000-59999');
const CLIENT_MEDIA = PortSet.parse('1024-65535');

/** From a perimeter role to an internal one, on a media protocol or a media range. */
function inwardMedia(f: Flow): boolean {
  if (ROLE_FACTS[f.source.role].placement !== 'perimeter') return false;
  if (ROLE_FACTS[f.destination.role].placement !== 'internal') return false;
  const ports = PortSet.fromRanges(f.ports);
  const toDesktops = f.destination.role === 'client' || f.destination.role === 'phone';
  return (
    protocolFacts(f.protocol).media ||
    ports.overlaps(SERVER_MEDIA) ||
    ports.overlaps(EDGE_MEDIA) ||
    (toDesktops && ports.overlaps(CLIENT_MEDIA))
  );
}

/** A requirement whose entry does not list the flow's source role, or listens as another role. */
function untraced(f: Flow): string[] {
  return f.requirements.filter((id) => {
    const e = entries.get(id);
    if (e === undefined) return true;
    return !e.sources.includes(f.source.role) || e.role !== f.destination.role;
  });
}

function show(f: Flow): string {
  const side = (e: Flow['source']) => `${e.role}(${e.kind === 'zone' ? e.zone : e.names.join(',')})`;
  return `${f.id} ${side(f.source)} → ${side(f.destination)} ${f.transport}/${PortSet.fromRanges(f.ports)}`;
}

describe('every plan of a random topology', () => {
  it('has no host on both sides, no media inward from the perimeter, and traces each source to its entries', () => {
    fc.assert(
      fc.property(topologies, (topology) => {
        const flows = plan(topology, catalog).flows;
        expect(flows.filter(selfFlow).map(show)).toEqual([]);
        expect(flows.filter(inwardMedia).map(show)).toEqual([]);
        expect(flows.flatMap((f) => untraced(f).map((id) => `${show(f)} ← ${id}`))).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});

describe('the catalog', () => {
  it('says for every entry who connects: a vendor row with a source column, a note or a finding', () => {
    const sourceRows = new Set(EDGE_PORT_ROWS.map((r) => r.id));
    const named = new Set(catalog.findings.flatMap((f) => f.entries));
    const silent = catalog.entries.filter(
      (e) =>
        e.note === undefined &&
        !named.has(e.id) &&
        !e.provenance.some((p) => 'ref' in p && p.ref !== undefined && sourceRows.has(p.ref)),
    );
    expect(silent.map((e) => e.id)).toEqual([]);
  });
});
