import ipaddr from 'ipaddr.js';
import type { Topology } from './schema.js';

/**
 * Which zone a host is in. A zone is a list of CIDRs, or "any" (the internet). When CIDRs overlap,
 * the most specific one wins, as in a routing table; an address no CIDR contains falls into the "any"
 * zone, and into UNZONED when the topology has none. The planner and the validator share this class,
 * so a flow's boundary and the "outside every zone" check can never disagree.
 */
export const UNZONED = '(unzoned)';

interface ZoneNetwork {
  readonly zone: string;
  readonly address: ipaddr.IPv4 | ipaddr.IPv6;
  readonly bits: number;
}

export class ZoneIndex {
  /** Zone names in the order the topology lists them: reports sort boundaries by it. */
  readonly order: readonly string[];
  readonly anyZone: string | undefined;
  private readonly networks: readonly ZoneNetwork[];
  private readonly v4: ReadonlyArray<{ zone: string; base: number; mask: number }>;
  private readonly cache = new Map<string, string>();

  constructor(zones: Topology['zones']) {
    this.order = Object.keys(zones);
    this.anyZone = this.order.find((z) => zones[z] === 'any');
    const networks: ZoneNetwork[] = [];
    for (const zone of this.order) {
      const cidrs = zones[zone];
      if (cidrs === 'any' || cidrs === undefined) continue;
      for (const cidr of cidrs) {
        const parsed = parseCidr(cidr);
        if (parsed) networks.push({ zone, address: parsed[0], bits: parsed[1] });
      }
    }
    // Most specific first, so the first match is the longest prefix.
    networks.sort((a, b) => b.bits - a.bits);
    this.networks = networks;
    // Dotted-quad IPv4, by far the common case, is matched as 32-bit integers.
    this.v4 = networks
      .filter((n) => n.address.kind() === 'ipv4')
      .map((n) => {
        const mask = n.bits === 0 ? 0 : (0xffffffff << (32 - n.bits)) >>> 0;
        const base = ((ipv4Number(n.address.toString()) ?? 0) & mask) >>> 0;
        return { zone: n.zone, base, mask };
      });
  }

  zoneOf(address: string): string {
    let zone = this.cache.get(address);
    if (zone === undefined) {
      zone = this.declaredZoneOf(address) ?? this.anyZone ?? UNZONED;
      this.cache.set(address, zone);
    }
    return zone;
  }

  /** Position of a zone in the topology, for sorting; unknown zones sort last. */
  rank(zone: string): number {
    const i = this.order.indexOf(zone);
    return i < 0 ? this.order.length : i;
  }

  /** The zone of a concrete network that holds `text`, ignoring `any`. */
  declaredZoneOf(text: string): string | undefined {
    const v4 = ipv4Number(text);
    if (v4 !== undefined) {
      for (const n of this.v4) if ((v4 & n.mask) >>> 0 === n.base) return n.zone;
      return undefined;
    }
    const address = parseAddress(text);
    if (address) {
      for (const n of this.networks) {
        if (n.address.kind() === address.kind() && address.match(n.address, n.bits)) return n.zone;
      }
    }
    return undefined;
  }
}

function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (!ipaddr.isValid(text)) return undefined;
  const parsed = ipaddr.parse(text);
  // An IPv4-mapped IPv6 address is the IPv4 host it carries.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed;
}

function parseCidr(text: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | undefined {
  try {
    if (!text.includes('/')) {
      const a = parseAddress(text);
      return a ? [a, a.kind() === 'ipv4' ? 32 : 128] : undefined;
    }
    return ipaddr.parseCIDR(text);
  } catch {
    return undefined;
  }
}

/** "192.0.2.11" as an unsigned 32-bit number; undefined for anything but four decimal parts. */
function ipv4Number(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const part = Number(m[i]);
    if (part > 255) return undefined;
    n = n * 256 + part;
  }
  return n;
}

/** The zone of remote users and federated partners: `clients.external`, else the `any` zone. */
export function externalZone(topology: Topology): string | undefined {
  return topology.clients.external ?? new ZoneIndex(topology.zones).anyZone;
}
