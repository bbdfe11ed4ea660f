import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { iptablesString } from '../../src/emit/quote/iptables.js';
import { IPSET_FROM, iptables } from '../../src/emit/targets/iptables.js';
import { type EmitResult, emittedText } from '../../src/emit/types.js';
import { parsedAddresses } from '../../src/model/flow.js';
import type { Plan } from '../../src/model/plan.js';
import { skipUnless } from '../support/requirements.js';
import { fixturePlan, HOSTILE_PURPOSE, hostileIdPlan, hostilePlan } from './fixtures.js';
import { parseIpsetRestore } from './support/iptables-save.js';
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
  const text = r.companions?.find((c) => c.suffix === suffix)?.text;
  return text === undefined ? undefined : emittedText(text);
}

describe('iptables output', () => {
  it('splits the families and uses ipsets only for large address groups', () => {
    const plain = iptables.emit(fixturePlan, {});
    expect(emittedText(plain.text)).toContain('*filter');
    const rules = emittedText(plain.text)
      .split('\n')
      .filter((l) => l.startsWith('-A'));
    expect(rules.length).toBeGreaterThan(5);
    expect(rules.join('\n')).not.toMatch(/2001:db8/);
    expect(companion(plain, '.ip6')).toContain('2001:db8:20::/64');
    // Only groups of IPSET_FROM addresses or more become sets (here: the sides a firewall owns).
    for (const [, members] of parseIpsetRestore(companion(plain, '.ipset')!))
      expect(members.length).toBeGreaterThanOrEqual(IPSET_FROM);
    const sets = iptables.emit(scatteredPlan, {});
    const ipset = companion(sets, '.ipset')!;
    expect(ipset).toMatch(/^create sfbp-\S+-\d+ hash:net family inet -exist$/m);
    expect([...parseIpsetRestore(ipset).values()].some((m) => m.length === IPSET_FROM)).toBe(true);
    expect(emittedText(sets.text)).toMatch(/-m set --match-set sfbp-\S+-\d+ src/);
    expect(ipset).toMatch(/^create sfbp-\S+-\d+ hash:net family inet6 -exist$/m);
    expect(companion(sets, '.ip6')).toMatch(/-m set --match-set sfbp-\S+-\d+ src/);
  });

  it('splits long port lists into multiport matches of at most 15 slots', () => {
    const many = emittedText(iptables.emit(fixturePlan, { server: 'fe1.fabrikam.com' }).text);
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
      ns.run('iptables-restore', ['--test'], emittedText(r.text));
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
        ns.run('iptables-restore', ['--noflush'], emittedText(r.text));
        const accepts = ns
          .run('iptables-save', ['-t', 'filter'])
          .split('\n')
          .filter((l) => l.startsWith('-A sfbp') && l.endsWith('-j ACCEPT') && !l.includes('--ctstate'));
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
    expect(() => check({ ...r, text: emittedText(r.text).replace('--dport', '--dprot') })).toThrow();
  });

  it('loads and lists one ACCEPT per emitted rule, each with its flow ids, and leaves policy and other rules alone', () => {
    withNetns((ns) => {
      const r = iptables.emit(fixturePlan, {});
      ns.run('ipset', ['restore', '-exist'], companion(r, '.ipset')!);
      ns.run('iptables', ['-P', 'FORWARD', 'DROP']);
      ns.run('iptables', [
        '-A',
        'FORWARD',
        '-s',
        '192.0.2.250',
        '-p',
        'tcp',
        '--dport',
        '22',
        '-j',
        'ACCEPT',
      ]);
      ns.run('iptables-restore', ['--noflush'], emittedText(r.text));
      ns.run('iptables-restore', ['--noflush'], emittedText(r.text));
      const saved = ns.run('iptables-save', ['-t', 'filter']);
      const flowRules = (text: string) =>
        text.split('\n').filter((l) => /^-A sfbp/.test(l) && l.includes('catalog'));
      expect(flowRules(saved).length).toBe(flowRules(emittedText(r.text)).length);
      for (const l of flowRules(saved)) expect(l).toMatch(/--comment "(optional; )?flow F\d{3}/);
      expect(saved).toMatch(/^:FORWARD DROP/m);
      expect(saved).toContain('-A FORWARD -s 192.0.2.250/32 -p tcp -m tcp --dport 22 -j ACCEPT');
    });
  });

  it('applies with its script idempotently and rolls back to exactly what was there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sfbports-ipt-'));
    try {
      const r = iptables.emit(fixturePlan, {});
      const main = join(dir, 'fw.rules');
      writeFileSync(main, emittedText(r.text));
      for (const c of r.companions ?? []) writeFileSync(`${main}${c.suffix}`, emittedText(c.text));
      withNetns((ns) => {
        ns.run('iptables', ['-P', 'FORWARD', 'DROP']);
        ns.run('iptables', [
          '-A',
          'FORWARD',
          '-s',
          '192.0.2.250',
          '-p',
          'tcp',
          '--dport',
          '22',
          '-j',
          'ACCEPT',
        ]);
        const before = ns.run('iptables', ['-S']);
        ns.run('sh', [`${main}.sh`, 'check']);
        ns.run('sh', [`${main}.sh`, 'apply']);
        const once = ns.run('iptables', ['-S']);
        ns.run('sh', [`${main}.sh`, 'apply']);
        expect(ns.run('iptables', ['-S'])).toBe(once);
        expect(once.split('\n').filter((l) => /^-A FORWARD -j sfbp/.test(l)).length).toBeGreaterThan(0);
        ns.run('sh', [`${main}.sh`, 'remove']);
        expect(ns.run('iptables', ['-S'])).toBe(before);
        expect(ns.run('ipset', ['list', '-n'])).toBe('');
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
