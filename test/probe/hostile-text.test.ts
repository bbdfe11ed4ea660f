import { execFileSync } from 'node:child_process';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeFrame } from '../../src/cli/diagnostics.js';
import { ATTR, decodeStun, encodeStun } from '../../src/probe/stun.js';
import { runCli } from '../support/cli.js';
import { skipUnless } from '../support/requirements.js';

/**
 * Peers on 127.0.0.1 that answer every probe with text meant to take over a terminal: OSC title and
 * clipboard sequences, CSI screen clears, C1 controls, bidi overrides, zero-width characters. The
 * table and the JUnit report must show them as escapes, never pass them on.
 */

const ESC = '\x1b';
const HOSTILE = `${ESC}]0;pwned${ESC}\\${ESC}[2J${ESC}]52;c;cm0gLXJmIH4=\x07\u202eevil\u2066\u200b\x9b31m\x7f`;

/** Bytes that have no business in text output: C0 but tab and LF, DEL, C1, bidi and zero-width controls. */
function rawControls(text: string): string[] {
  const bad: string[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (
      (c < 0x20 && ch !== '\n' && ch !== '\t') ||
      (c >= 0x7f && c <= 0x9f) ||
      (c >= 0x200b && c <= 0x200f) ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069) ||
      c === 0xfeff
    )
      bad.push(`U+${c.toString(16).padStart(4, '0')}`);
  }
  return bad;
}

function expectSafe(text: string, escapes: readonly string[] = ['\\x1b', '\\u{202e}']): void {
  expect(rawControls(text)).toEqual([]);
  // The escapes are visible: what the peer sent can be read, not obeyed. (The table may wrap a long
  // detail, so look for the escapes with the table's borders and line breaks taken out.)
  const flat = text.replace(/\s*[│|]\s*|\n\s*/g, '');
  for (const e of escapes) expect(flat).toContain(e);
}

const servers: Array<Server | UdpSocket> = [];
const ports = { sip: 0, stun: 0, sql: 0, tls: 0 };
let certDir = '';

function listenTcp(server: Server): Promise<number> {
  servers.push(server);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

function listenUdp(onMessage: (msg: Buffer, reply: (b: Buffer) => void) => void): Promise<number> {
  const socket = createSocket('udp4');
  servers.push(socket);
  socket.on('message', (msg, from) => onMessage(msg, (b) => socket.send(b, from.port, from.address)));
  return new Promise((resolve) => socket.bind(0, '127.0.0.1', () => resolve(socket.address().port)));
}

const opensslMissing = skipUnless({ commands: ['openssl'] }, 'hostile certificate subject');

beforeAll(async () => {
  ports.sip = await listenTcp(
    createServer((c) => {
      c.on('error', () => {});
      let seen = '';
      c.on('data', (d) => {
        seen += d.toString('latin1');
        if (!seen.includes('\r\n\r\n')) return;
        c.end(
          Buffer.from(
            `SIP/2.0 200 OK${HOSTILE}\r\nServer: ${HOSTILE}agent\r\nContent-Length: 0\r\n\r\n`,
            'utf8',
          ),
        );
      });
    }),
  );
  ports.stun = await listenUdp((msg, reply) => {
    const req = decodeStun(msg);
    if (!req) return;
    const reason = Buffer.from(`Unauthorized${HOSTILE}`, 'utf8');
    reply(
      encodeStun({
        type: (req.type & 0x3eef) | 0x0110,
        transactionId: req.transactionId,
        attributes: [
          { type: ATTR.errorCode, value: Buffer.concat([Buffer.from([0, 0, 4, 1]), reason]) },
          { type: ATTR.software, value: Buffer.from(`coturn${HOSTILE}`, 'utf8') },
        ],
      }),
    );
  });
  ports.sql = await listenUdp((_msg, reply) => {
    // SVR_RESP is Latin-1 and ';'-separated: C0 and C1 controls are what an instance name can carry.
    const name = `A${ESC}]0:pwned\x07${ESC}[2J\x9b31m\x85x`;
    const text = `ServerName;SQL01;InstanceName;${name};IsClustered;No;Version;15.0;tcp;1433;;ServerName;SQL01;InstanceName;B${ESC}[31mRED;IsClustered;No;Version;15.0;;`;
    const body = Buffer.from(text, 'latin1');
    reply(Buffer.concat([Buffer.from([0x05, body.length & 0xff, body.length >> 8]), body]));
  });
  if (!opensslMissing) {
    certDir = mkdtempSync(join(tmpdir(), 'sfbports-hostile-'));
    const subject = `/O=evil${ESC}]0;pwned\x07\u202eorp/CN=pool01${ESC}[2J\u2066.example`;
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(certDir, 'key.pem'),
        '-out',
        join(certDir, 'cert.pem'),
        '-days',
        '2',
        '-utf8',
        '-subj',
        subject,
      ],
      { stdio: 'ignore', timeout: 15_000 },
    );
    const server = createTlsServer(
      { key: readFileSync(join(certDir, 'key.pem')), cert: readFileSync(join(certDir, 'cert.pem')) },
      (c) => {
        c.on('error', () => {});
        c.end();
      },
    );
    server.on('tlsClientError', () => {});
    ports.tls = await listenTcp(server as unknown as Server);
  }
});

afterAll(() => {
  for (const s of servers) s.close();
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

const check = (spec: string, extra: readonly string[], format: string) =>
  runCli(['check', spec, ...extra, '--timeout', '3000', '--format', format]);

describe('check shows what peers sent, never obeys it', () => {
  it.each([
    ['a SIP reason phrase and Server header', 'sip', ['--probe', 'sip', '--sip-tcp']],
    ['a STUN error reason and SOFTWARE', 'stun', ['--probe', 'stun']],
    ['SQL Browser instance names', 'sql', ['--probe', 'sql-browser']],
  ] as const)('%s: table and JUnit carry escapes, JSON the raw text', async (_what, peer, extra) => {
    const transport = peer === 'sip' ? 'tcp' : 'udp';
    const spec = `127.0.0.1:${ports[peer]}/${transport}`;
    // SIP and SQL Browser text is read as Latin-1, so U+202E arrives as its UTF-8 bytes (C1 \x80 among them).
    const escapes =
      peer === 'sql' ? ['\\x1b', '\\x9b', '\\x85'] : peer === 'sip' ? ['\\x1b', '\\x80', '\\x9b'] : undefined;
    const table = await check(spec, extra, 'table');
    expect(table.stdout).toContain('open');
    expectSafe(table.stdout, escapes);
    expect(rawControls(table.stderr)).toEqual([]);
    const junit = await check(spec, extra, 'junit');
    expectSafe(junit.stdout, escapes);
    // Well-formed: no markup character of the peer's survives unescaped inside the XML.
    expect(junit.stdout).toMatch(/<system-out>open: [^<]*\\x1b[^<]*<\/system-out>/);
    const json = await check(spec, extra, 'json');
    const report = JSON.parse(json.stdout);
    expect(report.results[0].state).toBe('open');
    // JSON keeps the peer's text as it came, written with \u escapes so the file is safe to print too.
    expect(rawControls(json.stdout)).toEqual([]);
    expect(json.stdout).toContain('\\u001b]0');
    expect(JSON.stringify(report.results[0].detail)).toContain('\\u001b]0');
    expect(report.results[0].detail.summary).toContain(`${ESC}]0`);
  });

  it.skipIf(opensslMissing)('a certificate subject and issuer', async () => {
    const spec = `127.0.0.1:${ports.tls}`;
    const table = await check(spec, ['--probe', 'tls', '--server-name', 'pool01.example'], 'table');
    expect(table.stdout).toContain('open');
    expectSafe(table.stdout);
    const junit = await check(spec, ['--probe', 'tls', '--server-name', 'pool01.example'], 'junit');
    expectSafe(junit.stdout);
    const json = JSON.parse(
      (await check(spec, ['--probe', 'tls', '--server-name', 'pool01.example'], 'json')).stdout,
    );
    expect(json.results[0].detail.tls.subject).toContain(`${ESC}[2J`);
  });
});

describe('validate shows the topology bytes it quotes as escapes', () => {
  it('in the code frame, the message and the summary line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sfbports-hostile-yaml-'));
    try {
      const file = join(dir, 'evil.yaml');
      writeFileSync(
        file,
        [
          'version: 2',
          `name: Contoso${ESC}]0;pwned\x07`,
          `product: sfb2015${ESC}[2J\u202e`,
          'sipDomains: [contoso.example]',
          '',
        ].join('\n'),
      );
      const r = await runCli(['validate', file]);
      expect(r.code).toBe(2);
      expectSafe(r.stderr);
      expect(rawControls(r.stdout)).toEqual([]);
      // The caret still points under the value, counted in escapes.
      const frame = r.stderr.split('\n');
      const at = frame.findIndex((l) => l.includes('| product: sfb2015\\x1b[2J\\u{202e}'));
      expect(at).toBeGreaterThanOrEqual(0);
      expect(frame[at + 1]!.indexOf('^')).toBe(frame[at]!.indexOf('sfb2015'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the caret under the character it names when escapes come before it', () => {
    const [line, caret] = codeFrame([`key${ESC}[31m\u202e: value`], 1, 12).split('\n');
    expect(line).toBe('   1 | key\\x1b[31m\\u{202e}: value');
    expect(caret!.indexOf('^')).toBe(line!.indexOf('value'));
  });
});
