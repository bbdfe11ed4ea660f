import { Socket } from 'node:net';
import { safeText } from '../text/escape.js';
import { roundTripSince } from './clock.js';
import { isLocalError, localErrorOutcome } from './local-error.js';
import type { ProofLabel } from './proof.js';
import type { ProbeContext, ProbeDetail, ProbeOutcome, ProbeTarget } from './types.js';

export type Connected = { readonly socket: Socket; readonly rttMs: number };
export type NotConnected = { readonly outcome: ProbeOutcome };

/**
 * Errors that mean a router or firewall answered for the host: nmap reports those ports as filtered.
 * EPERM and EADDRNOTAVAIL come from this machine, not the path (see local-error.ts).
 */
const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EACCES']);

/**
 * A TCP handshake as nmap's connect scan reads it: completed → open, RST → closed, an ICMP
 * unreachable or silence → filtered. The socket is destroyed on every path except success.
 */
export function connectTcp(target: ProbeTarget, ctx: ProbeContext): Promise<Connected | NotConnected> {
  return new Promise((resolve) => {
    // The clock starts when connect() is called, not when the probe was launched (Node calls it on the
    // next tick, after the scheduler has launched the rest of its burst).
    let sentAt = performance.now();
    const socket = new Socket();
    let done = false;
    const finish = (value: Connected | NotConnected) => {
      if (done) return;
      done = true;
      ctx.signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners('connect');
      if ('outcome' in value) {
        socket.removeAllListeners('error');
        socket.on('error', () => {});
        socket.destroy();
      }
      resolve(value);
    };
    // The deadline fires in the timers phase, before this turn's I/O callbacks: let a handshake that
    // the kernel already completed be seen before calling the port filtered.
    const onAbort = () =>
      setImmediate(() => finish({ outcome: { state: 'filtered', detail: { summary: 'no answer' } } }));
    if (ctx.signal.aborted)
      return finish({ outcome: { state: 'filtered', detail: { summary: 'no answer' } } });
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connectionAttempt', () => {
      sentAt = performance.now();
      ctx.sent?.();
    });
    socket.once('connect', () => {
      const rttMs = roundTripSince(sentAt);
      // Connecting to a free port of this very machine inside the ephemeral range can hand the socket
      // that port as its own source: TCP simultaneous open then "connects" it to itself. Nothing
      // listens there, so it is closed (Go's net package guards against the same trap).
      if (isSelfConnect(socket)) {
        finish({
          outcome: { state: 'closed', rttMs, detail: { summary: 'nothing listening (self-connect)' } },
        });
      } else finish({ socket, rttMs });
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const rttMs = roundTripSince(sentAt);
      if (err.code === 'ECONNREFUSED') {
        finish({ outcome: { state: 'closed', rttMs, detail: { summary: 'connection refused (RST)' } } });
      } else if (isLocalError(err.code)) {
        finish({ outcome: localErrorOutcome(err.code) });
      } else if (err.code && UNREACHABLE.has(err.code)) {
        finish({
          outcome: {
            state: 'filtered',
            rttMs,
            detail: { summary: `unreachable (${err.code})`, error: err.code },
          },
        });
      } else {
        finish({
          outcome: { state: 'filtered', detail: { summary: 'no answer', error: err.code ?? err.message } },
        });
      }
    });
    socket.connect({ host: target.host, port: target.port });
  });
}

/** True when the kernel connected the socket to itself (same address and port at both ends). */
export function isSelfConnect(socket: Socket): boolean {
  return socket.localPort === socket.remotePort && socket.localAddress === socket.remoteAddress;
}

/**
 * Reads from a stream until `complete` says the bytes so far are enough (or never can be), the peer
 * closes, `limit` bytes arrive, or the signal aborts. Listeners are removed on every path.
 */
export function readUntil(
  stream: NodeJS.ReadableStream & { destroyed?: boolean },
  signal: AbortSignal,
  complete: (received: Buffer) => boolean,
  limit = 64 * 1024,
): Promise<{ bytes: Buffer; ended: 'complete' | 'closed' | 'aborted' | 'limit' }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (ended: 'complete' | 'closed' | 'aborted' | 'limit') => {
      if (done) return;
      done = true;
      stream.removeListener('data', onData);
      stream.removeListener('end', onClose);
      stream.removeListener('close', onClose);
      stream.removeListener('error', onClose);
      signal.removeEventListener('abort', onAbort);
      resolve({ bytes: Buffer.concat(chunks), ended });
    };
    const onData = (chunk: Buffer | string) => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(b);
      size += b.length;
      const all = Buffer.concat(chunks);
      if (complete(all)) finish('complete');
      else if (size >= limit) finish('limit');
    };
    const onClose = () => finish('closed');
    const onAbort = () => finish('aborted');
    if (signal.aborted) return finish('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
    stream.on('data', onData);
    stream.on('end', onClose);
    stream.on('close', onClose);
    stream.on('error', onClose);
    if (stream.destroyed) finish('closed');
  });
}

/**
 * Asks our listener to prove itself: writes `SFBPORTS-NONCE <fresh nonce>` and looks for
 * `SFBPORTS-PROOF <HMAC>` among the first lines (a greeting may come first). Fills tokenVerified /
 * tokenSeen. The token is never written.
 */
export async function verifyProof(
  stream: NodeJS.ReadableStream & NodeJS.WritableStream & { destroyed?: boolean },
  ctx: ProbeContext,
  detail: ProbeDetail,
  label: ProofLabel,
  port: number,
): Promise<void> {
  if (!ctx.token) return;
  // node:crypto loads with the first proof: a check without --token never needs it.
  const { newNonce, nonceLine, proofMatches, readProofLine } = await import('./proof.js');
  const nonce = newNonce();
  stream.write(nonceLine(nonce));
  const { bytes } = await readUntil(
    stream,
    ctx.signal,
    (b) => readProofLine(b.toString('latin1')) !== undefined,
    1024,
  );
  const text = bytes.toString('latin1');
  detail.tokenVerified = proofMatches(readProofLine(text), ctx.token, nonce, label, port);
  if (!detail.tokenVerified) detail.tokenSeen = printable(text) || '(nothing before the timeout)';
}

/**
 * Shows what a peer sent on one line, without letting control bytes into a terminal or a report:
 * line breaks become spaces, every other control a visible escape (safeText), cut after `max`.
 */
export function printable(text: string, max = 80): string {
  const clean = text
    .replace(/[\r\n]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  return safeText(clean, { max: max + 1 });
}

/** The `tcp` probe: a connect, and with a token, our listener's proof. */
export async function probeTcp(target: ProbeTarget, ctx: ProbeContext): Promise<ProbeOutcome> {
  const r = await connectTcp(target, ctx);
  if ('outcome' in r) return r.outcome;
  ctx.answered?.(r.rttMs);
  const detail: ProbeDetail = { summary: 'connection accepted' };
  try {
    r.socket.on('error', () => {});
    await verifyProof(r.socket, ctx, detail, 'banner/tcp', target.port);
  } finally {
    r.socket.destroy();
  }
  return { state: 'open', rttMs: r.rttMs, detail };
}
