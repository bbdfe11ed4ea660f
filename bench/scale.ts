import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Topology } from '../src/topology/schema.js';
import { buildCli } from '../test/support/built-cli.js';
import { serverCount } from '../test/support/synthetic.js';
import { runNode } from './support/child.js';
import { type PlanFigures, stepCommand } from './support/commands.js';
import { columns, load, machineFacts, mb, seconds } from './support/format.js';
import { allSteps, GOALS, parseArgs, type Step, selectSteps, verdict } from './support/steps.js';
import { keepUntilExit, removeNow, tempDir } from './support/temp.js';
import { validTopology } from './valid-topology.js';

/**
 * Every large-deployment figure in one run: for each size (default 2,000, 20,000 and 100,000
 * servers) a valid synthetic topology written as JSON (and YAML), then each step in a process of its
 * own through the built CLI: validate (JSON, YAML), load + plan, report in every format, emit for
 * every target and variant. Per row: wall time, peak RSS, output size, exit status, and a verdict
 * against the goals (100k: every command within 60 s and 2 GB; 20k: planned within 2 s). Prints
 * figures; asserts nothing.
 *
 *   npm run bench:scale                            2k, 20k and 100k (100k alone: 10 min or more on 2 CPUs)
 *   npm run bench:scale -- 2000 20000              other sizes
 *   npm run bench:scale -- 20000 --only report:xlsx,emit:nftables,validate
 *   npm run bench:scale -- --list                  the step ids --only takes
 *   npm run bench:scale -- --timeout 120           per-step limit in seconds (default 300)
 *   npm run bench:scale -- --write 100000 t.json   only write a topology, to try commands on
 */

interface Row {
  readonly step: Step;
  readonly status: string;
  readonly wallMs: number;
  readonly rssBytes: number;
  readonly outputBytes: number;
  readonly plan?: PlanFigures;
  readonly verdict: string;
  readonly note: string;
}

async function bench(sizes: readonly number[], steps: readonly Step[], timeoutMs: number): Promise<void> {
  console.log(`sfbports bench:scale: ${machineFacts()}`);
  console.log(
    `goals: at ${GOALS.commandServers} servers every command within ${seconds(GOALS.commandMs)} and ${mb(GOALS.rssBytes)}; at ${GOALS.planServers} servers planning within ${seconds(GOALS.planMs)}. Step timeout ${seconds(timeoutMs)}.`,
  );
  const built = buildCli();
  keepUntilExit(built.dir);
  const results = new Map<number, Row[]>();
  for (const servers of sizes) results.set(servers, await benchSize(servers, steps, built, timeoutMs));
  removeNow(built.dir);
  printSummary(sizes, steps, results);
  console.log(`\nload average at the end: ${load()}`);
}

const row = columns([-30, 7, 8, 8, 9, 7]);

async function benchSize(
  servers: number,
  steps: readonly Step[],
  built: { dir: string; bin: string },
  timeoutMs: number,
): Promise<Row[]> {
  const dir = tempDir('sfbports-bench-scale-');
  try {
    const t0 = performance.now();
    const topology = validTopology(servers);
    const inputs = { json: join(dir, 'topology.json'), yaml: join(dir, 'topology.yaml'), dir };
    writeFileSync(inputs.json, json(topology));
    // YAML only when asked for: at 100k it takes the parent seconds and hundreds of MB to write.
    const yaml = steps.some((s) => s.kind === 'validate' && s.input === 'yaml');
    if (yaml) writeFileSync(inputs.yaml, stringify(topology));
    console.log(
      `\n${servers} servers requested: ${serverCount(topology)} servers in ${topology.sites.length} sites; topology.json ${mb(statSync(inputs.json).size)}${yaml ? `, topology.yaml ${mb(statSync(inputs.yaml).size)}` : ''}; generated in ${seconds(performance.now() - t0)}; load ${load()}`,
    );
    console.log(row(['step', 'exit', 'wall', 'peak RSS', 'output', 'verdict', 'note']));
    const rows: Row[] = [];
    for (const step of steps) {
      const r = await runStep(step, servers, built, inputs, timeoutMs);
      rows.push(r);
      console.log(
        row([
          r.step.label,
          r.status,
          seconds(r.wallMs),
          mb(r.rssBytes),
          mb(r.outputBytes),
          r.verdict,
          r.note,
        ]),
      );
    }
    return rows;
  } finally {
    removeNow(dir);
  }
}

async function runStep(
  step: Step,
  servers: number,
  built: { dir: string; bin: string },
  inputs: { json: string; yaml: string; dir: string },
  timeoutMs: number,
): Promise<Row> {
  const command = stepCommand(step, built, inputs);
  const child = await runNode(command.args, timeoutMs);
  const written = command.outputs.filter(existsSync);
  const outputBytes = written.length === 0 ? Number.NaN : written.reduce((n, f) => n + statSync(f).size, 0);
  for (const f of written) removeNow(f);
  const ok = child.code === 0 && !child.timedOut;
  const status = child.timedOut ? 'TIMEOUT' : (child.signal ?? String(child.code));
  let plan: PlanFigures | undefined;
  if (step.kind === 'plan' && ok) {
    try {
      plan = JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as PlanFigures;
    } catch {
      // No figures: the verdict is FAIL and the note empty; the wall time still shows.
    }
  }
  const lastError = child.stderr.split('\n').pop() ?? '';
  const note = plan
    ? `plan ${seconds(plan.planMs)} (CPU ${seconds(plan.planCpuMs)}; first in the process ${seconds(plan.firstPlanMs)}) after load ${seconds(plan.loadMs)}, ${plan.flows} flows`
    : ok
      ? written.length > 1
        ? `${written.length} files`
        : ''
      : lastError.slice(0, 100);
  return {
    step,
    status,
    wallMs: child.wallMs,
    rssBytes: child.rssBytes,
    outputBytes,
    ...(plan ? { plan } : {}),
    verdict: verdict(step, servers, {
      ok,
      wallMs: child.wallMs,
      rssBytes: child.rssBytes,
      ...(plan ? { planMs: plan.planMs } : {}),
    }),
    note,
  };
}

/** Rows = steps, columns = sizes: wall time (planning time for the plan row), peak RSS, verdict. */
function printSummary(sizes: readonly number[], steps: readonly Step[], results: Map<number, Row[]>): void {
  const summary = columns([-30, ...sizes.map(() => 26)]);
  console.log(
    '\nsummary: wall time (the plan row: planning time in the process, second run (first)), peak RSS, verdict',
  );
  console.log(summary(['step', ...sizes.map(String)]));
  for (const step of steps) {
    const cells = sizes.map((servers) => {
      const r = results.get(servers)?.find((x) => x.step.id === step.id);
      if (!r) return '';
      if (r.status !== '0') return r.status === 'TIMEOUT' ? 'TIMEOUT' : `exit ${r.status}`;
      const time = r.plan
        ? `plan ${seconds(r.plan.planMs)} (${seconds(r.plan.firstPlanMs)})`
        : seconds(r.wallMs);
      return `${time.padStart(12)} ${mb(r.rssBytes).padStart(8)} ${r.verdict === '-' ? '' : r.verdict}`.trimEnd();
    });
    console.log(summary([step.label, ...cells]));
  }
}

/** Indented, every default written out: the larger of the JSONs a user may have (docs/topology.md). */
function json(topology: Topology): string {
  return `${JSON.stringify(topology, null, 2)}\n`;
}

// Last, so that the module's constants above exist before the top-level await runs.
let options: ReturnType<typeof parseArgs>;
let steps: Step[];
try {
  options = parseArgs(process.argv.slice(2));
  steps = selectSteps(allSteps(), options.only);
} catch (e) {
  // A mistyped argument is a usage error: its message, not a stack trace.
  console.error(`bench:scale: ${(e as Error).message}`);
  process.exit(2);
}
if (options.write) writeFileSync(options.write.file, json(validTopology(options.write.servers)));
else if (options.list) console.log(steps.map((s) => s.id).join('\n'));
else await bench(options.sizes, steps, options.timeoutSeconds * 1000);
