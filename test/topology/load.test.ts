import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { UserError } from '../../src/diag/diagnostic.js';
import { loadTopology, validateTopology } from '../../src/topology/load.js';

/** The standard-edition example, patched: the smallest valid topology to break one thing at a time. */
const base = parse(readFileSync('examples/standard-edition.yaml', 'utf8'));

// biome-ignore lint/suspicious/noExplicitAny: each test patches some field of a parsed YAML document
function variant(edit: (t: any) => void): string {
  const copy = structuredClone(base);
  edit(copy);
  return stringify(copy);
}

function codes(text: string): string[] {
  return validateTopology(text, 't.yaml').diagnostics.map((d) => `${d.severity} ${d.code}`);
}

describe('loadTopology', () => {
  it('returns the topology with defaults filled in', () => {
    const { topology, diagnostics } = loadTopology(
      readFileSync('examples/standard-edition.yaml', 'utf8'),
      'se.yaml',
    );
    expect(diagnostics).toEqual([]);
    const pool = topology.sites[0]!.pools[0]!;
    expect(pool).toMatchObject({ loadBalancing: 'dns', collocatedMediation: false, gateways: [] });
    expect(topology.sites[0]!.edgePools).toEqual([]);
    expect(topology.clients).toEqual({ internal: ['clients'], phones: [] });
  });

  it('throws one UserError carrying every diagnostic', () => {
    const text = variant((t) => {
      t.product = 'sfb2020';
      t.sites[0].pools[0].role = 'frontend';
    });
    let caught: unknown;
    try {
      loadTopology(text, 'bad.yaml');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UserError);
    const diagnostics = (caught as UserError).diagnostics;
    expect(diagnostics.map((d) => d.code)).toEqual(['unknown-choice', 'unknown-choice']);
    expect(diagnostics[0]!.hint).toMatch(/valid choices: lync2013, sfb2015, sfb2019, sfbse/);
    expect(diagnostics[1]!.hint).toMatch(/^did you mean front-end\?/);
    expect(diagnostics.every((d) => d.loc?.file === 'bad.yaml')).toBe(true);
  });

  it('keeps warnings on a valid topology', () => {
    const text = variant((t) => {
      t.sites[0].pools[0].centralManagementStore = false;
    });
    const { topology, diagnostics } = loadTopology(text, 't.yaml');
    expect(topology.name).toBe('Litware');
    expect(diagnostics.map((d) => d.code)).toEqual(['no-cms-holder']);
    expect(diagnostics[0]!.severity).toBe('warning');
  });

  it('fills gateway ports from the transport', () => {
    const text = variant((t) => {
      const pool = t.sites[0].pools[0];
      pool.collocatedMediation = true;
      pool.gateways = ['gw1.litware.example', 'gw2.litware.example', 'gw3.litware.example'];
      t.sites[0].gateways = [
        { fqdn: 'gw1.litware.example', ip: '192.0.2.7' },
        { fqdn: 'gw2.litware.example', ip: '192.0.2.8', transport: 'tcp' },
        {
          fqdn: 'gw3.litware.example',
          ip: '192.0.2.9',
          transport: 'tcp',
          listenPort: 5060,
          mediationPort: 5070,
        },
      ];
    });
    const gws = loadTopology(text, 't.yaml').topology.sites[0]!.gateways;
    expect(gws.map((g) => [g.transport, g.listenPort, g.mediationPort])).toEqual([
      ['tls', 5067, 5067],
      ['tcp', 5066, 5068],
      ['tcp', 5060, 5070],
    ]);
  });

  it('accepts IPv6 addresses and zones, and compares addresses in one spelling', () => {
    const ok = variant((t) => {
      t.zones.servers = ['2001:db8:1::/64'];
      t.sites[0].pools[0].servers[0].ip = '2001:db8:1::5';
      t.sites[0].fileShares[0].ip = '2001:db8:1::6';
    });
    expect(codes(ok)).toEqual([]);
    const dup = variant((t) => {
      t.zones.servers = ['2001:db8:1::/64'];
      t.sites[0].pools[0].servers[0].ip = '2001:db8:1::5';
      t.sites[0].fileShares[0].ip = '2001:0db8:0001:0:0:0:0:5';
    });
    expect(codes(dup)).toEqual(['error duplicate-address']);
  });

  it('rejects IPv4 spellings firewalls read differently', () => {
    for (const ip of ['192.0.2', '0xc0.0.2.5', '192.0.2.5/32', ' 192.0.2.5', 'fe80::1%eth0']) {
      const text = variant((t) => {
        t.sites[0].pools[0].servers[0].ip = ip;
      });
      expect(codes(text), ip).toEqual(['error invalid-ip']);
    }
  });

  it('reads IPv4-mapped IPv6 hosts and networks as IPv4, in zones and duplicates alike', () => {
    const mapped = variant((t) => {
      t.zones.servers = ['::ffff:192.0.2.0/124'];
      t.sites[0].pools[0].servers[0].ip = '::ffff:192.0.2.5';
      t.sites[0].fileShares[0].ip = '192.0.2.6';
    });
    expect(codes(mapped)).toEqual([]);
    const clash = variant((t) => {
      t.sites[0].fileShares[0].ip = '::ffff:c000:205';
    });
    expect(codes(clash)).toEqual(['error duplicate-address']);
    const twice = variant((t) => {
      t.zones.more = ['::ffff:198.51.100.0/120'];
    });
    expect(codes(twice)).toEqual(['error duplicate-network']);
    // An IPv6 network that merely contains the mapped block holds no IPv4 host.
    const wide = variant((t) => {
      t.zones.servers = ['::/0'];
    });
    expect(codes(wide)).toEqual(['error address-outside-zones', 'error address-outside-zones']);
    const hostBits = validateTopology(
      variant((t) => {
        t.zones.servers = ['::ffff:192.0.2.5/124'];
      }),
      't.yaml',
    ).diagnostics;
    expect(hostBits.map((d) => d.code)).toEqual(['cidr-host-bits']);
    expect(hostBits[0]!.message).toMatch(/firewalls read it as 192\.0\.2\.0\/28$/);
    expect(hostBits[0]!.hint).toBe('write 192.0.2.0/28, or 192.0.2.5/32 for the one host');
  });

  it('says why an address is malformed', () => {
    const text = variant((t) => {
      t.sites[0].pools[0].servers[0].ip = '192.0.2.05';
      t.zones.clients = ['198.51.100.0/33'];
    });
    const messages = validateTopology(text, 't.yaml').diagnostics.map((d) => `${d.code}: ${d.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^invalid-cidr: .*198\.51\.100\.0\/33.*: an IPv4 prefix is at most 32 bits$/),
      expect.stringMatching(/^invalid-ip: .*192\.0\.2\.05.*: .*without leading zeros/),
    ]);
  });

  it('lets one machine appear in two host lists under one name and address', () => {
    const text = variant((t) => {
      t.sites[0].pools[0].edition = 'enterprise';
      t.sites[0].pools[0].backend = 'fs01.litware.example';
      t.sites[0].sqlServers = [{ fqdn: 'fs01.litware.example', ip: '192.0.2.6' }];
    });
    expect(codes(text)).toEqual([]);
  });

  it('refuses one network in two zones', () => {
    const text = variant((t) => {
      t.zones.more = ['198.51.100.0/24'];
    });
    expect(codes(text)).toEqual(['error duplicate-network']);
  });

  it('does not take one name with two addresses for one machine', () => {
    const text = variant((t) => {
      t.sites[0].exchangeServers = [{ fqdn: 'fs01.litware.example', ip: '192.0.2.9' }];
    });
    expect(codes(text)).toEqual(['error duplicate-fqdn']);
  });

  it('rejects an Edge server with one external address for all three services (each listens on TCP 443)', () => {
    const text = variant((t) => {
      t.zones.perimeter = ['203.0.113.0/28'];
      t.zones.internet = 'any';
      t.sites[0].edgePools = [
        {
          fqdn: 'edge.litware.example',
          features: ['federation'], // no remote users: no reverse proxy needed
          servers: [
            {
              fqdn: 'edge.litware.example',
              internal: '192.0.2.10',
              external: { access: '203.0.113.5', webConferencing: '203.0.113.5', av: '203.0.113.5' },
            },
          ],
        },
      ];
    });
    expect(codes(text)).toEqual(['error edge-services-share-address', 'error edge-services-share-address']);
  });

  it('does not require NAT public addresses to lie in a zone', () => {
    const text = variant((t) => {
      t.zones.perimeter = ['192.0.2.64/28'];
      t.zones.internet = 'any';
      t.sites[0].edgePools = [
        {
          fqdn: 'edge.litware.example',
          features: ['federation'], // no remote users: no reverse proxy needed
          nat: true,
          servers: [
            {
              fqdn: 'edge.litware.example',
              internal: '192.0.2.10',
              external: { access: '192.0.2.65', webConferencing: '192.0.2.66', av: '192.0.2.67' },
              public: { access: '203.0.113.5', webConferencing: '203.0.113.6', av: '203.0.113.7' },
            },
          ],
        },
      ];
    });
    expect(codes(text)).toEqual([]);
  });

  it('requires an internet zone once there is an Edge', () => {
    const text = variant((t) => {
      t.zones.perimeter = ['203.0.113.0/28'];
      t.sites[0].edgePools = [
        {
          fqdn: 'edge.litware.example',
          features: ['federation'], // no remote users: no reverse proxy needed
          servers: [
            {
              fqdn: 'edge.litware.example',
              internal: '192.0.2.10',
              external: { access: '203.0.113.5', webConferencing: '203.0.113.6', av: '203.0.113.7' },
            },
          ],
        },
      ];
    });
    expect(codes(text)).toEqual(['error no-external-zone']);
  });

  it('checks Standard Edition and Central Management store rules', () => {
    const text = variant((t) => {
      const pool = t.sites[0].pools[0];
      pool.servers.push({ fqdn: 'se02.litware.example', ip: '192.0.2.7' });
      pool.backend = 'fs01.litware.example';
      t.sites[0].pools.push({
        fqdn: 'pool2.litware.example',
        role: 'front-end',
        centralManagementStore: true,
        backend: 'sql.litware.example',
        servers: [{ fqdn: 'fe9.litware.example', ip: '192.0.2.9' }],
      });
      t.sites[0].sqlServers = [{ fqdn: 'sql.litware.example', ip: '192.0.2.12' }];
    });
    expect(codes(text)).toEqual([
      'error standard-edition-servers',
      // Only a one-server pool may carry its server's name.
      'error duplicate-fqdn',
      // fs01 is a file share, not a SQL Server.
      'error unknown-reference',
      'error standard-edition-backend',
      'error duplicate-cms-holder',
    ]);
  });

  it('warns when a DNS-load-balanced pool has no VIP for its web services', () => {
    const text = variant((t) => {
      const pool = t.sites[0].pools[0];
      pool.edition = 'enterprise';
      pool.fqdn = 'pool.litware.example';
      pool.servers.push({ fqdn: 'se02.litware.example', ip: '192.0.2.7' });
      pool.backend = 'sql.litware.example';
      t.sites[0].sqlServers = [{ fqdn: 'sql.litware.example', ip: '192.0.2.12' }];
    });
    expect(codes(text)).toEqual(['warning web-services-without-vip']);
    const withVip = variant((t) => {
      const pool = t.sites[0].pools[0];
      pool.edition = 'enterprise';
      pool.fqdn = 'pool.litware.example';
      pool.vip = '192.0.2.9';
      pool.servers.push({ fqdn: 'se02.litware.example', ip: '192.0.2.7' });
      pool.backend = 'sql.litware.example';
      t.sites[0].sqlServers = [{ fqdn: 'sql.litware.example', ip: '192.0.2.12' }];
    });
    expect(codes(withVip)).toEqual([]);
  });

  it('warns about overlapping client media ranges only when they are enabled', () => {
    const on = variant((t) => {
      t.clientMediaPorts = { enabled: true };
    });
    // Vendor defaults: every modality starts at 5350, so enabling without ranges overlaps.
    expect(codes(on)).toEqual(Array(6).fill('warning media-range-overlap'));
    const off = variant((t) => {
      t.clientMediaPorts = { enabled: false };
    });
    expect(codes(off)).toEqual([]);
    const overflow = variant((t) => {
      t.clientMediaPorts = { audio: { start: 65530, count: 20 } };
    });
    expect(codes(overflow)).toEqual(['error media-range-overflow']);
  });

  it('reports YAML syntax errors with their position and stops there', () => {
    const result = validateTopology('version: 2\nname: [x\nproduct: sfb2019\n', 's.yaml');
    expect(result.topology).toBeUndefined();
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics.every((d) => d.code.startsWith('yaml-') && d.loc?.line !== undefined)).toBe(
      true,
    );
  });

  it('refuses alias bombs and multiple documents without throwing', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    const bomb = validateTopology(levels.join('\n'), 'bomb.yaml');
    expect(bomb.diagnostics.map((d) => d.code)).toEqual(['yaml-aliases']);
    const two = validateTopology('version: 2\n---\nversion: 2\n', 'two.yaml');
    expect(two.topology).toBeUndefined();
    expect(two.diagnostics[0]!.code).toMatch(/^yaml-/);
  });

  it('gives each load its own objects', () => {
    // The planner may keep one topology while another command loads the same file again.
    const text = readFileSync('examples/enterprise.yaml', 'utf8');
    const a = loadTopology(text, 'a.yaml').topology;
    const b = loadTopology(text, 'b.yaml').topology;
    expect(a).toEqual(b);
    expect(a.sites[0]).not.toBe(b.sites[0]);
  });
});

describe('missing fields, in the topology words (issue 16)', () => {
  it('says what a missing field holds without schema jargon', () => {
    const text =
      'version: 2\nname: X\nproduct: sfb2019\nsites:\n  - name: A\n    pools:\n      - role: front-end\n        servers: [{ fqdn: fe01.x.com, ip: 192.0.2.1 }]\n';
    const messages = validateTopology(text, 't.yaml').diagnostics.map((d) => d.message);
    expect(messages).toContain('(top level): missing zones (named networks: a mapping of names to values)');
    expect(messages).toContain('sites[0].pools[0]: missing fqdn (pool FQDN: a string)');
    for (const m of messages) expect(m).not.toMatch(/\brecord\b/);
  });
});
