import { describe, expect, it } from 'vitest';
import { catalog, PAGES } from '../../src/catalog/index.js';
import { TABLE_WIDTH } from '../../src/text/layout.js';
import { runCli } from '../support/cli.js';

const sfbports = (...args: string[]) => runCli(args);

function expectNoStackTrace(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(stderr).not.toMatch(/internal error/);
}

/** Every line fits the width, except a vendor address in the Sources list, which is never cut. */
function expectFits(stdout: string): void {
  for (const line of stdout.split('\n'))
    if (!/^ {4}https:\/\/learn\.microsoft\.com\/\S+$/.test(line))
      expect(line.length, line).toBeLessThanOrEqual(TABLE_WIDTH);
}

describe('sfbports catalog', () => {
  it('answers "what uses port 5061?"', async () => {
    const r = await sfbports('catalog', '--port', '5061');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('front-end.sip-mtls.5061');
    expect(r.stdout).toContain('edge-external-access.sip-mtls.5061');
    expect(r.stdout).toMatch(/^director — /m);
    // Client media ranges contain 5061 but are named, not tabulated.
    expect(r.stdout).toMatch(/Also inside wide port ranges[\s\S]*client\.audio-udp\.1024-65535/);
    expect(r.stdout).not.toContain('8057');
    expectFits(r.stdout);
  });

  it('answers "what does a Mediation Server need?", its own ports first', async () => {
    const r = await sfbports('catalog', '--role', 'mediation');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^mediation — /);
    for (const id of ['mediation.sip-mtls.5070', 'mediation.sip-tls.5067', 'pstn-gateway.sip-tls.5067'])
      expect(r.stdout).toContain(id);
    expectFits(r.stdout);
  });

  it('prints every entry without filters, fitting 100 columns', async () => {
    const r = await sfbports('catalog');
    expect(r.code).toBe(0);
    for (const e of catalog.entries) expect(r.stdout).toContain(e.id);
    expectFits(r.stdout);
    expect(r.stderr).toContain(`${catalog.entries.length} of ${catalog.entries.length} entries`);
    // Every page any entry cites is listed once below the table, with its address.
    const urls = new Set(
      catalog.entries.flatMap((e) => e.provenance.map((p) => ('url' in p ? p.url : PAGES.seed.url))),
    );
    for (const url of urls) expect(r.stdout.split(`\n    ${url}\n`)).toHaveLength(2);
  });

  it('prints a JSON array with the documented fields', async () => {
    const r = await sfbports('catalog', '--format', 'json', '--port', '50000-50019');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(Array.isArray(list)).toBe(true);
    expect(list.length).toBeGreaterThan(0);
    for (const e of list) {
      for (const key of [
        'id',
        'role',
        'transport',
        'ports',
        'protocol',
        'sources',
        'conditions',
        'purpose',
        'provenance',
      ])
        expect(e, String(e.id)).toHaveProperty(key);
      expect((e.ports as number[][]).every((r) => r.length === 2)).toBe(true);
    }
    expect(list.map((e) => e.id)).toContain('internet.rtp-udp.50000-59999');
  });

  it('lists the vendor contradictions with decisions, in every format', async () => {
    const table = await sfbports('catalog', '--lint');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('sql-browser-twice');
    expect(table.stdout).toContain('Decision:');
    const json = JSON.parse((await sfbports('catalog', '--lint', '--format', 'json')).stdout) as Array<{
      id: string;
    }>;
    expect(json.map((f) => f.id)).toEqual(catalog.findings.map((f) => f.id));
    const csv = (await sfbports('catalog', '--lint', '--format', 'csv')).stdout;
    expect(csv.split('\r\n')[0]).toBe('id,kind,summary,decision,entries,provenance');
    expect((await sfbports('catalog', '--lint', '--format', 'md')).stdout).toContain(
      '| `mediation-5070-protocol` |',
    );
  });

  it('narrows --lint to the findings about the selected entries', async () => {
    const r = await sfbports('catalog', '--lint', '--role', 'mediation', '--format', 'json');
    const ids = (JSON.parse(r.stdout) as Array<{ id: string }>).map((f) => f.id);
    expect(ids).toContain('mediation-5070-protocol');
    expect(ids).not.toContain('persistent-chat-no-callers');
  });

  it('lists the IPsec exceptions', async () => {
    const r = await sfbports('catalog', '--ipsec', '--format', 'csv');
    expect(r.code).toBe(0);
    // A header and 17 exceptions (15 seed rows, 2 of them again for branch appliances).
    expect(r.stdout.trim().split('\r\n')).toHaveLength(18);
    expect(r.stdout).toContain('A/V Edge Server Internal Inbound');
  });

  it.each([
    [['--role', 'mediaton'], /did you mean mediation\?/],
    [['--port', '70000'], /ports run from 0 to 65535/],
    [['--port', 'sip'], /give a port \(5061\), a range \(50000-50019\)/],
    [['--feature', 'xmp'], /did you mean xmpp\?/],
    [['--product', 'sfb2016'], /did you mean sfb2015\?.*valid choices: lync2013, sfb2015, sfb2019, sfbse/],
    [['--transport', 'icmp'], /valid choices: tcp, udp/],
    [['--format', 'xml'], /valid choices: table, json, csv, md/],
    [['--bogus'], /unknown option '--bogus'/],
  ])('rejects %j with a hint and exit 2', async (args, message) => {
    const r = await sfbports('catalog', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expectNoStackTrace(r.stderr);
  });

  it('has --help with examples', async () => {
    const r = await sfbports('catalog', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('sfbports catalog --port 5061');
  });
});
