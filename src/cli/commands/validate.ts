import type { Command } from 'commander';
import { type Diagnostic, UserError } from '../../diag/diagnostic.js';
import { safeText } from '../../text/escape.js';
import { validateTopology } from '../../topology/load.js';
import type { Topology } from '../../topology/schema.js';
import { action, formatOption, withExamples } from '../command.js';
import { printDiagnostics } from '../diagnostics.js';
import { EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import type { CliIo, CommandIo } from '../io.js';
import { colors } from '../terminal.js';
import { readTopologyText, topologyName } from '../topology-file.js';

const FORMATS = ['table', 'json'] as const;

interface FileReport {
  readonly file: string;
  readonly valid: boolean;
  readonly errors: number;
  readonly warnings: number;
  readonly summary?: string;
  readonly diagnostics: readonly Diagnostic[];
}

export function register(program: Command, io: CommandIo): void {
  const command = program
    .command('validate')
    .summary('check topology files, every problem at once with its line')
    .description(
      'check topology files: shape, references, duplicate names and addresses, zones, product features; ' +
        'every problem at once, each with file, line, column and a hint',
    )
    .argument('<files...>', 'topology files (YAML or JSON; "-" reads standard input)')
    .addOption(formatOption(FORMATS, 'table'))
    .action(
      action(io, (files: string[], options: { format: (typeof FORMATS)[number] }) => {
        const reports = files.map((file) => {
          const name = topologyName(file);
          let text: string;
          try {
            text = readTopologyText(io, file);
          } catch (err) {
            // One unreadable file must not hide the findings for the others.
            if (!(err instanceof UserError)) throw err;
            const diagnostics = err.diagnostics;
            return {
              report: { file: name, valid: false, errors: diagnostics.length, warnings: 0, diagnostics },
              text: '',
            };
          }
          return { report: report(name, text), text };
        });
        if (options.format === 'json') {
          io.stdout.write(`${JSON.stringify({ files: reports.map((r) => r.report) }, null, 2)}\n`);
        } else {
          for (const { report: r, text } of reports) printText(io, r, text);
        }
        return reports.every((r) => r.report.valid) ? EXIT_OK : EXIT_USAGE;
      }),
    );
  withExamples(command, [
    [
      'sfbports validate examples/enterprise.yaml',
      'check one topology; prints a one-line summary when valid',
    ],
    ['sfbports validate site-a.yaml site-b.yaml', 'check several files; exit 2 if any has an error'],
    [
      'sfbports validate topology.yaml --format json',
      'diagnostics as JSON (code, severity, message, loc, hint)',
    ],
  ]);
}

function report(file: string, text: string): FileReport {
  const result = validateTopology(text, file);
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = result.diagnostics.length - errors;
  return {
    file,
    valid: result.topology !== undefined,
    errors,
    warnings,
    ...(result.topology ? { summary: summarise(result.topology) } : {}),
    diagnostics: result.diagnostics,
  };
}

/** "Contoso (sfb2019): 1 site, 2 pools (5 servers), 1 Edge pool (2 servers), 1 gateway". */
export function summarise(topology: Topology): string {
  const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const sites = topology.sites;
  const pools = sites.flatMap((s) => s.pools);
  const edges = sites.flatMap((s) => s.edgePools);
  const parts = [
    count(sites.length, 'site'),
    `${count(pools.length, 'pool')} (${count(
      pools.reduce((n, p) => n + p.servers.length, 0),
      'server',
    )})`,
  ];
  if (edges.length > 0) {
    parts.push(
      `${count(edges.length, 'Edge pool')} (${count(
        edges.reduce((n, e) => n + e.servers.length, 0),
        'server',
      )})`,
    );
  }
  const extras: Array<[number, string]> = [
    [sites.reduce((n, s) => n + s.reverseProxies.length, 0), 'reverse proxy'],
    [sites.reduce((n, s) => n + s.gateways.length, 0), 'gateway'],
    [sites.reduce((n, s) => n + s.branchAppliances.length, 0), 'branch appliance'],
  ];
  for (const [n, what] of extras) {
    if (n > 0) parts.push(count(n, what, what === 'reverse proxy' ? 'reverse proxies' : `${what}s`));
  }
  return `${topology.name} (${topology.product}): ${parts.join(', ')}`;
}

function printText(io: CliIo, r: FileReport, text: string): void {
  printDiagnostics(io, r.diagnostics, text);
  const c = colors(io, r.valid ? io.stdout : io.stderr);
  const warnings = r.warnings === 1 ? '1 warning' : `${r.warnings} warnings`;
  if (r.valid) {
    // The summary quotes the topology's name: file bytes, shown rather than obeyed, like the code frame.
    io.stdout.write(`${c.green('valid')} ${safeText(r.file)}: ${safeText(r.summary ?? '')}; ${warnings}\n`);
  } else {
    const errors = r.errors === 1 ? '1 error' : `${r.errors} errors`;
    io.stderr.write(`${c.red('invalid')} ${safeText(r.file)}: ${errors}, ${warnings}\n`);
  }
}
