import type { Command } from 'commander';
import { catalog } from '../../catalog/index.js';
import { choiceHint, UserError } from '../../diag/diagnostic.js';
import { EMITTER_NAMES, EMITTERS, findEmitter } from '../../emit/index.js';
import { SELECTION_KINDS, SELECTIONS } from '../../emit/request.js';
import type { EmitOptions, EmitResult, EmittedText, SelectionKind } from '../../emit/types.js';
import { plan } from '../../plan/plan.js';
import { action, formatOption, withExamples } from '../command.js';
import { printDiagnostics } from '../diagnostics.js';
import { EXIT_OK } from '../exit-codes.js';
import type { CliIo, CommandIo } from '../io.js';
import { encodeChunks, writeBlocks, writeOutputFiles } from '../output.js';
import { readTopologyFile } from '../topology-file.js';

const LIST_FORMATS = ['table', 'json'] as const;

interface EmitCommandOptions {
  list?: boolean;
  format: (typeof LIST_FORMATS)[number];
  output?: string;
  force?: boolean;
  /** Selections, collected so a repeated flag can be refused. */
  firewall?: string[];
  server?: string[];
  role?: string[];
  boundary?: string[];
  /** One boolean per declared variant flag (`--netsh`). */
  [variant: string]: unknown;
}

/** Every variant some target declares, with the targets that take it: one flag each. */
function variantFlags(): Array<{ name: string; description: string; targets: string[] }> {
  const flags = new Map<string, { name: string; description: string; targets: string[] }>();
  for (const e of EMITTERS) {
    for (const v of e.capabilities.variants) {
      const flag = flags.get(v.name) ?? { name: v.name, description: v.description, targets: [] };
      flag.targets.push(e.name);
      flags.set(v.name, flag);
    }
  }
  return [...flags.values()];
}

export function register(program: Command, io: CommandIo): void {
  const command = program
    .command('emit')
    .summary('write rule sets: nftables, iptables, Windows Firewall, IPsec, QoS')
    .description(
      'write ready-to-apply configuration for a topology: Windows Firewall, IPsec exemptions, nftables, ' +
        'iptables, client media ports and QoS; every rule names its flow and catalog ids',
    )
    .argument('[target]', `what to write (${EMITTER_NAMES.join(', ')})`)
    .argument('[file]', 'topology file (YAML or JSON; "-" reads standard input)')
    .option('-l, --list', 'list the targets, one line each')
    .addOption(formatOption(LIST_FORMATS, 'table'))
    .option('-o, --output <file>', 'write to this file (atomically) instead of standard output')
    .option('--force', 'replace output files that are not unchanged sfbports output (never the input)')
    .action(
      action(
        io,
        async (target: string | undefined, file: string | undefined, options: EmitCommandOptions) => {
          if (options.list) return list(io, options.format);
          if (options.format !== 'table') {
            throw new UserError({
              code: 'emit-format',
              severity: 'error',
              message: '--format applies to --list only; each target has its own file format',
              hint: 'drop --format, or use `sfbports emit --list --format json`',
            });
          }
          if (target === undefined || file === undefined) {
            throw new UserError({
              code: 'emit-usage',
              severity: 'error',
              message: target === undefined ? 'no target given' : 'no topology file given',
              hint: `sfbports emit TARGET FILE, with TARGET one of ${EMITTER_NAMES.join(', ')} (see --list)`,
            });
          }
          const emitter = findEmitter(target);
          if (!emitter) {
            throw new UserError({
              code: 'emit-unknown-target',
              severity: 'error',
              message: `unknown target "${target}"`,
              hint: choiceHint(target, EMITTER_NAMES),
            });
          }
          const variants = variantFlags().filter((v) => options[v.name] === true);
          if (variants.length > 1) {
            throw new UserError({
              code: 'emit-variants',
              severity: 'error',
              message: `choose one of ${variants.map((v) => `--${v.name}`).join(', ')}`,
              hint: 'each variant is a whole syntax of its own',
            });
          }
          const topology = readTopologyFile(io, file);
          const one = (kind: SelectionKind): string | undefined => {
            const given = options[kind];
            if (given === undefined || given.length <= 1) return given?.[0];
            throw new UserError({
              code: 'emit-repeated-selection',
              severity: 'error',
              message: `--${kind} was given ${given.length} times; a rule set is written for one ${kind} at a time`,
              hint:
                kind === 'boundary'
                  ? 'describe the firewall under firewalls: in the topology (both directions, every zone behind it) and use --firewall NAME'
                  : `run the command once per ${kind}`,
            });
          };
          const [firewall, server, role, boundary] = (
            ['firewall', 'server', 'role', 'boundary'] as const
          ).map(one);
          const emitOptions: EmitOptions = {
            ...(firewall !== undefined ? { firewall } : {}),
            ...(server !== undefined ? { server } : {}),
            ...(role !== undefined ? { role: role as EmitOptions['role'] } : {}),
            ...(boundary !== undefined ? { boundary } : {}),
            ...(variants[0] !== undefined ? { variant: variants[0].name } : {}),
          };
          const result = emitter.emit(plan(topology, catalog), emitOptions);
          printDiagnostics(io, result.diagnostics);
          await write(io, result, options, file);
          return EXIT_OK;
        },
      ),
    );
  // Selections and variants come from the targets' declared capabilities: help names who takes each.
  for (const kind of SELECTION_KINDS) {
    const takers = EMITTERS.filter((e) => e.capabilities.selections.includes(kind)).map((e) => e.name);
    // Collected so a repeated flag is refused instead of the last one silently winning.
    command.option(
      `--${kind} <${SELECTIONS[kind].value}>`,
      `${SELECTIONS[kind].keeps} (${takers.join(', ')})`,
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    );
  }
  for (const v of variantFlags()) command.option(`--${v.name}`, `${v.targets.join(', ')}: ${v.description}`);
  withExamples(command, [
    ['sfbports emit --list', 'the targets, one line each'],
    [
      'sfbports emit nftables examples/enterprise.yaml --firewall external -o external.nft',
      'the firewall in front of the Edge servers, as its own nftables table (both directions)',
    ],
    [
      'sfbports emit windows-firewall examples/enterprise.yaml --server fe01.contoso.com -o fe01.ps1',
      'the inbound rules one Front End Server needs, as PowerShell',
    ],
    ['sfbports emit ipsec examples/enterprise.yaml --netsh', 'IPsec exemptions as netsh commands'],
    [
      'sfbports emit iptables examples/enterprise.yaml --firewall internal -o internal.rules',
      'its own chains for iptables-restore --noflush, with .ip6, .ipset and an .sh that applies and rolls back',
    ],
    ['sfbports emit media-ports examples/enterprise.yaml', 'client media port ranges and QoS policies'],
  ]);
}

function list(io: CliIo, format: (typeof LIST_FORMATS)[number]): number {
  if (format === 'json') {
    const rows = EMITTERS.map((e) => ({
      name: e.name,
      extension: e.extension,
      description: e.description,
      ...e.capabilities,
    }));
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT_OK;
  }
  const width = Math.max(...EMITTER_NAMES.map((n) => n.length));
  for (const e of EMITTERS)
    io.stdout.write(`${e.name.padEnd(width)}  .${e.extension.padEnd(5)} ${e.description}\n`);
  return EXIT_OK;
}

/** A rule set too long for one string goes out a block at a time, waiting for the pipe to drain. */
async function toStdout(io: CliIo, text: EmittedText): Promise<void> {
  if (typeof text === 'string') io.stdout.write(text);
  else await writeBlocks(io.stdout, encodeChunks(text.chunks()));
}

async function write(io: CliIo, result: EmitResult, options: EmitCommandOptions, input: string) {
  const companions = result.companions ?? [];
  if (options.output !== undefined) {
    // Every file of the set is checked before any is written, and they land together or not at all.
    // Every target's syntax (PowerShell, netsh, nft, iptables-restore, ipset, sh) takes # comments.
    await writeOutputFiles(
      io,
      [
        { path: options.output, content: result.text, marker: 'hash' },
        ...companions.map((c) => ({
          path: `${options.output}${c.suffix}`,
          content: c.text,
          marker: 'hash' as const,
        })),
      ],
      { force: options.force, inputs: [input] },
    );
    for (const c of companions) io.stderr.write(`wrote ${options.output}${c.suffix}: ${c.description}\n`);
    return;
  }
  await toStdout(io, result.text);
  for (const c of companions) {
    io.stdout.write(`\n# ---- next file (<out>${c.suffix}): ${c.description} ----\n`);
    await toStdout(io, c.text);
  }
  if (companions.length > 0)
    io.stderr.write('note: this target writes several files; use -o FILE to write each separately\n');
}
