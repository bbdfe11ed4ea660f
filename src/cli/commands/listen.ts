import type { Command } from 'commander';

/** Placeholder: registered so the command list is stable while the command is built. */
export function register(program: Command): void {
  program
    .command('listen')
    .description('(not built yet)')
    .action(() => {
      process.stderr.write('sfbports listen: not built yet\n');
      process.exitCode = 2;
    });
}
