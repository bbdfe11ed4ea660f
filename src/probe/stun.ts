import { randomBytes } from 'node:crypto';

/**
 * The two STUN dialects a Skype for Business deployment meets: RFC 5389 (coturn, our own responder,
 * ICE connectivity checks) and MS-TURN, the early TURN draft that the A/V Edge speaks. MS-TURN has no
 * magic cookie in the header; it wants a MAGIC-COOKIE attribute first instead, and it answers an
 * Allocate even without credentials (with 401), which is all a port probe needs.
 */

export const RFC5389_COOKIE = 0x2112a442;
export const MSTURN_COOKIE = 0x72c64bc6;

export const ATTR = {
  errorCode: 0x0009,
  magicCookie: 0x000f,
  xorMappedAddress: 0x0020,
  software: 0x8022,
} as const;

export const MESSAGE = {
  bindingRequest: 0x0001,
  bindingSuccess: 0x0101,
  bindingError: 0x0111,
  allocateRequest: 0x0003,
  allocateSuccess: 0x0103,
  allocateError: 0x0113,
} as const;

const HEADER = 20;

export interface StunMessage {
  readonly type: number;
  /** Bytes 4..20 of the header: RFC 5389 cookie + 96-bit id, or MS-TURN's 128-bit id. */
  readonly transactionId: Buffer;
  readonly attributes: ReadonlyArray<{ readonly type: number; readonly value: Buffer }>;
}

export interface StunReply {
  readonly type: number;
  readonly className: 'request' | 'indication' | 'success' | 'error';
  readonly dialect: 'rfc5389' | 'ms-turn';
  readonly software?: string;
  readonly errorCode?: number;
  readonly errorReason?: string;
}

function encodeAttributes(attributes: StunMessage['attributes']): Buffer {
  const parts: Buffer[] = [];
  for (const a of attributes) {
    const head = Buffer.alloc(4);
    head.writeUInt16BE(a.type, 0);
    head.writeUInt16BE(a.value.length, 2);
    const pad = (4 - (a.value.length % 4)) % 4;
    parts.push(head, a.value, Buffer.alloc(pad));
  }
  return Buffer.concat(parts);
}

export function encodeStun(message: StunMessage): Buffer {
  if (message.transactionId.length !== 16) throw new RangeError('a STUN transaction id is 16 bytes here');
  const body = encodeAttributes(message.attributes);
  const head = Buffer.alloc(4);
  head.writeUInt16BE(message.type, 0);
  head.writeUInt16BE(body.length, 2);
  return Buffer.concat([head, message.transactionId, body]);
}

/**
 * The SOFTWARE attribute of our requests, 127 characters (RFC 5389 allows fewer than 128). It pads the
 * request so that our responder, which never answers with more bytes than it received, can answer it
 * (see listen.ts). SOFTWARE is comprehension-optional (0x8022): a server that does not know it ignores
 * it, which PADDING (0x0026, comprehension-required) would not guarantee.
 */
export const REQUEST_SOFTWARE =
  'sfbports check; padded so that answers need not be larger than the request'.padEnd(127, '.');

/** An RFC 5389 Binding request; the first 4 id bytes are the magic cookie, as the RFC requires. */
export function bindingRequest(): Buffer {
  const id = Buffer.concat([cookieBytes(RFC5389_COOKIE), randomBytes(12)]);
  return encodeStun({
    type: MESSAGE.bindingRequest,
    transactionId: id,
    attributes: [{ type: ATTR.software, value: Buffer.from(REQUEST_SOFTWARE, 'latin1') }],
  });
}

/** An MS-TURN Allocate with MAGIC-COOKIE first (and our padding SOFTWARE): the Edge answers it with 401. */
export function msTurnAllocateRequest(): Buffer {
  return encodeStun({
    type: MESSAGE.allocateRequest,
    transactionId: randomBytes(16),
    attributes: [
      { type: ATTR.magicCookie, value: cookieBytes(MSTURN_COOKIE) },
      { type: ATTR.software, value: Buffer.from(REQUEST_SOFTWARE, 'latin1') },
    ],
  });
}

/** The nonce a STUN request carries: its transaction id (96 random bits after the RFC 5389 cookie). */
export function stunNonce(request: Uint8Array): string {
  if (request.byteLength < HEADER) return '';
  return Buffer.from(request.buffer, request.byteOffset + 4, 16).toString('hex');
}

function cookieBytes(cookie: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(cookie, 0);
  return b;
}

/**
 * Decodes a message, or returns undefined for anything that is not well-formed STUN: wrong top bits,
 * a length that disagrees with the datagram, attributes that overrun. Never throws on any input.
 */
export function decodeStun(bytes: Uint8Array): StunMessage | undefined {
  if (bytes.length < HEADER) return undefined;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = buf.readUInt16BE(0);
  if (type & 0xc000) return undefined;
  const length = buf.readUInt16BE(2);
  if (length % 4 !== 0 || HEADER + length !== buf.length) return undefined;
  const attributes: Array<{ type: number; value: Buffer }> = [];
  let off = HEADER;
  while (off < buf.length) {
    if (off + 4 > buf.length) return undefined;
    const attrType = buf.readUInt16BE(off);
    const attrLen = buf.readUInt16BE(off + 2);
    const end = off + 4 + attrLen;
    if (end > buf.length) return undefined;
    attributes.push({ type: attrType, value: Buffer.from(buf.subarray(off + 4, end)) });
    off = end + ((4 - (attrLen % 4)) % 4);
  }
  if (off !== buf.length) return undefined;
  return { type, transactionId: Buffer.from(buf.subarray(4, HEADER)), attributes };
}

/** Size of the STUN message at the start of a TCP stream, or undefined while the header is incomplete. */
export function stunFrameLength(bytes: Uint8Array): number | undefined {
  if (bytes.length < 4) return undefined;
  return HEADER + ((bytes[2]! << 8) | bytes[3]!);
}

const CLASS_NAMES = ['request', 'indication', 'success', 'error'] as const;

/** Reads a reply to one of our requests; undefined when it is not STUN or answers another request. */
export function readReply(bytes: Uint8Array, request: Buffer): StunReply | undefined {
  const msg = decodeStun(bytes);
  if (!msg?.transactionId.equals(request.subarray(4, HEADER))) return undefined;
  // The class bits sit at positions 4 and 8 of the type (RFC 5389 section 6).
  const cls = ((msg.type >> 7) & 0b10) | ((msg.type >> 4) & 0b1);
  const cookie = request.readUInt32BE(4);
  let software: string | undefined;
  let errorCode: number | undefined;
  let errorReason: string | undefined;
  for (const a of msg.attributes) {
    if (a.type === ATTR.software) software = a.value.toString('utf8');
    if (a.type === ATTR.errorCode && a.value.length >= 4) {
      errorCode = (a.value[2]! & 0x07) * 100 + a.value[3]!;
      errorReason = a.value.subarray(4).toString('utf8');
    }
  }
  return {
    type: msg.type,
    className: CLASS_NAMES[cls]!,
    dialect: cookie === RFC5389_COOKIE ? 'rfc5389' : 'ms-turn',
    ...(software !== undefined && { software }),
    ...(errorCode !== undefined && { errorCode, errorReason }),
  };
}

/** Builds our responder's answer: success for Binding, 401 for anything else, SOFTWARE carrying the token. */
export function answerRequest(bytes: Uint8Array, software: string, from?: { address: string; port: number }) {
  const msg = decodeStun(bytes);
  if (!msg) return undefined;
  const cls = ((msg.type >> 7) & 0b10) | ((msg.type >> 4) & 0b1);
  if (cls !== 0) return undefined;
  const method = msg.type & 0x3eef;
  const attributes: Array<{ type: number; value: Buffer }> = [];
  // MS-TURN clients require MAGIC-COOKIE first in every message, answers included.
  const msTurn = msg.attributes[0]?.type === ATTR.magicCookie;
  if (msTurn) attributes.push({ type: ATTR.magicCookie, value: cookieBytes(MSTURN_COOKIE) });
  let type: number;
  if (method === MESSAGE.bindingRequest) {
    type = MESSAGE.bindingSuccess;
    if (from && !msTurn) attributes.push({ type: ATTR.xorMappedAddress, value: xorAddress(from, msg) });
  } else {
    type = method | 0x0110;
    const reason = Buffer.from('Unauthorized', 'utf8');
    attributes.push({ type: ATTR.errorCode, value: Buffer.concat([Buffer.from([0, 0, 4, 1]), reason]) });
  }
  attributes.push({ type: ATTR.software, value: Buffer.from(software, 'utf8') });
  return encodeStun({ type, transactionId: msg.transactionId, attributes });
}

function xorAddress(from: { address: string; port: number }, msg: StunMessage): Buffer {
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(from.address);
  const head = Buffer.alloc(4);
  head.writeUInt16BE(v4 ? 0x01 : 0x02, 0);
  head.writeUInt16BE(from.port ^ (RFC5389_COOKIE >>> 16), 2);
  if (v4) {
    const addr = Buffer.from(v4.slice(1, 5).map(Number));
    return Buffer.concat([head, xor(addr, msg.transactionId.subarray(0, 4))]);
  }
  return Buffer.concat([head, xor(ipv6Bytes(from.address), msg.transactionId)]);
}

function xor(a: Buffer, key: Buffer): Buffer {
  return Buffer.from(a.map((b, i) => b ^ key[i % key.length]!));
}

function ipv6Bytes(address: string): Buffer {
  const [headPart, tailPart] = address.split('::') as [string, string | undefined];
  const head = headPart ? headPart.split(':') : [];
  const tail = tailPart ? tailPart.split(':') : [];
  const groups = [...head, ...Array(Math.max(0, 8 - head.length - tail.length)).fill('0'), ...tail];
  const out = Buffer.alloc(16);
  groups.slice(0, 8).forEach((g, i) => {
    out.writeUInt16BE(Number.parseInt(g, 16) & 0xffff || 0, i * 2);
  });
  return out;
}
