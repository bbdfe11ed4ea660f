import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { chainName, iptables } from '../../src/emit/targets/iptables.js';
import { nftables } from '../../src/emit/targets/nftables.js';
import { type EmitResult, emittedText } from '../../src/emit/types.js';
import { boundaryKey } from '../../src/model/flow.js';
import type { Plan } from '../../src/model/plan.js';
import { PortSet } from '../../src/model/ports.js';
import { plan } from '../../src/plan/plan.js';
import { loadTopology, validateTopology } from '../../src/topology/load.js';
import { skipUnless } from '../support/requirements.js';
import { parseIpsetRestore, parseIptablesSave } from './support/iptables-save.js';
import { withNetns } from './support/netns.js';
import { parseNftJson } from './support/nft-json.js';
import { type Box, compareSpaces } from './support/packet-space.js';

/**
 * A topology whose servers and networks are written as IPv4-mapped IPv6 (::ffff:192.0.2.11). They are
 * IPv4 hosts: the validator puts them in their IPv4 zones, and the rules must accept IPv4 traffic to
 * them. Before the model's one parser, the emitters read them as IPv6 next to IPv4 client networks and
 * silently wrote no accept rule at all.
 */
const FILE = join(import.meta.dirname, '../fixtures/ipv4-mapped.yaml');
const TEXT = readFileSync(FILE, 'utf8');
const mappedPlan: Plan = plan(loadTopology(TEXT, FILE).topology, catalog);

const FRONT_ENDS = ['192.0.2.11', '192.0.2.12'];

function crossing(key: string): Box[] {
  return mappedPlan.flows
    .filter((f) => boundaryKey(f.boundary) === key)
    .map((f) => ({
      transport: f.transport,
      sources: f.source.addressSet,
      destinations: f.destination.addressSet,
      ports: PortSet.fromRanges(f.ports),
    }));
}

function companion(r: EmitResult, suffix: string): string {
  return emittedText(r.companions!.find((c) => c.suffix === suffix)!.text);
}

describe('IPv4-mapped addresses', () => {
  it('validate with no diagnostic, each host in its IPv4 zone', () => {
    expect(validateTopology(TEXT, FILE).diagnostics).toEqual([]);
    const frontEnd = mappedPlan.flows.find((f) => f.destination.role === 'front-end')!.destination;
    expect(frontEnd.zone).toBe('servers');
    expect(frontEnd.addresses).toEqual(FRONT_ENDS);
    expect(frontEnd.addressSet.hasFamily(6)).toBe(false);
    const edge = mappedPlan.flows.find((f) => f.destination.role === 'edge-internal')!.destination;
    expect([edge.zone, ...edge.addresses]).toEqual(['perimeter-internal', '192.0.2.71']);
  });

  it('nftables accepts IPv4 clients at the front ends, and writes no mapped address', () => {
    const text = emittedText(nftables.emit(mappedPlan, { boundary: 'clients:servers' }).text);
    expect(text).not.toMatch(/::ffff:/i);
    expect(text).toMatch(/elements = \{ 192\.0\.2\.11, 192\.0\.2\.12 \}/);
    const set = /set (addr4_\d+) \{[^}]*elements = \{ 192\.0\.2\.11, 192\.0\.2\.12 \}/.exec(text)![1];
    expect(text).toContain(`ip saddr 198.51.100.0/25 ip daddr @${set} tcp dport`);
    expect(text).toContain(`ip saddr 198.51.100.0/25 ip daddr @${set} udp dport 49152-65535 counter accept`);
    expect(text).toMatch(/^\t\tip saddr 198\.51\.100\.0\/25 ip daddr 192\.0\.2\.10 tcp dport/m);
  });

  it('iptables accepts them in the IPv4 file, and the IPv6 file names none of them', () => {
    const r = iptables.emit(mappedPlan, { boundary: 'clients:servers' });
    for (const host of FRONT_ENDS) {
      expect(emittedText(r.text)).toMatch(
        new RegExp(`^-A \\S+ -s 198\\.51\\.100\\.0/25 -d ${host} -p tcp .* -j ACCEPT$`, 'm'),
      );
      expect(emittedText(r.text)).toMatch(
        new RegExp(`^-A \\S+ -s 198\\.51\\.100\\.0/25 -d ${host} -p udp .* -j ACCEPT$`, 'm'),
      );
    }
    expect(`${emittedText(r.text)}${companion(r, '.ip6')}`).not.toMatch(/::ffff:/i);
    expect(companion(r, '.ip6')).not.toMatch(/^-A sfbp.* -[sd] /m);
  });

  describe.skipIf(
    skipUnless(
      { netns: true, commands: ['nft', 'iptables-restore', 'ip6tables-restore', 'ipset'] },
      'mapped-address rules checked by nft and iptables-restore',
    ),
  )('with the real tools', () => {
    const keys = [...new Set(mappedPlan.flows.map((f) => boundaryKey(f.boundary)))];

    it('nft -c, iptables-restore --test and ip6tables-restore --test accept every boundary', () => {
      withNetns((ns) => {
        for (const options of [{}, ...keys.map((boundary) => ({ boundary }))]) {
          ns.run('nft', ['-c', '-f', '-'], emittedText(nftables.emit(mappedPlan, options).text));
          const r = iptables.emit(mappedPlan, options);
          ns.run('ipset', ['restore', '-exist'], companion(r, '.ipset'));
          ns.run('iptables-restore', ['--test'], emittedText(r.text));
          ns.run('ip6tables-restore', ['--test'], companion(r, '.ip6'));
        }
      });
    });

    it('the loaded rules allow exactly the flows of each boundary, as IPv4', () => {
      const key = 'clients:servers';
      expect(keys).toContain(key);
      withNetns((ns) => {
        ns.run('nft', ['-f', '-'], emittedText(nftables.emit(mappedPlan, { boundary: key }).text));
        const [table] = parseNftJson(ns.run('nft', ['-j', 'list', 'ruleset']));
        expect(compareSpaces(crossing(key), table!.boxes)).toEqual([]);
        const toFrontEnds = table!.boxes.filter((b) => b.destinations.cidrs(4).includes('192.0.2.11/32'));
        expect(toFrontEnds.length).toBeGreaterThan(0);
      });
      withNetns((ns) => {
        const r = iptables.emit(mappedPlan, { boundary: key });
        const ipsetText = companion(r, '.ipset');
        ns.run('ipset', ['restore', '-exist'], ipsetText);
        ns.run('iptables-restore', ['--noflush'], emittedText(r.text));
        ns.run('ip6tables-restore', ['--noflush'], companion(r, '.ip6'));
        const sets = parseIpsetRestore(ipsetText);
        const v4 = parseIptablesSave(ns.run('iptables-save', ['-t', 'filter']), 4, sets);
        const v6 = parseIptablesSave(ns.run('ip6tables-save', ['-t', 'filter']), 6, sets);
        const chain = chainName(key.replace(':', '_to_'));
        expect(
          compareSpaces(crossing(key), [...(v4.get(chain)?.boxes ?? []), ...(v6.get(chain)?.boxes ?? [])]),
        ).toEqual([]);
        expect(v6.get(chain)?.boxes ?? []).toEqual([]);
      });
    });
  });
});
