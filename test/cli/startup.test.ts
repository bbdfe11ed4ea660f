import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

// Start-up is most of a short command's time (issue 15). Static imports decide what loads before a
// command runs, so they are checked here: `check HOST:PORT` must not load the topology loader (zod,
// yaml, the catalog, the planner), which it imports on demand in topology mode only.

/** Packages and source files reached from `entry` by static (non-type) imports. */
function staticGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^import\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
      const spec = m[1]!;
      if (!spec.startsWith('.')) {
        packages.add(spec);
        continue;
      }
      const target = normalize(join(dirname(file), spec.replace(/\.js$/, '.ts')));
      if (existsSync(target)) visit(target);
    }
  };
  visit(entry);
  return { files, packages };
}

describe('what a command loads before it runs', () => {
  it('check loads neither the topology loader nor the planner until it is given a topology', () => {
    const { files, packages } = staticGraph('src/cli/commands/check.ts');
    expect([...packages].filter((p) => p === 'zod' || p === 'yaml')).toEqual([]);
    expect([...files].filter((f) => /src\/(topology|catalog|plan)\//.test(f))).toEqual([]);
  });

  it('check loads the TLS, SIP, STUN and UDP probes, node:tls and DNS only when a target needs them', () => {
    const { files, packages } = staticGraph('src/cli/commands/check.ts');
    expect(
      [...files].filter((f) => /src\/probe\/(tls|sip-probe|sip|udp|stun|sql-browser|proof|dns)\.ts$/.test(f)),
    ).toEqual([]);
    expect([...packages].filter((p) => /^node:(tls|crypto|dns)/.test(p))).toEqual([]);
  });

  it('the program itself loads no command module and no topology code', () => {
    const { files, packages } = staticGraph('src/cli/main.ts');
    expect([...files].filter((f) => /src\/(cli\/commands|topology|catalog|plan)\//.test(f))).toEqual([]);
    expect([...packages].filter((p) => p === 'zod' || p === 'yaml')).toEqual([]);
  });
});
