import { isIP } from 'node:net';
import type { SingleBar } from 'cli-progress';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { type Diagnostic, UserError } from '../../diag/diagnostic.js';
import { type DescriptorBudget, descriptorBudget } from '../../probe/fd-limit.js';
import {
  failures,
  localErrorNote,
  localErrors,
  toJson,
  toJunit,
  tokenMismatches,
  toTable,
} from '../../probe/report.js';
import { type CheckTarget, type RunTiming, scheduleChecks } from '../../probe/run.js';
import { parseTargetSpec, type TargetSpec } from '../../probe/target-spec.js';
import { adHocTargets, flowTargets, type TargetPlan } from '../../probe/targets.js';
import { AdaptiveTimeout } from '../../probe/timing.js';
import { type CheckResult, PROBE_NAMES, type ProbeName } from '../../probe/types.js';
import { jsonText, safeText } from '../../text/escape.js';
import { action, choiceParser, formatOption, withExamples } from '../command.js';
import { CompletionEta, etaText } from '../eta.js';
import { EXIT_FINDINGS, EXIT_INCOMPLETE, EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED } from '../exit-codes.js';
import type { CliIo, CommandIo } from '../io.js';
import { colors } from '../terminal.js';

const FORMATS = ['table', 'json', 'junit'] as const;

/**
 * Probes in flight when --concurrency is not given. A dropped port holds its place for a whole
 * deadline (at least 100 ms) and a retry, so this bounds how fast silence is waited out: 1,000 dropped
 * ports cost 2 x 1,000 / 256 deadlines. Answering hosts still start at a window of 8 that grows by one
 * per answer (run.ts). Without an explicit --concurrency it is fitted to the open-file limit silently
 * (macOS's assumed 256 allows 208); an explicit value that does not fit gets a note.
 */
export const DEFAULT_CONCURRENCY = 256;

interface CheckOptions {
  from?: string;
  probe?: ProbeName;
  token?: string;
  timeout: number;
  exchangeTimeout?: number;
  /** Undefined: DEFAULT_CONCURRENCY, fitted to the descriptor limit without a note. */
  concurrency?: number;
  retries: number;
  full: boolean;
  dryRun: boolean;
  dns: boolean;
  dnsServer?: string;
  serverName?: string;
  sipTcp: boolean;
  format: (typeof FORMATS)[number];
  output?: string;
  force: boolean;
}

/** A whole-number option within bounds; shared with `listen`. */
export function integer(name: string, min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    }
    return n;
  };
}

export function register(program: Command, io: CommandIo): void {
  const cmd = program
    .command('check')
    .summary('probe the live network from here: open, closed or filtered')
    .description(
      'probe the live network from where this runs: TCP connect, TLS handshake and certificate, STUN / ' +
        'MS-TURN, SQL Browser, SIP OPTIONS and discovery DNS records; open / closed / filtered per target',
    )
    .argument(
      '<targets...>',
      'HOST:PORT[/tcp|/udp] (ranges and [IPv6] allowed), or one topology FILE with --from ("-" reads standard input)',
    )
    .option(
      '--from <where>',
      'topology mode: probe the flows that start here (a role, server or pool FQDN, or zone)',
    )
    .addOption(
      new Option('--probe <probe>', `force one probe (${PROBE_NAMES.join(', ')})`).argParser(
        choiceParser(PROBE_NAMES),
      ),
    )
    .option(
      '--token <token>',
      'the token `sfbports listen` printed: "open" then means our responder answered',
    )
    .option(
      '--timeout <ms>',
      'longest wait for a first answer; shrinks to the smoothed round trip + 4 deviations (at least 100 ms)',
      integer('--timeout', 10, 600_000),
      2000,
    )
    .option(
      '--exchange-timeout <ms>',
      'wait for the protocol answer once a port answered (default: --timeout)',
      integer('--exchange-timeout', 10, 600_000),
    )
    .option(
      '--concurrency <n>',
      `probes in flight at once (default ${DEFAULT_CONCURRENCY}; lowered to fit the open-file limit, ulimit -n)`,
      integer('--concurrency', 1, 4096),
    )
    .option('--retries <n>', 'extra attempts for targets that did not answer', integer('--retries', 0, 5), 1)
    .option('--full', 'probe every port of media ranges instead of a sample', false)
    .option('--dry-run', 'list the targets and probes, send nothing', false)
    .option('--dns', 'topology mode: also look up the discovery DNS records of the sipDomains', false)
    .option('--dns-server <addr>', 'DNS server for --dns / --probe dns (IP, IP:port or [IPv6]:port)')
    .option('--sip-tcp', 'ad hoc: SIP OPTIONS over plain TCP (default: TLS, except on 5060 and 5068)', false)
    .option('--server-name <fqdn>', 'ad hoc: the name certificates must carry (default: the host given)')
    .addOption(formatOption(FORMATS, 'table'))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--force', 'replace an output file that sfbports did not write', false)
    .action(action(io, (targets: string[], options: CheckOptions) => runCheck(io, targets, options)));
  withExamples(cmd, [
    [
      'sfbports check pool01.contoso.com:5061',
      'SIP OPTIONS over TLS to a Front End pool, with its certificate',
    ],
    ['sfbports check 192.0.2.20:3478/udp --probe msturn', 'an MS-TURN Allocate to an A/V Edge'],
    ['sfbports check 192.0.2.30:1434/udp 192.0.2.30:1433', 'SQL Browser and TDS of a back end'],
    ['sfbports check 192.0.2.20:50000-59999/tcp --full', 'every port of a media range, not a sample'],
    [
      'sfbports check --probe dns contoso.com --dns-server 192.0.2.53',
      'the discovery DNS records of a SIP domain',
    ],
    [
      'sfbports check topology.yaml --from clients --token 7f3a…',
      'every flow from the clients zone, against `sfbports listen`',
    ],
    ['sfbports check topology.yaml --from fe01.contoso.com -f junit -o check.xml', 'a JUnit report for CI'],
  ]);
}

function inputError(message: string, hint: string, code = 'check-input'): UserError {
  return new UserError({ code, severity: 'error', message, hint } satisfies Diagnostic);
}

async function resolveHosts(
  specs: TargetSpec[],
): Promise<{ specs: TargetSpec[]; names: Map<string, string> }> {
  const names = new Map<string, string>();
  const out: TargetSpec[] = [];
  for (const spec of specs) {
    if (isIP(spec.host) !== 0) {
      out.push(spec);
      continue;
    }
    try {
      const { lookup } = await import('node:dns/promises');
      const { address } = await lookup(spec.host);
      names.set(address, spec.host);
      out.push({ ...spec, host: address });
    } catch {
      throw inputError(
        `cannot resolve ${spec.host}`,
        'check the name, or give its address (IPv6 in brackets)',
        'check-unresolved',
      );
    }
  }
  return { specs: out, names };
}

async function planTargets(
  io: CliIo,
  args: string[],
  o: CheckOptions,
): Promise<{ plan: TargetPlan; domains: string[] }> {
  if (o.from !== undefined) {
    if (args.length !== 1) {
      throw inputError(
        'with --from, give exactly one topology file',
        'sfbports check topology.yaml --from clients',
      );
    }
    // Loaded only in topology mode: plain HOST:PORT targets start without the loader, the schema,
    // the YAML parser, the catalog and the planner.
    const [{ probePlan }, { readTopologyFile, topologyName }] = await Promise.all([
      import('../../probe/probe-plan.js'),
      import('../topology-file.js'),
    ]);
    const loaded = probePlan(readTopologyFile(io, args[0]!));
    const plan = flowTargets(loaded.flows, o.from, { full: o.full, ...(o.probe && { probe: o.probe }) });
    if (plan.targets.length === 0 && plan.notes.length === 0) {
      throw inputError(
        `no flow of ${topologyName(args[0]!)} starts at "${o.from}"`,
        `--from takes a role, a server or pool FQDN, or a zone; this topology has: ${loaded.origins.join(', ')}`,
        'check-from',
      );
    }
    return { plan, domains: o.dns ? [...loaded.sipDomains] : [] };
  }
  const looksLikeFile = args.find((a) => a === '-' || /\.(ya?ml|json)$/i.test(a));
  if (looksLikeFile) {
    throw inputError(
      looksLikeFile === '-'
        ? '"-" reads a topology from standard input'
        : `${looksLikeFile} looks like a topology file`,
      'add --from <role|server|zone> to probe its flows',
    );
  }
  if (o.dns) throw inputError('--dns needs a topology (with --from)', 'ad hoc, use --probe dns DOMAIN …');
  if (o.probe === 'dns') return { plan: { targets: [], notes: [] }, domains: args };
  const specs: TargetSpec[] = [];
  for (const arg of args) {
    const r = parseTargetSpec(arg);
    if (!r.ok) throw inputError(`bad target "${arg}": ${r.reason}`, r.hint, 'check-target');
    specs.push(r.spec);
  }
  const resolved = await resolveHosts(specs);
  const plan = adHocTargets(resolved.specs, {
    full: o.full,
    sipOverTcp: o.sipTcp,
    ...(o.probe && { probe: o.probe }),
    ...(o.serverName !== undefined && { serverName: o.serverName }),
  });
  // Keep the name the user typed for certificate and SIP checks.
  const targets: CheckTarget[] = plan.targets.map((t) => {
    const name = o.serverName ?? resolved.names.get(t.target.host);
    return name ? { ...t, target: { ...t.target, serverName: name } } : t;
  });
  return { plan: { targets, notes: plan.notes }, domains: [] };
}

async function runCheck(io: CliIo, args: string[], o: CheckOptions): Promise<number> {
  const { plan, domains } = await planTargets(io, args, o);
  // Refuse an unusable --output before probing, not after.
  const outputInputs = o.from === undefined ? [] : args;
  // The output module (and node:crypto with it) loads only for -o.
  const output = o.output && !o.dryRun ? await import('../output.js') : undefined;
  if (o.output && output) output.preflightOutput(io, o.output, { force: o.force, inputs: outputInputs });
  if (o.dryRun) {
    io.stdout.write(dryRunText(plan, domains, o.format === 'json'));
    return EXIT_OK;
  }
  const stopper = new AbortController();
  // Ctrl-C or a SIGTERM stops new probes at once; what was probed is still printed and written, and
  // the status says which signal it was (128 + its number), as shells do.
  let stoppedBy: 'SIGINT' | 'SIGTERM' | undefined;
  const stopOn = (signal: 'SIGINT' | 'SIGTERM') =>
    io.onSignal([signal], () => {
      stoppedBy ??= signal;
      stopper.abort();
    });
  const stopListeners = [stopOn('SIGINT'), stopOn('SIGTERM')];
  const stopListening = () => {
    for (const stop of stopListeners) stop();
  };
  // The bar draws on the terminal with cursor movements, so it needs the process's own stream.
  const terminal = io.terminal?.stderr;
  // Loaded only for a terminal: piped or JSON runs start without it.
  const cliProgress =
    terminal?.isTTY && plan.targets.length > 1 ? (await import('cli-progress')).default : undefined;
  const bar: SingleBar | undefined =
    terminal && cliProgress
      ? new cliProgress.SingleBar(
          {
            stream: terminal,
            // Our own estimate (eta.ts): cli-progress's {eta} leaps when a wave of filtered ports waits.
            format: 'probing [{bar}] {value}/{total} {left}',
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  let results: CheckResult[];
  let timing: RunTiming;
  const started = performance.now();
  const budget = descriptorBudget();
  const fitted =
    o.concurrency === undefined
      ? fitConcurrency(Math.min(DEFAULT_CONCURRENCY, budget.probes), budget)
      : fitConcurrency(o.concurrency, budget);
  const eta = new CompletionEta(plan.targets.length, started);
  const left = () => ({ left: etaText(eta.secondsLeft(performance.now())) });
  // The estimate moves while nothing completes too: a stall makes it grow, one second at a time.
  const ticker = bar ? setInterval(() => bar.update(left()), 1000) : undefined;
  ticker?.unref();
  try {
    bar?.start(plan.targets.length, 0, left());
    const run = await scheduleChecks(plan.targets, {
      concurrency: fitted.concurrency,
      timeout: new AdaptiveTimeout(o.timeout),
      exchangeTimeoutMs: o.exchangeTimeout ?? o.timeout,
      retries: o.retries,
      ...(o.token !== undefined && { token: o.token }),
      ...(bar && {
        onProgress: (done: number) => {
          eta.observe(done, performance.now());
          bar.update(done, left());
        },
      }),
      signal: stopper.signal,
    });
    const dnsResults = domains.length
      ? await (await import('../../probe/dns.js')).checkDiscoveryRecords(domains, {
          timeoutMs: o.timeout,
          ...(o.dnsServer && { server: o.dnsServer }),
        })
      : [];
    results = [...run.results, ...dnsResults];
    timing = run.timing;
  } finally {
    clearInterval(ticker);
    bar?.stop();
    stopListening();
  }
  const notes = [...plan.notes];
  if (fitted.note) notes.push(fitted.note);
  if (timing.final_concurrency < timing.concurrency)
    notes.push(
      `local errors made the run back off ${timing.local_backoffs} time(s); it ended with --concurrency ${timing.final_concurrency}`,
    );
  if (o.dns && domains.length === 0)
    notes.push('--dns: the topology lists no sipDomains, so no record was looked up');
  if (stopper.signal.aborted)
    notes.push(`interrupted: ${plan.targets.length - results.length} target(s) not probed`);
  if (o.probe === 'dns' && results.length === 0) notes.push('no domain given');
  const mismatched = tokenMismatches(results);
  if (mismatched.length > 0) {
    notes.push(
      `${mismatched.length} open target(s) answered without the token: something other than sfbports listen answered`,
    );
  }
  const text =
    o.format === 'json'
      ? toJson(results, notes, performance.now() - started, { ...timing, descriptors: fitted.json })
      : o.format === 'junit'
        ? toJunit(results, notes)
        : toTable(results, notes, colors(io));
  if (o.output) {
    const marker = o.format === 'json' ? 'none' : o.format === 'junit' ? 'xml' : 'hash';
    await output!.writeOutputFile(io, o.output, text, marker, { force: o.force, inputs: outputInputs });
  } else io.stdout.write(text);
  // failures() counts a required target answered without a valid proof too: the summary and the
  // exit status say the same thing.
  const failed = failures(results).length > 0;
  if (stoppedBy !== undefined) return stoppedBy === 'SIGINT' ? EXIT_INTERRUPTED : EXIT_TERMINATED;
  if (failed) return EXIT_FINDINGS;
  // Targets this machine could not probe are not a finding about the network: exit 3, not 1.
  if (localErrors(results).some((r) => r.required)) {
    io.stderr.write(`sfbports check: ${localErrorNote(results)}\n`);
    return EXIT_INCOMPLETE;
  }
  return EXIT_OK;
}

/**
 * Each probe in flight holds a descriptor: more probes than the open-file limit allows would fail
 * with EMFILE. The concurrency asked for is lowered to fit, and the report says so.
 */
export function fitConcurrency(
  asked: number,
  budget: DescriptorBudget,
): { concurrency: number; note?: string; json: object } {
  const json = {
    open_files_limit: budget.limit ?? 'unlimited',
    source: budget.source,
    in_use: budget.inUse,
    probes_allowed: Number.isFinite(budget.probes) ? budget.probes : 'unlimited',
    concurrency_asked: asked,
  };
  if (asked <= budget.probes) return { concurrency: asked, json };
  const where =
    budget.source === 'assumed'
      ? `an assumed open-file limit of ${budget.limit}`
      : `the open-file limit (ulimit -n ${budget.limit}, ${budget.inUse} in use)`;
  return {
    concurrency: budget.probes,
    note: `concurrency fitted to the descriptor limit: --concurrency ${asked} lowered to ${budget.probes}, to stay within ${where}`,
    json,
  };
}

function dryRunText(plan: TargetPlan, domains: readonly string[], json: boolean): string {
  const rows = plan.targets.map((t) => ({
    host: t.target.host,
    port: t.target.port,
    transport: t.target.transport,
    probe: t.target.probe,
    ...(t.flow !== undefined && { flow: t.flow }),
    required: t.required,
  }));
  if (json)
    return `${jsonText(JSON.stringify({ tool: 'sfbports check', dryRun: true, targets: rows, domains, notes: plan.notes }, null, 2))}\n`;
  const lines = rows.map(
    (r) =>
      `${r.host.includes(':') ? `[${r.host}]` : r.host}:${r.port}/${r.transport} ${r.probe}${r.flow ? ` ${r.flow}` : ''}${r.required ? '' : ' (optional)'}`,
  );
  for (const d of domains) lines.push(`dns: discovery records of ${d}`);
  for (const n of plan.notes) lines.push(`note: ${n}`);
  lines.push(`${rows.length} target(s) would be probed`);
  // Hosts, flows and domains come from the topology file or the command line: shown, not obeyed.
  return `${lines.map((l) => safeText(l, { max: 1000 })).join('\n')}\n`;
}
