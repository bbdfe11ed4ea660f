/**
 * Round trips as the network saw them, not as a busy event loop delivers them.
 *
 * Node hands the answers of one poll of the event loop to JavaScript one after the other: with 64
 * probes in flight the last callback of a batch runs tens of milliseconds after the first, and a round
 * trip measured in each callback grows by that queue (on veth the kernel sees 0.1 ms; callbacks saw
 * 20 to 40 ms, and 4 x their p95 set the deadline). Every answer of one turn of the loop is therefore
 * stamped with the time of the first callback of that turn, which is still later than the kernel had
 * it, so the sample stays an upper bound of the real round trip. The stamp is cleared in the check
 * phase (setImmediate), after the poll phase that delivered the batch.
 */
let stamp: number | undefined;

function clear(): void {
  stamp = undefined;
}

/** The time of the first answer handled in this turn of the event loop. */
export function turnTime(): number {
  if (stamp === undefined) {
    stamp = performance.now();
    setImmediate(clear);
  }
  return stamp;
}

/** Milliseconds from `sentAt` to the answer being handled now (see turnTime). */
export function roundTripSince(sentAt: number): number {
  const t = turnTime();
  return t >= sentAt ? t - sentAt : performance.now() - sentAt;
}
