/**
 * `npm run bench:check` (needs root): sfbports check against nmap's connect scan (-sT -Pn) on the same
 * 200 TCP ports behind an nftables firewall in network namespaces: 130 ports with a listener behind
 * them, 70 of those allowed (open) and 60 dropped (filtered), and 70 allowed ports with nothing
 * listening (closed). Prints both wall times, their ratio, and whether the verdicts agree port by port.
 * Then the same for a fully filtered host (a second server address whose every packet the firewall
 * drops): 200 silent ports, where the cost is the number of timeout waves (timing.waves).
 *
 * sfbports runs as users run it once installed: compiled JavaScript (built as the tests build it, see
 * test/support/built-cli.ts), not through tsx, whose start-up transpiling would dominate the figure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckResult } from '../src/probe/types.js';
import { createLab, waitReady } from '../test/probe/netns.js';
import { buildCli } from '../test/support/built-cli.js';

const FIRST = 20000;
const OPEN = [FIRST, FIRST + 69] as const;
const CLOSED = [FIRST + 70, FIRST + 139] as const;
const FILTERED = [FIRST + 140, FIRST + 199] as const;
const RUNS = 3;
/** The second server address, behind a firewall rule that drops everything sent to it. */
const DARK = '203.0.113.20';
const DARK_TIMEOUT_MS = 2000;

function expected(port: number): string {
  if (port <= OPEN[1]) return 'open';
  if (port <= CLOSED[1]) return 'closed';
  return 'filtered';
}

/** Port states from nmap's XML: listed ports, then the collapsed "extraports" with their ranges. */
function nmapStates(xml: string): Map<number, string> {
  const states = new Map<number, string>();
  for (const m of xml.matchAll(/<port protocol="tcp" portid="(\d+)"><state state="([a-z|]+)"/g)) {
    states.set(Number(m[1]), m[2]!);
  }
  for (const m of xml.matchAll(/<extraports state="([a-z|]+)"[^>]*>([\s\S]*?)<\/extraports>/g)) {
    for (const r of m[2]!.matchAll(/ports="([\d,-]+)"/g)) {
      for (const part of r[1]!.split(',')) {
        const [a, b] = part.split('-').map(Number) as [number, number | undefined];
        for (let p = a; p <= (b ?? a); p++) states.set(p, m[1]!);
      }
    }
  }
  return states;
}

function wall<T>(fn: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * 200 ports of a host whose every packet the firewall drops: sfbports check (default --timeout 2000,
 * --concurrency 64) against nmap -sT -Pn (its own timing), median of RUNS runs, with the waves.
 */
async function filteredHost(lab: ReturnType<typeof createLab>): Promise<string[]> {
  const built = buildCli();
  try {
    const spec = `${DARK}:${FIRST}-${FILTERED[1]}/tcp`;
    const ours: Array<{ ms: number; probeMs: number; waves: number; filtered: number }> = [];
    const theirs: Array<{ ms: number; filtered: number }> = [];
    for (let run = 0; run < RUNS; run++) {
      const a = wall(() => {
        try {
          return lab.exec(lab.client, process.execPath, [
            built.bin,
            'check',
            spec,
            '--full',
            '--timeout',
            String(DARK_TIMEOUT_MS),
            '--format',
            'json',
          ]);
        } catch (err) {
          return (err as { stdout: string }).stdout;
        }
      });
      const report = JSON.parse(a.value) as {
        elapsed_ms: number;
        timing: { waves: number };
        results: CheckResult[];
      };
      ours.push({
        ms: a.ms,
        probeMs: report.elapsed_ms,
        waves: report.timing.waves,
        filtered: report.results.filter((r) => r.state === 'filtered').length,
      });
      const b = wall(() =>
        lab.exec(lab.client, 'nmap', ['-sT', '-Pn', '-n', '-p', `${FIRST}-${FILTERED[1]}`, '-oX', '-', DARK]),
      );
      theirs.push({
        ms: b.ms,
        filtered: [...nmapStates(b.value).values()].filter((s) => s === 'filtered').length,
      });
    }
    const oursMs = median(ours.map((o) => o.ms));
    const nmapMs = median(theirs.map((t) => t.ms));
    return [
      `200 TCP ports of a fully filtered host (every packet dropped), median of ${RUNS} runs:`,
      `  sfbports check   ${oursMs.toFixed(0)} ms wall (probing ${median(ours.map((o) => o.probeMs)).toFixed(0)} ms; --timeout ${DARK_TIMEOUT_MS}, ${median(ours.map((o) => o.waves))} timeout waves; ${ours.at(-1)!.filtered}/200 filtered)`,
      `  nmap -sT -Pn     ${nmapMs.toFixed(0)} ms wall (${theirs.at(-1)!.filtered}/200 filtered)`,
      `  ratio            ${(oursMs / nmapMs).toFixed(2)} (wall)`,
    ];
  } finally {
    rmSync(built.dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) {
    process.stderr.write('bench:check needs root (network namespaces and nftables)\n');
    process.exitCode = 2;
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'sfbports-bench-'));
  const lab = createLab('bench', [DARK]);
  const built = buildCli();
  try {
    lab.loadRuleset(
      [
        'table inet sfbports_bench {',
        '  chain forward {',
        '    type filter hook forward priority filter; policy drop;',
        '    ct state established,related accept',
        `    ip saddr 198.51.100.0/24 ip daddr ${lab.serverAddress} tcp dport ${OPEN[0]}-${CLOSED[1]} accept`,
        `    ip daddr ${DARK} drop`,
        '  }',
        '}',
        '',
      ].join('\n'),
      join(dir, 'bench.nft'),
    );
    await waitReady(
      lab.spawn(lab.server, process.execPath, [
        built.bin,
        'listen',
        '--bind',
        lab.serverAddress,
        '--duration',
        '600',
        '--format',
        'json',
        '--max-connections',
        '1024',
        '--ports',
        `${OPEN[0]}-${OPEN[1]}`,
        `${FILTERED[0]}-${FILTERED[1]}`,
      ]),
    );

    const filtered = await filteredHost(lab);
    const spec = `${lab.serverAddress}:${FIRST}-${FILTERED[1]}/tcp`;
    const ccmd = process.execPath;
    const cargv = [built.bin, 'check', spec, '--format', 'json'];
    const ours: Array<{ ms: number; probeMs: number; states: Map<number, string> }> = [];
    const theirs: Array<{ ms: number; states: Map<number, string> }> = [];
    for (let run = 0; run < RUNS; run++) {
      const a = wall(() => {
        try {
          return lab.exec(lab.client, ccmd, cargv);
        } catch (err) {
          return (err as { stdout: string }).stdout; // exit 1: some ports are not open, as intended
        }
      });
      const report = JSON.parse(a.value) as { elapsed_ms: number; results: CheckResult[] };
      ours.push({
        ms: a.ms,
        probeMs: report.elapsed_ms,
        states: new Map(report.results.map((r) => [r.port, r.state])),
      });
      const b = wall(() =>
        lab.exec(lab.client, 'nmap', [
          '-sT',
          '-Pn',
          '-n',
          '-p',
          `${FIRST}-${FILTERED[1]}`,
          '-oX',
          '-',
          lab.serverAddress,
        ]),
      );
      theirs.push({ ms: b.ms, states: nmapStates(b.value) });
    }

    const last = ours.at(-1)!;
    const nmapLast = theirs.at(-1)!;
    let agree = 0;
    let correct = 0;
    const disagreements: string[] = [];
    for (let port = FIRST; port <= FILTERED[1]; port++) {
      const mine = last.states.get(port);
      const nm = nmapLast.states.get(port);
      if (mine === nm) agree++;
      else if (disagreements.length < 10) disagreements.push(`${port}: sfbports ${mine}, nmap ${nm}`);
      if (mine === expected(port)) correct++;
    }
    const oursMs = median(ours.map((o) => o.ms));
    const probeMs = median(ours.map((o) => o.probeMs));
    const nmapMs = median(theirs.map((t) => t.ms));
    const lines = [
      `200 TCP ports behind an nftables firewall (70 open, 70 closed, 60 filtered), median of ${RUNS} runs:`,
      `  sfbports check   ${oursMs.toFixed(0)} ms wall (probing ${probeMs.toFixed(0)} ms; the rest is Node start-up)`,
      `  nmap -sT -Pn     ${nmapMs.toFixed(0)} ms wall`,
      `  ratio            ${(oursMs / nmapMs).toFixed(2)} (wall), ${(probeMs / nmapMs).toFixed(2)} (probing only); target <= 0.5`,
      `  verdicts         ${agree}/200 agree with nmap; sfbports ${correct}/200 as built`,
      ...disagreements.map((d) => `    ${d}`),
    ];
    process.stdout.write(`${[...lines, ...filtered].join('\n')}\n`);
  } finally {
    lab.destroy();
    rmSync(dir, { recursive: true, force: true });
    rmSync(built.dir, { recursive: true, force: true });
  }
}

await main();
