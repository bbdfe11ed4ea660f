import { describe, expect, it } from 'vitest';
import { CompletionEta, etaText } from '../../src/cli/eta.js';

// The check progress bar's estimate, fed synthetic completions: no clock is read.

/** Feeds `perSecond` completions a second, in ten steps a second, from `fromMs` for `seconds`. */
function steady(
  eta: CompletionEta,
  state: { done: number; now: number },
  perSecond: number,
  seconds: number,
) {
  for (let i = 0; i < seconds * 10; i++) {
    state.now += 100;
    state.done += perSecond / 10;
    eta.observe(state.done, state.now);
  }
}

describe('CompletionEta', () => {
  it('has no estimate before the first completion, and zero once every probe completed', () => {
    const eta = new CompletionEta(10, 0);
    expect(eta.secondsLeft(5000)).toBeUndefined();
    eta.observe(10, 6000);
    expect(eta.secondsLeft(6000)).toBe(0);
  });

  it('starts from about completions over elapsed time, not from an average still near zero', () => {
    const eta = new CompletionEta(1000, 0);
    eta.observe(50, 1000);
    // 50 a second, 950 to go: 19 s (uncorrected, the average would say 190 s).
    expect(eta.secondsLeft(1000)).toBeGreaterThan(17);
    expect(eta.secondsLeft(1000)).toBeLessThan(21);
  });

  it('a steady rate gives the plain estimate', () => {
    const eta = new CompletionEta(10_000, 0);
    const state = { done: 0, now: 0 };
    steady(eta, state, 100, 30);
    expect(eta.secondsLeft(state.now)).toBeGreaterThan(65);
    expect(eta.secondsLeft(state.now)).toBeLessThan(75);
  });

  it('a wave of filtered ports waiting on its deadline moves the estimate a little, not a thousandfold', () => {
    const eta = new CompletionEta(10_000, 0);
    const state = { done: 0, now: 0 };
    steady(eta, state, 100, 30);
    const before = eta.secondsLeft(state.now)!;
    // Nothing completes for 2 s (the probes wait on their 2 s deadline), then they all complete at once.
    const during: number[] = [];
    for (let t = 100; t <= 2000; t += 100) during.push(eta.secondsLeft(state.now + t)!);
    state.now += 2000;
    state.done += 200;
    eta.observe(state.done, state.now);
    const after = eta.secondsLeft(state.now)!;
    expect(Math.max(...during)).toBeLessThan(before * 1.3);
    expect(Math.min(...during)).toBeGreaterThanOrEqual(before);
    expect(Math.abs(after - before)).toBeLessThan(before * 0.1);
  });

  it('a stall that lasts makes the estimate grow, and a new pace takes over within its window', () => {
    const eta = new CompletionEta(10_000, 0);
    const state = { done: 0, now: 0 };
    steady(eta, state, 100, 20);
    const before = eta.secondsLeft(state.now)!;
    expect(eta.secondsLeft(state.now + 30_000)!).toBeGreaterThan(before * 10);
    // The pace halves: after three windows the estimate is the new pace's.
    steady(eta, state, 50, 30);
    const remaining = 10_000 - state.done;
    expect(eta.secondsLeft(state.now)!).toBeGreaterThan((remaining / 50) * 0.9);
    expect(eta.secondsLeft(state.now)!).toBeLessThan((remaining / 50) * 1.1);
  });
});

describe('etaText', () => {
  it('reads as a duration', () => {
    expect(etaText(undefined)).toBe('estimating');
    expect(etaText(36.2)).toBe('about 37 s');
    expect(etaText(125)).toBe('about 2 min 5 s');
    expect(etaText(3 * 3600 + 20 * 60)).toBe('about 3 h 20 min');
    expect(etaText(81_784 * 10)).toBe('more than 99 h');
  });
});
