import { existsSync, realpathSync } from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../../diag/diagnostic.js';
import { migrateTopologyText } from '../../topology/migrate.js';
import { CURRENT_TOPOLOGY_VERSION } from '../../topology/versions.js';
import { action, withExamples } from '../command.js';
import { EXIT_OK } from '../exit-codes.js';
import { type CliIo, type CommandIo, resolvePath } from '../io.js';
import { writeOutputFile } from '../output.js';
import { readTopologyDocument, TopologyError, topologyName } from '../topology-file.js';

interface MigrateOptions {
  readonly output?: string;
  readonly force?: boolean;
}

export function register(program: Command, io: CommandIo): void {
  const command = program
    .command('migrate')
    .summary(`rewrite a topology file as version ${CURRENT_TOPOLOGY_VERSION}, keeping its layout`)
    .description(
      `write a topology file as version ${CURRENT_TOPOLOGY_VERSION}, keeping its comments, key order and formatting; ` +
        'the result plans exactly as the file did',
    )
    .argument('<file>', 'topology file (YAML or JSON; "-" reads standard input)')
    .option('-o, --output <file>', 'write here (atomically) instead of standard output; never the input file')
    .option('--force', 'replace an existing --output file (never the input)')
    .action(action(io, (file: string, options: MigrateOptions) => migrate(io, file, options)));
  withExamples(command, [
    ['sfbports migrate contoso.yaml', 'print contoso.yaml as version 2 (comments and layout kept)'],
    [
      'sfbports migrate contoso.yaml -o contoso-v2.yaml',
      'write it to a new file; compare, then replace the original yourself',
    ],
    ['sfbports migrate contoso.yaml > new.yaml && mv new.yaml contoso.yaml', 'migrate in place'],
  ]);
}

async function migrate(io: CliIo, file: string, options: MigrateOptions): Promise<number> {
  const out = options.output;
  if (out !== undefined && file !== '-' && samePath(io, out, file)) {
    throw new UserError({
      code: 'output-is-input',
      severity: 'error',
      message: `${out} is the input file; migrate never overwrites it`,
      hint: `write elsewhere and compare first: sfbports migrate ${file} -o ${suggestName(file)}`,
    });
  }
  const { text, lineBreak } = readTopologyDocument(io, file);
  const name = topologyName(file);
  const result = migrateTopologyText(text, name);
  if (result.status === 'invalid') throw new TopologyError(result.diagnostics, text);
  // The text was read with "\n" line ends; a file saved with CRLF (Notepad's way) gets CRLF back, or
  // every line of it would show as changed.
  const written = lineBreak === '\r\n' ? result.text.replace(/\n/g, '\r\n') : result.text;
  // A topology is the user's document, to be edited: it carries no marker, so replacing one needs --force.
  if (out !== undefined)
    await writeOutputFile(io, out, written, 'none', { force: options.force === true, inputs: [file] });
  else io.stdout.write(written);
  if (result.status === 'current') {
    io.stderr.write(
      `${name} is already version ${CURRENT_TOPOLOGY_VERSION}; ${out === undefined ? 'printed' : `wrote ${out}`} unchanged\n`,
    );
  } else {
    const changes = result.edits.map((e) => e.path.join('.')).join(', ');
    io.stderr.write(
      `migrated ${name} to version ${CURRENT_TOPOLOGY_VERSION}${out === undefined ? '' : `: wrote ${out}`} (set ${changes})\n`,
    );
  }
  return EXIT_OK;
}

/** Whether two paths name one file: resolved against the run's directory, symbolic links followed. */
function samePath(io: CliIo, a: string, b: string): boolean {
  const ra = resolvePath(io, a);
  const rb = resolvePath(io, b);
  if (ra === rb) return true;
  if (!existsSync(ra) || !existsSync(rb)) return false;
  return realpathSync(ra) === realpathSync(rb);
}

function suggestName(file: string): string {
  const m = /^(.*?)(\.[^./\\]+)?$/.exec(file);
  return `${m?.[1] ?? file}-v${CURRENT_TOPOLOGY_VERSION}${m?.[2] ?? ''}`;
}
