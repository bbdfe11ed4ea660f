import { createSocket } from 'node:dgram';
import { Socket } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Protocol, Transport } from '../../src/model/protocols.js';
import { selfSignedCertificate } from '../../src/probe/cert.js';
import { Responder } from '../../src/probe/listen.js';
import { proofMatches, readNonceLine, readProofLine } from '../../src/probe/proof.js';
import {
  looksLikeSipRequest,
  parseResponse,
  parseStatusLine,
  readHead,
  requestMethod,
  answerRequest as sipAnswer,
} from '../../src/probe/sip.js';
import {
  isRequest as isSqlRequest,
  parseReply as parseSqlReply,
  requestNonce,
} from '../../src/probe/sql-browser.js';
import {
  bindingRequest,
  decodeStun,
  msTurnAllocateRequest,
  readReply,
  answerRequest as stunAnswer,
  stunFrameLength,
  stunNonce,
} from '../../src/probe/stun.js';
import type { ProbeName } from '../../src/probe/types.js';
import { freePort, probeOnce } from './support.js';

/**
 * Random and hostile bytes to every parser on both sides of the proof, and to a live listener.
 * Bounded: a few hundred runs per property, inputs up to 70 KB, and no clock in any assertion.
 */

const TOKEN = 'fuzz-13';
const RUNS = 300;

/** Inputs that look almost right: the prefixes each parser keys on, followed by junk. */
const prefixes = [
  'SFBPORTS-NONCE ',
  'OPTIONS sip:x SIP/2.0\r\n',
  'SIP/2.0 200 OK\r\n',
  'X-Sfbports-Nonce: ',
  'SFBPORTS-PROOF ',
  '\x03SFBPORTS-NONCE ',
  '\x05',
  '\x00\x01',
  '\x01\x01',
  '\x16\x03\x01',
];
const hostile = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }),
  fc
    .tuple(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 600 }))
    .map(([p, b]) => new Uint8Array(Buffer.concat([Buffer.from(p, 'latin1'), b]))),
  // A STUN header whose length agrees with the body, and random attributes inside.
  fc
    .tuple(
      fc.integer({ min: 0, max: 0x3fff }),
      fc.uint8Array({ minLength: 16, maxLength: 16 }),
      fc.integer({ min: 0, max: 150 }),
    )
    .chain(([type, id, words]) =>
      fc.uint8Array({ minLength: words * 4, maxLength: words * 4 }).map((body) => {
        const head = Buffer.alloc(4);
        head.writeUInt16BE(type, 0);
        head.writeUInt16BE(body.length, 2);
        return new Uint8Array(Buffer.concat([head, id, body]));
      }),
    ),
  // A SIP request with one enormous header, and many small ones.
  fc
    .tuple(fc.string({ maxLength: 200 }), fc.integer({ min: 0, max: 60_000 }))
    .map(
      ([s, n]) =>
        new Uint8Array(
          Buffer.from(`OPTIONS sip:x SIP/2.0\r\nVia: ${'v'.repeat(n)}\r\nX: ${s}\r\n\r\n`, 'latin1'),
        ),
    ),
);
const text = fc.oneof(
  fc.string({ maxLength: 2000 }),
  hostile.map((b) => Buffer.from(b).toString('latin1')),
);

describe('listener-side request parsers never throw and answer within bounds', () => {
  it('STUN, nonce lines, SIP requests, SQL Browser requests', () => {
    fc.assert(
      fc.property(hostile, (b) => {
        decodeStun(b);
        stunFrameLength(b);
        expect(stunNonce(b).length).toBeLessThanOrEqual(32);
        const reply = stunAnswer(b, 'sfbports-listen 0123456789abcdef0123456789abcdef', {
          address: '::ffff:127.0.0.1',
          port: 1,
        });
        if (reply) expect(reply.length).toBeLessThanOrEqual(200);
        const nonce = readNonceLine(b);
        if (typeof nonce === 'string' && nonce !== 'incomplete')
          expect(nonce.length).toBeLessThanOrEqual(128);
        looksLikeSipRequest(b);
        const head = readHead(Buffer.from(b).toString('latin1'));
        if (head && head !== 'incomplete') {
          requestMethod(head.startLine);
          const answer = sipAnswer(head, (n) => (n.length < 200 ? 'p' : undefined));
          if (answer) expect(answer.length).toBeLessThanOrEqual(4096);
        }
        isSqlRequest(b);
        const sqlNonce = requestNonce(b);
        if (sqlNonce !== undefined) expect(sqlNonce.length).toBeLessThanOrEqual(128);
      }),
      { numRuns: RUNS },
    );
  });

  it('the responder’s answer to any datagram is bounded (and sent only if no larger than it)', () => {
    const r = new Responder({ address: '127.0.0.1', token: TOKEN, maxConnections: 1 });
    fc.assert(
      fc.property(hostile, (b) => {
        const a = r.answerDatagram(Buffer.from(b), { address: '127.0.0.1', port: 9 }, 3478);
        expect(a.reply.length).toBeLessThanOrEqual(4096);
        expect(a.reply.toString('latin1')).not.toContain(TOKEN);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('check-side answer parsers never throw', () => {
  it('STUN replies, SVR_RESP, SIP responses, proof lines', () => {
    const stunRequests = [bindingRequest(), msTurnAllocateRequest()];
    fc.assert(
      fc.property(hostile, text, (b, t) => {
        for (const req of stunRequests) readReply(b, req);
        const sql = parseSqlReply(b);
        if (sql) expect(sql.text.length).toBeLessThanOrEqual(b.length);
        parseResponse(t);
        parseStatusLine(t);
        const proof = readProofLine(t);
        if (proof !== undefined) expect(proof.length).toBeLessThanOrEqual(t.length);
        expect(proofMatches(proof, TOKEN, 'n'.repeat(32), 'banner/tcp', 1)).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('a live listener on loopback under random datagrams and streams', () => {
  let responder: Responder;
  const ports: Record<string, number> = {};
  let hasTls = false;
  beforeAll(async () => {
    for (const k of ['sip', 'tds', 'stun', 'sql']) ports[k] = await freePort();
    const tls = selfSignedCertificate('fuzz.test');
    hasTls = tls !== undefined;
    responder = new Responder({
      address: '127.0.0.1',
      token: TOKEN,
      maxConnections: 64,
      // Generous limits: this is about parsing, not rates.
      udpPerSource: { perSecond: 1000, burst: 1000 },
      udpGlobal: { perSecond: 1000, burst: 1000 },
      ...(tls && { tls }),
    });
    const p = (port: number, transport: Transport, protocols: Protocol[]) => ({
      port,
      transport,
      protocols: new Set(protocols),
      flows: [],
    });
    const r = await responder.open([
      p(ports.sip!, 'tcp', ['SIP/TLS']),
      p(ports.tds!, 'tcp', ['TDS']),
      p(ports.stun!, 'udp', ['STUN/MSTURN']),
      p(ports.sql!, 'udp', ['SQL Browser']),
    ]);
    expect(r.listening).toHaveLength(4);
  });
  afterAll(async () => {
    await responder?.close();
  });

  it('stays up and answers a genuine check afterwards', async () => {
    const udp = createSocket('udp4');
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', () => r()));
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('stun', 'sql'),
          hostile.filter((b) => b.length <= 9000),
          async (which, b) => {
            await new Promise<void>((r) => udp.send(b, ports[which]!, '127.0.0.1', () => r()));
          },
        ),
        { numRuns: 100 },
      );
    } finally {
      udp.close();
    }
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('sip', 'tds'),
        fc.array(hostile, { minLength: 1, maxLength: 3 }),
        async (which, chunks) => {
          const s = new Socket();
          s.on('error', () => {});
          s.on('data', () => {});
          await new Promise<void>((resolve) => {
            const t = setTimeout(() => {
              s.destroy();
              resolve();
            }, 1500);
            s.once('close', () => {
              clearTimeout(t);
              resolve();
            });
            s.connect(ports[which]!, '127.0.0.1', () => {
              for (const c of chunks) s.write(c);
              s.end();
            });
          });
        },
      ),
      { numRuns: 40 },
    );
    const genuine: Array<[string, ProbeName, Transport, boolean?]> = [
      ['sip', 'sip', 'tcp', hasTls],
      ['tds', 'tcp', 'tcp'],
      ['stun', 'stun', 'udp'],
      ['sql', 'sql-browser', 'udp'],
    ];
    for (const [key, probe, transport, secure] of genuine) {
      const o = await probeOnce(
        {
          host: '127.0.0.1',
          port: ports[key]!,
          transport,
          probe,
          serverName: 'fuzz.test',
          ...(secure !== undefined && { secure }),
        },
        5000,
        TOKEN,
      );
      expect(o.detail.tokenVerified, `${key}: ${JSON.stringify(o)}`).toBe(true);
    }
  });
});
