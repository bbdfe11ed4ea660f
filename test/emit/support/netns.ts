import { execFileSync } from 'node:child_process';

/**
 * A scratch network namespace for running nft, iptables-restore and ipset against emitted files, so
 * the host's own rules are never touched. The namespace is removed whatever happens inside.
 */
let counter = 0;

export interface Namespace {
  /** Runs a command inside the namespace with `input` on stdin; throws with stderr on failure. */
  run(command: string, args: readonly string[], input?: string): string;
}

export function withNetns<T>(body: (ns: Namespace) => T): T {
  const name = `sfbp-emit-${process.pid}-${++counter}`;
  execFileSync('ip', ['netns', 'add', name], { stdio: 'ignore' });
  try {
    return body({
      run(command, args, input) {
        try {
          return execFileSync('ip', ['netns', 'exec', name, command, ...args], {
            input: input ?? '',
            encoding: 'utf8',
            stdio: ['pipe', 'pipe', 'pipe'],
            timeout: 20_000,
          });
        } catch (err) {
          const e = err as { stderr?: string; message: string };
          throw new Error(`${command} ${args.join(' ')} failed: ${e.stderr || e.message}`);
        }
      },
    });
  } finally {
    execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
  }
}
