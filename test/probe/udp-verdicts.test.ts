import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunTiming } from '../../src/probe/run.js';
import type { CheckResult } from '../../src/probe/types.js';
import { cliProcessCommand } from '../support/cli.js';
import { skipUnless } from '../support/requirements.js';
import { createLab, type Lab, startUdpResponder } from './netns.js';

/**
 * UDP verdicts as nmap -sU gives them (issue 15), through real ICMP in network namespaces: a datagram
 * back → open; ICMP port unreachable from the target (nothing listening, or the host's own firewall)
 * → closed; ICMP admin-prohibited from a firewall on the path → filtered; silence (a drop) →
 * open|filtered. Then the same host behind Linux's ICMP rate limit: closed ports stay closed.
 */

interface Report {
  results: CheckResult[];
  timing: RunTiming;
}

function check(lab: Lab, args: readonly string[]): Promise<Report> {
  const [node, argv] = cliProcessCommand(['check', ...args, '--format', 'json']);
  return new Promise((resolve, reject) => {
    execFile(
      'ip',
      ['netns', 'exec', lab.client, node, ...argv],
      { encoding: 'utf8', timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        // Exit 1 is expected: some required ports are not open.
        if (stdout === '') reject(err ?? new Error(stderr));
        else resolve(JSON.parse(stdout) as Report);
      },
    );
  });
}

function icmpRateLimit(lab: Lab, ms: number): void {
  for (const ns of [lab.server, lab.firewall])
    lab.exec(ns, 'sysctl', ['-qw', `net.ipv4.icmp_ratelimit=${ms}`]);
}

const OPEN = 25000;
const NOTHING = 25001;
const HOST_REJECT = 25002;
const PROHIBITED = 25003;
const DROPPED = 25004;
/** 10 ports with nothing listening, for the rate limit (Linux lets 6 ICMP errors through at once). */
const LIMITED_FIRST = 25010;
const LIMITED_LAST = 25019;

describe.skipIf(
  skipUnless({ netns: true, commands: ['nft', 'sysctl'] }, 'UDP verdicts through real ICMP (namespaces)'),
)('UDP verdicts through real ICMP', () => {
  let lab: Lab | undefined;
  let dir = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sfbports-udp-'));
    lab = createLab('udp');
    lab.loadRuleset(
      [
        'table inet sfbports_udp {',
        '  chain forward {',
        '    type filter hook forward priority filter; policy accept;',
        `    udp dport ${PROHIBITED} reject with icmp type admin-prohibited`,
        `    udp dport ${DROPPED} drop`,
        '  }',
        '}',
        '',
      ].join('\n'),
      join(dir, 'path.nft'),
    );
    lab.exec(
      lab.server,
      'nft',
      ['-f', '-'],
      [
        'table inet sfbports_host {',
        '  chain input {',
        '    type filter hook input priority filter; policy accept;',
        `    udp dport ${HOST_REJECT} reject with icmp type port-unreachable`,
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    await startUdpResponder(lab, lab.server, lab.serverAddress, [OPEN]);
  }, 60_000);

  afterAll(() => {
    lab?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads a reply, port unreachable, admin-prohibited and silence as nmap does', async () => {
    // No rate limit here: every ICMP error comes back at once.
    icmpRateLimit(lab!, 0);
    const report = await check(lab!, [`${lab!.serverAddress}:${OPEN}-${DROPPED}/udp`]);
    const states = Object.fromEntries(report.results.map((r) => [r.port, r.state]));
    expect(states).toEqual({
      [OPEN]: 'open',
      [NOTHING]: 'closed',
      [HOST_REJECT]: 'closed',
      [PROHIBITED]: 'filtered',
      [DROPPED]: 'open|filtered',
    });
    const prohibited = report.results.find((r) => r.port === PROHIBITED)!;
    expect(prohibited.detail.error).toBe('EHOSTUNREACH');
    expect(prohibited.rtt_ms).not.toBeNull();
    // An ICMP answer is final at once; silence is retried, then probed once more (the host sent ICMP).
    expect(report.results.map((r) => r.attempts)).toEqual([1, 1, 1, 1, 3]);
  }, 60_000);

  it('keeps closed ports closed behind the ICMP rate limit, by slowing down', async () => {
    // Linux's default: a burst of 6 ICMP errors per destination, then one a second.
    icmpRateLimit(lab!, 1000);
    // Let the allowance fill up after the previous test.
    await new Promise((r) => setTimeout(r, 6500));
    const report = await check(lab!, [
      `${lab!.serverAddress}:${LIMITED_FIRST}-${LIMITED_LAST}/udp`,
      `${lab!.serverAddress}:${DROPPED}/udp`,
    ]);
    const states = Object.fromEntries(report.results.map((r) => [r.port, r.state]));
    for (let p = LIMITED_FIRST; p <= LIMITED_LAST; p++) expect(states[p], `port ${p}`).toBe('closed');
    expect(states[DROPPED]).toBe('open|filtered');
    // The dropped port always goes through the slow pass; the closed ports that the limit swallowed
    // (at least 10 - 6) answered there.
    expect(report.timing.slow_udp.probed).toBeGreaterThanOrEqual(1);
    expect(report.timing.slow_udp.answered).toBeLessThan(report.timing.slow_udp.probed);
    expect(report.results.filter((r) => r.state === 'closed' && r.attempts === 3).length).toBe(
      report.timing.slow_udp.answered,
    );
  }, 90_000);
});
