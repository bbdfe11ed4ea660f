import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import type { Flow } from '../../src/model/flow.js';
import type { Plan } from '../../src/model/plan.js';
import { PortSet } from '../../src/model/ports.js';
import { plan } from '../../src/plan/plan.js';
import { validateTopology } from '../../src/topology/load.js';
import { Topology } from '../../src/topology/schema.js';

/**
 * Trunks (issue 11): the gateway's media range (Gateway.mediaPorts), planned on small topologies. The
 * range is the gateway vendor's setting, so sfbports has no default: absent, any port 1024-65535.
 */

interface GatewayInput {
  readonly fqdn: string;
  readonly ip: string;
  readonly mediaBypass?: boolean;
  readonly mediaPorts?: { start: number; count: number };
}

const GW1 = { fqdn: 'gw01.contoso.com', ip: '192.0.2.40' };
const GW2 = { fqdn: 'gw02.contoso.com', ip: '192.0.2.41' };

/** A Front End pool with collocated Mediation, its gateways, clients and phones. */
function topology(gateways: readonly GatewayInput[]): Topology {
  return Topology.parse({
    version: 2,
    name: 'Trunks',
    product: 'sfb2019',
    zones: {
      servers: ['192.0.2.0/26'],
      clients: ['198.51.100.0/25'],
      phones: ['198.51.100.128/25'],
      internet: 'any',
    },
    clients: { internal: ['clients'], phones: ['phones'], external: 'internet' },
    sites: [
      {
        name: 'Redmond',
        pools: [
          {
            fqdn: 'pool01.contoso.com',
            role: 'front-end',
            servers: [{ fqdn: 'fe01.contoso.com', ip: '192.0.2.11' }],
            collocatedMediation: true,
            centralManagementStore: true,
            features: ['conferencing', 'enterprise-voice'],
            gateways: gateways.map((g) => g.fqdn),
          },
        ],
        gateways,
      },
    ],
  });
}

const planOf = (gateways: readonly GatewayInput[]) => plan(topology(gateways), catalog);

/** Audio flows between a source role and one gateway (or from one gateway to a role). */
function audio(p: Plan, from: string, to: string): Flow[] {
  const matches = (side: Flow['source'], name: string) => side.role === name || side.names.includes(name);
  return p.flows.filter(
    (f) => f.protocol === 'RTP/SRTP' && matches(f.source, from) && matches(f.destination, to),
  );
}

const portsOf = (flows: readonly Flow[]) =>
  flows.reduce((set, f) => set.union(PortSet.fromRanges(f.ports)), PortSet.empty).toString();

describe('Gateway.mediaPorts', () => {
  it('absent: Mediation Server audio to the gateway on UDP 1024-65535, as before', () => {
    const flows = audio(planOf([GW1]), 'mediation', GW1.fqdn);
    expect(flows.map((f) => f.transport)).toEqual(['udp']);
    expect(portsOf(flows)).toBe('1024-65535');
  });

  it('present: Mediation Server audio to the gateway only on its range', () => {
    const flows = audio(
      planOf([{ ...GW1, mediaPorts: { start: 16384, count: 16384 } }]),
      'mediation',
      GW1.fqdn,
    );
    expect(flows.map((f) => f.transport)).toEqual(['udp']);
    expect(portsOf(flows)).toBe('16384-32767');
  });

  it('present with bypass: clients and phones send audio to the gateway only on its range', () => {
    const p = planOf([{ ...GW1, mediaBypass: true, mediaPorts: { start: 20000, count: 1000 } }]);
    for (const endpoint of ['client', 'phone']) {
      const flows = audio(p, endpoint, GW1.fqdn);
      expect(flows.length, endpoint).toBeGreaterThan(0);
      expect(portsOf(flows), endpoint).toBe('20000-20999');
    }
  });

  it('leaves media toward the Mediation Server and the endpoints on their own ranges', () => {
    const without = planOf([{ ...GW1, mediaBypass: true }]);
    const withRange = planOf([{ ...GW1, mediaBypass: true, mediaPorts: { start: 20000, count: 1000 } }]);
    for (const to of ['mediation', 'client', 'phone']) {
      const before = portsOf(audio(without, GW1.fqdn, to));
      expect(before, to).not.toBe('');
      expect(portsOf(audio(withRange, GW1.fqdn, to)), to).toBe(before);
    }
  });

  it('gives each gateway its own range', () => {
    const p = planOf([
      { ...GW1, mediaPorts: { start: 16384, count: 100 } },
      { ...GW2, mediaPorts: { start: 40000, count: 10 } },
    ]);
    expect(portsOf(audio(p, 'mediation', GW1.fqdn))).toBe('16384-16483');
    expect(portsOf(audio(p, 'mediation', GW2.fqdn))).toBe('40000-40009');
  });

  it('narrows only the gateway that states it', () => {
    const p = planOf([{ ...GW1, mediaPorts: { start: 16384, count: 100 } }, GW2]);
    expect(portsOf(audio(p, 'mediation', GW1.fqdn))).toBe('16384-16483');
    expect(portsOf(audio(p, 'mediation', GW2.fqdn))).toBe('1024-65535');
  });
});

describe('Gateway.mediaPorts validation', () => {
  const text = (version: number, mediaPorts: string) => `version: ${version}
name: Trunks
product: sfb2019
zones: { servers: [192.0.2.0/26] }
sites:
  - name: Redmond
    pools:
      - fqdn: pool01.contoso.com
        role: front-end
        servers: [{ fqdn: fe01.contoso.com, ip: 192.0.2.11 }]
        collocatedMediation: true
        centralManagementStore: true
        features: [enterprise-voice]
        gateways: [gw01.contoso.com]
    gateways:
      - fqdn: gw01.contoso.com
        ip: 192.0.2.40
        mediaPorts: ${mediaPorts}
`;
  const errors = (version: number, mediaPorts: string) =>
    validateTopology(text(version, mediaPorts), 't.yaml')
      .diagnostics.filter((d) => d.severity === 'error')
      .map((d) => `${d.code} ${d.loc?.line}:${d.loc?.column}`);

  it('accepts a range that ends at 65535', () => {
    expect(errors(2, '{ start: 60000, count: 5536 }')).toEqual([]);
  });

  it('rejects a range past 65535 or starting below 1024, at the offending key', () => {
    expect(errors(2, '{ start: 60000, count: 5537 }')).toHaveLength(1);
    expect(errors(2, '{ start: 60000, count: 5537 }')[0]).toMatch(/ 18:/);
    expect(errors(2, '{ start: 1000, count: 10 }')).toHaveLength(1);
  });

  it('is a version 2 setting', () => {
    expect(errors(1, '{ start: 16384, count: 100 }')).toHaveLength(1);
  });
});

/**
 * SIP between a Mediation server and the gateway, one direction: "protocol ports" of each flow. Hosts,
 * not pools: the planner merges sources that share a service into one endpoint.
 */
function sip(p: Plan, from: string, to: string): string[] {
  return p.flows
    .filter(
      (f) =>
        f.protocol.startsWith('SIP/') && f.source.names.includes(from) && f.destination.names.includes(to),
    )
    .map((f) => `${f.protocol} ${PortSet.fromRanges(f.ports).toString()}`)
    .sort();
}

const POOL = 'pool01.contoso.com';
const MED = 'med01.contoso.com';
/** The servers of the two pools. */
const FE = 'fe01.contoso.com';
const MS = 'ms01.contoso.com';

/** A Front End pool with collocated Mediation and a Mediation pool, both trunked to gw01. */
function twoPools(gateway: Record<string, unknown>): Topology {
  return Topology.parse({
    version: 2,
    name: 'Trunks',
    product: 'sfb2019',
    zones: {
      servers: ['192.0.2.0/26'],
      clients: ['198.51.100.0/25'],
      phones: ['198.51.100.128/25'],
      internet: 'any',
    },
    clients: { internal: ['clients'], phones: ['phones'], external: 'internet' },
    sites: [
      {
        name: 'Redmond',
        pools: [
          {
            fqdn: POOL,
            role: 'front-end',
            servers: [{ fqdn: 'fe01.contoso.com', ip: '192.0.2.11' }],
            collocatedMediation: true,
            centralManagementStore: true,
            features: ['conferencing', 'enterprise-voice'],
            gateways: [GW1.fqdn],
          },
          {
            fqdn: MED,
            role: 'mediation',
            nextHop: POOL,
            servers: [{ fqdn: 'ms01.contoso.com', ip: '192.0.2.21' }],
            features: ['enterprise-voice'],
            gateways: [GW1.fqdn],
          },
        ],
        gateways: [{ ...GW1, ...gateway }],
      },
    ],
  });
}

const planTwo = (gateway: Record<string, unknown>) => plan(twoPools(gateway), catalog);

describe('Gateway.trunks', () => {
  it('absent: every pool listing the gateway uses its own fields (one root trunk)', () => {
    const p = planTwo({});
    for (const host of [FE, MS]) {
      expect(sip(p, host, GW1.fqdn), host).toEqual(['SIP/TLS 5067']);
      expect(sip(p, GW1.fqdn, host), host).toEqual(['SIP/TLS 5067']);
    }
  });

  it("a pool's own trunk sets its ports and transport; the other pool keeps the root trunk", () => {
    const p = planTwo({ trunks: [{ mediation: MED, transport: 'tcp', listenPort: 5080 }] });
    expect(sip(p, MS, GW1.fqdn)).toEqual(['SIP/TCP 5080']);
    // mediationPort left out with another transport: that transport's default (5068 for TCP).
    expect(sip(p, GW1.fqdn, MS)).toEqual(['SIP/TCP 5068']);
    expect(sip(p, FE, GW1.fqdn)).toEqual(['SIP/TLS 5067']);
    expect(sip(p, GW1.fqdn, FE)).toEqual(['SIP/TLS 5067']);
  });

  it("a trunk's left-out ports are the gateway's when the transport is the same", () => {
    const p = planTwo({
      listenPort: 5090,
      mediationPort: 5091,
      trunks: [{ mediation: MED, mediationPort: 5092 }],
    });
    expect(sip(p, MS, GW1.fqdn)).toEqual(['SIP/TLS 5090']);
    expect(sip(p, GW1.fqdn, MS)).toEqual(['SIP/TLS 5092']);
    expect(sip(p, GW1.fqdn, FE)).toEqual(['SIP/TLS 5091']);
  });

  it('plans every trunk of one pool: two trunks on two ports', () => {
    const p = planTwo({
      trunks: [
        { mediation: MED, listenPort: 5067, mediationPort: 5071 },
        { mediation: MED, listenPort: 5069, mediationPort: 5072 },
      ],
    });
    expect(sip(p, MS, GW1.fqdn)).toEqual(['SIP/TLS 5067,5069']);
    expect(sip(p, GW1.fqdn, MS)).toEqual(['SIP/TLS 5071-5072']);
  });

  it('media bypass on one trunk lets clients and phones reach the gateway', () => {
    const off = planTwo({});
    const on = planTwo({ trunks: [{ mediation: MED, mediaBypass: true }] });
    for (const endpoint of ['client', 'phone']) {
      expect(audio(off, endpoint, GW1.fqdn), endpoint).toEqual([]);
      expect(audio(on, endpoint, GW1.fqdn).length, endpoint).toBeGreaterThan(0);
      expect(audio(on, GW1.fqdn, endpoint).length, endpoint).toBeGreaterThan(0);
    }
  });
});

describe('Gateway.trunks validation', () => {
  const text = (version: number, medGateways: string, trunkPool: string) => `version: ${version}
name: Trunks
product: sfb2019
zones: { servers: [192.0.2.0/26] }
sites:
  - name: Redmond
    pools:
      - fqdn: pool01.contoso.com
        role: front-end
        servers: [{ fqdn: fe01.contoso.com, ip: 192.0.2.11 }]
        collocatedMediation: true
        centralManagementStore: true
        features: [enterprise-voice]
        gateways: [gw01.contoso.com]
      - fqdn: med01.contoso.com
        role: mediation
        nextHop: pool01.contoso.com
        servers: [{ fqdn: ms01.contoso.com, ip: 192.0.2.21 }]
        gateways: ${medGateways}
    gateways:
      - fqdn: gw01.contoso.com
        ip: 192.0.2.40
        trunks:
          - { mediation: ${trunkPool}, listenPort: 5080 }
`;
  const errors = (version: number, medGateways: string, trunkPool: string) =>
    validateTopology(text(version, medGateways, trunkPool), 't.yaml')
      .diagnostics.filter((d) => d.severity === 'error')
      .map((d) => `${d.code} ${d.loc?.line}:${d.loc?.column}`);

  it('accepts a trunk to a pool that lists the gateway', () => {
    expect(errors(2, '[gw01.contoso.com]', 'med01.contoso.com')).toEqual([]);
  });

  it('rejects a trunk to a pool that does not list the gateway, at the trunk', () => {
    expect(errors(2, '[gw02.contoso.com]', 'med01.contoso.com')).toContain(
      'trunk-pool-without-gateway 24:26',
    );
  });

  it('rejects a trunk naming no pool', () => {
    expect(errors(2, '[gw01.contoso.com]', 'med09.contoso.com')).toEqual(['unknown-reference 24:26']);
  });

  it('is a version 2 setting', () => {
    expect(errors(1, '[gw01.contoso.com]', 'med01.contoso.com').map((e) => e.split(' ')[0])).toEqual([
      'version-2-setting',
    ]);
  });
});
