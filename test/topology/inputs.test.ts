import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { formatSize, parseSize } from '../../src/cli/input-limit.js';
import { outputTooLarge } from '../../src/cli/program.js';
import { plan } from '../../src/plan/plan.js';
import { jsonRenderer } from '../../src/render/json.js';
import { isTextStream, type TextStream } from '../../src/render/types.js';
import { decodeTopology } from '../../src/topology/decode.js';
import { validateTopology } from '../../src/topology/load.js';
import { cliProcessCommand, runCli } from '../support/cli.js';
import { syntheticTopology } from '../support/synthetic.js';

// Issue 13: input size and time, and the smaller input problems (reserved names, line endings,
// encodings, JSON read as JSON).

const dir = mkdtempSync(join(tmpdir(), 'sfbports-inputs-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const VALID = readFileSync('examples/standard-edition.yaml', 'utf8');

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Runs the built CLI with `stdin` wired to `input` and a hard deadline; resolves with its status and stderr. */
function runProcess(
  args: string[],
  input: 'ignore' | NodeJS.ReadableStream = 'ignore',
  deadlineMs = 15_000,
): Promise<{ code: number | null; stderr: string; ms: number }> {
  const [command, argv] = cliProcessCommand(args);
  const start = Date.now();
  const child = spawn(command, [...argv], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: [input === 'ignore' ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    timeout: deadlineMs,
    killSignal: 'SIGKILL',
  });
  children.push(child);
  if (input !== 'ignore') {
    child.stdin!.on('error', () => {});
    input.pipe(child.stdin!);
  }
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  child.stdout!.resume();
  return new Promise((resolve) => {
    child.once('close', (code) => resolve({ code, stderr, ms: Date.now() - start }));
  });
}

describe('input size limit', () => {
  it('stops reading /dev/zero at the limit and names the limit and the flag', async () => {
    const start = Date.now();
    const r = await runCli(['validate', '/dev/zero', '--max-input-size', '1MB']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('input-too-large');
    expect(r.stderr).toContain('1 MiB');
    expect(r.stderr).toContain('--max-input-size');
    expect(Date.now() - start).toBeLessThan(5_000);
  });

  it('bounds /dev/zero at the default limit too, quickly', async () => {
    const start = Date.now();
    const r = await runCli(['report', '/dev/zero']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('larger than the input size limit of 64 MiB');
    expect(Date.now() - start).toBeLessThan(10_000);
  });

  it('refuses a regular file over the limit without reading it, on every command that reads a topology', async () => {
    const big = file('big.yaml', `${VALID}\n# ${'x'.repeat(4096)}\n`);
    for (const args of [
      ['validate', big],
      ['report', big],
      ['emit', 'nftables', big],
      ['migrate', big],
      ['check', big, '--from', 'clients'],
      ['listen', big, '--as', 'fe01.litwareinc.com'],
    ]) {
      const r = await runCli(['--max-input-size', '2KB', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain('input-too-large');
    }
    // The same file, under a raised limit (before or after the command name), is read.
    expect((await runCli(['validate', big, '--max-input-size', '64KB'])).code).toBe(0);
    expect((await runCli(['--max-input-size', '64KB', 'validate', big])).code).toBe(0);
  });

  it('rejects a malformed --max-input-size as a usage error', async () => {
    const r = await runCli(['validate', 'examples/enterprise.yaml', '--max-input-size', 'lots']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a size such as 64MB');
    expect(parseSize('64MB')).toBe(64 * 1024 * 1024);
    expect(parseSize('512k')).toBe(512 * 1024);
    expect(parseSize('1GiB')).toBe(1024 ** 3);
    expect(parseSize('1000')).toBe(1000);
    expect(formatSize(32 * 1024 * 1024)).toBe('32 MiB');
  });

  it('ends with exit 2 on a FIFO whose writer never closes it', async () => {
    const fifo = join(dir, 'endless.fifo');
    execFileSync('mkfifo', [fifo]);
    // `yes` writes forever and never closes its end.
    const writer = spawn('sh', ['-c', `exec yes "a: 1" > '${fifo}'`], { stdio: 'ignore' });
    children.push(writer);
    const r = await runProcess(['validate', fifo, '--max-input-size', '256KB']);
    writer.kill('SIGKILL');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('input-too-large');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.ms).toBeLessThan(10_000);
  });

  it('ends with exit 2 on standard input that never ends', async () => {
    const yes = spawn('yes', ['a: 1'], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(yes);
    const r = await runProcess(['validate', '-', '--max-input-size', '256KB'], yes.stdout!);
    yes.kill('SIGKILL');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('<stdin> is larger than the input size limit of 256 KiB');
    expect(r.ms).toBeLessThan(10_000);
  });

  it('refuses YAML too large for the heap up front instead of letting node abort', async () => {
    const yaml = file('heavy.yaml', `${VALID}\n${'# padding to make the file large\n'.repeat(100_000)}`);
    const [command, argv] = cliProcessCommand(['validate', yaml]);
    const child = spawn(command, argv, {
      env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '--max-old-space-size=64' },
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 15_000,
    });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
    });
    const code = await new Promise((resolve) => child.once('close', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('input-too-large-for-yaml');
    expect(stderr).toContain('write the topology as JSON');
  });

  it('reads a topology on standard input within the limit', async () => {
    const r = await runCli(['validate', '-'], { stdin: VALID });
    expect(r.code).toBe(0);
  });
});

describe('reports larger than a string', () => {
  it('writes the JSON report a flow at a time, each host list once, never as one string', () => {
    const p = plan(syntheticTopology({ sites: 30 }), catalog);
    const rendered = jsonRenderer.render(p);
    expect(isTextStream(rendered)).toBe(true);
    const chunks = [...(rendered as TextStream).chunks()];
    expect(chunks.length).toBeGreaterThan(p.flows.length);
    // The largest piece (a firewall's list of flow ids) is a small part of the whole.
    const text = chunks.join('');
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(text.length / 20);
    // A front end's name is written once per endpoint that lists it, however many flows name it.
    const doc = JSON.parse(text) as { endpoints: Array<{ names: string[] }> };
    const name = p.flows.find((f) => f.destination.role === 'front-end')!.destination.names[0]!;
    const listing = doc.endpoints.filter((e) => e.names.includes(name)).length;
    const naming = p.flows.filter((f) => f.source.names.includes(name) || f.destination.names.includes(name));
    expect(text.split(`"${name}"`).length - 1).toBe(listing);
    expect(naming.length).toBeGreaterThan(listing * 3);
  });

  it('is a one-line message with a hint, not an internal error', () => {
    expect(outputTooLarge(new RangeError('Invalid string length'))).toContain('too large');
    expect(outputTooLarge(new RangeError('Array buffer allocation failed'))).toContain('too large');
    expect(outputTooLarge(new RangeError('Maximum call stack size exceeded'))).toBeUndefined();
    expect(outputTooLarge(new Error('Invalid string length'))).toBeUndefined();
  });
});

describe('encodings and line endings', () => {
  it('reads a file with old Mac line endings (lone CR), keeping lines right', async () => {
    const cr = file('cr.yaml', VALID.replace(/\n/g, '\r'));
    const r = await runCli(['validate', cr]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const broken = file(
      'cr-broken.yaml',
      VALID.replace('role: front-end', 'role: frontend').replace(/\n/g, '\r'),
    );
    const line = VALID.split('\n').findIndex((l) => l.includes('role: front-end')) + 1;
    const b = await runCli(['validate', broken]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(new RegExp(`cr-broken.yaml:${line}:\\d+: error unknown-choice`));
    expect(b.stderr).toContain('role: frontend\n');
  });

  it('gives CRLF files the same positions as LF files', () => {
    const text = VALID.replace('role: front-end', 'role: frontend');
    const lf = validateTopology(text, 'f').diagnostics.map((d) => d.loc);
    const crlf = validateTopology(text.replace(/\n/g, '\r\n'), 'f').diagnostics.map((d) => d.loc);
    expect(crlf).toEqual(lf);
  });

  it('strips a UTF-8 byte order mark', async () => {
    const r = await runCli(['validate', file('bom.yaml', `\uFEFF${VALID}`)]);
    expect(r.code).toBe(0);
  });

  it('reads UTF-16 LE and BE with a byte order mark (Windows PowerShell)', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(VALID, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    expect((await runCli(['validate', file('le.yaml', le)])).code).toBe(0);
    expect((await runCli(['validate', file('be.yaml', be)])).code).toBe(0);
  });

  it('rejects invalid UTF-8 at its line and column instead of reading U+FFFD', async () => {
    const bytes = Buffer.from('version: 2\nname: Caf\xe9 Bar\n', 'latin1');
    const r = await runCli(['validate', file('latin1.yaml', bytes)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/latin1\.yaml:2:10: error invalid-utf8: .*byte 20 \(0xe9\)/);
    expect(r.stderr).toContain('hint: save the file as UTF-8');
    // The column counts characters, not bytes, and a CRLF ends a line.
    const d = decodeTopology(new Uint8Array([...Buffer.from('a: \u00e9\r\nb: x'), 0xff]), 'f');
    expect('diagnostic' in d && d.diagnostic.loc).toEqual({ file: 'f', line: 2, column: 5 });
  });

  it('rejects NUL characters (UTF-16 without a byte order mark)', async () => {
    const r = await runCli(['validate', file('utf16-nobom.yaml', Buffer.from(VALID, 'utf16le'))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error nul-byte');
  });
});

describe('reserved names', () => {
  const zones = (extra: string) => VALID.replace(/^zones:\n/m, `zones:\n${extra}`).replace(/\r/g, '');

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a zone named %s at its key', (name) => {
    const text = zones(`  ${name}: [198.51.100.0/24]\n`);
    const result = validateTopology(text, 't.yaml');
    expect(result.topology).toBeUndefined();
    const line = text.split('\n').findIndex((l) => l.startsWith(`  ${name}:`)) + 1;
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'reserved-name',
        message: `zones: zone name ${name} is reserved`,
        loc: { file: 't.yaml', line, column: 3 },
      }),
    );
  });

  it('refuses __proto__ in a JSON file too', () => {
    const json = JSON.stringify(
      { version: 2, name: 'P', product: 'sfb2019', zones: { servers: ['192.0.2.0/24'] }, sites: [] },
      null,
      2,
    ).replace('"servers":', '"__proto__": ["198.51.100.0/24"],\n    "servers":');
    const result = validateTopology(json, 't.json');
    expect(result.diagnostics.map((d) => [d.code, d.loc?.line, d.loc?.column])).toContainEqual([
      'reserved-name',
      6,
      5,
    ]);
  });
});

describe('JSON read as JSON', () => {
  it('reports a JSON syntax error at its line and column', () => {
    const text = '{\n  "version": 2,\n  "name": "x",\n}\n';
    const result = validateTopology(text, 't.json');
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'json-syntax', loc: { file: 't.json', line: 4, column: 1 } }),
    ]);
  });

  it('still calls a repeated key an error, at the repeat', () => {
    const text = '{\n  "version": 2,\n  "version": 1\n}\n';
    const result = validateTopology(text, 't.json');
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'yaml-duplicate-key', loc: { file: 't.json', line: 3, column: 3 } }),
    ]);
  });

  it('finds repeated keys at any depth, each object on its own', () => {
    const text = '{"sites":[{"name":"a","name":"b"},{"name":"c"}],\n"zones":{"x":[],"y":{"x":1},"x":[]}}';
    const result = validateTopology(text, 't.json');
    expect(
      result.diagnostics
        .map((d) => `${d.code} ${d.loc?.line}:${d.loc?.column}`)
        .filter((d) => d.startsWith('yaml')),
    ).toEqual(['yaml-duplicate-key 1:23', 'yaml-duplicate-key 2:29']);
  });

  it('gives schema errors the positions the YAML parser gave', () => {
    const json = readFileSync('test/golden/errors/json-input.json', 'utf8');
    const wrong = json.replace('"sfb2019"', '"sfb2099"');
    const result = validateTopology(wrong, 't.json');
    expect(result.diagnostics.map((d) => `${d.code} ${d.loc?.line}:${d.loc?.column}`)).toEqual([
      'unknown-choice 4:14',
      'unknown-choice 10:49',
    ]);
  });

  it('reads a YAML flow mapping that starts with { as YAML', () => {
    const text =
      '{ version: 2, name: Flow, product: sfb2019, zones: { servers: [192.0.2.0/24] }, sites: [] }\n';
    const result = validateTopology(text, 't.yaml');
    expect(result.diagnostics.filter((d) => d.code.startsWith('json') || d.code.startsWith('yaml'))).toEqual(
      [],
    );
  });

  it('reads a large JSON topology', () => {
    const sites = Array.from({ length: 2000 }, (_, s) => ({
      name: `S${s}`,
      pools: [
        {
          fqdn: `pool.s${s}.contoso.com`,
          role: 'front-end',
          servers: [{ fqdn: `fe.s${s}.contoso.com`, ip: `10.${s >> 8}.${s & 0xff}.10` }],
          ...(s === 0 ? { centralManagementStore: true } : {}),
        },
      ],
    }));
    const text = JSON.stringify(
      { version: 2, name: 'Big', product: 'sfbse', zones: { servers: ['10.0.0.0/8'] }, sites },
      null,
      2,
    );
    // How fast is bench:inputs' and bench:scale's to say; this one says it reads, with no finding.
    const result = validateTopology(text, 'big.json');
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.topology?.sites).toHaveLength(2000);
  });
});
