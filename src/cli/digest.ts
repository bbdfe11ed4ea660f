import { createHash } from 'node:crypto';

/** The SHA-256 of `data` in lowercase hex: the hash the sfbports-output markers carry. */
export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
