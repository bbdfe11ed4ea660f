import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { catalog } from '../../src/catalog/index.js';
import { AddressSet } from '../../src/model/address-set.js';
import { plan } from '../../src/plan/plan.js';
import { loadTopology, validateTopology } from '../../src/topology/load.js';
import { ZoneIndex } from '../../src/topology/zones.js';

// Issue 11: a network of one zone inside another zone's network re-homed hosts silently (the most
// specific network wins). Overlaps are errors unless the inner zone says { within: <outer>, cidrs }.

/** The standard-edition example: servers 192.0.2.0/28 (se01 .5, fs01 .6), clients 198.51.100.0/24. */
const base = parse(readFileSync('examples/standard-edition.yaml', 'utf8'));

// biome-ignore lint/suspicious/noExplicitAny: each test patches the zones of a parsed YAML document
function variant(edit: (t: any) => void): string {
  const copy = structuredClone(base);
  edit(copy);
  return stringify(copy);
}

const diagnostics = (text: string) => validateTopology(text, 't.yaml').diagnostics;
const codes = (text: string) => diagnostics(text).map((d) => `${d.severity} ${d.code}`);

describe('overlapping zones', () => {
  it('rejects a network added to another zone inside the servers network, naming both zones and the hosts', () => {
    const text = variant((t) => {
      t.zones.clients = ['198.51.100.0/24', '192.0.2.0/29'];
    });
    const found = diagnostics(text);
    expect(found.map((d) => d.code)).toEqual(['zone-overlap']);
    expect(found[0]!.message).toBe(
      'zones.clients[1]: 192.0.2.0/29 of zone clients lies inside 192.0.2.0/28 of zone servers; se01.litware.example, fs01.litware.example would be in clients, not servers',
    );
    expect(found[0]!.hint).toMatch(/within: servers/);
    expect(found[0]!.loc).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
  });

  it('rejects a later network that contains an earlier zone network', () => {
    const text = variant((t) => {
      t.zones.campus = ['192.0.0.0/16'];
    });
    const found = diagnostics(text);
    expect(found.map((d) => d.code)).toEqual(['zone-overlap']);
    expect(found[0]!.message).toMatch(
      /^zones\.campus\[0\]: 192\.0\.0\.0\/16 of zone campus contains 192\.0\.2\.0\/28 of zone servers/,
    );
  });

  it('reads IPv4-mapped spellings as IPv4 and keeps the families apart', () => {
    const mapped = variant((t) => {
      t.zones.lab = ['::ffff:192.0.2.0/126'];
    });
    expect(codes(mapped)).toEqual(['error zone-overlap']);
    const v6 = variant((t) => {
      t.zones.lab = ['2001:db8::/32'];
    });
    expect(codes(v6)).toEqual([]);
  });

  it('lets one zone list nested networks of its own', () => {
    const text = variant((t) => {
      t.zones.servers = ['192.0.2.0/28', '192.0.2.0/30'];
    });
    expect(codes(text)).toEqual([]);
  });

  it('accepts a zone declared within another, and the planner puts its hosts there', () => {
    const text = variant((t) => {
      t.version = 2;
      t.zones['file-servers'] = { within: 'servers', cidrs: ['192.0.2.6/32'] };
    });
    const { topology, diagnostics: found } = loadTopology(text, 't.yaml');
    expect(found).toEqual([]);
    const zones = new ZoneIndex(topology.zones);
    expect(zones.zoneOf(AddressSet.parse(['192.0.2.6']))).toBe('file-servers');
    expect(zones.zoneOf(AddressSet.parse(['192.0.2.5']))).toBe('servers');
    const smb = plan(topology, catalog).flows.filter((f) => f.destination.zone === 'file-servers');
    expect(smb.length).toBeGreaterThan(0);
    expect(smb.some((f) => f.boundary.from === 'servers' && f.boundary.to === 'file-servers')).toBe(true);
  });

  it('accepts nesting two deep, and judges a zone nested in a nested zone against the outer one', () => {
    const text = variant((t) => {
      t.version = 2;
      t.zones.core = { within: 'servers', cidrs: ['192.0.2.0/29'] };
      t.zones.sql = { within: 'core', cidrs: ['192.0.2.0/30'] };
    });
    expect(codes(text)).toEqual([]);
  });

  it('rejects within that names no zone, the internet, the zone itself, or a loop', () => {
    const unknown = variant((t) => {
      t.zones.core = { within: 'server', cidrs: ['192.0.2.0/29'] };
    });
    expect(diagnostics(unknown).map((d) => [d.code, d.hint])).toEqual([
      ['unknown-zone', 'did you mean servers? declared zones: servers, clients, core'],
    ]);
    const loop = variant((t) => {
      t.zones.a = { within: 'b', cidrs: ['10.0.0.0/24'] };
      t.zones.b = { within: 'a', cidrs: ['10.0.0.0/24'] };
    });
    expect(codes(loop)).toEqual([
      'error zone-within-loop',
      'error zone-within-loop',
      'error duplicate-network',
    ]);
  });

  it('rejects a network of a nested zone outside the zone it is declared within', () => {
    const text = variant((t) => {
      t.zones.core = { within: 'servers', cidrs: ['192.0.2.0/29', '10.0.0.0/24'] };
    });
    const found = diagnostics(text);
    expect(found.map((d) => d.code)).toEqual(['zone-not-within']);
    expect(found[0]!.message).toMatch(
      /^zones\.core\.cidrs\[1\]: 10\.0\.0\.0\/24 is not inside any network of zone servers/,
    );
  });

  it('tells a misspelt key of a nested zone', () => {
    const text = variant((t) => {
      t.zones.core = { witin: 'servers', cidrs: ['192.0.2.0/29'] };
    });
    const found = diagnostics(text);
    expect(found.map((d) => d.code)).toEqual(['missing-field', 'unknown-field']);
    expect(found[1]!.hint).toMatch(/^did you mean within\?/);
  });
});

describe('a zone nested in a client zone (issue 12)', () => {
  // Phones 198.51.100.0/26 inside clients 198.51.100.0/24: a flow of the clients zone must not admit
  // the phones, which no such flow needs (the review found phones reaching Front End 8057 and media).
  const text = variant((t) => {
    t.zones.phones = { within: 'clients', cidrs: ['198.51.100.0/26'] };
    t.clients.phones = ['phones'];
  });
  const { topology } = loadTopology(text, 't.yaml');
  const flows = plan(topology, catalog).flows;
  const phone = AddressSet.parse(['198.51.100.7']);
  const desktop = AddressSet.parse(['198.51.100.200']);

  it('leaves the nested zone out of every flow from the outer zone, and keeps the rest of it', () => {
    const fromClients = flows.filter((f) => f.source.kind === 'zone' && f.source.zone === 'clients');
    expect(fromClients.length).toBeGreaterThan(0);
    for (const f of fromClients) {
      expect(f.source.addressSet.overlaps(phone), f.id).toBe(false);
      expect(f.source.addressSet.contains(desktop), f.id).toBe(true);
      // People still read the zone's network as written.
      expect(f.source.addresses).toEqual(['198.51.100.0/24']);
    }
    const toClients = flows.filter((f) => f.destination.kind === 'zone' && f.destination.zone === 'clients');
    for (const f of toClients) expect(f.destination.addressSet.overlaps(phone), f.id).toBe(false);
  });

  it('gives the phones their own flows, from their own network only', () => {
    const fromPhones = flows.filter((f) => f.source.zone === 'phones');
    expect(fromPhones.length).toBeGreaterThan(0);
    for (const f of fromPhones) expect(f.source.addressSet.equals(AddressSet.parse(['198.51.100.0/26']))).toBe(true);
  });
});
