import { describe, expect, it } from 'vitest';
import { type CheckTarget, interleaved, scheduleChecks } from '../../src/probe/run.js';
import { AdaptiveTimeout } from '../../src/probe/timing.js';
import type { Probe, ProbeOutcome, ProbeTarget } from '../../src/probe/types.js';

/**
 * The scheduler with a pretend network (issue 15): which attempts it makes, in which order, never how
 * long they take. Ports behave by number; a port "silent" on an attempt waits for the deadline's abort.
 */

type Behaviour = 'open' | 'closed' | 'silent' | 'lossy' | 'limited' | 'prohibited';

function target(port: number, transport: 'tcp' | 'udp' = 'tcp', host = '192.0.2.1'): CheckTarget {
  return {
    target: { host, port, transport, probe: transport === 'tcp' ? 'tcp' : 'udp' },
    required: true,
  };
}

function silence(t: ProbeTarget, signal: AbortSignal): Promise<ProbeOutcome> {
  const outcome: ProbeOutcome = {
    state: t.transport === 'tcp' ? 'filtered' : 'open|filtered',
    detail: { summary: 'no answer' },
  };
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(outcome);
    signal.addEventListener('abort', () => resolve(outcome), { once: true });
  });
}

/**
 * A network where each port behaves as `behaviour(port)` says:
 * - open, closed: answer at once, every time;
 * - silent: never answers;
 * - lossy: the first attempt is lost, later ones are answered (open);
 * - limited: a closed UDP port whose ICMP the rate limit swallows twice (first try and retry);
 * - prohibited: a UDP port a firewall answers with ICMP admin-prohibited (filtered, with a round trip).
 */
function network(behaviour: (port: number) => Behaviour) {
  const calls: Array<{ port: number; attempt: number }> = [];
  const seen = new Map<number, number>();
  const probe: Probe = async (t, ctx) => {
    const attempt = (seen.get(t.port) ?? 0) + 1;
    seen.set(t.port, attempt);
    calls.push({ port: t.port, attempt });
    ctx.sent?.();
    await Promise.resolve();
    const b = behaviour(t.port);
    if (b === 'open' || (b === 'lossy' && attempt > 1)) {
      ctx.answered?.(0.2);
      return { state: 'open', rttMs: 0.2, detail: { summary: 'connection accepted' } };
    }
    if (b === 'closed' || (b === 'limited' && attempt > 2)) {
      return {
        state: 'closed',
        rttMs: 0.2,
        detail: { summary: t.transport === 'tcp' ? 'connection refused (RST)' : 'ICMP port unreachable' },
      };
    }
    if (b === 'prohibited') {
      return {
        state: 'filtered',
        rttMs: 0.2,
        detail: { summary: 'ICMP unreachable', error: 'EHOSTUNREACH' },
      };
    }
    return silence(t, ctx.signal);
  };
  return { probe, calls, attemptsOf: (port: number) => seen.get(port) ?? 0 };
}

const options = {
  concurrency: 16,
  // Short deadlines: the floor is min(100, max), so 40 ms once three round trips are known.
  get timeout() {
    return new AdaptiveTimeout(40);
  },
  exchangeTimeoutMs: 40,
  retries: 1,
  icmpSpacingMs: 5,
};

describe('retries: only silent ports, once, in one pass at the end', () => {
  const byPort = (port: number): Behaviour =>
    port % 4 === 0 ? 'open' : port % 4 === 1 ? 'closed' : port % 4 === 2 ? 'silent' : 'lossy';

  it('retries silence once and never an answer', async () => {
    const net = network(byPort);
    const targets = Array.from({ length: 40 }, (_, i) => target(2000 + i));
    const { results, timing } = await scheduleChecks(targets, {
      ...options,
      probe: net.probe,
    });
    for (const r of results) {
      const b = byPort(r.port);
      if (b === 'open' || b === 'closed') {
        expect([r.state, r.attempts, net.attemptsOf(r.port)]).toEqual([b, 1, 1]);
      } else if (b === 'silent') {
        expect([r.state, r.attempts, net.attemptsOf(r.port)]).toEqual(['filtered', 2, 2]);
      } else {
        // Lost once, answered by the retry.
        expect([r.state, r.attempts, net.attemptsOf(r.port)]).toEqual(['open', 2, 2]);
      }
    }
    // 10 silent ports twice, 10 lossy ones once: each a deadline waited out.
    expect(timing.timed_out).toBe(30);
  });

  it('sends every retry after every first attempt: one more pass, not one per port', async () => {
    const net = network(byPort);
    const targets = Array.from({ length: 40 }, (_, i) => target(3000 + i));
    await scheduleChecks(targets, { ...options, probe: net.probe });
    const lastFirst = net.calls.findLastIndex((c) => c.attempt === 1);
    const firstRetry = net.calls.findIndex((c) => c.attempt === 2);
    expect(firstRetry).toBeGreaterThan(lastFirst);
    expect(net.calls.filter((c) => c.attempt > 2)).toEqual([]);
  });

  it('with --retries 0 a silent port is probed once', async () => {
    const net = network(byPort);
    const targets = Array.from({ length: 8 }, (_, i) => target(4000 + i));
    const { results } = await scheduleChecks(targets, {
      ...options,
      retries: 0,
      probe: net.probe,
    });
    expect(net.calls.every((c) => c.attempt === 1)).toBe(true);
    expect(results.filter((r) => r.state === 'filtered').map((r) => r.attempts)).toEqual([1, 1, 1, 1]);
  });

  it('reports results in target order whatever order they were probed in', async () => {
    const net = network(() => 'closed');
    const targets = Array.from({ length: 30 }, (_, i) => target(5000 + i));
    const { results } = await scheduleChecks(targets, { ...options, probe: net.probe });
    expect(results.map((r) => r.port)).toEqual(targets.map((t) => t.target.port));
    expect(net.calls.map((c) => c.port)).not.toEqual(targets.map((t) => t.target.port));
    expect([...interleaved(30)].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });
});

describe('the slow UDP pass (ICMP rate limits)', () => {
  it('probes silent UDP ports again, one at a time, where the host sent ICMP errors', async () => {
    // 6060-6067 closed, 6068-6071 closed but rate-limited twice, 6072-6074 silent, 6075 prohibited.
    const behaviour = (port: number): Behaviour =>
      port < 6068 ? 'closed' : port < 6072 ? 'limited' : port < 6075 ? 'silent' : 'prohibited';
    const net = network(behaviour);
    const targets = Array.from({ length: 16 }, (_, i) => target(6060 + i, 'udp'));
    let inFlightSlow = 0;
    let mostSlowAtOnce = 0;
    const probe: Probe = async (t, ctx) => {
      const third = net.attemptsOf(t.port) >= 2;
      if (third) mostSlowAtOnce = Math.max(mostSlowAtOnce, ++inFlightSlow);
      try {
        return await net.probe(t, ctx);
      } finally {
        if (third) inFlightSlow--;
      }
    };
    const { results, timing } = await scheduleChecks(targets, { ...options, probe });
    const states = Object.fromEntries(results.map((r) => [r.port, [r.state, r.attempts]]));
    for (let p = 6060; p < 6068; p++) expect(states[p]).toEqual(['closed', 1]);
    // Swallowed twice, answered by the slow pass: closed, not open|filtered.
    for (let p = 6068; p < 6072; p++) expect(states[p]).toEqual(['closed', 3]);
    for (let p = 6072; p < 6075; p++) expect(states[p]).toEqual(['open|filtered', 3]);
    expect(states[6075]).toEqual(['filtered', 1]);
    expect(timing.slow_udp).toEqual({ probed: 7, answered: 4 });
    // One host: one slow probe at a time.
    expect(mostSlowAtOnce).toBe(1);
  });

  it('leaves silent UDP ports alone where no ICMP came from the host (a firewall that drops)', async () => {
    const net = network((port) => (port < 7004 ? 'open' : 'silent'));
    const targets = Array.from({ length: 8 }, (_, i) => target(7000 + i, 'udp'));
    const { results, timing } = await scheduleChecks(targets, { ...options, probe: net.probe });
    expect(results.map((r) => [r.state, r.attempts])).toEqual([
      ...Array(4).fill(['open', 1]),
      ...Array(4).fill(['open|filtered', 2]),
    ]);
    expect(timing.slow_udp).toEqual({ probed: 0, answered: 0 });
  });

  it('keeps hosts apart: ICMP from one host does not slow the ports of another', async () => {
    const net = network((port) => (port === 8000 ? 'closed' : 'silent'));
    const targets = [
      target(8000, 'udp', '192.0.2.1'),
      target(8001, 'udp', '192.0.2.1'),
      target(8002, 'udp', '192.0.2.2'),
    ];
    const { results, timing } = await scheduleChecks(targets, { ...options, probe: net.probe });
    expect(results.map((r) => [r.host, r.state, r.attempts])).toEqual([
      ['192.0.2.1', 'closed', 1],
      ['192.0.2.1', 'open|filtered', 3],
      ['192.0.2.2', 'open|filtered', 2],
    ]);
    expect(timing.slow_udp.probed).toBe(1);
  });

  it('stops the slow pass when the run is interrupted, reporting what it knows', async () => {
    const net = network((port) => (port === 9000 ? 'closed' : 'silent'));
    const controller = new AbortController();
    const targets = Array.from({ length: 4 }, (_, i) => target(9000 + i, 'udp'));
    // A long spacing: the slow pass is still waiting for the ICMP allowance when the stop comes.
    const run = scheduleChecks(targets, {
      ...options,
      icmpSpacingMs: 60_000,
      probe: net.probe,
      signal: controller.signal,
      onProgress: (done) => {
        if (done === 1) setTimeout(() => controller.abort(), 300);
      },
    });
    const { results } = await run;
    expect(results.map((r) => r.state)).toEqual([
      'closed',
      'open|filtered',
      'open|filtered',
      'open|filtered',
    ]);
    expect(net.calls.every((c) => c.attempt <= 2)).toBe(true);
  });
});

describe('a handshake the loop sees only after its deadline fired', () => {
  it('gives the exchange its own budget instead of the spent deadline', async () => {
    // A loaded machine: the deadline's abort runs in the timers phase of the turn whose I/O holds the
    // completed handshake, and connectTcp lets the handshake win. The exchange that follows must not
    // inherit the aborted signal (CI read "open, no TLS answer before the timeout" at once).
    const probe: Probe = async (_t, ctx) => {
      ctx.sent?.();
      const first = ctx.signal;
      await new Promise<void>((resolve) => first.addEventListener('abort', () => resolve(), { once: true }));
      ctx.answered?.(60);
      if (ctx.signal.aborted) {
        return { state: 'open', rttMs: 60, detail: { summary: 'no TLS answer before the timeout' } };
      }
      // The exchange: answered well within the exchange timeout.
      await new Promise((r) => setTimeout(r, 5));
      return { state: 'open', rttMs: 60, detail: { summary: 'exchange done' } };
    };
    const { results } = await scheduleChecks([target(6000)], {
      ...options,
      exchangeTimeoutMs: 2000,
      probe,
    });
    expect(results.map((r) => [r.state, r.detail.summary, r.attempts])).toEqual([
      ['open', 'exchange done', 1],
    ]);
  });

  it('still ends an exchange that outlives the exchange timeout', async () => {
    const probe: Probe = async (_t, ctx) => {
      ctx.sent?.();
      await new Promise<void>((resolve) =>
        ctx.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
      ctx.answered?.(60);
      const exchange = ctx.signal;
      if (!exchange.aborted) {
        await new Promise<void>((resolve) =>
          exchange.addEventListener('abort', () => resolve(), { once: true }),
        );
      }
      return { state: 'open', rttMs: 60, detail: { summary: 'no TLS answer before the timeout' } };
    };
    const { results } = await scheduleChecks([target(6001)], { ...options, probe });
    expect(results.map((r) => [r.state, r.detail.summary])).toEqual([
      ['open', 'no TLS answer before the timeout'],
    ]);
  });
});
