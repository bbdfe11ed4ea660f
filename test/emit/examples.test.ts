import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMITTERS } from '../../src/emit/index.js';
import { acceptsParameter, CMDLETS } from '../../src/emit/powershell-cmdlets.js';
import { destinationHosts } from '../../src/emit/scope.js';
import type { EmitResult } from '../../src/emit/types.js';
import { AddressSet } from '../../src/model/address-set.js';
import { boundaryKey } from '../../src/model/flow.js';
import type { Plan } from '../../src/model/plan.js';
import { PortSet } from '../../src/model/ports.js';
import { expectGolden } from '../support/golden.js';
import { skipUnless } from '../support/requirements.js';
import { fixturePlan } from './fixtures.js';
import { examplePlans } from './support/examples.js';
import { parseIpsetRestore, parseIptablesSave } from './support/iptables-save.js';
import { withNetns } from './support/netns.js';
import { parseNftJson } from './support/nft-json.js';
import { compareSpaces, hostBoxes } from './support/packet-space.js';
import { parsePowerShell } from './support/powershell.js';

const GOLDEN = join(import.meta.dirname, '../golden/emit');
const CASES: Array<[string, Plan]> = [...examplePlans(), ['fixture-fabrikam', fixturePlan]];

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
      expectGolden(path, result.text);
      for (const c of result.companions ?? []) expectGolden(`${path}${c.suffix}`, c.text);
      const again = outputs(plan).find(([t, x]) => t === target && x === ext)![2];
      expect(again.text).toBe(result.text);
    }
  });

  it('PowerShell outputs parse cleanly and use only documented parameters', async () => {
    for (const [target, ext, result] of outputs(plan)) {
      if (!ext.endsWith('ps1')) continue;
      const parsed = await parsePowerShell(result.text);
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
            ns.run('nft', ['-c', '-f', '-'], nft.text);
            const ipt = EMITTERS.find((e) => e.name === 'iptables')!.emit(plan, options);
            const sets = ipt.companions?.find((c) => c.suffix === '.ipset');
            if (sets) ns.run('ipset', ['restore', '-exist'], sets.text);
            ns.run('iptables-restore', ['--test'], ipt.text);
            ns.run('ip6tables-restore', ['--test'], ipt.companions!.find((c) => c.suffix === '.ip6')!.text);
          }
        });
      });

      it('the loaded nftables rule set allows exactly the flows of each boundary, no fewer, no wider', () => {
        withNetns((ns) => {
          ns.run('nft', ['-f', '-'], EMITTERS.find((e) => e.name === 'nftables')!.emit(plan, {}).text);
          const tables = parseNftJson(ns.run('nft', ['-j', 'list', 'ruleset']));
          const crossing = plan.flows.filter((f) => !f.boundary.sameZone);
          const keys = [...new Set(crossing.map((f) => boundaryKey(f.boundary)))];
          expect(tables.length).toBe(keys.length);
          for (const key of keys) {
            const [from, to] = key.split(':');
            const table = tables.find(
              (t) => t.name === `sfbports_${from}_to_${to}`.replace(/[^A-Za-z0-9_]/g, '_'),
            );
            expect(table, key).toBeDefined();
            expect(table!.policy).toBe('drop');
            const expected = crossing
              .filter((f) => boundaryKey(f.boundary) === key)
              .map((f) => ({
                transport: f.transport,
                sources: AddressSet.parse(f.source.addresses),
                destinations: AddressSet.parse(f.destination.addresses),
                ports: PortSet.fromRanges(f.ports),
              }));
            expect(compareSpaces(expected, table!.boxes), key).toEqual([]);
          }
        });
      });

      it('the loaded iptables rule set allows exactly the flows of each boundary, in both families', () => {
        const crossing = plan.flows.filter((f) => !f.boundary.sameZone);
        const r = EMITTERS.find((e) => e.name === 'iptables')!.emit(plan, {});
        const ipsetText = r.companions!.find((c) => c.suffix === '.ipset')!.text;
        const sets = parseIpsetRestore(ipsetText);
        withNetns((ns) => {
          ns.run('ipset', ['restore', '-exist'], ipsetText);
          ns.run('iptables-restore', [], r.text);
          ns.run('ip6tables-restore', [], r.companions!.find((c) => c.suffix === '.ip6')!.text);
          const v4 = parseIptablesSave(ns.run('iptables-save', ['-t', 'filter']), 4, sets);
          const v6 = parseIptablesSave(ns.run('ip6tables-save', ['-t', 'filter']), 6, sets);
          for (const key of new Set(crossing.map((f) => boundaryKey(f.boundary)))) {
            const label = key.replace(':', ' -> ');
            const expected = crossing
              .filter((f) => boundaryKey(f.boundary) === key)
              .map((f) => ({
                transport: f.transport,
                sources: AddressSet.parse(f.source.addresses),
                destinations: AddressSet.parse(f.destination.addresses),
                ports: PortSet.fromRanges(f.ports),
              }));
            const actual = [...(v4.get(label) ?? []), ...(v6.get(label) ?? [])];
            expect(compareSpaces(expected, actual), key).toEqual([]);
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
              EMITTERS.find((e) => e.name === 'nftables')!.emit(plan, { server: host }).text,
            );
            const [table] = parseNftJson(ns.run('nft', ['-j', 'list', 'ruleset']));
            expect(compareSpaces(hostBoxes(plan, host), table!.boxes), host).toEqual([]);
          }
        });
      });
    },
  );
});
