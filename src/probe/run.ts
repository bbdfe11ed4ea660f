import { isTransientLocalError } from './local-error.js';
import { probeTcp } from './tcp.js';
import { AdaptiveTimeout } from './timing.js';
import type { CheckResult, Probe, ProbeName, ProbeOutcome, ProbeTarget } from './types.js';

/**
 * A probe whose module loads on its first use: a TCP-only check starts without node:tls, the SIP and
 * STUN codecs and the UDP probes. The probe's deadline starts when its first packet leaves (ctx.sent),
 * so the load does not eat into it.
 */
function onFirstUse(load: () => Promise<Probe>): Probe {
  let loading: Promise<Probe> | undefined;
  return async (target, ctx) => {
    loading ??= load();
    return (await loading)(target, ctx);
  };
}

/** Port probes by name; `dns` checks records, not ports, and runs apart (see dns.ts). */
export const PORT_PROBES: Readonly<Record<Exclude<ProbeName, 'dns'>, Probe>> = {
  tcp: probeTcp,
  tls: onFirstUse(async () => (await import('./tls.js')).probeTls),
  sip: onFirstUse(async () => (await import('./sip-probe.js')).probeSip),
  stun: onFirstUse(async () => (await import('./udp.js')).probeStun),
  msturn: onFirstUse(async () => (await import('./udp.js')).probeMsTurn),
  'sql-browser': onFirstUse(async () => (await import('./udp.js')).probeSqlBrowser),
  udp: onFirstUse(async () => (await import('./udp.js')).probeUdp),
};

export interface CheckTarget {
  readonly target: ProbeTarget;
  readonly flow?: string;
  /** Other flows that need the same address, port and probe (probed once). */
  readonly alsoFlows?: readonly string[];
  readonly required: boolean;
}

export interface RunOptions {
  /** Most probes in flight at once (fit it to the descriptor limit first: see fd-limit.ts). */
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
  /**
   * Gap between two probes of the slow UDP pass to one host after an ICMP answer (default 1050 ms:
   * Linux grants one ICMP error per destination per second, net.ipv4.icmp_ratelimit = 1000, once a
   * burst of 6 is spent). Tests shorten it.
   */
  readonly icmpSpacingMs?: number;
  readonly token?: string;
  readonly onProgress?: (done: number, total: number) => void;
  /** Stops the run early (Ctrl-C); unfinished targets are reported as not answered. */
  readonly signal?: AbortSignal;
  /** Replaces the probe of every target (tests of the scheduler itself). */
  readonly probe?: Probe;
}

/** How the run went, for the JSON report and for tests that must not measure wall-clock time. */
export interface RunTiming {
  /** Probes allowed in flight at the start, and at the end (lower when local errors made it back off). */
  concurrency: number;
  final_concurrency: number;
  /**
   * Timeout waves: bursts of deadlines, counted by the ticker. A deadline that comes less than half a
   * timeout after the previous one joins its wave (probes launched in one burst expire within a few
   * ticks of each other; the next wave comes a whole timeout later). A silent host costs one wave per
   * `concurrency` probes, not one per port; steady silent ports among answering ones may merge into
   * fewer, longer waves.
   */
  waves: number;
  /** Probes that waited out the deadline, retries included. */
  timed_out: number;
  /**
   * UDP ports probed again, one at a time per host, because they stayed silent while the same host
   * answered other ports with ICMP (whose rate limit may have swallowed theirs), and how many of them
   * answered then.
   */
  slow_udp: { probed: number; answered: number };
  /** Times a local error (EMFILE, ENOBUFS, …) made the scheduler pause and narrow the window. */
  local_backoffs: number;
  /** The first-answer deadlines the run ended with (learnt from round trips), in ms. */
  timeout_ms: { tcp: number; udp: number };
}

export interface RunReport {
  readonly results: CheckResult[];
  readonly timing: RunTiming;
}

interface Queued {
  readonly index: number;
  /** Attempt number (1 for the first, 2 for the retry of a silent port). */
  readonly number: number;
  /** Times this attempt was put back after a transient local error. */
  readonly local: number;
  /** An attempt of the slow UDP pass (see scheduleChecks). */
  readonly slow?: boolean;
}

interface HostState {
  /** Something answered (a handshake, a datagram, an RST or an ICMP error). */
  answered: boolean;
  /** A probe waited out its deadline. */
  silent: boolean;
  /** When an ICMP error (port unreachable or another unreachable) last came from this UDP host. */
  lastIcmp?: number;
}

interface Attempt {
  readonly timeout: AdaptiveTimeout;
  readonly queued: Queued;
  /** Replaced once when a handshake beats its own deadline (see `answered` in scheduleChecks). */
  controller: AbortController;
  /** Launch time, moved to when the first packet left if the probe says (ctx.sent). */
  started: number;
  readonly host: string;
  /** Launched against a host not (yet) known to be silent, so it counts against the slow-start window. */
  readonly windowed: boolean;
  answeredAt?: number;
  timedOut?: boolean;
  /** Aborted already (a flag: the ticker reads it for every probe every tick, the signal's getter is slower). */
  cut?: boolean;
}

function cut(a: Attempt, reason?: unknown): void {
  a.cut = true;
  a.controller.abort(reason);
}

/**
 * The queue of attempts: taken from the head, retries added at the tail, targets put back at the head
 * after a local error. An index moves instead of Array.shift(), which copies the whole array and cost
 * O(n²) over a run of thousands of ports.
 */
class AttemptQueue {
  private items: Queued[];
  private head = 0;

  constructor(items: Queued[]) {
    this.items = items;
  }

  get length(): number {
    return this.items.length - this.head;
  }

  shift(): Queued | undefined {
    if (this.head >= this.items.length) return undefined;
    const q = this.items[this.head++]!;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return q;
  }

  push(q: Queued): void {
    this.items.push(q);
  }

  unshift(q: Queued): void {
    if (this.head > 0) this.items[--this.head] = q;
    else this.items.unshift(q);
  }

  /** Removes and returns the first attempt that `test` accepts. */
  take(test: (q: Queued) => boolean): Queued | undefined {
    for (let i = this.head; i < this.items.length; i++) {
      if (test(this.items[i]!)) return this.items.splice(i, 1)[0];
    }
    return undefined;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}

/** Aborts a probe at its deadline, without the DOMException a reasonless abort() builds each time. */
const DEADLINE = Object.freeze(new Error('deadline'));

const TICK_MS = 10;
/** Tries after a transient local error before the target is reported as `error`. */
const LOCAL_TRIES = 8;
const BACKOFF_FIRST_MS = 25;
const BACKOFF_MAX_MS = 2000;
const ICMP_SPACING_MS = 1050;

function unanswered(o: ProbeOutcome): boolean {
  return o.rttMs === undefined && (o.state === 'filtered' || o.state === 'open|filtered');
}

/** A UDP answer that was an ICMP error (port unreachable → closed, another unreachable → filtered). */
function icmpAnswer(o: ProbeOutcome): boolean {
  return o.rttMs !== undefined && (o.state === 'closed' || o.state === 'filtered');
}

/**
 * The order targets go out in: shuffled, as nmap shuffles ports, with a fixed seed so that runs repeat.
 * A range of dropped ports then no longer holds every place in flight for whole deadlines while the
 * answering ports wait behind it: the waiting overlaps with the work of the answers. Results are
 * reported in target order whatever the order of probing.
 */
export function interleaved(count: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  let seed = 0x9e3779b9;
  for (let i = count - 1; i > 0; i--) {
    // xorshift32: small, fast, and the same sequence everywhere
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    const j = (seed >>> 0) % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Probes every target with at most `concurrency` in flight; the results in target order. */
export async function runChecks(
  targets: readonly CheckTarget[],
  options: RunOptions,
): Promise<CheckResult[]> {
  return (await scheduleChecks(targets, options)).results;
}

/**
 * The scheduler. One ticker enforces the deadlines, so a deadline that shrinks as round trips are
 * learnt also applies to probes already running.
 *
 * - Slow start: probes to hosts that may answer start with a window of 8 that grows by one per answer,
 *   so a burst of sockets does not delay the callbacks whose round trips the timeout learns from.
 * - A host (per transport) whose probes have timed out and which never answered anything is silent:
 *   its probes skip the window and go out in waves of up to `concurrency`, all waiting out the same
 *   deadline together, so 200 dropped ports cost ceil(200 / concurrency) deadlines, not 200 / 8.
 * - Silent ports get `retries` more attempts, queued at the end: one pass, in waves as well. Only
 *   silence is retried: an answer of any kind (open, RST, ICMP) is final at the first attempt.
 * - The slow UDP pass: a UDP port still silent after its retries, on a host that answered other UDP
 *   ports with ICMP errors, may be closed with its port unreachable swallowed by the host's ICMP rate
 *   limit (Linux: 6 at once, then one a second per destination). Those ports are probed once more
 *   at the end, one at a time per host, waiting `icmpSpacingMs` after each ICMP answer for the limit
 *   to allow the next (a silent probe costs no ICMP, so the next goes at once). nmap -sU slows down
 *   in the same way; without it a closed port would be reported `open|filtered`.
 * - A transient local error (EMFILE, ENOBUFS, EADDRNOTAVAIL, …) is not a verdict: the target goes back
 *   to the head of the queue, the concurrency drops to what was in flight, and launching pauses
 *   (25 ms, doubling, at most 2 s). After LOCAL_TRIES, or at once for EPERM, the target is reported
 *   as `error`, with the local cause.
 */
export function scheduleChecks(targets: readonly CheckTarget[], options: RunOptions): Promise<RunReport> {
  const results: Array<CheckResult | undefined> = new Array(targets.length);
  const queue = new AttemptQueue(
    interleaved(targets.length).map((index) => ({ index, number: 1, local: 0 })),
  );
  const inflight = new Set<Attempt>();
  let finished = 0;
  let ceiling = Math.max(1, options.concurrency);
  let window = Math.min(ceiling, 8);
  let windowed = 0;
  const base = options.timeout;
  const timeouts = {
    tcp: base,
    udp: new AdaptiveTimeout(base.maxMs, base.floorMs, base.factor, base.minSamples),
  };
  /** Per host and transport: did anything ever answer, and did a probe wait out its deadline. */
  const hosts = new Map<string, HostState>();
  /** UDP targets whose verdict (silence) waits for the decision on the slow pass. */
  const deferred: Array<{ q: Queued; outcome: ProbeOutcome }> = [];
  /** The slow pass: per host, what is left to probe, when the next may go, and whether one is out. */
  const slow = new Map<
    string,
    { items: Array<{ q: Queued; previous: ProbeOutcome }>; notBefore: number; busy: boolean }
  >();
  let slowTimer: ReturnType<typeof setTimeout> | undefined;
  let slowStarted = false;
  const spacing = options.icmpSpacingMs ?? ICMP_SPACING_MS;
  let silentHosts = 0;
  const isSilent = (host: string) => {
    const h = hosts.get(host);
    return h?.silent === true && !h.answered;
  };
  const hostKeys = targets.map((t) => `${t.target.transport} ${t.target.host}`);
  const hostOf = (index: number) => hostKeys[index]!;
  let lastDeadline = Number.NEGATIVE_INFINITY;
  const timing: RunTiming = {
    concurrency: ceiling,
    final_concurrency: ceiling,
    waves: 0,
    timed_out: 0,
    slow_udp: { probed: 0, answered: 0 },
    local_backoffs: 0,
    timeout_ms: { tcp: 0, udp: 0 },
  };
  let pausedUntil = 0;
  let resume: ReturnType<typeof setTimeout> | undefined;

  return new Promise((resolve, reject) => {
    let stopped = false;
    const ticker = setInterval(() => {
      const now = performance.now();
      let deadlines = 0;
      for (const a of inflight) {
        if (a.cut) continue;
        if (a.answeredAt === undefined) {
          if (now - a.started > a.timeout.current()) {
            a.timedOut = true;
            cut(a, DEADLINE);
            deadlines++;
          }
        } else if (now - a.answeredAt > options.exchangeTimeoutMs) cut(a);
      }
      if (deadlines > 0) {
        const gap = Math.max(2 * TICK_MS, Math.min(timeouts.tcp.current(), timeouts.udp.current()) / 2);
        if (now - lastDeadline > gap) timing.waves++;
        lastDeadline = now;
      }
    }, TICK_MS);
    const stop = (err?: unknown) => {
      if (stopped) return;
      stopped = true;
      clearInterval(ticker);
      if (resume) clearTimeout(resume);
      if (slowTimer) clearTimeout(slowTimer);
      for (const d of deferred.splice(0)) record(d.q, d.outcome);
      dropSlowPass();
      options.signal?.removeEventListener('abort', onOuterAbort);
      for (const a of inflight) cut(a);
      timing.final_concurrency = ceiling;
      timing.timeout_ms = {
        tcp: Math.round(timeouts.tcp.current()),
        udp: Math.round(timeouts.udp.current()),
      };
      if (err) reject(err);
      else resolve({ results: results.filter((r): r is CheckResult => r !== undefined), timing });
    };
    const onOuterAbort = () => {
      queue.clear();
      dropSlowPass();
      for (const a of inflight) cut(a);
      if (inflight.size === 0) stop();
    };

    const record = (q: Queued, outcome: ProbeOutcome) => {
      const t = targets[q.index]!;
      results[q.index] = {
        host: t.target.host,
        port: t.target.port,
        transport: t.target.transport,
        state: outcome.state,
        probe: t.target.probe,
        rtt_ms: outcome.rttMs === undefined ? null : Math.round(outcome.rttMs * 1000) / 1000,
        ...(t.flow !== undefined && { flow: t.flow }),
        ...(t.alsoFlows !== undefined && { also_flows: t.alsoFlows }),
        required: t.required,
        attempts: q.number,
        detail: outcome.detail,
      };
      finished++;
      options.onProgress?.(finished, targets.length);
    };

    /** Reports the slow pass's unprobed ports as their last attempt left them (a stopped run). */
    const dropSlowPass = () => {
      for (const s of slow.values())
        for (const { q, previous } of s.items) record({ ...q, number: q.number - 1 }, previous);
      slow.clear();
    };

    /** The next target that may start now: the head of the queue, or the first one to a silent host. */
    const next = (): Queued | undefined => {
      if (windowed < window) return queue.shift();
      if (silentHosts === 0) return undefined;
      return queue.take((q) => isSilent(hostOf(q.index)));
    };

    const launch = () => {
      const now = performance.now();
      if (now < pausedUntil) {
        resume ??= setTimeout(() => {
          resume = undefined;
          launch();
        }, pausedUntil - now);
        return;
      }
      while (!stopped && inflight.size < ceiling && queue.length > 0) {
        const q = next();
        if (!q) return;
        const t = targets[q.index]!;
        if (t.target.probe === 'dns') {
          stop(new Error('the dns probe checks records, not ports; run it through checkDiscoveryRecords'));
          return;
        }
        start(q);
      }
    };

    const start = (q: Queued) => {
      const t = targets[q.index]!;
      const host = hostOf(q.index);
      const attempt: Attempt = {
        timeout: timeouts[t.target.transport],
        queued: q,
        controller: new AbortController(),
        started: performance.now(),
        host,
        // The slow pass keeps its own pace; it never takes a place in the window.
        windowed: q.slow !== true && !isSilent(host),
      };
      if (attempt.windowed) windowed++;
      inflight.add(attempt);
      // launch() has refused `dns` before any target starts.
      const probe = options.probe ?? PORT_PROBES[t.target.probe as Exclude<ProbeName, 'dns'>];
      probe(t.target, {
        // A getter: after a late handshake (below) the exchange runs on a fresh signal.
        get signal() {
          return attempt.controller.signal;
        },
        ...(options.token !== undefined && { token: options.token }),
        sent: () => {
          if (attempt.answeredAt === undefined) attempt.started = performance.now();
        },
        answered: (rttMs) => {
          attempt.answeredAt = performance.now();
          attempt.timeout.record(rttMs);
          // The deadline fires in the timers phase, before the I/O callbacks of the same turn, and
          // connectTcp lets a handshake the kernel had already completed win. The port answered: its
          // TLS, SIP or STUN exchange gets its own budget instead of the spent deadline's abort (on a
          // loaded machine it otherwise read "no TLS answer before the timeout" at once).
          if (attempt.controller.signal.reason === DEADLINE && !stopped) {
            attempt.controller = new AbortController();
            attempt.cut = false;
            attempt.timedOut = false;
          }
        },
      }).then(
        (outcome) => settle(attempt, outcome),
        (err: unknown) => {
          inflight.delete(attempt);
          stop(err);
        },
      );
    };

    /** Starts the slow pass's next probe of every host whose turn has come (or sets a timer for it). */
    const slowPass = (): void => {
      if (slowTimer) {
        clearTimeout(slowTimer);
        slowTimer = undefined;
      }
      const now = performance.now();
      let wakeAt = Number.POSITIVE_INFINITY;
      for (const [host, s] of slow) {
        if (s.busy) continue;
        if (s.items.length === 0) {
          slow.delete(host);
          continue;
        }
        if (now >= s.notBefore) {
          s.busy = true;
          timing.slow_udp.probed++;
          start(s.items.shift()!.q);
        } else wakeAt = Math.min(wakeAt, s.notBefore);
      }
      if (Number.isFinite(wakeAt)) slowTimer = setTimeout(() => slowPass(), wakeAt - now);
    };

    /** The main pass is over: silent UDP ports of hosts that sent ICMP errors go to the slow pass. */
    const beginSlowPass = (): void => {
      slowStarted = true;
      for (const d of deferred.splice(0)) {
        const h = hosts.get(hostOf(d.q.index));
        if (h?.lastIcmp === undefined || options.signal?.aborted) {
          record(d.q, d.outcome);
          continue;
        }
        const key = hostOf(d.q.index);
        const s = slow.get(key) ?? { items: [], notBefore: h.lastIcmp + spacing, busy: false };
        s.items.push({
          q: { index: d.q.index, number: d.q.number + 1, local: 0, slow: true },
          previous: d.outcome,
        });
        slow.set(key, s);
      }
      slowPass();
    };

    /** True when nothing is left: main pass, retries and slow pass. */
    const finishedAll = () => {
      if (queue.length > 0) return false;
      if (slowStarted) slowPass();
      else if (inflight.size === 0) beginSlowPass();
      return inflight.size === 0 && queue.length === 0 && slow.size === 0;
    };

    const settle = (attempt: Attempt, outcome: ProbeOutcome) => {
      inflight.delete(attempt);
      if (attempt.windowed) windowed--;
      const q = attempt.queued;
      const h: HostState = hosts.get(attempt.host) ?? { answered: false, silent: false };
      const udp = targets[q.index]!.target.transport === 'udp';
      if (udp && icmpAnswer(outcome)) h.lastIcmp = performance.now();
      const wasSilent = h.silent && !h.answered;
      if (outcome.rttMs !== undefined) {
        if (attempt.answeredAt === undefined) attempt.timeout.record(outcome.rttMs);
        window = Math.min(ceiling, window + 1);
        h.answered = true;
      }
      const silence = unanswered(outcome) && attempt.timedOut === true;
      if (silence) {
        h.silent = true;
        timing.timed_out++;
      }
      hosts.set(attempt.host, h);
      const nowSilent = h.silent && !h.answered;
      if (nowSilent !== wasSilent) silentHosts += nowSilent ? 1 : -1;

      if (outcome.state === 'error' && isTransientLocalError(outcome.detail.error) && q.local < LOCAL_TRIES) {
        // What is in flight is what this machine can carry now; start again from there, after a pause.
        ceiling = Math.max(1, Math.min(ceiling, inflight.size));
        window = Math.min(window, ceiling);
        timing.local_backoffs++;
        pausedUntil = Math.max(
          pausedUntil,
          performance.now() + Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** q.local),
        );
        if (!options.signal?.aborted) queue.unshift({ ...q, local: q.local + 1 });
        else record(q, outcome);
      } else if (q.slow) {
        const s = slow.get(attempt.host);
        if (s) {
          s.busy = false;
          // Each ICMP answer spends the host's allowance; silence spends none.
          if (icmpAnswer(outcome)) s.notBefore = performance.now() + spacing;
        }
        if (outcome.rttMs !== undefined) timing.slow_udp.answered++;
        record(q, outcome);
      } else if (unanswered(outcome) && q.number <= options.retries && !options.signal?.aborted) {
        queue.push({ index: q.index, number: q.number + 1, local: 0 });
      } else if (udp && unanswered(outcome) && !options.signal?.aborted && !slowStarted) {
        deferred.push({ q, outcome });
      } else record(q, outcome);
      if (finishedAll()) stop();
      else launch();
    };

    options.signal?.addEventListener('abort', onOuterAbort, { once: true });
    if (targets.length === 0) return stop();
    if (options.signal?.aborted) return onOuterAbort();
    launch();
    if (finishedAll()) stop();
  });
}
