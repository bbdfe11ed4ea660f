import { createSocket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Protocol, Transport } from '../../src/model/protocols.js';
import { selfSignedCertificate } from '../../src/probe/cert.js';
import { Responder } from '../../src/probe/listen.js';
import { type CheckTarget, runChecks } from '../../src/probe/run.js';
import { AdaptiveTimeout } from '../../src/probe/timing.js';
import type { ProbeName } from '../../src/probe/types.js';
import { skipUnless } from '../support/requirements.js';
import { freePort } from './support.js';

const TOKEN = 'lab-7';

describe.skipIf(skipUnless({ commands: ['openssl'] }, 'listen with TLS (needs openssl for its certificate)'))(
  'listen answers check, with the token, in every protocol',
  () => {
    let responder: Responder;
    const ports: Record<string, number> = {};
    let busy: Server;
    let busyPort = 0;
    let opened: Awaited<ReturnType<Responder['open']>>;

    beforeAll(async () => {
      for (const k of ['sipTls', 'sipTcp', 'https', 'tds', 'stunTcp', 'stunUdp', 'sql', 'media', 'unknown'])
        ports[k] = await freePort();
      busyPort = await freePort();
      busy = createServer();
      await new Promise<void>((r) => busy.listen(busyPort, '127.0.0.1', () => r()));
      const tls = selfSignedCertificate('fe01.contoso.test');
      responder = new Responder({
        address: '127.0.0.1',
        token: TOKEN,
        maxConnections: 64,
        ...(tls && { tls }),
      });
      const p = (port: number, transport: Transport, protocols: Protocol[]) => ({
        port,
        transport,
        protocols: new Set(protocols),
        flows: [],
      });
      opened = await responder.open([
        p(ports.sipTls!, 'tcp', ['SIP/MTLS']),
        p(ports.sipTcp!, 'tcp', ['SIP/TCP']),
        p(ports.https!, 'tcp', ['HTTPS']),
        p(ports.tds!, 'tcp', ['TDS']),
        p(ports.stunTcp!, 'tcp', ['STUN/MSTURN']),
        p(ports.stunUdp!, 'udp', ['STUN/MSTURN']),
        p(ports.sql!, 'udp', ['SQL Browser']),
        p(ports.media!, 'udp', ['RTP/SRTP']),
        p(ports.unknown!, 'tcp', []),
        p(busyPort, 'tcp', ['HTTPS']),
      ]);
    });
    afterAll(async () => {
      await responder?.close();
      await new Promise<void>((r) => busy.close(() => r()));
    });

    it('skips a port in use and says why', () => {
      expect(opened.skipped).toEqual([
        { port: busyPort, transport: 'tcp', reason: 'in use by another program' },
      ]);
      expect(opened.listening).toHaveLength(9);
    });

    it('every probe that fits reaches the responder and verifies the token', async () => {
      const t = (key: string, transport: Transport, probe: ProbeName, secure?: boolean): CheckTarget => ({
        target: {
          host: '127.0.0.1',
          port: ports[key]!,
          transport,
          probe,
          serverName: 'fe01.contoso.test',
          ...(secure !== undefined && { secure }),
        },
        flow: key,
        required: true,
      });
      const targets = [
        t('sipTls', 'tcp', 'sip', true),
        t('sipTls', 'tcp', 'tls'),
        t('sipTcp', 'tcp', 'sip', false),
        t('https', 'tcp', 'tls'),
        t('tds', 'tcp', 'tcp'),
        t('stunTcp', 'tcp', 'stun'),
        t('stunUdp', 'udp', 'stun'),
        t('stunUdp', 'udp', 'msturn'),
        t('sql', 'udp', 'sql-browser'),
        t('media', 'udp', 'udp'),
        t('unknown', 'tcp', 'tcp'),
      ];
      const results = await runChecks(targets, {
        concurrency: 8,
        timeout: new AdaptiveTimeout(10_000),
        exchangeTimeoutMs: 10_000,
        retries: 1,
        token: TOKEN,
      });
      const summary = results.map((r) => [r.flow, r.probe, r.state, r.detail.tokenVerified]);
      expect(summary).toEqual(targets.map((x) => [x.flow, x.target.probe, 'open', true]));
      const sip = results.find((r) => r.flow === 'sipTls' && r.probe === 'sip')!;
      expect(sip.detail.sip).toEqual({ statusCode: 200, reason: 'OK', server: 'sfbports-listen' });
      expect(sip.detail.tls?.nameMatches).toBe(true);
    });

    it('a wrong token is noticed', async () => {
      const results = await runChecks(
        [{ target: { host: '127.0.0.1', port: ports.tds!, transport: 'tcp', probe: 'tcp' }, required: true }],
        {
          concurrency: 1,
          timeout: new AdaptiveTimeout(10_000),
          exchangeTimeoutMs: 10_000,
          retries: 0,
          token: 'other',
        },
      );
      expect(results[0]).toMatchObject({ state: 'open', detail: { tokenVerified: false } });
      // The answer is a proof for another token; the listener's token never went on the wire.
      expect(results[0]!.detail.tokenSeen).toMatch(/^SFBPORTS listen SFBPORTS-PROOF [0-9a-f]{32}$/);
      expect(JSON.stringify(results[0])).not.toContain(TOKEN);
    });
  },
);

describe('the scheduler', () => {
  it('reports closed at once and retries silence once', async () => {
    const closed = await freePort();
    const results = await runChecks(
      [
        { target: { host: '127.0.0.1', port: closed, transport: 'tcp', probe: 'tcp' }, required: true },
        { target: { host: '127.0.0.1', port: closed, transport: 'udp', probe: 'udp' }, required: false },
      ],
      { concurrency: 4, timeout: new AdaptiveTimeout(300), exchangeTimeoutMs: 300, retries: 1 },
    );
    expect(results.map((r) => [r.transport, r.state, r.attempts, r.required])).toEqual([
      ['tcp', 'closed', 1, true],
      ['udp', 'closed', 1, false],
    ]);
  });

  it('stops when asked: no retry, and nothing left running', async () => {
    const silent = createSocket('udp4');
    await new Promise<void>((r) => silent.bind(0, '127.0.0.1', () => r()));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    try {
      const results = await runChecks(
        [
          {
            target: { host: '127.0.0.1', port: silent.address().port, transport: 'udp', probe: 'udp' },
            required: true,
          },
          {
            target: { host: '127.0.0.1', port: silent.address().port, transport: 'udp', probe: 'stun' },
            required: true,
          },
        ],
        {
          concurrency: 1,
          timeout: new AdaptiveTimeout(60_000),
          exchangeTimeoutMs: 60_000,
          retries: 1,
          signal: controller.signal,
        },
      );
      expect(results).toHaveLength(1);
      expect(results[0]).toMatchObject({ state: 'open|filtered', attempts: 1 });
    } finally {
      silent.close();
    }
  });

  it('an already stopped run probes nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const results = await runChecks(
      [{ target: { host: '127.0.0.1', port: 9, transport: 'tcp', probe: 'tcp' }, required: true }],
      {
        concurrency: 1,
        timeout: new AdaptiveTimeout(500),
        exchangeTimeoutMs: 500,
        retries: 1,
        signal: controller.signal,
      },
    );
    expect(results).toEqual([]);
  });
});
