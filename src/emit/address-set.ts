import ipaddr from 'ipaddr.js';

/**
 * Exact sets of IP addresses, one interval list per family. Rule compaction merges address groups only
 * when the merged set is exactly the union, and equality must not depend on how a zone spelt its CIDRs
 * (192.0.2.0/25 + 192.0.2.128/25 is 192.0.2.0/24), so sets are normalised intervals like PortSet.
 */

export type Family = 4 | 6;
type Interval = readonly [from: bigint, to: bigint];

const BITS: Record<Family, number> = { 4: 32, 6: 128 };

export class AddressSyntaxError extends Error {
  constructor(readonly input: string) {
    super(`"${input}" is not an IPv4 or IPv6 address or CIDR`);
    this.name = 'AddressSyntaxError';
  }
}

export class AddressSet {
  /** `any` means every address of both families: a zone written `any` (the internet). */
  private constructor(
    readonly any: boolean,
    readonly v4: readonly Interval[],
    readonly v6: readonly Interval[],
  ) {}

  static readonly empty = new AddressSet(false, [], []);
  static readonly anyAddress = new AddressSet(true, [], []);

  /**
   * Like parse, remembering the result per list: plans share one addresses array between every flow of
   * an endpoint, so each is parsed once (a WeakMap, so nothing outlives the plan).
   */
  static ofList(list: readonly string[]): AddressSet {
    let set = parsedLists.get(list);
    if (!set) {
      set = AddressSet.parse(list);
      parsedLists.set(list, set);
    }
    return set;
  }

  /** Accepts addresses, CIDRs and the word `any`, as they appear in Endpoint.addresses. */
  static parse(items: Iterable<string>): AddressSet {
    let any = false;
    const v4: Interval[] = [];
    const v6: Interval[] = [];
    for (const raw of items) {
      const text = raw.trim();
      if (text === 'any') {
        any = true;
        continue;
      }
      const [family, interval] = parseOne(text);
      (family === 4 ? v4 : v6).push(interval);
    }
    if (any) return AddressSet.anyAddress;
    return new AddressSet(false, normalise(v4), normalise(v6));
  }

  get isAny(): boolean {
    return this.any;
  }

  get isEmpty(): boolean {
    return !this.any && this.v4.length === 0 && this.v6.length === 0;
  }

  intervals(family: Family): readonly Interval[] {
    return family === 4 ? this.v4 : this.v6;
  }

  hasFamily(family: Family): boolean {
    return this.any || this.intervals(family).length > 0;
  }

  /** The part of the set in one family (`any` stays `any`: the family is then matched elsewhere). */
  only(family: Family): AddressSet {
    if (this.any) return this;
    return family === 4 ? new AddressSet(false, this.v4, []) : new AddressSet(false, [], this.v6);
  }

  union(other: AddressSet): AddressSet {
    if (this.any || other.any) return AddressSet.anyAddress;
    return new AddressSet(false, normalise([...this.v4, ...other.v4]), normalise([...this.v6, ...other.v6]));
  }

  equals(other: AddressSet): boolean {
    return this.key() === other.key();
  }

  private cachedKey: string | undefined;

  /** Stable text key for grouping. */
  key(): string {
    if (this.cachedKey === undefined)
      this.cachedKey = this.any ? 'any' : `${this.cidrs(4).join(',')}|${this.cidrs(6).join(',')}`;
    return this.cachedKey;
  }

  /** True when every address of `other` is in this set. */
  covers(other: AddressSet): boolean {
    if (this.any) return true;
    if (other.any) return false;
    return coversAll(this.v4, other.v4) && coversAll(this.v6, other.v6);
  }

  /** The fewest CIDR blocks that cover exactly this family's addresses, in address order. */
  cidrs(family: Family): string[] {
    if (this.any) return [];
    const out: string[] = [];
    for (const [from, to] of this.intervals(family)) out.push(...intervalToCidrs(family, from, to));
    return out;
  }

  /** Every CIDR of both families, IPv4 first. */
  allCidrs(): string[] {
    return [...this.cidrs(4), ...this.cidrs(6)];
  }

  /** Addresses as nft/iptables accept them: a single host without its /32 or /128. */
  static hostForm(cidr: string): string {
    if (cidr.includes(':')) return cidr.endsWith('/128') ? cidr.slice(0, -4) : cidr;
    return cidr.endsWith('/32') ? cidr.slice(0, -3) : cidr;
  }
}

const parsedLists = new WeakMap<readonly string[], AddressSet>();

function coversAll(outer: readonly Interval[], inner: readonly Interval[]): boolean {
  return inner.every(([from, to]) => {
    let lo = 0;
    let hi = outer.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [a, b] = outer[mid]!;
      if (from < a) hi = mid - 1;
      else if (from > b) lo = mid + 1;
      else return to <= b;
    }
    return false;
  });
}

function parseOne(text: string): [Family, Interval] {
  try {
    if (text.includes('/')) {
      const [addr, len] = ipaddr.parseCIDR(text);
      const family: Family = addr.kind() === 'ipv4' ? 4 : 6;
      const base = toBigInt(addr.toByteArray());
      const hostBits = BigInt(BITS[family] - len);
      const mask = (1n << hostBits) - 1n;
      const from = base & ~mask;
      return [family, [from, from | mask]];
    }
    const addr = ipaddr.parse(text);
    // A v4-mapped v6 address is the v4 host as far as packet matching goes on a dual-stack socket,
    // but firewalls match families separately: keep what the user wrote.
    const family: Family = addr.kind() === 'ipv4' ? 4 : 6;
    const value = toBigInt(addr.toByteArray());
    return [family, [value, value]];
  } catch {
    throw new AddressSyntaxError(text);
  }
}

function toBigInt(bytes: number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

function fromBigInt(family: Family, value: bigint): string {
  const n = BITS[family] / 8;
  const bytes: number[] = new Array(n);
  let v = value;
  for (let i = n - 1; i >= 0; i--) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return ipaddr.fromByteArray(bytes).toString();
}

function normalise(list: Interval[]): Interval[] {
  const sorted = [...list].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1));
  const merged: Array<[bigint, bigint]> = [];
  for (const [from, to] of sorted) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1] + 1n) {
      if (to > last[1]) last[1] = to;
    } else merged.push([from, to]);
  }
  return merged;
}

/** Splits [from, to] into the largest aligned blocks, left to right. */
function intervalToCidrs(family: Family, from: bigint, to: bigint): string[] {
  const bits = BITS[family];
  const out: string[] = [];
  let start = from;
  while (start <= to) {
    let size = 0;
    // Grow the block while it stays aligned at `start` and inside the interval.
    while (size < bits) {
      const next = 1n << BigInt(size + 1);
      if ((start & (next - 1n)) !== 0n || start + next - 1n > to) break;
      size++;
    }
    out.push(`${fromBigInt(family, start)}/${bits - size}`);
    start += 1n << BigInt(size);
  }
  return out;
}
