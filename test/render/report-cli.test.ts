import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { resolvedFlows } from '../support/report-json.js';

/** `sfbports report` end to end: formats, filters, output files and exit statuses. */

const dir = mkdtempSync(join(tmpdir(), 'sfbports-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => runCli(['report', ...args]);

describe('sfbports report', () => {
  it('prints the table by default, with the signature in its first line', async () => {
    const r = await run('examples/enterprise.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^sfbports firewall report: Contoso/);
    expect(r.stdout.split('\n').every((l) => l.length <= 100)).toBe(true);
  });

  it('prints JSON, narrowed to one boundary', async () => {
    const all = JSON.parse((await run('examples/enterprise.yaml', '--format', 'json')).stdout);
    const r = await run(
      'examples/enterprise.yaml',
      '--format',
      'json',
      '--boundary',
      'internet:perimeter-external',
    );
    expect(r.code).toBe(0);
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

  it('rejects an unknown boundary or site with the valid choices and exit 2', async () => {
    const b = await run('examples/enterprise.yaml', '--boundary', 'internet:servers');
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/unknown-boundary/);
    expect(b.stderr).toMatch(/valid choices: .*internet:perimeter-external/);
    const s = await run('examples/enterprise.yaml', '--site', 'Redmont');
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/did you mean Redmond\?/);
    expect(`${b.stderr}${s.stderr}`).not.toMatch(/\n\s+at /);
  });

  it('rejects an unknown format and an invalid topology with exit 2 and no stack trace', async () => {
    const f = await run('examples/enterprise.yaml', '--format', 'pdf');
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/valid choices/);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'version: 2\nname: X\nproduct: sfb2099\nzones: {}\nsites: []\n');
    const t = await run(bad);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/bad\.yaml:\d+:\d+/);
    expect(t.stderr).not.toMatch(/\n\s+at /);
  });

  it('writes files atomically, replaces its own output, and keeps other files unless forced', async () => {
    for (const format of ['csv', 'json']) {
      const out = join(dir, `report.${format}`);
      expect((await run('examples/multi-site.yaml', '--format', format, '-o', out)).code).toBe(0);
      const first = readFileSync(out, 'utf8');
      expect(first.slice(0, 4096)).toMatch(/sfbports/);
      // Its own earlier output is replaced without --force.
      expect((await run('examples/multi-site.yaml', '--format', format, '-o', out)).code).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe(first);
    }
    const foreign = join(dir, 'notes.csv');
    writeFileSync(foreign, 'my,own,file\n');
    const refused = await run('examples/enterprise.yaml', '--format', 'csv', '-o', foreign);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--force/);
    expect(readFileSync(foreign, 'utf8')).toBe('my,own,file\n');
    expect((await run('examples/enterprise.yaml', '--format', 'csv', '-o', foreign, '--force')).code).toBe(0);
    expect(readFileSync(foreign, 'utf8')).toMatch(/^sfbports flow,/);
  });

  it('narrows to the flows one firewall enforces, in both directions, and combines with --site', async () => {
    const json = async (...args: string[]) => {
      const r = await run('examples/enterprise.yaml', '--format', 'json', ...args);
      expect(r.code, r.stderr).toBe(0);
      return { flows: resolvedFlows(r.stdout) };
    };
    const all = await json();
    const external = await json('--firewall', 'external');
    // The external firewall stands between the internet and the public side of the perimeter only.
    const zones = new Set(['internet', 'perimeter-external']);
    expect(external.flows.length).toBeGreaterThan(0);
    expect(external.flows.length).toBeLessThan(all.flows.length);
    for (const f of external.flows) {
      expect(zones.has(f.boundary.from) && zones.has(f.boundary.to)).toBe(true);
      expect(f.boundary.from).not.toBe(f.boundary.to);
    }
    const directions = new Set(external.flows.map((f) => `${f.boundary.from}>${f.boundary.to}`));
    expect(directions).toEqual(new Set(['internet>perimeter-external', 'perimeter-external>internet']));
    // Names are matched ignoring case, as the emitters do.
    expect((await json('--firewall', 'EXTERNAL')).flows).toEqual(external.flows);
    // A host firewall: only flows to its own server.
    const rp = await json('--firewall', 'rp01');
    expect(rp.flows.length).toBeGreaterThan(0);
    for (const f of rp.flows) expect(f.destination.names).toContain('rp01.contoso.com');
    // With --site, both filters apply: a subset of the firewall's flows.
    const site = await json('--firewall', 'internal', '--site', 'Redmond');
    const internal = new Set((await json('--firewall', 'internal')).flows.map((f) => f.id));
    expect(site.flows.length).toBeGreaterThan(0);
    for (const f of site.flows) expect(internal.has(f.id)).toBe(true);
  });

  it('takes an assumed firewall by its <zone>--<zone> name when the topology names none', async () => {
    const r = await run(
      'examples/standard-edition.yaml',
      '--format',
      'csv',
      '--firewall',
      'servers--clients',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\r\n').filter((l) => l !== '').length).toBeGreaterThan(1);
  });

  it('rejects an unknown firewall with the valid choices and exit 2', async () => {
    const r = await run('examples/enterprise.yaml', '--firewall', 'externl');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown-firewall/);
    expect(r.stderr).toMatch(/did you mean external\?/);
    expect(r.stderr).toMatch(/valid choices: external, internal, rp01/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('narrows to one site', async () => {
    const all = { flows: resolvedFlows((await run('examples/multi-site.yaml', '--format', 'json')).stdout) };
    const sites = new Set(
      all.flows.flatMap((f) => [f.source.site, f.destination.site]).filter((s) => s !== undefined),
    );
    expect(sites.size).toBeGreaterThan(1);
    const [site] = [...sites];
    const one = JSON.parse(
      (await run('examples/multi-site.yaml', '--format', 'json', '--site', site!)).stdout,
    );
    expect(one.flows.length).toBeGreaterThan(0);
    expect(one.flows.length).toBeLessThan(all.flows.length);
  });

  it('reads the topology from standard input for "-"', async () => {
    const r = await runCli(['report', '-', '--format', 'json'], {
      stdin: readFileSync('examples/enterprise.yaml', 'utf8'),
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).flows.length).toBeGreaterThan(0);
  });

  it('has --help with examples', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples:/);
    expect(r.stdout).toMatch(/--boundary/);
    expect(r.stdout).toMatch(/--firewall <name>/);
    expect(r.stdout).toMatch(/report examples\/enterprise\.yaml --firewall external/);
  });

  it('refuses to print a spreadsheet to a terminal, and writes its bytes to a pipe', async () => {
    const terminal = await runCli(['report', 'examples/enterprise.yaml', '--format', 'xlsx'], { tty: true });
    expect(terminal.code).toBe(2);
    expect(terminal.stderr).toMatch(/binary-to-terminal/);
    expect(terminal.stdout).toBe('');
    const piped = await run('examples/enterprise.yaml', '--format', 'xlsx');
    expect(piped.code).toBe(0);
    // A zip archive, intact: the bytes were not decoded and re-encoded on the way.
    expect(piped.stdoutBytes.subarray(0, 4).toString('binary')).toBe('PK\x03\x04');
    expect(piped.stdoutBytes.readUInt32LE(piped.stdoutBytes.length - 22)).toBe(0x06054b50);
  });
});
