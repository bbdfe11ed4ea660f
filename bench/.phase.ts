import { catalog } from '../src/catalog/index.js';
import { plan } from '../src/plan/plan.js';
import { syntheticTopology } from '../test/support/synthetic.js';
const t = syntheticTopology({ sites: 1116 });
plan(syntheticTopology({ sites: 4 }), catalog);
for (let i = 0; i < 3; i++) {
  const s = performance.now();
  const p = plan(t, catalog);
  console.log(p.flows.length, (performance.now() - s).toFixed(0));
}
