import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { plan } from '../../src/plan/plan.js';
import { loadRenderer, type RendererName } from '../../src/render/index.js';
import { loadTopology } from '../../src/topology/load.js';
import { expectGolden } from '../support/golden.js';

/**
 * Golden files: every example topology through every text format, compared byte for byte with
 * test/golden/render/<format>/<example>.<ext> (see test/support/golden.ts).
 */

const FORMATS: ReadonlyArray<{ name: RendererName; ext: string }> = [
  { name: 'table', ext: 'txt' },
  { name: 'md', ext: 'md' },
  { name: 'csv', ext: 'csv' },
  { name: 'json', ext: 'json' },
];
const examples = readdirSync('examples')
  .filter((f) => f.endsWith('.yaml'))
  .sort();

function planOf(file: string) {
  const { topology } = loadTopology(readFileSync(file, 'utf8'), file);
  return plan(topology, catalog);
}

describe('text report golden files', () => {
  it('has examples to render', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  for (const example of examples) {
    const name = basename(example, '.yaml');
    for (const { name: format, ext } of FORMATS) {
      it(`${format}: ${name}`, async () => {
        const p = planOf(join('examples', example));
        const renderer = await loadRenderer(format);
        const actual = await renderer.render(p, {});
        expect(typeof actual).toBe('string');
        // The same plan renders to the same bytes, and the output names sfbports early enough for
        // `-o` to recognise it as its own (writeOutputFile reads the first 4 KB).
        expect(await renderer.render(p, {})).toBe(actual);
        expect((actual as string).slice(0, 4096)).toContain('sfbports');
        expectGolden(join('test/golden/render', format, `${name}.${ext}`), actual as string);
      });
    }
  }
});
