import { cpus, loadavg, totalmem } from 'node:os';

/** Figures as the bench tables print them: decimal MB (the goal is 2 GB), seconds to a tenth. */

export function seconds(ms: number): string {
  return Number.isNaN(ms) ? '-' : `${(ms / 1000).toFixed(1)} s`;
}

export function mb(bytes: number): string {
  if (Number.isNaN(bytes)) return '-';
  if (bytes < 1e6) return `${Math.ceil(bytes / 1e3)} kB`;
  return `${(bytes / 1e6).toFixed(bytes < 10e6 ? 1 : 0)} MB`;
}

export function load(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}

/** What figures drift with: the node, the CPUs, the memory and how busy the machine is. */
export function machineFacts(): string {
  const cpu = cpus();
  return `node ${process.version}, ${cpu.length} CPUs (${cpu[0]?.model.trim() ?? 'unknown'}), ${mb(totalmem())} memory, load average ${load()} (1/5/15 min)`;
}

/**
 * Rows of fixed-width columns, printable one at a time (a 100k step takes a minute: each row shows as
 * it ends). A width below zero left-aligns; the last column is free text.
 */
export function columns(widths: readonly number[]): (cells: readonly string[]) => string {
  return (cells) =>
    cells
      .map((cell, i) => {
        const w = widths[i];
        if (w === undefined) return cell;
        return w < 0 ? cell.padEnd(-w) : cell.padStart(w);
      })
      .join('  ')
      .trimEnd();
}
