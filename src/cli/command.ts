import { type Command, InvalidArgumentError, Option } from 'commander';
import { choiceHint, UserError } from '../diag/diagnostic.js';
import { printDiagnostics } from './diagnostics.js';
import { EXIT_INTERRUPTED, EXIT_USAGE, Interrupted } from './exit-codes.js';
import type { CommandIo } from './io.js';
import { TopologyError } from './topology-error.js';

/**
 * Shared pieces of every command: the --format option with its choices, examples in --help, and the
 * error boundary that turns user mistakes into diagnostics and exit 2 instead of stack traces.
 */

/**
 * Old names of formats, still accepted and never shown: the human-readable output is `table` in every
 * command, and validate, listen and emit --list called it `text` until issue 16.
 */
export const FORMAT_ALIASES: Readonly<Record<string, string>> = { text: 'table' };

export function formatOption(choices: readonly string[], defaultValue: string): Option {
  return new Option('-f, --format <format>', `output format (${choices.join(', ')})`)
    .default(defaultValue)
    .argParser((value: string) => {
      const named = Object.hasOwn(FORMAT_ALIASES, value) ? FORMAT_ALIASES[value]! : value;
      if (!choices.includes(named)) throw new InvalidArgumentError(choiceHint(value, choices));
      return named;
    });
}

/** Parses one of `choices`, with a "did you mean" hint when the value is close to one. */
export function choiceParser(choices: readonly string[]) {
  return (value: string) => {
    if (!choices.includes(value)) throw new InvalidArgumentError(choiceHint(value, choices));
    return value;
  };
}

export function withExamples(command: Command, examples: ReadonlyArray<readonly [string, string]>): Command {
  const lines = examples.map(([cmd, what]) => `  $ ${cmd}\n      ${what}`).join('\n');
  return command.addHelpText('after', `\nExamples:\n${lines}\n`);
}

/**
 * Runs a command body and records the exit status it returns; a UserError becomes printed
 * diagnostics (with the offending lines when it carries the topology text) and exit 2.
 */
export function action<A extends unknown[]>(
  io: CommandIo,
  body: (...args: A) => Promise<number | undefined> | number | undefined,
) {
  return async (...args: A): Promise<void> => {
    try {
      const code = await body(...args);
      if (code !== undefined) io.exitCode = code;
    } catch (err) {
      if (err instanceof Interrupted) {
        io.exitCode = EXIT_INTERRUPTED;
        return;
      }
      if (err instanceof UserError) {
        printDiagnostics(io, err.diagnostics, err instanceof TopologyError ? err.source : undefined);
        io.exitCode = EXIT_USAGE;
        return;
      }
      throw err;
    }
  };
}

export type CommandModule = { register(program: Command, io: CommandIo): void };
