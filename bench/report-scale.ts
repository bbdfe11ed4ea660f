import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RENDERER_NAMES } from '../src/render/index.js';
import { buildCli } from '../test/support/built-cli.js';
import { validTopology } from './valid-topology.js';

/**
 * `report` at scale: a valid topology of N servers (default 100,000) written as JSON, then
 * `sfbports report FILE --format F -o OUT` for every format, each in its own process, with its wall
 * time, peak resident memory and output size. Loading and planning are in every figure; the
 * `report --format json` line is the nearest to "loading and planning alone", since that renderer
 * does the least. Prints figures; asserts nothing.
 *
 *   npm run bench:report-scale              100,000 servers
 *   npm run bench:report-scale -- 20000     another size
 *   npm run bench:report-scale -- 20000 md  some formats only
 */

const servers = Number(process.argv[2] ?? 100_000);
const formats = process.argv.length > 3 ? process.argv.slice(3) : [...RENDERER_NAMES];
if (!Number.isInteger(servers) || servers <= 0) throw new Error(`not a server count: ${process.argv[2]}`);

// The child reports its own peak RSS as it exits: no /usr/bin/time needed.
const REPORT_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\nsfbports-bench maxrss='+process.resourceUsage().maxRSS+'\\n'))`;

const dir = mkdtempSync(join(tmpdir(), 'sfbports-report-scale-'));
const built = buildCli();
try {
  const input = join(dir, 'topology.json');
  const t0 = performance.now();
  writeFileSync(input, `${JSON.stringify(validTopology(servers))}\n`);
  console.log(
    `${servers} servers: ${input} (${mb(statSync(input).size)}) generated in ${seconds(performance.now() - t0)}`,
  );
  for (const format of formats) {
    const output = join(dir, `report.${format}`);
    const start = performance.now();
    const run = spawnSync(
      process.execPath,
      [`--import=${REPORT_RSS}`, built.bin, 'report', input, '--format', format, '-o', output, '--force'],
      { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 },
    );
    const wall = performance.now() - start;
    const rss = Number(/sfbports-bench maxrss=(\d+)/.exec(run.stderr)?.[1] ?? Number.NaN) * 1024;
    let size = Number.NaN;
    try {
      size = statSync(output).size;
    } catch {
      // No output: the run failed, said below.
    }
    const status =
      run.status === 0 ? '' : `  FAILED (exit ${run.status ?? run.signal}): ${lastLine(run.stderr)}`;
    console.log(
      `${format.padEnd(5)} ${seconds(wall).padStart(8)}  peak RSS ${mb(rss).padStart(9)}  output ${mb(size).padStart(9)}${status}`,
    );
    rmSync(output, { force: true });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  rmSync(built.dir, { recursive: true, force: true });
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function mb(bytes: number): string {
  return Number.isNaN(bytes) ? '-' : `${(bytes / 1e6).toFixed(1)} MB`;
}

function lastLine(text: string): string {
  return (
    text
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('sfbports-bench'))
      .pop() ?? ''
  );
}
