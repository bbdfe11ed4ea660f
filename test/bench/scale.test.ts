import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  allSteps,
  DEFAULT_SIZES,
  DEFAULT_TIMEOUT_SECONDS,
  parseArgs,
  selectSteps,
  verdict,
} from '../../bench/support/steps.js';
import { validTopology } from '../../bench/valid-topology.js';
import { EMITTERS } from '../../src/emit/index.js';
import { RENDERER_NAMES } from '../../src/render/index.js';
import { runCli } from '../support/cli.js';
import { serverCount } from '../support/synthetic.js';

describe('the synthetic topologies of the benches (bench/valid-topology.ts)', () => {
  // 53 sites: past the 40 sites after which the plain synthetic topology reuses public Edge addresses.
  const topology = validTopology(1_000);

  it('has about the servers asked for', () => {
    expect(topology.sites.length).toBeGreaterThan(40);
    expect(Math.abs(serverCount(topology) - 1_000)).toBeLessThan(20);
  });

  it.each([
    ['JSON', JSON.stringify(topology, null, 2)],
    ['YAML', stringify(topology)],
  ])('passes validate as %s, without a warning', async (_, text) => {
    const r = await runCli(['validate', '-'], { stdin: text });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/; 0 warnings\n$/);
  });
});

describe('bench:scale arguments and rows (nothing run)', () => {
  it('defaults to 2k, 20k and 100k servers, every step, 300 s a step', () => {
    expect(DEFAULT_SIZES).toEqual([2_000, 20_000, 100_000]);
    expect(parseArgs([])).toEqual({
      sizes: [...DEFAULT_SIZES],
      timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
      list: false,
    });
  });

  it('takes sizes, --only, --timeout, --list and --write', () => {
    expect(
      parseArgs(['2000', '20000', '--only', 'report:xlsx, emit:nftables,validate', '--timeout', '60']),
    ).toEqual({
      sizes: [2_000, 20_000],
      only: ['report:xlsx', 'emit:nftables', 'validate'],
      timeoutSeconds: 60,
      list: false,
    });
    expect(parseArgs(['--list']).list).toBe(true);
    expect(parseArgs(['--write', '100000', 't.json']).write).toEqual({ servers: 100_000, file: 't.json' });
    for (const bad of [['0'], ['--timeout'], ['--timeout', '-1'], ['--frobnicate'], ['2k']])
      expect(() => parseArgs(bad)).toThrow();
  });

  it('has validate JSON and YAML, load + plan, every report format, every emit target and variant', () => {
    const ids = allSteps().map((s) => s.id);
    expect(ids.slice(0, 3)).toEqual(['validate:json', 'validate:yaml', 'plan']);
    for (const format of RENDERER_NAMES) expect(ids).toContain(`report:${format}`);
    for (const e of EMITTERS) {
      expect(ids).toContain(`emit:${e.name}`);
      for (const v of e.capabilities.variants) expect(ids).toContain(`emit:${e.name}:${v.name}`);
    }
    expect(ids).toContain('emit:ipsec:netsh');
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(
      3 + RENDERER_NAMES.length + EMITTERS.reduce((n, e) => n + 1 + e.capabilities.variants.length, 0),
    );
  });

  it('--only picks a step and the steps under it, in run order, and refuses an unknown one', () => {
    const ids = (only: string[]) => selectSteps(allSteps(), only).map((s) => s.id);
    expect(ids(['report:xlsx', 'validate'])).toEqual(['validate:json', 'validate:yaml', 'report:xlsx']);
    expect(ids(['emit:ipsec'])).toEqual(['emit:ipsec', 'emit:ipsec:netsh']);
    expect(ids(['emit:ipsec:netsh'])).toEqual(['emit:ipsec:netsh']);
    expect(ids(['report'])).toEqual(RENDERER_NAMES.map((f) => `report:${f}`));
    // A prefix of a name is not a selector: `emit:ipse` is no step.
    expect(() => ids(['emit:ipse'])).toThrow(/no step emit:ipse/);
    expect(selectSteps(allSteps(), undefined)).toEqual(allSteps());
  });

  it('judges commands at 100k (60 s, 2 GB) and planning at 20k (2 s), and nothing else', () => {
    const [validate, , plan] = allSteps();
    const good = { ok: true, wallMs: 59_000, rssBytes: 1.9e9, planMs: 1_900 };
    expect(verdict(validate!, 100_000, good)).toBe('PASS');
    expect(verdict(validate!, 100_000, { ...good, wallMs: 61_000 })).toBe('FAIL');
    expect(verdict(validate!, 100_000, { ...good, rssBytes: 2.1e9 })).toBe('FAIL');
    expect(verdict(validate!, 100_000, { ...good, ok: false })).toBe('FAIL');
    expect(verdict(validate!, 20_000, { ...good, wallMs: 61_000 })).toBe('-');
    expect(verdict(plan!, 20_000, good)).toBe('PASS');
    expect(verdict(plan!, 20_000, { ...good, planMs: 2_100 })).toBe('FAIL');
    expect(verdict(plan!, 100_000, good)).toBe('-');
  });
});
