import type { PortRange } from './ports.js';
import type { Protocol, Transport } from './protocols.js';
import type { Role } from './roles.js';

/**
 * One side of a flow: hosts of one role in one zone, or a whole zone (clients, the internet).
 * `names[i]` and `addresses[i]` describe the same host when `kind` is "hosts"; for "zone",
 * `names` is empty and `addresses` are the zone's CIDRs ("any" stands for the whole internet).
 */
export interface Endpoint {
  readonly kind: 'hosts' | 'zone';
  readonly role: Role;
  readonly zone: string;
  readonly names: readonly string[];
  readonly addresses: readonly string[];
  /** Site the hosts belong to, when they belong to one. */
  readonly site?: string;
  /** Pool FQDN the hosts belong to, when they belong to one. */
  readonly pool?: string;
  /**
   * Public addresses a NAT device publishes for these hosts (Edge pools with `nat: true`); `addresses`
   * stay the private ones the servers are configured with.
   */
  readonly publicAddresses?: readonly string[];
}

/** The pair of zones a flow crosses; `sameZone` flows still matter for host firewalls. */
export interface Boundary {
  readonly from: string;
  readonly to: string;
  readonly sameZone: boolean;
}

/**
 * The one intermediate representation: everything the planner knows ends up here, and every
 * report, rule set and probe is a function of flows. Flows are frozen after planning.
 */
export interface Flow {
  /** Stable and deterministic for the same topology and catalog. */
  readonly id: string;
  readonly source: Endpoint;
  readonly destination: Endpoint;
  readonly transport: Transport;
  /** Destination ports, normalised (sorted, disjoint, non-adjacent). */
  readonly ports: readonly PortRange[];
  readonly protocol: Protocol;
  readonly purpose: string;
  /** Catalog entry ids behind this flow. */
  readonly requirements: readonly string[];
  readonly boundary: Boundary;
  readonly optional: boolean;
}

export function boundaryKey(b: Boundary): string {
  return `${b.from}:${b.to}`;
}
