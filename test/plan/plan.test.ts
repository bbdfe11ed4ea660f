import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/diag/diagnostic.js';
import { AddressSet } from '../../src/model/address-set.js';
import type { Flow } from '../../src/model/flow.js';
import { plan } from '../../src/plan/plan.js';
import { Topology } from '../../src/topology/schema.js';
import { catalogOf, entry, smallTopology } from './helpers.js';

/** "src-names → dst-names tcp/5061 SIP/MTLS": enough to compare who reaches whom on what. */
function show(f: Flow): string {
  const side = (e: Flow['source']) => (e.kind === 'zone' ? `zone:${e.zone}` : e.names.join(','));
  const ports = f.ports.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',');
  return `${side(f.source)} → ${side(f.destination)} ${f.transport}/${ports} ${f.protocol}${f.optional ? ' optional' : ''}`;
}

function planned(entries: Parameters<typeof catalogOf>[0], topology = smallTopology()) {
  return plan(topology, catalogOf(entries));
}

function shown(entries: Parameters<typeof catalogOf>[0], topology = smallTopology()): string[] {
  return planned(entries, topology).flows.map(show);
}

describe('roles resolve to the topology as the contract says', () => {
  it('gives one destination endpoint per Front End pool, and clients as their zone', () => {
    const p = planned([entry('fe.sip.5061', 'front-end', ['client'], '5061', { protocol: 'SIP/TLS' })]);
    expect(p.flows.map(show)).toEqual([
      'zone:clients → fe01.contoso.com,fe02.contoso.com tcp/5061 SIP/TLS',
      'zone:clients → fe11.contoso.com tcp/5061 SIP/TLS',
    ]);
    expect(p.flows[0]!.source.addresses).toEqual(['198.51.100.0/25']);
    expect(p.flows[0]!.destination.pool).toBe('pool01.contoso.com');
    expect(p.flows[0]!.boundary).toEqual({ from: 'clients', to: 'servers', sameZone: false });
  });

  it('counts collocated Front End pools as Mediation, paired with the pool they serve', () => {
    expect(shown([entry('med.5070', 'mediation', ['front-end'], '5070')])).toEqual([
      'fe01.contoso.com,fe02.contoso.com → fe01.contoso.com,fe02.contoso.com tcp/5070 SIP/MTLS',
      'fe11.contoso.com → med11.contoso.com tcp/5070 SIP/MTLS',
    ]);
  });

  it('uses VIPs only for pools that have one, and the reverse proxy by side', () => {
    const topology = smallTopology();
    topology.sites[0]!.reverseProxies.push({
      fqdn: 'rp.contoso.com',
      internal: '192.0.2.74',
      external: '203.0.113.20',
      publishes: ['pool01.contoso.com'],
    });
    expect(
      shown(
        [
          entry('felb.https.4443', 'front-end-lb', ['reverse-proxy'], '4443', { protocol: 'HTTPS' }),
          entry('rp.https.443', 'reverse-proxy', ['external-user'], '443', { protocol: 'HTTPS' }),
        ],
        topology,
      ),
    ).toEqual([
      // Boundaries sort in the order the topology lists zones: perimeter-internal before internet.
      'rp.contoso.com → pool01.contoso.com tcp/4443 HTTPS',
      'zone:internet → rp.contoso.com tcp/443 HTTPS',
    ]);
    const p = planned(
      [entry('felb.https.4443', 'front-end-lb', ['reverse-proxy'], '4443', { protocol: 'HTTPS' })],
      topology,
    );
    expect(p.flows[0]!.source.addresses).toEqual(['192.0.2.74']);
    expect(p.flows[0]!.destination.addresses).toEqual(['192.0.2.10']);
  });

  it('records the public addresses of Edge servers behind NAT', () => {
    const topology = smallTopology();
    const edge = topology.sites[0]!.edgePools[0]!;
    edge.nat = true;
    edge.servers[0]!.public = { av: '198.51.100.200' };
    const p = planned(
      [
        entry('av.3478', 'edge-external-av', ['external-user'], '3478', {
          transport: 'udp',
          protocol: 'STUN/MSTURN',
        }),
      ],
      topology,
    );
    expect(p.flows).toHaveLength(1);
    expect(p.flows[0]!.destination.addresses).toEqual(['203.0.113.13']);
    expect(p.flows[0]!.destination.publicAddresses).toEqual(['198.51.100.200']);
  });
  it('sends each external VIP of a hardware-balanced Edge pool only the traffic of its service', () => {
    const topology = smallTopology();
    const edge = topology.sites[0]!.edgePools[0]!;
    edge.loadBalancing = 'hardware';
    edge.externalVips = { access: '203.0.113.21', webConferencing: '203.0.113.22', av: '203.0.113.23' };
    const p = planned(
      [
        entry('access.443', 'edge-lb-access', ['external-user'], '443', { protocol: 'SIP/TLS' }),
        entry('webconf.443', 'edge-lb-webconf', ['external-user'], '443', { protocol: 'PSOM/TLS' }),
        entry('av.3478', 'edge-lb-av', ['external-user'], '3478', {
          transport: 'udp',
          protocol: 'STUN/MSTURN',
        }),
      ],
      topology,
    );
    const byRequirement = Object.fromEntries(
      p.flows.map((f) => [f.requirements.join(), f.destination.addresses]),
    );
    expect(byRequirement).toEqual({
      'access.443': ['203.0.113.21'],
      'webconf.443': ['203.0.113.22'],
      'av.3478': ['203.0.113.23'],
    });
  });
});

describe('pairing follows the links the topology states', () => {
  it('sends a pool only to its own back end and that back end’s mirror, on their configured ports', () => {
    expect(
      shown([
        entry('sql.tds', 'sql-backend', ['front-end'], '1433', {
          protocol: 'TDS',
          configurablePort: 'sql-tds',
        }),
      ]),
    ).toEqual([
      'fe01.contoso.com,fe02.contoso.com → sql01.contoso.com tcp/14330 TDS',
      'fe01.contoso.com,fe02.contoso.com → sql02.contoso.com tcp/1433 TDS',
    ]);
  });

  it('pairs SQL servers only with their named mirror and witness', () => {
    expect(
      shown([
        entry('sql.mirroring', 'sql-backend', ['sql-backend'], '5022', {
          protocol: 'SQL mirroring',
          configurablePort: 'sql-mirroring',
        }),
        entry('sql.witness', 'sql-witness', ['sql-backend'], '7022', {
          protocol: 'SQL mirroring',
          configurablePort: 'sql-witness',
        }),
      ]),
    ).toEqual([
      'sql02.contoso.com → sql01.contoso.com tcp/5022 SQL mirroring',
      'sql01.contoso.com → sql02.contoso.com tcp/5022 SQL mirroring',
      'sql01.contoso.com,sql02.contoso.com → sqlw.contoso.com tcp/7023 SQL mirroring',
    ]);
  });

  it('pairs hosts nobody links with every Front End pool that names none (file shares)', () => {
    // A Director (or Persistent Chat pool) reaches only the share it names: dir01 names none.
    expect(
      shown([entry('fs.smb', 'file-share', ['front-end', 'director'], '445', { protocol: 'SMB' })]),
    ).toEqual([
      'fe01.contoso.com,fe02.contoso.com → fs01.contoso.com tcp/445 SMB',
      'fe11.contoso.com → fs02.contoso.com tcp/445 SMB',
    ]);
  });

  it('takes each gateway’s transport and ports, towards the Mediation Server that lists it', () => {
    expect(
      shown([
        entry('med.gw.tls', 'mediation', ['pstn-gateway'], '5067', {
          protocol: 'SIP/TLS',
          configurablePort: 'mediation-gateway-listen',
        }),
        entry('med.gw.tcp', 'mediation', ['pstn-gateway'], '5068', {
          protocol: 'SIP/TCP',
          configurablePort: 'mediation-gateway-listen',
        }),
        entry('gw.listen.tls', 'pstn-gateway', ['mediation'], '5067', {
          protocol: 'SIP/TLS',
          configurablePort: 'gateway-listen',
        }),
        entry('gw.listen.tcp', 'pstn-gateway', ['mediation'], '5067', {
          protocol: 'SIP/TCP',
          configurablePort: 'gateway-listen',
        }),
      ]),
    ).toEqual([
      'gw01.contoso.com → fe01.contoso.com,fe02.contoso.com tcp/5067 SIP/TLS',
      'gw02.contoso.com → med11.contoso.com tcp/5068 SIP/TCP',
      'fe01.contoso.com,fe02.contoso.com → gw01.contoso.com tcp/5067 SIP/TLS',
      'med11.contoso.com → gw02.contoso.com tcp/5060 SIP/TCP',
    ]);
  });

  it('lets a Director reach only its next hop, and the Edge only the pools it is linked to', () => {
    expect(
      shown([
        entry('fe.444', 'front-end', ['director'], '444', { protocol: 'HTTPS' }),
        entry('fe.edge.5061', 'front-end', ['edge-internal'], '5061'),
      ]),
    ).toEqual([
      'dir01.contoso.com → fe01.contoso.com,fe02.contoso.com tcp/444 HTTPS',
      'edge01.contoso.com → fe01.contoso.com,fe02.contoso.com tcp/5061 SIP/MTLS',
    ]);
  });

  it('pairs servers of one role with every pool of that role, their own included', () => {
    // pool02 has one server: it is no peer of itself (a pool of several servers is, between members).
    expect(shown([entry('fe.5061', 'front-end', ['front-end'], '5061')])).toEqual([
      'fe01.contoso.com,fe02.contoso.com,fe11.contoso.com → fe01.contoso.com,fe02.contoso.com tcp/5061 SIP/MTLS',
      'fe01.contoso.com,fe02.contoso.com → fe11.contoso.com tcp/5061 SIP/MTLS',
    ]);
  });
});

describe('conditions', () => {
  it('checks features on the destination pool or the source pool', () => {
    const conferencing = entry('fe.psom', 'front-end', ['client'], '8057', {
      protocol: 'PSOM/TLS',
      conditions: { features: ['conferencing'] },
    });
    expect(shown([conferencing])).toEqual([
      'zone:clients → fe01.contoso.com,fe02.contoso.com tcp/8057 PSOM/TLS',
    ]);
    // A client zone is no pool: the feature must be on the source pool.
    const mobility = entry('client.x', 'client', ['front-end'], '5000', {
      conditions: { features: ['mobility'] },
    });
    expect(shown([mobility])).toEqual(['fe11.contoso.com → zone:clients tcp/5000 SIP/MTLS']);
    // Neither side a pool: any pool of the topology decides.
    const voice = entry('gw.x', 'pstn-gateway', ['client'], '5000', {
      conditions: { features: ['enterprise-voice'] },
    });
    expect(shown([voice])).toHaveLength(2);
    const xmpp = entry('gw.y', 'pstn-gateway', ['client'], '5000', { conditions: { features: ['xmpp'] } });
    expect(shown([xmpp])).toEqual([]);
  });

  it('checks pool settings on the destination pool, and products against the topology', () => {
    expect(
      shown([
        entry('fe.cms', 'front-end', ['director'], '445', {
          protocol: 'SMB',
          conditions: { cmsHolder: true },
        }),
      ]),
    ).toHaveLength(1);
    expect(
      shown([entry('fe.hw', 'front-end', ['client'], '5061', { conditions: { loadBalancing: 'hardware' } })]),
    ).toEqual([]);
    expect(
      shown([entry('fe.dns', 'front-end', ['client'], '5061', { conditions: { loadBalancing: 'dns' } })]),
    ).toHaveLength(2);
    expect(
      shown([entry('fe.2013', 'front-end', ['client'], '5061', { conditions: { products: ['lync2013'] } })]),
    ).toEqual([]);
    expect(
      shown([entry('fe.2019', 'front-end', ['client'], '5061', { conditions: { products: ['sfb2019'] } })]),
    ).toHaveLength(2);
  });

  it('checks sourceCmsHolder on the source pool and edgeNat on the Edge pool', () => {
    expect(
      shown([
        entry('fs.cms', 'director', ['front-end'], '445', {
          protocol: 'SMB',
          conditions: { sourceCmsHolder: true },
        }),
      ]),
    ).toEqual(['fe01.contoso.com,fe02.contoso.com → dir01.contoso.com tcp/445 SMB']);
    const nat = entry('av.nat', 'edge-external-av', ['internet'], '3478', { conditions: { edgeNat: true } });
    expect(shown([nat])).toEqual([]);
    const topology = smallTopology();
    topology.sites[0]!.edgePools[0]!.nat = true;
    expect(shown([nat], topology)).toHaveLength(1);
  });

  it('marks optional entries and plans nothing for planned: false', () => {
    const p = planned([
      entry('fe.opt', 'front-end', ['client'], '5060', { conditions: { optional: true } }),
      entry('fe.off', 'front-end', ['client'], '1434', { planned: false }),
    ]);
    expect(p.flows.map((f) => f.optional)).toEqual([true, true]);
    expect(p.flows.every((f) => f.requirements.join() === 'fe.opt')).toBe(true);
    expect(p.notPlanned).toEqual([{ entry: 'fe.off', reason: expect.stringContaining('planned: false') }]);
  });

  it('places infrastructure and RCC roles only from the topology (version 2), silently absent otherwise', () => {
    const entries = [
      entry('dns.53', 'dns', ['front-end'], '53', { transport: 'udp', protocol: 'DNS' }),
      entry('fe.rcc', 'front-end', ['rcc-gateway', 'client'], '5060'),
    ];
    const p = planned(entries);
    expect(p.notPlanned).toEqual([]);
    // Without DNS servers or an RCC line server only the client half of fe.rcc is planned.
    expect(p.flows.flatMap((f) => f.requirements).sort()).toEqual(['fe.rcc', 'fe.rcc']);
    const withInfra = smallTopology({
      version: 2,
      infrastructure: { dnsServers: [{ fqdn: 'dc01.contoso.com', ip: '192.0.2.50' }] },
    });
    const q = planned(entries, withInfra);
    expect(q.flows.filter((f) => f.destination.role === 'dns').map((f) => f.destination.names)).toEqual([
      ['dc01.contoso.com'],
    ]);
    const noInternet = smallTopology({
      zones: { servers: ['192.0.2.0/24'], clients: ['198.51.100.0/25'] },
      clients: { internal: ['clients'] },
    });
    const r = planned([entry('rp.443', 'front-end', ['external-user'], '443')], noInternet);
    expect(r.flows).toEqual([]);
    expect(r.notPlanned?.[0]?.reason).toMatch(/internet/);
  });
});

describe('ports', () => {
  it('narrows client media entries to the configured client ranges, never widening them', () => {
    const media = entry('client.audio', 'client', ['front-end'], '1024-65535', {
      transport: 'udp',
      protocol: 'RTP/SRTP',
      purpose: 'audio',
      configurablePort: 'client-media',
      modalities: ['audio'],
    });
    expect(shown([media])[0]).toMatch(/udp\/1024-65535/);
    const enabled = smallTopology({
      clientMediaPorts: {
        enabled: true,
        audio: { start: 50020, count: 20 },
        video: { start: 58000, count: 20 },
      },
    });
    expect(shown([media], enabled)).toEqual([
      'fe01.contoso.com,fe02.contoso.com,fe11.contoso.com → zone:clients udp/50020-50039 RTP/SRTP',
    ]);
    const narrow = entry('client.narrow', 'client', ['front-end'], '50030-50100', {
      purpose: 'audio',
      configurablePort: 'client-media',
      modalities: ['audio'],
    });
    expect(shown([narrow], enabled)[0]).toMatch(/tcp\/50030-50039 /);
  });
});

describe('merging', () => {
  it('merges entries with the same endpoints, transport and protocol into one port set', () => {
    const p = planned([
      entry('a', 'director', ['front-end'], '5061'),
      entry('b', 'director', ['front-end'], '5062-5063'),
      entry('c', 'director', ['front-end'], '5064', { protocol: 'SIP/TLS' }),
      entry('d', 'director', ['front-end'], '5065', { transport: 'udp' }),
    ]);
    expect(p.flows.map(show)).toEqual([
      'fe01.contoso.com,fe02.contoso.com → dir01.contoso.com tcp/5061-5063 SIP/MTLS',
      'fe01.contoso.com,fe02.contoso.com → dir01.contoso.com tcp/5064 SIP/TLS',
      'fe01.contoso.com,fe02.contoso.com → dir01.contoso.com udp/5065 SIP/MTLS',
    ]);
    expect(p.flows[0]!.requirements).toEqual(['a', 'b']);
    expect(p.flows[0]!.purpose).toBe('purpose of a; purpose of b');
  });

  it('folds a flow that another already covers, and an optional flow into a required one', () => {
    const p = planned([
      entry('wide', 'client', ['front-end'], '5061-5062'),
      entry('narrow', 'client', ['front-end'], '5061', { conditions: { features: ['mobility'] } }),
      entry('opt', 'client', ['front-end'], '5062', { conditions: { optional: true } }),
    ]);
    expect(p.flows.map(show)).toEqual([
      'fe01.contoso.com,fe02.contoso.com,fe11.contoso.com → zone:clients tcp/5061-5062 SIP/MTLS',
    ]);
    expect(p.flows[0]!.requirements).toEqual(['narrow', 'opt', 'wide']);
  });

  it('keeps a required flow whole when an optional one overlaps it', () => {
    const p = planned([
      entry('req', 'client', ['front-end'], '5061'),
      entry('opt', 'client', ['front-end'], '5060-5062', { conditions: { optional: true } }),
    ]);
    expect(p.flows.map(show)).toEqual([
      'fe01.contoso.com,fe02.contoso.com,fe11.contoso.com → zone:clients tcp/5060,5062 SIP/MTLS optional',
      'fe01.contoso.com,fe02.contoso.com,fe11.contoso.com → zone:clients tcp/5061 SIP/MTLS',
    ]);
  });
});

describe('zones', () => {
  it('splits a pool by zone, picks the most specific CIDR and puts unzoned hosts in the internet zone', () => {
    const base = smallTopology();
    const topology = Topology.parse({
      ...base,
      zones: { ...base.zones, special: ['192.0.2.12/32'] },
    });
    topology.sites[0]!.pools[0]!.servers.push({ fqdn: 'fe09.contoso.com', ip: '192.0.2.250' });
    const flows = planned([entry('fe.x', 'front-end', ['client'], '5061')], topology).flows;
    const byZone = flows
      .filter((f) => f.destination.pool === 'pool01.contoso.com')
      .map((f) => [f.destination.zone, f.destination.names]);
    expect(byZone).toEqual([
      ['servers', ['fe01.contoso.com']],
      ['internet', ['fe09.contoso.com']],
      ['special', ['fe02.contoso.com']],
    ]);
  });
});

describe('addresses', () => {
  it('parses each address once into the endpoint, spelt shortest, a mapped IPv6 host as IPv4', () => {
    const topology = smallTopology();
    topology.sites[0]!.pools[0]!.servers[0]!.ip = '::ffff:192.0.2.11';
    const flows = planned([entry('fe.x', 'front-end', ['client'], '5061')], topology).flows;
    const fe = flows.find((f) => f.destination.pool === 'pool01.contoso.com')!.destination;
    expect(fe.addresses[0]).toBe('192.0.2.11');
    expect(fe.addressSets.map((s) => s.host)).toEqual(fe.addresses);
    expect(fe.addressSet.equals(AddressSet.unionOf(fe.addressSets))).toBe(true);
    const client = flows[0]!.source;
    expect(client.kind).toBe('zone');
    expect(client.addressSet.equals(AddressSet.parse(client.addresses))).toBe(true);
  });

  it('turns an address the validator would have refused into a diagnostic, not a crash', () => {
    const topology = smallTopology();
    topology.sites[0]!.pools[0]!.servers[0]!.ip = '192.0.2';
    expect(() => planned([entry('fe.x', 'front-end', ['client'], '5061')], topology)).toThrow(UserError);
    expect(() => planned([entry('fe.x', 'front-end', ['client'], '5061')], topology)).toThrow(
      /fe01\.contoso\.com: "192\.0\.2" is not an IPv4 or IPv6 address/,
    );
  });
});

describe('IPsec exemptions', () => {
  it('resolve to the hosts of the role whose pools meet the conditions', () => {
    const p = plan(
      smallTopology(),
      catalogOf(
        [],
        [
          {
            id: 'ipsec.mediation.inbound',
            kind: 'ipsec-exception',
            name: 'Mediation Server Inbound',
            direction: 'inbound',
            role: 'mediation',
            transports: ['udp', 'tcp'],
            conditions: {},
            purpose: 'media',
            provenance: [],
          },
          {
            id: 'ipsec.dialin',
            kind: 'ipsec-exception',
            name: 'Conferencing Attendant Inbound',
            direction: 'inbound',
            role: 'front-end',
            transports: ['udp', 'tcp'],
            conditions: { features: ['dial-in'] },
            purpose: 'media',
            provenance: [],
          },
        ],
      ),
    );
    expect(p.ipsec.map((x) => [x.name, x.hosts.names])).toEqual([
      ['Mediation Server Inbound', ['fe01.contoso.com', 'fe02.contoso.com', 'med11.contoso.com']],
    ]);
    expect(p.ipsec[0]!.requirements).toEqual(['ipsec.mediation.inbound']);
  });

  it('narrow the client media exemption to the configured client ranges', () => {
    const clients = {
      id: 'ipsec.clients.media',
      kind: 'ipsec-exception' as const,
      name: 'Clients',
      direction: 'outbound' as const,
      role: 'client' as const,
      transports: ['udp' as const],
      localPorts: [[1024, 65535] as const],
      conditions: {},
      purpose: 'media',
      provenance: [],
    };
    const off = plan(smallTopology(), catalogOf([], [clients]));
    expect(off.ipsec.map((x) => x.localPorts)).toEqual([[[1024, 65535]]]);
    const on = plan(
      smallTopology({
        clientMediaPorts: {
          enabled: true,
          audio: { start: 50020, count: 20 },
          video: { start: 58000, count: 20 },
          appSharing: { start: 42000, count: 20 },
          fileTransfer: { start: 42020, count: 20 },
        },
      }),
      catalogOf([], [clients]),
    );
    expect(on.ipsec.map((x) => x.hosts.zone)).toEqual(['clients']);
    expect(on.ipsec[0]!.localPorts).toEqual([
      [42000, 42039],
      [50020, 50039],
      [58000, 58019],
    ]);
  });
});

describe('determinism', () => {
  it('gives the same flows, order and ids on every run, and ids are unique', () => {
    const entries = [
      entry('a', 'front-end', ['front-end', 'client', 'director'], '5061'),
      entry('b', 'mediation', ['pstn-gateway'], '5067', {
        protocol: 'SIP/TLS',
        configurablePort: 'mediation-gateway-listen',
      }),
      entry('c', 'file-share', ['front-end'], '445', { protocol: 'SMB' }),
    ];
    const one = planned(entries);
    const two = planned([...entries]);
    expect(JSON.stringify(two.flows)).toBe(JSON.stringify(one.flows));
    const ids = one.flows.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^f-[0-9a-f]{12}(-\d+)?$/.test(id))).toBe(true);
    expect(Object.isFrozen(one.flows[0])).toBe(true);
  });
});
