import { randomBytes } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../../src/probe/cert.js';
import { Responder } from '../../src/probe/listen.js';
import { bindingRequest } from '../../src/probe/stun.js';
import type { ProbeTarget } from '../../src/probe/types.js';
import { skipUnless } from '../support/requirements.js';
import { freePort, openSocketCount, probeOnce } from './support.js';

/** A TCP peer that does `onConnect` with every connection it accepts. */
async function tcpPeer(
  onConnect: (s: Socket) => void,
): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
    onConnect(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, port: (server.address() as { port: number }).port, sockets };
}

async function closeTcpPeer(p: { server: Server; sockets: Set<Socket> }): Promise<void> {
  for (const s of p.sockets) s.destroy();
  await new Promise<void>((r) => p.server.close(() => r()));
}

/** A UDP peer that answers every datagram with `reply(datagram)` (or stays silent on undefined). */
async function udpPeer(
  reply: (msg: Buffer) => Buffer | undefined,
): Promise<{ socket: UdpSocket; port: number }> {
  const socket = createSocket('udp4');
  socket.on('message', (msg, rinfo) => {
    const r = reply(msg);
    if (r) socket.send(r, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  return { socket, port: socket.address().port };
}

const settle = () => new Promise((r) => setTimeout(r, 50));

describe('hostile peers never crash, hang or leak a probe', () => {
  let baseline = 0;
  beforeAll(async () => {
    await settle();
    baseline = openSocketCount();
  });
  afterEach(async () => {
    await settle();
    expect(openSocketCount()).toBe(baseline);
  });

  it('garbage instead of a TLS handshake or a SIP answer', async () => {
    const peer = await tcpPeer((s) => s.end(randomBytes(3000)));
    try {
      for (const probe of ['tls', 'sip'] as const) {
        const o = await probeOnce(
          { host: '127.0.0.1', port: peer.port, transport: 'tcp', probe },
          1500,
          'tok',
        );
        expect(o.state).toBe('open');
        expect(o.detail.tokenVerified).toBe(false);
      }
    } finally {
      await closeTcpPeer(peer);
    }
  });

  it.skipIf(skipUnless({ commands: ['openssl'] }, 'hostile TLS peer (needs a certificate)'))(
    'garbage after a good TLS handshake',
    async () => {
      const kc = selfSignedCertificate('garbage.test');
      expect(kc).toBeDefined();
      const { TLSSocket, createSecureContext } = await import('node:tls');
      const ctx = createSecureContext({ key: kc!.key, cert: kc!.cert });
      const peer = await tcpPeer((s) => {
        const t = new TLSSocket(s, { isServer: true, secureContext: ctx });
        t.on('error', () => s.destroy());
        t.once('secure', () => t.end(randomBytes(500)));
      });
      try {
        const o = await probeOnce(
          { host: '127.0.0.1', port: peer.port, transport: 'tcp', probe: 'sip', secure: true },
          1500,
        );
        expect(o.state).toBe('open');
        expect(o.detail.tls?.subject).toContain('garbage.test');
        expect(o.detail.sip).toBeUndefined();
        expect(o.detail.summary).toMatch(/not a SIP answer|no SIP answer/);
      } finally {
        await closeTcpPeer(peer);
      }
    },
  );

  it('an endless SIP header stops at the byte cap', async () => {
    const peer = await tcpPeer((s) => {
      s.write('SIP/2.0 200 OK\r\n');
      const chunk = `X-Pad: ${'a'.repeat(1000)}\r\n`;
      const pump = () => {
        while (!s.destroyed && s.write(chunk)) {}
        if (!s.destroyed) s.once('drain', pump);
      };
      pump();
    });
    try {
      const o = await probeOnce(
        { host: '127.0.0.1', port: peer.port, transport: 'tcp', probe: 'sip', secure: false },
        5000,
      );
      expect(o.state).toBe('open');
      expect(o.detail.sip).toBeUndefined();
    } finally {
      await closeTcpPeer(peer);
    }
  });

  it('a peer that accepts and never says a word: the probe returns when its deadline passes', async () => {
    const peer = await tcpPeer(() => {});
    try {
      for (const probe of ['tls', 'sip', 'stun', 'tcp'] as const) {
        const o = await probeOnce(
          { host: '127.0.0.1', port: peer.port, transport: 'tcp', probe },
          300,
          'tok',
        );
        expect(o.state).toBe('open');
        expect(o.detail.tokenVerified).toBe(false);
      }
    } finally {
      await closeTcpPeer(peer);
    }
  });

  it.each([
    ['truncated STUN', (m: Buffer) => m.subarray(0, 10)],
    [
      'STUN with a lying length',
      (m: Buffer) => Buffer.concat([m.subarray(0, 2), Buffer.from([0xff, 0xfc]), m.subarray(4)]),
    ],
    ['STUN answering another transaction', () => bindingRequest()],
    ['random bytes', () => randomBytes(64)],
    ['an empty datagram', () => Buffer.alloc(0)],
  ])('%s: open (something answered) but no protocol detail', async (_name, reply) => {
    const peer = await udpPeer(reply);
    try {
      for (const probe of ['stun', 'msturn', 'udp', 'sql-browser'] as const) {
        const o = await probeOnce(
          { host: '127.0.0.1', port: peer.port, transport: 'udp', probe },
          1000,
          'tok',
        );
        expect(o.state).toBe('open');
        expect(o.detail.stun).toBeUndefined();
        expect(o.detail.sqlBrowser).toBeUndefined();
        expect(o.detail.tokenVerified).toBe(false);
      }
    } finally {
      peer.socket.close();
    }
  });

  it('malformed SQL Browser answers', async () => {
    for (const bad of [
      Buffer.from([0x05, 0xff, 0xff, 0x41]),
      Buffer.from([0x05]),
      Buffer.from([0x05, 0, 0]),
    ]) {
      const peer = await udpPeer(() => bad);
      try {
        const o = await probeOnce(
          { host: '127.0.0.1', port: peer.port, transport: 'udp', probe: 'sql-browser' },
          1000,
        );
        expect(o.state).toBe('open');
        expect(o.detail.sqlBrowser).toBeUndefined();
      } finally {
        peer.socket.close();
      }
    }
  });

  it('a silent UDP port is open|filtered, never open', async () => {
    const peer = await udpPeer(() => undefined);
    try {
      const o = await probeOnce({ host: '127.0.0.1', port: peer.port, transport: 'udp', probe: 'stun' }, 200);
      expect(o.state).toBe('open|filtered');
      expect(o.rttMs).toBeUndefined();
    } finally {
      peer.socket.close();
    }
  });
});

describe('listen under a flood', () => {
  let responder: Responder;
  let port = 0;
  let baseline = 0;
  const clients: Socket[] = [];
  beforeAll(async () => {
    await settle();
    baseline = openSocketCount();
    port = await freePort();
    // A long sniffing window keeps half-sent requests in their slots, so the cap is what frees nobody.
    responder = new Responder({
      address: '127.0.0.1',
      token: 'flood',
      maxConnections: 20,
      idleMs: 60_000,
      sniffMs: 30_000,
      firstByteMs: 60_000,
      requestMs: 60_000,
    });
    const r = await responder.open([{ port, transport: 'tcp', protocols: new Set(['SIP/TLS']), flows: [] }]);
    expect(r.listening).toHaveLength(1);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await responder.close();
  });

  it('leaves no socket or server open once closed', async () => {
    const r = new Responder({ address: '127.0.0.1', token: 't', maxConnections: 4 });
    const extra = await freePort();
    await r.open([
      { port: extra, transport: 'tcp', protocols: new Set(), flows: [] },
      { port: extra, transport: 'udp', protocols: new Set(), flows: [] },
    ]);
    const s = new Socket();
    s.on('error', () => {});
    await new Promise<void>((done) => s.connect(extra, '127.0.0.1', () => done()));
    await r.close();
    s.destroy();
    await settle();
    // The flood responder of this block is still open: one TCP server.
    expect(openSocketCount()).toBe(baseline + 1);
  });

  it('caps open connections, refuses the rest, and recovers', async () => {
    const target: ProbeTarget = { host: '127.0.0.1', port, transport: 'tcp', probe: 'sip', secure: false };
    let peak = 0;
    const watch = setInterval(() => {
      peak = Math.max(peak, responder.activeConnections);
    }, 1);
    try {
      await Promise.all(
        Array.from({ length: 200 }, async () => {
          const s = new Socket();
          s.on('error', () => {});
          clients.push(s);
          // Half a SIP request: the responder waits for the rest until its sniffing window closes.
          await new Promise<void>((r) => s.connect(port, '127.0.0.1', () => r()));
          s.write('OPTIONS sip:x SIP/2.0\r\nVia: ');
        }),
      );
      // The kernel completes handshakes before the responder accepts them: wait until it has seen all.
      for (let k = 0; k < 200 && responder.refused + responder.activeConnections < 200; k++) await settle();
    } finally {
      clearInterval(watch);
      for (const c of clients) c.destroy();
    }
    expect(peak).toBe(20);
    expect(responder.refused).toBe(180);
    for (let i = 0; i < 50 && responder.activeConnections > 0; i++) await settle();
    expect(responder.activeConnections).toBe(0);
    const o = await probeOnce(target, 2000, 'flood');
    expect(o.state).toBe('open');
    expect(o.detail).toMatchObject({ sip: { statusCode: 200 }, tokenVerified: true });
  });

  it('garbage and oversized input never take the responder down', async () => {
    for (const payload of [
      randomBytes(100),
      Buffer.alloc(70_000, 0x41),
      Buffer.from([0x16, 3, 1, 0, 5, 1, 2]),
    ]) {
      const s = new Socket();
      s.on('error', () => {});
      await new Promise<void>((r) => s.connect(port, '127.0.0.1', () => r()));
      s.write(payload);
      await new Promise<void>((r) => {
        s.once('close', () => r());
        setTimeout(() => {
          s.destroy();
          r();
        }, 1500);
      });
    }
    const o = await probeOnce(
      { host: '127.0.0.1', port, transport: 'tcp', probe: 'sip', secure: false },
      2000,
      'flood',
    );
    expect(o.detail, JSON.stringify(o)).toMatchObject({ sip: { statusCode: 200 }, tokenVerified: true });
  });
});
