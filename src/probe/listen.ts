import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer as createTcpServer, isIP, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createSecureContext, type SecureContext, TLSSocket } from 'node:tls';
import type { Transport } from '../model/protocols.js';
import type { KeyAndCert } from './cert.js';
import { type ListenPort, tcpMode } from './listen-plan.js';
import { looksLikeSipRequest, readHead, answerRequest as sipAnswer } from './sip.js';
import { isRequest as isSqlRequest, encodeReply as sqlReply } from './sql-browser.js';
import { decodeStun, answerRequest as stunAnswer, stunFrameLength } from './stun.js';
import { bannerFor } from './tcp.js';
import { stunSoftwareFor } from './udp.js';

/**
 * The responder behind `sfbports listen`: it opens the ports a server must receive on before the
 * product is installed, and answers in each protocol (STUN, SQL Browser, SIP OPTIONS, TLS, or a plain
 * banner) with a token, so `check --token` can tell our answer from anybody else's.
 *
 * Hostile peers are expected: every connection has an idle deadline and a byte cap, the number of
 * open connections is capped, and UDP answers are rate limited so the responder cannot be used to
 * reflect traffic.
 */
export interface ResponderOptions {
  readonly address: string;
  readonly token: string;
  readonly maxConnections: number;
  /** Time a client gets to speak first before it receives the banner. */
  readonly sniffMs?: number;
  /** A connection silent this long is closed. */
  readonly idleMs?: number;
  /** Bytes read from one connection before it is closed. */
  readonly maxBytes?: number;
  /** UDP answers per second on one port; the rest are dropped. */
  readonly udpAnswersPerSecond?: number;
  readonly tls?: KeyAndCert;
  /** Called for every connection or datagram answered (for the live log and the summary). */
  readonly onHit?: (hit: Hit) => void;
}

export interface Hit {
  readonly transport: Transport;
  readonly port: number;
  readonly peer: string;
  readonly answer: 'banner' | 'tls' | 'sip' | 'stun' | 'sql-browser' | 'refused' | 'dropped';
}

export interface OpenResult {
  readonly listening: ReadonlyArray<{ port: number; transport: Transport }>;
  readonly skipped: ReadonlyArray<{ port: number; transport: Transport; reason: string }>;
}

export class Responder {
  private readonly servers: Server[] = [];
  private readonly udpSockets: UdpSocket[] = [];
  private readonly connections = new Set<Socket>();
  private readonly secureContext: SecureContext | undefined;
  private readonly sniffMs: number;
  private readonly idleMs: number;
  private readonly maxBytes: number;
  private readonly udpRate: number;
  private closed = false;
  /** Connections refused because the cap was reached. */
  refused = 0;

  constructor(private readonly options: ResponderOptions) {
    this.secureContext = options.tls
      ? createSecureContext({ key: options.tls.key, cert: options.tls.cert })
      : undefined;
    this.sniffMs = options.sniffMs ?? 250;
    this.idleMs = options.idleMs ?? 5000;
    this.maxBytes = options.maxBytes ?? 64 * 1024;
    this.udpRate = options.udpAnswersPerSecond ?? 200;
  }

  get activeConnections(): number {
    return this.connections.size;
  }

  /** Opens every port it can; a port in use or forbidden is reported and skipped, never fatal. */
  async open(ports: readonly ListenPort[]): Promise<OpenResult> {
    const listening: Array<{ port: number; transport: Transport }> = [];
    const skipped: Array<{ port: number; transport: Transport; reason: string }> = [];
    // Opening thousands of ports one by one is slow; a bounded batch keeps descriptors and time sane.
    const batch = 64;
    for (let i = 0; i < ports.length; i += batch) {
      const results = await Promise.all(
        ports.slice(i, i + batch).map((p) => (p.transport === 'tcp' ? this.openTcp(p) : this.openUdp(p))),
      );
      results.forEach((reason, j) => {
        const p = ports[i + j]!;
        if (reason === undefined) listening.push({ port: p.port, transport: p.transport });
        else skipped.push({ port: p.port, transport: p.transport, reason });
      });
    }
    return { listening, skipped };
  }

  private openTcp(p: ListenPort): Promise<string | undefined> {
    return new Promise((resolve) => {
      const mode = tcpMode(p.protocols);
      const sipInside = p.protocols.size === 0 || [...p.protocols].some((x) => x.startsWith('SIP'));
      const server = createTcpServer({ pauseOnConnect: false }, (socket) =>
        this.accept(socket, p.port, mode, sipInside),
      );
      server.once('error', (err: NodeJS.ErrnoException) => {
        server.close();
        resolve(describeBindError(err));
      });
      server.listen({ host: this.options.address, port: p.port, exclusive: true }, () => {
        server.removeAllListeners('error');
        server.on('error', () => {});
        this.servers.push(server);
        resolve(undefined);
      });
    });
  }

  private openUdp(p: ListenPort): Promise<string | undefined> {
    return new Promise((resolve) => {
      const socket = createSocket({ type: isIP(this.options.address) === 6 ? 'udp6' : 'udp4' });
      let windowStart = 0;
      let answered = 0;
      socket.once('error', (err: NodeJS.ErrnoException) => {
        socket.close();
        resolve(describeBindError(err));
      });
      socket.on('message', (msg, rinfo) => {
        const now = Date.now();
        if (now - windowStart >= 1000) {
          windowStart = now;
          answered = 0;
        }
        const peer = `${rinfo.address}:${rinfo.port}`;
        if (++answered > this.udpRate) {
          this.options.onHit?.({ transport: 'udp', port: p.port, peer, answer: 'dropped' });
          return;
        }
        const { reply, answer } = this.answerDatagram(msg, rinfo);
        socket.send(reply, rinfo.port, rinfo.address, () => {});
        this.options.onHit?.({ transport: 'udp', port: p.port, peer, answer });
      });
      socket.bind({ address: this.options.address, port: p.port, exclusive: true }, () => {
        socket.removeAllListeners('error');
        socket.on('error', () => {});
        this.udpSockets.push(socket);
        resolve(undefined);
      });
    });
  }

  private answerDatagram(
    msg: Buffer,
    rinfo: { address: string; port: number },
  ): { reply: Buffer; answer: Hit['answer'] } {
    const token = this.options.token;
    if (decodeStun(msg)) {
      const reply = stunAnswer(msg, stunSoftwareFor(token), rinfo);
      if (reply) return { reply, answer: 'stun' };
    }
    if (isSqlRequest(msg)) return { reply: sqlReply('sfbports-listen', token), answer: 'sql-browser' };
    if (looksLikeSipRequest(msg)) {
      const head = readHead(msg.toString('latin1'));
      const text = head && head !== 'incomplete' ? sipAnswer(head, token) : undefined;
      if (text) return { reply: Buffer.from(text, 'latin1'), answer: 'sip' };
    }
    return { reply: Buffer.from(bannerFor(token), 'latin1'), answer: 'banner' };
  }

  private accept(socket: Socket, port: number, mode: 'sniff' | 'banner', sipInside: boolean): void {
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    socket.on('error', () => {});
    if (this.closed || this.connections.size >= this.options.maxConnections) {
      this.refused++;
      this.options.onHit?.({ transport: 'tcp', port, peer, answer: 'refused' });
      socket.destroy();
      return;
    }
    this.connections.add(socket);
    socket.once('close', () => this.connections.delete(socket));
    socket.setTimeout(this.idleMs, () => socket.destroy());
    const hit = (answer: Hit['answer']) => this.options.onHit?.({ transport: 'tcp', port, peer, answer });
    if (mode === 'banner') {
      hit('banner');
      socket.end(bannerFor(this.options.token));
      socket.resume();
      return;
    }
    this.converse(socket, socket, sipInside, hit, true);
  }

  /**
   * Waits for the client's first bytes and answers in their protocol: TLS (then again inside it),
   * SIP, STUN; silence or anything else gets the banner.
   */
  private converse(
    raw: Socket,
    stream: Duplex,
    sipInside: boolean,
    hit: (answer: Hit['answer']) => void,
    outer: boolean,
  ): void {
    let buffered = Buffer.alloc(0);
    let decided = false;
    let expired = false;
    const timer = setTimeout(() => {
      expired = true;
      decide();
    }, this.sniffMs);
    const decide = (chunk?: Buffer) => {
      if (decided) return;
      if (chunk) {
        buffered = Buffer.concat([buffered, chunk]);
        if (buffered.length > this.maxBytes) {
          decided = true;
          clearTimeout(timer);
          raw.destroy();
          return;
        }
      }
      const first = buffered[0];
      if (first === undefined) {
        // Silence: the client waits for us (a plain connect probe).
        decided = true;
        stream.removeListener('data', decide);
        hit('banner');
        stream.end(bannerFor(this.options.token));
        return;
      }
      if (outer && first === 0x16 && this.secureContext) {
        decided = true;
        clearTimeout(timer);
        stream.removeListener('data', decide);
        stream.pause();
        stream.unshift(buffered);
        const tls = new TLSSocket(raw, { isServer: true, secureContext: this.secureContext });
        tls.on('error', () => raw.destroy());
        tls.once('secure', () => {
          hit('tls');
          if (sipInside) this.converse(raw, tls, sipInside, hit, false);
          else tls.end(bannerFor(this.options.token));
        });
        return;
      }
      if (looksLikeSipRequest(buffered)) {
        const head = readHead(buffered.toString('latin1'));
        if (head === 'incomplete' && !expired) return;
        decided = true;
        clearTimeout(timer);
        stream.removeListener('data', decide);
        const text = head && head !== 'incomplete' ? sipAnswer(head, this.options.token) : undefined;
        hit('sip');
        stream.end(text ?? bannerFor(this.options.token));
        return;
      }
      if ((first === 0x00 || first === 0x01) && buffered.length >= 4) {
        const n = stunFrameLength(buffered)!;
        if (buffered.length < n && n <= 2048 && !expired) return;
        decided = true;
        clearTimeout(timer);
        stream.removeListener('data', decide);
        const reply =
          buffered.length >= n
            ? stunAnswer(buffered.subarray(0, n), stunSoftwareFor(this.options.token))
            : undefined;
        hit(reply ? 'stun' : 'banner');
        stream.end(reply ?? bannerFor(this.options.token));
        return;
      }
      // A SIP method may still be arriving.
      if (!expired && buffered.length < 16 && buffered.every((b) => b >= 0x41 && b <= 0x5a)) return;
      decided = true;
      clearTimeout(timer);
      stream.removeListener('data', decide);
      hit('banner');
      stream.end(bannerFor(this.options.token));
    };
    stream.on('data', decide);
    stream.once('close', () => clearTimeout(timer));
  }

  /** Closes every listener and connection; resolves when the sockets are gone. */
  async close(): Promise<void> {
    this.closed = true;
    for (const c of this.connections) c.destroy();
    await Promise.all([
      ...this.servers.map((s) => new Promise<void>((r) => s.close(() => r()))),
      ...this.udpSockets.map((s) => new Promise<void>((r) => s.close(() => r()))),
    ]);
    this.servers.length = 0;
    this.udpSockets.length = 0;
  }
}

function describeBindError(err: NodeJS.ErrnoException): string {
  if (err.code === 'EADDRINUSE') return 'in use by another program';
  if (err.code === 'EACCES') return 'needs root (a port below 1024)';
  if (err.code === 'EADDRNOTAVAIL') return 'the address is not on this machine';
  return err.code ?? err.message;
}
