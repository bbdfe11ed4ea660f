import { describe, expect, it } from 'vitest';
import { PAGES } from '../../src/catalog/data/sources.js';
import { catalog } from '../../src/catalog/index.js';
import type { Flow } from '../../src/model/flow.js';
import type { Feature } from '../../src/model/products.js';
import type { Transport } from '../../src/model/protocols.js';
import { plan } from '../../src/plan/plan.js';
import type { Topology } from '../../src/topology/schema.js';
import { smallTopology } from './helpers.js';

/**
 * The Edge items of the catalog review (issue 10), planned with the real catalog on small
 * topologies: no inbound media range for hybrid (M2), the servers of a NAT-published Edge pool
 * reach each other's public A/V addresses (M10), outbound UDP 50000-59999 only for OCS 2007
 * federation (L1 / C1), outbound TCP to 50000-59999 only where a page gives a reason (L2 / C2).
 */

type EdgeServer = Topology['sites'][number]['edgePools'][number]['servers'][number];

function server(n: number): EdgeServer {
  return {
    fqdn: `edge0${n}.contoso.com`,
    internal: `192.0.2.${70 + n}`,
    external: {
      access: `203.0.113.${10 * n + 1}`,
      webConferencing: `203.0.113.${10 * n + 2}`,
      av: `203.0.113.${10 * n + 3}`,
    },
  } as EdgeServer;
}

/** The small test topology with its Edge pool given these features, servers and NAT. */
function withEdge(features: Feature[], servers = 1, nat = false): Topology {
  const topology = smallTopology();
  const edge = topology.sites[0]!.edgePools[0]!;
  edge.features = features;
  edge.servers = Array.from({ length: servers }, (_, i) => server(i + 1));
  edge.nat = nat;
  if (nat)
    edge.servers.forEach((s, i) => {
      s.public = { access: `198.51.100.${200 + 3 * i}`, av: `198.51.100.${202 + 3 * i}` };
    });
  return topology;
}

function flows(topology: Topology): readonly Flow[] {
  return plan(topology, catalog).flows;
}

const covers = (f: Flow, port: number) => f.ports.some(([a, b]) => a <= port && port <= b);

/** Flows between these roles on this transport whose ports reach into 50000-59999. */
function mediaRange(all: readonly Flow[], from: string, to: string, transport: Transport): Flow[] {
  return all.filter(
    (f) =>
      f.source.role === from &&
      f.destination.role === to &&
      f.transport === transport &&
      f.ports.some(([a, b]) => a <= 59999 && b >= 50000),
  );
}

describe('review M2: hybrid opens no inbound media range', () => {
  it('gives a hybrid-only Edge no inbound TCP 50000-59999 from the internet', () => {
    const all = flows(withEdge(['hybrid']));
    const inbound = all.filter(
      (f) =>
        f.destination.role === 'edge-external-av' &&
        f.source.kind === 'zone' &&
        f.transport === 'tcp' &&
        f.ports.some(([a, b]) => a <= 59999 && b >= 50000),
    );
    expect(inbound).toEqual([]);
    expect(all.some((f) => f.requirements.includes('edge-external-av.rtp-tcp.50000-59999'))).toBe(false);
  });

  it('keeps the connections the A/V Edge opens to Office 365, whose replies the hybrid row describes', () => {
    const all = flows(withEdge(['hybrid']));
    const out = all.filter((f) => f.source.role === 'edge-external-av' && f.destination.role === 'internet');
    expect(out.some((f) => f.transport === 'tcp' && covers(f, 443))).toBe(true);
    expect(out.some((f) => f.transport === 'tcp' && covers(f, 50000) && covers(f, 59999))).toBe(true);
    expect(out.some((f) => f.transport === 'udp' && covers(f, 3478))).toBe(true);
    // Office 365 still reaches the A/V Edge on UDP 3478 (HY-06) and TCP 443.
    const inbound = all.filter((f) => f.destination.role === 'edge-external-av' && f.source.kind === 'zone');
    expect(inbound.some((f) => f.transport === 'udp' && covers(f, 3478))).toBe(true);
  });

  it('still opens the inbound range, TCP and UDP, for OCS 2007 federation', () => {
    const all = flows(withEdge(['federation', 'legacy-federation']));
    expect(mediaRange(all, 'federated-partner', 'edge-external-av', 'tcp')).toHaveLength(1);
    expect(mediaRange(all, 'federated-partner', 'edge-external-av', 'udp')).toHaveLength(1);
  });
});

describe('review M10: the servers of a NAT-published Edge pool reach each other', () => {
  const peers = (all: readonly Flow[]) =>
    all.filter((f) => f.source.role === 'edge-external-av' && f.destination.role === 'edge-external-av');

  it('plans A/V Edge to A/V Edge on 3478, 443 and 50000-59999 inside a two-server NAT pool', () => {
    const all = peers(flows(withEdge(['remote-access'], 2, true)));
    const on = (transport: Transport, port: number) =>
      all.filter((f) => f.transport === transport && covers(f, port));
    expect(on('udp', 3478)).toHaveLength(1);
    expect(on('tcp', 443)).toHaveLength(1);
    expect(on('udp', 50000).filter((f) => covers(f, 59999))).toHaveLength(1);
    expect(on('tcp', 50000).filter((f) => covers(f, 59999))).toHaveLength(1);
    for (const f of all) {
      expect([...f.source.names].sort()).toEqual(['edge01.contoso.com', 'edge02.contoso.com']);
      expect([...f.destination.names].sort()).toEqual(['edge01.contoso.com', 'edge02.contoso.com']);
      expect([...(f.destination.publicAddresses ?? [])].sort()).toEqual(['198.51.100.202', '198.51.100.205']);
      expect(f.requirements.every((r) => r.startsWith('edge-external-av.pool-peer-'))).toBe(true);
    }
  });

  it('plans nothing between Edge servers for public addressing or a one-server pool', () => {
    expect(peers(flows(withEdge(['remote-access'], 2, false)))).toEqual([]);
    expect(peers(flows(withEdge(['remote-access'], 1, true)))).toEqual([]);
  });

  it('never pairs two Edge pools', () => {
    const topology = withEdge(['remote-access'], 2, true);
    const second = structuredClone(topology.sites[0]!.edgePools[0]!);
    second.fqdn = 'edge2.contoso.com';
    second.nextHop = 'pool02.contoso.com';
    second.servers = [3, 4].map((n) => ({
      ...server(n),
      internal: `192.0.2.${90 + n}`,
      public: { av: `198.51.100.${220 + n}` },
    }));
    topology.sites[1]!.edgePools.push(second);
    const all = peers(flows(topology));
    expect(all.length).toBeGreaterThan(0);
    for (const f of all) {
      const pool = (names: readonly string[]) => new Set(names.map((n) => (/edge0[12]/.test(n) ? 1 : 2)));
      expect(pool(f.source.names)).toEqual(pool(f.destination.names));
      expect(pool(f.source.names).size).toBe(1);
    }
  });
});

describe('review L1 / C1: outbound UDP 50000-59999 only for OCS 2007 federation', () => {
  it('is not planned without legacy-federation, whatever else the Edge runs', () => {
    const all = flows(withEdge(['remote-access', 'federation', 'public-im', 'hybrid']));
    expect(mediaRange(all, 'edge-external-av', 'internet', 'udp')).toEqual([]);
  });

  it('is planned with legacy-federation', () => {
    const all = flows(withEdge(['federation', 'legacy-federation']));
    expect(mediaRange(all, 'edge-external-av', 'internet', 'udp')).toHaveLength(1);
  });
});

describe('review L2 / C2: outbound TCP to 50000-59999 only where a page gives a reason', () => {
  it('is not planned for an Edge that only serves remote users', () => {
    const all = flows(withEdge(['remote-access']));
    expect(mediaRange(all, 'edge-external-av', 'internet', 'tcp')).toEqual([]);
    // The destination-only A/V rules stay: TCP 443 and UDP 3478 out.
    const out = all.filter((f) => f.source.role === 'edge-external-av' && f.destination.role === 'internet');
    expect(out.some((f) => f.transport === 'tcp' && covers(f, 443))).toBe(true);
    expect(out.some((f) => f.transport === 'udp' && covers(f, 3478))).toBe(true);
  });

  it('is planned for federation', () => {
    expect(mediaRange(flows(withEdge(['federation'])), 'edge-external-av', 'internet', 'tcp')).toHaveLength(
      1,
    );
  });
});

describe('review lint: the contradictions are recorded with the A/V firewall page', () => {
  const byId = new Map(catalog.findings.map((f) => [f.id, f]));
  const cites = (id: string, url: string) =>
    byId.get(id)?.provenance.some((p) => 'url' in p && p.url === url) ?? false;

  it('records C1, C2 and C4 as contradictions', () => {
    for (const id of ['edge-outbound-udp-media', 'edge-outbound-media-destination', 'hybrid-stateless-pairs'])
      expect(byId.get(id)?.kind, id).toBe('contradiction');
  });

  it('cites the vendor page, not only the unmerged pull request', () => {
    expect(cites('edge-outbound-media-destination', PAGES.lyncAvFirewall.url)).toBe(true);
    expect(cites('edge-outbound-udp-media', PAGES.lyncAvFirewall.url)).toBe(true);
    expect(cites('edge-inbound-media-range', PAGES.hybrid.url)).toBe(true);
  });

  it('explains the Edge-to-Edge entries', () => {
    expect(byId.get('edge-pool-public-av-peers')?.entries).toContain(
      'edge-external-av.pool-peer-rtp-udp.50000-59999',
    );
  });
});
