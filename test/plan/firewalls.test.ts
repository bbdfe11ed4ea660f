import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { catalog } from '../../src/catalog/index.js';
import { AddressSet } from '../../src/model/address-set.js';
import { findFirewall, firewallsOf } from '../../src/plan/firewalls.js';
import { plan } from '../../src/plan/plan.js';
import { loadTopology, validateTopology } from '../../src/topology/load.js';

// Issue 12: firewalls as things of the topology. Expectations are written from the example's comments
// and the vendor's Edge diagrams (external firewall: internet <-> public Edge and reverse proxy;
// internal firewall: perimeter-internal <-> LAN), not read back from the code.

const planOf = (text: string) => plan(loadTopology(text, 't.yaml').topology, catalog);
const enterpriseText = readFileSync('examples/enterprise.yaml', 'utf8');
const enterprise = planOf(enterpriseText);

describe('declared firewalls (examples/enterprise.yaml)', () => {
  const fw = (name: string) => {
    const found = findFirewall(enterprise, name);
    if (!found) throw new Error(`no firewall ${name}`);
    return found;
  };

  it('lists the four firewalls of the file, none assumed', () => {
    const { firewalls, assumed } = firewallsOf(enterprise);
    expect(firewalls.map((f) => `${f.name} ${f.kind} ${f.platform}`)).toEqual([
      'external network nftables',
      'internal network iptables',
      'rp01 host nftables',
      'front-ends host windows-firewall',
    ]);
    expect(assumed).toBeUndefined();
  });

  it('gives the external firewall federation in both directions and nothing for the LAN', () => {
    const ext = fw('external');
    const line = (f: (typeof ext.flows)[number]) =>
      `${f.from}>${f.to} ${f.flow.source.role} ${f.flow.destination.role} ${f.flow.transport}`;
    const lines = ext.flows.map(line);
    // Edge page: federated partners <-> Access Edge on 5061 (both directions).
    expect(lines).toContain('outside>perimeter federated-partner edge-external-access tcp');
    expect(lines).toContain('perimeter>outside edge-external-access federated-partner tcp');
    // Reverse proxy page: external users -> reverse proxy 443.
    expect(lines).toContain('outside>perimeter external-user reverse-proxy tcp');
    for (const f of ext.flows) {
      expect(['internet', 'perimeter-external']).toContain(f.flow.source.zone);
      expect(['internet', 'perimeter-external']).toContain(f.flow.destination.zone);
    }
  });

  it('never lets the perimeter reach a client zone through the internal firewall', () => {
    for (const f of fw('internal').flows)
      if (f.from === 'perimeter') expect(['clients', 'phones']).not.toContain(f.flow.destination.zone);
  });

  it('narrows a host firewall to its own server and resolves management sources', () => {
    const rp = fw('rp01');
    expect(rp.servers.map((s) => `${s.name} ${s.addresses}`)).toEqual(['rp01.contoso.com 203.0.113.20']);
    for (const f of rp.flows) expect(f.destinations.toString()).toBe('203.0.113.20');
    expect(rp.management).toHaveLength(1);
    expect(rp.management[0]!.sources.equals(AddressSet.parse(['192.0.2.60']))).toBe(true);
    expect(rp.management[0]!.ports.toString()).toBe('22');
  });

  it('carves the internet side so it owns no declared zone', () => {
    const outside = fw('external').sides.find((s) => s.name === 'outside')!;
    expect(outside.addresses.overlaps(AddressSet.parse(['203.0.113.20', '192.0.2.11']))).toBe(false);
    expect(outside.addresses.contains(AddressSet.parse(['8.8.8.8']))).toBe(true);
  });

  it('warns about boundaries no declared firewall covers', () => {
    const [warning] = firewallsOf(enterprise).warnings;
    expect(warning?.code).toBe('boundary-without-firewall');
    expect(warning?.message).toMatch(/clients -> servers/);
  });
});

describe('assumed firewalls', () => {
  it('assumes one per zone pair that flows cross and says so', () => {
    const p = planOf(readFileSync('examples/standard-edition.yaml', 'utf8'));
    const { firewalls, assumed } = firewallsOf(p);
    expect(firewalls.map((f) => f.name)).toEqual(['servers--clients']);
    expect(firewalls[0]!.derived).toBe(true);
    expect(assumed).toMatch(/names no firewalls/);
    const directions = new Set(firewalls[0]!.flows.map((f) => `${f.from}>${f.to}`));
    expect(directions).toEqual(new Set(['clients>servers', 'servers>clients']));
  });
});

describe('a firewall whose flows name "any" (the internet)', () => {
  // The enterprise example with one three-legged external firewall: outside | perimeter | lan. The
  // A/V Edge sends to "the internet" on 443 and 50000-59999; on this firewall that must not open the
  // LAN to it, nor let the LAN into the public Edge addresses as if it were the internet.
  // biome-ignore lint/suspicious/noExplicitAny: edits a parsed YAML document
  const edited = (edit: (fw: any) => void) => {
    const doc = parse(enterpriseText);
    doc.firewalls = [doc.firewalls[0]];
    edit(doc.firewalls[0]);
    return planOf(stringify(doc));
  };
  const lan = AddressSet.parse(['192.0.2.0/26', '198.51.100.0/25', '198.51.100.128/26']);
  const fromEdge = (p: ReturnType<typeof planOf>) =>
    findFirewall(p, 'external')!.flows.filter(
      (f) => f.flow.source.role === 'edge-external-av' && f.flow.destination.zone === 'internet',
    );
  const toEdge = (p: ReturnType<typeof planOf>) =>
    findFirewall(p, 'external')!.flows.filter(
      (f) => f.flow.source.zone === 'internet' && f.flow.destination.role === 'edge-external-av',
    );

  it('cuts "any" to the side the flow uses when the firewall has three sides', () => {
    const p = edited((fw) => {
      fw.sides.lan = ['servers', 'clients', 'phones'];
    });
    const out = fromEdge(p);
    expect(out.length).toBeGreaterThan(0);
    for (const f of out) {
      expect(f.destinations.overlaps(lan), f.flow.id).toBe(false);
      expect(f.destinations.contains(AddressSet.parse(['8.8.8.8'])), f.flow.id).toBe(true);
    }
    for (const f of toEdge(p)) expect(f.sources.overlaps(lan), f.flow.id).toBe(false);
  });

  it('cuts it too when the firewall owns the default, and leaves a two-sided one as it was', () => {
    for (const f of fromEdge(edited((fw) => (fw.defaultDrop = true))))
      expect(f.destinations.overlaps(lan), f.flow.id).toBe(false);
    // Two sides, policy accept: crossing traffic can only reach the other side, so "any" stays "any"
    // and the rule sets stay as short as before.
    for (const f of fromEdge(enterprise)) expect(f.destinations.isAny, f.flow.id).toBe(true);
  });
});

describe('management access written with a zone name', () => {
  it('resolves to the zone on a host firewall as on a network firewall (it resolved to nothing)', () => {
    const doc = parse(enterpriseText);
    doc.firewalls[2].management = [{ description: 'SSH', sources: ['servers'], tcp: [22] }];
    const rp = findFirewall(planOf(stringify(doc)), 'rp01')!;
    expect(rp.management).toHaveLength(1);
    expect(rp.management[0]!.sources.equals(AddressSet.parse(['192.0.2.0/26']))).toBe(true);
  });
});

describe('validation of firewalls', () => {
  const base = parse(enterpriseText);
  // biome-ignore lint/suspicious/noExplicitAny: each case edits a parsed YAML document
  const codes = (edit: (t: any) => void) => {
    const copy = structuredClone(base);
    edit(copy);
    return validateTopology(stringify(copy), 't.yaml').diagnostics.map((d) => `${d.code} ${d.message}`);
  };

  it('accepts the example as it is', () => {
    expect(codes(() => {})).toEqual([]);
  });

  it('rejects unknown zones, a zone on two sides, one side, unknown servers and duplicates', () => {
    expect(
      codes((t) => {
        t.firewalls[0].sides.perimeter = ['perimeter-externl', 'internet'];
        t.firewalls[1].sides = { lan: ['servers'] };
        t.firewalls[2].servers = ['rp02.contoso.com'];
        t.firewalls.push({ ...t.firewalls[2], servers: ['rp01.contoso.com'] });
      }),
    ).toEqual([
      expect.stringMatching(/^unknown-zone firewalls\[0\]\.sides\.perimeter\[0\]: zone perimeter-externl/),
      expect.stringMatching(
        /^firewall-zone-on-two-sides firewalls\[0\]\.sides\.perimeter\[1\]: zone internet is behind side outside/,
      ),
      expect.stringMatching(
        /^firewall-sides firewalls\[1\]\.sides: network firewall internal needs at least two sides/,
      ),
      expect.stringMatching(/^unknown-reference firewalls\[2\]\.servers\[0\]: server rp02\.contoso\.com/),
      expect.stringMatching(
        /^duplicate-firewall firewalls\[4\]\.name: firewall rp01 is already declared at firewalls\[2\]/,
      ),
    ]);
  });

  it('rejects Windows Firewall on a network firewall, sources that are neither network nor zone, and no ports', () => {
    expect(
      codes((t) => {
        t.firewalls[0].platform = 'windows-firewall';
        t.firewalls[2].management = [{ sources: ['mgmt.contoso.com'], tcp: [] }];
      }),
    ).toEqual([
      expect.stringMatching(/^firewall-platform-for-kind firewalls\[0\]\.platform/),
      expect.stringMatching(/^management-no-ports firewalls\[2\]\.management\[0\]/),
      expect.stringMatching(
        /^invalid-cidr firewalls\[2\]\.management\[0\]\.sources\[0\]: mgmt\.contoso\.com/,
      ),
    ]);
  });

  it('refuses firewalls in a version 1 file', () => {
    expect(
      codes((t) => {
        t.version = 1;
        for (const z of Object.values(t.zones)) void z;
      }).some((c) => c.startsWith('version-2-setting firewalls')),
    ).toBe(true);
  });
});
