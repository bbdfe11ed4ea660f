import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { type Endpoint, type Flow, parsedAddresses } from '../../src/model/flow.js';
import { PortSet } from '../../src/model/ports.js';
import { plan } from '../../src/plan/plan.js';
import { listenPlan, tcpMode } from '../../src/probe/listen-plan.js';
import { portsToUse, SAMPLE_SIZE, samplePorts } from '../../src/probe/sample.js';
import { adHocTargets, flowTargets, probeForProtocol } from '../../src/probe/targets.js';
import { AdaptiveTimeout } from '../../src/probe/timing.js';
import { loadTopology } from '../../src/topology/load.js';

function endpoint(over: Partial<Endpoint>): Endpoint {
  const addresses = over.addresses ?? [];
  const publics = over.publicAddresses;
  return {
    kind: 'hosts',
    role: 'front-end',
    zone: 'servers',
    names: [],
    ...over,
    ...parsedAddresses(addresses),
    ...(publics ? { publicAddressSets: parsedAddresses(publics).addressSets } : {}),
  };
}

function flow(over: Partial<Flow> & Pick<Flow, 'id'>): Flow {
  return {
    source: endpoint({ kind: 'zone', role: 'client', zone: 'clients', addresses: ['198.51.100.0/24'] }),
    destination: endpoint({
      names: ['fe01.contoso.com', 'fe02.contoso.com'],
      addresses: ['192.0.2.11', '192.0.2.12'],
      pool: 'pool01.contoso.com',
    }),
    transport: 'tcp',
    ports: [[5061, 5061]],
    protocol: 'SIP/TLS',
    purpose: 'test',
    requirements: [],
    boundary: { from: 'clients', to: 'servers', sameZone: false },
    optional: false,
    ...over,
  };
}

describe('sampling media ranges', () => {
  it('keeps small sets whole and samples large ones, ends of every range included', () => {
    expect(portsToUse(PortSet.range(5000, 5199), false)).toEqual({
      ports: [...PortSet.range(5000, 5199).ports()],
      sampled: false,
    });
    const media = PortSet.fromRanges([[50000, 59999]]);
    const { ports, sampled } = portsToUse(media, false);
    expect(sampled).toBe(true);
    expect(ports).toHaveLength(SAMPLE_SIZE);
    expect(ports[0]).toBe(50000);
    expect(ports.at(-1)).toBe(59999);
    expect(portsToUse(media, true).ports).toHaveLength(10000);
  });

  it('is deterministic, sorted, inside the set and of the asked size', () => {
    const range = fc.tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 0, max: 3000 }));
    fc.assert(
      fc.property(
        fc.array(range, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 64 }),
        (rs, size) => {
          const set = PortSet.fromRanges(rs.map(([a, n]) => [a, Math.min(65535, a + n)] as const));
          const s1 = samplePorts(set, size);
          expect(samplePorts(set, size)).toEqual(s1);
          expect(s1.length).toBe(Math.min(size, set.size));
          expect([...s1].sort((x, y) => x - y)).toEqual(s1);
          expect(new Set(s1).size).toBe(s1.length);
          for (const p of s1) expect(set.has(p)).toBe(true);
        },
      ),
    );
  });
});

describe('adaptive timeout', () => {
  it('waits the maximum until it has seen a few round trips, then srtt + 4 x rttvar above a floor', () => {
    const t = new AdaptiveTimeout(2000, 100, 4, 3);
    expect(t.current()).toBe(2000);
    t.record(1);
    t.record(2);
    expect(t.current()).toBe(2000);
    t.record(3);
    expect(t.current()).toBe(100);
    // A steady 200 ms path: the deadline settles just above it, far below the maximum.
    for (let i = 0; i < 60; i++) t.record(200);
    expect(t.current()).toBeGreaterThan(200);
    expect(t.current()).toBeLessThan(260);
    // A jittery path widens it; the maximum still caps it.
    for (let i = 0; i < 20; i++) t.record(i % 2 === 0 ? 100 : 400);
    expect(t.current()).toBeGreaterThan(600);
    for (let i = 0; i < 20; i++) t.record(5000);
    expect(t.current()).toBe(2000);
  });

  it('forgets the slow answers of a cold start instead of keeping them as its 95th percentile', () => {
    const t = new AdaptiveTimeout(2000);
    for (let i = 0; i < 10; i++) t.record(60);
    for (let i = 0; i < 40; i++) t.record(0.5);
    expect(t.current()).toBe(100);
  });
});

describe('choosing probes', () => {
  it('speaks the flow protocol', () => {
    expect(probeForProtocol('SIP/MTLS', 'tcp')).toEqual({ probe: 'sip', secure: true });
    expect(probeForProtocol('SIP/TCP', 'tcp')).toEqual({ probe: 'sip', secure: false });
    expect(probeForProtocol('HTTPS', 'tcp')).toEqual({ probe: 'tls' });
    expect(probeForProtocol('STUN/MSTURN', 'udp')).toEqual({ probe: 'stun' });
    expect(probeForProtocol('STUN/MSTURN', 'tcp')).toEqual({ probe: 'stun' });
    expect(probeForProtocol('SQL Browser', 'udp')).toEqual({ probe: 'sql-browser' });
    expect(probeForProtocol('TDS', 'tcp')).toEqual({ probe: 'tcp' });
    expect(probeForProtocol('RTP/SRTP', 'udp')).toEqual({ probe: 'udp' });
  });

  it('applies a forced probe only where its transport fits', () => {
    const specs = [
      { host: '127.0.0.1', ports: PortSet.of(5061), transport: 'tcp' as const },
      { host: '127.0.0.1', ports: PortSet.of(1434), transport: 'udp' as const },
    ];
    const plan = adHocTargets(specs, { probe: 'tls', full: false });
    expect(plan.targets.map((t) => t.target.probe)).toEqual(['tls', 'sql-browser']);
  });
});

describe('targets from flows', () => {
  const flows = [
    flow({ id: 'f-sip' }),
    flow({ id: 'f-dup', protocol: 'SIP/MTLS', optional: true }),
    flow({ id: 'f-media', transport: 'udp', ports: [[49152, 57500]], protocol: 'RTP/SRTP', optional: true }),
    flow({
      id: 'f-other-source',
      source: endpoint({
        role: 'director',
        zone: 'servers',
        names: ['dir01.contoso.com'],
        addresses: ['192.0.2.21'],
      }),
    }),
    flow({
      id: 'f-to-zone',
      destination: endpoint({
        kind: 'zone',
        role: 'client',
        zone: 'clients',
        addresses: ['198.51.100.0/24'],
      }),
    }),
  ];

  it('selects by role, zone, FQDN or pool and probes every destination address', () => {
    const byZone = flowTargets(flows, 'clients', { full: false });
    const keys = byZone.targets.map(
      (t) => `${t.flow} ${t.target.host}:${t.target.port}/${t.target.transport} ${t.target.probe}`,
    );
    expect(keys.filter((k) => k.startsWith('f-sip'))).toEqual([
      'f-sip 192.0.2.11:5061/tcp sip',
      'f-sip 192.0.2.12:5061/tcp sip',
    ]);
    expect(byZone.targets.find((t) => t.flow === 'f-sip')!.target.serverName).toBe('fe01.contoso.com');
    expect(flowTargets(flows, 'client', { full: false }).targets.length).toBe(byZone.targets.length);
    expect(flowTargets(flows, 'dir01.contoso.com', { full: false }).targets.map((t) => t.flow)).toEqual([
      'f-other-source',
      'f-other-source',
    ]);
  });

  it('probes a target shared by flows once; required when any of them is', () => {
    const { targets } = flowTargets(flows, 'clients', { full: false });
    const shared = targets.find((t) => t.target.port === 5061)!;
    expect(shared.alsoFlows).toEqual(['f-dup']);
    expect(shared.required).toBe(true);
  });

  it('samples media ranges and says so, and skips zone destinations with a note', () => {
    const { targets, notes } = flowTargets(flows, 'clients', { full: false });
    expect(targets.filter((t) => t.flow === 'f-media')).toHaveLength(2 * SAMPLE_SIZE);
    expect(notes.some((n) => n.startsWith('f-media: sampled 32 of 8349'))).toBe(true);
    expect(notes.some((n) => n.startsWith('f-to-zone') && n.includes('not probed'))).toBe(true);
  });

  it('from the internet, a NATed Edge is probed on its public addresses', () => {
    const nat = flow({
      id: 'f-nat',
      source: endpoint({ kind: 'zone', role: 'external-user', zone: 'internet', addresses: ['any'] }),
      destination: endpoint({
        role: 'edge-external-access',
        zone: 'perimeter',
        names: ['edge01.contoso.com'],
        addresses: ['10.0.0.5'],
        publicAddresses: ['203.0.113.5'],
      }),
      ports: [[443, 443]],
    });
    const { targets } = flowTargets([nat], 'internet', { full: false });
    expect(targets.map((t) => [t.target.host, t.target.serverName])).toEqual([
      ['203.0.113.5', 'edge01.contoso.com'],
    ]);
  });

  it('listen opens, for one server, the same sample that check probes', () => {
    const plan = listenPlan(flows, { server: 'fe02.contoso.com' }, false);
    expect(plan.address).toBe('192.0.2.12');
    const checkPorts = flowTargets(flows, 'clients', { full: false })
      .targets.filter((t) => t.target.host === '192.0.2.12')
      .map((t) => `${t.target.transport}/${t.target.port}`)
      .sort();
    expect(plan.ports.map((p) => `${p.transport}/${p.port}`).sort()).toEqual(checkPorts);
    expect(tcpMode(plan.ports.find((p) => p.port === 5061)!.protocols)).toBe('sniff');
    expect(tcpMode(new Set(['TDS']))).toBe('banner');
  });

  it('listen for a role takes every flow that reaches the role, and leaves the address to --bind', () => {
    const plan = listenPlan(flows, { role: 'front-end' }, false);
    expect(plan.address).toBeUndefined();
    expect(plan.ports.some((p) => p.transport === 'udp' && p.port === 49152)).toBe(true);
    expect(listenPlan(flows, { role: 'director' }, false).ports).toEqual([]);
  });
});

describe('targets for IPv4-mapped hosts', () => {
  it('probes them as the IPv4 hosts they are', () => {
    const file = 'test/fixtures/ipv4-mapped.yaml';
    const flows = plan(loadTopology(readFileSync(file, 'utf8'), file).topology, catalog).flows;
    const { targets } = flowTargets(flows, 'clients', { full: false });
    const hosts = new Set(targets.map((t) => t.target.host));
    expect(hosts).toContain('192.0.2.11');
    expect(hosts).toContain('192.0.2.12');
    expect([...hosts].filter((h) => h.includes(':'))).toEqual([]);
  });
});
