import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import type { Flow } from '../../src/model/flow.js';
import type { Plan } from '../../src/model/plan.js';
import { PortSet } from '../../src/model/ports.js';
import type { Role } from '../../src/model/roles.js';
import { plan } from '../../src/plan/plan.js';
import { loadTopology } from '../../src/topology/load.js';
import { Topology } from '../../src/topology/schema.js';

/**
 * The voice, media and Front End items of the catalog review (issue 10: M6, M7, M8, L3-L12), planned
 * on small topologies: each test fails when its fix is reverted.
 */

interface Options {
  readonly product?: string;
  readonly features?: readonly string[];
  readonly mediaBypass?: boolean;
}

/** One site: a Front End pool with collocated Mediation and one TLS gateway, clients and phones. */
function topology(o: Options = {}): Topology {
  return Topology.parse({
    version: 2,
    name: 'Voice',
    product: o.product ?? 'sfb2019',
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
            servers: [
              { fqdn: 'fe01.contoso.com', ip: '192.0.2.11' },
              { fqdn: 'fe02.contoso.com', ip: '192.0.2.12' },
            ],
            collocatedMediation: true,
            centralManagementStore: true,
            features: o.features ?? ['conferencing', 'enterprise-voice'],
            gateways: ['gw01.contoso.com'],
          },
        ],
        gateways: [
          {
            fqdn: 'gw01.contoso.com',
            ip: '192.0.2.40',
            transport: 'tls',
            ...(o.mediaBypass === undefined ? {} : { mediaBypass: o.mediaBypass }),
          },
        ],
      },
    ],
  });
}

const planOf = (o: Options = {}) => plan(topology(o), catalog);

function between(p: Plan, from: Role, to: Role): Flow[] {
  return p.flows.filter((f) => f.source.role === from && f.destination.role === to);
}

const media = (flows: readonly Flow[]) => flows.filter((f) => f.protocol === 'RTP/SRTP');
const requiring = (p: Plan, id: string) => p.flows.filter((f) => f.requirements.includes(id));
const opens = (flows: readonly Flow[], port: number) =>
  flows.some((f) => PortSet.fromRanges(f.ports).contains(PortSet.of(port)));

describe('gateway media (M8, L10)', () => {
  it('sends Mediation Server audio to the gateway over UDP, never TCP', () => {
    const flows = media(between(planOf(), 'mediation', 'pstn-gateway'));
    expect(flows.map((f) => f.transport)).toEqual(['udp']);
    expect(flows[0]?.destination.names).toEqual(['gw01.contoso.com']);
    expect(flows[0]?.optional).toBe(false);
    expect(PortSet.fromRanges(flows[0]!.ports).equals(PortSet.range(1024, 65535))).toBe(true);
  });

  it('takes gateway audio to the Mediation Server over UDP only', () => {
    const flows = media(between(planOf(), 'pstn-gateway', 'mediation'));
    expect(flows.map((f) => f.transport)).toEqual(['udp']);
  });

  it('plans no gateway ↔ client or phone media without media bypass (the default)', () => {
    for (const p of [planOf(), planOf({ mediaBypass: false })]) {
      for (const endpoint of ['client', 'phone'] as const) {
        expect(media(between(p, 'pstn-gateway', endpoint))).toEqual([]);
        expect(media(between(p, endpoint, 'pstn-gateway'))).toEqual([]);
      }
    }
  });

  it('plans gateway ↔ client and phone audio over UDP, required, when the trunk has media bypass', () => {
    const p = planOf({ mediaBypass: true });
    for (const endpoint of ['client', 'phone'] as const) {
      for (const flows of [between(p, 'pstn-gateway', endpoint), between(p, endpoint, 'pstn-gateway')]) {
        const rtp = media(flows);
        expect(rtp.length, `${endpoint}`).toBeGreaterThan(0);
        expect(rtp.every((f) => f.transport === 'udp' && !f.optional)).toBe(true);
      }
    }
  });

  it('reads mediaBypass per gateway: a second gateway without bypass gets no endpoint media', () => {
    const t = topology({ mediaBypass: true });
    const site = t.sites[0]!;
    const withSecond = Topology.parse({
      ...t,
      sites: [
        {
          ...site,
          pools: [{ ...site.pools[0]!, gateways: ['gw01.contoso.com', 'gw02.contoso.com'] }],
          gateways: [...site.gateways, { fqdn: 'gw02.contoso.com', ip: '192.0.2.41', transport: 'tls' }],
        },
      ],
    });
    const p = plan(withSecond, catalog);
    const toClients = media(between(p, 'pstn-gateway', 'client'));
    expect(toClients.flatMap((f) => f.source.names)).toEqual(['gw01.contoso.com']);
    const fromClients = media(between(p, 'client', 'pstn-gateway'));
    expect(fromClients.flatMap((f) => f.destination.names)).toEqual(['gw01.contoso.com']);
    // Both gateways still get the Mediation Server's audio.
    const fromMediation = media(between(p, 'mediation', 'pstn-gateway'));
    expect(fromMediation.flatMap((f) => f.destination.names).sort()).toEqual([
      'gw01.contoso.com',
      'gw02.contoso.com',
    ]);
  });

  it('defaults mediaBypass to false in the topology', () => {
    expect(topology().sites[0]!.gateways[0]!.mediaBypass).toBe(false);
  });
});

describe('media towards phones (M7) and from servers (server → endpoint decision)', () => {
  const p = planOf({ features: ['conferencing', 'enterprise-voice', 'dial-in'] });

  it('lets clients and phones send audio to phones, required, over TCP and UDP', () => {
    for (const from of ['client', 'phone'] as const) {
      const rtp = media(between(p, from, 'phone'));
      expect(rtp.map((f) => f.transport).sort(), from).toEqual(['tcp', 'udp']);
      expect(rtp.every((f) => !f.optional)).toBe(true);
    }
  });

  it('plans Front End and Mediation audio to phones and clients as optional', () => {
    for (const to of ['client', 'phone'] as const) {
      const rtp = media(between(p, 'front-end', to)).concat(media(between(p, 'mediation', to)));
      expect(rtp.length, to).toBeGreaterThan(0);
      expect(rtp.filter((f) => !f.optional).map((f) => f.id)).toEqual([]);
    }
  });

  it('keeps peer-to-peer client media required', () => {
    const rtp = media(between(p, 'client', 'client'));
    expect(rtp.map((f) => f.transport).sort()).toEqual(['tcp', 'udp']);
    expect(rtp.every((f) => !f.optional)).toBe(true);
  });

  it('keeps client → server media required', () => {
    const rtp = media(between(p, 'client', 'front-end')).concat(media(between(p, 'client', 'mediation')));
    expect(rtp.length).toBeGreaterThan(0);
    expect(rtp.every((f) => !f.optional)).toBe(true);
  });

  it('narrows phone audio to the configured client audio range', () => {
    const t = Topology.parse({
      ...topology(),
      clientMediaPorts: { enabled: true, audio: { start: 50020, count: 20 } },
    });
    const rtp = media(between(plan(t, catalog), 'client', 'phone'));
    expect(rtp.length).toBeGreaterThan(0);
    for (const f of rtp) expect(PortSet.fromRanges(f.ports).equals(PortSet.range(50020, 50039))).toBe(true);
  });
});

describe('Front End audio for the Application Server (M6)', () => {
  it.each(['response-group', 'call-park', 'audio-test'])('opens 49152-57500 for %s alone', (feature) => {
    const p = planOf({ features: [feature] });
    const rtp = media(between(p, 'client', 'front-end'));
    expect(rtp.map((f) => f.transport).sort()).toEqual(['tcp', 'udp']);
    expect(opens(rtp, 49152) && opens(rtp, 57500)).toBe(true);
  });

  it('opens none without an audio service', () => {
    expect(media(between(planOf({ features: ['mobility'] }), 'client', 'front-end'))).toEqual([]);
  });
});

describe('product limits (L3, L7)', () => {
  it.each(['sfb2019', 'sfbse'])('plans no MCX 5086/5087 on %s', (product) => {
    const p = planOf({ product, features: ['mobility'] });
    expect(requiring(p, 'front-end.sip-mobility.5086')).toEqual([]);
    expect(requiring(p, 'front-end.sip-mobility.5087')).toEqual([]);
    expect(opens(between(p, 'front-end', 'front-end'), 5086)).toBe(false);
    expect(opens(between(p, 'front-end', 'front-end'), 5087)).toBe(false);
  });

  it.each(['lync2013', 'sfb2015'])('plans MCX 5086/5087 on %s with mobility', (product) => {
    const p = planOf({ product, features: ['mobility'] });
    expect(opens(between(p, 'front-end', 'front-end'), 5086)).toBe(true);
    expect(opens(between(p, 'front-end', 'front-end'), 5087)).toBe(true);
  });

  it('plans legacy file transfer 6891-6901 only on lync2013', () => {
    const id = 'client.file-transfer-legacy.6891-6901';
    expect(requiring(planOf({ product: 'lync2013' }), id).length).toBeGreaterThan(0);
    for (const product of ['sfb2015', 'sfb2019', 'sfbse']) {
      expect(requiring(planOf({ product }), id), product).toEqual([]);
    }
  });
});

describe('application sharing (L8)', () => {
  it('needs app-sharing for 5065, the sharing media and its IPsec exceptions', () => {
    const without = planOf({ features: ['conferencing'] });
    expect(opens(between(without, 'front-end', 'front-end'), 5065)).toBe(false);
    expect(requiring(without, 'front-end.app-sharing-media.49152-65535')).toEqual([]);
    expect(without.ipsec.filter((x) => x.requirements[0]?.startsWith('ipsec.app-sharing'))).toEqual([]);

    const withSharing = planOf({ features: ['conferencing', 'app-sharing'] });
    expect(opens(between(withSharing, 'front-end', 'front-end'), 5065)).toBe(true);
    expect(requiring(withSharing, 'front-end.app-sharing-media.49152-65535').length).toBeGreaterThan(0);
    expect(withSharing.ipsec.filter((x) => x.requirements[0]?.startsWith('ipsec.app-sharing')).length).toBe(
      2,
    );
  });

  it('every example that runs conferencing states app-sharing', () => {
    for (const file of ['enterprise', 'multi-site', 'hardware-load-balanced', 'standard-edition']) {
      const { topology: t } = loadTopology(readFileSync(`examples/${file}.yaml`, 'utf8'), file);
      for (const pool of t.sites.flatMap((s) => s.pools)) {
        if (pool.features.includes('conferencing')) expect(pool.features, file).toContain('app-sharing');
      }
    }
  });
});

describe('signalling entries of the review (L4, L5, L6)', () => {
  const entry = (id: string) => catalog.entries.find((e) => e.id === id)!;

  it('sends E9-1-1 SIP from the Mediation Server, not the Front End', () => {
    expect(entry('e911.sip.5066').sources).toEqual(['mediation']);
  });

  it('keeps the branch appliance gateway ports 5081/5082 as no network flow', () => {
    const p = plan(
      Topology.parse({
        ...topology(),
        sites: [
          {
            ...topology().sites[0]!,
            branchAppliances: [
              { fqdn: 'sba01.contoso.com', ip: '192.0.2.50', registrarFor: 'pool01.contoso.com' },
            ],
          },
        ],
      }),
      catalog,
    );
    for (const id of ['sba.sip-tcp.5081', 'sba.sip-tls.5082']) {
      expect(requiring(p, id), id).toEqual([]);
      expect(entry(id).sources).toEqual(['sba']);
      expect((p.notPlanned ?? []).some((n) => n.entry === id)).toBe(true);
    }
  });

  it('names 8060/8061 as the web server PSOM ports', () => {
    for (const id of ['front-end.web-mtls.8060', 'front-end.web-mtls.8061']) {
      expect(entry(id).protocol).toBe('PSOM/MTLS');
      expect(entry(id).purpose).toMatch(/PSOM/);
    }
  });
});

describe('the examples', () => {
  const planFile = (file: string) =>
    plan(loadTopology(readFileSync(`examples/${file}.yaml`, 'utf8'), file).topology, catalog);

  it('enterprise: gw01 has media bypass, so it exchanges UDP audio with clients and phones', () => {
    const p = planFile('enterprise');
    const toClients = media(between(p, 'pstn-gateway', 'client'));
    expect(toClients.length).toBeGreaterThan(0);
    expect(toClients.every((f) => f.transport === 'udp')).toBe(true);
    expect(media(between(p, 'mediation', 'pstn-gateway')).map((f) => f.transport)).toEqual(['udp']);
  });

  it('multi-site: sbc01 has no media bypass, so its media goes through Mediation only', () => {
    const p = planFile('multi-site');
    expect(media(between(p, 'pstn-gateway', 'client'))).toEqual([]);
    expect(media(between(p, 'pstn-gateway', 'phone'))).toEqual([]);
    expect(media(between(p, 'mediation', 'pstn-gateway')).length).toBeGreaterThan(0);
  });
});
