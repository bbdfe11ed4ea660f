import { AddressSet } from '../model/address-set.js';
import type { Endpoint } from '../model/flow.js';
import { ROLE_NAMES, type Role } from '../model/roles.js';
import { hash48 } from '../text/hash.js';
import { compareText } from '../text/order.js';
import { type PlannedAddress, plannedAddress } from './addresses.js';
import type { GroupPart, RoleGroup } from './groups.js';

/**
 * Endpoints are interned: the same hosts of the same role in the same zone are one object with one
 * small numeric id, so merging flows compares ids, not address lists. A source endpoint may gather
 * several groups (every Front End pool that talks to one destination); `groups` keeps which, so the
 * merge step can tell when one source set contains another.
 */
export interface PlannedEndpoint {
  readonly id: number;
  readonly endpoint: Endpoint;
  /** Keys of the groups whose hosts it holds. */
  readonly groups: ReadonlySet<string>;
  /** Short hash of the identity, the stable part of flow ids. */
  readonly hash: string;
  /** Sort keys: the order of its first group in the topology, its zone's and its role's rank. */
  readonly order: number;
  readonly zoneRank: number;
  readonly roleRank: number;
}

const ROLE_RANK = new Map<string, number>(ROLE_NAMES.map((r, i) => [r, i]));

export class EndpointTable {
  private readonly byKey = new Map<string, PlannedEndpoint>();
  private readonly rank: (zone: string) => number;

  constructor(rank: (zone: string) => number) {
    this.rank = rank;
  }

  /** One endpoint per zone holding the hosts of all `groups` (all of one role), in topology order. */
  gather(role: Role, groups: readonly RoleGroup[]): PlannedEndpoint[] {
    const byZone = new Map<string, Array<{ group: RoleGroup; part: GroupPart }>>();
    for (const group of groups) {
      for (const part of group.parts) {
        let list = byZone.get(part.zone);
        if (!list) {
          list = [];
          byZone.set(part.zone, list);
        }
        list.push({ group, part });
      }
    }
    const zones = [...byZone.keys()].sort((a, b) => this.rank(a) - this.rank(b) || compareText(a, b));
    return zones.map((zone) => this.intern(role, zone, byZone.get(zone)!));
  }

  private intern(
    role: Role,
    zone: string,
    parts: Array<{ group: RoleGroup; part: GroupPart }>,
  ): PlannedEndpoint {
    parts.sort((a, b) => a.group.order - b.group.order);
    const key = `${role}|${zone}|${parts.map((p) => p.group.key).join(',')}`;
    const known = this.byKey.get(key);
    if (known) return known;
    const first = parts[0]!;
    const names: string[] = [];
    const addresses: string[] = [];
    const addressSets: AddressSet[] = [];
    const publics: PlannedAddress[] = [];
    for (const { part } of parts) {
      if (first.group.kind === 'zone') {
        for (const cidr of part.cidrs ?? []) {
          const planned = plannedAddress(cidr, `zone ${zone}`);
          addresses.push(planned.text);
          addressSets.push(planned.set);
        }
      }
      for (const m of part.members) {
        names.push(m.name);
        addresses.push(m.address);
        addressSets.push(m.set);
      }
      for (const p of part.publicAddresses ?? [])
        publics.push(plannedAddress(p, `public address of ${role}`));
    }
    const sites = new Set(parts.map((p) => p.group.site));
    const site = sites.size === 1 ? first.group.site : undefined;
    const pool = parts.length === 1 ? first.group.pool?.fqdn : undefined;
    const endpoint: Endpoint = Object.freeze({
      kind: first.group.kind,
      role,
      zone,
      names: Object.freeze(names),
      addresses: Object.freeze(addresses),
      addressSets: Object.freeze(addressSets),
      addressSet: AddressSet.unionOf(addressSets),
      ...(site === undefined ? {} : { site }),
      ...(pool === undefined ? {} : { pool }),
      ...(publics.length > 0
        ? {
            publicAddresses: Object.freeze(publics.map((p) => p.text)),
            publicAddressSets: Object.freeze(publics.map((p) => p.set)),
          }
        : {}),
    });
    const planned: PlannedEndpoint = {
      id: this.byKey.size,
      endpoint,
      groups: new Set(parts.map((p) => p.group.key)),
      hash: hash48(key),
      order: first.group.order,
      zoneRank: this.rank(zone),
      roleRank: ROLE_RANK.get(role) ?? ROLE_NAMES.length,
    };
    this.byKey.set(key, planned);
    return planned;
  }
}
