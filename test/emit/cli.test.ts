import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EMITTER_NAMES } from '../../src/emit/index.js';
import { runCli } from '../support/cli.js';

const work = mkdtempSync(join(tmpdir(), 'sfbports-emit-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sfbports = (args: readonly string[]) => runCli(args);
const EXAMPLE = 'examples/enterprise.yaml';
const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

describe('sfbports emit', () => {
  it('--list shows every target with a line each, as text or JSON', async () => {
    const text = await sfbports(['emit', '--list']);
    expect(text.code).toBe(0);
    expect(
      text.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(EMITTER_NAMES);
    const json = await sfbports(['emit', '--list', '--format', 'json']);
    expect((JSON.parse(json.stdout) as Array<{ name: string }>).map((t) => t.name)).toEqual(EMITTER_NAMES);
  });

  it('--help has examples', async () => {
    const r = await sfbports(['emit', '--help']);
    expect(r.code).toBe(0);
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
  ])('%j fails with exit 2 and a hint', async (args, message) => {
    const r = await sfbports(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/hint:/);
    noStackTrace(r.stderr);
  });

  it('prints to standard output, or writes the file and its companions with -o', async () => {
    const out = await sfbports(['emit', 'nftables', EXAMPLE, '--boundary', 'internet:perimeter-external']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^#!\/usr\/sbin\/nft -f/);
    expect(out.stdout).toContain('table inet sfbports_internet_to_perimeter_external {');

    const file = join(work, 'fw.rules');
    const r = await sfbports(['emit', 'iptables', EXAMPLE, '-o', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toContain('*filter');
    expect(readFileSync(`${file}.ip6`, 'utf8')).toContain('*filter');
    expect(existsSync(`${file}.ipset`)).toBe(true);
  });

  it('refuses to overwrite a file sfbports did not write, unless --force', async () => {
    const file = join(work, 'precious.ps1');
    writeFileSync(file, 'my own rules\n');
    const r = await sfbports(['emit', 'windows-firewall', EXAMPLE, '-o', file]);
    expect(r.code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('my own rules\n');
    const forced = await sfbports(['emit', 'windows-firewall', EXAMPLE, '-o', file, '--force', '--netsh']);
    expect(forced.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('netsh advfirewall firewall add rule');
  });

  it('warns on stderr when several firewalls share one file', async () => {
    const r = await sfbports(['emit', 'nftables', EXAMPLE]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning emit-several-firewalls/);
  });

  it('refuses a repeated selection instead of keeping the last one', async () => {
    const r = await sfbports([
      'emit',
      'nftables',
      EXAMPLE,
      '--boundary',
      'internet:perimeter-external',
      '--boundary',
      'perimeter-external:internet',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/emit-repeated-selection/);
    expect(r.stderr).toMatch(/--firewall/);
    expect(r.stdout).toBe('');
  });

  it('writes one firewall of the topology, and names the choices for an unknown one', async () => {
    const ok = await sfbports(['emit', 'nftables', EXAMPLE, '--firewall', 'external']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('table inet sfbports_external {');
    expect(ok.stdout).not.toContain('sfbports_internal');
    const bad = await sfbports(['emit', 'nftables', EXAMPLE, '--firewall', 'externa']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/emit-unknown-firewall/);
    expect(bad.stderr).toMatch(/did you mean external/);
  });
});
