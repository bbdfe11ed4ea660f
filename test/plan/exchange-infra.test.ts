import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import type { Flow } from '../../src/model/flow.js';
import type { Plan } from '../../src/model/plan.js';
import { PortSet } from '../../src/model/ports.js';
import { plan } from '../../src/plan/plan.js';
import { validateTopology } from '../../src/topology/load.js';
import { Topology } from '../../src/topology/schema.js';

/**
 * Topology version 2, issue 11: Exchange versions and OWA IM, trusted applications, remote call
 * control, E9-1-1 gateways, infrastructure (DNS, DHCP, NTP, domain controllers) and the CLS agent,
 * planned on small topologies. Each test fails when its feature is reverted.
 */

type Extra = Record<string, unknown>;

/** Two Front End pools (pool01 with collocated Mediation and a gateway), clients and phones. */
function input(extra: Extra = {}, siteExtra: Extra = {}, features: string[] = []): Extra {
  return {
    version: 2,
    name: 'Integration',
    product: 'sfb2015',
    zones: {
      servers: ['192.0.2.0/26'],
      infra: ['192.0.2.64/26'],
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
            servers: [
              { fqdn: 'fe01.contoso.com', ip: '192.0.2.11' },
              { fqdn: 'fe02.contoso.com', ip: '192.0.2.12' },
            ],
            collocatedMediation: true,
            centralManagementStore: true,
            features: ['enterprise-voice', ...features],
            gateways: ['gw01.contoso.com'],
          },
          {
            fqdn: 'pool02.contoso.com',
            role: 'front-end',
            servers: [{ fqdn: 'fe21.contoso.com', ip: '192.0.2.21' }],
          },
        ],
        gateways: [{ fqdn: 'gw01.contoso.com', ip: '192.0.2.40' }],
        ...siteExtra,
      },
    ],
    ...extra,
  };
}

const planOf = (extra: Extra = {}, siteExtra: Extra = {}, features: string[] = []) =>
  plan(Topology.parse(input(extra, siteExtra, features)), catalog);

const requiring = (p: Plan, id: string) => p.flows.filter((f) => f.requirements.includes(id));
const names = (flows: readonly Flow[], side: 'source' | 'destination') =>
  [...new Set(flows.flatMap((f) => f[side].names))].sort();
const portsOf = (flows: readonly Flow[]) =>
  flows.reduce((set, f) => set.union(PortSet.fromRanges(f.ports)), PortSet.empty);

const EX = (o: Extra = {}) => ({ fqdn: 'ex01.contoso.com', ip: '192.0.2.60', ...o });

describe('Exchange (M9, X5)', () => {
  it('plans HTTPS 443 both ways between every Front End pool and Exchange by default', () => {
    const p = planOf({}, { exchangeServers: [EX()] });
    expect(names(requiring(p, 'exchange.https.443'), 'source')).toEqual([
      'fe01.contoso.com',
      'fe02.contoso.com',
      'fe21.contoso.com',
    ]);
    expect(names(requiring(p, 'front-end.https-exchange.443'), 'destination')).toEqual([
      'fe01.contoso.com',
      'fe02.contoso.com',
      'fe21.contoso.com',
    ]);
  });

  it('pairs an Exchange server only with the pools it names', () => {
    const p = planOf({}, { exchangeServers: [EX({ pools: ['pool02.contoso.com'] })] });
    expect(names(requiring(p, 'exchange.https.443'), 'source')).toEqual(['fe21.contoso.com']);
    expect(names(requiring(p, 'front-end.https-exchange.443'), 'destination')).toEqual(['fe21.contoso.com']);
  });

  it('plans no OWA IM SIP without owaIm', () => {
    const p = planOf({}, { exchangeServers: [EX()] });
    expect(requiring(p, 'front-end.sip-mtls-exchange.5061')).toEqual([]);
    expect(requiring(p, 'exchange-im.sip-mtls.1024-65535')).toEqual([]);
  });

  it('with owaIm: registrar pool → CAS on the chosen port (MTLS), CAS → registrar 5061, no other pool', () => {
    const p = planOf(
      {},
      { exchangeServers: [EX({ owaIm: { port: 5199, registrar: 'pool01.contoso.com' } })] },
    );
    const toCas = requiring(p, 'exchange-im.sip-mtls.1024-65535');
    expect(toCas.length).toBeGreaterThan(0);
    expect(portsOf(toCas).equals(PortSet.of(5199))).toBe(true);
    expect(toCas.every((f) => f.protocol === 'SIP/MTLS' && f.transport === 'tcp' && !f.optional)).toBe(true);
    expect(names(toCas, 'source')).toEqual(['fe01.contoso.com', 'fe02.contoso.com']);
    expect(names(toCas, 'destination')).toEqual(['ex01.contoso.com']);
    const fromCas = requiring(p, 'front-end.sip-mtls-exchange.5061');
    expect(portsOf(fromCas).equals(PortSet.of(5061))).toBe(true);
    expect(names(fromCas, 'destination')).toEqual(['fe01.contoso.com', 'fe02.contoso.com']);
    expect(fromCas.every((f) => !f.optional)).toBe(true);
  });
});

describe('Exchange versions and Unified Messaging', () => {
  const validate = (exchange: Extra[]) =>
    validateTopology(JSON.stringify(input({}, { exchangeServers: exchange }, ['exchange-um'])), 't.json');
  const codes = (r: ReturnType<typeof validate>) => r.diagnostics.map((d) => d.code);

  it('rejects exchange-um when the pool’s only Exchange is 2019', () => {
    const r = validate([EX({ version: 2019 })]);
    expect(r.topology).toBeUndefined();
    expect(codes(r)).toContain('exchange-um-not-in-exchange');
    const d = r.diagnostics.find((x) => x.code === 'exchange-um-not-in-exchange')!;
    expect(d.hint).toMatch(/Cloud Voicemail/);
    expect(d.loc?.line).toBeGreaterThan(0);
  });

  it.each([2010, 2013, 2016])('accepts exchange-um with Exchange %i', (version) => {
    expect(codes(validate([EX({ version })]))).not.toContain('exchange-um-not-in-exchange');
  });

  it('accepts exchange-um when an Exchange 2016 server serves the pool next to a 2019 one', () => {
    const r = validate([
      EX({ version: 2019 }),
      { fqdn: 'ex02.contoso.com', ip: '192.0.2.61', version: 2016 },
    ]);
    expect(codes(r)).not.toContain('exchange-um-not-in-exchange');
  });

  it('judges by the Exchange servers that name the pool', () => {
    const r = validate([
      EX({ version: 2019, pools: ['pool01.contoso.com'] }),
      { fqdn: 'ex02.contoso.com', ip: '192.0.2.61', version: 2016, pools: ['pool02.contoso.com'] },
    ]);
    expect(codes(r)).toContain('exchange-um-not-in-exchange');
  });

  it('checks nothing without a version', () => {
    expect(codes(validate([EX()]))).not.toContain('exchange-um-not-in-exchange');
  });

  it('rejects an OWA IM registrar that is no Front End pool', () => {
    const r = validateTopology(
      JSON.stringify(
        input({}, { exchangeServers: [EX({ owaIm: { port: 5199, registrar: 'pool09.contoso.com' } })] }),
      ),
      't.json',
    );
    expect(r.diagnostics.map((d) => d.code)).toContain('unknown-reference');
  });
});

describe('trusted applications and remote call control (ranks 14, 15)', () => {
  const app = {
    fqdn: 'cc.contoso.com',
    servers: [
      { fqdn: 'cc01.contoso.com', ip: '192.0.2.31' },
      { fqdn: 'cc02.contoso.com', ip: '192.0.2.32' },
    ],
    port: 6001,
    registrar: 'pool02.contoso.com',
  };

  it('plans registrar → app on its port and app → registrar 5061, both SIP/MTLS', () => {
    const p = planOf({ trustedApplications: [app] });
    const toApp = requiring(p, 'trusted-application.sip-mtls.1024-65535');
    expect(names(toApp, 'source')).toEqual(['fe21.contoso.com']);
    expect(names(toApp, 'destination')).toEqual(['cc01.contoso.com', 'cc02.contoso.com']);
    expect(portsOf(toApp).equals(PortSet.of(6001))).toBe(true);
    const fromApp = requiring(p, 'front-end.sip-mtls-trusted-app.5061');
    expect(names(fromApp, 'source')).toEqual(['cc01.contoso.com', 'cc02.contoso.com']);
    expect(names(fromApp, 'destination')).toEqual(['fe21.contoso.com']);
    expect([...toApp, ...fromApp].every((f) => f.protocol === 'SIP/MTLS')).toBe(true);
  });

  it('plans nothing for a trusted application when none is declared', () => {
    expect(requiring(planOf(), 'trusted-application.sip-mtls.1024-65535')).toEqual([]);
  });

  it('rejects a trusted application with both ip and servers', () => {
    const r = validateTopology(
      JSON.stringify(input({ trustedApplications: [{ ...app, ip: '192.0.2.33' }] })),
      't.json',
    );
    expect(r.diagnostics.map((d) => d.code)).toContain('trusted-application-hosts');
  });

  it('plans the RCC line server on its own port from its registrar, only with feature rcc', () => {
    const rcc = {
      fqdn: 'csta.contoso.com',
      kind: 'rcc',
      ip: '192.0.2.35',
      port: 4723,
      registrar: 'pool01.contoso.com',
    };
    const without = planOf({ trustedApplications: [rcc] });
    expect(requiring(without, 'rcc-gateway.sip.5060')).toEqual([]);
    const p = planOf({ trustedApplications: [rcc] }, {}, ['rcc']);
    const toRcc = requiring(p, 'rcc-gateway.sip.5060');
    expect(names(toRcc, 'source')).toEqual(['fe01.contoso.com', 'fe02.contoso.com']);
    expect(portsOf(toRcc).equals(PortSet.of(4723))).toBe(true);
    expect((p.notPlanned ?? []).some((n) => n.entry === 'rcc-gateway.sip.5060')).toBe(false);
    // An RCC line server is not an ordinary trusted application.
    expect(requiring(p, 'trusted-application.sip-mtls.1024-65535')).toEqual([]);
  });
});

describe('RCC on a Director', () => {
  it('lets a Director with feature rcc be the registrar of an RCC line server', () => {
    const t = input({
      trustedApplications: [
        { fqdn: 'csta.contoso.com', kind: 'rcc', ip: '192.0.2.35', port: 4723, registrar: 'dir.contoso.com' },
      ],
    }) as { sites: Array<{ pools: unknown[] }> };
    t.sites[0]!.pools.push({
      fqdn: 'dir.contoso.com',
      role: 'director',
      nextHop: 'pool01.contoso.com',
      features: ['rcc'],
      servers: [{ fqdn: 'dir01.contoso.com', ip: '192.0.2.26' }],
    });
    const r = validateTopology(JSON.stringify(t), 't.json');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const p = plan(r.topology!, catalog);
    expect(names(requiring(p, 'rcc-gateway.sip.5060'), 'source')).toEqual(['dir01.contoso.com']);
    expect(names(requiring(p, 'director.sip-static-route.5060'), 'destination')).toEqual([
      'dir01.contoso.com',
    ]);
    // A UCMA application may not register to a Director.
    const app = JSON.parse(JSON.stringify(t));
    app.trustedApplications[0].kind = 'application';
    const bad = validateTopology(JSON.stringify(app), 't.json');
    expect(bad.diagnostics.map((d) => d.code)).toContain('wrong-reference-role');
  });
});

describe('E9-1-1 (rank 13)', () => {
  const e911 = { fqdn: 'elin.contoso.com', ip: '192.0.2.45' };

  it('plans Mediation → E9-1-1 gateway 5066 only with feature e911', () => {
    expect(requiring(planOf({ e911Gateways: [e911] }), 'e911.sip.5066')).toEqual([]);
    const flows = requiring(planOf({ e911Gateways: [e911] }, {}, ['e911']), 'e911.sip.5066');
    expect(names(flows, 'source')).toEqual(['fe01.contoso.com', 'fe02.contoso.com']);
    expect(names(flows, 'destination')).toEqual(['elin.contoso.com']);
    expect(portsOf(flows).equals(PortSet.of(5066))).toBe(true);
  });

  it('no longer reports the E9-1-1 entry as not planned', () => {
    const p = planOf({ e911Gateways: [e911] }, {}, ['e911']);
    expect((p.notPlanned ?? []).some((n) => n.entry === 'e911.sip.5066')).toBe(false);
  });
});

describe('infrastructure (ranks 2, 3, 9)', () => {
  const infra = {
    domainControllers: [{ fqdn: 'dc01.contoso.com', ip: '192.0.2.70' }],
    dnsServers: [{ fqdn: 'dc01.contoso.com', ip: '192.0.2.70' }],
    dhcpServers: [{ fqdn: 'dhcp01.contoso.com', ip: '192.0.2.72' }],
  };

  it('plans servers, clients and phones → DNS on TCP and UDP 53, never from the Edge', () => {
    const p = planOf({ infrastructure: infra });
    for (const id of ['dns.dns-udp.53', 'dns.dns-tcp.53']) {
      const flows = requiring(p, id);
      expect(names(flows, 'destination')).toEqual(['dc01.contoso.com']);
      expect(new Set(flows.map((f) => f.source.role))).toEqual(
        new Set(['front-end', 'mediation', 'client', 'phone']),
      );
      expect(portsOf(flows).equals(PortSet.of(53))).toBe(true);
    }
  });

  it('plans DHCP 67 from clients (optional) and phones with phone-provisioning, and 68 back', () => {
    const p = planOf({ infrastructure: infra }, {}, ['phone-provisioning']);
    expect(names(requiring(p, 'dhcp.dhcp-client.67'), 'destination')).toEqual(['dhcp01.contoso.com']);
    expect(requiring(p, 'dhcp.dhcp-client.67').every((f) => f.optional)).toBe(true);
    expect(names(requiring(p, 'dhcp.dhcp-phone.67'), 'destination')).toEqual(['dhcp01.contoso.com']);
    expect(names(requiring(p, 'phone.dhcp-reply.68'), 'source')).toEqual(['dhcp01.contoso.com']);
    expect((p.notPlanned ?? []).some((n) => n.entry.startsWith('dhcp.'))).toBe(false);
  });

  it('sends phones to the domain controllers for NTP when no NTP server is listed', () => {
    const flows = requiring(planOf({ infrastructure: infra }), 'ntp.ntp.123');
    expect(names(flows, 'destination')).toEqual(['dc01.contoso.com']);
    expect(flows.every((f) => f.source.role === 'phone' && f.transport === 'udp')).toBe(true);
    const own = requiring(
      planOf({ infrastructure: { ...infra, ntpServers: [{ fqdn: 'ntp01.contoso.com', ip: '192.0.2.73' }] } }),
      'ntp.ntp.123',
    );
    expect(names(own, 'destination')).toEqual(['ntp01.contoso.com']);
  });

  it('plans no flow to a domain controller (no vendor page gives Active Directory ports)', () => {
    const p = planOf({
      infrastructure: {
        domainControllers: infra.domainControllers,
        ntpServers: [{ fqdn: 'ntp01.contoso.com', ip: '192.0.2.73' }],
      },
    });
    expect(p.flows.filter((f) => f.destination.names.includes('dc01.contoso.com'))).toEqual([]);
  });

  it('plans nothing without an infrastructure section', () => {
    const p = planOf();
    expect(p.flows.filter((f) => ['dns', 'dhcp', 'ntp'].includes(f.destination.role))).toEqual([]);
  });
});

describe('Centralized Logging Service agent (X11)', () => {
  const cls = (flows: readonly Flow[]) => {
    expect(flows.length).toBeGreaterThan(0);
    expect(flows.every((f) => f.optional && f.transport === 'tcp')).toBe(true);
    expect(portsOf(flows).equals(PortSet.range(50001, 50003))).toBe(true);
  };

  it('plans optional Front End → Front End TCP 50001-50003', () => {
    const flows = requiring(planOf(), 'front-end.cls.50001-50003');
    cls(flows);
    expect(names(flows, 'destination')).toEqual(['fe01.contoso.com', 'fe02.contoso.com', 'fe21.contoso.com']);
  });

  it('reaches a stand-alone Mediation pool, and no collocated one twice', () => {
    expect(requiring(planOf(), 'mediation.cls.50001-50003')).toEqual([]);
    const t = input() as { sites: Array<{ pools: unknown[] }> };
    t.sites[0]!.pools.push({
      fqdn: 'med.contoso.com',
      role: 'mediation',
      nextHop: 'pool02.contoso.com',
      servers: [{ fqdn: 'med01.contoso.com', ip: '192.0.2.25' }],
      gateways: ['gw01.contoso.com'],
    });
    const flows = requiring(plan(Topology.parse(t), catalog), 'mediation.cls.50001-50003');
    cls(flows);
    expect(names(flows, 'destination')).toEqual(['med01.contoso.com']);
  });
});

describe('enterprise.yaml', () => {
  it('states an Exchange version that has no UM and keeps exchange-um off', () => {
    const text = readFileSync('examples/enterprise.yaml', 'utf8');
    const r = validateTopology(text, 'examples/enterprise.yaml');
    const ex = r.topology!.sites.flatMap((s) => s.exchangeServers);
    expect(ex.length).toBeGreaterThan(0);
    expect(ex.every((x) => x.version !== undefined)).toBe(true);
    const pools = r.topology!.sites.flatMap((s) => s.pools);
    if (ex.every((x) => x.version === 2019)) {
      expect(pools.some((p) => p.features.includes('exchange-um'))).toBe(false);
    }
  });
});
