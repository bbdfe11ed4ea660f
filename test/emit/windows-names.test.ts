import { describe, expect, it } from 'vitest';
import { destinationHosts } from '../../src/emit/scope.js';
import { ipsec } from '../../src/emit/targets/ipsec.js';
import { windowsFirewall } from '../../src/emit/targets/windows-firewall.js';
import { type EmitOptions, type Emitter, emittedText } from '../../src/emit/types.js';
import { RULE_NAME_MAX_BYTES } from '../../src/emit/windows-group.js';
import type { Plan } from '../../src/model/plan.js';
import { WINDOWS_ROLES } from '../../src/model/roles.js';
import { fixturePlan, hostilePlan } from './fixtures.js';
import { examplePlans } from './support/examples.js';
import { type ParsedScript, parsePowerShell } from './support/powershell.js';

/**
 * Issue 12: several Windows scripts run on one server (the whole-topology script, a --server script,
 * the front-end and the mediation --role scripts of a collocated server). Each must add rules under
 * names no other script uses, and a re-run must remove only its own rules.
 */

const CASES: Array<[string, Plan]> = [...examplePlans(), ['fixture-fabrikam', fixturePlan]];

/** The cmdlet that adds a rule, and the parameter that names it, per target. */
const ADDS = {
  'windows-firewall': { emitter: windowsFirewall as Emitter, add: 'New-NetFirewallRule', name: 'Name' },
  ipsec: { emitter: ipsec as Emitter, add: 'New-NetIPsecRule', name: 'IPsecRuleName' },
} as const;
type Target = keyof typeof ADDS;
const TARGETS = Object.keys(ADDS) as Target[];

interface Script {
  readonly text: string;
  readonly parsed: ParsedScript;
  /** -Name (-IPsecRuleName) of every rule added, in script order. */
  readonly names: string[];
  /** -Group of every rule added. */
  readonly groups: string[];
  /** The group the script removes before adding. */
  readonly removes: string;
}

async function script(target: Target, plan: Plan, options: EmitOptions = {}): Promise<Script> {
  const { emitter, add, name } = ADDS[target];
  const text = emittedText(emitter.emit(plan, options).text);
  const parsed = await parsePowerShell(text);
  expect(parsed.errors).toEqual([]);
  const adds = parsed.commands.filter((c) => c.name === add);
  const remove = parsed.commands.find((c) => c.name.startsWith('Remove-'))!;
  return {
    text,
    parsed,
    names: adds.map((c) => c.values.get(name)!),
    groups: adds.map((c) => c.values.get('Group')!),
    removes: remove.values.get('Group')!,
  };
}

/** The rule name netsh adds and deletes by, from each `'name=…'` argument of the netsh commands. */
async function netshNames(target: Target, plan: Plan, options: EmitOptions): Promise<string[]> {
  const text = emittedText(ADDS[target].emitter.emit(plan, { ...options, variant: 'netsh' }).text);
  const parsed = await parsePowerShell(text);
  expect(parsed.errors).toEqual([]);
  return parsed.commands
    .filter((c) => c.native)
    .flatMap((c) => c.strings.filter((s) => s.startsWith("'name=")).map((s) => s.slice(6, -1)));
}

/**
 * A Windows server and one of its roles, as the selections of a target accept them: any server with a
 * Windows role for the firewall, a server with an exemption for IPsec. Undefined when there is none.
 */
function serverAndRole(target: Target, plan: Plan): { server: string; role: string } | undefined {
  if (target === 'ipsec') {
    const x = [...plan.ipsec].sort((a, b) => (a.id < b.id ? -1 : 1)).find((e) => e.hosts.names.length > 0);
    return x ? { server: x.hosts.names[0]!, role: x.hosts.role } : undefined;
  }
  for (const [server, host] of [...destinationHosts(plan)].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const role = [...host.roles].sort().find((r) => WINDOWS_ROLES.has(r));
    if (role !== undefined) return { server, role };
  }
  return undefined;
}

function disjoint(a: readonly string[], b: readonly string[]): string[] {
  const set = new Set(a);
  return b.filter((n) => set.has(n));
}

describe.each(CASES)('Windows rule names, example %s', (_name, plan) => {
  it.each(TARGETS)(
    '%s: every rule has a name, unique in its script, in its group, within limits',
    async (target) => {
      const s = await script(target, plan);
      expect(s.names.length).toBeGreaterThan(0);
      expect(new Set(s.names).size).toBe(s.names.length);
      expect(new Set(s.groups)).toEqual(new Set([s.removes]));
      for (const n of s.names) {
        expect(Buffer.byteLength(n), n).toBeLessThanOrEqual(RULE_NAME_MAX_BYTES);
        expect(n).toMatch(/^[a-z0-9.-]+$/);
      }
      expect(ADDS[target].emitter.capabilities.limits.ruleNameBytes).toBe(RULE_NAME_MAX_BYTES);
    },
  );

  it.each(TARGETS)(
    '%s: whole-topology, --server and --role scripts own disjoint names and groups',
    async (target) => {
      const pick = serverAndRole(target, plan);
      expect(pick, 'the example has a Windows server').toBeDefined();
      const selections: EmitOptions[] = [
        {},
        { server: pick!.server },
        { role: pick!.role as EmitOptions['role'] },
      ];
      const scripts = await Promise.all(selections.map((o) => script(target, plan, o)));
      const netsh = await Promise.all(selections.map((o) => netshNames(target, plan, o)));
      for (let i = 0; i < scripts.length; i++) {
        // netsh has no groups: every rule of a script carries one name, the one its re-run deletes.
        expect(new Set(netsh[i]).size, JSON.stringify(selections[i])).toBe(1);
        for (let j = i + 1; j < scripts.length; j++) {
          const pair = `${JSON.stringify(selections[i])} vs ${JSON.stringify(selections[j])}`;
          expect(disjoint(scripts[i]!.names, scripts[j]!.names), pair).toEqual([]);
          expect(scripts[i]!.removes, pair).not.toBe(scripts[j]!.removes);
          expect(netsh[i]![0], pair).not.toBe(netsh[j]![0]);
        }
      }
    },
  );

  it.each(TARGETS)('%s: the same names in every run, whatever the order of flows', async (target) => {
    const first = await script(target, plan);
    const again = await script(target, plan);
    expect(again.names).toEqual(first.names);
    const reversed: Plan = { ...plan, flows: [...plan.flows].reverse(), ipsec: [...plan.ipsec].reverse() };
    const shuffled = await script(target, reversed);
    expect(new Set(shuffled.names)).toEqual(new Set(first.names));
  });
});

describe('Windows rule names', () => {
  it('header says what a re-run removes and gives the roll-back command the script itself runs', () => {
    for (const target of TARGETS)
      for (const variant of [undefined, 'netsh']) {
        const text = emittedText(ADDS[target].emitter.emit(fixturePlan, { variant }).text);
        const lines = text.split('\n');
        const removal = lines.find((l) => /^(Remove-Net|& netsh .* delete rule)/.test(l))!;
        const rollBack = lines.findIndex((l) => l.startsWith('# To roll back'));
        expect(rollBack, `${target} ${variant}`).toBeGreaterThan(0);
        expect(lines[rollBack + 1], `${target} ${variant}`).toBe(`#   ${removal}`);
      }
  });

  it('a rule keeps its name when another rule of the script goes away', async () => {
    // Position-based names (sfbports-001, …) shift when a rule before them disappears.
    const before = await script('windows-firewall', fixturePlan);
    const byContent = (s: Script) =>
      new Map(
        s.parsed.commands
          .filter((c) => c.name === 'New-NetFirewallRule')
          .map((c) => {
            const i = c.parameters.indexOf('Group');
            return [c.strings.slice(i + 1).join(' '), c.values.get('Name')!] as const;
          }),
      );
    // A rule that serves one flow alone, not the last one: without that flow the rule goes away.
    const ids = new Set(fixturePlan.flows.map((f) => f.id));
    const flowsOf = (block: string) =>
      block
        .split('\n')
        .map((l) => /^# ([^ :]+): /.exec(l)?.[1])
        .filter((id) => id !== undefined && ids.has(id));
    const blocks = before.text.split('\n\n').filter((b) => b.includes('New-NetFirewallRule'));
    const flowId = blocks
      .slice(0, -1)
      .map(flowsOf)
      .find((f) => f.length === 1)![0];
    const after = await script('windows-firewall', {
      ...fixturePlan,
      flows: fixturePlan.flows.filter((f) => f.id !== flowId),
    });
    const old = byContent(before);
    const kept = [...byContent(after)].filter(([content]) => old.has(content));
    expect(kept.length).toBe(blocks.length - 1);
    for (const [content, name] of kept) expect(name, content).toBe(old.get(content));
  });

  it('a long topology name in any script shortens the readable part, never the hash', async () => {
    const plan = hostilePlan(`Ürümqi "Lab" ${'€x'.repeat(150)} it's $(x)`);
    for (const target of TARGETS) {
      const s = await script(target, plan);
      expect(new Set(s.names).size).toBe(s.names.length);
      for (const n of s.names) {
        expect(Buffer.byteLength(n), n).toBeLessThanOrEqual(RULE_NAME_MAX_BYTES);
        expect(n).toMatch(/^[a-z0-9.-]+-[0-9a-f]{12}$/);
      }
    }
  });
});
