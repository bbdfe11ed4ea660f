import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import { validateTopology } from '../../src/topology/load.js';
import { expectGolden } from '../support/golden.js';

// Inputs that must fail, each with its expected diagnostics as "severity code line:column" lines
// (prettier's _errors_ corpus). Only codes and positions are compared, never the prose.
// Compared by expectGolden (test/support/golden.ts); UPDATE_GOLDEN=1 rewrites them.
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
    const result = validateTopology(readFileSync(path, 'utf8'), path);

    expect(result.topology, 'a golden error case must not validate').toBeUndefined();
    for (const d of result.diagnostics) {
      expect(d.loc?.file).toBe(path);
      expect(d.loc?.line).toBeGreaterThan(0);
      expect(d.loc?.column).toBeGreaterThan(0);
    }
    expectGolden(`${base}.diag.txt`, summary(result.diagnostics));
  });
});
