import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import type { Catalog, CatalogEntry } from '../../src/catalog/types.js';
import type { Flow } from '../../src/model/flow.js';
import type { Plan } from '../../src/model/plan.js';
import { PortSet } from '../../src/model/ports.js';
import { plan } from '../../src/plan/plan.js';
import { validateTopology } from '../../src/topology/load.js';
import { Topology, type TopologyInput } from '../../src/topology/schema.js';

/**
 * Issue 11: the branch appliance as registrar, Mediation Server and gateway peer, and where clients
 * register (clients.registrars). Small topologies against the real catalog: a head office with two
 * Front End pools (pool01 holds the CMS and backs up the appliance, pool02 is unrelated), a Director
 * and a central gateway; a branch with an appliance, its zone of desktops and its zone of phones.
 */

type Input = Record<string, unknown>;

function input(overrides: { clients?: Input; branch?: Input; gateways?: Input[]; version?: 1 | 2 } = {}) {
  return {
    version: overrides.version ?? 2,
    name: 'Branch test',
    product: 'sfb2015',
    zones: {
      servers: ['192.0.2.0/26'],
      hq: ['192.0.2.128/25'],
      branch: ['198.51.100.0/25'],
      'branch-phones': ['198.51.100.128/25'],
    },
    clients: { internal: ['hq', 'branch'], phones: ['branch-phones'], ...overrides.clients },
    sites: [
      {
        name: 'HQ',
        pools: [
          {
            fqdn: 'pool01.contoso.com',
            role: 'front-end',
            servers: [{ fqdn: 'fe01.contoso.com', ip: '192.0.2.11' }],
            collocatedMediation: true,
            centralManagementStore: true,
            features: ['conferencing', 'enterprise-voice'],
            gateways: ['gw01.contoso.com'],
          },
          {
            fqdn: 'pool02.contoso.com',
            role: 'front-end',
            servers: [{ fqdn: 'fe21.contoso.com', ip: '192.0.2.21' }],
            features: ['conferencing'],
          },
          {
            fqdn: 'dir.contoso.com',
            role: 'director',
            servers: [{ fqdn: 'dir01.contoso.com', ip: '192.0.2.31' }],
            nextHop: 'pool01.contoso.com',
          },
          {
            fqdn: 'dir2.contoso.com',
            role: 'director',
            servers: [{ fqdn: 'dir21.contoso.com', ip: '192.0.2.32' }],
            nextHop: 'pool02.contoso.com',
          },
        ],
        gateways: [{ fqdn: 'gw01.contoso.com', ip: '192.0.2.40' }],
      },
      {
        name: 'Branch',
        branchAppliances: [
          {
            fqdn: 'sba01.contoso.com',
            ip: '198.51.100.10',
            registrarFor: 'pool01.contoso.com',
            ...overrides.branch,
          },
        ],
        gateways: overrides.gateways ?? [],
      },
    ],
  };
}

const build = (overrides: Parameters<typeof input>[0] = {}) =>
  Topology.parse(input(overrides) as TopologyInput);
const planOf = (overrides: Parameters<typeof input>[0] = {}, cat: Catalog = catalog) =>
  plan(build(overrides), cat);

/** Flows whose source and destination match (role, FQDN or zone name) and that open `port`/transport. */
function flows(p: Plan, from: string, to: string, port: number, transport: 'tcp' | 'udp' = 'tcp'): Flow[] {
  const matches = (side: Flow['source'], what: string) =>
    side.role === what || side.zone === what || side.names.includes(what) || side.pool === what;
  return p.flows.filter(
    (f) =>
      f.transport === transport &&
      matches(f.source, from) &&
      matches(f.destination, to) &&
      PortSet.fromRanges(f.ports).has(port),
  );
}
const opens = (p: Plan, from: string, to: string, port: number, transport: 'tcp' | 'udp' = 'tcp') =>
  flows(p, from, to, port, transport).length > 0;

/** A comparable picture of a plan: every flow's id, ports and requirements. */
const picture = (p: Plan) =>
  p.flows.map((f) => `${f.id} ${JSON.stringify(f.ports)} ${f.requirements.join(',')}`);

const HOMED_ON_SBA = {
  clients: {
    registrars: {
      branch: { registrar: 'sba01.contoso.com', director: false },
      'branch-phones': { registrar: 'sba01.contoso.com', director: false },
    },
  },
};

describe('a file that says nothing about registrars plans as before', () => {
  it('is unchanged by the registrar condition (it only ever narrows named zones)', () => {
    const stripped: Catalog = {
      ...catalog,
      entries: catalog.entries.map((e): CatalogEntry => {
        const { registrar: _registrar, ...rest } = e.conditions;
        return { ...e, conditions: rest };
      }),
    };
    expect(catalog.entries.some((e) => e.conditions.registrar)).toBe(true);
    expect(picture(planOf({ version: 1 }))).toEqual(picture(planOf({ version: 1 }, stripped)));
  });

  it('plans a version 1 file and the same file as version 2 identically', () => {
    expect(picture(planOf({ version: 1 }))).toEqual(picture(planOf({ version: 2 })));
  });

  it('plans an empty registrars map, or a zone naming nothing, like no setting at all', () => {
    const before = picture(planOf());
    expect(picture(planOf({ clients: { registrars: {} } }))).toEqual(before);
    expect(picture(planOf({ clients: { registrars: { branch: {}, hq: { director: true } } } }))).toEqual(
      before,
    );
  });

  it('lets every zone sign in on every pool, every Director and the appliance', () => {
    const p = planOf();
    for (const zone of ['hq', 'branch'])
      for (const to of [
        'pool01.contoso.com',
        'pool02.contoso.com',
        'dir.contoso.com',
        'dir2.contoso.com',
        'sba01.contoso.com',
      ])
        expect(opens(p, zone, to, 5061), `${zone} → ${to}`).toBe(true);
  });
});

describe('zones that name their registrar (clients.registrars)', () => {
  const p = planOf(HOMED_ON_SBA);

  it('registers branch desktops and phones on their appliance, over TLS', () => {
    for (const zone of ['branch', 'branch-phones']) {
      const f = flows(p, zone, 'sba01.contoso.com', 5061);
      expect(
        f.map((x) => x.protocol),
        zone,
      ).toEqual(['SIP/TLS']);
      expect(f[0]!.requirements).toContain('sba.sip-tls.5061');
    }
  });

  it('fails them over to the appliance’s backup pool, and to no unrelated pool', () => {
    for (const zone of ['branch', 'branch-phones']) {
      expect(opens(p, zone, 'pool01.contoso.com', 5061), zone).toBe(true);
      expect(opens(p, zone, 'pool02.contoso.com', 5061), zone).toBe(false);
    }
  });

  it('plans no Director flow at all for a zone that says director: false', () => {
    for (const zone of ['branch', 'branch-phones'])
      expect(
        p.flows.filter((f) => f.source.zone === zone && f.destination.role.startsWith('director')),
      ).toEqual([]);
  });

  it('leaves zones that name nothing as they were', () => {
    for (const to of ['pool01.contoso.com', 'pool02.contoso.com', 'dir.contoso.com', 'sba01.contoso.com'])
      expect(opens(p, 'hq', to, 5061), to).toBe(true);
  });

  it('keeps web services, conferencing and PSTN media towards every pool (meetings live on the organiser’s pool)', () => {
    expect(opens(p, 'branch', 'pool02.contoso.com', 443)).toBe(true);
    expect(opens(p, 'branch', 'pool02.contoso.com', 8057)).toBe(true);
    expect(opens(p, 'branch', 'sba01.contoso.com', 50000, 'udp')).toBe(true);
  });

  it('sends a zone homed on a pool to that pool and its chosen Director only', () => {
    const q = planOf({
      clients: { registrars: { hq: { registrar: 'pool02.contoso.com', director: 'dir2.contoso.com' } } },
    });
    expect(opens(q, 'hq', 'pool02.contoso.com', 5061)).toBe(true);
    expect(opens(q, 'hq', 'pool01.contoso.com', 5061)).toBe(false);
    expect(opens(q, 'hq', 'sba01.contoso.com', 5061)).toBe(false);
    expect(opens(q, 'hq', 'dir2.contoso.com', 5061)).toBe(true);
    expect(opens(q, 'hq', 'dir.contoso.com', 5061)).toBe(false);
    expect(opens(q, 'hq', 'dir.contoso.com', 443)).toBe(false);
  });
});

describe('the appliance as a server', () => {
  const p = planOf(HOMED_ON_SBA);

  it('receives SIP/MTLS 5061 from every Front End pool and Director, not only its backup pool', () => {
    for (const from of ['fe01.contoso.com', 'fe21.contoso.com', 'dir01.contoso.com', 'dir21.contoso.com']) {
      const f = flows(p, from, 'sba01.contoso.com', 5061);
      expect(
        f.map((x) => x.protocol),
        from,
      ).toEqual(['SIP/MTLS']);
    }
  });

  it('has 5070 both ways with the pools: Front End → its Mediation Server, it → central Mediation', () => {
    expect(flows(p, 'front-end', 'sba01.contoso.com', 5070)[0]?.requirements).toContain('sba.sip-mtls.5070');
    expect(flows(p, 'sba01.contoso.com', 'mediation', 5070)[0]?.requirements).toContain(
      'mediation.sip-mtls-sba.5070',
    );
  });

  it('still reaches its backup pool on 444 and 5061, and no other pool', () => {
    expect(opens(p, 'sba01.contoso.com', 'fe01.contoso.com', 444)).toBe(true);
    expect(opens(p, 'sba01.contoso.com', 'fe01.contoso.com', 5061)).toBe(true);
    expect(opens(p, 'sba01.contoso.com', 'fe21.contoso.com', 444)).toBe(false);
  });

  it('receives the Central Management store push on SMB 445 from the CMS-holding pool only', () => {
    expect(flows(p, 'fe01.contoso.com', 'sba01.contoso.com', 445)[0]?.requirements).toContain(
      'sba.smb-cms-replication.445',
    );
    expect(opens(p, 'fe21.contoso.com', 'sba01.contoso.com', 445)).toBe(false);
  });

  it('gets the Mediation Server IPsec exemptions', () => {
    const names = p.ipsec.filter((x) => x.hosts.names.includes('sba01.contoso.com')).map((x) => x.direction);
    expect(names.sort()).toEqual(['inbound', 'outbound']);
  });
});

describe('the appliance’s gateway', () => {
  const gw = { fqdn: 'sbagw.contoso.com', ip: '198.51.100.11' };

  it('plans no gateway flow for a built-in gateway without an address of its own', () => {
    const p = planOf({ gateways: [gw] });
    expect(
      p.flows.filter(
        (f) => f.source.names.includes('sba01.contoso.com') && f.destination.role === 'pstn-gateway',
      ),
    ).toEqual([]);
    // and the unlisted gateway is not the appliance's either way
    expect(opens(p, 'sbagw.contoso.com', 'sba01.contoso.com', 5067)).toBe(false);
  });

  it('listens on 5082 (TLS) / 5081 (TCP) by default when an appliance lists it', () => {
    const tls = planOf({ gateways: [gw], branch: { gateways: [gw.fqdn] } });
    expect(flows(tls, 'sba01.contoso.com', gw.fqdn, 5082).map((f) => f.protocol)).toEqual(['SIP/TLS']);
    expect(opens(tls, 'sba01.contoso.com', gw.fqdn, 5067)).toBe(false);
    expect(opens(tls, gw.fqdn, 'sba01.contoso.com', 5067)).toBe(true);
    expect(opens(tls, gw.fqdn, 'sba01.contoso.com', 50000, 'udp')).toBe(true);
    expect(opens(tls, 'sba01.contoso.com', gw.fqdn, 50000, 'udp')).toBe(true);
    const tcp = planOf({ gateways: [{ ...gw, transport: 'tcp' }], branch: { gateways: [gw.fqdn] } });
    expect(flows(tcp, 'sba01.contoso.com', gw.fqdn, 5081).map((f) => f.protocol)).toEqual(['SIP/TCP']);
    expect(opens(tcp, gw.fqdn, 'sba01.contoso.com', 5068)).toBe(true);
  });

  it('keeps a stated listenPort, and the ordinary defaults behind a branch server', () => {
    const stated = build({ gateways: [{ ...gw, listenPort: 5067 }], branch: { gateways: [gw.fqdn] } });
    expect(stated.sites[1]!.gateways[0]!.listenPort).toBe(5067);
    const server = planOf({ gateways: [gw], branch: { kind: 'server', gateways: [gw.fqdn] } });
    expect(opens(server, 'sba01.contoso.com', gw.fqdn, 5067)).toBe(true);
    expect(opens(server, 'sba01.contoso.com', gw.fqdn, 5082)).toBe(false);
  });

  it('belongs to the appliance alone: central Mediation pools do not reach it', () => {
    const p = planOf({ gateways: [gw], branch: { gateways: [gw.fqdn] } });
    expect(
      p.flows.filter((f) => f.source.role === 'mediation' && f.destination.names.includes(gw.fqdn)),
    ).toEqual([]);
  });
});

describe('validation of the new settings', () => {
  const codes = (overrides: Parameters<typeof input>[0]) =>
    validateTopology(JSON.stringify(input(overrides)), 'test.yaml').diagnostics.map((d) => d.code);

  it('accepts the settings', () => {
    expect(
      codes({
        ...HOMED_ON_SBA,
        gateways: [{ fqdn: 'sbagw.contoso.com', ip: '198.51.100.11' }],
        branch: { gateways: ['sbagw.contoso.com'] },
      }),
    ).not.toContain('unknown-reference');
  });

  it('rejects a registrar that is a Director, a Director that is a Front End pool, and an unknown gateway', () => {
    expect(codes({ clients: { registrars: { hq: { registrar: 'dir.contoso.com' } } } })).toContain(
      'wrong-reference-role',
    );
    expect(codes({ clients: { registrars: { hq: { director: 'pool01.contoso.com' } } } })).toContain(
      'wrong-reference-role',
    );
    expect(codes({ branch: { gateways: ['nogw.contoso.com'] } })).toContain('unknown-reference');
  });

  it('rejects a zone that holds no clients', () => {
    expect(codes({ clients: { registrars: { servers: { registrar: 'pool01.contoso.com' } } } })).toContain(
      'unknown-zone',
    );
  });
});
