import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalog } from '../src/catalog/index.js';
import { EMITTERS } from '../src/emit/index.js';
import { type EmitOptions, emittedText } from '../src/emit/types.js';
import type { Plan } from '../src/model/plan.js';
import { plan } from '../src/plan/plan.js';
import { loadTopology } from '../src/topology/load.js';
import { serverCount, syntheticTopology } from '../test/support/synthetic.js';

/**
 * Rules each target needs, and the time to emit them, for the richest example and a large synthetic
 * topology. Prints figures; asserts nothing.
 *   npm run bench:emit               (optionally: npm run bench:emit -- 40   for 40 synthetic sites)
 */

const sites = Number(process.argv[2]) > 0 ? Number(process.argv[2]) : 20;
const examplesDir = join(import.meta.dirname, '../examples');

function richestExample(): [string, Plan] {
  const plans = readdirSync(examplesDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => {
      const path = join(examplesDir, f);
      return [f, plan(loadTopology(readFileSync(path, 'utf8'), path).topology, catalog)] as [string, Plan];
    });
  return plans.sort((a, b) => b[1].flows.length - a[1].flows.length)[0]!;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function report(label: string, p: Plan): void {
  console.log(`\n${label}: ${p.flows.length} flows, ${p.ipsec.length} IPsec exemptions`);
  console.log('target               variant  rules    bytes     time (median of 5)');
  for (const e of EMITTERS) {
    for (const variant of [undefined, ...e.capabilities.variants.map((v) => v.name)]) {
      const options: EmitOptions = variant ? { variant } : {};
      const times: number[] = [];
      let result = e.emit(p, options);
      for (let i = 0; i < 5; i++) {
        const start = process.hrtime.bigint();
        result = e.emit(p, options);
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      const bytes =
        emittedText(result.text).length +
        (result.companions ?? []).reduce((n, c) => n + emittedText(c.text).length, 0);
      console.log(
        `${e.name.padEnd(20)} ${(variant ?? '-').padEnd(8)} ${String(result.ruleCount ?? '?').padStart(5)}  ${String(bytes).padStart(8)}  ${median(times).toFixed(1).padStart(8)} ms`,
      );
    }
  }
}

console.log(`sfbports bench:emit, node ${process.version}`);
const [name, example] = richestExample();
report(`richest example ${name}`, example);
const topology = syntheticTopology({ sites });
const start = process.hrtime.bigint();
const big = plan(topology, catalog);
const planMs = Number(process.hrtime.bigint() - start) / 1e6;
report(
  `synthetic topology, ${sites} sites, ${serverCount(topology)} servers (planned in ${planMs.toFixed(0)} ms)`,
  big,
);
