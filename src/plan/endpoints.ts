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
  /** A small number per zone name, for keys that must not hash strings. */
  readonly zoneId: number;
  readonly roleRank: number;
  /** The interning key: role, zone and groups (and a removed host, see EndpointTable.withoutHost). */
  readonly key: string;
}

const ROLE_RANK = new Map<string, number>(ROLE_NAMES.map((r, i) => [r, i]));

export class EndpointTable {
  private readonly byKey = new Map<string, PlannedEndpoint>();
  private readonly hostSets = new Map<number, ReadonlySet<string>>();
  private readonly zoneIds = new Map<string, number>();
  private readonly rank: (zone: string) => number;

  constructor(rank: (zone: string) => number) {
    this.rank = rank;
  }

  /** One endpoint per zone holding the hosts of all `groups` (all of one role), in topology order. */
  gather(role: Role, groups: readonly RoleGroup[]): PlannedEndpoint[] {
    // Most calls gather one group in one zone (a destination, a single source pool).
    const only = groups.length === 1 ? groups[0]! : undefined;
    if (only?.parts.length === 1)
      return [this.intern(role, only.parts[0]!.zone, [{ group: only, part: only.parts[0]! }])];
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
    if (parts.length > 1) parts.sort((a, b) => a.group.order - b.group.order);
    const key =
      parts.length === 1
        ? `${role}|${zone}|${parts[0]!.group.key}`
        : `${role}|${zone}|${parts.map((p) => p.group.key).join(',')}`;
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
          // The text stays the zone's CIDR for people; what rules and probes match leaves nested zones out.
          addressSets.push(part.carved ? planned.set.difference(part.carved) : planned.set);
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
      zoneId: this.zoneIdOf(zone),
      roleRank: ROLE_RANK.get(role) ?? ROLE_NAMES.length,
      key,
    };
    this.byKey.set(key, planned);
    return planned;
  }

  private zoneIdOf(zone: string): number {
    let id = this.zoneIds.get(zone);
    if (id === undefined) {
      id = this.zoneIds.size;
      this.zoneIds.set(zone, id);
    }
    return id;
  }

  /**
   * The one host both endpoints would name, when one side is a single host the other side holds:
   * such a flow would have that host connect to itself. Undefined otherwise, and for zones (a zone is
   * a network, not a host). When both sides hold several hosts (a pool's servers to the same pool),
   * the flow is traffic between the members and stays as it is.
   */
  sharedSingleHost(a: PlannedEndpoint, b: PlannedEndpoint): string | undefined {
    if (a.endpoint.kind !== 'hosts' || b.endpoint.kind !== 'hosts') return undefined;
    const aOne = a.endpoint.addresses.length === 1;
    const bOne = b.endpoint.addresses.length === 1;
    if (!aOne && !bOne) return undefined;
    if (aOne && bOne) {
      const host = a.endpoint.addresses[0]!;
      return host === b.endpoint.addresses[0] ? host : undefined;
    }
    const [single, many] = aOne ? [a, b] : [b, a];
    const host = single.endpoint.addresses[0]!;
    return this.hostsOf(many).has(host) ? host : undefined;
  }

  /**
   * The endpoint without one of its hosts, or undefined when that was its only one. Interned like the
   * rest, and it keeps the groups of the endpoint it came from: every flow towards (or from) the one
   * host loses the same host, so the merge step's subset test on groups stays exact.
   */
  withoutHost(from: PlannedEndpoint, host: string): PlannedEndpoint | undefined {
    const e = from.endpoint;
    if (e.addresses.length <= 1) return undefined;
    const key = `${from.key}|-${host}`;
    const known = this.byKey.get(key);
    if (known) return known;
    const keep = e.addresses.map((a) => a !== host);
    const removed = e.addressSets[keep.indexOf(false)]!;
    const pick = <T>(list: readonly T[]) => Object.freeze(list.filter((_, i) => keep[i]));
    // Public addresses line up with the hosts only when every host has one.
    const publics = e.publicAddresses?.length === e.addresses.length;
    const endpoint: Endpoint = Object.freeze({
      ...e,
      names: pick(e.names),
      addresses: pick(e.addresses),
      addressSets: pick(e.addressSets),
      addressSet: e.addressSet.difference(removed),
      ...(publics
        ? { publicAddresses: pick(e.publicAddresses!), publicAddressSets: pick(e.publicAddressSets!) }
        : {}),
    });
    const planned: PlannedEndpoint = { ...from, id: this.byKey.size, endpoint, hash: hash48(key), key };
    this.byKey.set(key, planned);
    return planned;
  }

  private hostsOf(p: PlannedEndpoint): ReadonlySet<string> {
    let set = this.hostSets.get(p.id);
    if (!set) {
      set = new Set(p.endpoint.addresses);
      this.hostSets.set(p.id, set);
    }
    return set;
  }
}
