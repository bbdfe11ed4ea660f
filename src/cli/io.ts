import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../diag/diagnostic.js';
import { readCapped } from './input-limit.js';
import { streamErrorText } from './stream-error.js';

export { streamErrorText };

/**
 * Everything a command reads from or writes to outside its arguments: the standard streams, the
 * environment, the working directory and the stop signals. The real entry point hands in the
 * process's; tests hand in buffers, so the whole program runs in the test's process.
 */

/** Where a command writes: process.stdout in a real run, a buffer in a test. */
export interface OutputStream {
  /** False asks the writer to wait for 'drain' before writing more, as a Node stream does. */
  write(chunk: string | Uint8Array): unknown;
  once?(event: 'drain', listener: () => void): unknown;
  /** A person is looking at it: colours, progress bars and the binary-output refusal depend on this. */
  readonly isTTY?: boolean;
}

export interface InputStream {
  readonly isTTY?: boolean;
  /** Standard input as text, read to its end; throws a Node system error when it cannot be read. */
  readText(): string;
  /**
   * Standard input as bytes, read to its end or to `cap` bytes, whichever comes first, so that input
   * that never ends is bounded (the topology reader asks for its limit + 1). Without it, readers
   * fall back to readText.
   */
  readBytes?(cap: number): Uint8Array;
}

/** The signals with which a person stops a long command (Ctrl-C, or a service manager's stop). */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/** The process's own streams, for the libraries that drive a terminal themselves. */
export interface TerminalStreams {
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
}

export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly stdin: InputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The directory that relative paths on the command line are relative to. */
  readonly cwd: string;
  /**
   * Calls `listener` once, on the first of `signals` to arrive, and stops listening then; the returned
   * function stops listening earlier. A second Ctrl-C therefore ends the process the usual way.
   */
  onSignal(signals: readonly StopSignal[], listener: () => void): () => void;
  /**
   * Present only when running as a real process: the interactive prompts and the progress bar draw on
   * the terminal through these, which an in-process run does not have.
   */
  readonly terminal?: TerminalStreams;
}

/** What a command sees: the run's I/O, and (like process.exitCode) the status the run ends with. */
export interface CommandIo extends CliIo {
  exitCode: number;
}

/** A path from the command line, made absolute against the run's working directory. */
export function resolvePath(io: CliIo, path: string): string {
  return resolve(io.cwd, path);
}

/**
 * Standard output as the commands see it. When it is a file or a device Node writes synchronously and
 * a full disk (ENOSPC) throws from write(); that becomes a one-line error and exit 2, not a stack
 * trace. A reader that went away (EPIPE) ends the run quietly, as other command-line tools do.
 */
function guardedStdout(stream: NodeJS.WriteStream): OutputStream {
  return {
    get isTTY() {
      return stream.isTTY === true;
    },
    write(chunk) {
      try {
        return stream.write(chunk);
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (typeof e.code !== 'string') throw err;
        if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
        throw new UserError({
          code: 'stdout-failed',
          severity: 'error',
          message: `cannot write standard output: ${streamErrorText(e)}`,
        });
      }
    },
  };
}

/** The I/O of this process, for the real entry point. */
export function processIo(): CliIo {
  return {
    stdout: guardedStdout(process.stdout),
    stderr: process.stderr,
    stdin: {
      isTTY: process.stdin.isTTY === true,
      readText: () => readFileSync(0, 'utf8'),
      readBytes: (cap) => readCapped(0, cap),
    },
    env: process.env,
    cwd: process.cwd(),
    onSignal(signals, listener) {
      const stop = () => {
        for (const s of signals) process.removeListener(s, handler);
      };
      const handler = () => {
        stop();
        listener();
      };
      for (const s of signals) process.once(s, handler);
      return stop;
    },
    terminal: { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
  };
}
