import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/probe/types.js';
import { cliProcessCommand, runCli } from '../support/cli.js';
import { skipUnless } from '../support/requirements.js';
import { createLab, type Lab, waitReady } from './netns.js';

const TOPOLOGY = 'test/probe/fixtures/e2e.yaml';
const TOKEN = `e2e-${process.pid}`;
/** Ports no client flow needs; a second listener opens them so "filtered" can only mean the firewall. */
const NOT_REQUIRED_TCP = [22, 1433, 5060, 5062, 8081];
const NOT_REQUIRED_UDP = [1434, 3478];

/** Runs the built CLI inside a network namespace: the one place a real process is the point. */
function runCliIn(ns: string, args: readonly string[]): { status: number; stdout: string; stderr: string } {
  const [cmd, argv] = cliProcessCommand(args);
  try {
    const stdout = execFileSync('ip', ['netns', 'exec', ns, cmd, ...argv], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { status: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { status: number | null; stdout: string; stderr: string };
    return { status: e.status ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe.skipIf(
  skipUnless(
    { netns: true, commands: ['nft', 'openssl'] },
    'check/listen end to end through an nftables firewall',
  ),
)('check and listen through the firewall that emit nftables wrote', () => {
  let lab: Lab | undefined;
  let dir = '';
  let ruleset = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sfbports-e2e-'));
    lab = createLab('e2e');
    const emitted = await runCli(['emit', 'nftables', TOPOLOGY, '--boundary', 'clients:servers']);
    expect(emitted.code).toBe(0);
    ruleset = emitted.stdout;
    lab.loadRuleset(ruleset, join(dir, 'firewall.nft'));
    const [lcmd, largv] = cliProcessCommand([
      'listen',
      TOPOLOGY,
      '--as',
      'se01.e2e.test',
      '--token',
      TOKEN,
      '--duration',
      '120',
      '--format',
      'json',
    ]);
    const listener = lab.spawn(lab.server, lcmd, largv);
    const [xcmd, xargv] = cliProcessCommand([
      'listen',
      '--bind',
      lab.serverAddress,
      '--token',
      TOKEN,
      '--duration',
      '120',
      '--format',
      'json',
      '--ports',
      ...NOT_REQUIRED_TCP.map(String),
      ...NOT_REQUIRED_UDP.map((p) => `${p}/udp`),
    ]);
    const decoy = lab.spawn(lab.server, xcmd, xargv);
    const [ready] = await Promise.all([waitReady(listener), waitReady(decoy)]);
    expect(ready.token).toBe(TOKEN);
  });

  afterAll(() => {
    lab?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the firewall holds the emitted rule set', () => {
    expect(ruleset).toContain('table inet');
    const listed = lab!.exec(lab!.firewall, 'nft', ['list', 'ruleset']);
    // The table drops what passes from clients to servers and no flow needs; nothing else.
    expect(listed).toContain('policy accept');
    expect(listed).toMatch(
      /ip saddr 198\.51\.100\.0\/24 ip daddr 203\.0\.113\.0\/24 counter packets \d+ bytes \d+ drop/,
    );
  });

  it('every required flow from the client zone is open and reached our responder', () => {
    const r = runCliIn(lab!.client, [
      'check',
      TOPOLOGY,
      '--from',
      'clients',
      '--token',
      TOKEN,
      '--format',
      'json',
      '--timeout',
      '1500',
    ]);
    const results = (JSON.parse(r.stdout) as { results: CheckResult[] }).results;
    const required = results.filter((x) => x.required);
    expect(required.length).toBeGreaterThan(10);
    const bad = required.filter((x) => x.state !== 'open' || x.detail.tokenVerified !== true);
    expect(
      bad.map((x) => `${x.host}:${x.port}/${x.transport} ${x.probe} ${x.state} ${x.detail.summary}`),
    ).toEqual([]);
    expect(required.every((x) => typeof x.flow === 'string' && x.flow.startsWith('f-'))).toBe(true);
    // The probes spoke the flows' protocols, not just TCP connect.
    expect(new Set(required.map((x) => x.probe))).toEqual(new Set(['sip', 'tls', 'tcp', 'udp']));
    expect(r.status).toBe(0);
  });

  it('ports no flow needs are filtered, though a listener is behind them', () => {
    const targets = [
      `${lab!.serverAddress}:${NOT_REQUIRED_TCP.join(',')}/tcp`,
      `${lab!.serverAddress}:${NOT_REQUIRED_UDP.join(',')}/udp`,
    ];
    const r = runCliIn(lab!.client, [
      'check',
      ...targets,
      '--token',
      TOKEN,
      '--format',
      'json',
      '--timeout',
      '400',
    ]);
    const results = (JSON.parse(r.stdout) as { results: CheckResult[] }).results;
    expect(results.map((x) => [x.port, x.transport, x.state])).toEqual([
      ...NOT_REQUIRED_TCP.map((p) => [p, 'tcp', 'filtered']),
      ...NOT_REQUIRED_UDP.map((p) => [p, 'udp', 'open|filtered']),
    ]);
    expect(results.every((x) => x.attempts === 2)).toBe(true);
    expect(r.status).toBe(1);
    // From inside the server zone the same ports answer: the firewall, not the listener, said no.
    const inside = runCliIn(lab!.server, [
      'check',
      `${lab!.serverAddress}:${NOT_REQUIRED_TCP.join(',')}/tcp`,
      '--token',
      TOKEN,
      '--format',
      'json',
    ]);
    const insideResults = (JSON.parse(inside.stdout) as { results: CheckResult[] }).results;
    expect(insideResults.every((x) => x.state === 'open' && x.detail.tokenVerified === true)).toBe(true);
  });
});
