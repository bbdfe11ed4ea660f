import { spawn } from 'node:child_process';
import { inject } from 'vitest';
import type { CliIo, OutputStream, StopSignal } from '../../src/cli/io.js';
import { main } from '../../src/cli/program.js';

/**
 * The one way tests run the sfbports CLI. `runCli` calls the program's `main` in this process with
 * buffers for its streams: no process to start, so a call costs milliseconds. `runCliProcess` starts
 * the built CLI as a real process, for what only a process shows: pipes, signals, exit statuses,
 * network namespaces and terminals.
 */

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  /** Standard output as written, for binary formats. */
  readonly stdoutBytes: Buffer;
  readonly stderr: string;
}

export interface CliOptions {
  /** Standard input; empty when not given, as for a process started with nothing piped in. */
  readonly stdin?: string;
  /** The whole environment the program sees (commands read NO_COLOR); empty when not given. */
  readonly env?: Readonly<Record<string, string>>;
  /** Working directory for relative paths; the repository by default. */
  readonly cwd?: string;
  /** Pretend standard output and error are a terminal (colours, the binary-output refusal). */
  readonly tty?: boolean;
}

/** What a command wrote, kept as bytes so binary output (a spreadsheet) survives. */
class Capture implements OutputStream {
  private readonly chunks: Buffer[] = [];

  constructor(readonly isTTY: boolean) {}

  write(chunk: string | Uint8Array): boolean {
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
    return true;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  text(): string {
    return this.bytes().toString('utf8');
  }
}

/** A CLI run in progress, for commands that run until stopped (listen) or that a test interrupts. */
export interface RunningCli {
  readonly result: Promise<CliResult>;
  /** What it has written so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in standard output; rejects after `timeoutMs`. */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Delivers a stop signal, as Ctrl-C (SIGINT) or a service manager (SIGTERM) would. */
  signal(name: StopSignal): void;
}

export function startCli(args: readonly string[], options: CliOptions = {}): RunningCli {
  const stdout = new Capture(options.tty === true);
  const stderr = new Capture(options.tty === true);
  const listeners: Array<{ signals: readonly StopSignal[]; listener: () => void }> = [];
  const io: CliIo = {
    stdout,
    stderr,
    stdin: { isTTY: options.tty === true, readText: () => options.stdin ?? '' },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    onSignal(signals, listener) {
      const entry = { signals, listener };
      listeners.push(entry);
      return () => {
        const i = listeners.indexOf(entry);
        if (i >= 0) listeners.splice(i, 1);
      };
    },
  };
  const result = main(['node', 'sfbports', ...args], io).then((code) => ({
    code,
    stdout: stdout.text(),
    stdoutBytes: stdout.bytes(),
    stderr: stderr.text(),
  }));
  return {
    result,
    stdout: () => stdout.text(),
    stderr: () => stderr.text(),
    async waitForStdout(pattern, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      let ended = false;
      void result.finally(() => {
        ended = true;
      });
      for (;;) {
        const match = stdout.text().match(pattern);
        if (match) return match;
        if (ended || Date.now() > deadline) {
          throw new Error(
            `${pattern} did not appear in ${ended ? 'the output of the finished run' : `${timeoutMs} ms`}; stdout:\n${stdout.text()}\nstderr:\n${stderr.text()}`,
          );
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    signal(name) {
      for (const entry of listeners.filter((e) => e.signals.includes(name))) {
        listeners.splice(listeners.indexOf(entry), 1);
        entry.listener();
      }
    },
  };
}

/** Runs the CLI in this process to its end. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).result;
}

/** The command line that starts the built CLI as a real process (for `ip netns exec`, `script`). */
export function cliProcessCommand(args: readonly string[]): [string, string[]] {
  return [process.execPath, [inject('sfbportsBin'), ...args]];
}

export interface ProcessResult {
  /** The exit status, or null when a signal ended the process. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI as a real process with its own pipes, without colours unless env says so. */
export function runCliProcess(
  args: readonly string[],
  options: { stdin?: string; env?: Readonly<Record<string, string>>; cwd?: string; timeoutMs?: number } = {},
): Promise<ProcessResult> {
  const [command, argv] = cliProcessCommand(args);
  const child = spawn(command, argv, {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: options.timeoutMs ?? 60_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  // A command that never reads its input may exit before the write lands; that is not a failure.
  child.stdin.on('error', () => {});
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
