import type { AddressSet } from '../model/address-set.js';
import type { Feature, LoadBalancing } from '../model/products.js';
import { type GroupBase, ROLE_FACTS, type Role } from '../model/roles.js';
import type { AvailabilityGroup, Gateway, SqlServer } from '../topology/schema.js';

/**
 * The planner's working model: what a role means in one topology. A RoleGroup is the unit the
 * contract pairs and checks conditions on — a pool, an Edge pool, one stand-alone host (SQL Server,
 * file share, gateway…) or one zone — split into parts by the zone each host sits in. Groups are
 * built once per topology; flows are built from groups, never from single servers.
 */

export interface Member {
  readonly name: string;
  /** In its shortest spelling (IPv4 for an IPv4-mapped one): what reports show. */
  readonly address: string;
  /** The address parsed once, for zones and rules. */
  readonly set: AddressSet;
}

/** What conditions can ask of a pool: its own settings and the features it runs. */
export interface PoolFacts {
  readonly fqdn: string;
  readonly kind: 'pool' | 'edge';
  /** The product the pool runs: its own `product` (version 2), else the topology's. */
  readonly product: string;
  readonly features: ReadonlySet<Feature>;
  readonly loadBalancing: LoadBalancing;
  readonly collocatedMediation: boolean;
  readonly cmsHolder: boolean;
  readonly nat: boolean;
  /** The pool states a VIP (`vip`): its web services are reached there, not on the servers. */
  readonly vip: boolean;
  /**
   * How the reverse proxy reaches the external web services: on the separate external web VIP
   * (`externalWebVip`) with its ports translated (443/80 → 4443/8080) or direct (4443/8080), or,
   * without one, on `vip` (undefined).
   */
  readonly externalWebPorts: 'translated' | 'direct' | undefined;
  /** The pool's load balancer replaces the client's address with its own (loadBalancerSourceNat). */
  readonly loadBalancerSourceNat: boolean;
}

export interface GroupPart {
  readonly zone: string;
  readonly members: readonly Member[];
  /** For zone groups: the zone's CIDRs, or ["any"]. */
  readonly cidrs?: readonly string[];
  /** For zone groups: networks of zones nested in this one, which are not part of it (phones in clients). */
  readonly carved?: AddressSet;
  /** Public addresses an Edge NAT publishes for these members. */
  readonly publicAddresses?: readonly string[];
}

export interface RoleGroup {
  /** The topology object behind the group: an FQDN, or "zone:<name>". Links are stated between keys. */
  readonly key: string;
  readonly role: Role;
  readonly base: GroupBase;
  readonly kind: 'hosts' | 'zone';
  readonly site?: string;
  readonly pool?: PoolFacts;
  readonly parts: readonly GroupPart[];
  /** Where a configurable port comes from. */
  readonly gateway?: Gateway;
  readonly sqlServer?: SqlServer;
  /**
   * For a client or phone zone that names where it registers (clients.registrars): the Front End
   * pools and branch appliances it registers on, and the Directors it signs in through. Absent: every
   * registrar and every Director, as in topology version 1.
   */
  readonly registration?: ZoneRegistration;
  /** For a listener: its group; for a replica: the (first) group it belongs to, for its endpoint port. */
  readonly availabilityGroup?: AvailabilityGroup;
  /** A trusted application (or OWA IM Client Access server): the port it listens on. */
  readonly trustedApp?: { readonly port: number };
  /** Position in topology order, for deterministic output. */
  readonly order: number;
}

/** The base of a role, or undefined for roles topology version 1 does not model. */
export function baseOf(role: Role): GroupBase | undefined {
  return ROLE_FACTS[role].group;
}

/** Where one client or phone zone registers; sets hold pool and appliance FQDNs (group keys). */
export interface ZoneRegistration {
  /** Registrars: the named pool or appliance and, for an appliance, its backup pool; undefined = all. */
  readonly registrars: ReadonlySet<string> | undefined;
  /** Director pools the zone signs in through; undefined = all. */
  readonly directors: ReadonlySet<string> | undefined;
}

/**
 * Whether a source may reach a destination that carries the `registrar` condition: zones reach only
 * the registrars and Directors they name; every other source (servers, zones naming nothing) passes.
 */
export function registersAt(source: RoleGroup, destination: RoleGroup): boolean {
  const r = source.registration;
  if (!r) return true;
  if (destination.base === 'dir') return r.directors === undefined || r.directors.has(destination.key);
  if (destination.base === 'fe' || destination.base === 'sba')
    return r.registrars === undefined || r.registrars.has(destination.key);
  return true;
}
