import { AddressSet } from './address-set.js';
import type { PortRange } from './ports.js';
import type { Protocol, Transport } from './protocols.js';
import type { Role } from './roles.js';

/**
 * One side of a flow: hosts of one role in one zone, or a whole zone (clients, the internet).
 * `names[i]` and `addresses[i]` describe the same host when `kind` is "hosts"; for "zone",
 * `names` is empty and `addresses` are the zone's CIDRs ("any" stands for the whole internet).
 *
 * Addresses come twice, on purpose: `addresses` are strings for people and for the JSON report, in
 * their shortest spelling (an IPv4-mapped ::ffff:192.0.2.11 is shown as 192.0.2.11, the host a
 * firewall sees), and `addressSets` / `addressSet` are the same addresses parsed once by the
 * planner, for everything that matches packets (rules, probes). Replacing the strings by sets would
 * make every renderer and the report schema format sets; keeping only strings is how the emitters
 * came to read mapped IPv6 differently from the validator. Nothing outside src/model parses them again.
 */
export interface Endpoint {
  readonly kind: 'hosts' | 'zone';
  readonly role: Role;
  readonly zone: string;
  readonly names: readonly string[];
  readonly addresses: readonly string[];
  /** `addresses[i]` parsed: a one-address set for a host, a network for a zone CIDR, all for "any". */
  readonly addressSets: readonly AddressSet[];
  /** The union of `addressSets`: what a rule for this endpoint matches. */
  readonly addressSet: AddressSet;
  /** Site the hosts belong to, when they belong to one. */
  readonly site?: string;
  /** Pool FQDN the hosts belong to, when they belong to one. */
  readonly pool?: string;
  /**
   * Public addresses a NAT device publishes for these hosts (Edge pools with `nat: true`); `addresses`
   * stay the private ones the servers are configured with.
   */
  readonly publicAddresses?: readonly string[];
  /** `publicAddresses[i]` parsed. */
  readonly publicAddressSets?: readonly AddressSet[];
}

/** The parsed fields of an endpoint whose addresses are given as text (tests, hand-built plans). */
export function parsedAddresses(
  addresses: readonly string[],
): Pick<Endpoint, 'addresses' | 'addressSets' | 'addressSet'> {
  const addressSets = addresses.map((a) => AddressSet.parse([a]));
  return { addresses, addressSets, addressSet: AddressSet.unionOf(addressSets) };
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
