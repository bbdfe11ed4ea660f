import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../probe/support.js';
import { cliProcessCommand, runCliProcess } from '../support/cli.js';

/**
 * The built CLI as a real process, for what an in-process run cannot show: the installed bin entry,
 * exit statuses, real pipes on standard input and output, and signals. Everything else about the
 * commands is tested in process (test/support/cli.ts).
 */

const E2E = 'test/probe/fixtures/e2e.yaml';
const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

/** Starts the built CLI with piped output; `exited` resolves with its status and what it wrote. */
function startProcess(args: readonly string[]) {
  const [command, argv] = cliProcessCommand(args);
  const child = spawn(command, argv, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => {
    output.stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    output.stderr += d.toString();
  });
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (code) => resolve({ code, ...output })),
  );
  return { child, output, exited };
}

/** Polls (bounded) until `condition` holds. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1500; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the built sfbports as a process', () => {
  it('runs from bin/sfbports.js: --version, and a query that exits 0', async () => {
    const version = await runCliProcess(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    const r = await runCliProcess(['catalog', '--port', '5070', '--role', 'mediation']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('mediation.sip-mtls.5070');
  });

  it('exits 2 with a hint and no stack trace on bad input', async () => {
    const r = await runCliProcess(['catalog', '--role', 'mediaton']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean mediation?');
    expect(r.stdout).toBe('');
    noStackTrace(r.stderr);
  });

  it('reads a topology piped to standard input, and exits 2 for a broken one', async () => {
    const topology = readFileSync(E2E, 'utf8');
    const ok = await runCliProcess(['check', '-', '--from', 'clients', '--dry-run'], { stdin: topology });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/target\(s\) would be probed\n$/);
    const broken = await runCliProcess(['check', '-', '--from', 'clients', '--dry-run'], {
      stdin: topology.replace('role: front-end', 'role: front-ends'),
    });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^<stdin>:\d+:\d+: error unknown-choice: /m);
    noStackTrace(broken.stderr);
  });

  // `sfbports catalog --format json | head` closes stdout early (the JSON is larger than a pipe
  // buffer, so the write is still going on); the CLI must end quietly, not with an EPIPE stack trace.
  it('ends quietly when the reader closes the pipe early', async () => {
    const run = startProcess(['catalog', '--format', 'json']);
    // Close our end before the CLI writes anything: its first write meets a closed pipe.
    run.child.stdout.destroy();
    const r = await run.exited;
    expect(r.stderr).not.toMatch(/EPIPE|at .*\.js:\d+/);
    expect(r.code).toBe(0);
  });

  it('listen stops on SIGTERM, sums up and exits 0', async () => {
    const port = await freePort();
    const run = startProcess(['listen', '--bind', '127.0.0.1', '--ports', String(port), '--duration', '60']);
    await until(() => /^ready; /m.test(run.output.stdout) || run.child.exitCode !== null, 'listen ready');
    run.child.kill('SIGTERM');
    const r = await run.exited;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^stopped: nothing reached this listener$/m);
  });

  describe('check interrupted by Ctrl-C', () => {
    // A server that accepts connections and never says a word: a TLS handshake with it waits.
    let silent: Server;
    const sockets: Socket[] = [];
    let port = 0;
    beforeAll(async () => {
      port = await freePort();
      silent = createServer((s) => sockets.push(s));
      await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });

    it('reports what it has, says it was interrupted and exits 130', async () => {
      const run = startProcess([
        'check',
        `127.0.0.1:${port}`,
        '--probe',
        'tls',
        '--timeout',
        '60000',
        '--retries',
        '0',
      ]);
      // Interrupt once the probe is waiting for the handshake.
      await until(() => sockets.length > 0 || run.child.exitCode !== null, 'the probe to connect');
      run.child.kill('SIGINT');
      const r = await run.exited;
      // 128 + SIGINT, as shells report it (issue 16: it was 1, like a finding about the network).
      expect(r.code).toBe(130);
      expect(r.stdout).toMatch(/interrupted/);
    });

    it('on SIGTERM also prints what it has and exits 143', async () => {
      const run = startProcess([
        'check',
        `127.0.0.1:${port}`,
        '--probe',
        'tls',
        '--timeout',
        '60000',
        '--retries',
        '0',
      ]);
      await until(() => sockets.length > 1 || run.child.exitCode !== null, 'the probe to connect');
      run.child.kill('SIGTERM');
      const r = await run.exited;
      expect(r.code).toBe(143);
      expect(r.stdout).toMatch(/interrupted/);
    });
  });
});
