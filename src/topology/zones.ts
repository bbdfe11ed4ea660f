import { type Network, networkContains, parseNetwork } from './address.js';
import type { Topology } from './schema.js';

/**
 * Which zone an address belongs to: the most specific zone that contains it (zones may nest), else
 * the zone declared as `any` (the internet), else none. The planner and the validator share this so
 * that a flow's boundary and the "outside every zone" check can never disagree.
 */
export class ZoneIndex {
  private readonly networks: ReadonlyArray<{ zone: string; network: Network }>;
  /** The first zone declared as `any`, if there is one. */
  readonly anyZone: string | undefined;

  constructor(zones: Topology['zones']) {
    const networks: Array<{ zone: string; network: Network }> = [];
    let anyZone: string | undefined;
    for (const [zone, value] of Object.entries(zones)) {
      if (value === 'any') anyZone ??= zone;
      else for (const cidr of value) networks.push({ zone, network: parseNetwork(cidr) });
    }
    // Longest prefix first, so the first match is the most specific.
    networks.sort((a, b) => b.network.bits - a.network.bits);
    this.networks = networks;
    this.anyZone = anyZone;
  }

  /** The zone of a concrete network that holds `address`, ignoring `any`. */
  declaredZoneOf(address: string): string | undefined {
    return this.networks.find((n) => networkContains(n.network, address))?.zone;
  }

  zoneOf(address: string): string | undefined {
    return this.declaredZoneOf(address) ?? this.anyZone;
  }
}

/** The zone of remote users and federated partners: `clients.external`, else the `any` zone. */
export function externalZone(topology: Topology): string | undefined {
  return topology.clients.external ?? new ZoneIndex(topology.zones).anyZone;
}
