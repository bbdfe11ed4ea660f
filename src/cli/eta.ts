/**
 * The time left of a run of probes, from the rate at which they have been completing lately.
 *
 * Probes do not complete at a steady pace: open and closed ports answer in milliseconds, and a wave of
 * filtered ports completes only when its deadline passes, all at once. A rate measured over the last
 * few completions (what cli-progress does) falls to nearly nothing during such a wave, and the
 * estimate leaps from 37 s to 81,784 s and back. Here the rate is an exponentially weighted average
 * over the last `windowSeconds` or so: every completion adds to it, and it decays with time, so a
 * pause of a few seconds moves the estimate by a few tens of per cent, and a stall that lasts makes it
 * grow as it should. Pure: the caller passes the time.
 */
export class CompletionEta {
  /** Completions per second, weighted towards the last `windowSeconds`; not yet corrected for the start. */
  private rate = 0;
  private done = 0;
  private last: number;

  constructor(
    private readonly total: number,
    private readonly startMs: number,
    private readonly windowSeconds = 10,
  ) {
    this.last = startMs;
  }

  /** Records that `done` probes of the total have completed by `nowMs`. */
  observe(done: number, nowMs: number): void {
    const added = Math.max(0, done - this.done);
    this.rate = this.decayed(nowMs) + added / this.windowSeconds;
    this.done = Math.max(this.done, done);
    this.last = Math.max(this.last, nowMs);
  }

  /** Seconds until the last probe completes at the recent rate; undefined before the first completion. */
  secondsLeft(nowMs: number): number | undefined {
    const remaining = this.total - this.done;
    if (remaining <= 0) return 0;
    const rate = this.correctedRate(nowMs);
    if (this.done === 0 || rate <= 0) return undefined;
    return remaining / rate;
  }

  private decayed(nowMs: number): number {
    const dt = Math.max(0, nowMs - this.last) / 1000;
    return this.rate * Math.exp(-dt / this.windowSeconds);
  }

  /**
   * The average starts at zero, so over the first seconds it is too low by the weight the time before
   * the start would have had; dividing by the weight of the time observed makes the first estimate
   * completions / elapsed, and fades out as the run goes on.
   */
  private correctedRate(nowMs: number): number {
    const elapsed = Math.max(0, nowMs - this.startMs) / 1000;
    const observedWeight = 1 - Math.exp(-elapsed / this.windowSeconds);
    return observedWeight > 0 ? this.decayed(nowMs) / observedWeight : 0;
  }
}

/** "about 37 s", "about 2 min 5 s", "about 3 h 20 min"; "estimating" before there is a rate. */
export function etaText(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return 'estimating';
  const s = Math.ceil(seconds);
  if (s < 60) return `about ${s} s`;
  if (s < 3600) return `about ${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 100 * 3600) return `about ${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return 'more than 99 h';
}
