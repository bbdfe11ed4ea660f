import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  CATALOG_FORMATS,
  type CatalogFormat,
  citedPagesTable,
  entriesCsv,
  entriesJson,
  entriesMarkdown,
  entriesTable,
  findingsCsv,
  findingsJson,
  findingsMarkdown,
  findingsTable,
  ipsecCsv,
  ipsecJson,
  ipsecMarkdown,
  ipsecTable,
  type Style,
} from '../../catalog/format.js';
import {
  type CatalogQuery,
  catalog,
  entryPorts,
  queryEntries,
  queryFindings,
  queryIpsecExceptions,
} from '../../catalog/index.js';
import type { CatalogEntry, Provenance } from '../../catalog/types.js';
import { PortSet, PortSyntaxError } from '../../model/ports.js';
import { FEATURE_NAMES, type Feature, PRODUCT_NAMES, type Product } from '../../model/products.js';
import { TRANSPORTS, type Transport } from '../../model/protocols.js';
import { ROLE_NAMES, type Role } from '../../model/roles.js';
import { TABLE_WIDTH, wrap } from '../../text/layout.js';
import { action, choiceParser, formatOption, withExamples } from '../command.js';
import type { CliIo, CommandIo } from '../io.js';
import { colors } from '../terminal.js';

interface CatalogOptions {
  role?: Role;
  port?: PortSet;
  transport?: Transport;
  feature?: Feature;
  product?: Product;
  lint?: boolean;
  ipsec?: boolean;
  format: CatalogFormat;
}

function parsePorts(value: string): PortSet {
  try {
    return PortSet.parse(value);
  } catch (err) {
    if (err instanceof PortSyntaxError)
      throw new InvalidArgumentError(
        `${err.reason}; give a port (5061), a range (50000-50019) or a list (80,443,4443)`,
      );
    throw err;
  }
}

export function register(program: Command, io: CommandIo): void {
  const command = program
    .command('catalog')
    .summary("list the vendor's port and protocol requirements, with provenance")
    .description(
      'list the port and protocol requirements of the vendor tables (and the Edge, reverse proxy and ' +
        'back-end pages) with provenance; --lint shows where the vendor contradicts itself',
    )
    .addOption(
      new Option('-r, --role <role>', 'entries where this role listens or connects').argParser(
        choiceParser(ROLE_NAMES),
      ),
    )
    .addOption(
      new Option('-p, --port <ports>', 'entries whose ports overlap: 5061, 50000-50019 or 80,443').argParser(
        parsePorts,
      ),
    )
    .addOption(new Option('-t, --transport <transport>', 'tcp or udp').argParser(choiceParser(TRANSPORTS)))
    .addOption(
      new Option('--feature <feature>', 'entries that need this feature').argParser(
        choiceParser(FEATURE_NAMES),
      ),
    )
    .addOption(
      new Option('--product <product>', 'entries that apply to this product').argParser(
        choiceParser(PRODUCT_NAMES),
      ),
    )
    .addOption(
      new Option(
        '--lint',
        'list duplicates, contradictions and gaps in the vendor material, with the decision taken',
      ).conflicts('ipsec'),
    )
    .addOption(new Option('--ipsec', 'list the recommended IPsec exceptions instead of port entries'))
    .addOption(formatOption(CATALOG_FORMATS, 'table'))
    .action(action(io, (opts: CatalogOptions) => run(io, opts)));
  withExamples(command, [
    ['sfbports catalog --port 5061', 'what uses port 5061?'],
    ['sfbports catalog --role mediation', 'what does a Mediation Server listen on and connect to?'],
    [
      'sfbports catalog --port 50000-59999 --transport udp',
      'who uses part of the Edge media range over UDP?',
    ],
    ['sfbports catalog --feature xmpp --product sfb2019', 'XMPP entries that still apply to 2019 (none)'],
    ['sfbports catalog --lint', 'where the vendor tables repeat or contradict themselves, and the decision'],
    ['sfbports catalog --ipsec --format csv', 'the IPsec exceptions as CSV'],
    ['sfbports catalog --format json > catalog.json', 'every entry as JSON'],
  ]);
}

function run(io: CliIo, opts: CatalogOptions): number {
  const query: CatalogQuery = {
    role: opts.role,
    port: opts.port,
    transport: opts.transport,
    feature: opts.feature,
    product: opts.product,
  };
  const entries = queryEntries(catalog.entries, query);
  const c = colors(io);
  const write = (text: string) => {
    io.stdout.write(text);
    return 0;
  };
  // The count line goes to stderr so that piping the table elsewhere keeps only the data.
  const summary = (text: string) => {
    io.stderr.write(`${text}\n`);
    return 0;
  };
  const style = { bold: c.bold, dim: c.dim };
  // The pages the table cites by short name, once each with title and address, after a blank line.
  const writeSources = (
    owners: ReadonlyArray<{ readonly provenance: readonly Provenance[] }>,
    style: Style,
  ) => {
    const text = citedPagesTable(
      owners.map((o) => o.provenance),
      style,
    );
    if (text) write(`\n${text}`);
  };
  const format = opts.format;

  if (opts.lint) {
    const selected = new Set([
      ...entries.map((e) => e.id),
      ...queryIpsecExceptions(catalog.ipsecExceptions, query).map((x) => x.id),
    ]);
    const list = queryFindings(catalog.findings, selected, query);
    if (format === 'json') return write(findingsJson(list));
    if (format === 'csv') return write(findingsCsv(list));
    if (format === 'md') return write(findingsMarkdown(list));
    write(findingsTable(list, style));
    writeSources(list, style);
    return summary(`${list.length} finding(s) of ${catalog.findings.length}`);
  }

  if (opts.ipsec) {
    const list = queryIpsecExceptions(catalog.ipsecExceptions, query);
    if (format === 'json') return write(ipsecJson(list));
    if (format === 'csv') return write(ipsecCsv(list));
    if (format === 'md') return write(ipsecMarkdown(list));
    write(ipsecTable(list, style));
    writeSources(list, style);
    return summary(`${list.length} IPsec exception(s) of ${catalog.ipsecExceptions.length}`);
  }

  if (format === 'json') return write(entriesJson(entries));
  if (format === 'csv') return write(entriesCsv(entries));
  if (format === 'md') return write(entriesMarkdown(entries, opts.role));
  // "What uses 5061?" should not drown in the client media ranges that merely contain 5061: with a
  // port filter, wide ranges are named after the table instead of shown in full.
  const wide = opts.port ? entries.filter((e) => isWideRange(e, opts.port!)) : [];
  const shown = entries.filter((e) => !wide.includes(e));
  write(entriesTable(shown, style, opts.role));
  if (wide.length) {
    const text = `Also inside wide port ranges (show them with --format md or json): ${wide.map((e) => e.id).join(', ')}`;
    write(`\n${wrap(text, TABLE_WIDTH).join('\n')}\n`);
  }
  writeSources(shown, style);
  if (entries.length === 0) io.stderr.write('No catalog entry matches these filters.\n');
  return summary(
    `${entries.length} of ${catalog.entries.length} entries; also ${catalog.ipsecExceptions.length} IPsec exceptions (--ipsec) and ${catalog.findings.length} findings (--lint)`,
  );
}

/**
 * "Any port" ranges such as the client media default 1024-65535 (half the port space or more) that
 * contain a narrower question; media ranges such as 49152-57500 stay in the table, they are answers.
 */
function isWideRange(entry: CatalogEntry, asked: PortSet): boolean {
  const ports = entryPorts(entry);
  return ports.size >= 32768 && asked.size < 32768;
}
