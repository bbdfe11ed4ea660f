import { probeSip } from './sip-probe.js';
import { probeTcp } from './tcp.js';
import { AdaptiveTimeout } from './timing.js';
import { probeTls } from './tls.js';
import type { CheckResult, Probe, ProbeName, ProbeOutcome, ProbeTarget } from './types.js';
import { probeMsTurn, probeSqlBrowser, probeStun, probeUdp } from './udp.js';

/** Port probes by name; `dns` checks records, not ports, and runs apart (see dns.ts). */
export const PORT_PROBES: Readonly<Record<Exclude<ProbeName, 'dns'>, Probe>> = {
  tcp: probeTcp,
  tls: probeTls,
  sip: probeSip,
  stun: probeStun,
  msturn: probeMsTurn,
  'sql-browser': probeSqlBrowser,
  udp: probeUdp,
};

export interface CheckTarget {
  readonly target: ProbeTarget;
  readonly flow?: string;
  /** Other flows that need the same address, port and probe (probed once). */
  readonly alsoFlows?: readonly string[];
  readonly required: boolean;
}

export interface RunOptions {
  readonly concurrency: number;
  /**
   * Budget for the first answer; adapts to the run's round trips. TCP and UDP learn apart (from a copy
   * for UDP): a handshake is answered by the kernel, a datagram by a program, which can be much slower.
   */
  readonly timeout: AdaptiveTimeout;
  /** Budget for the protocol exchange once the port answered (TLS handshake, SIP answer, banner). */
  readonly exchangeTimeoutMs: number;
  /** Extra attempts for targets that did not answer at all (1: one retry, as the brief asks). */
  readonly retries: number;
  readonly token?: string;
  readonly onProgress?: (done: number, total: number) => void;
  /** Stops the run early (Ctrl-C); unfinished targets are reported as not answered. */
  readonly signal?: AbortSignal;
}

interface Attempt {
  readonly timeout: AdaptiveTimeout;
  readonly index: number;
  readonly number: number;
  readonly controller: AbortController;
  readonly started: number;
  answeredAt?: number;
}

const TICK_MS = 10;

function unanswered(o: ProbeOutcome): boolean {
  return o.rttMs === undefined && (o.state === 'filtered' || o.state === 'open|filtered');
}

/**
 * Probes every target with at most `concurrency` in flight. One ticker enforces the deadlines, so a
 * deadline that shrinks as round trips are learnt also applies to probes already running.
 */
export function runChecks(targets: readonly CheckTarget[], options: RunOptions): Promise<CheckResult[]> {
  const results: Array<CheckResult | undefined> = new Array(targets.length);
  const queue: Array<{ index: number; number: number }> = targets.map((_, index) => ({ index, number: 1 }));
  const inflight = new Set<Attempt>();
  let finished = 0;
  // Slow start, as TCP does: a burst of hundreds of sockets at once would delay every callback and
  // inflate the round trips the timeout learns from. Each answer widens the window by one.
  let window = Math.min(options.concurrency, 8);
  const base = options.timeout;
  const timeouts = {
    tcp: base,
    udp: new AdaptiveTimeout(base.maxMs, base.floorMs, base.factor, base.minSamples),
  };
  return new Promise((resolve, reject) => {
    if (targets.length === 0) return resolve([]);
    let stopped = false;
    const ticker = setInterval(() => {
      const now = performance.now();
      for (const a of inflight) {
        const late =
          a.answeredAt === undefined
            ? now - a.started > a.timeout.current()
            : now - a.answeredAt > options.exchangeTimeoutMs;
        if (late) a.controller.abort();
      }
    }, TICK_MS);
    const stop = (err?: unknown) => {
      if (stopped) return;
      stopped = true;
      clearInterval(ticker);
      options.signal?.removeEventListener('abort', onOuterAbort);
      for (const a of inflight) a.controller.abort();
      if (err) reject(err);
      else resolve(results.filter((r): r is CheckResult => r !== undefined));
    };
    const onOuterAbort = () => {
      queue.length = 0;
      for (const a of inflight) a.controller.abort();
    };
    options.signal?.addEventListener('abort', onOuterAbort, { once: true });
    if (options.signal?.aborted) onOuterAbort();

    const record = (index: number, number: number, outcome: ProbeOutcome) => {
      const t = targets[index]!;
      results[index] = {
        host: t.target.host,
        port: t.target.port,
        transport: t.target.transport,
        state: outcome.state,
        probe: t.target.probe,
        rtt_ms: outcome.rttMs === undefined ? null : Math.round(outcome.rttMs * 1000) / 1000,
        ...(t.flow !== undefined && { flow: t.flow }),
        ...(t.alsoFlows !== undefined && { also_flows: t.alsoFlows }),
        required: t.required,
        attempts: number,
        detail: outcome.detail,
      };
      finished++;
      options.onProgress?.(finished, targets.length);
    };

    const launch = () => {
      while (!stopped && inflight.size < window && queue.length > 0) {
        const next = queue.shift()!;
        const t = targets[next.index]!;
        if (t.target.probe === 'dns') {
          stop(new Error('the dns probe checks records, not ports; run it through checkDiscoveryRecords'));
          return;
        }
        const attempt: Attempt = {
          timeout: timeouts[t.target.transport],
          index: next.index,
          number: next.number,
          controller: new AbortController(),
          started: performance.now(),
        };
        inflight.add(attempt);
        const probe = PORT_PROBES[t.target.probe];
        probe(t.target, {
          signal: attempt.controller.signal,
          ...(options.token !== undefined && { token: options.token }),
          answered: (rttMs) => {
            attempt.answeredAt = performance.now();
            attempt.timeout.record(rttMs);
          },
        }).then(
          (outcome) => {
            inflight.delete(attempt);
            if (outcome.rttMs !== undefined && attempt.answeredAt === undefined)
              attempt.timeout.record(outcome.rttMs);
            if (outcome.rttMs !== undefined) window = Math.min(options.concurrency, window + 1);
            const retry =
              unanswered(outcome) && attempt.number <= options.retries && !options.signal?.aborted;
            if (retry) queue.push({ index: attempt.index, number: attempt.number + 1 });
            else record(attempt.index, attempt.number, outcome);
            if (queue.length === 0 && inflight.size === 0) stop();
            else launch();
          },
          (err: unknown) => {
            inflight.delete(attempt);
            stop(err);
          },
        );
      }
    };
    launch();
    if (queue.length === 0 && inflight.size === 0) stop();
  });
}
