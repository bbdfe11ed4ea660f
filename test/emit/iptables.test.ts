import { describe, expect, it } from 'vitest';
import { iptablesString } from '../../src/emit/quote/iptables.js';
import { IPSET_FROM, iptables } from '../../src/emit/targets/iptables.js';
import type { EmitResult } from '../../src/emit/types.js';
import { parsedAddresses } from '../../src/model/flow.js';
import type { Plan } from '../../src/model/plan.js';
import { skipUnless } from '../support/requirements.js';
import { fixturePlan, HOSTILE_PURPOSE, hostileIdPlan, hostilePlan } from './fixtures.js';
import { withNetns } from './support/netns.js';

const noTool = skipUnless(
  { netns: true, commands: ['iptables-restore', 'ip6tables-restore', 'ipset'] },
  'iptables emitter checked by iptables-restore --test',
);

/** The fixture with a client zone spelt as scattered hosts, so address groups go into ipsets. */
const scattered = [
  ...['198.51.100.1', '198.51.100.3', '198.51.100.5', '198.51.100.7'],
  ...['2001:db8:20::1', '2001:db8:20::3', '2001:db8:20::5', '2001:db8:20::7'],
];
const scatteredPlan: Plan = {
  ...fixturePlan,
  flows: fixturePlan.flows.map((f) =>
    f.source.role === 'client' ? { ...f, source: { ...f.source, ...parsedAddresses(scattered) } } : f,
  ),
};

function companion(r: EmitResult, suffix: string): string | undefined {
  return r.companions?.find((c) => c.suffix === suffix)?.text;
}

describe('iptables output', () => {
  it('splits the families and uses ipsets only for large address groups', () => {
    const plain = iptables.emit(fixturePlan, {});
    expect(plain.text).toContain('*filter');
    const rules = plain.text.split('\n').filter((l) => l.startsWith('-A'));
    expect(rules.length).toBeGreaterThan(5);
    expect(rules.join('\n')).not.toMatch(/2001:db8/);
    expect(companion(plain, '.ip6')).toContain('2001:db8:20::/64');
    expect(companion(plain, '.ipset')).not.toMatch(/^(create|add) /m);
    const sets = iptables.emit(scatteredPlan, {});
    const ipset = companion(sets, '.ipset')!;
    expect(ipset).toMatch(/^create sfbp4-[0-9a-f]{12} hash:net family inet -exist$/m);
    expect(ipset.match(/^add sfbp4-\S+ /gm)).toHaveLength(IPSET_FROM);
    expect(sets.text).toMatch(/-m set --match-set sfbp4-[0-9a-f]{12} src/);
    expect(ipset).toMatch(/^create sfbp6-[0-9a-f]{12} hash:net family inet6 -exist$/m);
    expect(companion(sets, '.ip6')).toMatch(/-m set --match-set sfbp6-[0-9a-f]{12} src/);
  });

  it('splits long port lists into multiport matches of at most 15 slots', () => {
    const many = iptables.emit(fixturePlan, { server: 'fe1.fabrikam.com' }).text;
    for (const m of many.matchAll(/--dports (\S+)/g)) {
      const slots = m[1]!.split(',').reduce((n, p) => n + (p.includes(':') ? 2 : 1), 0);
      expect(slots).toBeLessThanOrEqual(15);
    }
  });
});

describe.skipIf(noTool)('iptables output in a scratch namespace', () => {
  function check(r: EmitResult): void {
    withNetns((ns) => {
      const sets = companion(r, '.ipset');
      if (sets) ns.run('ipset', ['restore', '-exist'], sets);
      ns.run('iptables-restore', ['--test'], r.text);
      ns.run('ip6tables-restore', ['--test'], companion(r, '.ip6')!);
    });
  }

  it('passes iptables-restore --test and ip6tables-restore --test for every scope', () => {
    check(iptables.emit(fixturePlan, {}));
    check(iptables.emit(fixturePlan, { server: 'fe2.fabrikam.com' }));
    check(iptables.emit(fixturePlan, { role: 'edge-external-av' }));
    check(iptables.emit(scatteredPlan, {}));
  });

  it('keeps hostile text in comments only', () => {
    check(iptables.emit(hostilePlan(HOSTILE_PURPOSE), {}));
    check(iptables.emit(hostilePlan(`" -j DROP \\" ${'ü'.repeat(300)}`), { boundary: 'clients:servers' }));
  });

  it('keeps hostile ids one comment: iptables-save shows exactly the quoted text', () => {
    for (const text of ['a"b', '" -j DROP "', 'x\\y`$(z)`\n#', `${'€'.repeat(100)}"`]) {
      withNetns((ns) => {
        const r = iptables.emit(hostileIdPlan(text), { boundary: 'clients:servers' });
        ns.run('iptables-restore', [], r.text);
        const accepts = ns
          .run('iptables-save', ['-t', 'filter'])
          .split('\n')
          .filter((l) => l.startsWith('-A sfbp'));
        expect(accepts.length).toBeGreaterThan(0);
        for (const l of accepts) expect(l).toMatch(/-m comment --comment ("(?:[^"\\]|\\.)*"|\S+) -j ACCEPT$/);
        const expected = iptablesString(`flow ${text}0,${text}1; catalog ${text}`).slice(1, -1);
        // iptables-save escapes quotes and backslashes in what it prints; undo that to see the stored text.
        const shown = accepts
          .map((l) => /--comment ("((?:[^"\\]|\\.)*)"|(\S+))/.exec(l)!)
          .map((m) => (m[2] ?? m[3]!).replace(/\\(.)/g, '$1'));
        expect(shown).toContain(expected);
      });
    }
  });

  it('rejects a broken file (the check can fail)', () => {
    const r = iptables.emit(fixturePlan, {});
    expect(() => check({ ...r, text: r.text.replace('--dport', '--dprot') })).toThrow();
  });

  it('loads and lists one ACCEPT per emitted rule, each with its flow ids', () => {
    withNetns((ns) => {
      const r = iptables.emit(fixturePlan, {});
      ns.run('iptables-restore', [], r.text);
      const saved = ns.run('iptables-save', ['-t', 'filter']);
      const accepts = saved.split('\n').filter((l) => /^-A sfbp/.test(l));
      expect(accepts.length).toBe(r.text.split('\n').filter((l) => /^-A sfbp/.test(l)).length);
      for (const l of accepts) expect(l).toMatch(/--comment "(optional; )?flow F\d{3}/);
      expect(saved).toMatch(/^:FORWARD DROP/m);
    });
  });
});
