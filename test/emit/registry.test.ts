import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMITTER_NAMES, EMITTERS } from '../../src/emit/index.js';

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
      for (const v of e.variants ?? []) expect(page).toContain(`--${v}`);
    }
  });

  it('each target module exports the emitter the registry lists under its file name', async () => {
    for (const e of EMITTERS) {
      const mod = (await import(`../../src/emit/targets/${e.name}.ts`)) as Record<string, unknown>;
      expect(Object.values(mod)).toContain(e);
    }
  });
});
