import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { catalog } from '../src/catalog/index.js';
import { processIo } from '../src/cli/io.js';
import { main } from '../src/cli/program.js';
import { readTopologyFile } from '../src/cli/topology-file.js';
import { plan } from '../src/plan/plan.js';
import { serverCount } from '../test/support/synthetic.js';
import { validTopology } from './valid-topology.js';

/**
 * Time and memory of reading a large topology, the way a user runs it: a valid topology of about
 * 100,000 servers (the most one deployment has), written as JSON and as YAML, then, each in a
 * process of its own so that the peak RSS is that step's alone:
 *   validate (JSON), validate (YAML), load + plan, report --format json -o FILE.
 *   npm run bench:inputs [servers]   (default 100000)
 *   npm run bench:inputs -- --write 100000 topology.json   (only write the topology)
 * Target: validate and report --format json well under a minute. Prints figures; asserts nothing.
 */

type Phase = 'validate' | 'plan' | 'report-json';

if (process.argv[2] === '--phase') {
  await runPhase(process.argv[3] as Phase, process.argv[4]!, process.argv[5]);
} else if (process.argv[2] === '--write') {
  // npm run bench:inputs -- --write 100000 topology.json: just the topology, to try commands on.
  writeFileSync(process.argv[4]!, `${JSON.stringify(validTopology(Number(process.argv[3])), null, 2)}\n`);
} else {
  await bench(Number(process.argv[2] ?? 100_000));
}

async function bench(servers: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sfbports-bench-inputs-'));
  try {
    const topology = validTopology(servers);
    const json = join(dir, 'topology.json');
    const yaml = join(dir, 'topology.yaml');
    writeFileSync(json, `${JSON.stringify(topology, null, 2)}\n`);
    writeFileSync(yaml, stringify(topology));
    const mib = (path: string) => `${(statSync(path).size / 1024 / 1024).toFixed(1)} MiB`;
    console.log(
      `sfbports bench:inputs, node ${process.version}: ${serverCount(topology)} servers in ${topology.sites.length} sites; topology.json ${mib(json)}, topology.yaml ${mib(yaml)}`,
    );
    console.log('step                      exit  wall (step)  wall (process)  peak rss');
    const steps: Array<[string, Phase, string, string?]> = [
      ['validate (JSON)', 'validate', json],
      ['validate (YAML)', 'validate', yaml],
      ['load + plan (JSON)', 'plan', json],
      ['report --format json', 'report-json', json, join(dir, 'report.json')],
    ];
    for (const [label, phase, file, out] of steps) {
      const start = performance.now();
      const child = spawnSync(
        process.execPath,
        [...process.execArgv, fileURLToPath(import.meta.url), '--phase', phase, file, ...(out ? [out] : [])],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      const wall = performance.now() - start;
      const line = child.stdout.trim().split('\n').pop() ?? '';
      let figures: { code: number; ms: number; rss: number } | undefined;
      try {
        figures = JSON.parse(line) as { code: number; ms: number; rss: number };
      } catch {
        figures = undefined;
      }
      if (!figures) {
        console.log(
          `${label.padEnd(24)}  failed (status ${child.status}): ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`,
        );
        continue;
      }
      const extra = out && existsSync(out) ? `  (${mib(out)} written)` : '';
      console.log(
        `${label.padEnd(24)}  ${String(figures.code).padStart(4)}  ${`${(figures.ms / 1000).toFixed(1)} s`.padStart(11)}  ${`${(wall / 1000).toFixed(1)} s`.padStart(14)}  ${`${(figures.rss / 1024 / 1024).toFixed(0)} MB`.padStart(8)}${extra}`,
      );
      if (figures.code !== 0)
        console.log(`  stderr: ${child.stderr.trim().split('\n').slice(0, 3).join(' | ')}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One step, in this process, then one line of JSON: its exit status, time and the process's peak RSS. */
async function runPhase(phase: Phase, file: string, out?: string): Promise<void> {
  const io = processIo();
  const quiet = { ...io, stdout: { write: () => true } };
  const start = performance.now();
  let code = 0;
  if (phase === 'validate') code = await main(['node', 'sfbports', 'validate', file], quiet);
  else if (phase === 'plan') plan(readTopologyFile(quiet, file), catalog);
  else
    code = await main(['node', 'sfbports', 'report', file, '--format', 'json', '-o', out!, '--force'], quiet);
  const ms = performance.now() - start;
  console.log(JSON.stringify({ code, ms, rss: process.resourceUsage().maxRSS * 1024 }));
}
