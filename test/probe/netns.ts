import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

/**
 * Three network namespaces joined by veth pairs, as a real deployment puts a firewall between a client
 * zone and a server zone: client (198.51.100.10) → firewall (198.51.100.1 | 203.0.113.1) → server
 * (203.0.113.10 and any extra addresses). Shared by the end-to-end test and the benchmark.
 */
export interface Lab {
  readonly client: string;
  readonly firewall: string;
  readonly server: string;
  readonly clientAddress: string;
  readonly serverAddress: string;
  /** Runs a command inside a namespace and returns its standard output. */
  exec(ns: string, command: string, args: readonly string[], input?: string): string;
  /** Starts a long-running command inside a namespace. */
  spawn(ns: string, command: string, args: readonly string[]): ChildProcess;
  /** Loads an nftables rule set into the firewall namespace. */
  loadRuleset(text: string, file: string): void;
  /** Kills what spawn() started and deletes the namespaces; safe to call twice. */
  destroy(): void;
}

function ip(args: readonly string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Namespaces of an earlier run that was killed before its cleanup (a test runner timing out): only our
 * own naming scheme, and only when the process that made them is gone.
 */
function removeStaleLabs(): void {
  const listed = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  for (const line of listed.split('\n')) {
    const m = /^(sfb[csf]-[a-z0-9]+-(\d+))(?:\s|$)/.exec(line);
    if (!m || alive(Number(m[2]))) continue;
    try {
      ip(['netns', 'del', m[1]!]);
    } catch {
      // removed meanwhile
    }
  }
}

export function createLab(tag: string, extraServerAddresses: readonly string[] = []): Lab {
  removeStaleLabs();
  const suffix = `${tag}-${process.pid}`;
  const client = `sfbc-${suffix}`;
  const firewall = `sfbf-${suffix}`;
  const server = `sfbs-${suffix}`;
  const children: ChildProcess[] = [];
  let destroyed = false;
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    process.removeListener('exit', destroy);
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const ns of [client, firewall, server]) {
      try {
        ip(['netns', 'del', ns]);
      } catch {
        // never created, or already gone
      }
    }
  };
  // A run that ends without afterAll (an uncaught error) still removes its namespaces.
  process.once('exit', destroy);
  try {
    for (const ns of [client, firewall, server]) {
      ip(['netns', 'add', ns]);
      ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    }
    // Both ends are created inside namespaces, so the names cannot clash with the host's interfaces.
    ip(['-n', firewall, 'link', 'add', 'fc', 'type', 'veth', 'peer', 'name', 'c0', 'netns', client]);
    ip(['-n', firewall, 'link', 'add', 'fs', 'type', 'veth', 'peer', 'name', 's0', 'netns', server]);
    ip(['-n', client, 'addr', 'add', '198.51.100.10/24', 'dev', 'c0']);
    ip(['-n', firewall, 'addr', 'add', '198.51.100.1/24', 'dev', 'fc']);
    ip(['-n', firewall, 'addr', 'add', '203.0.113.1/24', 'dev', 'fs']);
    ip(['-n', server, 'addr', 'add', '203.0.113.10/24', 'dev', 's0']);
    for (const a of extraServerAddresses) ip(['-n', server, 'addr', 'add', `${a}/24`, 'dev', 's0']);
    for (const [ns, dev] of [
      [client, 'c0'],
      [firewall, 'fc'],
      [firewall, 'fs'],
      [server, 's0'],
    ] as const) {
      ip(['-n', ns, 'link', 'set', dev, 'up']);
    }
    ip(['-n', client, 'route', 'add', 'default', 'via', '198.51.100.1']);
    ip(['-n', server, 'route', 'add', 'default', 'via', '203.0.113.1']);
    execFileSync('ip', ['netns', 'exec', firewall, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
  } catch (err) {
    destroy();
    throw err;
  }
  return {
    client,
    firewall,
    server,
    clientAddress: '198.51.100.10',
    serverAddress: '203.0.113.10',
    exec: (ns, command, args, input) =>
      execFileSync('ip', ['netns', 'exec', ns, command, ...args], {
        encoding: 'utf8',
        ...(input !== undefined && { input }),
        maxBuffer: 64 * 1024 * 1024,
        timeout: 120_000,
      }),
    spawn: (ns, command, args) => {
      const child = spawn('ip', ['netns', 'exec', ns, command, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      return child;
    },
    loadRuleset: (text, file) => {
      writeFileSync(file, text);
      execFileSync('ip', ['netns', 'exec', firewall, 'nft', '-f', file], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    },
    destroy,
  };
}

/** Waits (bounded) for the JSON line with "event":"ready" that `listen --format json` prints. */
export function waitReady(
  child: ChildProcess,
  timeoutMs = 30_000,
): Promise<{ token: string; tcp: string; udp: string }> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => finish(new Error(`listen was not ready in ${timeoutMs} ms: ${err}`)),
      timeoutMs,
    );
    const onData = (d: Buffer) => {
      out += d.toString();
      for (const line of out.split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const event = JSON.parse(line);
          if (event.event === 'ready') return finish(undefined, event);
        } catch {
          // a partial line; wait for the rest
        }
      }
    };
    const onErr = (d: Buffer) => {
      if (err.length < 10_000) err += d.toString();
    };
    const onExit = (code: number | null) =>
      finish(new Error(`listen exited (${code}) before it was ready: ${err}`));
    function finish(e: Error | undefined, event?: { token: string; tcp: string; udp: string }) {
      clearTimeout(timer);
      child.stdout?.removeListener('data', onData);
      child.stderr?.removeListener('data', onErr);
      child.removeListener('exit', onExit);
      if (e) reject(e);
      else resolve(event!);
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onErr);
    child.once('exit', onExit);
  });
}

/**
 * A UDP responder that answers every datagram, an empty one included, with "ok", on `ports` of
 * `address` inside namespace `ns`, as any UDP service would for nmap's -sU (which sends an empty
 * datagram to ports it has no payload for). Resolves once every port is bound.
 */
export async function startUdpResponder(
  lab: Lab,
  ns: string,
  address: string,
  ports: readonly number[],
): Promise<ChildProcess> {
  const code = [
    "const dgram = require('node:dgram');",
    'const [address, ...ports] = process.argv.slice(1);',
    'let bound = 0;',
    'for (const p of ports) {',
    "  const s = dgram.createSocket('udp4');",
    "  s.on('message', (m, r) => s.send('ok', r.port, r.address));",
    "  s.bind(Number(p), address, () => { if (++bound === ports.length) console.log('ready'); });",
    '}',
    // Bounded: it never outlives a forgotten run by more than ten minutes.
    'setTimeout(() => process.exit(0), 600_000);',
  ].join('\n');
  const child = lab.spawn(ns, process.execPath, ['-e', code, address, ...ports.map(String)]);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the UDP responder was not ready in 10 s')), 10_000);
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (c) => {
      clearTimeout(timer);
      reject(new Error(`the UDP responder exited (${c})`));
    });
  });
  return child;
}
