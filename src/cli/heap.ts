import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 may grow its heap past what it found live at its last full collection. Left to itself on
 * a machine with memory to spare, it lets the heap reach three or four times the live data before
 * collecting again: a rule set for 100,000 servers (about 750 MB live at its peak, while planning)
 * took 1.6 GB in one run and 2.5 GB in the next, depending only on when the collector happened to
 * run. At 1.6 times the same runs stay between 1.3 and 1.6 GB, for about a tenth more time at that
 * size; a topology of a few hundred servers never notices.
 */
export const HEAP_GROWING_PERCENT = 60;

/** Whether the user already chose V8's heap sizing (on the command line or in NODE_OPTIONS): theirs wins. */
export function userSizedHeap(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  const given = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)];
  return given.some((arg) => /^--(?:heap[-_]growing[-_]percent|max[-_]old[-_]space[-_]size)\b/.test(arg));
}

/** Called once at start-up, before the topology is read. */
export function boundHeapGrowth(): void {
  if (userSizedHeap(process.execArgv, process.env.NODE_OPTIONS)) return;
  try {
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  } catch {
    // A runtime that refuses keeps its own sizing: more memory, same results.
  }
}
