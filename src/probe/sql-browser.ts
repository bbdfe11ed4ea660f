/**
 * The SQL Server Resolution Protocol ([MC-SQLR]) spoken on UDP 1434 by the SQL Server Browser: the
 * only UDP service a Skype for Business back end exposes, and one that answers a one-byte question, so
 * a probe can tell "open" from "open|filtered".
 */

export const CLNT_UCAST_EX = 0x03;
export const CLNT_UCAST_INST = 0x04;
export const SVR_RESP = 0x05;

/** Asks for every instance on the server: the one byte of [MC-SQLR] 2.2.2. */
export function enumerateRequest(): Buffer {
  return Buffer.from([CLNT_UCAST_EX]);
}

/** Size of our padded request: more than our responder's SVR_RESP, which never exceeds what arrived. */
export const PADDED_REQUEST_BYTES = 160;

/**
 * CLNT_UCAST_EX followed by `SFBPORTS-NONCE <nonce>` and zero padding, for our responder: it answers
 * no datagram with more bytes than the datagram, and proves itself on the nonce. [MC-SQLR] defines
 * the request as one byte and says nothing of trailing bytes, so `check` sends the one-byte form too:
 * a real SQL Browser that insists on it still answers.
 */
export function paddedEnumerateRequest(nonce: string): Buffer {
  const out = Buffer.alloc(PADDED_REQUEST_BYTES);
  out[0] = CLNT_UCAST_EX;
  out.write(`SFBPORTS-NONCE ${nonce}`.slice(0, PADDED_REQUEST_BYTES - 2), 1, 'latin1');
  return out;
}

/** The nonce after a CLNT_UCAST_EX, or undefined. Never throws. */
export function requestNonce(bytes: Uint8Array): string | undefined {
  if (bytes.length < 2) return undefined;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + 1, Math.min(bytes.length - 1, 200)).toString(
    'latin1',
  );
  const m = /^SFBPORTS-NONCE ([0-9A-Za-z+/=_.-]{16,128})(?:\0|$)/.exec(text);
  return m?.[1];
}

/** Asks for one named instance (the protocol caps the name at 32 bytes plus a terminating zero). */
export function instanceRequest(instance: string): Buffer {
  const name = Buffer.from(instance, 'latin1').subarray(0, 32);
  return Buffer.concat([Buffer.from([CLNT_UCAST_INST]), name, Buffer.from([0])]);
}

export interface SqlInstance {
  readonly serverName?: string;
  readonly instanceName?: string;
  readonly version?: string;
  readonly tcpPort?: number;
  readonly [key: string]: string | number | undefined;
}

export interface SqlBrowserReply {
  readonly text: string;
  readonly instances: readonly SqlInstance[];
}

/**
 * Reads SVR_RESP: 0x05, a little-endian length, then "key;value;…;;" records. Undefined for anything
 * else (wrong first byte, a length that overruns the datagram). Never throws.
 */
export function parseReply(bytes: Uint8Array): SqlBrowserReply | undefined {
  if (bytes.length < 3 || bytes[0] !== SVR_RESP) return undefined;
  const size = bytes[1]! | (bytes[2]! << 8);
  if (size === 0 || 3 + size > bytes.length) return undefined;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + 3, size).toString('latin1');
  const instances: SqlInstance[] = [];
  for (const record of text.split(';;')) {
    if (record.trim() === '') continue;
    const fields = record.split(';');
    const inst: Record<string, string | number | undefined> = {};
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const key = fields[i]!;
      const value = fields[i + 1]!;
      if (key === 'ServerName') inst.serverName = value;
      else if (key === 'InstanceName') inst.instanceName = value;
      else if (key === 'Version') inst.version = value;
      else if (key === 'tcp' && /^\d{1,5}$/.test(value)) inst.tcpPort = Number(value);
      else if (key !== '') inst[key] = value;
    }
    instances.push(inst as SqlInstance);
  }
  return { text, instances };
}

/** Our responder's SVR_RESP: one pretend instance whose version carries the proof (or just "sfbports"). */
export function encodeReply(serverName: string, proof: string | undefined): Buffer {
  const version = proof === undefined ? 'sfbports' : `sfbports ${proof}`;
  const text = `ServerName;${serverName};InstanceName;SFBPORTS;IsClustered;No;Version;${version};tcp;1433;;`;
  const body = Buffer.from(text.slice(0, 1000), 'latin1');
  const head = Buffer.from([SVR_RESP, body.length & 0xff, body.length >> 8]);
  return Buffer.concat([head, body]);
}

/**
 * True for the two request forms a client sends (and CLNT_BCAST_EX 0x02, harmless to answer: the
 * responder never answers with more bytes than arrived, so a one-byte request gets nothing).
 */
export function isRequest(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 1 && bytes.length <= 1024 && (bytes[0] === 0x02 || bytes[0] === 0x03 || bytes[0] === 0x04)
  );
}
