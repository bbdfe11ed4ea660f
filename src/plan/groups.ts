import type { AddressSet } from '../model/address-set.js';
import type { Feature, LoadBalancing } from '../model/products.js';
import { type GroupBase, ROLE_FACTS, type Role } from '../model/roles.js';
import type { Gateway, SqlServer } from '../topology/schema.js';

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
  readonly features: ReadonlySet<Feature>;
  readonly loadBalancing: LoadBalancing;
  readonly collocatedMediation: boolean;
  readonly cmsHolder: boolean;
  readonly nat: boolean;
}

export interface GroupPart {
  readonly zone: string;
  readonly members: readonly Member[];
  /** For zone groups: the zone's CIDRs, or ["any"]. */
  readonly cidrs?: readonly string[];
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
  /** A trusted application (or OWA IM Client Access server): the port it listens on. */
  readonly trustedApp?: { readonly port: number };
  /** Position in topology order, for deterministic output. */
  readonly order: number;
}

/** The base of a role, or undefined for roles topology version 1 does not model. */
export function baseOf(role: Role): GroupBase | undefined {
  return ROLE_FACTS[role].group;
}
