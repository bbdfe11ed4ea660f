import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { skipUnless } from '../support/requirements.js';

/** `sfbports report` end to end: formats, filters, output files and exit statuses. */

const dir = mkdtempSync(join(tmpdir(), 'sfbports-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'report', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('sfbports report', () => {
  it('prints the table by default, with the signature in its first line', () => {
    const r = run('examples/enterprise.yaml');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^sfbports firewall report: Contoso/);
    expect(r.stdout.split('\n').every((l) => l.length <= 100)).toBe(true);
  });

  it('prints JSON, narrowed to one boundary', () => {
    const all = JSON.parse(run('examples/enterprise.yaml', '--format', 'json').stdout);
    const r = run(
      'examples/enterprise.yaml',
      '--format',
      'json',
      '--boundary',
      'internet:perimeter-external',
    );
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.flows.length).toBeGreaterThan(0);
    expect(doc.flows.length).toBeLessThan(all.flows.length);
    expect(
      doc.flows.every(
        (f: { boundary: { from: string; to: string } }) =>
          f.boundary.from === 'internet' && f.boundary.to === 'perimeter-external',
      ),
    ).toBe(true);
  });

  it('rejects an unknown boundary or site with the valid choices and exit 2', () => {
    const b = run('examples/enterprise.yaml', '--boundary', 'internet:servers');
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/unknown-boundary/);
    expect(b.stderr).toMatch(/valid choices: .*internet:perimeter-external/);
    const s = run('examples/enterprise.yaml', '--site', 'Redmont');
    expect(s.status).toBe(2);
    expect(s.stderr).toMatch(/did you mean Redmond\?/);
    expect(`${b.stderr}${s.stderr}`).not.toMatch(/\n\s+at /);
  });

  it('rejects an unknown format and an invalid topology with exit 2 and no stack trace', () => {
    const f = run('examples/enterprise.yaml', '--format', 'pdf');
    expect(f.status).toBe(2);
    expect(f.stderr).toMatch(/valid choices/);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'version: 1\nname: X\nproduct: sfb2099\nzones: {}\nsites: []\n');
    const t = run(bad);
    expect(t.status).toBe(2);
    expect(t.stderr).toMatch(/bad\.yaml:\d+:\d+/);
    expect(t.stderr).not.toMatch(/\n\s+at /);
  });

  it('writes files atomically, replaces its own output, and keeps other files unless forced', () => {
    for (const format of ['csv', 'json']) {
      const out = join(dir, `report.${format}`);
      expect(run('examples/multi-site.yaml', '--format', format, '-o', out).status).toBe(0);
      const first = readFileSync(out, 'utf8');
      expect(first.slice(0, 4096)).toMatch(/sfbports/);
      // Its own earlier output is replaced without --force.
      expect(run('examples/multi-site.yaml', '--format', format, '-o', out).status).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe(first);
    }
    const foreign = join(dir, 'notes.csv');
    writeFileSync(foreign, 'my,own,file\n');
    const refused = run('examples/enterprise.yaml', '--format', 'csv', '-o', foreign);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--force/);
    expect(readFileSync(foreign, 'utf8')).toBe('my,own,file\n');
    expect(run('examples/enterprise.yaml', '--format', 'csv', '-o', foreign, '--force').status).toBe(0);
    expect(readFileSync(foreign, 'utf8')).toMatch(/^sfbports flow,/);
  });

  it('narrows to one site', () => {
    const all = JSON.parse(run('examples/multi-site.yaml', '--format', 'json').stdout);
    const sites = new Set<string>(
      all.flows
        .flatMap((f: { source: { site?: string }; destination: { site?: string } }) => [
          f.source.site,
          f.destination.site,
        ])
        .filter(Boolean),
    );
    expect(sites.size).toBeGreaterThan(1);
    const [site] = [...sites];
    const one = JSON.parse(run('examples/multi-site.yaml', '--format', 'json', '--site', site!).stdout);
    expect(one.flows.length).toBeGreaterThan(0);
    expect(one.flows.length).toBeLessThan(all.flows.length);
  });

  it('has --help with examples', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'report', '--help'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Examples:/);
    expect(r.stdout).toMatch(/--boundary/);
  });

  it.skipIf(skipUnless({ commands: ['script'] }, 'report: binary output to a terminal'))(
    'refuses to print a spreadsheet to a terminal',
    () => {
      // `script` gives the command a pseudo-terminal as standard output.
      const r = spawnSync(
        'script',
        [
          '-qec',
          `${process.execPath} --import tsx src/cli/main.ts report examples/enterprise.yaml --format xlsx`,
          '/dev/null',
        ],
        { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
      );
      expect(r.status).toBe(2);
      expect(r.stdout).toMatch(/binary-to-terminal/);
    },
  );
});
