import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import { validateTopology } from '../../src/topology/load.js';

// Inputs that must fail, each with its expected diagnostics as "severity code line:column" lines
// (prettier's _errors_ corpus). Only codes and positions are compared, never the prose.
// UPDATE_GOLDEN=1 rewrites the expectations; a mismatch writes <case>.diag.actual.txt beside them.
const DIR = 'test/golden/errors';
const cases = readdirSync(DIR)
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .sort();

function summary(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.severity} ${d.code} ${d.loc?.line}:${d.loc?.column}`).join('\n') + '\n';
}

describe('golden topology errors', () => {
  it('has a corpus', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  it.each(cases)('%s', (file) => {
    const path = join(DIR, file);
    const base = path.replace(/\.(ya?ml|json)$/, '');
    const expectedPath = `${base}.diag.txt`;
    const actualPath = `${base}.diag.actual.txt`;
    const result = validateTopology(readFileSync(path, 'utf8'), path);

    expect(result.topology, 'a golden error case must not validate').toBeUndefined();
    for (const d of result.diagnostics) {
      expect(d.loc?.file).toBe(path);
      expect(d.loc?.line).toBeGreaterThan(0);
      expect(d.loc?.column).toBeGreaterThan(0);
    }
    const actual = summary(result.diagnostics);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(expectedPath)) {
      writeFileSync(expectedPath, actual);
      if (process.env.UPDATE_GOLDEN !== '1')
        throw new Error(`${expectedPath} did not exist: written, review it`);
    }
    const expected = readFileSync(expectedPath, 'utf8');
    if (actual !== expected) writeFileSync(actualPath, actual);
    else rmSync(actualPath, { force: true });
    expect(actual, `${expectedPath} differs (see ${actualPath}; UPDATE_GOLDEN=1 accepts it)`).toBe(expected);
  });
});
