import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { catalog } from '../../../src/catalog/index.js';
import type { Plan } from '../../../src/model/plan.js';
import { plan } from '../../../src/plan/plan.js';
import { loadTopology } from '../../../src/topology/load.js';

export const EXAMPLES_DIR = join(import.meta.dirname, '../../../examples');

/** Every example topology, planned with the real catalog. */
export function examplePlans(): Array<[name: string, plan: Plan]> {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => {
      const path = join(EXAMPLES_DIR, f);
      const { topology } = loadTopology(readFileSync(path, 'utf8'), path);
      return [basename(f).replace(/\.ya?ml$/, ''), plan(topology, catalog)];
    });
}
