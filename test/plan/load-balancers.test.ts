import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import type { Flow } from '../../src/model/flow.js';
import { PortSet } from '../../src/model/ports.js';
import { plan } from '../../src/plan/plan.js';
import { validateTopology } from '../../src/topology/load.js';
import { Topology } from '../../src/topology/schema.js';
import { smallTopology } from './helpers.js';

/**
 * Load balancers (issue 11): a separate external web services VIP with translated or direct ports,
 * and the balancer's own addresses (health monitor; source NAT). load-balancing.md §"Port Monitoring
 * for Hardware Load Balancers": external VIP 443 → node 4443, 80 → node 8080, monitor 5061.
 */

/** The small topology with a reverse proxy publishing pool01, and pool01 given `extra`. */
function topology(extra: Record<string, unknown>): Topology {
  const base = smallTopology();
  return Topology.parse({
    ...base,
    sites: base.sites.map((s, i) =>
      i === 0
        ? {
            ...s,
            pools: s.pools.map((p) => (p.fqdn === 'pool01.contoso.com' ? { ...p, ...extra } : p)),
            reverseProxies: [
              {
                fqdn: 'rp01.contoso.com',
                internal: '192.0.2.75',
                external: '203.0.113.20',
                publishes: ['pool01.contoso.com'],
              },
            ],
          }
        : s,
    ),
  });
}

/** Ports (tcp) of the flows from a source role to a destination role. */
function tcpPorts(flows: readonly Flow[], from: string, to: string, names?: string): string {
  const set = PortSet.fromRanges(
    flows
      .filter(
        (f) =>
          f.transport === 'tcp' &&
          f.source.role === from &&
          f.destination.role === to &&
          (names === undefined || f.destination.names.join(',') === names),
      )
      .flatMap((f) => f.ports),
  );
  return set.toString();
}

const POOL01 = 'fe01.contoso.com,fe02.contoso.com';

describe('the external web services VIP', () => {
  it('without externalWebVip, the reverse proxy reaches vip on 4443 and 8080 (as before)', () => {
    const flows = plan(topology({}), catalog).flows;
    expect(tcpPorts(flows, 'reverse-proxy', 'front-end-lb')).toBe('4443,8080');
    expect(tcpPorts(flows, 'reverse-proxy', 'front-end-lb-external')).toBe('');
  });

  it('translated (the default): the reverse proxy reaches the external VIP on 443 and 80, never vip', () => {
    const flows = plan(topology({ externalWebVip: '192.0.2.9' }), catalog).flows;
    expect(tcpPorts(flows, 'reverse-proxy', 'front-end-lb-external')).toBe('80,443');
    expect(tcpPorts(flows, 'reverse-proxy', 'front-end-lb')).toBe('');
    expect(tcpPorts(flows, 'reverse-proxy', 'front-end')).toBe('');
    const ext = flows.find((f) => f.destination.role === 'front-end-lb-external');
    expect(ext?.destination.addresses).toEqual(['192.0.2.9']);
  });

  it('direct: the reverse proxy reaches the external VIP on 4443 and 8080', () => {
    const flows = plan(topology({ externalWebVip: '192.0.2.9', externalWebPorts: 'direct' }), catalog).flows;
    expect(tcpPorts(flows, 'reverse-proxy', 'front-end-lb-external')).toBe('4443,8080');
    expect(tcpPorts(flows, 'reverse-proxy', 'front-end-lb')).toBe('');
  });

  it('leaves clients on the internal VIP', () => {
    const flows = plan(topology({ externalWebVip: '192.0.2.9' }), catalog).flows;
    expect(PortSet.parse(tcpPorts(flows, 'client', 'front-end-lb')).contains(PortSet.parse('80,443'))).toBe(
      true,
    );
  });
});

describe("the load balancer's own addresses", () => {
  it('without them, no load-balancer flow', () => {
    const flows = plan(topology({ loadBalancerSourceNat: false }), catalog).flows;
    expect(flows.filter((f) => f.source.role === 'load-balancer')).toEqual([]);
  });

  it('without source NAT, only the health monitor: TCP 5061 on the servers of its own pool', () => {
    const flows = plan(topology({ loadBalancerAddresses: ['192.0.2.5'] }), catalog).flows;
    const lb = flows.filter((f) => f.source.role === 'load-balancer');
    expect(lb.map((f) => [f.source.addresses.join(','), f.destination.names.join(',')])).toEqual([
      ['192.0.2.5', POOL01],
    ]);
    expect(tcpPorts(flows, 'load-balancer', 'front-end')).toBe('5061');
  });

  it('with source NAT, the servers get the VIP ports from the balancer: node ports 443, 80, 4443, 8080', () => {
    const t = topology({
      externalWebVip: '192.0.2.9',
      loadBalancerSourceNat: true,
      loadBalancerAddresses: ['192.0.2.5', '192.0.2.6'],
    });
    const flows = plan(t, catalog).flows;
    // pool01 is DNS balanced: the VIP carries the web services only, plus the monitor.
    expect(tcpPorts(flows, 'load-balancer', 'front-end', POOL01)).toBe('80,443,4443,5061,8080');
    // Never another pool's servers.
    for (const f of flows.filter((x) => x.source.role === 'load-balancer'))
      expect(f.destination.pool).toBe('pool01.contoso.com');
  });

  it('with hardware load balancing and source NAT, the SIP and inter-server ports too', () => {
    const t = topology({
      loadBalancing: 'hardware',
      loadBalancerSourceNat: true,
      loadBalancerAddresses: ['192.0.2.5'],
    });
    const ports = PortSet.parse(tcpPorts(plan(t, catalog).flows, 'load-balancer', 'front-end', POOL01));
    expect(ports.contains(PortSet.parse('135,444,5061'))).toBe(true);
  });
});

describe('validation', () => {
  const yaml = (pool: string) => `version: 2
name: Test
product: sfb2019
zones: { servers: [192.0.2.0/26], internet: any }
clients: { external: internet }
sites:
  - name: A
    pools:
      - fqdn: pool.contoso.com
        role: front-end
        edition: standard
${pool}        servers: [{ fqdn: fe01.contoso.com, ip: 192.0.2.11 }]
        centralManagementStore: true
`;

  it('rejects source NAT without the balancer addresses, at the key, with a hint', () => {
    const r = validateTopology(
      yaml('        vip: 192.0.2.10\n        loadBalancerSourceNat: true\n'),
      't.yaml',
    );
    const d = r.diagnostics.find((x) => x.code === 'lb-source-nat-without-addresses');
    expect(d?.severity).toBe('error');
    expect(d?.loc?.line).toBe(13);
    expect(d?.hint).toContain('loadBalancerAddresses');
  });

  it('rejects an external web VIP without vip', () => {
    const r = validateTopology(yaml('        externalWebVip: 192.0.2.9\n'), 't.yaml');
    expect(r.diagnostics.map((x) => x.code)).toContain('external-web-vip-without-vip');
  });

  it('treats the settings as version 2', () => {
    const v1 = yaml('        vip: 192.0.2.10\n        externalWebVip: 192.0.2.9\n').replace(
      'version: 2',
      'version: 1',
    );
    expect(validateTopology(v1, 't.yaml').diagnostics.map((x) => x.code)).toContain('version-2-setting');
  });
});
