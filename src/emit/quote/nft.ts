import { oneLine, truncateUtf8 } from './text.js';

/**
 * nftables quoting. A quoted string in nft ends at the next double quote and has no escape, so double
 * quotes become single quotes. A rule comment holds at most 128 bytes (NFT_USERDATA_MAXLEN in
 * nftables' parser), so longer comments are cut at a character boundary.
 */
export const NFT_COMMENT_MAX_BYTES = 128;

export function nftString(text: string, maxBytes = NFT_COMMENT_MAX_BYTES): string {
  return `"${truncateUtf8(oneLine(text).replace(/"/g, "'"), maxBytes)}"`;
}

/** nft identifiers (table, chain and set names): letters, digits and underscores, starting with a letter. */
export function nftIdentifier(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Za-z]/.test(cleaned) ? cleaned : `z_${cleaned}`;
}
