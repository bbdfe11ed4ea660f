/**
 * `npm run bench:check` (needs root): sfbports check against nmap on the same ports, in network
 * namespaces behind an nftables firewall (test/probe/netns.ts), and the CLI's start-up against Node's.
 * Prints, in one run:
 *
 * 1. 200 TCP ports (70 open, 70 closed, 60 dropped by the firewall with a listener behind them) against
 *    nmap -sT -Pn: wall times, ratio, verdicts port by port;
 * 2. 2,000 TCP ports with --full (200 open, 800 closed, 1,000 dropped), the same way;
 * 3. a fully filtered host (a second server address whose every packet the firewall drops), 200 ports,
 *    where the cost is the number of timeout waves (timing.waves);
 * 4. 25 UDP ports against nmap -sU: 5 answered by a responder (open), 5 with nothing listening (the
 *    server's kernel says port unreachable: closed), 5 rejected with port unreachable by the server's
 *    own nftables (closed), 5 rejected by the firewall with admin-prohibited (filtered), 5 dropped
 *    (open|filtered). A port unreachable sent by the firewall on the path would be `filtered` for nmap,
 *    which sees that it did not come from the target; a connected socket cannot tell who sent it (see
 *    udp.ts). The namespaces keep Linux's ICMP rate limit (net.ipv4.icmp_ratelimit = 1000: 6 at once,
 *    then one a second per destination), so 4 of the server's 10 port unreachables are swallowed at
 *    first: both tools must slow down to get them right, and each run starts after the limit has filled
 *    up again;
 * 5. start-up: `node -e 0`, `sfbports --version` and `sfbports check` of one closed loopback port, as
 *    shipped (the esbuild bundle, scripts/bundle-cli.ts) and, for comparison, the same CLI loaded one
 *    file per module (what tsc writes to dist/cli, the bin's fallback).
 *
 * sfbports runs as users run it once installed: compiled JavaScript (built as the tests build it, see
 * test/support/built-cli.ts), not through tsx, whose start-up transpiling would dominate the figures.
 * `npm run bench:check -- mix200 udp` runs only the sections named (mix200, mix2000, dark, udp, startup).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckResult } from '../src/probe/types.js';
import { createLab, type Lab, startUdpResponder, waitReady } from '../test/probe/netns.js';
import { freePort } from '../test/probe/support.js';
import { buildCli } from '../test/support/built-cli.js';

const RUNS = 3;
/** The fully filtered host and the UDP comparison take tens of seconds a run. */
const SLOW_RUNS = 1;
/** The second server address, behind a firewall rule that drops everything sent to it. */
const DARK = '203.0.113.20';
const DARK_TIMEOUT_MS = 2000;
/** Start-up: runs of each command, interleaved, median reported. */
const STARTUP_RUNS = 21;

type Expect = (port: number) => string;

interface Mix {
  readonly name: string;
  readonly title: string;
  readonly first: number;
  readonly last: number;
  readonly expected: Expect;
  readonly full: boolean;
}

/** 1: 70 open, 70 closed, 60 dropped (with a listener behind them). */
const MIX200: Mix = {
  name: 'mix200',
  title: '200 TCP ports behind an nftables firewall (70 open, 70 closed, 60 dropped)',
  first: 20000,
  last: 20199,
  expected: (p) => (p < 20070 ? 'open' : p < 20140 ? 'closed' : 'filtered'),
  full: false,
};

/** 2: 200 open, 800 closed, 1,000 dropped. */
const MIX2000: Mix = {
  name: 'mix2000',
  title: '2,000 TCP ports with --full (200 open, 800 closed, 1,000 dropped)',
  first: 21000,
  last: 22999,
  expected: (p) => (p < 21200 ? 'open' : p < 22000 ? 'closed' : 'filtered'),
  full: true,
};

/** 4: UDP, five of each. */
const UDP_FIRST = 24000;
const UDP_LAST = 24024;
const UDP_OPEN = [24000, 24004] as const;
const UDP_CLOSED_HOST = [24005, 24009] as const;
const UDP_REJECT = [24010, 24014] as const;
const UDP_PROHIBITED = [24015, 24019] as const;
function udpExpected(port: number): string {
  if (port <= UDP_OPEN[1]) return 'open';
  if (port <= UDP_CLOSED_HOST[1]) return 'closed'; // nothing listening
  if (port <= UDP_REJECT[1]) return 'closed'; // the host's own nftables reject
  if (port <= UDP_PROHIBITED[1]) return 'filtered';
  return 'open|filtered';
}
/** Seconds for Linux's ICMP allowance (a burst of 6, one a second) to fill up again between runs. */
const ICMP_REFILL_S = 7;

/** Port states from nmap's XML: listed ports, then the collapsed "extraports" with their ranges. */
function nmapStates(xml: string, protocol: 'tcp' | 'udp'): Map<number, string> {
  const states = new Map<number, string>();
  const listed = new RegExp(`<port protocol="${protocol}" portid="(\\d+)"><state state="([a-z|]+)"`, 'g');
  for (const m of xml.matchAll(listed)) states.set(Number(m[1]), m[2]!);
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

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function sleep(seconds: number): void {
  spawnSync('sleep', [String(seconds)]);
}

interface Report {
  elapsed_ms: number;
  timing: { waves: number; timed_out: number; slow_udp?: { probed: number; answered: number } };
  results: CheckResult[];
}

/** Runs the built CLI's check in the client namespace; exit 1 (ports not open) is expected. */
function check(lab: Lab, bin: string, args: readonly string[]): { report: Report; ms: number } {
  const a = wall(() => {
    try {
      return lab.exec(lab.client, process.execPath, [bin, 'check', ...args, '--format', 'json']);
    } catch (err) {
      return (err as { stdout: string }).stdout;
    }
  });
  return { report: JSON.parse(a.value) as Report, ms: a.ms };
}

function nmap(lab: Lab, args: readonly string[], host: string, protocol: 'tcp' | 'udp') {
  const b = wall(() => lab.exec(lab.client, 'nmap', [...args, '-n', '-Pn', '-oX', '-', host]));
  return { states: nmapStates(b.value, protocol), ms: b.ms };
}

/** Verdicts port by port: agreement with nmap, agreement with the layout, the first differences. */
function compare(
  first: number,
  last: number,
  ours: ReadonlyMap<number, string>,
  theirs: ReadonlyMap<number, string>,
  expected: Expect,
): string[] {
  let agree = 0;
  let oursRight = 0;
  let nmapRight = 0;
  const differences: string[] = [];
  for (let port = first; port <= last; port++) {
    const mine = ours.get(port);
    const nm = theirs.get(port);
    if (mine === nm) agree++;
    else if (differences.length < 10) differences.push(`    ${port}: sfbports ${mine}, nmap ${nm}`);
    if (mine === expected(port)) oursRight++;
    if (nm === expected(port)) nmapRight++;
  }
  const n = last - first + 1;
  return [
    `  verdicts         ${agree}/${n} agree with nmap (sfbports ${oursRight}/${n}, nmap ${nmapRight}/${n} as built)`,
    ...differences,
  ];
}

function ratioLine(oursMs: number, nmapMs: number, probeMs?: number): string {
  const probing = probeMs === undefined ? '' : `, ${(probeMs / nmapMs).toFixed(2)} (probing only)`;
  return `  ratio            ${(oursMs / nmapMs).toFixed(2)} x nmap (wall)${probing}`;
}

function tcpMix(lab: Lab, bin: string, mix: Mix): string[] {
  const spec = `${lab.serverAddress}:${mix.first}-${mix.last}/tcp`;
  const ours: Array<{ ms: number; report: Report }> = [];
  const theirs: Array<{ ms: number; states: Map<number, string> }> = [];
  for (let run = 0; run < RUNS; run++) {
    ours.push(check(lab, bin, [spec, ...(mix.full ? ['--full'] : [])]));
    theirs.push(nmap(lab, ['-sT', '-p', `${mix.first}-${mix.last}`], lab.serverAddress, 'tcp'));
  }
  const oursMs = median(ours.map((o) => o.ms));
  const probeMs = median(ours.map((o) => o.report.elapsed_ms));
  const nmapMs = median(theirs.map((t) => t.ms));
  const states = new Map(ours.at(-1)!.report.results.map((r) => [r.port, r.state]));
  return [
    `${mix.title}, median of ${RUNS} runs:`,
    `  sfbports check   ${oursMs.toFixed(0)} ms wall (probing ${probeMs.toFixed(0)} ms, ${median(ours.map((o) => o.report.timing.waves))} timeout waves)`,
    `  nmap -sT -Pn     ${nmapMs.toFixed(0)} ms wall`,
    `${ratioLine(oursMs, nmapMs, probeMs)}; target <= 0.5`,
    ...compare(mix.first, mix.last, states, theirs.at(-1)!.states, mix.expected),
  ];
}

/** 200 ports of a host whose every packet the firewall drops, at the default --timeout 2000. */
function darkHost(lab: Lab, bin: string): string[] {
  const first = 20000;
  const last = 20199;
  const ours: Array<{ ms: number; report: Report }> = [];
  const theirs: Array<{ ms: number; states: Map<number, string> }> = [];
  for (let run = 0; run < SLOW_RUNS; run++) {
    ours.push(
      check(lab, bin, [`${DARK}:${first}-${last}/tcp`, '--full', '--timeout', String(DARK_TIMEOUT_MS)]),
    );
    theirs.push(nmap(lab, ['-sT', '-p', `${first}-${last}`], DARK, 'tcp'));
  }
  const oursMs = median(ours.map((o) => o.ms));
  const nmapMs = median(theirs.map((t) => t.ms));
  const last_ = ours.at(-1)!.report;
  return [
    `200 TCP ports of a fully filtered host (every packet dropped), ${SLOW_RUNS === 1 ? 'one run' : `median of ${SLOW_RUNS} runs`}:`,
    `  sfbports check   ${oursMs.toFixed(0)} ms wall (probing ${median(ours.map((o) => o.report.elapsed_ms)).toFixed(0)} ms; --timeout ${DARK_TIMEOUT_MS}, ${last_.timing.waves} timeout waves)`,
    `  nmap -sT -Pn     ${nmapMs.toFixed(0)} ms wall`,
    ratioLine(oursMs, nmapMs),
    ...compare(
      first,
      last,
      new Map(last_.results.map((r) => [r.port, r.state])),
      theirs.at(-1)!.states,
      () => 'filtered',
    ),
  ];
}

function udp(lab: Lab, bin: string): string[] {
  const spec = `${lab.serverAddress}:${UDP_FIRST}-${UDP_LAST}/udp`;
  const ours: Array<{ ms: number; report: Report }> = [];
  const theirs: Array<{ ms: number; states: Map<number, string> }> = [];
  for (let run = 0; run < SLOW_RUNS; run++) {
    sleep(ICMP_REFILL_S);
    ours.push(check(lab, bin, [spec]));
    sleep(ICMP_REFILL_S);
    theirs.push(nmap(lab, ['-sU', '-p', `${UDP_FIRST}-${UDP_LAST}`], lab.serverAddress, 'udp'));
  }
  const oursMs = median(ours.map((o) => o.ms));
  const nmapMs = median(theirs.map((t) => t.ms));
  const report = ours.at(-1)!.report;
  const slow = report.timing.slow_udp;
  return [
    `25 UDP ports (5 open, 5 closed, 5 rejected port-unreachable by the host, 5 admin-prohibited by the firewall, 5 dropped), ICMP rate limit on, ${SLOW_RUNS === 1 ? 'one run' : `median of ${SLOW_RUNS} runs`}:`,
    `  sfbports check   ${oursMs.toFixed(0)} ms wall (probing ${median(ours.map((o) => o.report.elapsed_ms)).toFixed(0)} ms; slow pass: ${slow?.probed ?? 0} ports probed again, ${slow?.answered ?? 0} answered)`,
    `  nmap -sU -Pn     ${nmapMs.toFixed(0)} ms wall`,
    ratioLine(oursMs, nmapMs),
    ...compare(
      UDP_FIRST,
      UDP_LAST,
      new Map(report.results.map((r) => [r.port, r.state])),
      theirs.at(-1)!.states,
      udpExpected,
    ),
  ];
}

/** Start-up on this machine (no namespace): the median of interleaved runs of each command. */
async function startup(bin: string, perFile: string): Promise<string[]> {
  // Free when asked, so closed: the check answers after one RST.
  const port = await freePort();
  const commands: Array<[string, string[]]> = [
    ['node -e 0', ['-e', '0']],
    ['sfbports --version', [bin, '--version']],
    [`sfbports check 127.0.0.1:${port}`, [bin, 'check', `127.0.0.1:${port}/tcp`, '--format', 'json']],
    ['  one file per module: --version', [perFile, '--version']],
    ['  one file per module: check', [perFile, 'check', `127.0.0.1:${port}/tcp`, '--format', 'json']],
  ];
  // Each command must do its job (a crash would be fast): --version prints it, check reports closed.
  for (const [name, args] of commands) {
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    const ok = args.includes('--version')
      ? r.stdout === '0.1.0\n'
      : args[0] === '-e' || /"state": "closed"/.test(r.stdout);
    if (!ok) throw new Error(`start-up: ${name} failed (${r.status}): ${r.stderr.slice(0, 500)}`);
  }
  const times = commands.map((): number[] => []);
  for (let run = 0; run < STARTUP_RUNS; run++) {
    commands.forEach(([, args], i) => {
      times[i]!.push(wall(() => spawnSync(process.execPath, args, { stdio: 'ignore' })).ms);
    });
  }
  const base = median(times[0]!);
  return [
    `CLI start-up, whole process, median of ${STARTUP_RUNS} interleaved runs:`,
    ...commands.map(([name], i) => {
      const ms = median(times[i]!);
      const extra = i === 0 ? '' : ` (${(ms / base).toFixed(2)} x node -e 0, +${(ms - base).toFixed(0)} ms)`;
      return `  ${name.padEnd(34)} ${ms.toFixed(0).padStart(5)} ms${extra}`;
    }),
  ];
}

const SECTIONS = ['mix200', 'mix2000', 'dark', 'udp', 'startup'] as const;

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) {
    process.stderr.write('bench:check needs root (network namespaces and nftables)\n');
    process.exitCode = 2;
    return;
  }
  const asked = process.argv.slice(2);
  const only = new Set(asked.length ? asked : SECTIONS);
  for (const s of only) {
    if (!(SECTIONS as readonly string[]).includes(s))
      throw new Error(`unknown section ${s}: ${SECTIONS.join(', ')}`);
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
        `    ip daddr ${DARK} drop`,
        `    ip saddr 198.51.100.0/24 ip daddr ${lab.serverAddress} tcp dport { ${MIX200.first}-${MIX200.first + 139}, ${MIX2000.first}-${MIX2000.first + 999} } accept`,
        `    udp dport ${UDP_PROHIBITED[0]}-${UDP_PROHIBITED[1]} reject with icmp type admin-prohibited`,
        `    ip daddr ${lab.serverAddress} udp dport ${UDP_OPEN[0]}-${UDP_REJECT[1]} accept`,
        '  }',
        '}',
        '',
      ].join('\n'),
      join(dir, 'bench.nft'),
    );
    // The server's own firewall answers these ports with port unreachable, from the target's address.
    lab.exec(
      lab.server,
      'nft',
      ['-f', '-'],
      [
        'table inet sfbports_host {',
        '  chain input {',
        '    type filter hook input priority filter; policy accept;',
        `    udp dport ${UDP_REJECT[0]}-${UDP_REJECT[1]} reject with icmp type port-unreachable`,
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    await waitReady(
      lab.spawn(lab.server, process.execPath, [
        built.bin,
        'listen',
        '--bind',
        lab.serverAddress,
        '--duration',
        '1200',
        '--format',
        'json',
        '--full',
        '--max-connections',
        '1024',
        '--ports',
        `${MIX200.first}-${MIX200.first + 69}`,
        `${MIX200.first + 140}-${MIX200.last}`,
        `${MIX2000.first}-${MIX2000.first + 199}`,
      ]),
    );
    const udpOpen: number[] = [];
    for (let p = UDP_OPEN[0]; p <= UDP_OPEN[1]; p++) udpOpen.push(p);
    await startUdpResponder(lab, lab.server, lab.serverAddress, udpOpen);

    const print = (lines: string[]) => process.stdout.write(`${lines.join('\n')}\n`);
    if (only.has('mix200')) print(tcpMix(lab, built.bin, MIX200));
    if (only.has('mix2000')) print(tcpMix(lab, built.bin, MIX2000));
    if (only.has('dark')) print(darkHost(lab, built.bin));
    if (only.has('udp')) print(udp(lab, built.bin));
    if (only.has('startup')) print(await startup(built.bin, join(built.dir, 'dist/cli/main.js')));
  } finally {
    lab.destroy();
    rmSync(dir, { recursive: true, force: true });
    rmSync(built.dir, { recursive: true, force: true });
  }
}

await main();
