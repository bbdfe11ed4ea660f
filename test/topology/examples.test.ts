import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { AddressSet } from '../../src/model/address-set.js';
import { addressEntries, namedEntries } from '../../src/topology/hosts.js';
import { loadTopology } from '../../src/topology/load.js';
import type { Topology } from '../../src/topology/schema.js';
import { zoneCidrs } from '../../src/topology/zones.js';

// The bundled examples are what a newcomer reads first and what `npm start` reports: they must
// validate without a single warning and use documentation addresses and names only.
const DIR = 'examples';
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));
const DOCUMENTATION = AddressSet.parse([
  '192.0.2.0/24',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '2001:db8::/32',
]);

function load(file: string): Topology {
  const path = join(DIR, file);
  const { topology, diagnostics } = loadTopology(readFileSync(path, 'utf8'), path);
  expect(diagnostics).toEqual([]);
  return topology;
}

describe('examples', () => {
  it('include the three documented deployments', () => {
    expect(files).toEqual(
      expect.arrayContaining(['enterprise.yaml', 'multi-site.yaml', 'standard-edition.yaml']),
    );
  });

  it.each(files)('%s validates with no diagnostics', (file) => {
    load(file);
  });

  it.each(files)('%s points editors at the shipped JSON Schema', (file) => {
    const first = readFileSync(join(DIR, file), 'utf8').split('\n')[0];
    expect(first).toBe('# yaml-language-server: $schema=../schema/topology.schema.json');
  });

  it.each(files)('%s uses documentation addresses and example names only', (file) => {
    const topology = load(file);
    for (const entry of addressEntries(topology)) {
      expect(
        DOCUMENTATION.contains(AddressSet.parse([entry.ip])),
        `${entry.ip} is not a documentation address`,
      ).toBe(true);
    }
    for (const [zone, value] of Object.entries(topology.zones)) {
      for (const cidr of zoneCidrs(value)) {
        expect(DOCUMENTATION.contains(AddressSet.parse([cidr])), `${zone}: ${cidr}`).toBe(true);
      }
    }
    const names = [
      ...namedEntries(topology).map((e) => e.fqdn),
      ...topology.sites.flatMap((s) => s.pools.flatMap((p) => p.servers.map((x) => x.fqdn))),
      ...topology.sipDomains,
    ];
    for (const name of names) expect(name).toMatch(/(^|\.)(contoso\.com|[a-z0-9-]+\.example)$/);
  });

  it('enterprise.yaml is the rich deployment the README promises', () => {
    const t = load('enterprise.yaml');
    const site = t.sites[0]!;
    const fe = site.pools.find((p) => p.role === 'front-end')!;
    expect(fe.loadBalancing).toBe('dns');
    expect(fe.vip).toBeDefined();
    expect(fe.collocatedMediation).toBe(true);
    expect(fe.gateways.length).toBeGreaterThan(0);
    expect(fe.features).toEqual(
      expect.arrayContaining([
        'conferencing',
        'dial-in',
        'enterprise-voice',
        'mobility',
        'response-group',
        'call-park',
      ]),
    );
    expect(site.pools.some((p) => p.role === 'director')).toBe(true);
    const edge = site.edgePools[0]!;
    expect(edge.features).toContain('federation');
    expect(edge.servers[0]!.external).toMatchObject({
      access: expect.any(String),
      webConferencing: expect.any(String),
      av: expect.any(String),
    });
    expect(site.reverseProxies).toHaveLength(1);
    expect(site.officeOnlineServers).toHaveLength(1);
    expect(site.sqlServers).toHaveLength(1);
    expect(site.fileShares).toHaveLength(1);
  });

  it('multi-site.yaml has two sites, a stand-alone Mediation pool and a branch appliance', () => {
    const t = load('multi-site.yaml');
    expect(t.sites).toHaveLength(2);
    expect(t.sites.some((s) => s.pools.some((p) => p.role === 'mediation'))).toBe(true);
    expect(t.sites.some((s) => s.branchAppliances.length > 0)).toBe(true);
  });

  it('standard-edition.yaml is one Standard Edition server with its file share', () => {
    const t = load('standard-edition.yaml');
    const pools = t.sites.flatMap((s) => s.pools);
    expect(pools).toHaveLength(1);
    expect(pools[0]).toMatchObject({ edition: 'standard', servers: [expect.anything()] });
    expect(t.sites[0]!.fileShares).toHaveLength(1);
  });

  it('defaults are filled in as the vendor documents them', () => {
    const t = load('multi-site.yaml');
    const gw = t.sites[0]!.gateways[0]!;
    // TCP gateway: listens on 5066 (Topology Builder), Mediation listens on 5068 (seed).
    expect(gw).toMatchObject({ transport: 'tcp', listenPort: 5066, mediationPort: 5068 });
    const sql = t.sites[0]!.sqlServers[0]!;
    expect(sql).toMatchObject({ port: 1433, mirroringPort: 5022, witnessPort: 7022 });
    const e = load('enterprise.yaml');
    expect(e.sites[0]!.gateways[0]).toMatchObject({
      transport: 'tls',
      listenPort: 5067,
      mediationPort: 5067,
    });
    // A topology that leaves the client media ports out gets the vendor default: disabled.
    expect(load('standard-edition.yaml').clientMediaPorts).toBeUndefined();
  });

  it('JSON and YAML spellings of one topology load to the same thing', () => {
    const text = readFileSync(join(DIR, 'enterprise.yaml'), 'utf8');
    const json = JSON.stringify(parse(text));
    expect(loadTopology(json, 'enterprise.json').topology).toEqual(load('enterprise.yaml'));
  });
});
