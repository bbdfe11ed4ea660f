import { oneLine, truncateUtf8 } from './text.js';

/**
 * iptables-restore quoting. The restore parser splits lines on blanks, keeps double-quoted runs together
 * and treats a backslash as an escape, so double quotes and backslashes are replaced rather than
 * escaped. The comment match stores at most 255 bytes (XT_MAX_COMMENT_LEN is 256 with the NUL).
 */
export const IPTABLES_COMMENT_MAX_BYTES = 255;

export function iptablesString(text: string, maxBytes = IPTABLES_COMMENT_MAX_BYTES): string {
  return `"${truncateUtf8(oneLine(text).replace(/"/g, "'").replace(/\\/g, '/'), maxBytes)}"`;
}

/** Chain and ipset names: at most 28 (chains) or 31 (sets) characters of a safe alphabet. */
export function iptablesName(text: string, max: number): string {
  return text
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max);
}
