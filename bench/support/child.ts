import { type ChildProcess, spawn } from 'node:child_process';

/**
 * One bench step in a process of its own, so its peak RSS is that step's alone. The child reports its
 * peak RSS itself as it exits (a module loaded with --import), whatever the exit path: no
 * /usr/bin/time needed.
 */

const RSS_MARK = '@sfbports-bench maxrss=';
const REPORT_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\n${RSS_MARK}'+process.resourceUsage().maxRSS+'\\n'))`;

export interface ChildResult {
  /** The exit status; null when a signal ended the child. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Killed by us after the step's timeout. */
  readonly timedOut: boolean;
  readonly wallMs: number;
  /** Peak resident set size as the child reported it; NaN when it did not (killed). */
  readonly rssBytes: number;
  readonly stdout: string;
  /** Standard error without the RSS line. */
  readonly stderr: string;
}

/** The child being waited for, so a signal to the bench can end it before the temp files go. */
let current: ChildProcess | undefined;

export function killCurrentChild(): void {
  current?.kill('SIGKILL');
}

/** Runs `node [--import=report-rss] ...args`, killing it (SIGKILL) after `timeoutMs`. */
export function runNode(args: readonly string[], timeoutMs: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [`--import=${REPORT_RSS}`, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    current = child;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    // Keep only the tails: a failing step's last lines are what the table shows.
    const stdout = tail();
    const stderr = tail();
    child.stdout.on('data', (c: Buffer) => stdout.add(c));
    child.stderr.on('data', (c: Buffer) => stderr.add(c));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      current = undefined;
      const wallMs = performance.now() - start;
      const err = stderr.text();
      const mark = err.split('\n').find((l) => l.startsWith(RSS_MARK));
      resolve({
        code,
        signal,
        timedOut,
        wallMs,
        rssBytes: mark ? Number(mark.slice(RSS_MARK.length)) * 1024 : Number.NaN,
        stdout: stdout.text(),
        stderr: err
          .split('\n')
          .filter((l) => !l.startsWith(RSS_MARK))
          .join('\n')
          .trim(),
      });
    });
  });
}

/** The last 64 KiB written to a stream. */
function tail(limit = 64 * 1024) {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    add(chunk: Buffer) {
      chunks.push(chunk);
      size += chunk.length;
      while (size - chunks[0]!.length >= limit) size -= chunks.shift()!.length;
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}
