import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { PORT_PROBES } from '../../src/probe/run.js';
import type { ProbeOutcome, ProbeTarget } from '../../src/probe/types.js';

/** A port free for both TCP and UDP on 127.0.0.1 at the time of asking. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const u = createSocket('udp4');
      u.once('error', () => resolve(false));
      u.bind(port, '127.0.0.1', () => u.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new Error('no free port found');
}

/** One probe run with a fixed deadline (no scheduler): what the probe says within `ms`. */
export async function probeOnce(target: ProbeTarget, ms = 1500, token?: string): Promise<ProbeOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    return await PORT_PROBES[target.probe as Exclude<ProbeTarget['probe'], 'dns'>](target, {
      signal: controller.signal,
      ...(token !== undefined && { token }),
    });
  } finally {
    clearTimeout(timer);
  }
}

/** Polls (bounded) until the target answers as open, for peers that take a moment to start. */
export async function waitOpen(target: ProbeTarget, tries = 50): Promise<void> {
  for (let i = 0; i < tries; i++) {
    const o = await probeOnce(target, 200);
    if (o.state === 'open') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${target.host}:${target.port}/${target.transport} never opened`);
}

/** Starts a helper program; the returned stop() kills it and waits for its exit. */
export function startPeer(
  command: string,
  args: readonly string[],
): { child: ChildProcess; stop: () => Promise<void>; output: () => string } {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d) => {
    if (out.length < 20_000) out += d;
  });
  child.stderr?.on('data', (d) => {
    if (out.length < 20_000) out += d;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Active handles of this process by kind (sockets, servers, timers), to catch leaks. */
export function handleCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  const handles = (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles();
  for (const h of handles) {
    const name = h.constructor?.name ?? 'unknown';
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/** Sockets (TCP and UDP) and servers currently open in this process. */
export function openSocketCount(): number {
  const c = handleCounts();
  return (c.Socket ?? 0) + (c.Server ?? 0) + (c.TLSSocket ?? 0);
}
