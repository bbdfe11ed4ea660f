import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { filterPlan } from '../../src/plan/filter.js';
import { firewallsOf } from '../../src/plan/firewalls.js';
import { plan } from '../../src/plan/plan.js';
import { loadRenderer, type RendererName } from '../../src/render/index.js';
import { isByteStream, renderedText } from '../../src/render/types.js';
import { loadTopology } from '../../src/topology/load.js';
import { expectGolden } from '../support/golden.js';

/**
 * Golden files: every example topology through every text format, compared byte for byte with
 * test/golden/render/<format>/<example>.<ext> (see test/support/golden.ts); and each firewall of
 * each example (declared, or the assumed ones) as `report --firewall NAME --format md` prints it, in
 * test/golden/render/firewall/<example>/<firewall>.md.
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
        const rendered = await renderer.render(p, {});
        if (rendered instanceof Uint8Array || isByteStream(rendered)) throw new Error(`${format} is binary`);
        const actual = renderedText(rendered);
        // The same plan renders to the same bytes, and the output names its generator near the top
        // (`-o` recognises its own files by the sfbports-output marker, not by this word).
        expect(renderedText((await renderer.render(p, {})) as string)).toBe(actual);
        expect(actual.slice(0, 4096)).toContain('sfbports');
        expectGolden(join('test/golden/render', format, `${name}.${ext}`), actual);
      });
    }
  }
});

describe('per-firewall report golden files (report --firewall NAME --format md)', () => {
  for (const example of examples) {
    const name = basename(example, '.yaml');
    const full = planOf(join('examples', example));
    const { firewalls } = firewallsOf(full);
    it(`${name}: has firewalls to report on`, () => {
      expect(firewalls.length).toBeGreaterThan(0);
    });
    for (const fw of firewalls) {
      it(`${name}: ${fw.name}`, async () => {
        const narrowed = filterPlan(full, { firewall: fw.name });
        // Exactly the flows the firewall enforces, whichever direction.
        expect(narrowed.flows.map((f) => f.id)).toEqual(
          full.flows.filter((f) => fw.flows.some((x) => x.flow === f)).map((f) => f.id),
        );
        const md = await (await loadRenderer('md')).render(narrowed, {});
        expectGolden(join('test/golden/render/firewall', name, `${fw.name}.md`), renderedText(md as string));
      });
    }
  }
});
