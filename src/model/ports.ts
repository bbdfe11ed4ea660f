/**
 * Port numbers as normalised interval sets. Planning, rule compaction and audit all reason about
 * port ranges; keeping them as sorted, disjoint, non-adjacent intervals means equality is structural
 * and no operation can silently widen a range.
 */

export type PortRange = readonly [from: number, to: number];

export const MIN_PORT = 0;
export const MAX_PORT = 65535;

export class PortSet {
  /** Sorted, disjoint and non-adjacent: [[1,3],[5,5]] never [[1,3],[4,5]]. */
  readonly ranges: readonly PortRange[];

  private constructor(ranges: readonly PortRange[]) {
    this.ranges = ranges;
    Object.freeze(this.ranges);
  }

  static readonly empty = new PortSet([]);

  static of(...items: Array<number | PortRange>): PortSet {
    return PortSet.fromRanges(items.map((i) => (typeof i === 'number' ? ([i, i] as const) : i)));
  }

  static range(from: number, to: number): PortSet {
    return PortSet.fromRanges([[from, to]]);
  }

  /**
   * The ports of a run written as a first port and a count (how the vendor's cmdlets and the topology
   * state media ranges), cut at the last port.
   */
  static run(r: { readonly start: number; readonly count: number }): PortSet {
    return PortSet.range(r.start, Math.min(MAX_PORT, r.start + r.count - 1));
  }

  static fromRanges(ranges: Iterable<PortRange>): PortSet {
    const list: Array<[number, number]> = [];
    for (const [from, to] of ranges) {
      assertPort(from);
      assertPort(to);
      if (from > to) throw new RangeError(`port range ${from}-${to} is reversed`);
      list.push([from, to]);
    }
    list.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const merged: Array<[number, number]> = [];
    for (const r of list) {
      const last = merged[merged.length - 1];
      if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    }
    return new PortSet(merged.map((r) => Object.freeze(r) as PortRange));
  }

  /** Parses "5061", "50000-50019" and comma lists of both ("80,443,4443"). */
  static parse(text: string): PortSet {
    const parts = text.split(',').map((p) => p.trim());
    const ranges: PortRange[] = [];
    for (const part of parts) {
      const m = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(part);
      if (!m) throw new PortSyntaxError(text, `"${part}" is not a port or a range such as 50000-50019`);
      const from = Number(m[1]);
      const to = m[2] === undefined ? from : Number(m[2]);
      if (from > MAX_PORT || to > MAX_PORT)
        throw new PortSyntaxError(text, `ports run from 0 to ${MAX_PORT}`);
      if (from > to) throw new PortSyntaxError(text, `range ${from}-${to} is reversed`);
      ranges.push([from, to]);
    }
    return PortSet.fromRanges(ranges);
  }

  get isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  /** Number of ports in the set. */
  get size(): number {
    let n = 0;
    for (const [a, b] of this.ranges) n += b - a + 1;
    return n;
  }

  has(port: number): boolean {
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [a, b] = this.ranges[mid]!;
      if (port < a) hi = mid - 1;
      else if (port > b) lo = mid + 1;
      else return true;
    }
    return false;
  }

  union(other: PortSet): PortSet {
    if (other.isEmpty) return this;
    if (this.isEmpty) return other;
    return PortSet.fromRanges([...this.ranges, ...other.ranges]);
  }

  intersect(other: PortSet): PortSet {
    const out: PortRange[] = [];
    let i = 0;
    let j = 0;
    while (i < this.ranges.length && j < other.ranges.length) {
      const [a1, b1] = this.ranges[i]!;
      const [a2, b2] = other.ranges[j]!;
      const lo = Math.max(a1, a2);
      const hi = Math.min(b1, b2);
      if (lo <= hi) out.push([lo, hi]);
      if (b1 < b2) i++;
      else j++;
    }
    return new PortSet(out);
  }

  difference(other: PortSet): PortSet {
    const out: PortRange[] = [];
    let j = 0;
    for (const [a, b] of this.ranges) {
      let start = a;
      while (j < other.ranges.length && other.ranges[j]![1] < start) j++;
      let k = j;
      while (k < other.ranges.length && other.ranges[k]![0] <= b) {
        const [oa, ob] = other.ranges[k]!;
        if (oa > start) out.push([start, oa - 1]);
        start = Math.max(start, ob + 1);
        if (start > b) break;
        k++;
      }
      if (start <= b) out.push([start, b]);
    }
    return new PortSet(out);
  }

  /** True when every port of `other` is in this set. */
  contains(other: PortSet): boolean {
    return other.difference(this).isEmpty;
  }

  overlaps(other: PortSet): boolean {
    return !this.intersect(other).isEmpty;
  }

  equals(other: PortSet): boolean {
    if (this.ranges.length !== other.ranges.length) return false;
    return this.ranges.every((r, i) => r[0] === other.ranges[i]![0] && r[1] === other.ranges[i]![1]);
  }

  /** Stable key for maps and merging. */
  key(): string {
    return this.toString();
  }

  /**
   * Each single port or range as text, "443" and "50000-59999", with the range separator of the target
   * syntax (iptables writes "50000:59999").
   */
  items(separator: '-' | ':' = '-'): string[] {
    return this.ranges.map(([a, b]) => (a === b ? String(a) : `${a}${separator}${b}`));
  }

  /** "80,443,50000-59999" (the form most firewalls and PowerShell accept). */
  toString(): string {
    return this.items().join(',');
  }

  toJSON(): Array<[number, number]> {
    return this.ranges.map(([a, b]) => [a, b]);
  }

  *ports(): IterableIterator<number> {
    for (const [a, b] of this.ranges) for (let p = a; p <= b; p++) yield p;
  }
}

export class PortSyntaxError extends Error {
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`invalid port "${input}": ${reason}`);
    this.name = 'PortSyntaxError';
  }
}

function assertPort(p: number): void {
  if (!Number.isInteger(p) || p < MIN_PORT || p > MAX_PORT) throw new RangeError(`${p} is not a port number`);
}

/** "80,443,50000-59999" for normalised ranges as flows and catalog entries carry them. */
export function portRangesText(ranges: readonly PortRange[]): string {
  return PortSet.fromRanges(ranges).toString();
}
