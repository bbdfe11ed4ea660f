import { describe, expect, it } from 'vitest';
import { validateTopology } from '../../src/topology/load.js';
import { salvage } from '../../src/topology/salvage.js';
import { Topology } from '../../src/topology/schema.js';

// Issue 16: one validate run reports every independent error, whichever stage finds it (schema or
// cross-reference), and no error that only follows from one already reported.

function found(text: string): string[] {
  return validateTopology(text, 't.yaml').diagnostics.map(
    (d) => `${d.severity} ${d.code} ${d.loc?.line}:${d.loc?.column}`,
  );
}

describe('validate reports errors of every stage in one run', () => {
  it('a bad address, a wrong backend, a wrong nextHop and an address outside every zone: four errors', () => {
    const text = `version: 2
name: Four errors
product: sfb2019
zones:
  servers: [192.0.2.0/24]
sites:
  - name: Redmond
    pools:
      - fqdn: pool01.contoso.com
        role: front-end
        centralManagementStore: true
        backend: sql02.contoso.com
        servers:
          - { fqdn: fe01.contoso.com, ip: 192.0.2.311 }
          - { fqdn: fe02.contoso.com, ip: 10.0.0.12 }
      - fqdn: dir.contoso.com
        role: director
        nextHop: pool99.contoso.com
        servers: [{ fqdn: dir01.contoso.com, ip: 192.0.2.21 }]
    sqlServers:
      - { fqdn: sql01.contoso.com, ip: 192.0.2.50 }
`;
    expect(found(text)).toEqual([
      'error unknown-reference 12:18',
      'error invalid-ip 14:43',
      'error address-outside-zones 15:43',
      'error unknown-reference 18:18',
    ]);
  });

  it('a misspelt product does not hide a duplicate address, nor judge features against a guess', () => {
    const text = `version: 2
name: Product typo
product: sfb2091
zones:
  servers: [192.0.2.0/24]
sites:
  - name: Redmond
    pools:
      - fqdn: pool01.contoso.com
        role: front-end
        centralManagementStore: true
        backend: sql01.contoso.com
        loadBalancing: hardware
        vip: 192.0.2.10
        features: [persistent-chat]
        servers:
          - { fqdn: fe01.contoso.com, ip: 192.0.2.11 }
          - { fqdn: fe02.contoso.com, ip: 192.0.2.11 }
    sqlServers:
      - { fqdn: sql01.contoso.com, ip: 192.0.2.50 }
`;
    expect(found(text)).toEqual(['error unknown-choice 3:10', 'error duplicate-address 18:43']);
  });

  it('reports nothing that follows from a rejected value', () => {
    // Each rejected value would, taken out, cause a follow-on error: the servers zone loses its only
    // network (clients.internal names it, fe01 lies in no zone), the pool's product falls back to the
    // topology's (which has no Persistent Chat), the vip goes (hardware load balancing without vip),
    // the director's role is unknown (the Edge's nextHop must be a director), the Mediation pool
    // loses its gateway (Mediation without gateway).
    const text = `version: 2
name: Cascades
product: sfb2019
zones:
  servers: [192.0.2.0/33]
  dmz: [198.51.100.0/24]
  internet: any
clients: { internal: [servers] }
sites:
  - name: Redmond
    pools:
      - fqdn: pool01.contoso.com
        product: sfb2051
        role: front-end
        centralManagementStore: true
        backend: sql01.contoso.com
        features: [persistent-chat]
        loadBalancing: hardware
        vip: 192.0.2.999
        servers: [{ fqdn: fe01.contoso.com, ip: 192.0.2.11 }]
      - fqdn: dir.contoso.com
        role: directr
        servers: [{ fqdn: dir01.contoso.com, ip: 192.0.2.21 }]
      - fqdn: med.contoso.com
        role: mediation
        gateways: [gw1..contoso.com]
        servers: [{ fqdn: med01.contoso.com, ip: 192.0.2.31 }]
    edgePools:
      - fqdn: edge.contoso.com
        nextHop: dir.contoso.com
        features: []
        servers:
          - fqdn: edge01.contoso.com
            internal: 198.51.100.10
            external: { access: 198.51.100.20, webConferencing: 198.51.100.21, av: 198.51.100.22 }
    sqlServers:
      - { fqdn: sql01.contoso.com, ip: 192.0.2.50 }
      - { fqdn: sql01.contoso.com, ip: 198.51.100.50 }
`;
    expect(found(text)).toEqual([
      'error invalid-cidr 5:13',
      'error unknown-choice 13:18',
      'error invalid-ip 19:14',
      'error unknown-choice 22:15',
      'error invalid-fqdn 26:20',
      // The one independent error among them: still reported.
      'error duplicate-fqdn 38:17',
    ]);
  });

  it('a file valid but for its rejected values reports only the schema errors', () => {
    const text = `version: 2
name: Unknown field
product: sfb2019
zones: { servers: [192.0.2.0/24] }
sites:
  - name: Redmond
    pools:
      - fqdn: pool01.contoso.com
        role: front-end
        centralManagementStore: true
        backnd: sql01.contoso.com
        servers: [{ fqdn: fe01.contoso.com, ip: 192.0.2.11 }]
    sqlServers:
      - { fqdn: sql01.contoso.com, ip: 192.0.2.50 }
`;
    // Without backend the pool would get enterprise-pool-without-backend: the misspelt key is that.
    expect(found(text)).toEqual(['error unknown-field 11:9']);
  });
});

describe('salvage', () => {
  it('removes rejected list elements and maps paths back to the file', () => {
    const data = {
      version: 2,
      name: 'x',
      product: 'sfb2019',
      zones: { servers: ['192.0.2.0/33', '192.0.2.0/24'] },
      sites: [
        {
          name: 'a',
          gateways: [
            { fqdn: 'gw..x.com', ip: '192.0.2.1' },
            { fqdn: 'gw.x.com', ip: '192.0.2.2' },
          ],
        },
      ],
    };
    const rest = salvage(Topology, data);
    expect(rest).toBeDefined();
    expect(rest!.value.zones.servers).toEqual(['192.0.2.0/24']);
    // The gateway keeps its place, with a stand-in FQDN the file uses nowhere.
    expect(rest!.value.sites[0]!.gateways.map((g) => g.fqdn)).toEqual([
      expect.stringMatching(/\.invalid$/),
      'gw.x.com',
    ]);
    expect(rest!.toFile(['zones', 'servers', 0])).toEqual(['zones', 'servers', 1]);
    expect(rest!.rejected(['zones', 'servers', 0])).toBe(true);
    expect(rest!.rejected(['zones', 'servers', 1])).toBe(false);
    expect(rest!.touched(['zones'])).toBe(true);
    expect(rest!.uncertain('GW..x.com')).toBe(true);
    expect(rest!.uncertain('gw.x.com')).toBe(false);
  });

  it('gives up when nothing parseable is left', () => {
    expect(salvage(Topology, { version: 2, name: 'x', product: 'sfb2019', zones: {}, sites: 'none' })).toBe(
      undefined,
    );
  });
});
