/**
 * How long to wait for an answer, learnt from the answers of the same run: until a few round trips are
 * known, the user's maximum; then `factor` times the 95th percentile, never below a floor (so one lucky
 * fast answer cannot turn slow hosts into "filtered") and never above the maximum.
 */
export class AdaptiveTimeout {
  private readonly samples: number[] = [];
  private cached: number | undefined;

  constructor(
    readonly maxMs: number,
    readonly floorMs = Math.min(100, maxMs),
    readonly factor = 4,
    readonly minSamples = 3,
    private readonly window = 512,
  ) {}

  record(rttMs: number): void {
    if (!Number.isFinite(rttMs) || rttMs < 0) return;
    this.samples.push(rttMs);
    if (this.samples.length > this.window) this.samples.shift();
    this.cached = undefined;
  }

  get sampleCount(): number {
    return this.samples.length;
  }

  /** 95th percentile of the round trips seen so far (nearest rank), or undefined with none. */
  p95(): number | undefined {
    if (this.samples.length === 0) return undefined;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];
  }

  current(): number {
    if (this.cached !== undefined) return this.cached;
    const p95 = this.p95();
    this.cached =
      p95 === undefined || this.samples.length < this.minSamples
        ? this.maxMs
        : Math.min(this.maxMs, Math.max(this.floorMs, this.factor * p95));
    return this.cached;
  }
}
