import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMITTERS } from '../../src/emit/index.js';
import { acceptsParameter, CMDLETS } from '../../src/emit/powershell-cmdlets.js';
import { destinationHosts } from '../../src/emit/scope.js';
import { chainName } from '../../src/emit/targets/iptables.js';
import { type EmitResult, emittedText } from '../../src/emit/types.js';
import { AddressSet } from '../../src/model/address-set.js';
import { boundaryKey } from '../../src/model/flow.js';
import type { Plan } from '../../src/model/plan.js';
import { PortSet } from '../../src/model/ports.js';
import { firewallsOf, type PlannedFirewall } from '../../src/plan/firewalls.js';
import { expectGolden } from '../support/golden.js';
import { skipUnless } from '../support/requirements.js';
import { fixturePlan } from './fixtures.js';
import { examplePlans } from './support/examples.js';
import { parseIpsetRestore, parseIptablesSave } from './support/iptables-save.js';
import { withNetns } from './support/netns.js';
import { type DropBox, parseNftJson } from './support/nft-json.js';
import { type Box, compareSpaces, hostBoxes } from './support/packet-space.js';
import { parsePowerShell } from './support/powershell.js';

const GOLDEN = join(import.meta.dirname, '../golden/emit');
const CASES: Array<[string, Plan]> = [...examplePlans(), ['fixture-fabrikam', fixturePlan]];

const nftName = (firewall: string) => `sfbports_${firewall}`.replace(/[^A-Za-z0-9_]+/g, '_');

/** What a firewall must accept: each of its flows, with the addresses as the plan parsed them. */
function firewallBoxes(fw: PlannedFirewall): Box[] {
  return fw.flows.map((f) => ({
    transport: f.flow.transport,
    sources: f.sources,
    destinations: f.destinations,
    ports: PortSet.fromRanges(f.flow.ports),
  }));
}

/**
 * Every drop rule of a network firewall is one side to another side (in one family), and every such
 * pair with addresses in a family has its drop rule: it owns exactly the traffic between its sides.
 */
function dropsMatchSides(fw: PlannedFirewall, drops: readonly DropBox[]): string[] {
  const problems: string[] = [];
  // iptables writes a small address group one address per rule: gather the rules of each pair.
  const gathered = new Map<string, { sources: AddressSet[]; destinations: AddressSet[] }>();
  for (const d of drops) {
    const family = d.sources.hasFamily(4) && d.destinations.hasFamily(4) ? 4 : 6;
    const pairs = fw.sides.flatMap((a) =>
      fw.sides
        .filter(
          (b) =>
            a !== b &&
            a.addresses.only(family).contains(d.sources.only(family)) &&
            b.addresses.only(family).contains(d.destinations.only(family)),
        )
        .map((b) => `${a.name}>${b.name}/${family}`),
    );
    if (pairs.length !== 1 || d.transport !== undefined) {
      problems.push(`drop ${d.sources} -> ${d.destinations} is not one side to another`);
      continue;
    }
    const entry = gathered.get(pairs[0]!) ?? { sources: [], destinations: [] };
    entry.sources.push(d.sources.only(family));
    entry.destinations.push(d.destinations.only(family));
    gathered.set(pairs[0]!, entry);
  }
  for (const a of fw.sides)
    for (const b of fw.sides)
      for (const family of [4, 6] as const) {
        if (a === b || !a.addresses.hasFamily(family) || !b.addresses.hasFamily(family)) continue;
        const key = `${a.name}>${b.name}/${family}`;
        const got = gathered.get(key);
        if (
          !got ||
          !AddressSet.unionOf(got.sources).equals(a.addresses.only(family)) ||
          !AddressSet.unionOf(got.destinations).equals(b.addresses.only(family))
        )
          problems.push(`no drop covering ${key}`);
      }
  return problems;
}

function outputs(plan: Plan): Array<[target: string, ext: string, result: EmitResult]> {
  return EMITTERS.flatMap((e) => [
    [e.name, e.extension, e.emit(plan, {})] as [string, string, EmitResult],
    ...e.capabilities.variants.map(
      ({ name: v }) =>
        [`${e.name}`, `${v}.${e.extension}`, e.emit(plan, { variant: v })] as [string, string, EmitResult],
    ),
  ]);
}

describe.each(CASES)('example %s', (name, plan) => {
  it('matches the golden file of every target, and emits the same bytes twice', () => {
    expect(CASES.length).toBeGreaterThan(1);
    for (const [target, ext, result] of outputs(plan)) {
      const path = join(GOLDEN, target, `${name}.${ext}`);
      expectGolden(path, emittedText(result.text));
      for (const c of result.companions ?? []) expectGolden(`${path}${c.suffix}`, emittedText(c.text));
      const again = outputs(plan).find(([t, x]) => t === target && x === ext)![2];
      expect(emittedText(again.text)).toBe(emittedText(result.text));
      // A streamed rule set yields the same text each time it is read.
      expect(emittedText(result.text)).toBe(emittedText(result.text));
    }
  });

  it('PowerShell outputs parse cleanly and use only documented parameters', async () => {
    for (const [target, ext, result] of outputs(plan)) {
      if (!ext.endsWith('ps1')) continue;
      const parsed = await parsePowerShell(emittedText(result.text));
      expect(parsed.errors, `${target} ${ext}`).toEqual([]);
      for (const c of parsed.commands) {
        if (c.native || parsed.functions.includes(c.name)) continue;
        expect(Object.keys(CMDLETS)).toContain(c.name);
        for (const p of c.parameters) expect(acceptsParameter(c.name, p), `${c.name} -${p}`).toBe(true);
      }
    }
  });

  describe.skipIf(skipUnless({ netns: true, commands: ['nft', 'iptables-restore', 'ipset'] }, 'emit tools'))(
    'with the real tools',
    () => {
      it('nftables and iptables outputs are accepted, for the whole plan and per boundary', () => {
        const boundaries = [...new Set(plan.flows.map((f) => boundaryKey(f.boundary)))];
        withNetns((ns) => {
          for (const options of [{}, ...boundaries.map((boundary) => ({ boundary }))]) {
            const nft = EMITTERS.find((e) => e.name === 'nftables')!.emit(plan, options);
            ns.run('nft', ['-c', '-f', '-'], emittedText(nft.text));
            const ipt = EMITTERS.find((e) => e.name === 'iptables')!.emit(plan, options);
            const sets = ipt.companions?.find((c) => c.suffix === '.ipset');
            if (sets) ns.run('ipset', ['restore', '-exist'], emittedText(sets.text));
            ns.run('iptables-restore', ['--test', '--noflush'], emittedText(ipt.text));
            ns.run(
              'ip6tables-restore',
              ['--test', '--noflush'],
              emittedText(ipt.companions!.find((c) => c.suffix === '.ip6')!.text),
            );
          }
        });
      });

      it('the loaded nftables rule set: one table per firewall, exactly its flows, drops only between its sides', () => {
        withNetns((ns) => {
          ns.run(
            'nft',
            ['-f', '-'],
            emittedText(EMITTERS.find((e) => e.name === 'nftables')!.emit(plan, {}).text),
          );
          const tables = parseNftJson(ns.run('nft', ['-j', 'list', 'ruleset']));
          const network = firewallsOf(plan).firewalls.filter((f) => f.kind === 'network');
          expect(tables.map((t) => t.name).sort()).toEqual(network.map((f) => nftName(f.name)).sort());
          for (const fw of network) {
            const table = tables.find((t) => t.name === nftName(fw.name))!;
            // Policy accept: the table never drops what another table accepts outside its own sides.
            expect(table.policy, fw.name).toBe(fw.defaultDrop ? 'drop' : 'accept');
            expect(compareSpaces(firewallBoxes(fw), table.boxes), fw.name).toEqual([]);
            expect(dropsMatchSides(fw, table.drops), fw.name).toEqual([]);
          }
          // No table drops traffic that another table accepts: two firewalls' tables on one machine
          // never block each other's flows (issue 12).
          for (const t of tables)
            for (const other of tables)
              if (t !== other)
                for (const drop of t.drops)
                  for (const box of other.boxes)
                    expect(
                      drop.sources.overlaps(box.sources) && drop.destinations.overlaps(box.destinations),
                      `${t.name} drops what ${other.name} accepts`,
                    ).toBe(false);
        });
      });

      it('the loaded iptables chains: one per firewall, exactly its flows in both families, nothing else touched', () => {
        const r = EMITTERS.find((e) => e.name === 'iptables')!.emit(plan, {});
        const ipsetText = emittedText(r.companions!.find((c) => c.suffix === '.ipset')!.text);
        const sets = parseIpsetRestore(ipsetText);
        withNetns((ns) => {
          ns.run('iptables', ['-P', 'FORWARD', 'DROP']);
          ns.run('ipset', ['restore', '-exist'], ipsetText);
          ns.run('iptables-restore', ['--noflush'], emittedText(r.text));
          ns.run(
            'ip6tables-restore',
            ['--noflush'],
            emittedText(r.companions!.find((c) => c.suffix === '.ip6')!.text),
          );
          const saved = ns.run('iptables-save', ['-t', 'filter']);
          expect(saved).toContain(':FORWARD DROP');
          const v4 = parseIptablesSave(saved, 4, sets);
          const v6 = parseIptablesSave(ns.run('ip6tables-save', ['-t', 'filter']), 6, sets);
          const network = firewallsOf(plan).firewalls.filter((f) => f.kind === 'network');
          for (const fw of network) {
            const chain = chainName(fw.name);
            const actual = [...(v4.get(chain)?.boxes ?? []), ...(v6.get(chain)?.boxes ?? [])];
            expect(compareSpaces(firewallBoxes(fw), actual), fw.name).toEqual([]);
            const drops = [...(v4.get(chain)?.drops ?? []), ...(v6.get(chain)?.drops ?? [])];
            expect(dropsMatchSides(fw, drops), fw.name).toEqual([]);
          }
        });
      });

      it("with --server, each host's input chain allows exactly what that host must accept", () => {
        const hosts = [...destinationHosts(plan).keys()].sort();
        withNetns((ns) => {
          for (const host of hosts) {
            ns.run('nft', ['flush', 'ruleset']);
            ns.run(
              'nft',
              ['-f', '-'],
              emittedText(EMITTERS.find((e) => e.name === 'nftables')!.emit(plan, { server: host }).text),
            );
            const [table] = parseNftJson(ns.run('nft', ['-j', 'list', 'ruleset']));
            expect(compareSpaces(hostBoxes(plan, host), table!.boxes), host).toEqual([]);
          }
        });
      });
    },
  );
});
