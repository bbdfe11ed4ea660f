import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { checkCatalog } from '../../src/catalog/integrity.js';
import type { Flow } from '../../src/model/flow.js';
import { PortSet } from '../../src/model/ports.js';
import { plan } from '../../src/plan/plan.js';
import { loadTopology } from '../../src/topology/load.js';
import { catalogOf, entry, smallTopology } from './helpers.js';

/**
 * Clients, phones and the reverse proxy reach a pool's web services on its VIP when it has one, on its
 * servers when it has none (load-balancing.md: "DNS load balancing does not work with client-to-server
 * web traffic"; review issue 10).
 */

const EXAMPLES = join(import.meta.dirname, '../../examples');
const WEB = PortSet.parse('80,443,8080,4443');

function show(f: Flow): string {
  const side = (e: Flow['source']) => (e.kind === 'zone' ? `zone:${e.zone}` : e.names.join(','));
  return `${side(f.source)} → ${f.destination.role} ${side(f.destination)}`;
}

const note = 'who connects, in the test';
const node = entry('front-end.https.443', 'front-end', ['front-end', 'client'], '443', {
  protocol: 'HTTPS',
  viaVip: ['client'],
  note,
});
const vip = entry('front-end-lb.https.443', 'front-end-lb', ['front-end', 'client'], '443', {
  protocol: 'HTTPS',
  note,
});

describe('viaVip in the planner', () => {
  it('sends clients to the VIP of a pool that has one, and to the servers of a pool that has none', () => {
    const flows = plan(smallTopology(), catalogOf([node, vip])).flows.map(show);
    expect(flows.filter((f) => f.startsWith('zone:clients'))).toEqual([
      'zone:clients → front-end fe11.contoso.com',
      'zone:clients → front-end-lb pool01.contoso.com',
    ]);
  });

  it('leaves the sources it does not name on the servers', () => {
    const flows = plan(smallTopology(), catalogOf([node, vip])).flows.map(show);
    expect(flows).toContain(
      'fe01.contoso.com,fe02.contoso.com,fe11.contoso.com → front-end fe01.contoso.com,fe02.contoso.com',
    );
  });

  it('is not batched with an entry of the same conditions without viaVip', () => {
    const plain = entry('front-end.x.444', 'front-end', ['client'], '444', { protocol: 'HTTPS' });
    const flows = plan(smallTopology(), catalogOf([node, plain])).flows;
    const toPool01 = flows.filter(
      (f) => f.source.kind === 'zone' && f.destination.pool === 'pool01.contoso.com',
    );
    expect(toPool01.map((f) => PortSet.fromRanges(f.ports).toString())).toEqual(['444']);
  });
});

describe('the shipped catalog with a web services VIP', () => {
  const text = readFileSync(join(EXAMPLES, 'enterprise.yaml'), 'utf8');
  const flows = plan(loadTopology(text, 'enterprise.yaml').topology, catalog).flows;
  const web = (f: Flow) => PortSet.fromRanges(f.ports).overlaps(WEB);
  const fromOutside = (f: Flow) => ['client', 'phone', 'reverse-proxy'].includes(f.source.role);

  it('gives clients, phones and the reverse proxy no web rule to a server of a pool with a VIP', () => {
    const perServer = flows.filter(
      (f) => fromOutside(f) && ['front-end', 'director'].includes(f.destination.role) && web(f),
    );
    expect(perServer.map((f) => `${f.id} ${show(f)}`)).toEqual([]);
  });

  it('gives them the VIP on 80/443 (clients, phones) and 4443/8080 (reverse proxy)', () => {
    const opened = (source: string, role: string) =>
      flows
        .filter((f) => f.source.role === source && f.destination.role === role)
        .reduce((acc, f) => acc.union(PortSet.fromRanges(f.ports)), PortSet.empty);
    expect(opened('client', 'front-end-lb').contains(PortSet.parse('80,443'))).toBe(true);
    expect(opened('phone', 'front-end-lb').contains(PortSet.parse('443'))).toBe(true);
    expect(opened('reverse-proxy', 'front-end-lb').contains(PortSet.parse('4443,8080'))).toBe(true);
    expect(opened('reverse-proxy', 'director-lb').contains(PortSet.parse('4443,8080'))).toBe(true);
    expect(opened('client', 'director-lb').contains(PortSet.parse('80,443'))).toBe(true);
  });

  it('keeps clients on the servers when the pool states no VIP', () => {
    const noVip = text.replace(/^\s*vip: .*$/gm, '');
    expect(noVip).not.toMatch(/^\s*vip:/m);
    const p = plan(loadTopology(noVip, 'no-vip.yaml').topology, catalog);
    const toServers = p.flows.filter(
      (f) => f.source.role === 'client' && f.destination.role === 'front-end' && web(f),
    );
    const ports = toServers.reduce((acc, f) => acc.union(PortSet.fromRanges(f.ports)), PortSet.empty);
    expect(ports.contains(PortSet.parse('80,443'))).toBe(true);
    const rp = p.flows.filter((f) => f.source.role === 'reverse-proxy' && f.destination.role === 'front-end');
    expect(
      rp
        .reduce((acc, f) => acc.union(PortSet.fromRanges(f.ports)), PortSet.empty)
        .contains(PortSet.parse('4443,8080')),
    ).toBe(true);
    expect(p.flows.some((f) => f.destination.role === 'front-end-lb')).toBe(false);
  });
});

describe('viaVip in the catalog integrity check', () => {
  it('needs a VIP entry that takes the source on the same ports, whatever the load balancing', () => {
    const hardwareOnly = entry('front-end-lb.https.443', 'front-end-lb', ['client'], '443', {
      conditions: { loadBalancing: 'hardware' },
      note,
    });
    const notASource = entry('front-end.y.443', 'front-end', ['client'], '443', { viaVip: ['phone'], note });
    const noVipRole = entry('file-share.z.445', 'file-share', ['front-end'], '445', {
      viaVip: ['front-end'],
      note,
    });
    expect(checkCatalog(catalogOf([node, hardwareOnly, notASource, noVipRole]))).toEqual([
      'front-end.https.443: viaVip client, but no front-end-lb entry takes client on tcp/443',
      'front-end.y.443: viaVip names phone, which is not a source',
      'file-share.z.445: viaVip on file-share, which has no VIP role',
    ]);
    expect(checkCatalog(catalogOf([node, vip]))).toEqual([]);
  });

  it('marks the web entries of the shipped catalog', () => {
    const marked = catalog.entries.filter((e) => e.viaVip !== undefined).map((e) => e.id);
    expect(marked).toEqual(
      expect.arrayContaining([
        'front-end.http.80',
        'front-end.https.443',
        'front-end.http-external.8080',
        'front-end.https-external.4443',
        'director.http.80',
        'director.https.443',
        'director.http-external.8080',
        'director.https-external.4443',
      ]),
    );
  });
});
