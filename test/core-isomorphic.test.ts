import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The browser planner runs the core unchanged, so only cli/ and probe/ may import Node built-ins.
const NODE_ONLY = new Set(['cli', 'probe']);
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (name.endsWith('.ts')) yield path;
  }
}

describe('the core', () => {
  it('imports no Node built-in outside src/cli and src/probe', () => {
    const offenders: string[] = [];
    for (const top of readdirSync('src')) {
      if (NODE_ONLY.has(top)) continue;
      const path = join('src', top);
      const files = statSync(path).isDirectory() ? [...sourceFiles(path)] : [path];
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
          if (builtins.has(m[1]!)) offenders.push(`${file}: ${m[1]}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
