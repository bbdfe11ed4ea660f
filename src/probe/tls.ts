import { isIP } from 'node:net';
import {
  checkServerIdentity,
  type DetailedPeerCertificate,
  type TLSSocket,
  connect as tlsConnect,
} from 'node:tls';
import { connectTcp, printable, verifyProof } from './tcp.js';
import type { ProbeContext, ProbeDetail, ProbeOutcome, ProbeTarget, TlsFacts } from './types.js';

/**
 * Opens TLS over an already connected socket and describes what the server presented. The chain is
 * not rejected (an internal CA is normal on Skype for Business servers); whether it is trusted and
 * whether it names the expected FQDN are reported instead.
 */
export function startTls(
  socket: import('node:net').Socket,
  target: ProbeTarget,
  signal: AbortSignal,
): Promise<{ tls: TLSSocket; facts: TlsFacts } | { error: string }> {
  return new Promise((resolve) => {
    const expectedName = target.serverName ?? target.host;
    const tls = tlsConnect({
      socket,
      rejectUnauthorized: false,
      ...(isIP(expectedName) === 0 && { servername: expectedName }),
    });
    let done = false;
    const finish = (value: { tls: TLSSocket; facts: TlsFacts } | { error: string }) => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      if ('error' in value) tls.destroy();
      resolve(value);
    };
    const onAbort = () => finish({ error: 'no TLS answer before the timeout' });
    signal.addEventListener('abort', onAbort, { once: true });
    tls.on('error', (err: Error) =>
      finish({ error: `TLS handshake failed: ${printable(err.message, 120)}` }),
    );
    tls.once('close', () => finish({ error: 'the peer closed the connection during the TLS handshake' }));
    tls.once('secureConnect', () => {
      try {
        finish({ tls, facts: describe(tls, expectedName) });
      } catch (err) {
        finish({ error: `unreadable certificate: ${printable((err as Error).message, 120)}` });
      }
    });
    if (signal.aborted) onAbort();
  });
}

function describe(tls: TLSSocket, expectedName: string): TlsFacts {
  const leaf = tls.getPeerCertificate(true) as DetailedPeerCertificate;
  const chain: string[] = [];
  const seen = new Set<string>();
  let cert: DetailedPeerCertificate | undefined = leaf && Object.keys(leaf).length > 0 ? leaf : undefined;
  // The issuer link of a self-signed certificate points back to itself; the fingerprint ends the walk.
  while (cert && !seen.has(cert.fingerprint256) && chain.length < 10) {
    seen.add(cert.fingerprint256);
    chain.push(distinguishedName(cert.subject));
    cert = cert.issuerCertificate;
  }
  const validTo = leaf?.valid_to ?? '';
  const sans = (leaf?.subjectaltname ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const identityError = leaf?.raw ? checkServerIdentity(expectedName, leaf) : new Error('no certificate');
  const authError = tls.authorizationError;
  return {
    protocol: tls.getProtocol() ?? 'unknown',
    cipher: tls.getCipher()?.name ?? 'unknown',
    subject: distinguishedName(leaf?.subject),
    subjectAltNames: sans,
    issuer: distinguishedName(leaf?.issuer),
    validFrom: leaf?.valid_from ?? '',
    validTo,
    expired: validTo !== '' && Date.parse(validTo) < Date.now(),
    nameMatches: identityError === undefined,
    expectedName,
    chain,
    trusted: tls.authorized,
    ...(authError && { trustError: String(authError) }),
  };
}

function distinguishedName(subject: object | undefined): string {
  if (!subject) return '';
  return Object.entries(subject)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join(', ');
}

export function tlsSummary(f: TlsFacts): string {
  const name = f.nameMatches ? `names ${f.expectedName}` : `does NOT name ${f.expectedName}`;
  const expiry = f.expired ? `EXPIRED ${f.validTo}` : `valid to ${f.validTo}`;
  return `${f.protocol}, certificate ${f.subject || '(no subject)'} ${name}, ${expiry}${f.trusted ? '' : ', untrusted chain'}`;
}

/** The `tls` probe: a handshake, the certificate facts, and with a token, our listener's proof. */
export async function probeTls(target: ProbeTarget, ctx: ProbeContext): Promise<ProbeOutcome> {
  const r = await connectTcp(target, ctx);
  if ('outcome' in r) return r.outcome;
  ctx.answered?.(r.rttMs);
  const detail: ProbeDetail = {};
  r.socket.on('error', () => {});
  const t = await startTls(r.socket, target, ctx.signal);
  try {
    if ('error' in t) {
      detail.summary = t.error;
      detail.error = t.error;
      if (ctx.token) detail.tokenVerified = false;
    } else {
      detail.tls = t.facts;
      detail.summary = tlsSummary(t.facts);
      await verifyProof(t.tls, ctx, detail, 'banner/tls', target.port);
    }
  } finally {
    if (!('error' in t)) t.tls.destroy();
    r.socket.destroy();
  }
  return { state: 'open', rttMs: r.rttMs, detail };
}
