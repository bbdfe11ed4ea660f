import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/**
 * `npm run bench:tests`: runs the three parts of `npm test` (type check, lint, vitest) one after the
 * other, as `npm test` does, and prints the wall time of each, the total and vitest's slowest files.
 * It asserts nothing: a failing part is reported with its exit status and the run goes on, so a
 * figure is printed even for a red suite. Besides wall time it prints the CPU time the part's
 * processes used (user + system, from /proc on Linux): on a shared machine the wall time swings with
 * the others' load, the CPU time much less. The load average at the start is printed for the same reason.
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

/**
 * CPU time (ms) used so far by this process's finished children and their descendants: fields 16
 * and 17 of /proc/self/stat, in clock ticks (100 a second on Linux). Undefined elsewhere.
 */
function childrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

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
const timings: Array<{ name: string; wall: number; cpu?: number; status: number | null }> = [];
const started = performance.now();
for (const part of PARTS) {
  const t0 = performance.now();
  const cpu0 = childrenCpuMs();
  const r = spawnSync(part.command, part.args, { stdio: 'inherit' });
  const cpu1 = childrenCpuMs();
  timings.push({
    name: part.name,
    wall: performance.now() - t0,
    ...(cpu0 !== undefined && cpu1 !== undefined ? { cpu: cpu1 - cpu0 } : {}),
    status: r.status,
  });
}
const total = performance.now() - started;
const totalCpu = timings.every((t) => t.cpu !== undefined)
  ? timings.reduce((sum, t) => sum + t.cpu!, 0)
  : undefined;
const cpuColumn = (ms: number | undefined) => (ms === undefined ? '' : `   cpu ${seconds(ms)}`);

const lines = [
  '',
  `sfbports bench:tests, node ${process.version}, load average at start ${load.join(' ')}`,
  ...timings.map(
    (t) =>
      `${t.name.padEnd(8)}wall ${seconds(t.wall)}${cpuColumn(t.cpu)}${t.status === 0 ? '' : `  (exit ${t.status})`}`,
  ),
  `${'total'.padEnd(8)}wall ${seconds(total)}${cpuColumn(totalCpu)}`,
];
const slow = slowestFiles(10);
if (slow.length > 0) {
  lines.push('', 'slowest test files (wall time from first to last test of the file):');
  for (const [file, ms] of slow) lines.push(`  ${seconds(ms)}  ${file}`);
}
process.stdout.write(`${lines.join('\n')}\n`);
rmSync(work, { recursive: true, force: true });
