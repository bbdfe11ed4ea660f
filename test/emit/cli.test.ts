import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EMITTER_NAMES } from '../../src/emit/index.js';

const ROOT = resolve('.');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const MAIN = join(ROOT, 'src/cli/main.ts');
const work = mkdtempSync(join(tmpdir(), 'sfbports-emit-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function sfbports(args: readonly string[]) {
  const r = spawnSync(TSX, [MAIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const EXAMPLE = 'examples/enterprise.yaml';
const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

describe('sfbports emit', () => {
  it('--list shows every target with a line each, as text or JSON', () => {
    const text = sfbports(['emit', '--list']);
    expect(text.status).toBe(0);
    expect(
      text.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(EMITTER_NAMES);
    const json = sfbports(['emit', '--list', '--format', 'json']);
    expect((JSON.parse(json.stdout) as Array<{ name: string }>).map((t) => t.name)).toEqual(EMITTER_NAMES);
  });

  it('--help has examples', () => {
    const r = sfbports(['emit', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Examples:\n\s+\$ sfbports emit/);
  });

  it.each([
    [['emit', 'nftabels', EXAMPLE], /unknown target "nftabels"[\s\S]*did you mean nftables\?/],
    [
      ['emit', 'nftables', EXAMPLE, '--server', 'fe9.contoso.com'],
      /no server "fe9.contoso.com"[\s\S]*fe01\.contoso\.com/,
    ],
    [
      ['emit', 'nftables', EXAMPLE, '--role', 'front-ed'],
      /no role "front-ed"[\s\S]*did you mean front-end\?/,
    ],
    [
      ['emit', 'nftables', EXAMPLE, '--boundary', 'servers:mars'],
      /no boundary "servers:mars"[\s\S]*valid choices: .*clients:servers/,
    ],
    [['emit', 'media-ports', EXAMPLE, '--netsh'], /--netsh does not apply to media-ports/],
    [
      ['emit', 'windows-firewall', EXAMPLE, '--server', 'gw01.contoso.com'],
      /not a Windows server[\s\S]*fe01/,
    ],
    [['emit', 'windows-firewall', EXAMPLE, '--role', 'front-end-lb'], /has no Windows Firewall/],
    [['emit', 'ipsec', EXAMPLE, '--boundary', 'clients:servers'], /IPsec exemptions belong to hosts/],
    [['emit', 'media-ports', EXAMPLE, '--role', 'front-end'], /media-ports configures the whole deployment/],
    [['emit', 'nftables', EXAMPLE, '--server', 'fe01.contoso.com', '--role', 'front-end'], /at most one of/],
    [['emit', 'nftables'], /no topology file given/],
    [['emit', 'nftables', EXAMPLE, '--format', 'json'], /--format applies to --list only/],
    [['emit', 'nftables', 'missing.yaml'], /cannot read topology missing\.yaml/],
  ])('%j fails with exit 2 and a hint', (args, message) => {
    const r = sfbports(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/hint:/);
    noStackTrace(r.stderr);
  });

  it('prints to standard output, or writes the file and its companions with -o', () => {
    const out = sfbports(['emit', 'nftables', EXAMPLE, '--boundary', 'internet:perimeter-external']);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/^#!\/usr\/sbin\/nft -f/);
    expect(out.stdout).toContain('table inet sfbports_internet_to_perimeter_external {');

    const file = join(work, 'fw.rules');
    const r = sfbports(['emit', 'iptables', EXAMPLE, '-o', file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toContain('*filter');
    expect(readFileSync(`${file}.ip6`, 'utf8')).toContain('*filter');
    expect(existsSync(`${file}.ipset`)).toBe(true);
  });

  it('refuses to overwrite a file sfbports did not write, unless --force', () => {
    const file = join(work, 'precious.ps1');
    writeFileSync(file, 'my own rules\n');
    const r = sfbports(['emit', 'windows-firewall', EXAMPLE, '-o', file]);
    expect(r.status).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('my own rules\n');
    const forced = sfbports(['emit', 'windows-firewall', EXAMPLE, '-o', file, '--force', '--netsh']);
    expect(forced.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('netsh advfirewall firewall add rule');
  });

  it('warns on stderr when several nftables boundaries share one file', () => {
    const r = sfbports(['emit', 'nftables', EXAMPLE]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/warning emit-several-boundaries/);
  });
});
