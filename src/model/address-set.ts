import ipaddr from 'ipaddr.js';

/**
 * IP addresses as normalised interval sets, one interval list per family, and the one parser every
 * module uses to read an address or a network: the validator, the zone index, the planner (which
 * parses each topology address once and hands the sets to emitters and probes in the flows) and the
 * tests. Keeping sets as sorted, disjoint, non-adjacent intervals (like PortSet) makes equality
 * independent of spelling (192.0.2.0/25 + 192.0.2.128/25 is 192.0.2.0/24), so rule compaction can
 * merge address groups exactly.
 *
 * Spelling: IPv4 is four decimal parts (no "10.1", no "0x7f.1", no leading zeros: firewalls and
 * inet_aton read those differently), IPv6 carries no zone index ("%eth0"), and an IPv4 part embedded
 * in IPv6 obeys the same IPv4 rule.
 *
 * IPv4-mapped IPv6 (::ffff:0:0/96, RFC 4291 §2.5.5.2) is IPv4. `::ffff:192.0.2.11` is the IPv4 host
 * 192.0.2.11, and a network inside that block (`::ffff:192.0.2.0/120`, prefix 96 or more) is the IPv4
 * network 192.0.2.0/24. A dual-stack socket shows an IPv4 peer that way, but no IPv6 packet carries
 * such an address: a firewall sees the IPv4 packet, so the validator, the zones, the planner and the
 * emitters all treat the mapped spelling as the IPv4 address (rules say `ip daddr 192.0.2.11`).
 * An IPv6 network wider than /96 that happens to contain the block (`::/0`, `::/64`) stays IPv6 and
 * does not contain IPv4 hosts, whatever their spelling. The written form is not kept past the
 * validator (whose diagnostics quote it at its line and column): the planner writes every address
 * in its shortest spelling (Endpoint.addresses say 192.0.2.11), so a report, a rule and a probe name
 * a host the same way.
 */

export type Family = 4 | 6;
export type Interval = readonly [from: bigint, to: bigint];

export const FAMILY_BITS: Record<Family, number> = { 4: 32, 6: 128 };

const MAPPED_PREFIX = 0xffffn << 32n;
const MAPPED_BITS = 96;

/** Why a text is not an address or a network, in words a diagnostic can quote after the text. */
export interface AddressError {
  readonly input: string;
  readonly reason: string;
}

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: AddressError };

/** One address or network as written, read in its family (a mapped IPv6 spelling already as IPv4). */
export interface Cidr {
  readonly family: Family;
  /** The address before the slash, host bits included. */
  readonly address: bigint;
  /** 32 or 128 for a single address. */
  readonly prefix: number;
  /** Written in the IPv4-mapped IPv6 form (::ffff:192.0.2.11). */
  readonly mapped: boolean;
}

export class AddressSyntaxError extends Error {
  constructor(readonly error: AddressError) {
    super(`"${error.input}" is not an IPv4 or IPv6 address or network: ${error.reason}`);
    this.name = 'AddressSyntaxError';
  }
}

const fail = (input: string, reason: string): Parsed<never> => ({ ok: false, error: { input, reason } });

/** Dotted numbers inet_aton would take (10.1, 0x7f.0.0.1, 010.0.0.1) but a topology may not. */
const IPV4_LIKE = /^(?:0x[0-9a-f]*|\d+)(?:\.(?:0x[0-9a-f]*|\d+))*\.?$/i;
const IPV4_REASON = 'IPv4 is four decimal numbers from 0 to 255 without leading zeros, such as 192.0.2.11';

/** A single address (no prefix), such as 192.0.2.11, 2001:db8::11 or ::ffff:192.0.2.11. */
export function parseAddress(text: string): Parsed<Cidr> {
  if (text.includes('/')) return fail(text, 'a single address takes no /prefix');
  const read = readAddress(text);
  if (!read.ok) return read;
  const { family, value } = read.value;
  if (family === 6 && isMapped(value))
    return { ok: true, value: { family: 4, address: value & 0xffffffffn, prefix: 32, mapped: true } };
  return { ok: true, value: { family, address: value, prefix: FAMILY_BITS[family], mapped: false } };
}

/** A network in CIDR notation, such as 192.0.2.0/24, 2001:db8::/64 or ::ffff:192.0.2.0/120. */
export function parseNetwork(text: string): Parsed<Cidr> {
  const slash = text.indexOf('/');
  if (slash < 0) return fail(text, 'a network needs a /prefix, such as 192.0.2.0/24 (one host: /32)');
  const bits = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return fail(text, `the prefix "${bits}" is not a number of bits`);
  const read = readAddress(text.slice(0, slash));
  if (!read.ok) return { ok: false, error: { input: text, reason: read.error.reason } };
  const { family, value } = read.value;
  const prefix = Number(bits);
  if (prefix > FAMILY_BITS[family])
    return fail(text, `an IPv${family} prefix is at most ${FAMILY_BITS[family]} bits`);
  // Only a network inside the mapped block is IPv4; a wider one is IPv6 space that contains it.
  if (family === 6 && prefix >= MAPPED_BITS && isMapped(value))
    return {
      ok: true,
      value: { family: 4, address: value & 0xffffffffn, prefix: prefix - MAPPED_BITS, mapped: true },
    };
  return { ok: true, value: { family, address: value, prefix, mapped: false } };
}

/** An address or a network: what a zone list or an endpoint holds. */
export function parseAddressOrNetwork(text: string): Parsed<Cidr> {
  return text.includes('/') ? parseNetwork(text) : parseAddress(text);
}

/** First and last address of a network: the written address with its host bits cleared and set. */
export function cidrRange(cidr: Cidr): Interval {
  const hostMask = (1n << BigInt(FAMILY_BITS[cidr.family] - cidr.prefix)) - 1n;
  const from = cidr.address & ~hostMask;
  return [from, from | hostMask];
}

/** True when the written address has bits past the prefix (192.0.2.5/24): firewalls read the network. */
export function hasHostBits(cidr: Cidr): boolean {
  return cidrRange(cidr)[0] !== cidr.address;
}

/** The network in its shortest spelling, in its family: "192.0.2.0/24" for ::ffff:192.0.2.5/120. */
export function networkText(cidr: Cidr): string {
  return `${formatAddress(cidr.family, cidrRange(cidr)[0])}/${cidr.prefix}`;
}

/** The address before the slash in its shortest spelling: "192.0.2.5" for ::ffff:192.0.2.5/120. */
export function addressText(cidr: Cidr): string {
  return formatAddress(cidr.family, cidr.address);
}

/** Dotted decimal for IPv4, RFC 5952 for IPv6. */
export function formatAddress(family: Family, value: bigint): string {
  if (family === 4) {
    const n = Number(value);
    return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  }
  const bytes: number[] = new Array(16);
  let v = value;
  for (let i = 15; i >= 0; i--) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return ipaddr.fromByteArray(bytes).toString();
}

function isMapped(value: bigint): boolean {
  return value >> 32n === MAPPED_PREFIX >> 32n;
}

/** Four decimal parts from 0 to 255 without leading zeros (what ipaddr.js calls four-part decimal). */
const IPV4_PART = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${IPV4_PART}\\.${IPV4_PART}\\.${IPV4_PART}\\.${IPV4_PART}$`);

function readAddress(text: string): Parsed<{ family: Family; value: bigint }> {
  // Dotted IPv4 is nearly every address of a topology: read it without a round trip through ipaddr.js.
  const v4 = IPV4.exec(text);
  if (v4) {
    const value = v4.slice(1).reduce((n, part) => n * 256 + Number(part), 0);
    return { ok: true, value: { family: 4, value: BigInt(value) } };
  }
  if (!text.includes(':')) {
    return fail(text, IPV4_LIKE.test(text) ? IPV4_REASON : 'not an IPv4 or IPv6 address');
  }
  if (text.includes('%')) return fail(text, 'an IPv6 zone index (%eth0) has no meaning in a firewall rule');
  // ipaddr.js reads "::ffff:192.0.2.011" as 192.0.2.11; inet_pton and firewalls may not.
  const dotted = text.slice(text.lastIndexOf(':') + 1);
  if (dotted.includes('.') && !IPV4.test(dotted))
    return fail(text, `the IPv4 part "${dotted}": ${IPV4_REASON}`);
  if (!ipaddr.IPv6.isValid(text)) return fail(text, 'not a valid IPv6 address');
  return { ok: true, value: { family: 6, value: toBigInt(ipaddr.IPv6.parse(text).toByteArray()) } };
}

function toBigInt(bytes: readonly number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

const FULL: Record<Family, readonly Interval[]> = {
  4: [[0n, (1n << 32n) - 1n]],
  6: [[0n, (1n << 128n) - 1n]],
};

export class AddressSet {
  /** Sorted, disjoint and non-adjacent per family. */
  private constructor(
    private readonly v4: readonly Interval[],
    private readonly v6: readonly Interval[],
  ) {}

  static readonly empty = new AddressSet([], []);
  /** Every address of both families: a zone written `any` (the internet). */
  static readonly any = new AddressSet(FULL[4], FULL[6]);

  /**
   * Reads addresses, networks and the word `any`, as zones and endpoints hold them. Throws
   * AddressSyntaxError: code that reads user input calls parseAddressOrNetwork and reports the error.
   */
  static parse(items: Iterable<string>): AddressSet {
    const cidrs: Cidr[] = [];
    for (const text of items) {
      if (text === 'any') return AddressSet.any;
      const parsed = parseAddressOrNetwork(text);
      if (!parsed.ok) throw new AddressSyntaxError(parsed.error);
      cidrs.push(parsed.value);
    }
    return AddressSet.of(...cidrs);
  }

  static of(...cidrs: Cidr[]): AddressSet {
    // One network is already normalised: the planner builds one such set per host.
    if (cidrs.length === 1) {
      const only = [cidrRange(cidrs[0]!)];
      return cidrs[0]!.family === 4 ? new AddressSet(only, []) : new AddressSet([], only);
    }
    const v4: Interval[] = [];
    const v6: Interval[] = [];
    for (const c of cidrs) (c.family === 4 ? v4 : v6).push(cidrRange(c));
    return AddressSet.fromIntervals(v4, v6);
  }

  /** From arbitrary (unsorted, overlapping) intervals; values must lie inside their family. */
  static fromIntervals(v4: Iterable<Interval>, v6: Iterable<Interval>): AddressSet {
    return new AddressSet(normalise(checked(4, v4)), normalise(checked(6, v6)));
  }

  /** The union of many sets, normalised once. */
  static unionOf(sets: Iterable<AddressSet>): AddressSet {
    const v4: Interval[] = [];
    const v6: Interval[] = [];
    // One push per interval: spreading a large set into push() overflows the call stack.
    for (const s of sets) {
      for (const r of s.v4) v4.push(r);
      for (const r of s.v6) v6.push(r);
    }
    return new AddressSet(normalise(v4), normalise(v6));
  }

  get isAny(): boolean {
    return sameIntervals(this.v4, FULL[4]) && sameIntervals(this.v6, FULL[6]);
  }

  get isEmpty(): boolean {
    return this.v4.length === 0 && this.v6.length === 0;
  }

  intervals(family: Family): readonly Interval[] {
    return family === 4 ? this.v4 : this.v6;
  }

  hasFamily(family: Family): boolean {
    return this.intervals(family).length > 0;
  }

  /** The part of the set in one family. */
  only(family: Family): AddressSet {
    return family === 4 ? new AddressSet(this.v4, []) : new AddressSet([], this.v6);
  }

  has(family: Family, value: bigint): boolean {
    return indexOf(this.intervals(family), value) >= 0;
  }

  union(other: AddressSet): AddressSet {
    if (other.isEmpty) return this;
    if (this.isEmpty) return other;
    return new AddressSet(normalise([...this.v4, ...other.v4]), normalise([...this.v6, ...other.v6]));
  }

  intersect(other: AddressSet): AddressSet {
    return new AddressSet(intersect(this.v4, other.v4), intersect(this.v6, other.v6));
  }

  difference(other: AddressSet): AddressSet {
    return new AddressSet(difference(this.v4, other.v4), difference(this.v6, other.v6));
  }

  /** True when every address of `other` is in this set. */
  contains(other: AddressSet): boolean {
    return containsAll(this.v4, other.v4) && containsAll(this.v6, other.v6);
  }

  overlaps(other: AddressSet): boolean {
    return !this.intersect(other).isEmpty;
  }

  equals(other: AddressSet): boolean {
    return sameIntervals(this.v4, other.v4) && sameIntervals(this.v6, other.v6);
  }

  private cachedKey: string | undefined;

  /** Stable text key for grouping: "any", or the CIDRs of each family. */
  key(): string {
    if (this.cachedKey === undefined)
      this.cachedKey = this.isAny ? 'any' : `${this.cidrs(4).join(',')}|${this.cidrs(6).join(',')}`;
    return this.cachedKey;
  }

  /** The address, when the set is exactly one address: what a probe connects to or a listener binds. */
  get host(): string | undefined {
    const [family, other] = this.v4.length > 0 ? ([4, this.v6] as const) : ([6, this.v4] as const);
    const list = this.intervals(family);
    if (other.length > 0 || list.length !== 1 || list[0]![0] !== list[0]![1]) return undefined;
    return formatAddress(family, list[0]![0]);
  }

  /** The fewest CIDR blocks that cover exactly this family's addresses, in address order. */
  cidrs(family: Family): string[] {
    return this.intervals(family).flatMap(([from, to]) =>
      intervalBlocks(family, from, to).map(([start, prefix]) => `${formatAddress(family, start)}/${prefix}`),
    );
  }

  /** Every CIDR of both families, IPv4 first. */
  allCidrs(): string[] {
    return [...this.cidrs(4), ...this.cidrs(6)];
  }

  /** Every CIDR of both families as firewalls write them: a single host without /32 or /128. */
  hostForms(): string[] {
    return this.allCidrs().map(AddressSet.hostForm);
  }

  /** The set cut into its CIDR blocks, one set each, IPv4 first. */
  blocks(): AddressSet[] {
    return ([4, 6] as const).flatMap((family) =>
      this.intervals(family).flatMap(([from, to]) =>
        intervalBlocks(family, from, to).map(([start, prefix]) =>
          AddressSet.of({ family, address: start, prefix, mapped: false }),
        ),
      ),
    );
  }

  /** "any", or the host forms separated by commas. */
  toString(): string {
    return this.isAny ? 'any' : this.hostForms().join(',');
  }

  /** ["any"] or the CIDRs: sets inside a flow serialise (bigints alone would make JSON.stringify throw). */
  toJSON(): string[] {
    return this.isAny ? ['any'] : this.allCidrs();
  }

  /** A single host without its /32 or /128 (nft, iptables and Windows accept both; people read this). */
  static hostForm(cidr: string): string {
    if (cidr.includes(':')) return cidr.endsWith('/128') ? cidr.slice(0, -4) : cidr;
    return cidr.endsWith('/32') ? cidr.slice(0, -3) : cidr;
  }
}

function checked(family: Family, list: Iterable<Interval>): Interval[] {
  const max = FULL[family][0]![1];
  const out: Interval[] = [];
  for (const [from, to] of list) {
    if (from < 0n || to > max || from > to)
      throw new RangeError(`[${from}, ${to}] is not an interval of IPv${family} addresses`);
    out.push([from, to]);
  }
  return out;
}

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function normalise(list: readonly Interval[]): Interval[] {
  const sorted = [...list].sort((a, b) => compareBig(a[0], b[0]));
  const merged: Array<[bigint, bigint]> = [];
  for (const [from, to] of sorted) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1] + 1n) {
      if (to > last[1]) last[1] = to;
    } else merged.push([from, to]);
  }
  return merged;
}

function sameIntervals(a: readonly Interval[], b: readonly Interval[]): boolean {
  return a.length === b.length && a.every((r, i) => r[0] === b[i]![0] && r[1] === b[i]![1]);
}

/** Index of the interval holding `value`, or -1. */
function indexOf(list: readonly Interval[], value: bigint): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = list[mid]!;
    if (value < a) hi = mid - 1;
    else if (value > b) lo = mid + 1;
    else return mid;
  }
  return -1;
}

function containsAll(outer: readonly Interval[], inner: readonly Interval[]): boolean {
  // A loop, not every(callback): zone lookups ask this once per server and zone network.
  for (let k = 0; k < inner.length; k++) {
    const [from, to] = inner[k]!;
    const i = indexOf(outer, from);
    if (i < 0 || to > outer[i]![1]) return false;
  }
  return true;
}

function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [a1, b1] = a[i]!;
    const [a2, b2] = b[j]!;
    // Math.max and Math.min take no bigint.
    const lo = [a1, a2].sort(compareBig)[1]!;
    const hi = [b1, b2].sort(compareBig)[0]!;
    if (lo <= hi) out.push([lo, hi]);
    if (b1 < b2) i++;
    else j++;
  }
  return out;
}

function difference(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const [from, to] of a) {
    let start = from;
    while (j < b.length && b[j]![1] < start) j++;
    for (let k = j; k < b.length && b[k]![0] <= to && start <= to; k++) {
      const [bFrom, bTo] = b[k]!;
      if (bFrom > start) out.push([start, bFrom - 1n]);
      if (bTo + 1n > start) start = bTo + 1n;
    }
    if (start <= to) out.push([start, to]);
  }
  return out;
}

/** Splits [from, to] into the largest aligned blocks, left to right, as [start, prefix]. */
function intervalBlocks(family: Family, from: bigint, to: bigint): Array<[bigint, number]> {
  const bits = FAMILY_BITS[family];
  const out: Array<[bigint, number]> = [];
  let start = from;
  while (start <= to) {
    let size = 0;
    // Grow the block while it stays aligned at `start` and inside the interval.
    while (size < bits) {
      const next = 1n << BigInt(size + 1);
      if ((start & (next - 1n)) !== 0n || start + next - 1n > to) break;
      size++;
    }
    out.push([start, bits - size]);
    start += 1n << BigInt(size);
  }
  return out;
}
