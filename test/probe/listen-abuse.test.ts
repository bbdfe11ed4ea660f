import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Protocol, Transport } from '../../src/model/protocols.js';
import { type Hit, Responder } from '../../src/probe/listen.js';
import { newNonce, nonceLine, proofFor, readProofLine } from '../../src/probe/proof.js';
import { sourceKey, TokenBucket, UdpGate } from '../../src/probe/rate-limit.js';
import { optionsRequest } from '../../src/probe/sip.js';
import {
  enumerateRequest,
  PADDED_REQUEST_BYTES,
  paddedEnumerateRequest,
} from '../../src/probe/sql-browser.js';
import { bindingRequest, decodeStun } from '../../src/probe/stun.js';
import { runCli } from '../support/cli.js';
import { freePort, openSocketCount, probeOnce } from './support.js';

/**
 * Issue 13: what an attacker-minded tester did to `listen`, each as a test that failed before.
 * Loopback only: 127.0.0.1, and 127.0.0.2-127.0.0.9 as other sources (all of 127/8 is loopback).
 */

const TOKEN = 'abuse-13';
const settle = (ms = 50) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, ms = 8000): Promise<void> {
  for (let waited = 0; !ok(); waited += 20) {
    if (waited > ms) throw new Error(`timed out waiting for ${what}`);
    await settle(20);
  }
}

const port = (p: number, transport: Transport, protocols: Protocol[] = []) => ({
  port: p,
  transport,
  protocols: new Set(protocols),
  flows: [],
});

async function freePorts(n: number): Promise<number[]> {
  const out = new Set<number>();
  while (out.size < n) out.add(await freePort());
  return [...out];
}

describe('UDP rate limits (unit, a clock of our own)', () => {
  it('a token bucket gives its burst, then its rate, never more', () => {
    const b = new TokenBucket({ perSecond: 10, burst: 3 }, 0);
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([true, true, true, false]);
    expect(b.take(50)).toBe(false); // half a token
    expect(b.take(100)).toBe(true);
    expect(b.idle(10_000)).toBe(true);
  });

  it('many forged sources: each gets its burst, all together no more than the global cap', () => {
    let now = 0;
    const gate = new UdpGate({ perSecond: 5, burst: 10 }, { perSecond: 100, burst: 200 }, () => now);
    let answered = 0;
    const perSource = new Map<string, number>();
    // 1,000 sources × 100 datagrams in one instant: the flood, from as many "victims".
    for (let s = 0; s < 1000; s++) {
      const address = `10.${s >> 8}.${s & 255}.1`;
      for (let i = 0; i < 100; i++) {
        if (gate.admit(address) === undefined) {
          answered++;
          perSource.set(address, (perSource.get(address) ?? 0) + 1);
        }
      }
    }
    expect(answered).toBe(200);
    expect(Math.max(...perSource.values())).toBeLessThanOrEqual(10);
    expect(gate.dropped['source-rate'] + gate.dropped['global-rate']).toBe(100_000 - 200);
    expect(gate.flooding.size).toBe(1000);
    // A second later, the global bucket has refilled by its rate only.
    now = 1000;
    let more = 0;
    for (let s = 0; s < 1000; s++) if (gate.admit(`10.${s >> 8}.${s & 255}.1`) === undefined) more++;
    expect(more).toBe(100);
  });

  it('counts IPv6 sources by /64 and IPv4-mapped addresses as IPv4', () => {
    expect(sourceKey('2001:db8:1:2::1')).toBe(sourceKey('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(sourceKey('2001:db8:1:2::1')).not.toBe(sourceKey('2001:db8:1:3::1'));
    expect(sourceKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
  });

  it('keeps a bounded number of source buckets', () => {
    const gate = new UdpGate({ perSecond: 1, burst: 1 }, { perSecond: 1e9, burst: 1e9 }, () => 0, 100);
    for (let s = 0; s < 5000; s++) gate.admit(`10.0.${s >> 8}.${s & 255}`);
    // Past the bound, new sources share one bucket: one answer between them all.
    expect(gate.dropped['source-rate']).toBe(5000 - 101);
  });
});

describe('UDP on loopback: one socket per source, many ports', () => {
  const PORTS = 40;
  let responder: Responder;
  let ports: number[] = [];
  const hits: Hit[] = [];
  beforeAll(async () => {
    ports = await freePorts(PORTS);
    // A clock that never moves: the buckets give their bursts and nothing more, whatever the load.
    responder = new Responder({
      address: '127.0.0.1',
      token: TOKEN,
      maxConnections: 16,
      udpPerSource: { perSecond: 50, burst: 30 },
      udpGlobal: { perSecond: 200, burst: 100 },
      now: () => 0,
      onHit: (h) => hits.push(h),
    });
    const r = await responder.open(ports.map((p) => port(p, 'udp', ['STUN/MSTURN'])));
    expect(r.listening).toHaveLength(PORTS);
  });
  afterAll(async () => {
    await responder.close();
  });

  it('caps answers per source and in total, never answers with more bytes, and counts the rest', async () => {
    const sources: UdpSocket[] = [];
    const received: Array<{ source: number; bytes: number }> = [];
    let sent = 0;
    let smallest = Number.POSITIVE_INFINITY;
    try {
      for (let s = 0; s < 5; s++) {
        const sock = createSocket('udp4');
        sock.on('message', (m) => received.push({ source: s, bytes: m.length }));
        await new Promise<void>((r) => sock.bind(0, `127.0.0.${s + 2}`, () => r()));
        sources.push(sock);
      }
      for (const sock of sources) {
        for (const p of ports) {
          // What asks for more than it gives (1-byte SQL Browser, a bare STUN header, a short line)
          // and what gives enough (a padded STUN Binding, a padded SQL Browser request).
          const bare = bindingRequest().subarray(0, 20);
          bare.writeUInt16BE(0, 2);
          for (const d of [
            enumerateRequest(),
            bare,
            Buffer.from('x'),
            bindingRequest(),
            paddedEnumerateRequest(newNonce()),
          ]) {
            smallest = Math.min(smallest, d.length);
            await new Promise<void>((r) => sock.send(d, p, '127.0.0.1', () => r()));
            sent++;
          }
        }
      }
      const processed = () => {
        const st = responder.stats;
        return st.udpAnswered + Object.values(st.udpDropped).reduce((a, b) => a + b, 0);
      };
      await until('every datagram processed', () => processed() === sent);
      await until('every answer received', () => received.length === responder.stats.udpAnswered, 3000);
      const st = responder.stats;
      // Three small requests per port and source: never answered, whatever the rate.
      expect(st.udpDropped['larger-than-request']).toBe(3 * PORTS * 5);
      expect(st.udpAnswered).toBe(100); // the global burst, across 40 ports and 5 sources
      const bySource = [0, 1, 2, 3, 4].map((s) => received.filter((x) => x.source === s).length);
      expect(Math.max(...bySource)).toBeLessThanOrEqual(30);
      expect(st.udpDropped['source-rate'] + st.udpDropped['global-rate']).toBe(2 * PORTS * 5 - 100);
      expect([...st.flooding].sort()).toEqual([
        '127.0.0.2',
        '127.0.0.3',
        '127.0.0.4',
        '127.0.0.5',
        '127.0.0.6',
      ]);
      // Every answer is no larger than the smallest request that can draw one.
      expect(Math.max(...received.map((x) => x.bytes))).toBeLessThanOrEqual(
        Math.min(bindingRequest().length, PADDED_REQUEST_BYTES),
      );
      expect(hits.filter((h) => h.answer === 'dropped').length).toBe(sent - 100);
      expect(responder.isFlooding('127.0.0.2')).toBe(true);
      expect(responder.isFlooding('127.0.0.1')).toBe(false);
    } finally {
      for (const s of sources) s.close();
    }
  });
});

describe('the listen command reports what it did not answer', () => {
  it('summary: datagrams not answered by reason, and a flooding source is not "reached"', async () => {
    const p = await freePort();
    const { startCli } = await import('../support/cli.js');
    const listener = startCli([
      'listen',
      '--bind',
      '127.0.0.1',
      '--ports',
      `${p}/udp`,
      '--token',
      TOKEN,
      '--format',
      'json',
    ]);
    const sock = createSocket('udp4');
    try {
      await listener.waitForStdout(/^\{"event":"ready".*\}$/m);
      await new Promise<void>((r) => sock.bind(0, '127.0.0.3', () => r()));
      // 1-byte requests (never answered) and more padded ones than one source may draw at once.
      for (let i = 0; i < 20; i++)
        await new Promise<void>((r) => sock.send(enumerateRequest(), p, '127.0.0.1', () => r()));
      for (let i = 0; i < 600; i++) {
        await new Promise<void>((r) => sock.send(bindingRequest(), p, '127.0.0.1', () => r()));
        // Paced a little, so the kernel's receive buffer never drops what the listener must count.
        if (i % 25 === 24) await settle(5);
      }
      const ok = await runCli(['check', `127.0.0.1:${p}/udp`, '--probe', 'stun', '--token', TOKEN]);
      expect(ok.code).toBe(0);
    } finally {
      sock.close();
      listener.signal('SIGTERM');
    }
    const r = await listener.result;
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(summary.event).toBe('summary');
    expect(summary.not_answered.udp['larger-than-request']).toBe(20);
    expect(summary.not_answered.udp['source-rate']).toBeGreaterThan(0);
    expect(summary.flooding).toEqual(['127.0.0.3']);
    expect(summary.reached).toEqual([{ port: `udp ${p}`, answers: expect.any(Number), from: ['127.0.0.1'] }]);
  });
});

describe('slowloris: one source dribbling bytes into more connections than there are slots', () => {
  let responder: Responder;
  let p = 0;
  beforeAll(async () => {
    p = await freePort();
    responder = new Responder({
      address: '127.0.0.1',
      token: TOKEN,
      maxConnections: 16,
      maxConnectionsPerSource: 8,
      firstByteMs: 1000,
      idleMs: 1000,
      requestMs: 2500,
    });
    await responder.open([port(p, 'tcp', ['SIP/TCP'])]);
  });
  afterAll(async () => {
    await responder.close();
  });

  it('a real check from this host still gets its proof; the dribblers are cut at the deadline', async () => {
    const baseline = openSocketCount();
    const dribblers: Socket[] = [];
    const closed = new Set<Socket>();
    const request = optionsRequest({ host: '127.0.0.1', port: p, transport: 'TCP' });
    const timers: Array<ReturnType<typeof setInterval>> = [];
    try {
      for (let i = 0; i < 24; i++) {
        const s = new Socket();
        s.on('error', () => {});
        s.on('close', () => closed.add(s));
        dribblers.push(s);
        await new Promise<void>((r) => {
          s.once('close', () => r());
          s.connect({ port: p, host: '127.0.0.1', localAddress: '127.0.0.2' }, () => r());
        });
        let k = 0;
        const send = () => {
          if (!s.destroyed) s.write(request[k++ % 60]!);
        };
        send();
        timers.push(setInterval(send, 500));
      }
      await until(
        'the responder to see every dribbler',
        () => responder.activeConnections + responder.refused >= 24,
      );
      expect(responder.stats.tcpDropped['per-source']).toBe(16);
      expect(responder.activeConnections).toBe(8);
      // The genuine check comes from 127.0.0.1: slots are left for it.
      for (const probe of ['sip', 'tcp'] as const) {
        const o = await probeOnce(
          { host: '127.0.0.1', port: p, transport: 'tcp', probe, secure: false },
          2000,
          TOKEN,
        );
        expect(o.detail.tokenVerified, JSON.stringify(o)).toBe(true);
      }
      // A byte every 500 ms beats the idle limit, not the request deadline: all are cut.
      await until('the dribblers to be cut', () => closed.size === 24, 8000);
      expect(responder.stats.tcpDropped.deadline).toBe(8);
      // And the source that dribbled gets its proof like anyone once it asks properly.
      const s = new Socket();
      s.on('error', () => {});
      const text = await new Promise<string>((resolve) => {
        let got = '';
        const nonce = newNonce();
        s.connect({ port: p, host: '127.0.0.1', localAddress: '127.0.0.2' }, () => s.write(nonceLine(nonce)));
        s.on('data', (d) => {
          got += d.toString('latin1');
        });
        s.on('close', () =>
          resolve(readProofLine(got) === proofFor(TOKEN, nonce, 'banner/tcp', p) ? 'ok' : got),
        );
      });
      expect(text).toBe('ok');
    } finally {
      for (const t of timers) clearInterval(t);
      for (const s of dribblers) s.destroy();
    }
    await until('sockets released', () => openSocketCount() <= baseline, 3000);
  });

  it('a client that never sends a byte is closed after the first-byte limit', async () => {
    const s = new Socket();
    s.on('error', () => {});
    let got = '';
    s.on('data', (d) => {
      got += d;
    });
    const closedAfter = new Promise<void>((r) => s.once('close', () => r()));
    s.connect(p, '127.0.0.1');
    await closedAfter;
    expect(got).toBe('SFBPORTS listen\r\n');
    expect(responder.stats.tcpDropped['first-byte']).toBeGreaterThanOrEqual(1);
  });
});

describe('every slot taken by one source', () => {
  it('a newcomer from another source evicts the oldest of the greediest, and gets its proof', async () => {
    const p = await freePort();
    const responder = new Responder({
      address: '127.0.0.1',
      token: TOKEN,
      maxConnections: 8,
      maxConnectionsPerSource: 8,
      firstByteMs: 60_000,
      idleMs: 60_000,
      requestMs: 60_000,
    });
    await responder.open([port(p, 'tcp', ['SIP/TCP'])]);
    const held: Socket[] = [];
    try {
      for (let i = 0; i < 8; i++) {
        const s = new Socket();
        s.on('error', () => {});
        held.push(s);
        await new Promise<void>((r) =>
          s.connect({ port: p, host: '127.0.0.1', localAddress: '127.0.0.2' }, () => r()),
        );
        s.write('OPTIONS sip:x SIP/2.0\r\n');
        s.resume();
      }
      await until('all 8 held', () => responder.activeConnections === 8);
      const o = await probeOnce({ host: '127.0.0.1', port: p, transport: 'tcp', probe: 'tcp' }, 3000, TOKEN);
      expect(o.detail.tokenVerified, JSON.stringify(o)).toBe(true);
      expect(responder.stats.tcpDropped.evicted).toBe(1);
      await until('the oldest to be closed', () => held[0]!.destroyed || held[0]!.readableEnded, 3000);
      expect(held.slice(1).every((h) => !h.destroyed)).toBe(true);
    } finally {
      for (const s of held) s.destroy();
      await responder.close();
    }
  });
});

describe('replay: an impostor that recorded an answer does not pass check --token', () => {
  let responder: Responder;
  let tcpPort = 0;
  let udpPort = 0;
  const impostors: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    [tcpPort = 0, udpPort = 0] = await freePorts(2);
    responder = new Responder({ address: '127.0.0.1', token: TOKEN, maxConnections: 16 });
    await responder.open([
      port(tcpPort, 'tcp', ['SIP/TCP']),
      port(udpPort, 'udp', ['STUN/MSTURN']),
      port(udpPort, 'udp', ['SQL Browser']),
    ]);
  });
  afterAll(async () => {
    for (const stop of impostors) await stop();
    await responder.close();
  });

  /** What the genuine listener answers to `request` on TCP: everything it sends until it closes. */
  async function recordTcp(request: string): Promise<Buffer> {
    const s = new Socket();
    s.on('error', () => {});
    const chunks: Buffer[] = [];
    await new Promise<void>((r) => {
      s.on('data', (d) => chunks.push(d));
      s.on('close', () => r());
      s.connect(tcpPort, '127.0.0.1', () => s.write(request));
    });
    return Buffer.concat(chunks);
  }

  async function recordUdp(request: Buffer): Promise<Buffer> {
    const s = createSocket('udp4');
    try {
      return await new Promise<Buffer>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no answer')), 3000);
        s.on('message', (m) => {
          clearTimeout(t);
          resolve(m);
        });
        s.send(request, udpPort, '127.0.0.1');
      });
    } finally {
      s.close();
    }
  }

  async function tcpImpostor(recorded: Buffer): Promise<number> {
    const sockets = new Set<Socket>();
    const server: Server = createServer((s) => {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
      // Plays the recording once the client has said anything (or at once: a banner).
      s.once('data', () => s.end(recorded));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    impostors.push(async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    });
    return (server.address() as { port: number }).port;
  }

  async function udpImpostor(reply: (request: Buffer) => Buffer): Promise<number> {
    const s = createSocket('udp4');
    s.on('message', (m, rinfo) => s.send(reply(m), rinfo.port, rinfo.address));
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
    impostors.push(() => new Promise<void>((r) => s.close(() => r())));
    return s.address().port;
  }

  it('plain TCP: the recorded proof line', async () => {
    const recorded = await recordTcp(nonceLine(newNonce()));
    expect(readProofLine(recorded.toString('latin1'))).toMatch(/^[0-9a-f]{32}$/);
    expect(recorded.toString('latin1')).not.toContain(TOKEN);
    const fake = await tcpImpostor(recorded);
    const r = await runCli(['check', `127.0.0.1:${fake}/tcp`, '--probe', 'tcp', '--token', TOKEN]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[NO TOKEN]');
    const genuine = await runCli(['check', `127.0.0.1:${tcpPort}/tcp`, '--probe', 'tcp', '--token', TOKEN]);
    expect(genuine.code).toBe(0);
    expect(genuine.stdout).toContain('[token ok]');
  });

  it('SIP: the recorded 200 OK with its proof header', async () => {
    const recorded = await recordTcp(
      optionsRequest({ host: '127.0.0.1', port: tcpPort, transport: 'TCP', nonce: newNonce() }),
    );
    expect(recorded.toString('latin1')).toMatch(/X-Sfbports-Proof: [0-9a-f]{32}/);
    expect(recorded.toString('latin1')).not.toContain(TOKEN);
    const fake = await tcpImpostor(recorded);
    const o = await probeOnce(
      { host: '127.0.0.1', port: fake, transport: 'tcp', probe: 'sip', secure: false },
      3000,
      TOKEN,
    );
    expect(o.detail.sip?.statusCode).toBe(200);
    expect(o.detail.tokenVerified).toBe(false);
    const g = await probeOnce(
      { host: '127.0.0.1', port: tcpPort, transport: 'tcp', probe: 'sip', secure: false },
      3000,
      TOKEN,
    );
    expect(g.detail.tokenVerified).toBe(true);
  });

  it('STUN: the recorded answer, even with the new transaction id written in', async () => {
    const recorded = await recordUdp(bindingRequest());
    expect(recorded.toString('latin1')).not.toContain(TOKEN);
    const fake = await udpImpostor((req) => {
      const copy = Buffer.from(recorded);
      req.copy(copy, 4, 4, 20); // a clever impostor answers the new transaction
      return copy;
    });
    const o = await probeOnce(
      { host: '127.0.0.1', port: fake, transport: 'udp', probe: 'stun' },
      3000,
      TOKEN,
    );
    expect(o.detail.stun).toBeDefined();
    expect(decodeStun(recorded)).toBeDefined();
    expect(o.detail.tokenVerified).toBe(false);
    const g = await probeOnce(
      { host: '127.0.0.1', port: udpPort, transport: 'udp', probe: 'stun' },
      3000,
      TOKEN,
    );
    expect(g.detail.tokenVerified).toBe(true);
  });

  it('SQL Browser: the recorded SVR_RESP', async () => {
    const recorded = await recordUdp(paddedEnumerateRequest(newNonce()));
    expect(recorded.toString('latin1')).not.toContain(TOKEN);
    const fake = await udpImpostor(() => recorded);
    const r = await runCli(['check', `127.0.0.1:${fake}/udp`, '--probe', 'sql-browser', '--token', TOKEN]);
    expect(r.code).toBe(1);
    const g = await probeOnce(
      { host: '127.0.0.1', port: udpPort, transport: 'udp', probe: 'sql-browser' },
      3000,
      TOKEN,
    );
    expect(g.detail.tokenVerified).toBe(true);
  });
});
