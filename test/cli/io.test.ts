import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/cli/program.js';
import { runCli } from '../support/cli.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character is what is looked for
const ANSI = /\x1b\[\d+m/;
const BAD = 'test/golden/errors/misspelt-role.yaml';

/** main(argv, io): everything the program writes goes to the streams it is given. */
describe('the I/O context', () => {
  it('carries help, version and usage errors from commander too', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: sfbports /);
    expect(help.stdout).toContain('Exit status: 0 success, 1 a check found a problem, 2 bad input, 3 check');
    expect(await runCli(['--version'])).toMatchObject({ code: 0, stdout: '0.1.0\n', stderr: '' });
    // The short answer and commander's own (--version after a global option) agree with package.json.
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    expect(await runCli(['--max-input-size', '1MB', '--version'])).toMatchObject({
      code: 0,
      stdout: `${pkg.version}\n`,
    });
    const unknown = await runCli(['valdate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'valdate'[\s\S]*Did you mean validate\?/);
    expect(unknown.stdout).toBe('');
  });

  it('colours output only for a terminal, and never with NO_COLOR', async () => {
    const terminal = await runCli(['validate', BAD], { tty: true });
    expect(terminal.code).toBe(2);
    expect(terminal.stderr).toMatch(ANSI);
    const noColor = await runCli(['validate', BAD], { tty: true, env: { NO_COLOR: '1' } });
    expect(noColor.stderr).not.toMatch(ANSI);
    expect(noColor.stderr).toBe(terminal.stderr.replace(new RegExp(ANSI, 'g'), ''));
    const piped = await runCli(['validate', BAD]);
    expect(piped.stderr).toBe(noColor.stderr);
  });

  it('keeps runs apart: each returns its own exit status and output', async () => {
    const [bad, good] = await Promise.all([
      runCli(['validate', BAD]),
      runCli(['validate', 'examples/enterprise.yaml']),
    ]);
    expect([bad.code, good.code]).toEqual([2, 0]);
    expect(bad.stdout).toBe('');
    expect(good.stdout).toMatch(/^valid examples\/enterprise\.yaml: /);
    expect(good.stderr).toBe('');
  });
});
