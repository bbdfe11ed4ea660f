import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import type { Flow } from '../../src/model/flow.js';
import { plan } from '../../src/plan/plan.js';
import { loadTopology, validateTopology } from '../../src/topology/load.js';
import { migrateTopologyText } from '../../src/topology/migrate.js';
import { upgradeV1, version2SettingsUsed } from '../../src/topology/upgrade.js';
import { VERSION_2_SETTINGS } from '../../src/topology/versions.js';
import { runCli } from '../support/cli.js';

const work = mkdtempSync(join(tmpdir(), 'sfbports-version2-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Kept at version 1 on purpose (see the files' headers).
const V1 = 'test/fixtures/version-1.yaml';
const V1_TEXT = readFileSync(V1, 'utf8');
const V2_SETTING = 'test/golden/errors/version-2-setting.yaml';
const COEXISTENCE = 'test/fixtures/coexistence.yaml';
const COEXISTENCE_TEXT = readFileSync(COEXISTENCE, 'utf8');
const EXAMPLES = readdirSync('examples')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => `examples/${f}`);

const NOTICE =
  'version 1 file, read as version 2; `sfbports migrate test/fixtures/version-1.yaml` writes it as version 2';

const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('version 1 files', () => {
  it('load unchanged, upgraded in memory to version 2, with one notice', () => {
    const { topology, diagnostics } = loadTopology(V1_TEXT, V1);
    expect(topology.version).toBe(2);
    expect(diagnostics.map((d) => `${d.severity} ${d.code} ${d.loc?.line}:${d.loc?.column}`)).toEqual([
      'warning topology-version-1 5:10',
    ]);
    expect(diagnostics[0]?.message).toBe(NOTICE);
  });

  it('print the notice once per command', async () => {
    for (const args of [
      ['report', V1],
      ['validate', V1],
      ['emit', 'nftables', V1],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(count(r.stderr, NOTICE), args.join(' ')).toBe(1);
      expect(count(r.stderr, 'topology-version-1'), args.join(' ')).toBe(1);
    }
    const v2 = await runCli(['report', '-'], { stdin: V1_TEXT.replace('version: 1', 'version: 2') });
    expect(v2.code).toBe(0);
    expect(v2.stderr).toBe('');
  });

  it('plan exactly as the same file at version 2', () => {
    const v1 = loadTopology(V1_TEXT, V1).topology;
    const v2 = loadTopology(V1_TEXT.replace(/^version: 1/m, 'version: 2'), V1);
    expect(v2.diagnostics).toEqual([]);
    expect(v1).toEqual(v2.topology);
    expect(plan(v1, catalog).flows).toEqual(plan(v2.topology, catalog).flows);
  });

  it('are upgraded by a pure function that leaves its input alone', () => {
    const input = { version: 1, name: 'x', sites: [{ pools: [{ product: 'sfb2015' }] }] };
    const copy = structuredClone(input);
    const out = upgradeV1(input) as typeof input;
    expect(input).toEqual(copy);
    expect(out.version).toBe(2);
    expect(out.sites).toBe(input.sites);
    expect(upgradeV1({ version: 2, name: 'y' })).toEqual({ version: 2, name: 'y' });
    expect(version2SettingsUsed(input)).toEqual([['sites', 0, 'pools', 0, 'product']]);
  });

  it('name every version 2 setting as a dotted path with * for indexes', () => {
    expect(VERSION_2_SETTINGS).toContain('sites.*.pools.*.product');
    expect(VERSION_2_SETTINGS).toContain('sites.*.edgePools.*.product');
    for (const path of VERSION_2_SETTINGS)
      expect(path).toMatch(/^[A-Za-z][A-Za-z0-9]*(\.([A-Za-z][A-Za-z0-9]*|\*))*$/);
  });

  it('that use a version 2 setting fail at its key with a hint, and exit 2', async () => {
    const r = await runCli(['validate', V2_SETTING]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${V2_SETTING}:14:9: error version-2-setting: sites[0].pools[1].product: product needs topology version 2, and this file is version 1`,
    );
    expect(r.stderr).toContain('hint: set version: 2 (or run sfbports migrate)');
    expect(r.stderr).not.toContain('topology-version-1');
    // Version 2 is the only thing the file lacks.
    const asV2 = readFileSync(V2_SETTING, 'utf8').replace(/^version: 1/, 'version: 2');
    expect(validateTopology(asV2, V2_SETTING).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('that use a version 2 setting become valid through migrate', async () => {
    const r = await runCli(['migrate', V2_SETTING]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(V2_SETTING, 'utf8').replace(/^version: 1/, 'version: 2'));
    expect(validateTopology(r.stdout, 'out.yaml').topology).toBeDefined();
  });
});

describe('sfbports migrate', () => {
  it('writes version 2 keeping every comment, key and line as written', async () => {
    const r = await runCli(['migrate', V1]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`migrated ${V1} to version 2 (set version)\n`);
    const before = V1_TEXT.split('\n');
    const after = r.stdout.split('\n');
    expect(after).toHaveLength(before.length);
    const changed = after.flatMap((line, i) => (line === before[i] ? [] : [[before[i], line]]));
    expect(changed).toEqual([['version: 1   # the original format', 'version: 2   # the original format']]);
    for (const comment of V1_TEXT.match(/#.*$/gm) ?? []) expect(r.stdout).toContain(comment);
    // The same topology as the input, and no notice any more.
    const migrated = loadTopology(r.stdout, 'migrated.yaml');
    expect(migrated.diagnostics).toEqual([]);
    expect(migrated.topology).toEqual(loadTopology(V1_TEXT, V1).topology);
  });

  it('keeps the CRLF line ends of a file saved on Windows, on every line', async () => {
    const crlf = V1_TEXT.replace(/\n/g, '\r\n');
    writeFileSync(join(work, 'windows.yaml'), crlf);
    const r = await runCli(['migrate', 'windows.yaml', '-o', 'windows-v2.yaml'], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    const written = readFileSync(join(work, 'windows-v2.yaml'), 'utf8');
    expect(written.replace(/\r\n/g, '')).not.toContain('\n');
    expect(written).toBe(crlf.replace('version: 1   #', 'version: 2   #'));
    // Already version 2: printed as it is, CRLF and all; an LF file stays LF.
    writeFileSync(join(work, 'windows-v2-again.yaml'), written);
    const again = await runCli(['migrate', 'windows-v2-again.yaml'], { cwd: work });
    expect(again.stdout).toBe(written);
    expect((await runCli(['migrate', V1])).stdout).not.toContain('\r');
  });

  it('writes -o OUT atomically, and never over its input', async () => {
    const input = join(work, 'site.yaml');
    writeFileSync(input, V1_TEXT);
    const out = await runCli(['migrate', 'site.yaml', '-o', 'site-v2.yaml'], { cwd: work });
    expect(out.code).toBe(0);
    expect(readFileSync(join(work, 'site-v2.yaml'), 'utf8')).toMatch(
      /^version: 2 {3}# the original format$/m,
    );
    expect(readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    symlinkSync(input, join(work, 'link.yaml'));
    for (const target of [
      'site.yaml',
      './site.yaml',
      join(work, 'site.yaml'),
      '../' + work.split('/').pop() + '/site.yaml',
      'link.yaml',
    ]) {
      for (const force of [[], ['--force']]) {
        const r = await runCli(['migrate', 'site.yaml', '-o', target, ...force], { cwd: work });
        expect(r.code, target).toBe(2);
        expect(r.stderr, target).toContain('error output-is-input');
        expect(r.stderr).toContain(
          'hint: write elsewhere and compare first: sfbports migrate site.yaml -o site-v2.yaml',
        );
        expect(r.stdout).toBe('');
      }
    }
    expect(readFileSync(input, 'utf8')).toBe(V1_TEXT);
  });

  it('prints a version 2 file unchanged and says so', async () => {
    const r = await runCli(['migrate', 'examples/enterprise.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync('examples/enterprise.yaml', 'utf8'));
    expect(r.stderr).toBe('examples/enterprise.yaml is already version 2; printed unchanged\n');
  });

  it.each(EXAMPLES)('is idempotent on %s', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^version: 2$/m);
    expect(migrateTopologyText(text, file)).toEqual({ status: 'current', text });
    const asV1 = text.replace(/^version: 2$/m, 'version: 1');
    const once = migrateTopologyText(asV1, file);
    expect(once.status).toBe('migrated');
    expect(once.status === 'migrated' && once.text).toBe(text);
  });

  it('exits 2 with file:line:column errors for an invalid file', async () => {
    const r = await runCli(['migrate', 'test/golden/errors/misspelt-role.yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^test\/golden\/errors\/misspelt-role\.yaml:9:15: error unknown-choice: /m);
    expect(r.stderr).toMatch(/^ {3}9 \| {9}role: mediaton$/m);
  });

  it('reads standard input', async () => {
    const r = await runCli(['migrate', '-'], { stdin: V1_TEXT });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(V1_TEXT.replace('version: 1', 'version: 2'));
  });

  it('has --help with examples', async () => {
    const r = await runCli(['migrate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('sfbports migrate contoso.yaml -o contoso-v2.yaml');
  });
});

describe('product per pool (coexistence)', () => {
  /** The flows of the catalog entries 2019 dropped with Persistent Chat (5041, 881, 443). */
  const UNTIL_2015 = [
    'persistent-chat.sip.5041',
    'persistent-chat.wcf.881',
    'persistent-chat.file-transfer.443',
  ];
  const isPchat = (f: Flow) => f.requirements.some((id) => UNTIL_2015.includes(id));
  const pchatFlows = (text: string) =>
    plan(loadTopology(text, COEXISTENCE).topology, catalog).flows.filter(isPchat);

  it('lets a 2015 Persistent Chat pool live in a 2019 topology, with its 5041 and 881 flows', () => {
    const result = validateTopology(COEXISTENCE_TEXT, COEXISTENCE);
    expect(result.diagnostics).toEqual([]);
    const flows = pchatFlows(COEXISTENCE_TEXT);
    const ports = new Set(flows.flatMap((f) => f.ports.map(([from, to]) => `${f.transport} ${from}-${to}`)));
    expect(ports).toContain('tcp 5041-5041');
    expect(ports).toContain('tcp 881-881');
    const sip = flows.find((f) => f.requirements.includes('persistent-chat.sip.5041'));
    expect(sip?.destination.names).toEqual(['pc01.contoso.com', 'pc02.contoso.com']);
  });

  it('rejects Persistent Chat on a 2019 pool of the same topology', () => {
    const on2019 = COEXISTENCE_TEXT.replace(/^ +product: sfb2015 .*\n/m, '');
    const result = validateTopology(on2019, COEXISTENCE);
    expect(result.topology).toBeUndefined();
    expect(result.diagnostics.map((d) => `${d.code} ${d.loc?.line}:${d.loc?.column}`)).toEqual([
      'feature-not-in-product 29:15',
      'feature-not-in-product 33:20',
    ]);
    const explicit2019 = COEXISTENCE_TEXT.replace('product: sfb2015', 'product: sfb2019');
    expect(validateTopology(explicit2019, COEXISTENCE).topology).toBeUndefined();
  });

  it('plans no Persistent Chat flow for a 2019 pool', () => {
    const topology = loadTopology(COEXISTENCE_TEXT, COEXISTENCE).topology;
    const pool = topology.sites[0]!.pools[1]!;
    const as2019 = {
      ...topology,
      sites: [
        { ...topology.sites[0]!, pools: [topology.sites[0]!.pools[0]!, { ...pool, product: 'sfb2019' }] },
      ],
    };
    expect(plan(as2019, catalog).flows.filter(isPchat)).toEqual([]);
    expect(plan(topology, catalog).flows.filter(isPchat)).toHaveLength(3);
  });

  it('rejects a pool newer than the topology, at its product', () => {
    const newer = COEXISTENCE_TEXT.replace('product: sfb2019', 'product: sfb2015').replace(
      'product: sfb2015          #',
      'product: sfb2019          #',
    );
    const result = validateTopology(newer, COEXISTENCE);
    expect(result.topology).toBeUndefined();
    const d = result.diagnostics.find((x) => x.code === 'pool-product-not-coexisting');
    expect(d?.loc?.line).toBe(30);
    expect(d?.hint).toContain('a sfb2015 topology holds lync2013, sfb2015 pools');
  });

  it('checks XMPP on the Edge pool against the Edge pool product', () => {
    const edge = (product: string) =>
      COEXISTENCE_TEXT.replace(
        '  servers: [192.0.2.0/26]',
        '  servers: [192.0.2.0/26]\n  perimeter: [192.0.2.64/28]\n  internet: any',
      ).replace(
        '    sqlServers:',
        `    edgePools:\n      - fqdn: edge.contoso.com\n${product}        features: [remote-access, federation, xmpp]\n        servers:\n          - fqdn: edge.contoso.com\n            internal: 192.0.2.70\n            external: { access: 192.0.2.71, webConferencing: 192.0.2.72, av: 192.0.2.73 }\n    sqlServers:`,
      );
    expect(
      validateTopology(edge('        product: sfb2015\n'), COEXISTENCE).diagnostics.filter(
        (d) => d.severity === 'error',
      ),
    ).toEqual([]);
    const on2019 = validateTopology(edge(''), COEXISTENCE);
    expect(on2019.diagnostics.map((d) => d.code)).toContain('feature-not-in-product');
  });
});
