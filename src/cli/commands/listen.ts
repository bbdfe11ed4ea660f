import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { Command } from 'commander';
import { UserError } from '../../diag/diagnostic.js';
import { PortSet } from '../../model/ports.js';
import type { Protocol, Transport } from '../../model/protocols.js';
import { selfSignedCertificate } from '../../probe/cert.js';
import { type Hit, Responder } from '../../probe/listen.js';
import { type ListenPlan, type ListenPort, listenPlan } from '../../probe/listen-plan.js';
import { probePlan } from '../../probe/probe-plan.js';
import { portsToUse } from '../../probe/sample.js';
import { parseTargetSpec } from '../../probe/target-spec.js';
import { action, formatOption, withExamples } from '../command.js';
import { EXIT_OK } from '../exit-codes.js';
import type { CliIo, CommandIo } from '../io.js';
import { readTopologyFile, topologyName } from '../topology-file.js';
import { integer } from './check.js';

const FORMATS = ['table', 'json'] as const;

interface ListenOptions {
  as?: string;
  role?: string;
  bind?: string;
  ports?: string[];
  token?: string;
  duration: number;
  maxConnections: number;
  full: boolean;
  tls: boolean;
  verbose: boolean;
  format: (typeof FORMATS)[number];
}

export function register(program: Command, io: CommandIo): void {
  const cmd = program
    .command('listen')
    .summary("open a server's ports before it is installed, for check --token")
    .description(
      'open the ports a server must receive on, before the product is installed, and answer each in its ' +
        'protocol (STUN, SQL Browser, SIP OPTIONS, TLS or a banner) with a token that `check --token` verifies',
    )
    .argument('[file]', 'topology file (with --as or --role; "-" reads standard input)')
    .option('--as <fqdn>', 'listen for this server: every port of every flow that reaches it, on its address')
    .option('--role <role>', 'listen for every flow that reaches this role (needs --bind)')
    .option('--bind <addr>', 'address to bind (with --as: overrides the topology address, e.g. 0.0.0.0)')
    .option('--ports <spec...>', 'without a topology: PORTS[/tcp|/udp] to open, e.g. 5061 3478/udp 5000-5199')
    .option(
      '--token <token>',
      'the shared secret of the proof: answers carry HMAC(token, nonce of the request), never the token (default: a random one, printed at start)',
    )
    .option('--duration <s>', 'stop after this many seconds', integer('--duration', 1, 86_400), 600)
    .option(
      '--max-connections <n>',
      'open TCP connections at once; one source holds at most min(128, this); more are refused',
      integer('--max-connections', 1, 10_000),
      256,
    )
    .option('--full', 'open every port of media ranges instead of a sample', false)
    .option('--no-tls', 'answer TLS ports in plain TCP (no self-signed certificate)')
    .option('--verbose', 'log every connection and datagram to stderr', false)
    .addOption(formatOption(FORMATS, 'table'))
    .action(action(io, (file: string | undefined, options: ListenOptions) => runListen(io, file, options)));
  withExamples(cmd, [
    [
      'sfbports listen topology.yaml --as fe01.contoso.com',
      'open every port fe01 must receive on, on its address',
    ],
    [
      'sfbports listen topology.yaml --role edge-internal --bind 0.0.0.0 --duration 300',
      'stand in for an Edge',
    ],
    ['sfbports listen --bind 127.0.0.1 --ports 5061 3478/udp 1434/udp --token t0k3n', 'ad hoc ports'],
    ['sfbports check topology.yaml --from clients --token <token>', 'then, from a client: did we reach it?'],
  ]);
}

function usage(message: string, hint: string, code = 'listen-input'): UserError {
  return new UserError({ code, severity: 'error', message, hint });
}

function adHocPlan(specs: string[], bind: string, full: boolean): ListenPlan {
  const ports: ListenPort[] = [];
  const notes: string[] = [];
  const sampled: string[] = [];
  const seen = new Set<string>();
  for (const text of specs) {
    const r = parseTargetSpec(`${bind.includes(':') ? `[${bind}]` : bind}:${text}`);
    if (!r.ok)
      throw usage(
        `bad --ports value "${text}": ${r.reason}`,
        'write PORTS[/tcp|/udp], e.g. 5061 or 50000-50019/udp',
      );
    const transport: Transport = r.spec.transport ?? 'tcp';
    const chosen = portsToUse(r.spec.ports, full);
    if (chosen.sampled)
      sampled.push(`${text}: listening on ${chosen.ports.length} of ${r.spec.ports.size} ports`);
    for (const port of chosen.ports) {
      const key = `${transport}/${port}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ports.push({ port, transport, protocols: new Set<Protocol>(), flows: [] });
    }
  }
  return { address: bind, ports, notes, sampled };
}

async function buildPlan(
  io: CliIo,
  file: string | undefined,
  o: ListenOptions,
): Promise<{ plan: ListenPlan; serverName: string }> {
  if (!file) {
    if (!o.ports?.length) {
      throw usage(
        'give a topology file with --as or --role, or --ports',
        'sfbports listen topology.yaml --as fe01.contoso.com',
      );
    }
    if (!o.bind) throw usage('--ports needs --bind', 'sfbports listen --bind 127.0.0.1 --ports 5061');
    return { plan: adHocPlan(o.ports, o.bind, o.full), serverName: o.bind };
  }
  if (o.ports?.length)
    throw usage('--ports is for listening without a topology', 'drop --ports, or drop the file');
  if ((o.as === undefined) === (o.role === undefined)) {
    throw usage(
      'choose one of --as <server FQDN> and --role <role>',
      'sfbports listen topology.yaml --as fe01.contoso.com',
    );
  }
  if (o.role !== undefined && !o.bind)
    throw usage('--role needs --bind', `sfbports listen ${file} --role ${o.role} --bind 0.0.0.0`);
  const loaded = probePlan(readTopologyFile(io, file));
  const who = o.as !== undefined ? { server: o.as } : { role: o.role! };
  const plan = listenPlan(loaded.flows, who, o.full);
  if (plan.ports.length === 0) {
    const what = o.as ?? o.role!;
    throw usage(
      `no flow of ${topologyName(file)} reaches ${what}`,
      `these receive flows: ${loaded.destinations.slice(0, 30).join(', ')}`,
      'listen-nothing',
    );
  }
  const address = o.bind ?? plan.address;
  if (!address) throw usage(`the topology gives ${o.as} no address`, 'pass --bind ADDR');
  return { plan: { ...plan, address }, serverName: o.as ?? address };
}

function portList(
  ports: ReadonlyArray<{ port: number; transport: Transport }>,
  transport: Transport,
): string {
  return PortSet.of(...ports.filter((p) => p.transport === transport).map((p) => p.port)).toString() || '-';
}

async function runListen(io: CliIo, file: string | undefined, o: ListenOptions): Promise<number> {
  const { plan, serverName } = await buildPlan(io, file, o);
  const address = plan.address!;
  if (isIP(address) === 0)
    throw usage(`"${address}" is not an IP address`, 'bind an address such as 192.0.2.11 or 0.0.0.0');
  const token = o.token ?? randomBytes(8).toString('hex');
  if (!/^[\x21-\x7e]{1,64}$/.test(token))
    throw usage('the token must be 1-64 printable characters without spaces', 'e.g. --token lab-42');
  const notes = [...plan.notes];
  const tls = o.tls ? selfSignedCertificate(serverName) : undefined;
  if (o.tls && !tls) notes.push('openssl is missing: TLS ports answer in plain TCP');
  const hits = new Map<string, { count: number; peers: Set<string> }>();
  const json = o.format === 'json';
  const onHit = (h: Hit) => {
    if (o.verbose)
      io.stderr.write(
        `${h.transport}/${h.port} from ${h.peer}: ${h.answer}${h.reason ? ` (${h.reason})` : ''}${h.proved ? ' with proof' : ''}\n`,
      );
    if (h.answer === 'dropped' || h.answer === 'closed' || h.answer === 'tls') return;
    const key = `${h.transport} ${h.port}`;
    const entry = hits.get(key) ?? { count: 0, peers: new Set<string>() };
    entry.count++;
    if (entry.peers.size < 16) entry.peers.add(h.peer.replace(/:\d+$/, ''));
    hits.set(key, entry);
  };
  const responder = new Responder({
    address,
    token,
    maxConnections: o.maxConnections,
    ...(tls && { tls }),
    onHit,
  });
  const opened = await responder.open(plan.ports);
  if (opened.listening.length === 0) {
    await responder.close();
    const reasons = [...new Set(opened.skipped.map((s) => s.reason))].join('; ');
    throw usage(
      `could not open any port on ${address}: ${reasons}`,
      'bind an address of this machine (--bind 0.0.0.0), or run as root for ports below 1024',
      'listen-bind',
    );
  }
  // The stop signals are caught before "ready" is printed: a supervisor that sends SIGTERM as soon as
  // it reads the line must get the summary and exit 0, not a process killed by the default action.
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => {
    const stopListening = io.onSignal(['SIGINT', 'SIGTERM'], done);
    const timer = setTimeout(done, o.duration * 1000);
    function done() {
      clearTimeout(timer);
      stopListening();
      resolve();
    }
    stop = done;
  });
  try {
    if (json) {
      io.stdout.write(
        `${JSON.stringify({
          event: 'ready',
          tool: 'sfbports listen',
          token,
          address,
          tcp: portList(opened.listening, 'tcp'),
          udp: portList(opened.listening, 'udp'),
          skipped: opened.skipped,
          notes,
          sampled: plan.sampled,
          duration_s: o.duration,
        })}\n`,
      );
    } else {
      const lines = [
        `sfbports listen: token ${token}`,
        `listening on ${address}: tcp ${portList(opened.listening, 'tcp')}; udp ${portList(opened.listening, 'udp')}`,
        ...opened.skipped.map((s) => `skipped ${s.transport} ${s.port}: ${s.reason}`),
        ...notes.map((n) => `note: ${n}`),
        // One line for the sampled media ranges (there may be twenty); each with --verbose.
        ...(plan.sampled.length === 0
          ? []
          : o.verbose
            ? plan.sampled.map((n) => `note: ${n} (--full for all)`)
            : [
                `note: ${plan.sampled.length} port range(s) opened in part, a sample each (--full for all, --verbose lists them)`,
              ]),
        `ready; stopping in ${o.duration} s or on Ctrl-C. From a client: sfbports check … --token ${token}`,
      ];
      io.stdout.write(`${lines.join('\n')}\n`);
    }
  } catch (err) {
    // A failed write of the ready lines (a full disk): no listening on until --duration.
    stop();
    throw err;
  }
  // What was not answered, as it happens: at most one line every 5 s, and only when it changed.
  let lastDrops = '';
  const reportDrops = () => {
    const d = notAnswered(responder);
    const text = JSON.stringify(d);
    if (text === lastDrops || d.total === 0) return;
    lastDrops = text;
    if (json) io.stdout.write(`${JSON.stringify({ event: 'dropped', ...d })}\n`);
    else io.stderr.write(`not answered so far: ${describeDrops(d)}\n`);
  };
  const ticker = setInterval(reportDrops, 5000);
  ticker.unref?.();
  await stopped;
  clearInterval(ticker);
  await responder.close();
  const flooding = responder.stats.flooding;
  // A UDP source that went over its rate may be a forged address (a reflection victim): not "reached".
  const reached = [...hits]
    .map(([key, v]) => ({
      port: key,
      answers: v.count,
      from: [...v.peers].filter((p) => !(key.startsWith('udp') && responder.isFlooding(p))),
    }))
    .filter((r) => r.from.length > 0);
  const dropped = notAnswered(responder);
  if (json) {
    io.stdout.write(
      `${JSON.stringify({ event: 'summary', reached, refused: responder.refused, not_answered: dropped, flooding })}\n`,
    );
  } else {
    const lines = [
      reached.length === 0
        ? 'stopped: nothing reached this listener'
        : `stopped; reached:\n${reached.map((r) => `  ${r.port}: ${r.answers} answer(s) to ${r.from.join(', ')}`).join('\n')}`,
      ...(dropped.total > 0 ? [`not answered: ${describeDrops(dropped)}`] : []),
      ...(flooding.length > 0
        ? [
            `not counted as reached (over the UDP rate, maybe forged): ${flooding.slice(0, 16).join(', ')}${flooding.length > 16 ? ', …' : ''}`,
          ]
        : []),
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
  }
  return EXIT_OK;
}

interface NotAnswered {
  readonly total: number;
  readonly udp: Record<string, number>;
  readonly tcp: Record<string, number>;
}

/** Datagrams not answered and connections refused or cut, by reason (zero counts left out). */
function notAnswered(r: Responder): NotAnswered {
  const s = r.stats;
  const nonZero = (x: Readonly<Record<string, number>>) =>
    Object.fromEntries(Object.entries(x).filter(([, n]) => n > 0));
  const udp = nonZero(s.udpDropped);
  const tcp = nonZero(s.tcpDropped);
  const total = [...Object.values(udp), ...Object.values(tcp)].reduce((a, b) => a + b, 0);
  return { total, udp, tcp };
}

const REASONS: Record<string, string> = {
  'source-rate': 'over the rate of their source',
  'global-rate': 'over the rate of the listener',
  'larger-than-request': 'the answer would be larger than the request',
  'per-source': 'over the connections of their source',
  full: 'every slot taken',
  evicted: 'evicted for a source with fewer slots',
  'first-byte': 'no first byte in time',
  idle: 'idle between bytes',
  deadline: 'request not complete in time',
  'byte-cap': 'too many bytes',
};

function describeDrops(d: NotAnswered): string {
  const part = (what: string, x: Record<string, number>) =>
    Object.entries(x).map(([k, n]) => `${n} ${what} (${REASONS[k] ?? k})`);
  return [...part('datagram(s)', d.udp), ...part('connection(s)', d.tcp)].join(', ');
}
