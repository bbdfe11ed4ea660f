import { Command, CommanderError } from 'commander';
import { UserError } from '../diag/diagnostic.js';
import type { CommandModule } from './command.js';
import { printDiagnostics } from './diagnostics.js';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { DEFAULT_MAX_INPUT_SIZE, formatSize, parseSize, setMaxInputSize } from './input-limit.js';
import type { CliIo, CommandIo } from './io.js';
import { colorsEnabled } from './terminal.js';
import { VERSION } from './version.js';

/**
 * Commands load lazily: running one command imports only its module, so `check` does not pay for
 * the spreadsheet writer at start-up. Help and unknown commands load them all.
 */
const COMMANDS: Readonly<Record<string, () => Promise<CommandModule>>> = {
  catalog: () => import('./commands/catalog.js'),
  validate: () => import('./commands/validate.js'),
  init: () => import('./commands/init.js'),
  migrate: () => import('./commands/migrate.js'),
  import: () => import('./commands/import.js'),
  report: () => import('./commands/report.js'),
  emit: () => import('./commands/emit.js'),
  check: () => import('./commands/check.js'),
  listen: () => import('./commands/listen.js'),
};

export { VERSION } from './version.js';

/** The modules needed to run `argv`: just the named command's, or all of them. */
export async function loadCommands(argv: readonly string[] = []): Promise<CommandModule[]> {
  const name = argv[2];
  const loaders =
    name !== undefined && Object.hasOwn(COMMANDS, name) ? [COMMANDS[name]!] : Object.values(COMMANDS);
  return Promise.all(loaders.map((load) => load()));
}

export function buildProgram(modules: readonly CommandModule[], io: CommandIo): Command {
  const program = new Command('sfbports')
    .description(
      'Network flows, firewall reports, rule sets and live checks for Skype for Business Server ' +
        'and Lync Server 2013 deployments, derived from the vendor port tables.',
    )
    .version(VERSION)
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: false, helpWidth: 100, showGlobalOptions: true })
    // Help, version and usage errors go to the run's streams too; subcommands inherit this.
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      getOutHasColors: () => colorsEnabled(io, io.stdout),
      getErrHasColors: () => colorsEnabled(io, io.stderr),
    });
  program.addHelpText(
    'after',
    `
Exit status: 0 success, 1 a check found a problem, 2 bad input, 3 check could not probe
some targets because of this machine (no file descriptor left, a local firewall), 130 and 143
interrupted by Ctrl-C or SIGTERM.

Examples:
  $ sfbports catalog --port 5061           what uses port 5061?
  $ sfbports validate examples/enterprise.yaml
  $ sfbports report examples/enterprise.yaml --format xlsx -o firewall.xlsx
`,
  );
  // Global, so every command that reads a topology takes it, before or after the command name.
  program.option(
    '--max-input-size <size>',
    `largest topology to read, such as 64MB (default: ${formatSize(DEFAULT_MAX_INPUT_SIZE).replace(' ', '')}); bounds endless input such as /dev/zero or a pipe`,
    parseSize,
  );
  program.hook('preAction', () => {
    const size = program.opts<{ maxInputSize?: number }>().maxInputSize;
    if (size !== undefined) setMaxInputSize(io, size);
  });
  for (const mod of modules) mod.register(program, io);
  // Usage errors (unknown flag, bad choice) exit 2 with commander's message, never a stack trace.
  program.exitOverride();
  for (const sub of program.commands) sub.exitOverride();
  return program;
}

/** Runs the program on `argv` (node's layout: the first two are skipped) and returns the exit status. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  // `--version` alone needs no command module: answer before loading any (start-up is most of its cost).
  if (argv.length === 3 && (argv[2] === '--version' || argv[2] === '-V')) {
    io.stdout.write(`${VERSION}\n`);
    return EXIT_OK;
  }
  const run: CommandIo = { ...io, exitCode: EXIT_OK };
  const program = buildProgram(await loadCommands(argv), run);
  try {
    await program.parseAsync(argv as string[]);
    return run.exitCode;
  } catch (err) {
    // Help and version are "errors" to commander but success to the user.
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    // A failing standard output (a full disk) while commander prints help: one line, exit 2.
    if (err instanceof UserError) {
      printDiagnostics(io, err.diagnostics);
      return EXIT_USAGE;
    }
    const tooLarge = outputTooLarge(err);
    if (tooLarge) {
      io.stderr.write(`sfbports: error output-too-large: ${tooLarge}\n`);
      io.stderr.write(
        '  hint: narrow the report with --site, --boundary or --firewall (a site at a time), or choose a more compact --format\n',
      );
      return EXIT_USAGE;
    }
    io.stderr.write(`sfbports: internal error: ${(err as Error).stack ?? String(err)}\n`);
    io.stderr.write('This is a bug in sfbports, not in your input; please report it.\n');
    return EXIT_USAGE;
  }
}

/**
 * The output of a very large topology can outgrow what JavaScript can hold in one string (about
 * 512 MiB) or one buffer: V8 throws a RangeError. That is the input's size, not a bug, so it is
 * reported in one line with a way around it, never with a stack trace.
 */
export function outputTooLarge(err: unknown): string | undefined {
  if (!(err instanceof RangeError)) return undefined;
  const message = err.message;
  if (
    /Invalid string length|Array buffer allocation failed|Invalid typed array length|Invalid array length/i.test(
      message,
    )
  ) {
    return `the output is too large to build in memory (${message})`;
  }
  return undefined;
}
