import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';

/**
 * The firewall lab of issue 12: a Skype for Business deployment behind two firewalls, as network
 * namespaces wired through a "switch" namespace that holds one bridge per network segment.
 *
 *   internet ──[internet]── fwext ──[perimeter-external]── edge, rp ──[perimeter-internal]── fwint ──[lan]── srv, cli, mgmt
 *
 * Only fwext and fwint forward. The Edge server and the reverse proxy are two hosts with two
 * interfaces each, as in the real perimeter, so the internal firewall sees each with its own source
 * address. Servers, clients and the management host share one LAN segment (the `lan` side of the
 * internal firewall): between them, traffic goes straight across the switch, never through a
 * firewall, as it does where both zones sit behind the same interface.
 */

export const NODES = ['sw', 'internet', 'fwext', 'edge', 'rp', 'fwint', 'srv', 'cli', 'mgmt'] as const;
export type LabNode = (typeof NODES)[number];

/** The addresses of test/lab/fixtures/lab.yaml, and the routers' own. */
export const ADDR = {
  internetHost: '198.51.100.130',
  fwextOutside: '198.51.100.129',
  fwextPerimeter: '203.0.113.1',
  edgeAccess: '203.0.113.11',
  edgeWebConf: '203.0.113.12',
  edgeAv: '203.0.113.13',
  rpExternal: '203.0.113.20',
  fwintPerimeter: '192.0.2.65',
  edgeInternal: '192.0.2.70',
  rpInternal: '192.0.2.74',
  fwintServers: '192.0.2.1',
  fwintClients: '198.51.100.1',
  fwintManagement: '192.0.2.97',
  frontEnd: '192.0.2.10',
  client: '198.51.100.10',
  management: '192.0.2.100',
} as const;

const LAN_NETS = ['192.0.2.0/27', '198.51.100.0/26', '192.0.2.96/28'];

export interface FirewallLab {
  /** Namespace name of each node: sfbl-<node>-<pid>. */
  readonly ns: Readonly<Record<LabNode, string>>;
  /** Runs a command inside a node's namespace and returns its standard output. */
  exec(node: LabNode, command: string, args: readonly string[], input?: string): string;
  /** Runs a command inside a node's namespace without blocking the test process (bounded by timeoutMs). */
  execAsync(
    node: LabNode,
    command: string,
    args: readonly string[],
    timeoutMs: number,
  ): Promise<{ status: number; stdout: string; stderr: string }>;
  /** Starts a long-running command inside a namespace; destroy() kills it. */
  spawn(node: LabNode, command: string, args: readonly string[]): ChildProcess;
  /** Kills what spawn() started and deletes the namespaces; safe to call twice. */
  destroy(): void;
}

const PREFIX = 'sfbl';

function ip(args: readonly string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Namespaces of an earlier lab whose process died before its cleanup: our naming scheme only. */
function removeStaleLabs(): void {
  const listed = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  for (const line of listed.split('\n')) {
    const m = new RegExp(`^(${PREFIX}-[a-z]+-(\\d+))(?:\\s|$)`).exec(line);
    if (!m || alive(Number(m[2]))) continue;
    try {
      ip(['netns', 'del', m[1]!]);
    } catch {
      // removed meanwhile
    }
  }
}

/** One cable: a veth whose one end is a port of a bridge in the switch namespace. */
interface Cable {
  readonly node: LabNode;
  readonly dev: string;
  readonly bridge: 'br-inet' | 'br-pext' | 'br-pint' | 'br-lan';
  readonly addresses: readonly string[];
}

const CABLES: readonly Cable[] = [
  { node: 'internet', dev: 'eth0', bridge: 'br-inet', addresses: [`${ADDR.internetHost}/26`] },
  { node: 'fwext', dev: 'out0', bridge: 'br-inet', addresses: [`${ADDR.fwextOutside}/26`] },
  { node: 'fwext', dev: 'per0', bridge: 'br-pext', addresses: [`${ADDR.fwextPerimeter}/27`] },
  {
    node: 'edge',
    dev: 'ext0',
    bridge: 'br-pext',
    addresses: [`${ADDR.edgeAccess}/27`, `${ADDR.edgeWebConf}/27`, `${ADDR.edgeAv}/27`],
  },
  { node: 'rp', dev: 'ext0', bridge: 'br-pext', addresses: [`${ADDR.rpExternal}/27`] },
  { node: 'edge', dev: 'int0', bridge: 'br-pint', addresses: [`${ADDR.edgeInternal}/28`] },
  { node: 'rp', dev: 'int0', bridge: 'br-pint', addresses: [`${ADDR.rpInternal}/28`] },
  { node: 'fwint', dev: 'per0', bridge: 'br-pint', addresses: [`${ADDR.fwintPerimeter}/28`] },
  {
    node: 'fwint',
    dev: 'lan0',
    bridge: 'br-lan',
    addresses: [`${ADDR.fwintServers}/27`, `${ADDR.fwintClients}/26`, `${ADDR.fwintManagement}/28`],
  },
  { node: 'srv', dev: 'eth0', bridge: 'br-lan', addresses: [`${ADDR.frontEnd}/27`] },
  { node: 'cli', dev: 'eth0', bridge: 'br-lan', addresses: [`${ADDR.client}/26`] },
  { node: 'mgmt', dev: 'eth0', bridge: 'br-lan', addresses: [`${ADDR.management}/28`] },
];

/** Routes per node: [destination, gateway | undefined for on-link, device]. */
const ROUTES: ReadonlyArray<readonly [LabNode, string, string | undefined, string]> = [
  ['internet', 'default', ADDR.fwextOutside, 'eth0'],
  // The perimeter hosts: the internet through the external firewall, the LAN through the internal one.
  ...(['edge', 'rp'] as const).flatMap((n) => [
    [n, 'default', ADDR.fwextPerimeter, 'ext0'] as const,
    ...LAN_NETS.map((net) => [n, net, ADDR.fwintPerimeter, 'int0'] as const),
  ]),
  // LAN hosts reach each other on the segment and the perimeter through the internal firewall.
  ...(
    [
      ['srv', ADDR.fwintServers, '192.0.2.0/27'],
      ['cli', ADDR.fwintClients, '198.51.100.0/26'],
      ['mgmt', ADDR.fwintManagement, '192.0.2.96/28'],
    ] as const
  ).flatMap(([n, gw, own]) => [
    [n, 'default', gw, 'eth0'] as const,
    ...LAN_NETS.filter((net) => net !== own).map((net) => [n, net, undefined, 'eth0'] as const),
  ]),
];

export function createFirewallLab(): FirewallLab {
  removeStaleLabs();
  const ns = Object.fromEntries(NODES.map((n) => [n, `${PREFIX}-${n}-${process.pid}`])) as Record<
    LabNode,
    string
  >;
  const children: ChildProcess[] = [];
  let destroyed = false;
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    process.removeListener('exit', destroy);
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const name of Object.values(ns)) {
      try {
        ip(['netns', 'del', name]);
      } catch {
        // never created, or already gone
      }
    }
  };
  // A run that ends without afterAll (an uncaught error) still removes its namespaces.
  process.once('exit', destroy);
  try {
    for (const name of Object.values(ns)) {
      ip(['netns', 'add', name]);
      ip(['-n', name, 'link', 'set', 'lo', 'up']);
    }
    for (const br of ['br-inet', 'br-pext', 'br-pint', 'br-lan']) {
      ip(['-n', ns.sw, 'link', 'add', br, 'type', 'bridge']);
      ip(['-n', ns.sw, 'link', 'set', br, 'up']);
    }
    CABLES.forEach((c, i) => {
      // Both ends are created inside namespaces, so no name can clash with the host's interfaces.
      const port = `p${i}`;
      ip(['-n', ns.sw, 'link', 'add', port, 'type', 'veth', 'peer', 'name', c.dev, 'netns', ns[c.node]]);
      ip(['-n', ns.sw, 'link', 'set', port, 'master', c.bridge, 'up']);
      for (const a of c.addresses) ip(['-n', ns[c.node], 'addr', 'add', a, 'dev', c.dev]);
      ip(['-n', ns[c.node], 'link', 'set', c.dev, 'up']);
    });
    for (const [node, dest, via, dev] of ROUTES)
      ip(['-n', ns[node], 'route', 'add', dest, ...(via ? ['via', via] : []), 'dev', dev]);
    for (const fw of ['fwext', 'fwint'] as const)
      execFileSync('ip', ['netns', 'exec', ns[fw], 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
  } catch (err) {
    destroy();
    throw err;
  }
  return {
    ns,
    exec: (node, command, args, input) =>
      execFileSync('ip', ['netns', 'exec', ns[node], command, ...args], {
        encoding: 'utf8',
        ...(input !== undefined && { input }),
        stdio: [input !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
        timeout: 30_000,
      }),
    execAsync: (node, command, args, timeoutMs) =>
      new Promise((resolve) => {
        execFile(
          'ip',
          ['netns', 'exec', ns[node], command, ...args],
          { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
          (err, stdout, stderr) => {
            const status = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
            resolve({ status, stdout, stderr });
          },
        );
      }),
    spawn: (node, command, args) => {
      const child = spawn('ip', ['netns', 'exec', ns[node], command, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      return child;
    },
    destroy,
  };
}
