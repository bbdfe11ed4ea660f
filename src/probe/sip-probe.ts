import type { Duplex } from 'node:stream';
import { newNonce, proofMatches } from './proof.js';
import { optionsRequest, parseResponse } from './sip.js';
import { sipIsSecureByDefault } from './sip-ports.js';
import { connectTcp, printable, readUntil } from './tcp.js';
import { startTls, tlsSummary } from './tls.js';
import type { ProbeContext, ProbeDetail, ProbeOutcome, ProbeTarget } from './types.js';

export { sipIsSecureByDefault };

/** The `sip` probe: OPTIONS over TLS (or TCP), and the status line and Server header of the answer. */
export async function probeSip(target: ProbeTarget, ctx: ProbeContext): Promise<ProbeOutcome> {
  const r = await connectTcp(target, ctx);
  if ('outcome' in r) return r.outcome;
  ctx.answered?.(r.rttMs);
  r.socket.on('error', () => {});
  const detail: ProbeDetail = {};
  const secure = target.secure ?? sipIsSecureByDefault(target.port);
  let stream: Duplex = r.socket;
  try {
    if (secure) {
      const t = await startTls(
        r.socket,
        { ...target, serverName: target.serverName ?? target.host },
        ctx.signal,
      );
      if ('error' in t) {
        detail.summary = t.error;
        detail.error = t.error;
        if (ctx.token) detail.tokenVerified = false;
        return { state: 'open', rttMs: r.rttMs, detail };
      }
      detail.tls = t.facts;
      stream = t.tls;
      stream.on('error', () => {});
    }
    const nonce = ctx.token ? newNonce() : undefined;
    stream.write(
      optionsRequest({
        ...(nonce !== undefined && { nonce }),
        host: target.serverName ?? target.host,
        port: target.port,
        transport: secure ? 'TLS' : 'TCP',
        ...(r.socket.localAddress && { localAddress: r.socket.localAddress }),
        ...(r.socket.localPort && { localPort: r.socket.localPort }),
      }),
    );
    const { bytes } = await readUntil(
      stream,
      ctx.signal,
      (b) => parseResponse(b.toString('latin1')) !== 'incomplete',
    );
    const text = bytes.toString('latin1');
    const status = parseResponse(text);
    if (status === undefined || status === 'incomplete') {
      detail.summary = bytes.length === 0 ? 'no SIP answer' : `not a SIP answer: ${printable(text, 60)}`;
      if (ctx.token) {
        detail.tokenVerified = false;
        detail.tokenSeen = printable(text) || '(nothing before the timeout)';
      }
    } else {
      const { proof, ...shown } = status;
      detail.sip = shown;
      const tlsPart = detail.tls ? `; ${tlsSummary(detail.tls)}` : '';
      detail.summary = `SIP/2.0 ${status.statusCode} ${status.reason}${status.server ? ` (${status.server})` : ''}${tlsPart}`;
      if (ctx.token && nonce !== undefined) {
        const label = secure ? 'sip/tls' : 'sip/tcp';
        detail.tokenVerified = proofMatches(proof, ctx.token, nonce, label, target.port);
        if (!detail.tokenVerified)
          detail.tokenSeen = printable(
            proof !== undefined ? `X-Sfbports-Proof: ${proof}` : (status.server ?? '(no Server header)'),
          );
      }
    }
  } finally {
    stream.destroy();
    r.socket.destroy();
  }
  return { state: 'open', rttMs: r.rttMs, detail };
}
