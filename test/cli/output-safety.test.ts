import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { withMarker } from '../../src/cli/output.js';
import { cliProcessCommand, runCli, startCli } from '../support/cli.js';

/**
 * Issue 13, "Output files": what -o may write over, and how. Every case here failed on the code that
 * looked for the word "sfbports" in the first 4 KB and renamed a temporary file over whatever -o named.
 */

const ENTERPRISE = resolve('examples/enterprise.yaml');
const MULTI = resolve('examples/multi-site.yaml');
const root = mkdtempSync(join(tmpdir(), 'sfbports-output-safety-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let dir: string;
let n = 0;
beforeEach(() => {
  dir = join(root, `case-${++n}`);
  mkdirSync(dir);
});

const run = (...args: string[]) => runCli(args, { cwd: dir });
const at = (name: string) => join(dir, name);
const leftovers = () => readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.endsWith('.old'));
const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
const errorLines = (stderr: string) => stderr.split('\n').filter((l) => /\berror\b/.test(l));

describe('devices, pipes and standard streams are written to, never replaced', () => {
  it('-o /dev/null, with and without --force, leaves /dev/null a character device', async () => {
    for (const force of [[], ['--force']]) {
      const r = await run('report', ENTERPRISE, '-o', '/dev/null', ...force);
      expect(r.code, r.stderr).toBe(0);
      expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
      expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
    }
    const emitted = await run('emit', 'nftables', ENTERPRISE, '-o', '/dev/null', '--force');
    expect(emitted.code, emitted.stderr).toBe(0);
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('-o /dev/stdout is standard output; the link stays a link', async () => {
    const plain = await run('report', ENTERPRISE, '--format', 'md');
    const r = await run('report', ENTERPRISE, '--format', 'md', '-o', '/dev/stdout', '--force');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(plain.stdout);
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
  });

  it('-o a named pipe hands the bytes to its reader', async () => {
    const fifo = at('pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'], timeout: 30_000 });
    const chunks: Buffer[] = [];
    reader.stdout.on('data', (d: Buffer) => chunks.push(d));
    const closed = new Promise((done) => reader.once('close', done));
    const r = await run('report', ENTERPRISE, '--format', 'csv', '-o', fifo);
    await closed;
    expect(r.code, r.stderr).toBe(0);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(
      (await run('report', ENTERPRISE, '--format', 'csv')).stdout,
    );
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a full device (/dev/full) as -o is exit 2 and one line', async () => {
    const r = await run('report', ENTERPRISE, '-o', '/dev/full');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error output-failed: cannot write /dev/full: no space left on device (ENOSPC)\n');
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('standard output on a full device is exit 2 and one line, no stack trace', async () => {
    const [command, argv] = cliProcessCommand(['report', ENTERPRISE]);
    const full = openSync('/dev/full', 'w');
    try {
      const child = spawn(command, argv, { stdio: ['ignore', full, 'pipe'], timeout: 60_000 });
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const code = await new Promise((done) => child.once('close', done));
      expect(code).toBe(2);
      noStackTrace(stderr);
      expect(stderr).toMatch(
        /^sfbports: error stdout-failed: cannot write standard output: no space left on device \(ENOSPC\)\n$/,
      );
    } finally {
      closeSync(full);
    }
  });

  it('a command that writes several files refuses a device for -o', async () => {
    const r = await run('emit', 'iptables', ENTERPRISE, '-o', '/dev/null', '--force');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error output-not-a-file');
    expect(existsSync('/dev/null.ip6')).toBe(false);
  });
});

describe('what counts as sfbports output', () => {
  it('a file that merely mentions sfbports is not replaced without --force', async () => {
    const notes = 'My notes on sfbports: run sfbports report before the change window.\n';
    for (const [name, format] of [
      ['notes.txt', 'table'],
      ['notes.md', 'md'],
    ] as const) {
      writeFileSync(at(name), notes);
      const r = await run('report', ENTERPRISE, '--format', format, '-o', name);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('error output-exists');
      expect(r.stderr).toContain('--force');
      expect(readFileSync(at(name), 'utf8')).toBe(notes);
    }
  });

  it('a topology written by init is not an output: report -o over it is refused', async () => {
    expect((await run('init', 'mine.yaml')).code).toBe(0);
    const before = readFileSync(at('mine.yaml'), 'utf8');
    const r = await run('report', ENTERPRISE, '-o', 'mine.yaml');
    expect(r.code).toBe(2);
    expect(readFileSync(at('mine.yaml'), 'utf8')).toBe(before);
  });

  it('a workbook whose creator is sfbports but that was edited needs --force', async () => {
    expect((await run('report', ENTERPRISE, '--format', 'xlsx', '-o', 'fw.xlsx')).code).toBe(0);
    // Replaced without --force while unchanged.
    expect((await run('report', MULTI, '--format', 'xlsx', '-o', 'fw.xlsx')).code).toBe(0);
    const entries = unzipSync(readFileSync(at('fw.xlsx')));
    expect(Buffer.from(entries['docProps/custom.xml']!).toString()).toMatch(
      /sfbports-output.*sha256=[0-9a-f]{64}/,
    );
    // The firewall team annotates a sheet: the content changes, the marker stays.
    const sheet = 'xl/sharedStrings.xml';
    entries[sheet] = Buffer.from(
      Buffer.from(entries[sheet]!).toString().replace('</sst>', '<si><t>approved</t></si></sst>'),
    );
    const annotated = zipSync(entries);
    writeFileSync(at('fw.xlsx'), annotated);
    const r = await run('report', ENTERPRISE, '--format', 'xlsx', '-o', 'fw.xlsx');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error output-changed');
    expect(r.stderr).toContain('changed since');
    expect(Buffer.compare(readFileSync(at('fw.xlsx')), Buffer.from(annotated))).toBe(0);
    expect((await run('report', ENTERPRISE, '--format', 'xlsx', '-o', 'fw.xlsx', '--force')).code).toBe(0);
  });

  it('a workbook sfbports wrote before the marker went by CRC-32s is still replaced without --force', async () => {
    // Written by the former CLI: docProps/custom.xml holds sha256= over every part's bytes.
    const former = readFileSync(resolve('test/fixtures/legacy-marked-standard-edition.xlsx'));
    expect(Buffer.from(unzipSync(former)['docProps/custom.xml']!).toString()).toMatch(
      />sha256=[0-9a-f]{64}</,
    );
    writeFileSync(at('old.xlsx'), former);
    const r = await run('report', ENTERPRISE, '--format', 'xlsx', '-o', 'old.xlsx');
    expect(r.code, r.stderr).toBe(0);
    const custom = Buffer.from(unzipSync(readFileSync(at('old.xlsx')))['docProps/custom.xml']!).toString();
    expect(custom).toMatch(/name="sfbports-output"><vt:lpwstr>parts-sha256=[0-9a-f]{64}</);
    // The same former workbook once annotated: changed, not ours.
    const entries = unzipSync(former);
    entries['xl/styles.xml'] = Buffer.from(`${Buffer.from(entries['xl/styles.xml']!).toString()}<!-- -->`);
    writeFileSync(at('annotated.xlsx'), zipSync(entries));
    const edited = await run('report', ENTERPRISE, '--format', 'xlsx', '-o', 'annotated.xlsx');
    expect(edited.code).toBe(2);
    expect(edited.stderr).toContain('error output-changed');
  });

  it('a workbook another program wrote is refused without --force, and replaced with it', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    book.creator = 'sfbports';
    book.addWorksheet('Flows').addRow(['Flow', 'sfbports-output']);
    const foreign = Buffer.from(await book.xlsx.writeBuffer());
    writeFileSync(at('theirs.xlsx'), foreign);
    const r = await run('report', ENTERPRISE, '--format', 'xlsx', '-o', 'theirs.xlsx');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error output-exists');
    expect(Buffer.compare(readFileSync(at('theirs.xlsx')), foreign)).toBe(0);
    // Nor does a workbook whose marker names parts it does not have.
    const entries = unzipSync(readFileSync(at('theirs.xlsx')));
    expect((await run('report', ENTERPRISE, '--format', 'xlsx', '-o', 'ours.xlsx')).code).toBe(0);
    const ours = unzipSync(readFileSync(at('ours.xlsx')));
    entries['docProps/custom.xml'] = ours['docProps/custom.xml']!;
    writeFileSync(at('forged.xlsx'), zipSync(entries));
    const forged = await run('report', ENTERPRISE, '--format', 'xlsx', '-o', 'forged.xlsx');
    expect(forged.code).toBe(2);
    expect(forged.stderr).toContain('error output-changed');
    expect((await run('report', ENTERPRISE, '--format', 'xlsx', '-o', 'theirs.xlsx', '--force')).code).toBe(
      0,
    );
  });

  it('an edited former output needs --force, with a hint that it changed', async () => {
    expect((await run('report', ENTERPRISE, '-o', 'r.txt')).code).toBe(0);
    const written = readFileSync(at('r.txt'), 'utf8');
    expect(written).toMatch(/\n# sfbports-output sha256=[0-9a-f]{64}\n$/);
    // Unchanged: replaced without --force, by a different report too.
    expect((await run('report', MULTI, '-o', 'r.txt')).code).toBe(0);
    writeFileSync(at('r.txt'), readFileSync(at('r.txt'), 'utf8').replace('Ports are', 'PORTS ARE'));
    const edited = readFileSync(at('r.txt'), 'utf8');
    const r = await run('report', ENTERPRISE, '-o', 'r.txt');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('r.txt was written by sfbports but has been changed since');
    expect(r.stderr).toContain('hint: pass --force');
    expect(readFileSync(at('r.txt'), 'utf8')).toBe(edited);
    expect((await run('report', ENTERPRISE, '-o', 'r.txt', '--force')).code).toBe(0);
    expect(readFileSync(at('r.txt'), 'utf8')).toBe(written);
  });

  it('an output over 64 MB is still recognised: replaced when unchanged, refused when edited', async () => {
    // A rule set for 100,000 servers is about 250 MB; such files were once all taken for foreign ones.
    const body = Buffer.alloc(65 * 1024 * 1024, '# allow 5061/tcp from 192.0.2.0/24\n');
    const large = Buffer.from(withMarker(body, 'hash'));
    writeFileSync(at('big.ps1'), large);
    expect((await run('report', ENTERPRISE, '-o', 'big.ps1')).code).toBe(0);
    expect(statSync(at('big.ps1')).size).toBeLessThan(1024 * 1024);
    large[40 * 1024 * 1024] = 0x21;
    writeFileSync(at('big.ps1'), large);
    const r = await run('report', ENTERPRISE, '-o', 'big.ps1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('big.ps1 was written by sfbports but has been changed since');
    expect(statSync(at('big.ps1')).size).toBe(large.length);
  });

  it('JSON and CSV carry no marker: replacing needs --force unless the bytes are the same', async () => {
    for (const format of ['json', 'csv']) {
      const out = `r.${format}`;
      expect((await run('report', ENTERPRISE, '--format', format, '-o', out)).code).toBe(0);
      const first = readFileSync(at(out), 'utf8');
      expect(first).toBe((await run('report', ENTERPRISE, '--format', format)).stdout);
      expect((await run('report', ENTERPRISE, '--format', format, '-o', out)).code).toBe(0);
      const other = await run('report', MULTI, '--format', format, '-o', out);
      expect(other.code).toBe(2);
      expect(readFileSync(at(out), 'utf8')).toBe(first);
      expect((await run('report', MULTI, '--format', format, '-o', out, '--force')).code).toBe(0);
    }
  });
});

describe('never over an input, even with --force', () => {
  it('report t.yaml -o t.yaml --force is refused and t.yaml unchanged, however it is named', async () => {
    copyFileSync(ENTERPRISE, at('t.yaml'));
    symlinkSync('t.yaml', at('link.yaml'));
    const before = readFileSync(at('t.yaml'));
    for (const out of ['t.yaml', './t.yaml', at('t.yaml'), 'link.yaml']) {
      for (const force of [[], ['--force']]) {
        const r = await run('report', 't.yaml', '-o', out, ...force);
        expect(r.code, out).toBe(2);
        expect(r.stderr).toContain('error output-is-input');
      }
    }
    // A companion that is the input counts too.
    writeFileSync(at('u.rules'), '');
    copyFileSync(ENTERPRISE, at('u.rules.ip6'));
    const c = await run('emit', 'iptables', 'u.rules.ip6', '-o', 'u.rules', '--force');
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('error output-is-input');
    expect(readFileSync(at('t.yaml'))).toEqual(before);
    expect(lstatSync(at('link.yaml')).isSymbolicLink()).toBe(true);
    expect(existsSync(at('u.rules.ipset'))).toBe(false);
  });
});

describe('replacing a file', () => {
  it('keeps the mode of the file it replaces', async () => {
    writeFileSync(at('secret.txt'), 'mine\n');
    chmodSync(at('secret.txt'), 0o600);
    expect((await run('report', ENTERPRISE, '-o', 'secret.txt', '--force')).code).toBe(0);
    expect(statSync(at('secret.txt')).mode & 0o777).toBe(0o600);
    chmodSync(at('secret.txt'), 0o640);
    expect((await run('report', MULTI, '-o', 'secret.txt')).code).toBe(0);
    expect(statSync(at('secret.txt')).mode & 0o777).toBe(0o640);
  });

  it('follows a symbolic link: the target is written, the link stays; a dangling link is refused', async () => {
    mkdirSync(at('real'));
    symlinkSync('real/report.md', at('current.md'));
    const dangling = await run('report', ENTERPRISE, '--format', 'md', '-o', 'current.md', '--force');
    expect(dangling.code).toBe(2);
    expect(dangling.stderr).toContain('error output-dangling-link');
    expect(existsSync(at('real/report.md'))).toBe(false);
    writeFileSync(at('real/report.md'), 'old\n');
    expect((await run('report', ENTERPRISE, '--format', 'md', '-o', 'current.md', '--force')).code).toBe(0);
    expect(lstatSync(at('current.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(at('real/report.md'), 'utf8')).toMatch(/^# Firewall report: Contoso/);
    expect(readFileSync(at('real/report.md'), 'utf8')).toMatch(
      /<!-- sfbports-output sha256=[0-9a-f]{64} -->\n$/,
    );
    // Its own output behind the link is replaced without --force.
    expect((await run('report', MULTI, '--format', 'md', '-o', 'current.md')).code).toBe(0);
    expect(lstatSync(at('current.md')).isSymbolicLink()).toBe(true);
    expect(readdirSync(at('real'))).toEqual(['report.md']);
  });
});

describe('a main file and its companions land together', () => {
  const FILES = ['fw.rules', 'fw.rules.ip6', 'fw.rules.ipset', 'fw.rules.sh'];

  it('emit iptables -o onto a user file leaves no companion behind; otherwise all four land', async () => {
    writeFileSync(at('fw.rules'), 'my own rules\n');
    const r = await run('emit', 'iptables', ENTERPRISE, '-o', 'fw.rules');
    expect(r.code).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['fw.rules']);
    expect(readFileSync(at('fw.rules'), 'utf8')).toBe('my own rules\n');

    rmSync(at('fw.rules'));
    const ok = await run('emit', 'iptables', ENTERPRISE, '-o', 'fw.rules');
    expect(ok.code, ok.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(FILES);
    for (const f of FILES)
      expect(readFileSync(at(f), 'utf8')).toMatch(/\n# sfbports-output sha256=[0-9a-f]{64}\n$/);
    expect(readFileSync(at('fw.rules.sh'), 'utf8')).toMatch(/^#!\/bin\/sh\n/);
    // Its own set is replaced without --force; one edited companion stops the whole set.
    expect((await run('emit', 'iptables', MULTI, '-o', 'fw.rules')).code).toBe(0);
    const before = FILES.map((f) => readFileSync(at(f), 'utf8'));
    writeFileSync(at('fw.rules.ipset'), `${before[2]}# local addition\n`);
    const edited = await run('emit', 'iptables', ENTERPRISE, '-o', 'fw.rules');
    expect(edited.code).toBe(2);
    expect(edited.stderr).toContain('fw.rules.ipset was written by sfbports but has been changed since');
    expect(readFileSync(at('fw.rules'), 'utf8')).toBe(before[0]);
  });

  it('a companion path that is a directory stops the set before anything is written, no .tmp left', async () => {
    expect((await run('emit', 'iptables', ENTERPRISE, '-o', 'fw.rules')).code).toBe(0);
    const before = readFileSync(at('fw.rules'), 'utf8');
    rmSync(at('fw.rules.ipset'));
    mkdirSync(at('fw.rules.ipset'));
    for (const force of [[], ['--force']]) {
      const r = await run('emit', 'iptables', MULTI, '-o', 'fw.rules', ...force);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('cannot write fw.rules.ipset: it is a directory');
      noStackTrace(r.stderr);
    }
    expect(readFileSync(at('fw.rules'), 'utf8')).toBe(before);
    expect(leftovers()).toEqual([]);
  });

  it('a stop signal during the write removes every temporary file and keeps every old file', async () => {
    expect((await run('emit', 'iptables', ENTERPRISE, '-o', 'fw.rules')).code).toBe(0);
    const before = FILES.map((f) => readFileSync(at(f), 'utf8'));
    const running = startCli(['emit', 'iptables', MULTI, '-o', 'fw.rules'], { cwd: dir });
    let settled = false;
    void running.result.finally(() => {
      settled = true;
    });
    // Delivered on every turn of the event loop until the run ends: the first one after the write
    // registers its handler stops it, part-way through the temporary files.
    for (let i = 0; i < 10_000 && !settled; i++) {
      running.signal('SIGTERM');
      await new Promise((r) => setImmediate(r));
    }
    const r = await running.result;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error interrupted');
    expect(FILES.map((f) => readFileSync(at(f), 'utf8'))).toEqual(before);
    expect(leftovers()).toEqual([]);
  });
});

describe('other writers', () => {
  it('check refuses an -o it may not replace before it probes anything', async () => {
    writeFileSync(at('check.xml'), '<notes>sfbports</notes>\n');
    const started = Date.now();
    const r = await run('check', '192.0.2.1:5061', '--timeout', '100', '-f', 'junit', '-o', 'check.xml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error output-exists');
    expect(r.stderr).not.toMatch(/192\.0\.2\.1/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(readFileSync(at('check.xml'), 'utf8')).toBe('<notes>sfbports</notes>\n');
  });

  it('migrate -o: a topology carries no marker, so replacing one needs --force', async () => {
    copyFileSync(ENTERPRISE, at('in.yaml'));
    expect((await run('migrate', 'in.yaml', '-o', 'out.yaml')).code).toBe(0);
    expect(readFileSync(at('out.yaml'), 'utf8')).not.toContain('sfbports-output');
    // The same bytes again change nothing; something else there needs --force.
    expect((await run('migrate', 'in.yaml', '-o', 'out.yaml')).code).toBe(0);
    writeFileSync(at('out.yaml'), 'name: edited\n');
    expect((await run('migrate', 'in.yaml', '-o', 'out.yaml')).code).toBe(2);
    expect((await run('migrate', 'in.yaml', '-o', 'out.yaml', '--force')).code).toBe(0);
  });

  it('init --force keeps the mode of the file it replaces and writes through a link', async () => {
    writeFileSync(at('target.yaml'), 'old\n');
    chmodSync(at('target.yaml'), 0o600);
    symlinkSync('target.yaml', at('topology.yaml'));
    expect((await run('init', '--force')).code).toBe(0);
    expect(lstatSync(at('topology.yaml')).isSymbolicLink()).toBe(true);
    expect(statSync(at('target.yaml')).mode & 0o777).toBe(0o600);
    expect(readFileSync(at('target.yaml'), 'utf8')).toMatch(/^# yaml-language-server/);
    expect(errorLines((await run('init', '--force')).stderr)).toEqual([]);
  });
});
