import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/diag/diagnostic.js';
import { EMITTER_NAMES, EMITTERS } from '../../src/emit/index.js';
import { examplePlans } from './support/examples.js';

const ROOT = join(import.meta.dirname, '../..');

function stems(dir: string, ext: string): string[] {
  return readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith(ext))
    .map((f) => f.slice(0, -ext.length))
    .sort();
}

describe('emitter registry', () => {
  it('has one module per target, one registry entry per module and one docs page per entry', () => {
    const registry = [...EMITTER_NAMES].sort();
    expect(stems('src/emit/targets', '.ts')).toEqual(registry);
    expect(stems('docs/emitters', '.md')).toEqual(registry);
    expect(new Set(registry).size).toBe(registry.length);
  });

  it('each docs page names its target, its file extension and its variants', () => {
    for (const e of EMITTERS) {
      const page = readFileSync(join(ROOT, 'docs/emitters', `${e.name}.md`), 'utf8');
      expect(page).toMatch(new RegExp(`^# ${e.name}\\b`, 'm'));
      expect(page).toContain(`.${e.extension}`);
      for (const v of e.capabilities.variants) expect(page).toContain(`--${v.name}`);
      for (const c of e.capabilities.companions) expect(page).toContain(c.suffix);
    }
  });

  it('each target module exports the emitter the registry lists under its file name', async () => {
    for (const e of EMITTERS) {
      const mod = (await import(`../../src/emit/targets/${e.name}.ts`)) as Record<string, unknown>;
      expect(Object.values(mod)).toContain(e);
    }
  });

  it('each target writes exactly the companion files it declares', () => {
    for (const [name, plan] of examplePlans()) {
      for (const e of EMITTERS) {
        const written = (e.emit(plan, {}).companions ?? []).map((c) => c.suffix);
        const declared = e.capabilities.companions;
        const always = declared.filter((c) => !c.optional).map((c) => c.suffix);
        expect(
          written.filter((w) => !declared.some((c) => c.suffix === w)),
          `${e.name} ${name}`,
        ).toEqual([]);
        expect(
          always.filter((a) => !written.includes(a)),
          `${e.name} ${name}`,
        ).toEqual([]);
      }
    }
  });

  it('refuses a selection or variant a target does not declare, before the target runs', () => {
    const [, plan] = examplePlans()[0]!;
    const refused = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        expect(err).toBeInstanceOf(UserError);
        return (err as UserError).diagnostics[0]?.code;
      }
      return undefined;
    };
    for (const e of EMITTERS) {
      const { selections, variants } = e.capabilities;
      for (const kind of ['server', 'role', 'boundary'] as const) {
        const code = refused(() => e.emit(plan, { [kind]: 'no-such-thing' }));
        // An accepted kind fails later, on the value; a refused kind fails on the kind itself.
        if (selections.includes(kind)) expect(code, `${e.name} --${kind}`).toMatch(/^emit-unknown-/);
        else expect(code, `${e.name} --${kind}`).toBe('emit-selection-unsupported');
      }
      expect(refused(() => e.emit(plan, { variant: 'no-such-variant' }))).toBe('emit-no-variant');
      for (const v of variants) expect(refused(() => e.emit(plan, { variant: v.name }))).toBeUndefined();
    }
  });
});
