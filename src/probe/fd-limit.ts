import { readdirSync, readFileSync } from 'node:fs';

/**
 * Every probe holds one socket, and so one file descriptor, while it is in flight. Past the process's
 * open-file limit (`ulimit -n`) connect() fails with EMFILE, which says nothing about the target. Node
 * has no getrlimit, so on Linux the soft limit is read from /proc/self/limits and the descriptors
 * already open are counted in /proc/self/fd; elsewhere a limit of 256 (macOS's default) is assumed.
 */
export interface DescriptorBudget {
  /** The soft limit; undefined when unlimited. */
  readonly limit: number | undefined;
  /** Descriptors open before probing (standard streams, the event loop's own, loaded files). */
  readonly inUse: number;
  /** Where the limit came from. */
  readonly source: '/proc/self/limits' | 'assumed';
  /** Probes that can be in flight at once, with headroom left for the rest of the process. */
  readonly probes: number;
}

export const ASSUMED_LIMIT = 256;
const ASSUMED_IN_USE = 32;

/** "Max open files            1024                 1048576              files" → 1024. */
export function parseOpenFilesLimit(limits: string): number | undefined | null {
  const m = /^Max open files\s+(\S+)\s+/m.exec(limits);
  if (!m) return null;
  if (m[1] === 'unlimited') return undefined;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/**
 * Headroom: a sixteenth of the limit and at least 8 descriptors stay free, for DNS lookups, the
 * output file, TLS and whatever Node opens on its own meanwhile.
 */
export function probesWithin(limit: number | undefined, inUse: number): number {
  if (limit === undefined) return Number.POSITIVE_INFINITY;
  const headroom = Math.max(8, Math.ceil(limit / 16));
  return Math.max(1, limit - inUse - headroom);
}

export function descriptorBudget(
  read: { limits(): string; openDescriptors(): number } = {
    limits: () => readFileSync('/proc/self/limits', 'utf8'),
    openDescriptors: () => readdirSync('/proc/self/fd').length,
  },
): DescriptorBudget {
  try {
    const limit = parseOpenFilesLimit(read.limits());
    if (limit !== null) {
      const inUse = read.openDescriptors();
      return { limit, inUse, source: '/proc/self/limits', probes: probesWithin(limit, inUse) };
    }
  } catch {
    // not Linux, or /proc is not mounted
  }
  return {
    limit: ASSUMED_LIMIT,
    inUse: ASSUMED_IN_USE,
    source: 'assumed',
    probes: probesWithin(ASSUMED_LIMIT, ASSUMED_IN_USE),
  };
}
