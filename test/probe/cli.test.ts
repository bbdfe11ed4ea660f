import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCommand, waitReady } from './netns.js';
import { freePort } from './support.js';

function cli(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const [cmd, argv] = cliCommand(args);
  const r = spawnSync(cmd, argv, {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('sfbports check and listen on the command line', () => {
  it.each([['check'], ['listen']])('%s --help shows examples', (name) => {
    const r = cli([name, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain(`$ sfbports ${name}`);
  });

  it.each([
    [['check', 'nohost'], 'bad target "nohost"'],
    [['check', '::1:5061'], 'without brackets'],
    [['check', '127.0.0.1:5061/sctp'], 'is not tcp or udp'],
    [['check', 'examples/enterprise.yaml'], 'add --from'],
    [['check', 'test/probe/fixtures/e2e.yaml', '--from', 'nowhere'], 'no flow of'],
    [['check', 'missing.yaml', '--from', 'clients'], 'cannot read missing.yaml'],
    [['check', '127.0.0.1:1', '--probe', 'sql-browsr'], 'did you mean sql-browser'],
    [['check', '127.0.0.1:1', '--timeout', 'soon'], '--timeout must be a whole number'],
    [['listen', 'test/probe/fixtures/e2e.yaml'], 'choose one of --as'],
    [['listen', 'test/probe/fixtures/e2e.yaml', '--as', 'nobody.e2e.test'], 'no flow of'],
    [['listen', '--ports', '5061'], '--ports needs --bind'],
    [['listen', '--bind', '127.0.0.1', '--ports', '99999'], 'bad --ports value'],
  ])('bad input %j exits 2 with a message and no stack trace', (args, message) => {
    const r = cli(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 when a required target is not open, and prints JSON results', async () => {
    const port = await freePort();
    const r = cli(['check', `127.0.0.1:${port}/tcp`, `[::1]:${port}/tcp`, '--format', 'json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.results.map((x: { host: string; state: string }) => [x.host, x.state])).toEqual([
      ['127.0.0.1', 'closed'],
      ['::1', 'closed'],
    ]);
    expect(report.results[0]).toMatchObject({ port, transport: 'tcp', probe: 'tcp', attempts: 1 });
    expect(typeof report.results[0].rtt_ms).toBe('number');
  });

  it('lists targets without probing on --dry-run', () => {
    const r = cli([
      'check',
      'test/probe/fixtures/e2e.yaml',
      '--from',
      'clients',
      '--dry-run',
      '--format',
      'json',
    ]);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(
      report.targets.some((t: { port: number; probe: string }) => t.port === 5061 && t.probe === 'sip'),
    ).toBe(true);
    expect(report.notes.some((n: string) => n.includes('sampled 32 of'))).toBe(true);
  });

  describe('with a listener', () => {
    let port = 0;
    let child: ReturnType<typeof spawn>;
    let token = '';
    beforeAll(async () => {
      port = await freePort();
      const [cmd, argv] = cliCommand([
        'listen',
        '--bind',
        '127.0.0.1',
        '--ports',
        String(port),
        `${port}/udp`,
        '--format',
        'json',
        '--duration',
        '60',
      ]);
      child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
      token = (await waitReady(child)).token;
    });
    afterAll(async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    });

    it('prints a random token at start, and check verifies it (exit 0)', () => {
      expect(token).toMatch(/^[0-9a-f]{16}$/);
      const r = cli([
        'check',
        `127.0.0.1:${port}/tcp`,
        `127.0.0.1:${port}/udp`,
        '--token',
        token,
        '--format',
        'junit',
      ]);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('<testsuites name="sfbports check" tests="2" failures="0"');
    });

    it('a wrong token fails the check (exit 1) and says so', () => {
      const r = cli(['check', `127.0.0.1:${port}/tcp`, '--token', 'not-it']);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('[NO TOKEN]');
      expect(r.stdout).toContain('answered without the token');
    });

    it('a second listener on the same port reports it in use and fails cleanly', () => {
      const r = cli(['listen', '--bind', '127.0.0.1', '--ports', String(port), '--duration', '1']);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('in use by another program');
    });
  });
});
