import { type Command, Option } from 'commander';
import { catalog } from '../../catalog/index.js';
import { UserError } from '../../diag/diagnostic.js';
import { filterPlan } from '../../plan/filter.js';
import { plan } from '../../plan/plan.js';
import { loadRenderer, RENDERER_NAMES, type RendererName, renderers } from '../../render/index.js';
import { isByteStream } from '../../render/types.js';
import { action, formatOption, withExamples } from '../command.js';
import type { CliIo, CommandIo } from '../io.js';
import { encodeChunks, type MarkerSyntax, writeBlocks, writeOutputFile } from '../output.js';
import { colors } from '../terminal.js';
import { readTopologyFile } from '../topology-file.js';
import { workbookStamp } from '../workbook-marker.js';
import { nativeZipCodec } from '../zip-codec.js';

interface ReportOptions {
  format: RendererName;
  output?: string;
  force?: boolean;
  boundary?: string;
  firewall?: string;
  site?: string;
  title?: string;
}

export function register(program: Command, io: CommandIo): void {
  const formats = renderers.map((r) => `  ${r.name.padEnd(6)} ${r.description}`).join('\n');
  const command = program
    .command('report')
    .summary('print the firewall report: every flow the topology needs')
    .description(
      'print the firewall report: every network flow the topology needs, grouped by zone boundary, and which firewall enforces each',
    )
    .argument('<file>', 'topology file (YAML or JSON; "-" reads standard input)')
    .addOption(formatOption(RENDERER_NAMES, 'table'))
    .option('-o, --output <file>', 'write the report to this file (atomically) instead of standard output')
    .option(
      '--force',
      'replace an existing output file that is not an unchanged sfbports output (never the input)',
    )
    .option('--boundary <from:to>', 'only flows crossing this boundary, such as perimeter-internal:servers')
    .option(
      '--firewall <name>',
      'only flows this firewall enforces, both directions (a declared one, or an assumed <zone>--<zone>)',
    )
    .option('--site <name>', 'only flows with a host of this site on either side')
    .addOption(new Option('--title <text>', 'title for the report heading (default: the topology name)'))
    .addHelpText('after', `\nFormats:\n${formats}\n`)
    .action(action(io, (file: string, options: ReportOptions) => runReport(io, file, options)));
  withExamples(command, [
    ['sfbports report examples/enterprise.yaml', 'the report as tables in the terminal'],
    ['sfbports report topology.yaml --format xlsx -o firewall.xlsx', 'the spreadsheet for the firewall team'],
    [
      'sfbports report topology.yaml --format csv --boundary internet:perimeter-external',
      'one firewall as CSV',
    ],
    [
      'sfbports report examples/enterprise.yaml --firewall external --format md',
      'what the external firewall must let through, both directions',
    ],
    ['sfbports report topology.yaml --format json | jq ".flows | length"', 'the flows as JSON for scripts'],
    ['sfbports report topology.yaml --site Redmond --format md -o redmond.md', 'one site, as Markdown'],
  ]);
}

/** How a report file carries the sfbports-output marker: JSON and CSV have no comment syntax. */
const REPORT_MARKERS: Readonly<Record<RendererName, MarkerSyntax>> = {
  table: 'hash',
  md: 'xml',
  csv: 'none',
  json: 'none',
  xlsx: 'xlsx',
  html: 'xml',
};

async function runReport(io: CliIo, file: string, options: ReportOptions): Promise<number> {
  const topology = readTopologyFile(io, file);
  const full = plan(topology, catalog);
  const narrowed = filterPlan(full, {
    ...(options.boundary === undefined ? {} : { boundary: options.boundary }),
    ...(options.firewall === undefined ? {} : { firewall: options.firewall }),
    ...(options.site === undefined ? {} : { site: options.site }),
  });
  const renderer = await loadRenderer(options.format);
  if (renderer.binary && options.output === undefined && io.stdout.isTTY) {
    throw new UserError({
      code: 'binary-to-terminal',
      severity: 'error',
      message: `the ${renderer.name} format is binary and would garble the terminal`,
      hint: `write it to a file: -o report.${renderer.extension}`,
    });
  }
  const content = await renderer.render(narrowed, {
    ...(options.title === undefined ? {} : { title: options.title }),
    // A workbook is deflated by node:zlib, and stamped so that a later -o recognises it.
    package: {
      codec: nativeZipCodec(),
      ...(options.output === undefined ? {} : { stamp: workbookStamp() }),
    },
  });
  if (options.output !== undefined) {
    await writeOutputFile(io, options.output, content, REPORT_MARKERS[renderer.name as RendererName], {
      force: options.force === true,
      inputs: [file],
    });
    io.stderr.write(`sfbports: wrote ${narrowed.flows.length} flows to ${options.output}\n`);
    return 0;
  }
  if (content instanceof Uint8Array) {
    io.stdout.write(content);
    return 0;
  }
  if (isByteStream(content)) {
    await writeBlocks(io.stdout, content.chunks());
    return 0;
  }
  const pieces = typeof content === 'string' ? [content] : content.chunks();
  // The table renderer's pieces are whole lines, so each can be coloured by itself.
  await writeBlocks(io.stdout, encodeChunks(options.format === 'table' ? highlighted(io, pieces) : pieces));
  return 0;
}

function* highlighted(io: CliIo, pieces: Iterable<string>): Generator<string> {
  for (const piece of pieces) yield highlight(io, piece);
}

/** Boundary headings in bold on a terminal; the renderer itself stays colourless. */
function highlight(io: CliIo, text: string): string {
  const c = colors(io);
  return text
    .split('\n')
    .map((line) => (line.startsWith('== ') ? c.bold(c.cyan(line)) : line))
    .join('\n');
}
