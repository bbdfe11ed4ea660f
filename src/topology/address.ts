import { cidrRange, FAMILY_BITS, formatAddress, parseAddress, parseNetwork } from '../model/address-set.js';

/**
 * What the topology schema and `init` ask of an address, answered by the model's one parser (see
 * src/model/address-set.ts for the accepted spellings and the IPv4-mapped IPv6 policy).
 */
export function isIpAddress(text: string): boolean {
  return parseAddress(text).ok;
}

export function isCidr(text: string): boolean {
  return parseNetwork(text).ok;
}

/** An IPv4 network, in dotted form or as an IPv4-mapped IPv6 network (which is the same thing). */
export function isIpv4Cidr(text: string): boolean {
  const parsed = parseNetwork(text);
  return parsed.ok && parsed.value.family === 4;
}

/**
 * `count` consecutive IPv4 host addresses of `cidr`, starting `offset` addresses after the network
 * address; undefined when they do not fit (the broadcast address is never handed out).
 */
export function ipv4Hosts(cidr: string, offset: number, count: number): string[] | undefined {
  const parsed = parseNetwork(cidr);
  if (!parsed.ok || parsed.value.family !== 4) return undefined;
  const [network] = cidrRange(parsed.value);
  const size = 2 ** (FAMILY_BITS[4] - parsed.value.prefix);
  if (offset < 1 || offset + count > size - 1) return undefined;
  return Array.from({ length: count }, (_, i) => formatAddress(4, network + BigInt(offset + i)));
}

/**
 * What `sfbports import` writes for an address the XML does not hold and nothing resolved: not an
 * address, so the file does not validate until someone gives it, and validate says how.
 */
export const ADDRESS_PLACEHOLDER = 'unresolved';
