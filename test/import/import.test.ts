import { type ChildProcess, spawn } from 'node:child_process';
import { Resolver } from 'node:dns/promises';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { skipUnless } from '../support/requirements.js';

/**
 * Issue 14, `sfbports import`: each synthetic deployment, read from the published XML (UTF-8 and UTF-16),
 * a Topology Builder file or a configuration ZIP, validates and plans exactly the flows of the
 * topology an administrator would write by hand for it (expected.yaml beside it).
 */

const FIXTURES = resolve('test/import/fixtures');
const root = mkdtempSync(join(tmpdir(), 'sfbports-import-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const tmp = (name: string) => join(root, `${++n}-${name}`);
const fixture = (...parts: string[]) => join(FIXTURES, ...parts);

/** UTF-16 LE with a byte order mark and CRLF line ends, as Windows PowerShell 5.1's Out-File writes. */
function utf16(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf16le')]);
}

/** An Export-CsConfiguration-like ZIP: the published topology inside DocItemSet.xml, among other items. */
function configZip(topologyXml: string): Uint8Array {
  const inner = topologyXml.replace(/^<\?xml[^>]*\?>\s*/, '');
  const docItemSet = `<?xml version="1.0" encoding="utf-8"?>
<DocItemSet xmlns="urn:schema:Microsoft.Rtc.Management.Xds.2008" Version="1">
  <DocItem Name="urn:xds:Microsoft.Rtc.Management.Deploy.Topology.2008:Topology">
    <Data>${inner}</Data>
  </DocItem>
</DocItemSet>
`;
  return zipSync({
    'DocItemSet.xml': new TextEncoder().encode(docItemSet),
    'Metadata.xml': new TextEncoder().encode('<Metadata />'),
  });
}

interface Case {
  readonly name: string;
  readonly dir: string;
  /** The input as committed, or bytes built from it. */
  readonly input: string | (() => Uint8Array);
  readonly args: readonly string[];
}

const publishedText = (dir: string) => readFileSync(fixture(dir, 'topology.xml'), 'utf8');

const CASES: readonly Case[] = [
  {
    name: 'Standard Edition, published XML (UTF-8)',
    dir: 'standard',
    input: 'topology.xml',
    args: ['--name', 'Tailspin'],
  },
  {
    name: 'Standard Edition, published XML (UTF-16 LE with BOM)',
    dir: 'standard',
    input: () => utf16(publishedText('standard')),
    args: ['--name', 'Tailspin'],
  },
  {
    name: 'Standard Edition, Export-CsConfiguration ZIP',
    dir: 'standard',
    input: () => configZip(publishedText('standard')),
    args: ['--name', 'Tailspin'],
  },
  {
    name: 'Enterprise pool, Director, Edge behind NAT, reverse proxy (UTF-8)',
    dir: 'enterprise',
    input: 'topology.xml',
    args: ['--name', 'Wingtip', '--sql-port', 'sql01.wingtip.example\\rtc=1433'],
  },
  {
    name: 'Enterprise pool, Director, Edge behind NAT, reverse proxy (ZIP)',
    dir: 'enterprise',
    input: () => configZip(publishedText('enterprise')),
    args: ['--name', 'Wingtip', '--sql-port', 'sql01.wingtip.example\\rtc=1433'],
  },
  {
    name: 'stand-alone Mediation pool with a gateway (UTF-16 LE file as committed)',
    dir: 'mediation',
    input: 'topology.xml',
    args: ['--name', 'Adatum'],
  },
  {
    name: 'Persistent Chat pool (UTF-8)',
    dir: 'persistent-chat',
    input: 'topology.xml',
    args: ['--name', 'Proseware', '--sql-port', 'sql01.proseware.example\\rtc=1433'],
  },
  {
    name: 'Persistent Chat pool (UTF-16 LE with BOM)',
    dir: 'persistent-chat',
    input: () => {
      const bytes = readFileSync(fixture('persistent-chat', 'topology.xml'), 'utf8');
      return utf16(bytes);
    },
    args: ['--name', 'Proseware', '--sql-port', 'sql01.proseware.example\\rtc=1433'],
  },
  {
    name: 'branch appliance, Topology Builder file',
    dir: 'branch',
    input: 'contoso.tbxml',
    args: ['--name', 'Fourth Coffee'],
  },
];

function inputPath(c: Case): string {
  if (typeof c.input === 'string') return fixture(c.dir, c.input);
  const path = tmp(`${c.dir}.input`);
  writeFileSync(path, c.input());
  return path;
}

describe('import → validate → report equals the hand-written topology', () => {
  it.each(CASES)('$name', async (c) => {
    const out = tmp(`${c.dir}.yaml`);
    const imported = await runCli([
      'import',
      inputPath(c),
      '--addresses',
      fixture(c.dir, 'hosts.csv'),
      '--zones',
      fixture(c.dir, 'zones.yaml'),
      ...c.args,
      '-o',
      out,
    ]);
    expect(imported.stderr).toContain('the result validates');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toBe('');
    const validated = await runCli(['validate', out]);
    expect(validated.code, validated.stderr).toBe(0);
    expect(validated.stdout).toMatch(/^valid /);
    const [mine, theirs] = await Promise.all([
      runCli(['report', out, '--format', 'json']),
      runCli(['report', fixture(c.dir, 'expected.yaml'), '--format', 'json']),
    ]);
    expect(mine.code).toBe(0);
    expect(theirs.code).toBe(0);
    expect(JSON.parse(mine.stdout)).toEqual(JSON.parse(theirs.stdout));
  });

  it('comments every value with where it came from', async () => {
    const r = await runCli([
      'import',
      fixture('enterprise', 'topology.xml'),
      '--addresses',
      fixture('enterprise', 'hosts.csv'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/role: director # from XML: Registrar with IsDirector="true"/);
    expect(r.stdout).toMatch(/av: 203\.0\.113\.83 # from XML: ConfiguredIPAddress of External interface 3/);
    expect(r.stdout).toMatch(/nextHop: pool01\.wingtip\.example # inferred: /);
    expect(r.stdout).toMatch(/ip: 192\.0\.2\.11 # given: --addresses/);
    // No --sql-port: the named instance's port is left open, and said so.
    expect(r.stdout).toMatch(/instance: rtc # from XML: SqlInstanceId Name; LEFT OPEN: .*--sql-port/);
  });
});

describe('addresses and zones', () => {
  it('leaves unresolved addresses open: validate reports each with a hint', async () => {
    const out = tmp('open.yaml');
    const r = await runCli(['import', fixture('standard', 'topology.xml'), '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/2 left open/);
    expect(r.stderr).toMatch(
      /sites\[0\]\.pools\[0\]\.servers\[0\]\.ip: se01\.tailspin\.example: the XML records 0\.0\.0\.0/,
    );
    expect(r.stderr).toMatch(/does not validate yet: 2 errors/);
    const v = await runCli(['validate', out]);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(
      /error address-unresolved: sites\[0\]\.pools\[0\]\.servers\[0\]\.ip: the address was left open by sfbports import/,
    );
    expect(v.stderr).toMatch(/hint: write the server's address here, or import again with --resolve/);
  });

  it('proposes zones from the addresses, each commented, and the result validates', async () => {
    const out = tmp('proposed.yaml');
    const r = await runCli([
      'import',
      fixture('enterprise', 'topology.xml'),
      '--addresses',
      fixture('enterprise', 'hosts.csv'),
      '--sql-port',
      'sql01.wingtip.example\\rtc=1433',
      '-o',
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('the result validates');
    const yaml = readFileSync(out, 'utf8');
    expect(yaml).toMatch(/# inferred: proposed: /);
    // Servers, Edge internal and Edge external share 192.0.2.0/24: single hosts, so zones never overlap.
    expect(yaml).toMatch(/servers:\n\s+- 192\.0\.2\.11\/32/);
    expect(yaml).toMatch(/perimeter-external:\n\s+- 192\.0\.2\.81\/32/);
    expect(yaml).toMatch(/internet: any/);
  });

  it('rejects a malformed addresses file with its line', async () => {
    const csv = tmp('bad.csv');
    writeFileSync(csv, 'se01.tailspin.example,192.0.2.5\nfs01.tailspin.example,not-an-address\n');
    const out = tmp('never.yaml');
    const r = await runCli(['import', fixture('standard', 'topology.xml'), '--addresses', csv, '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.csv:2:1: error import-bad-addresses/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('bad input: exit 2, one clean diagnostic, no output file', () => {
  const cases: ReadonlyArray<readonly [string, () => Uint8Array | string, RegExp, string[]?]> = [
    [
      'not XML',
      () => 'this is not a topology\n',
      /:1:1: error xml-malformed: not XML: the file does not start with an element/,
    ],
    ['YAML given to import', () => 'version: 2\nname: x\n', /:1:1: error xml-malformed: not XML/],
    [
      'the wrong root',
      () => '<?xml version="1.0"?>\n<Configuration xmlns="urn:x" />\n',
      /:2:1: error import-wrong-root: the root element is <Configuration> in urn:x/,
    ],
    [
      'a DOCTYPE with entity expansion',
      () =>
        '<?xml version="1.0"?>\n<!DOCTYPE Topology [\n <!ENTITY a "aaaaaaaaaa">\n <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n<Topology xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008">&b;</Topology>\n',
      /:2:1: error xml-doctype: the file declares a document type/,
    ],
    [
      'a DOCTYPE with an external entity',
      () =>
        '<?xml version="1.0"?>\n<!DOCTYPE t SYSTEM "file:///etc/passwd">\n<Topology xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008" />\n',
      /:2:1: error xml-doctype/,
    ],
    [
      'an entity reference without a DOCTYPE',
      () => '<Topology xmlns="urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008">&xxe;</Topology>',
      /error xml-malformed: not well-formed XML/,
    ],
    [
      'a truncated ZIP',
      () => configZip(publishedText('standard')).subarray(0, 300),
      /error import-bad-zip: the ZIP cannot be read .*truncated or damaged/,
    ],
    [
      'a ZIP bomb (declared size beyond --max-input-size)',
      () => zipSync({ 'DocItemSet.xml': new Uint8Array(8 * 1024 * 1024) }),
      /error import-bad-zip: DocItemSet\.xml would inflate to 8388608 bytes, more than the input size limit/,
      ['--max-input-size', '1MB'],
    ],
    [
      'an unknown service role',
      () =>
        publishedText('standard').replace(
          'RoleName="FileStore" Instance="1" />\n      <DependsOn />',
          'RoleName="VideoInteropServer" Instance="1" />\n      <DependsOn />',
        ),
      /topology\.xml:\d+:\d+: error import-unknown-role: service role VideoInteropServer/,
    ],
  ];
  const table = cases.map(([name, content, expected, extra]) => ({
    name,
    content,
    expected,
    extra: extra ?? [],
  }));
  it.each(table)('$name', async ({ content, expected, extra }) => {
    const input = tmp('topology.xml');
    writeFileSync(input, content());
    const out = tmp('never.yaml');
    const r = await runCli([...extra, 'import', input, '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(r.stderr).toMatch(/hint: /);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a 1 GB file at once, from its size (a sparse file: nothing is read)', async () => {
    const input = tmp('huge.xml');
    const fd = openSync(input, 'w');
    closeSync(fd);
    // A sparse file: its size says 1 GiB, no block is written.
    const { truncateSync } = await import('node:fs');
    truncateSync(input, 1024 ** 3);
    const out = tmp('never.yaml');
    const started = Date.now();
    const r = await runCli(['import', input, '-o', out]);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /error input-too-large: .*huge\.xml is larger than the input size limit of 64 MiB/,
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('--compare: the deployment\u2019s own ports against the catalog', () => {
  it('lists XML ports the catalog does not plan (Registrar 5090-5094, PlatformService 6008) and the reverse', async () => {
    const r = await runCli([
      'import',
      fixture('enterprise', 'topology.xml'),
      '--compare',
      '-o',
      tmp('cmp.yaml'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/ports in the XML that no catalog entry plans for the role \(\d+\):/);
    expect(r.stderr).toMatch(/front-end tcp 5090 {2}Registrar WinFab WinFabFederation/);
    expect(r.stderr).toMatch(/front-end tcp 6008 {2}WebServices PlatformService SipServer/);
    expect(r.stderr).toMatch(/catalog ports of these roles that the XML does not declare \(\d+\):/);
    expect(r.stderr).toMatch(/front-end tcp 135 {2}front-end\.dcom\.135/);
    // A port both declare is in neither list.
    expect(r.stderr).not.toMatch(/front-end tcp 5061 /);
  });
});

describe('help', () => {
  it('has examples and names every flag', async () => {
    const r = await runCli(['import', '--help']);
    expect(r.code).toBe(0);
    for (const flag of [
      '--resolve',
      '--dns-server',
      '--addresses',
      '--zones',
      '--sql-port',
      '--compare',
      '-o, --output',
    ]) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toMatch(/Examples:\n\s+\$ sfbports import topology\.xml/);
  });
});

/** A DNS server of our own on loopback: dnsmasq on a high port, answering only the test's names. */
describe.skipIf(skipUnless({ commands: ['dnsmasq'] }, 'import --resolve against dnsmasq'))(
  '--resolve',
  () => {
    let dnsmasq: ChildProcess | undefined;
    let server = '';
    const records: ReadonlyArray<readonly [string, string]> = [
      ['fe01.wingtip.example', '192.0.2.11'],
      ['fe02.wingtip.example', '192.0.2.12'],
      ['dir01.wingtip.example', '192.0.2.21'],
      ['sql01.wingtip.example', '192.0.2.30'],
      ['fs01.wingtip.example', '192.0.2.31'],
      ['oos.wingtip.example', '192.0.2.35'],
    ];

    beforeAll(async () => {
      for (let attempt = 0; attempt < 5 && !server; attempt++) {
        const port = 20000 + Math.floor(Math.random() * 30000);
        const child = spawn(
          'dnsmasq',
          [
            '--no-daemon',
            `--port=${port}`,
            '--listen-address=127.0.0.1',
            '--bind-interfaces',
            '--no-resolv',
            '--no-hosts',
            '--pid-file=',
            ...records.map(([name, ip]) => `--host-record=${name},${ip}`),
          ],
          { stdio: 'ignore' },
        );
        if (await answers(`127.0.0.1:${port}`, child)) {
          dnsmasq = child;
          server = `127.0.0.1:${port}`;
        } else {
          child.kill('SIGTERM');
        }
      }
      if (!server) throw new Error('dnsmasq did not start on a loopback port');
    }, 20_000);

    afterAll(() => {
      dnsmasq?.kill('SIGTERM');
    });

    it('resolves the servers the XML leaves at 0.0.0.0, notes each as from DNS, leaves the rest open', async () => {
      const out = tmp('resolved.yaml');
      const started = Date.now();
      const r = await runCli([
        'import',
        fixture('enterprise', 'topology.xml'),
        '--resolve',
        '--dns-server',
        server,
        '--zones',
        fixture('enterprise', 'zones.yaml'),
        '--sql-port',
        'sql01.wingtip.example\\rtc=1433',
        '--name',
        'Wingtip',
        '-o',
        out,
      ]);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/6 from DNS, 0 left open/);
      expect(r.stderr).toContain('the result validates');
      const yaml = readFileSync(out, 'utf8');
      expect(yaml).toMatch(/ip: 192\.0\.2\.11 # from DNS: resolved fe01\.wingtip\.example/);
      const [mine, theirs] = await Promise.all([
        runCli(['report', out, '--format', 'json']),
        runCli(['report', fixture('enterprise', 'expected.yaml'), '--format', 'json']),
      ]);
      expect(JSON.parse(mine.stdout)).toEqual(JSON.parse(theirs.stdout));
    }, 20_000);

    it('leaves a name the DNS server does not know open', async () => {
      const r = await runCli([
        'import',
        fixture('standard', 'topology.xml'),
        '--resolve',
        '--dns-server',
        server,
        '-o',
        tmp('unknown.yaml'),
      ]);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/0 from DNS, 2 left open/);
    }, 20_000);
  },
);

/** Polls until the server answers a known name (or the process ends, or 5 s pass). */
async function answers(server: string, child: ChildProcess): Promise<boolean> {
  const resolver = new Resolver({ timeout: 300, tries: 1 });
  resolver.setServers([server]);
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      if ((await resolver.resolve4('fe01.wingtip.example')).length > 0) return true;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return false;
}
