import type { PortSet } from '../model/ports.js';

/** Port sets larger than this are media ranges: probing or listening on every port is opt-in (--full). */
export const SAMPLE_ABOVE = 256;
/** How many ports of such a range are probed. */
export const SAMPLE_SIZE = 32;

/**
 * A deterministic sample, so `check` probes exactly the ports that `listen` opened: the first and last
 * port of every range (where off-by-one mistakes in rules live), then ports evenly spread over the set.
 */
export function samplePorts(ports: PortSet, size = SAMPLE_SIZE): number[] {
  if (ports.size <= size) return [...ports.ports()];
  const chosen = new Set<number>();
  for (const [a, b] of ports.ranges) {
    if (chosen.size < size) chosen.add(a);
    if (chosen.size < size) chosen.add(b);
  }
  const total = ports.size;
  const remaining = size - chosen.size;
  for (let i = 0; i < remaining * 4 && chosen.size < size; i++) {
    const k = Math.floor(((i % remaining) + 0.5 + Math.floor(i / remaining) / 4) * (total / remaining));
    chosen.add(portAt(ports, Math.min(total - 1, k)));
  }
  return [...chosen].sort((x, y) => x - y);
}

/** The port at position `index` when the set is listed in order. */
function portAt(ports: PortSet, index: number): number {
  let left = index;
  for (const [a, b] of ports.ranges) {
    const n = b - a + 1;
    if (left < n) return a + left;
    left -= n;
  }
  throw new RangeError(`index ${index} is outside a set of ${ports.size} ports`);
}

/** The ports to use: all of them when `full` or when the set is small, else the sample. */
export function portsToUse(ports: PortSet, full: boolean): { ports: number[]; sampled: boolean } {
  if (full || ports.size <= SAMPLE_ABOVE) return { ports: [...ports.ports()], sampled: false };
  return { ports: samplePorts(ports), sampled: true };
}
