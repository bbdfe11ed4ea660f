import { isIP } from 'node:net';

/**
 * Token buckets for the UDP side of `listen`. A datagram's source address can be forged, so what
 * the responder sends back is limited three ways: per source address, in total across every port,
 * and (in listen.ts) never more bytes than the datagram that asked.
 */

export interface Rate {
  /** Answers per second, refilled continuously. */
  readonly perSecond: number;
  /** Answers that may go out at once after a quiet period. */
  readonly burst: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: Rate,
    now: number,
  ) {
    this.tokens = rate.burst;
    this.last = now;
  }

  take(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** True when the bucket is full again: the source has been quiet long enough to be forgotten. */
  idle(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.rate.burst;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.rate.burst, this.tokens + elapsed * this.rate.perSecond);
  }
}

export type DropReason = 'source-rate' | 'global-rate';

/**
 * Who a datagram counts against: the IPv4 address, or the /64 of an IPv6 address (one host can
 * hold a whole /64, so counting addresses one by one would give it millions of buckets).
 */
export function sourceKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isIP(address) !== 6) return address;
  const [head = '', tail] = address.toLowerCase().split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups =
    tail === undefined ? h : [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t];
  return `${groups
    .slice(0, 4)
    .map((g) => (Number.parseInt(g, 16) || 0).toString(16))
    .join(':')}::/64`;
}

/**
 * The gate every UDP answer passes: one bucket per source, one for everything. A source that is
 * refused even once is remembered as "flooding" (the summary does not count it as reached: its
 * address may well be a victim's). Source buckets are bounded in number; past the bound, sources
 * that are new share one bucket.
 */
export class UdpGate {
  private readonly global: TokenBucket;
  private readonly sources = new Map<string, TokenBucket>();
  private readonly overflow: TokenBucket;
  private lastPrune = Number.NEGATIVE_INFINITY;
  readonly dropped: Record<DropReason, number> = { 'source-rate': 0, 'global-rate': 0 };
  readonly flooding = new Set<string>();

  constructor(
    private readonly perSource: Rate,
    global: Rate,
    private readonly now: () => number = () => performance.now(),
    private readonly maxSources = 10_000,
  ) {
    const t = now();
    this.global = new TokenBucket(global, t);
    this.overflow = new TokenBucket(perSource, t);
  }

  /** Undefined when the answer may go out (and is counted), else why not. */
  admit(address: string): DropReason | undefined {
    const now = this.now();
    const key = sourceKey(address);
    const bucket = this.bucketFor(key, now);
    if (!bucket.take(now)) {
      this.dropped['source-rate']++;
      if (this.flooding.size < this.maxSources) this.flooding.add(key);
      return 'source-rate';
    }
    if (!this.global.take(now)) {
      this.dropped['global-rate']++;
      return 'global-rate';
    }
    return undefined;
  }

  private bucketFor(key: string, now: number): TokenBucket {
    const known = this.sources.get(key);
    if (known) return known;
    // A sweep is a walk over every bucket: at most one a second, so new sources cannot make it a cost.
    if (this.sources.size >= this.maxSources && now - this.lastPrune >= 1000) {
      this.lastPrune = now;
      for (const [k, b] of this.sources) if (b.idle(now)) this.sources.delete(k);
    }
    if (this.sources.size >= this.maxSources) {
      if (this.sources.size >= this.maxSources) return this.overflow;
    }
    const b = new TokenBucket(this.perSource, now);
    this.sources.set(key, b);
    return b;
  }
}
