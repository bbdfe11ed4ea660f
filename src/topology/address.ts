import ipaddr from 'ipaddr.js';

/**
 * Addresses as the topology file writes them. ipaddr.js alone accepts forms such as "10.1" or
 * "0x7f.1" that no administrator means and that firewalls spell differently, so IPv4 must be written
 * as four decimal parts and IPv6 without a zone index.
 */
export function isIpAddress(text: string): boolean {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return true;
  return !text.includes('%') && ipaddr.IPv6.isValid(text);
}

export function isCidr(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash < 0) return false;
  const bits = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  const host = text.slice(0, slash);
  if (ipaddr.IPv4.isValidFourPartDecimal(host)) return Number(bits) <= 32;
  return !host.includes('%') && ipaddr.IPv6.isValid(host) && Number(bits) <= 128;
}

/** IPv4-mapped IPv6 addresses are compared as the IPv4 address they carry. */
function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 {
  const parsed = ipaddr.parse(text);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed;
}

export interface Network {
  readonly address: ipaddr.IPv4 | ipaddr.IPv6;
  readonly bits: number;
}

export function parseNetwork(text: string): Network {
  const [address, bits] = ipaddr.parseCIDR(text);
  return { address, bits };
}

export function networkContains(network: Network, addressText: string): boolean {
  const address = parseAddress(addressText);
  if (address.kind() !== network.address.kind()) return false;
  return address.match(network.address, network.bits);
}

/** One spelling per address, so "2001:db8::1" and "2001:0db8:0:0::1" count as the same host. */
export function canonicalAddress(text: string): string {
  return parseAddress(text).toString();
}

/** The network address of a CIDR ("192.0.2.5/24" gives "192.0.2.0"). */
export function networkAddress(cidr: string): string {
  const [address, bits] = ipaddr.parseCIDR(cidr);
  const network =
    address.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${bits}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${bits}`);
  return network.toString();
}

/**
 * `count` consecutive IPv4 host addresses of `cidr`, starting `offset` addresses after the network
 * address; undefined when they do not fit (the broadcast address is never handed out).
 */
export function ipv4Hosts(cidr: string, offset: number, count: number): string[] | undefined {
  const [address, bits] = ipaddr.parseCIDR(cidr);
  if (address.kind() !== 'ipv4') return undefined;
  const base = ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${bits}`).toByteArray();
  const start = base.reduce((n, byte) => n * 256 + byte, 0);
  const size = 2 ** (32 - bits);
  if (offset < 1 || offset + count > size - 1) return undefined;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let n = start + offset + i;
    const bytes = [0, 0, 0, 0];
    for (let b = 3; b >= 0; b--) {
      bytes[b] = n % 256;
      n = Math.floor(n / 256);
    }
    out.push(bytes.join('.'));
  }
  return out;
}

export function isIpv4Cidr(text: string): boolean {
  return isCidr(text) && ipaddr.IPv4.isValidFourPartDecimal(text.slice(0, text.indexOf('/')));
}
