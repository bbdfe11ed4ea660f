import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import { roundTripSince } from './clock.js';
import { isLocalError, localErrorOutcome } from './local-error.js';
import { newNonce, type ProofLabel, proofMatches } from './proof.js';
import { enumerateRequest, paddedEnumerateRequest, parseReply as parseSqlReply } from './sql-browser.js';
import {
  bindingRequest,
  msTurnAllocateRequest,
  readReply,
  type StunReply,
  stunFrameLength,
  stunNonce,
} from './stun.js';
import { connectTcp, printable, readUntil } from './tcp.js';
import type { ProbeContext, ProbeDetail, ProbeOutcome, ProbeTarget } from './types.js';

/** The SOFTWARE value our responder puts in STUN answers: the proof on the transaction id, or nothing. */
export function stunSoftwareFor(proof: string | undefined): string {
  return proof === undefined ? 'sfbports-listen' : `sfbports-listen ${proof}`;
}

/** The proof in the SOFTWARE of a STUN answer, if it is ours. */
function stunProof(software: string | undefined): string | undefined {
  return software?.startsWith('sfbports-listen ') ? software.slice('sfbports-listen '.length) : undefined;
}

type Exchange =
  | { readonly kind: 'reply'; readonly bytes: Buffer; readonly rttMs: number }
  /** ICMP port unreachable: nothing listens there. */
  | { readonly kind: 'refused'; readonly rttMs: number }
  /** Another ICMP destination unreachable (administratively prohibited, …): a firewall answered. */
  | { readonly kind: 'unreachable'; readonly rttMs: number; readonly code: string }
  /** This machine could not send (no descriptor, a local firewall): nothing is known of the port. */
  | { readonly kind: 'local'; readonly code: string }
  | { readonly kind: 'silent' };

/**
 * How Linux hands an ICMP destination unreachable to a connected UDP socket (icmp_err_convert), and
 * nmap's -sU reading of it: type 3 code 3 (port unreachable) is ECONNREFUSED, `closed`; the codes
 * that nmap reads as `filtered` arrive as these errors: 2 protocol unreachable (ENOPROTOOPT),
 * 9 and 10 network and host administratively prohibited (ENETUNREACH, EHOSTUNREACH), 13
 * communication administratively prohibited (EHOSTUNREACH), 6, 7 and 8 unknown or isolated networks
 * and hosts; over IPv6, administratively prohibited and policy failures are EACCES.
 * Codes 0 and 1 (network and host unreachable, what `reject with icmp type host-unreachable` sends)
 * are "soft" errors that Linux only reports to a socket with IP_RECVERR, which Node cannot set: they
 * arrive as silence, so such a port is `open|filtered` where nmap, reading raw ICMP, says `filtered`.
 */
const ICMP_UNREACHABLE = new Set([
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EACCES',
  'ENOPROTOOPT',
  'EHOSTDOWN',
  'ENONET',
]);

/**
 * Sends datagrams on a connected UDP socket and waits for the first answer. Connecting the socket is
 * what lets the kernel hand back ICMP errors: port unreachable as ECONNREFUSED (the only way UDP says
 * closed), the other unreachable codes as the errors above.
 */
export function exchange(
  target: ProbeTarget,
  ctx: ProbeContext,
  payloads: readonly Buffer[],
): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = createSocket(isIP(target.host) === 6 ? 'udp6' : 'udp4');
    let sentAt = performance.now();
    let done = false;
    const finish = (value: Exchange) => {
      if (done) return;
      done = true;
      ctx.signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners('message');
      socket.removeAllListeners('error');
      socket.on('error', () => {});
      try {
        socket.close();
      } catch {
        // already closed by a failed bind or connect
      }
      resolve(value);
    };
    // As for TCP: an answer already queued in this turn's I/O wins over the deadline.
    const onAbort = () => setImmediate(() => finish({ kind: 'silent' }));
    if (ctx.signal.aborted) return finish({ kind: 'silent' });
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    socket.on('message', (bytes) => finish({ kind: 'reply', bytes, rttMs: roundTripSince(sentAt) }));
    // ICMP errors surface on the socket (recvmsg) or on a later send.
    const onError = (err: NodeJS.ErrnoException | null) => {
      if (!err) return;
      if (err.code === 'ECONNREFUSED') finish({ kind: 'refused', rttMs: roundTripSince(sentAt) });
      else if (isLocalError(err.code)) finish({ kind: 'local', code: err.code });
      else if (err.code && ICMP_UNREACHABLE.has(err.code))
        finish({ kind: 'unreachable', rttMs: roundTripSince(sentAt), code: err.code });
      else finish({ kind: 'silent' });
    };
    socket.on('error', onError);
    socket.connect(target.port, target.host, () => {
      sentAt = performance.now();
      ctx.sent?.();
      for (const p of payloads) {
        if (done) break;
        socket.send(p, onError);
      }
    });
  });
}

function silentOrRefused(x: Exchange, what: string): ProbeOutcome | undefined {
  if (x.kind === 'refused') {
    return { state: 'closed', rttMs: x.rttMs, detail: { summary: 'ICMP port unreachable' } };
  }
  if (x.kind === 'unreachable') {
    return {
      state: 'filtered',
      rttMs: x.rttMs,
      detail: { summary: `ICMP unreachable (${x.code}): a firewall answered`, error: x.code },
    };
  }
  if (x.kind === 'silent') return { state: 'open|filtered', detail: { summary: `no ${what} answer` } };
  if (x.kind === 'local') return localErrorOutcome(x.code);
  return undefined;
}

function stunDetail(
  reply: StunReply,
  ctx: ProbeContext,
  detail: ProbeDetail,
  request: Buffer,
  label: ProofLabel,
  port: number,
): void {
  const kind = `${reply.dialect === 'ms-turn' ? 'MS-TURN' : 'STUN'} ${reply.className}`;
  detail.stun = {
    messageType: `0x${reply.type.toString(16).padStart(4, '0')}`,
    ...(reply.software !== undefined && { software: reply.software }),
    ...(reply.errorCode !== undefined && { errorCode: reply.errorCode }),
  };
  detail.summary = `${kind}${reply.errorCode ? ` ${reply.errorCode} ${reply.errorReason ?? ''}`.trimEnd() : ''}${
    reply.software ? ` (${printable(reply.software, 60)})` : ''
  }`;
  if (ctx.token) {
    detail.tokenVerified = proofMatches(
      stunProof(reply.software),
      ctx.token,
      stunNonce(request),
      label,
      port,
    );
    if (!detail.tokenVerified) detail.tokenSeen = printable(reply.software ?? '(no SOFTWARE attribute)');
  }
}

/** Any datagram from the port proves it open; our parsers only add what the answer says. */
function otherReply(bytes: Buffer, rttMs: number, ctx: ProbeContext, what: string): ProbeOutcome {
  const text = bytes.toString('latin1');
  const detail: ProbeDetail = { summary: `answered, but not with ${what}: ${printable(text, 40)}` };
  if (ctx.token) {
    // Nothing here answers our nonce: whatever it says, it proves nothing.
    detail.tokenVerified = false;
    detail.tokenSeen = printable(text);
  }
  return { state: 'open', rttMs, detail };
}

/** `stun` (Binding and MS-TURN Allocate together) and `msturn` (Allocate only), over UDP. */
async function probeStunUdp(
  target: ProbeTarget,
  ctx: ProbeContext,
  msTurnOnly: boolean,
): Promise<ProbeOutcome> {
  const requests = msTurnOnly ? [msTurnAllocateRequest()] : [bindingRequest(), msTurnAllocateRequest()];
  const x = await exchange(target, ctx, requests);
  const early = silentOrRefused(x, 'STUN');
  if (early || x.kind !== 'reply') return early!;
  for (const req of requests) {
    const reply = readReply(x.bytes, req);
    if (reply) {
      const detail: ProbeDetail = {};
      stunDetail(reply, ctx, detail, req, 'stun/udp', target.port);
      return { state: 'open', rttMs: x.rttMs, detail };
    }
  }
  return otherReply(x.bytes, x.rttMs, ctx, 'STUN');
}

/** STUN over TCP: one Binding (or Allocate) on the stream, framed by the STUN length field. */
async function probeStunTcp(
  target: ProbeTarget,
  ctx: ProbeContext,
  msTurnOnly: boolean,
): Promise<ProbeOutcome> {
  const r = await connectTcp(target, ctx);
  if ('outcome' in r) return r.outcome;
  ctx.answered?.(r.rttMs);
  r.socket.on('error', () => {});
  const request = msTurnOnly ? msTurnAllocateRequest() : bindingRequest();
  try {
    r.socket.write(request);
    const { bytes } = await readUntil(r.socket, ctx.signal, (b) => {
      const n = stunFrameLength(b);
      return n !== undefined && (b.length >= n || n > 4096);
    });
    const n = stunFrameLength(bytes);
    const reply = n !== undefined ? readReply(bytes.subarray(0, n), request) : undefined;
    const detail: ProbeDetail = {};
    if (reply) stunDetail(reply, ctx, detail, request, 'stun/tcp', target.port);
    else {
      detail.summary = bytes.length
        ? `connected; not a STUN answer: ${printable(bytes.toString('latin1'), 40)}`
        : 'connected; no STUN answer';
      if (ctx.token) {
        detail.tokenVerified = false;
        detail.tokenSeen = printable(bytes.toString('latin1')) || '(nothing before the timeout)';
      }
    }
    return { state: 'open', rttMs: r.rttMs, detail };
  } finally {
    r.socket.destroy();
  }
}

export function probeStun(target: ProbeTarget, ctx: ProbeContext): Promise<ProbeOutcome> {
  return target.transport === 'tcp' ? probeStunTcp(target, ctx, false) : probeStunUdp(target, ctx, false);
}

export function probeMsTurn(target: ProbeTarget, ctx: ProbeContext): Promise<ProbeOutcome> {
  return target.transport === 'tcp' ? probeStunTcp(target, ctx, true) : probeStunUdp(target, ctx, true);
}

/** SQL Server Browser: CLNT_UCAST_EX, and the instance list of the SVR_RESP answer. */
export async function probeSqlBrowser(target: ProbeTarget, ctx: ProbeContext): Promise<ProbeOutcome> {
  // The one-byte request of the protocol, and a padded one with a nonce for our responder.
  const nonce = newNonce();
  const x = await exchange(target, ctx, [enumerateRequest(), paddedEnumerateRequest(nonce)]);
  const early = silentOrRefused(x, 'SQL Browser');
  if (early || x.kind !== 'reply') return early!;
  const reply = parseSqlReply(x.bytes);
  if (!reply) return otherReply(x.bytes, x.rttMs, ctx, 'SVR_RESP');
  const names = reply.instances.map((i) => `${i.instanceName ?? '?'}${i.tcpPort ? ` tcp ${i.tcpPort}` : ''}`);
  const detail: ProbeDetail = {
    summary: `SQL Browser: ${reply.instances.length} instance(s)${names.length ? `: ${names.join(', ')}` : ''}`,
    sqlBrowser: { instances: printable(reply.text, 200) },
  };
  if (ctx.token) {
    const token = ctx.token;
    detail.tokenVerified = reply.instances.some((i) =>
      proofMatches(
        i.version?.startsWith('sfbports ') ? i.version.slice('sfbports '.length) : undefined,
        token,
        nonce,
        'sql-browser/udp',
        target.port,
      ),
    );
    if (!detail.tokenVerified) detail.tokenSeen = printable(reply.text);
  }
  return { state: 'open', rttMs: x.rttMs, detail };
}

/**
 * Any other UDP port (media, DHCP): a STUN Binding is what a media port is most likely to answer,
 * and any datagram back, whatever it says, proves the port open.
 */
export async function probeUdp(target: ProbeTarget, ctx: ProbeContext): Promise<ProbeOutcome> {
  const request = bindingRequest();
  const x = await exchange(target, ctx, [request]);
  const early = silentOrRefused(x, 'UDP');
  if (early || x.kind !== 'reply') return early!;
  const reply = readReply(x.bytes, request);
  if (!reply) return otherReply(x.bytes, x.rttMs, ctx, 'STUN');
  const detail: ProbeDetail = {};
  stunDetail(reply, ctx, detail, request, 'stun/udp', target.port);
  return { state: 'open', rttMs: x.rttMs, detail };
}
