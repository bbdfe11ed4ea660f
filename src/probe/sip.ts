import { randomBytes } from 'node:crypto';

/**
 * SIP OPTIONS, the "ping" every SIP server answers (Front End, Director, Edge, Mediation and most
 * gateways): the status line proves a SIP stack listens, and the Server header says which one.
 */

const MAX_HEADER_BYTES = 16 * 1024;

export interface SipRequestOptions {
  readonly host: string;
  readonly port: number;
  readonly transport: 'TCP' | 'TLS' | 'UDP';
  readonly localAddress?: string;
  readonly localPort?: number;
  /** A fresh nonce for our responder to prove itself on (X-Sfbports-Nonce); other servers ignore it. */
  readonly nonce?: string;
}

export const NONCE_HEADER = 'X-Sfbports-Nonce';
export const PROOF_HEADER = 'X-Sfbports-Proof';

export function optionsRequest(o: SipRequestOptions): string {
  const id = randomBytes(8).toString('hex');
  const uriHost = o.host.includes(':') ? `[${o.host}]` : o.host;
  const local = o.localAddress
    ? o.localAddress.includes(':')
      ? `[${o.localAddress}]`
      : o.localAddress
    : uriHost;
  const via = `${local}:${o.localPort ?? 5060}`;
  const t = o.transport.toLowerCase();
  return [
    `OPTIONS sip:${uriHost}:${o.port};transport=${t} SIP/2.0`,
    `Via: SIP/2.0/${o.transport} ${via};branch=z9hG4bK${id};rport`,
    'Max-Forwards: 70',
    `From: <sip:sfbports@${local}>;tag=${id.slice(0, 8)}`,
    `To: <sip:${uriHost}>`,
    `Call-ID: ${id}@sfbports`,
    'CSeq: 1 OPTIONS',
    `Contact: <sip:sfbports@${via};transport=${t}>`,
    'User-Agent: sfbports',
    'Accept: application/sdp',
    ...(o.nonce !== undefined ? [`${NONCE_HEADER}: ${o.nonce}`] : []),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

export interface SipMessageHead {
  readonly startLine: string;
  /** Header names lower-cased; repeated headers keep the first value. */
  readonly headers: ReadonlyMap<string, string>;
}

export interface SipStatus {
  readonly statusCode: number;
  readonly reason: string;
  readonly server?: string;
  /** X-Sfbports-Proof: our responder's answer to the nonce of the request. */
  readonly proof?: string;
}

/**
 * Splits a message head once the blank line has arrived: 'incomplete' while more bytes may complete
 * it, undefined when the text cannot be a SIP message (binary, no CRLF in 16 KiB). Never throws.
 */
export function readHead(text: string): SipMessageHead | 'incomplete' | undefined {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return text.length > MAX_HEADER_BYTES ? undefined : 'incomplete';
  const lines = text.slice(0, end).split('\r\n');
  const startLine = lines[0] ?? '';
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { startLine, headers };
}

/** "SIP/2.0 200 OK" → { statusCode: 200, reason: "OK" }; undefined for anything that is not a status line. */
export function parseStatusLine(line: string): { statusCode: number; reason: string } | undefined {
  const m = /^SIP\/2\.0 ([1-6]\d\d)(?: (.*))?$/.exec(line);
  if (!m) return undefined;
  return { statusCode: Number(m[1]), reason: (m[2] ?? '').trim() };
}

/** A SIP response, from the bytes received so far. */
export function parseResponse(text: string): SipStatus | 'incomplete' | undefined {
  const head = readHead(text);
  if (head === undefined || head === 'incomplete') {
    // A status line alone already proves a SIP peer, even when the rest never comes.
    return head;
  }
  const status = parseStatusLine(head.startLine);
  if (!status) return undefined;
  const server = head.headers.get('server') ?? head.headers.get('user-agent');
  const proof = head.headers.get(PROOF_HEADER.toLowerCase());
  return { ...status, ...(server !== undefined && { server }), ...(proof !== undefined && { proof }) };
}

/** "OPTIONS sip:x SIP/2.0" → "OPTIONS"; undefined when the line is not a request line. */
export function requestMethod(line: string): string | undefined {
  const m = /^([A-Z]{3,16}) \S+ SIP\/2\.0$/.exec(line);
  return m?.[1];
}

/**
 * Our responder's answer: 200 for OPTIONS, 501 for anything else. When the request carries a nonce,
 * `prove` turns it into the X-Sfbports-Proof header; the token itself is never in the answer.
 */
export function answerRequest(
  head: SipMessageHead,
  prove: (nonce: string) => string | undefined,
): string | undefined {
  const method = requestMethod(head.startLine);
  if (!method) return undefined;
  const h = head.headers;
  const nonce = h.get(NONCE_HEADER.toLowerCase());
  const proof = nonce !== undefined ? prove(nonce) : undefined;
  // Echoed headers are cut short: a hostile request must not make the answer large.
  const echo = (v: string | undefined) => (v ?? '').slice(0, 512);
  const to = h.get('to') ?? h.get('t') ?? '<sip:sfbports>';
  const lines = [
    method === 'OPTIONS' ? 'SIP/2.0 200 OK' : 'SIP/2.0 501 Not Implemented',
    `Via: ${echo(h.get('via') ?? h.get('v'))}`,
    `From: ${echo(h.get('from') ?? h.get('f'))}`,
    `To: ${echo(to.includes('tag=') ? to : `${to};tag=sfbports`)}`,
    `Call-ID: ${echo(h.get('call-id') ?? h.get('i'))}`,
    `CSeq: ${echo(h.get('cseq') ?? `1 ${method}`)}`,
    'Server: sfbports-listen',
    ...(proof !== undefined ? [`${PROOF_HEADER}: ${proof}`] : []),
    'Allow: OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ];
  return lines.join('\r\n');
}

/** First bytes that look like a SIP request line, so a responder can tell SIP from TLS and STUN. */
export function looksLikeSipRequest(bytes: Uint8Array): boolean {
  const start = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 16)).toString(
    'latin1',
  );
  return /^(OPTIONS|INVITE|REGISTER|SUBSCRIBE|NOTIFY|MESSAGE|INFO|BYE|ACK|CANCEL|PRACK|UPDATE|REFER|SERVICE|NEGOTIATE|PUBLISH) /.test(
    start,
  );
}
