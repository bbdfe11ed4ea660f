import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The proof that `sfbports listen` answered, and not an impostor that once saw one of its answers.
 *
 * `check --token T` puts a fresh random nonce in its request; `listen --token T` answers
 * HMAC-SHA256(key = T, message = label, port and nonce), truncated to 128 bits. The token itself
 * never goes on the wire, in either direction, so a recorded answer proves nothing for the next
 * nonce. What it proves: a holder of the token computed this answer for this request, on this
 * port, in this protocol, after the request was sent. What it cannot rule out: a relay that forwards
 * the request live to the real listener somewhere else (no challenge-response can).
 */

/** Which exchange the proof answers; both sides must agree, so it names protocol and transport. */
export type ProofLabel =
  | 'banner/tcp'
  | 'banner/tls'
  | 'banner/udp'
  | 'sip/tcp'
  | 'sip/tls'
  | 'sip/udp'
  | 'stun/tcp'
  | 'stun/tls'
  | 'stun/udp'
  | 'sql-browser/udp';

/** 128 random bits, hex: what `check` puts in each request. */
export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

/** A nonce as the listener accepts it: 16 to 128 printable characters without spaces or separators. */
export const NONCE_PATTERN = /^[0-9A-Za-z+/=_.-]{16,128}$/;

export function isNonce(text: string): boolean {
  return NONCE_PATTERN.test(text);
}

/** The 32 hex characters of the proof. */
export function proofFor(token: string, nonce: string, label: ProofLabel, port: number): string {
  return createHmac('sha256', token)
    .update(`sfbports-proof\n${label}\n${port}\n${nonce}`)
    .digest()
    .subarray(0, 16)
    .toString('hex');
}

/** Compares a proof that came off the wire with the one expected, in constant time. */
export function proofMatches(
  seen: string | undefined,
  token: string,
  nonce: string,
  label: ProofLabel,
  port: number,
): boolean {
  if (seen === undefined || !/^[0-9a-f]{32}$/.test(seen)) return false;
  const wanted = Buffer.from(proofFor(token, nonce, label, port), 'latin1');
  return timingSafeEqual(Buffer.from(seen, 'latin1'), wanted);
}

/**
 * The line exchange of plain TCP, TLS and unknown UDP: `check` writes `SFBPORTS-NONCE <nonce>`,
 * `listen` answers `SFBPORTS-PROOF <proof>`. `listen` greets a silent client with `SFBPORTS listen`
 * (no secret in it) so that a person with `nc` sees who answered.
 */
export const GREETING = 'SFBPORTS listen\r\n';
export const NONCE_PREFIX = 'SFBPORTS-NONCE ';
export const PROOF_PREFIX = 'SFBPORTS-PROOF ';

export function nonceLine(nonce: string): string {
  return `${NONCE_PREFIX}${nonce}\r\n`;
}

export function proofLine(proof: string): string {
  return `${PROOF_PREFIX}${proof}\r\n`;
}

/**
 * Reads a nonce line at the start of `bytes`: the nonce, 'incomplete' while the line may still be
 * arriving, or undefined when the bytes are something else. Never throws.
 */
export function readNonceLine(bytes: Uint8Array): string | 'incomplete' | undefined {
  const n = Math.min(bytes.length, NONCE_PREFIX.length);
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, n).toString('latin1');
  if (head !== NONCE_PREFIX.slice(0, n)) return undefined;
  const scan = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 256)).toString('latin1');
  const end = scan.indexOf('\n');
  if (end < 0) return bytes.length >= 256 ? undefined : 'incomplete';
  const nonce = scan.slice(NONCE_PREFIX.length, end).replace(/\r$/, '');
  return isNonce(nonce) ? nonce : undefined;
}

/** Finds the proof in the complete lines a listener sent (a greeting may come first); never throws. */
export function readProofLine(text: string): string | undefined {
  const lines = text.split('\n');
  lines.pop(); // not ended by a newline yet
  for (const line of lines.slice(0, 8)) {
    if (line.startsWith(PROOF_PREFIX)) return line.slice(PROOF_PREFIX.length).replace(/\r$/, '');
  }
  return undefined;
}
