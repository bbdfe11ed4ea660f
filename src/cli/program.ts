import { Command, CommanderError } from 'commander';
import type { CommandModule } from './command.js';
import * as catalog from './commands/catalog.js';
import * as check from './commands/check.js';
import * as emit from './commands/emit.js';
import * as init from './commands/init.js';
import * as listen from './commands/listen.js';
import * as report from './commands/report.js';
import * as validate from './commands/validate.js';
import { EXIT_USAGE } from './exit-codes.js';

const COMMANDS: readonly CommandModule[] = [catalog, validate, init, report, emit, check, listen];

export function buildProgram(): Command {
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
  for (const mod of COMMANDS) mod.register(program);
  // Usage errors (unknown flag, bad choice) exit 2 with commander's message, never a stack trace.
  program.exitOverride();
  for (const sub of program.commands) sub.exitOverride();
  return program;
}

export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
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
