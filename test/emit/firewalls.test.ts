import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findEmitter } from '../../src/emit/index.js';
import { type Emitter, emittedText } from '../../src/emit/types.js';
import { AddressSet } from '../../src/model/address-set.js';
import { findFirewall, firewallsOf } from '../../src/plan/firewalls.js';
import { expectGolden } from '../support/golden.js';
import { skipUnless } from '../support/requirements.js';
import { examplePlans } from './support/examples.js';
import { withNetns } from './support/netns.js';
import { parseNftJson } from './support/nft-json.js';
import { parsePowerShell } from './support/powershell.js';

// Issue 12: one rule set per firewall of the topology, declared or assumed.

const GOLDEN = join(import.meta.dirname, '../golden/emit/firewall');
const target = (name: string): Emitter => findEmitter(name)!;
const enterprise = examplePlans().find(([n]) => n === 'enterprise')![1];

/** The target a firewall's rule set is written with: its platform, nftables for report-only. */
function targetOf(platform: string): string {
  return platform === 'report-only' ? 'nftables' : platform;
}

describe.each(examplePlans())('example %s, per firewall', (name, plan) => {
  it('matches the golden rule set of every firewall and emits the same bytes twice', () => {
    const { firewalls } = firewallsOf(plan);
    expect(firewalls.length).toBeGreaterThan(0);
    for (const fw of firewalls) {
      const emitter = target(targetOf(fw.platform));
      const result = emitter.emit(plan, { firewall: fw.name });
      const path = join(GOLDEN, name, `${fw.name}.${emitter.extension}`);
      expectGolden(path, emittedText(result.text));
      for (const c of result.companions ?? []) expectGolden(`${path}${c.suffix}`, emittedText(c.text));
      expect(emittedText(emitter.emit(plan, { firewall: fw.name }).text)).toBe(emittedText(result.text));
    }
  });
});

describe('Windows Firewall per host firewall', () => {
  const script = target('windows-firewall').emit(enterprise, { firewall: 'front-ends' });

  it("keeps the firewall's management access in its own group and covers only its servers", async () => {
    expect(script.diagnostics).toEqual([]);
    expect(emittedText(script.text)).toContain(
      "Remove-NetFirewallRule -Group 'sfbports Contoso firewall front-ends'",
    );
    const parsed = await parsePowerShell(emittedText(script.text));
    expect(parsed.errors).toEqual([]);
    const management = emittedText(script.text)
      .split('\n')
      .filter((l) => l.includes("-DisplayName 'SfB management:"));
    expect(management).toHaveLength(2);
    expect(management.join('\n')).toMatch(/-LocalPort '3389' -RemoteAddress '192\.0\.2\.60'/);
    expect(management.join('\n')).toMatch(/-LocalPort '5985-5986' -RemoteAddress '192\.0\.2\.60'/);
    const covered = emittedText(script.text).match(/^# {3}\S+\.contoso\.com \(/gm) ?? [];
    expect(covered.map((l) => l.slice(4, -2))).toEqual([
      'fe01.contoso.com',
      'fe02.contoso.com',
      'fe03.contoso.com',
    ]);
  });

  it('refuses a network firewall and warns when the platform is another', () => {
    expect(() => target('windows-firewall').emit(enterprise, { firewall: 'external' })).toThrow(
      /network firewall/,
    );
    const other = target('nftables').emit(enterprise, { firewall: 'front-ends' });
    expect(other.diagnostics.map((d) => d.code)).toEqual(['emit-platform-mismatch']);
  });
});

describe.skipIf(skipUnless({ netns: true, commands: ['nft'] }, 'nftables host firewall'))(
  'nftables host firewall rp01',
  () => {
    it('accepts management SSH first, then its flows, and drops only its own ports on its own address', () => {
      const fw = findFirewall(enterprise, 'rp01')!;
      withNetns((ns) => {
        ns.run(
          'nft',
          ['-f', '-'],
          emittedText(target('nftables').emit(enterprise, { firewall: 'rp01' }).text),
        );
        const [table] = parseNftJson(ns.run('nft', ['-j', 'list', 'ruleset']));
        expect(table!.policy).toBe('accept');
        expect(table!.management).toHaveLength(1);
        expect(table!.management[0]!.sources.equals(AddressSet.parse(['192.0.2.60']))).toBe(true);
        expect(table!.management[0]!.ports.toString()).toBe('22');
        // The reverse proxy page: 80 and 443 from the internet; nothing else is this table's business.
        const own = fw.servers[0]!.addresses;
        expect(table!.drops.map((d) => `${d.transport} ${d.ports} ${d.destinations}`)).toEqual([
          `tcp 80,443 ${own}`,
        ]);
      });
    });
  },
);
