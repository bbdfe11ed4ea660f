import { Command, CommanderError } from 'commander';
import type { CommandModule } from './command.js';
import { EXIT_USAGE } from './exit-codes.js';

/**
 * Commands load lazily: running one command imports only its module, so `check` does not pay for
 * the spreadsheet writer at start-up. Help and unknown commands load them all.
 */
const COMMANDS: Readonly<Record<string, () => Promise<CommandModule>>> = {
  catalog: () => import('./commands/catalog.js'),
  validate: () => import('./commands/validate.js'),
  init: () => import('./commands/init.js'),
  report: () => import('./commands/report.js'),
  emit: () => import('./commands/emit.js'),
  check: () => import('./commands/check.js'),
  listen: () => import('./commands/listen.js'),
};

/** The modules needed to run `argv`: just the named command's, or all of them. */
export async function loadCommands(argv: readonly string[] = []): Promise<CommandModule[]> {
  const name = argv[2];
  const loaders =
    name !== undefined && Object.hasOwn(COMMANDS, name) ? [COMMANDS[name]!] : Object.values(COMMANDS);
  return Promise.all(loaders.map((load) => load()));
}

export function buildProgram(modules: readonly CommandModule[]): Command {
  const program = new Command('sfbports')
    .description(
      'Network flows, firewall reports, rule sets and live checks for Skype for Business Server\n' +
        'and Lync Server 2013 deployments, derived from the vendor port tables.',
    )
    .version('0.1.0')
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: false, helpWidth: 100 });
  program.addHelpText(
    'after',
    `
Exit status: 0 success, 1 a check found a problem, 2 bad input.

Examples:
  $ sfbports catalog --port 5061           what uses port 5061?
  $ sfbports validate examples/enterprise.yaml
  $ sfbports report examples/enterprise.yaml --format xlsx -o firewall.xlsx
`,
  );
  for (const mod of modules) mod.register(program);
  // Usage errors (unknown flag, bad choice) exit 2 with commander's message, never a stack trace.
  program.exitOverride();
  for (const sub of program.commands) sub.exitOverride();
  return program;
}

export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram(await loadCommands(argv));
  try {
    await program.parseAsync(argv as string[]);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are "errors" to commander but success to the user.
      process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    process.stderr.write(`sfbports: internal error: ${(err as Error).stack ?? String(err)}\n`);
    process.stderr.write('This is a bug in sfbports, not in your input; please report it.\n');
    process.exitCode = EXIT_USAGE;
  }
}
