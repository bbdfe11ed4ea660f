import { AddressSet, parseNetwork } from '../model/address-set.js';
import type { Topology } from './schema.js';

/**
 * Which zone a host is in. A zone is a list of CIDRs, or "any" (the internet). When CIDRs overlap,
 * the most specific one wins, as in a routing table (the validator allows that only for a zone declared
 * `{ within: <outer zone>, cidrs }`, so a nested network never re-homes hosts by accident); an address no CIDR contains falls into the "any"
 * zone, and into UNZONED when the topology has none. The planner and the validator share this class,
 * so a flow's boundary and the "outside every zone" check can never disagree. Networks and hosts are
 * read by the model's parser, so an IPv4-mapped spelling on either side is its IPv4 address.
 */
export const UNZONED = '(unzoned)';

type ZoneValue = Topology['zones'][string];

/** The networks a zone lists, whichever way it is written (none for "any"). */
export function zoneCidrs(value: ZoneValue | undefined): readonly string[] {
  if (value === undefined || value === 'any') return [];
  return Array.isArray(value) ? value : value.cidrs;
}

/** The zone a nested zone declares it lies inside (`{ within, cidrs }`), if any. */
export function zoneWithin(value: ZoneValue | undefined): string | undefined {
  return value !== undefined && value !== 'any' && !Array.isArray(value) ? value.within : undefined;
}

interface ZoneNetwork {
  readonly zone: string;
  /** Prefix length in the network's own family (::ffff:192.0.2.0/120 counts as /24). */
  readonly prefix: number;
  readonly addresses: AddressSet;
}

export class ZoneIndex {
  /** Zone names in the order the topology lists them: reports sort boundaries by it. */
  readonly order: readonly string[];
  readonly anyZone: string | undefined;
  private readonly networks: readonly ZoneNetwork[];

  constructor(zones: Topology['zones']) {
    this.order = Object.keys(zones);
    this.anyZone = this.order.find((z) => zones[z] === 'any');
    const networks: ZoneNetwork[] = [];
    for (const zone of this.order) {
      for (const cidr of zoneCidrs(zones[zone])) {
        // A malformed CIDR is the schema's finding; here it simply holds no host.
        const parsed = parseNetwork(cidr);
        if (parsed.ok)
          networks.push({ zone, prefix: parsed.value.prefix, addresses: AddressSet.of(parsed.value) });
      }
    }
    // Most specific first, so the first match is the longest prefix (the sort is stable).
    networks.sort((a, b) => b.prefix - a.prefix);
    this.networks = networks;
  }

  /** The zone of a host (a one-address set), falling back on the "any" zone. */
  zoneOf(host: AddressSet): string {
    return this.declaredZoneOf(host) ?? this.anyZone ?? UNZONED;
  }

  /** Position of a zone in the topology, for sorting; unknown zones sort last. */
  rank(zone: string): number {
    const i = this.order.indexOf(zone);
    return i < 0 ? this.order.length : i;
  }

  /** The zone of the most specific listed network that holds all of `host`, ignoring `any`. */
  declaredZoneOf(host: AddressSet): string | undefined {
    if (host.isEmpty) return undefined;
    return this.networks.find((n) => n.addresses.contains(host))?.zone;
  }
}

/**
 * Per zone, the zones declared (directly or through others) to lie within it. Their networks are
 * carved out of the outer zone wherever the outer zone stands for "its own hosts": a rule from the
 * clients zone must not also admit the phones nested inside it.
 */
export function nestedZones(zones: Topology['zones']): Map<string, string[]> {
  const inside = new Map<string, string[]>();
  for (const zone of Object.keys(zones)) {
    const seen = new Set<string>([zone]);
    let outer = zoneWithin(zones[zone]);
    // Bounded by the number of zones: a loop is the validator's finding, not a hang here.
    while (outer !== undefined && !seen.has(outer)) {
      seen.add(outer);
      const list = inside.get(outer) ?? [];
      list.push(zone);
      inside.set(outer, list);
      outer = zoneWithin(zones[outer]);
    }
  }
  return inside;
}

/** The networks a zone's own hosts use: its CIDRs without the zones nested in it. */
export function zoneOwnAddresses(
  zones: Topology['zones'],
  zone: string,
  nested = nestedZones(zones),
): AddressSet {
  const value = zones[zone];
  if (value === undefined) return AddressSet.empty;
  if (value === 'any') {
    // The internet is everything no other zone declares.
    const declared = Object.entries(zones)
      .filter(([name]) => name !== zone)
      .flatMap(([, v]) => zoneCidrs(v));
    return AddressSet.any.difference(networksOf(declared));
  }
  const carved = (nested.get(zone) ?? []).flatMap((z) => zoneCidrs(zones[z]));
  return networksOf(zoneCidrs(value)).difference(networksOf(carved));
}

function networksOf(cidrs: readonly string[]): AddressSet {
  const sets: AddressSet[] = [];
  for (const cidr of cidrs) {
    const parsed = parseNetwork(cidr);
    if (parsed.ok) sets.push(AddressSet.of(parsed.value));
  }
  return AddressSet.unionOf(sets);
}
