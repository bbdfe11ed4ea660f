/**
 * How long to wait for a first answer, learnt from the answers of the same run, as nmap does (and TCP's
 * retransmission timer, RFC 6298): until a few round trips are known, the user's maximum; then the
 * smoothed round trip plus `factor` times its mean deviation, never below a floor and never above the
 * maximum. The smoothing forgets the first, slow answers of a process that has just started (its code
 * not yet compiled), where a percentile of every sample kept them for the whole run.
 *
 * The floor defaults to 100 ms, nmap's own --min-rtt-timeout. It is what keeps a loaded machine from
 * calling open ports filtered, together with the scheduler's rule that a deadline never ends a probe
 * before the event loop has read what the kernel already received (tcp.ts, udp.ts: the abort waits for
 * setImmediate, after the poll phase). Time this process spends descheduled or busy therefore cannot
 * turn an answer into silence; only the path itself can, and no LAN or veth path takes 100 ms. A slower
 * path raises the deadline through its own samples (a WAN at 150 ms gets about 150 + 4 x 40 ms).
 */
export class AdaptiveTimeout {
  private srtt: number | undefined;
  private rttvar = 0;
  private samples = 0;

  constructor(
    readonly maxMs: number,
    readonly floorMs = Math.min(100, maxMs),
    readonly factor = 4,
    readonly minSamples = 3,
  ) {}

  record(rttMs: number): void {
    if (!Number.isFinite(rttMs) || rttMs < 0) return;
    this.samples++;
    if (this.srtt === undefined) {
      this.srtt = rttMs;
      this.rttvar = rttMs / 2;
    } else {
      this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - rttMs);
      this.srtt = 0.875 * this.srtt + 0.125 * rttMs;
    }
  }

  get sampleCount(): number {
    return this.samples;
  }

  /** The smoothed round trip so far, or undefined with none. */
  smoothed(): number | undefined {
    return this.srtt;
  }

  current(): number {
    if (this.srtt === undefined || this.samples < this.minSamples) return this.maxMs;
    return Math.min(this.maxMs, Math.max(this.floorMs, this.srtt + this.factor * this.rttvar));
  }
}
