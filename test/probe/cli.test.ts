import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCli, runCli, startCli } from '../support/cli.js';
import { freePort } from './support.js';

const E2E = 'test/probe/fixtures/e2e.yaml';

describe('sfbports check and listen on the command line', () => {
  it.each([['check'], ['listen']])('%s --help shows examples', async (name) => {
    const r = await runCli([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain(`$ sfbports ${name}`);
  });

  it.each([
    [['check', 'nohost'], 'bad target "nohost"'],
    [['check', '::1:5061'], 'without brackets'],
    [['check', '127.0.0.1:5061/sctp'], 'is not tcp or udp'],
    [['check', 'examples/enterprise.yaml'], 'add --from'],
    [['check', '-'], '"-" reads a topology from standard input'],
    [['check', E2E, '--from', 'nowhere'], 'no flow of'],
    [['check', 'missing.yaml', '--from', 'clients'], 'cannot read topology missing.yaml: no such file'],
    [['check', '127.0.0.1:1', '--probe', 'sql-browsr'], 'did you mean sql-browser'],
    [['check', '127.0.0.1:1', '--timeout', 'soon'], '--timeout must be a whole number'],
    [['listen', E2E], 'choose one of --as'],
    [['listen', E2E, '--as', 'nobody.e2e.test'], 'no flow of'],
    [['listen', 'missing.yaml', '--as', 'fe01.contoso.com'], 'cannot read topology missing.yaml'],
    [['listen', '--ports', '5061'], '--ports needs --bind'],
    [['listen', '--bind', '127.0.0.1', '--ports', '99999'], 'bad --ports value'],
  ])('bad input %j exits 2 with a message and no stack trace', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 when a required target is not open, and prints JSON results', async () => {
    const port = await freePort();
    const r = await runCli(['check', `127.0.0.1:${port}/tcp`, `[::1]:${port}/tcp`, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.results.map((x: { host: string; state: string }) => [x.host, x.state])).toEqual([
      ['127.0.0.1', 'closed'],
      ['::1', 'closed'],
    ]);
    expect(report.results[0]).toMatchObject({ port, transport: 'tcp', probe: 'tcp', attempts: 1 });
    expect(typeof report.results[0].rtt_ms).toBe('number');
  });

  it('lists targets without probing on --dry-run', async () => {
    const r = await runCli(['check', E2E, '--from', 'clients', '--dry-run', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(
      report.targets.some((t: { port: number; probe: string }) => t.port === 5061 && t.probe === 'sip'),
    ).toBe(true);
    expect(report.notes.some((n: string) => n.includes('sampled 32 of'))).toBe(true);
  });

  it('stops on a stop signal and sums up what reached it', async () => {
    const fresh = await freePort();
    const listener = startCli([
      'listen',
      '--bind',
      '127.0.0.1',
      '--ports',
      String(fresh),
      '--token',
      't0k3n',
    ]);
    await listener.waitForStdout(/^ready; stopping in 600 s/m);
    expect((await runCli(['check', `127.0.0.1:${fresh}`, '--token', 't0k3n'])).code).toBe(0);
    listener.signal('SIGINT');
    const r = await listener.result;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^stopped; reached:\n {2}tcp \d+: 1 answer\(s\) to 127\.0\.0\.1$/m);
  });

  describe('with a listener', () => {
    let port = 0;
    let listener: RunningCli;
    let token = '';
    beforeAll(async () => {
      port = await freePort();
      listener = startCli([
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
      const [ready] = await listener.waitForStdout(/^\{"event":"ready".*\}$/m);
      token = (JSON.parse(ready) as { token: string }).token;
    });
    afterAll(async () => {
      listener.signal('SIGTERM');
      await listener.result;
    });

    it('prints a random token at start, and check verifies it (exit 0)', async () => {
      expect(token).toMatch(/^[0-9a-f]{16}$/);
      const r = await runCli([
        'check',
        `127.0.0.1:${port}/tcp`,
        `127.0.0.1:${port}/udp`,
        '--token',
        token,
        '--format',
        'junit',
      ]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('<testsuites name="sfbports check" tests="2" failures="0"');
    });

    it('a wrong token fails the check (exit 1) and says so', async () => {
      const r = await runCli(['check', `127.0.0.1:${port}/tcp`, '--token', 'not-it']);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('[NO TOKEN]');
      expect(r.stdout).toContain('answered without the token');
      // The summary line agrees with the exit status (issue 16: it said "every required target is open").
      expect(r.stdout).not.toContain('every required target is open');
      expect(r.stdout).toMatch(/1 required target\(s\) not open or not answered by sfbports listen/);
      const junit = await runCli([
        'check',
        `127.0.0.1:${port}/tcp`,
        '--token',
        'not-it',
        '--format',
        'junit',
      ]);
      expect(junit.stdout).toContain('failures="1"');
      expect(junit.stdout).toContain('type="no-proof"');
    });

    it('sums up sampled port ranges in one line, and lists them with --verbose (issue 16)', async () => {
      // Above the kernel's ephemeral range (32768-60999), so nothing else holds these ports.
      const ranges = ['61000-61999/udp', '62000-62999/udp', '63000-63999/udp'];
      const args = ['listen', '--bind', '127.0.0.1', '--ports', ...ranges, '--duration', '1'];
      const quiet = await runCli(args);
      expect(quiet.code).toBe(0);
      const partLines = (text: string) =>
        text.split('\n').filter((l) => /opened in part|listening on \d+ of/.test(l));
      expect(partLines(quiet.stdout)).toEqual([
        'note: 3 port range(s) opened in part, a sample each (--full for all, --verbose lists them)',
      ]);
      const verbose = await runCli([...args, '--verbose']);
      expect(partLines(verbose.stdout)).toHaveLength(3);
    });

    it('a second listener on the same port reports it in use and fails cleanly', async () => {
      const r = await runCli(['listen', '--bind', '127.0.0.1', '--ports', String(port), '--duration', '1']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('in use by another program');
    });
  });
});

/**
 * check and listen read topologies through the same loader as validate: "-" is standard input,
 * and a bad topology prints validate's diagnostics, code frames included, and exits 2.
 */
describe('check and listen read topologies like every other command', () => {
  const topology = readFileSync(E2E, 'utf8');
  const broken = topology.replace(/role: front-end/, 'role: front-ends');

  it('check - --from reads the topology from standard input', async () => {
    const fromFile = await runCli(['check', E2E, '--from', 'clients', '--dry-run', '--format', 'json']);
    const fromStdin = await runCli(['check', '-', '--from', 'clients', '--dry-run', '--format', 'json'], {
      stdin: topology,
    });
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
  });

  it('listen - reads it too, and names <stdin> in its messages', async () => {
    const r = await runCli(['listen', '-', '--as', 'nobody.e2e.test'], { stdin: topology });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no flow of <stdin> reaches nobody.e2e.test');
  });

  it.each([
    ['check', ['--from', 'clients', '--dry-run']],
    ['listen', ['--as', 'se01.e2e.test']],
  ])(
    '%s prints the diagnostics validate prints for a bad topology, and exits 2',
    async (command, options) => {
      expect(broken).not.toBe(topology);
      const validate = await runCli(['validate', '-'], { stdin: broken });
      expect(validate.code).toBe(2);
      // validate ends with its "invalid <file>: N errors" line; the diagnostics before it are shared.
      const diagnostics = validate.stderr.replace(/^invalid .*\n$/m, '');
      expect(diagnostics).toMatch(/^<stdin>:\d+:\d+: error unknown-choice: /m);
      expect(diagnostics).toMatch(/^ +\d+ \| .*front-ends/m);
      const r = await runCli([command, '-', ...options], { stdin: broken });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(diagnostics);
    },
  );

  it('shows topology warnings as validate does, and goes on', async () => {
    // The fixture names no Central Management store holder, which is a warning.
    const validate = await runCli(['validate', '-'], { stdin: topology });
    expect(validate.code).toBe(0);
    expect(validate.stderr).toMatch(/^<stdin>:\d+:\d+: warning no-cms-holder: /m);
    const r = await runCli(['check', '-', '--from', 'clients', '--dry-run'], { stdin: topology });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(validate.stderr);
    expect(r.stdout).toMatch(/target\(s\) would be probed\n$/);
  });
});
