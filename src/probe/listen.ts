import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer as createTcpServer, isIP, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createSecureContext, type SecureContext, TLSSocket } from 'node:tls';
import type { Transport } from '../model/protocols.js';
import type { KeyAndCert } from './cert.js';
import { type ListenPort, tcpMode } from './listen-plan.js';
import { GREETING, isNonce, type ProofLabel, proofFor, proofLine, readNonceLine } from './proof.js';
import { type DropReason, type Rate, sourceKey, UdpGate } from './rate-limit.js';
import { looksLikeSipRequest, readHead, answerRequest as sipAnswer } from './sip.js';
import { isRequest as isSqlRequest, requestNonce, encodeReply as sqlReply } from './sql-browser.js';
import { decodeStun, answerRequest as stunAnswer, stunFrameLength, stunNonce } from './stun.js';
import { stunSoftwareFor } from './udp.js';

/**
 * The responder behind `sfbports listen`: it opens the ports a server must receive on before the
 * product is installed, and answers in each protocol (STUN, SQL Browser, SIP OPTIONS, TLS, or a plain
 * line exchange) with a proof that `check --token` verifies: HMAC-SHA256 of the nonce `check` sent,
 * keyed with the token (proof.ts). The token itself never goes on the wire.
 *
 * Hostile peers are expected.
 * - UDP: an answer goes out only if it is no larger than the datagram that asked, and only within a
 *   token bucket per source address and one across every port (rate-limit.ts). Everything else is
 *   dropped and counted by reason.
 * - TCP: every phase of a connection is bounded: first bytes, gaps between bytes, the whole request
 *   (TLS handshake included), bytes read, and the time left to the client after our answer. One
 *   source holds at most `maxConnectionsPerSource` slots; when every slot is taken, a newcomer
 *   first takes the slot of a connection already answered, else evicts the oldest connection of the
 *   source that holds the most, if that source holds more than the newcomer's.
 */
export interface ResponderOptions {
  readonly address: string;
  readonly token: string;
  readonly maxConnections: number;
  /**
   * Connections one source address (IPv6: one /64) may hold at once while their request is under
   * way (answered ones no longer count). Default min(128, maxConnections).
   */
  readonly maxConnectionsPerSource?: number;
  /** Time a silent client waits before it gets our greeting (it may still send a nonce after). */
  readonly sniffMs?: number;
  /** The client's first byte must arrive this long after the connection at the latest. */
  readonly firstByteMs?: number;
  /** A gap this long between two bytes of a request closes the connection. */
  readonly idleMs?: number;
  /** The whole request (TLS handshake included) must be in this long after the connection. */
  readonly requestMs?: number;
  /** After our answer, the client has this long to read it and close. */
  readonly lingerMs?: number;
  /** Bytes read from one connection before it is closed. */
  readonly maxBytes?: number;
  /** UDP answers to one source address. */
  readonly udpPerSource?: Rate;
  /** UDP answers across every port. */
  readonly udpGlobal?: Rate;
  /** Clock of the UDP token buckets (tests). */
  readonly now?: () => number;
  readonly tls?: KeyAndCert;
  /** Called for every connection or datagram answered or not (for the live log and the summary). */
  readonly onHit?: (hit: Hit) => void;
}

export type Answer = 'greeting' | 'proof' | 'tls' | 'sip' | 'stun' | 'sql-browser';
export type UdpDrop = DropReason | 'larger-than-request';
export type TcpDrop = 'per-source' | 'full' | 'evicted' | 'first-byte' | 'idle' | 'deadline' | 'byte-cap';

export interface Hit {
  readonly transport: Transport;
  readonly port: number;
  readonly peer: string;
  /** What we answered, or 'dropped' (UDP, not answered) or 'closed' (TCP, refused or cut). */
  readonly answer: Answer | 'dropped' | 'closed';
  readonly reason?: UdpDrop | TcpDrop;
  /** The answer carried a proof (the request carried a nonce). */
  readonly proved?: boolean;
}

export interface OpenResult {
  readonly listening: ReadonlyArray<{ port: number; transport: Transport }>;
  readonly skipped: ReadonlyArray<{ port: number; transport: Transport; reason: string }>;
}

export interface ResponderStats {
  readonly udpAnswered: number;
  readonly udpDropped: Readonly<Record<UdpDrop, number>>;
  readonly tcpAnswered: number;
  readonly tcpDropped: Readonly<Record<TcpDrop, number>>;
  /** Sources whose datagrams went over their rate at least once: maybe forged, not "reached". */
  readonly flooding: readonly string[];
}

/** Our answers are small; this bounds the SIP headers we echo, so a request cannot grow them. */
const SERVER_NAME = 'sfbports-listen';

export class Responder {
  private readonly servers: Server[] = [];
  private readonly udpSockets: UdpSocket[] = [];
  private readonly connections = new Set<Socket>();
  /** Connections by source, oldest first. */
  private readonly bySource = new Map<string, Set<Socket>>();
  private readonly sourceOf = new Map<Socket, string>();
  /** Connections already answered, waiting for the client to close (oldest first): the first to go. */
  private readonly lingering = new Set<Socket>();
  private readonly secureContext: SecureContext | undefined;
  private readonly o: Required<
    Pick<
      ResponderOptions,
      'sniffMs' | 'firstByteMs' | 'idleMs' | 'requestMs' | 'lingerMs' | 'maxBytes' | 'maxConnectionsPerSource'
    >
  >;
  private readonly gate: UdpGate;
  private closed = false;
  private udpAnswered = 0;
  private tcpAnswered = 0;
  private readonly udpDropped: Record<UdpDrop, number> = {
    'source-rate': 0,
    'global-rate': 0,
    'larger-than-request': 0,
  };
  private readonly tcpDropped: Record<TcpDrop, number> = {
    'per-source': 0,
    full: 0,
    evicted: 0,
    'first-byte': 0,
    idle: 0,
    deadline: 0,
    'byte-cap': 0,
  };

  constructor(private readonly options: ResponderOptions) {
    this.secureContext = options.tls
      ? createSecureContext({ key: options.tls.key, cert: options.tls.cert })
      : undefined;
    this.o = {
      // Long enough that a TLS client slowed down by a loaded machine never gets the plain greeting in
      // place of a handshake (its ClientHello would then meet text: "wrong version number").
      sniffMs: options.sniffMs ?? Math.min(2000, (options.firstByteMs ?? 3000) / 2),
      firstByteMs: options.firstByteMs ?? 3000,
      idleMs: options.idleMs ?? 2000,
      requestMs: options.requestMs ?? 5000,
      lingerMs: options.lingerMs ?? 2000,
      maxBytes: options.maxBytes ?? 16 * 1024,
      // Twice `check`'s default concurrency, so one `check` never meets it.
      maxConnectionsPerSource: options.maxConnectionsPerSource ?? Math.min(128, options.maxConnections),
    };
    this.gate = new UdpGate(
      options.udpPerSource ?? { perSecond: 50, burst: 200 },
      options.udpGlobal ?? { perSecond: 200, burst: 400 },
      options.now,
    );
  }

  get activeConnections(): number {
    return this.connections.size;
  }

  /** Connections refused or evicted because of the caps. */
  get refused(): number {
    return this.tcpDropped['per-source'] + this.tcpDropped.full + this.tcpDropped.evicted;
  }

  get stats(): ResponderStats {
    return {
      udpAnswered: this.udpAnswered,
      udpDropped: { ...this.udpDropped },
      tcpAnswered: this.tcpAnswered,
      tcpDropped: { ...this.tcpDropped },
      flooding: [...this.gate.flooding],
    };
  }

  /** True when datagrams from this address went over its rate: it may be a forged source. */
  isFlooding(address: string): boolean {
    return this.gate.flooding.has(sourceKey(address));
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
      const server = createTcpServer({ pauseOnConnect: false }, (socket) =>
        this.accept(socket, p.port, mode),
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
      socket.once('error', (err: NodeJS.ErrnoException) => {
        socket.close();
        resolve(describeBindError(err));
      });
      socket.on('message', (msg, rinfo) => this.datagram(socket, p.port, msg, rinfo));
      socket.bind({ address: this.options.address, port: p.port, exclusive: true }, () => {
        socket.removeAllListeners('error');
        socket.on('error', () => {});
        this.udpSockets.push(socket);
        resolve(undefined);
      });
    });
  }

  private datagram(socket: UdpSocket, port: number, msg: Buffer, rinfo: { address: string; port: number }) {
    const peer = `${rinfo.address}:${rinfo.port}`;
    const drop = (reason: UdpDrop) => {
      this.udpDropped[reason]++;
      this.options.onHit?.({ transport: 'udp', port, peer, answer: 'dropped', reason });
    };
    const a = this.answerDatagram(msg, rinfo, port);
    // Never more bytes out than in: nobody can use us to amplify traffic toward a forged source.
    if (a.reply.length > msg.length) return drop('larger-than-request');
    const refused = this.gate.admit(rinfo.address);
    if (refused) return drop(refused);
    this.udpAnswered++;
    socket.send(a.reply, rinfo.port, rinfo.address, () => {});
    this.options.onHit?.({ transport: 'udp', port, peer, answer: a.answer, proved: a.proved });
  }

  private prove(label: ProofLabel, port: number) {
    return (nonce: string) => (isNonce(nonce) ? proofFor(this.options.token, nonce, label, port) : undefined);
  }

  /** The answer a datagram would get (whether it is sent is decided by the caller). */
  answerDatagram(
    msg: Buffer,
    rinfo: { address: string; port: number },
    port: number,
  ): { reply: Buffer; answer: Answer; proved: boolean } {
    if (decodeStun(msg)) {
      const proof = this.prove('stun/udp', port)(stunNonce(msg));
      const reply = stunAnswer(msg, stunSoftwareFor(proof), rinfo);
      if (reply) return { reply, answer: 'stun', proved: proof !== undefined };
    }
    if (isSqlRequest(msg)) {
      const nonce = requestNonce(msg);
      const proof = nonce !== undefined ? this.prove('sql-browser/udp', port)(nonce) : undefined;
      return { reply: sqlReply(SERVER_NAME, proof), answer: 'sql-browser', proved: proof !== undefined };
    }
    const nonce = readNonceLine(msg);
    if (nonce !== undefined && nonce !== 'incomplete') {
      const proof = this.prove('banner/udp', port)(nonce)!;
      return { reply: Buffer.from(proofLine(proof), 'latin1'), answer: 'proof', proved: true };
    }
    if (looksLikeSipRequest(msg)) {
      const head = readHead(msg.toString('latin1'));
      const prove = this.prove('sip/udp', port);
      let proved = false;
      const text =
        head && head !== 'incomplete'
          ? sipAnswer(head, (n) => {
              const p = prove(n);
              proved = p !== undefined;
              return p;
            })
          : undefined;
      if (text) return { reply: Buffer.from(text, 'latin1'), answer: 'sip', proved };
    }
    return { reply: Buffer.from(GREETING, 'latin1'), answer: 'greeting', proved: false };
  }

  private countTcp(reason: TcpDrop, port: number, peer: string): void {
    this.tcpDropped[reason]++;
    this.options.onHit?.({ transport: 'tcp', port, peer, answer: 'closed', reason });
  }

  /** Admits a connection, or refuses it; may evict the oldest connection of the greediest source. */
  private admit(socket: Socket, key: string, port: number, peer: string): boolean {
    const mine = this.bySource.get(key)?.size ?? 0;
    if (mine >= this.o.maxConnectionsPerSource) {
      this.countTcp('per-source', port, peer);
      return false;
    }
    if (this.connections.size >= this.options.maxConnections && this.lingering.size > 0) {
      const done = this.lingering.values().next().value as Socket;
      this.forget(done);
      done.destroy();
    }
    if (this.connections.size >= this.options.maxConnections) {
      let greediest: Set<Socket> | undefined;
      for (const set of this.bySource.values()) if (!greediest || set.size > greediest.size) greediest = set;
      if (!greediest || greediest.size <= mine + 1) {
        this.countTcp('full', port, peer);
        return false;
      }
      const victim = greediest.values().next().value as Socket;
      this.countTcp('evicted', port, `${victim.remoteAddress}:${victim.remotePort}`);
      this.forget(victim);
      victim.destroy();
    }
    let set = this.bySource.get(key);
    if (!set) {
      set = new Set();
      this.bySource.set(key, set);
    }
    set.add(socket);
    this.sourceOf.set(socket, key);
    this.connections.add(socket);
    return true;
  }

  /** The connection no longer counts against its source (answered, or gone). */
  private release(socket: Socket): void {
    const key = this.sourceOf.get(socket);
    if (key === undefined) return;
    this.sourceOf.delete(socket);
    const set = this.bySource.get(key);
    set?.delete(socket);
    if (set?.size === 0) this.bySource.delete(key);
  }

  private forget(socket: Socket): void {
    this.release(socket);
    this.lingering.delete(socket);
    this.connections.delete(socket);
  }

  private accept(socket: Socket, port: number, mode: 'sniff' | 'banner'): void {
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    socket.on('error', () => {});
    if (this.closed) {
      socket.destroy();
      return;
    }
    if (!this.admit(socket, sourceKey(socket.remoteAddress ?? '?'), port, peer)) {
      socket.destroy();
      return;
    }
    const timers: Array<ReturnType<typeof setTimeout>> = [];
    let finished = false;
    const cut = (reason: TcpDrop) => {
      if (finished) return;
      finished = true;
      this.countTcp(reason, port, peer);
      socket.destroy();
    };
    const conn: Conn = {
      raw: socket,
      port,
      peer,
      bytes: 0,
      cut,
      answered: (answer, proved) => {
        if (finished) return;
        finished = true;
        for (const t of timers) clearTimeout(t);
        this.tcpAnswered++;
        this.release(socket);
        if (this.connections.has(socket)) this.lingering.add(socket);
        this.options.onHit?.({ transport: 'tcp', port, peer, answer, proved });
        const linger = setTimeout(() => socket.destroy(), this.o.lingerMs);
        socket.once('close', () => clearTimeout(linger));
      },
      idle: undefined,
    };
    timers.push(setTimeout(() => cut('deadline'), this.o.requestMs));
    const firstByte = setTimeout(() => cut('first-byte'), this.o.firstByteMs);
    timers.push(firstByte);
    socket.once('data', () => clearTimeout(firstByte));
    socket.once('close', () => {
      finished = true;
      for (const t of timers) clearTimeout(t);
      if (conn.idle) clearTimeout(conn.idle);
      this.forget(socket);
    });
    this.converse(conn, socket, 'tcp', mode === 'banner');
  }

  /**
   * Reads the client's request and answers in its protocol: a TLS ClientHello (then again inside),
   * a nonce line, SIP, STUN. A client silent for `sniffMs` (or a port whose client waits for the
   * server) gets the greeting, and may still send a nonce line.
   */
  private converse(conn: Conn, stream: Duplex, layer: 'tcp' | 'tls', greetFirst: boolean): void {
    let buffered: Buffer = Buffer.alloc(0);
    let greeted = false;
    let decided = false;
    const greet = () => {
      if (greeted || decided) return;
      greeted = true;
      stream.write(GREETING);
    };
    if (greetFirst) greet();
    const sniff = setTimeout(() => {
      if (buffered.length === 0) greet();
    }, this.o.sniffMs);
    const rearmIdle = () => {
      if (conn.idle) clearTimeout(conn.idle);
      conn.idle = setTimeout(() => conn.cut('idle'), this.o.idleMs);
    };
    const finish = () => {
      decided = true;
      clearTimeout(sniff);
      if (conn.idle) clearTimeout(conn.idle);
      stream.removeListener('data', onData);
    };
    const answer = (bytes: string | Buffer, kind: Answer, proved: boolean) => {
      finish();
      conn.answered(kind, proved);
      stream.end(bytes);
      stream.resume();
    };
    const onData = (chunk: Buffer) => {
      if (decided) return;
      conn.bytes += chunk.length;
      if (conn.bytes > this.o.maxBytes) {
        finish();
        return conn.cut('byte-cap');
      }
      rearmIdle();
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      const first = buffered[0]!;
      if (layer === 'tcp' && first === 0x16 && !greeted && this.secureContext) {
        finish();
        stream.pause();
        stream.unshift(buffered);
        const tls = new TLSSocket(conn.raw, { isServer: true, secureContext: this.secureContext });
        tls.on('error', () => conn.raw.destroy());
        tls.once('secure', () => {
          this.options.onHit?.({ transport: 'tcp', port: conn.port, peer: conn.peer, answer: 'tls' });
          this.converse(conn, tls, 'tls', false);
        });
        return;
      }
      const nonce = readNonceLine(buffered);
      if (nonce === 'incomplete') return;
      if (nonce !== undefined) {
        const proof = proofFor(this.options.token, nonce, `banner/${layer}`, conn.port);
        return answer(proofLine(proof), 'proof', true);
      }
      if (looksLikeSipRequest(buffered)) {
        const head = readHead(buffered.toString('latin1'));
        if (head === 'incomplete') return;
        let proved = false;
        const prove = this.prove(`sip/${layer}`, conn.port);
        const text = head
          ? sipAnswer(head, (n) => {
              const p = prove(n);
              proved = p !== undefined;
              return p;
            })
          : undefined;
        return answer(text ?? GREETING, text ? 'sip' : 'greeting', proved);
      }
      if ((first === 0x00 || first === 0x01) && buffered.length >= 4) {
        const n = stunFrameLength(buffered)!;
        if (buffered.length < n && n <= 2048) return;
        const frame = buffered.subarray(0, n);
        const proof =
          buffered.length >= n ? this.prove(`stun/${layer}`, conn.port)(stunNonce(frame)) : undefined;
        const reply = buffered.length >= n ? stunAnswer(frame, stunSoftwareFor(proof)) : undefined;
        return reply ? answer(reply, 'stun', proof !== undefined) : answer(GREETING, 'greeting', false);
      }
      // A SIP method may still be arriving.
      if (buffered.length < 16 && buffered.every((b) => b >= 0x41 && b <= 0x5a)) return;
      answer(GREETING, 'greeting', false);
    };
    stream.on('data', onData);
    stream.once('close', () => clearTimeout(sniff));
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

interface Conn {
  readonly raw: Socket;
  readonly port: number;
  readonly peer: string;
  bytes: number;
  idle: ReturnType<typeof setTimeout> | undefined;
  readonly cut: (reason: TcpDrop) => void;
  readonly answered: (answer: Answer, proved: boolean) => void;
}

function describeBindError(err: NodeJS.ErrnoException): string {
  if (err.code === 'EADDRINUSE') return 'in use by another program';
  if (err.code === 'EACCES') return 'needs root (a port below 1024)';
  if (err.code === 'EADDRNOTAVAIL') return 'the address is not on this machine';
  return err.code ?? err.message;
}
