import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

describe("the README's architecture section", () => {
  it('names every folder under src/ and no folder that does not exist', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Architecture'));
    expect(section.length).toBeGreaterThan(20);
    const named = new Set([...section.matchAll(/src\/([a-z-]+)/g)].map((m) => m[1]!));
    const folders = readdirSync(join(ROOT, 'src')).filter((f) =>
      statSync(join(ROOT, 'src', f)).isDirectory(),
    );
    expect([...named].sort()).toEqual(folders.sort());
  });
});
