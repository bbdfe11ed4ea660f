import { catalog } from '../src/catalog/index.js';
import { plan } from '../src/plan/plan.js';
import { serverCount, syntheticTopology } from '../test/support/synthetic.js';

/**
 * Planning time and memory for synthetic topologies of about 2,000 and 20,000 servers (target: the
 * larger in under 2 s, growing linearly). Prints figures; asserts nothing.
 *   npm run bench:plan [servers…]   (NODE_OPTIONS=--expose-gc gives steadier heap figures)
 * "cpu" counts every thread of the process (the garbage collector's too): on a busy machine it is
 * a steadier figure than wall-clock time.
 */

const SERVERS_PER_SITE = serverCount(syntheticTopology({ sites: 12 })) / 12;
const targets = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

console.log(`sfbports bench:plan, ${catalog.entries.length} catalog entries, node ${process.version}`);
console.log('servers  sites  flows     time      cpu       heap used  peak rss');
for (const target of targets.length > 0 ? targets : [2_000, 20_000]) {
  const sites = Math.max(1, Math.round(target / SERVERS_PER_SITE));
  const topology = syntheticTopology({ sites });
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().heapUsed;
  // One warm-up run on a small topology so the first figure does not include JIT compilation.
  plan(syntheticTopology({ sites: 4 }), catalog);
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const result = plan(topology, catalog);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const mem = process.memoryUsage();
  console.log(
    `${String(serverCount(topology)).padStart(7)}  ${String(sites).padStart(5)}  ${String(result.flows.length).padStart(7)}  ${`${ms.toFixed(0)} ms`.padStart(8)}  ${`${cpuMs.toFixed(0)} ms`.padStart(8)}  ${mb(mem.heapUsed - before).padStart(9)}  ${mb(process.resourceUsage().maxRSS * 1024).padStart(8)}`,
  );
}
