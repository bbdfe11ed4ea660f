import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/**
 * `npm run bench:tests`: runs the three parts of `npm test` (type check, lint, vitest) one after the
 * other, as `npm test` does, and prints the wall time of each, the total and vitest's slowest files.
 * It asserts nothing: a failing part is reported with its exit status and the run goes on, so a
 * figure is printed even for a red suite. The machine's load average is printed too, because on a
 * shared machine the same suite can take twice as long.
 *   npm run bench:tests [-- vitest file filters…]
 */

interface Part {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
}

interface FileTiming {
  readonly name: string;
  readonly startTime: number;
  readonly endTime: number;
}

const filters = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), 'sfbports-bench-tests-'));
const vitestJson = join(work, 'vitest.json');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

const PARTS: readonly Part[] = [
  { name: 'tsc', command: npx, args: ['tsc', '-p', 'tsconfig.check.json'] },
  { name: 'biome', command: npx, args: ['biome', 'check', '.'] },
  {
    name: 'vitest',
    command: npx,
    // The default reporter keeps the usual output; the JSON one gives the per-file durations.
    args: [
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${vitestJson}`,
      ...filters,
    ],
  },
];

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1).padStart(7)} s`;
}

/** The files that took longest, from vitest's JSON report (absent if vitest could not write it). */
function slowestFiles(count: number): Array<[string, number]> {
  let report: { testResults?: FileTiming[] };
  try {
    report = JSON.parse(readFileSync(vitestJson, 'utf8')) as { testResults?: FileTiming[] };
  } catch {
    return [];
  }
  return (report.testResults ?? [])
    .map((f): [string, number] => [relative(process.cwd(), f.name), f.endTime - f.startTime])
    .sort((a, b) => b[1] - a[1])
    .slice(0, count);
}

const load = loadavg().map((n) => n.toFixed(2));
const timings: Array<[string, number, number | null]> = [];
const started = performance.now();
for (const part of PARTS) {
  const t0 = performance.now();
  const r = spawnSync(part.command, part.args, { stdio: 'inherit' });
  timings.push([part.name, performance.now() - t0, r.status]);
}
const total = performance.now() - started;

const lines = [
  '',
  `sfbports bench:tests, node ${process.version}, load average at start ${load.join(' ')}`,
  ...timings.map(
    ([name, ms, status]) => `${name.padEnd(8)}${seconds(ms)}${status === 0 ? '' : `  (exit ${status})`}`,
  ),
  `${'total'.padEnd(8)}${seconds(total)}`,
];
const slow = slowestFiles(10);
if (slow.length > 0) {
  lines.push('', 'slowest test files (wall time from first to last test of the file):');
  for (const [file, ms] of slow) lines.push(`  ${seconds(ms)}  ${file}`);
}
process.stdout.write(`${lines.join('\n')}\n`);
rmSync(work, { recursive: true, force: true });
