import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const work = mkdtempSync(join(tmpdir(), 'sfbports-topology-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sfbports = runCli;

const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

describe('sfbports validate', () => {
  it('prints a one-line summary and exits 0 for a valid topology', async () => {
    const r = await sfbports(['validate', 'examples/enterprise.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(
      /^valid examples\/enterprise\.yaml: Contoso \(sfb2019\): 1 site, 2 pools \(5 servers\)/,
    );
    expect(r.stderr).toBe('');
  });

  it('reports every error with file:line:column, a hint and a code frame, and exits 2', async () => {
    const r = await sfbports(['validate', 'test/golden/errors/dangling-references.yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const located =
      r.stderr.match(/^test\/golden\/errors\/dangling-references\.yaml:\d+:\d+: error /gm) ?? [];
    expect(located).toHaveLength(7);
    expect(r.stderr).toContain('hint: did you mean sql01.contoso.com?');
    expect(r.stderr).toMatch(/^ {2}12 \| {9}backend: sql02\.contoso\.com\n {5}\| {18}\^$/m);
    expect(r.stderr).toMatch(/invalid test\/golden\/errors\/dangling-references\.yaml: 7 errors, 0 warnings/);
    noStackTrace(r.stderr);
  });

  it('prints diagnostics as JSON with --format json', async () => {
    const r = await sfbports([
      'validate',
      'examples/multi-site.yaml',
      'test/golden/errors/misspelt-role.yaml',
      '-f',
      'json',
    ]);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out.files.map((f: { valid: boolean }) => f.valid)).toEqual([true, false]);
    expect(out.files[1].diagnostics).toEqual([
      expect.objectContaining({
        code: 'unknown-choice',
        severity: 'error',
        loc: { file: 'test/golden/errors/misspelt-role.yaml', line: 9, column: 15 },
        hint: expect.stringContaining('did you mean mediation?'),
      }),
    ]);
  });

  it('reports an unreadable file in the JSON and still checks the others', async () => {
    const r = await sfbports(['validate', 'no-such.yaml', 'examples/enterprise.yaml', '--format', 'json']);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out.files.map((f: { file: string; valid: boolean }) => [f.file, f.valid])).toEqual([
      ['no-such.yaml', false],
      ['examples/enterprise.yaml', true],
    ]);
    expect(out.files[0].diagnostics[0].code).toBe('topology-unreadable');
  });

  it('reads standard input for "-"', async () => {
    const r = await sfbports(['validate', '-'], {
      stdin: readFileSync('examples/standard-edition.yaml', 'utf8'),
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^valid <stdin>: Litware/);
  });

  it('exits 2 without a stack trace for a missing file and a bad --format', async () => {
    const missing = await sfbports(['validate', 'no-such-topology.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read topology no-such-topology\.yaml: no such file/);
    noStackTrace(missing.stderr);
    const format = await sfbports(['validate', 'examples/enterprise.yaml', '--format', 'jsn']);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/did you mean json\?/);
  });

  it('has --help with examples', async () => {
    const r = await sfbports(['validate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples:\n\s+\$ sfbports validate examples\/enterprise\.yaml/);
  });
});

describe('sfbports init', () => {
  it('writes a commented starter that validates, and never replaces a file without --force', async () => {
    const first = await sfbports(['init', 'starter.yaml'], { cwd: work });
    expect(first.code).toBe(0);
    const path = join(work, 'starter.yaml');
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n')[0]).toMatch(
      /^# yaml-language-server: \$schema=.*schema\/topology\.schema\.json$/,
    );
    expect(text).toMatch(/^# .*\n/m);
    const schemaRef = text.split('\n')[0]!.split('$schema=')[1]!;
    expect(() => readFileSync(resolve(work, schemaRef), 'utf8')).not.toThrow();
    expect((await sfbports(['validate', path])).code).toBe(0);

    writeFileSync(path, '# my own edits\n');
    const again = await sfbports(['init', 'starter.yaml'], { cwd: work });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/starter\.yaml already exists/);
    expect(readFileSync(path, 'utf8')).toBe('# my own edits\n');

    const forced = await sfbports(['init', 'starter.yaml', '--force'], { cwd: work });
    expect(forced.code).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('prints the starter for "-"', async () => {
    const r = await sfbports(['init', '-'], { cwd: work });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# yaml-language-server: \$schema=/);
    expect(r.stdout).toMatch(/\nversion: 2\n/);
  });

  it('refuses --interactive when standard input is not a terminal', async () => {
    const r = await sfbports(['init', 'interactive.yaml', '--interactive'], {
      cwd: work,
      stdin: 'Contoso\n',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/standard input is not a terminal/);
    expect(r.stderr).toMatch(/hint: /);
    noStackTrace(r.stderr);
  });

  it('has --help with examples', async () => {
    const r = await sfbports(['init', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--interactive/);
    expect(r.stdout).toMatch(/Examples:\n\s+\$ sfbports init/);
  });
});
