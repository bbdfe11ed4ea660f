import { type Command, InvalidArgumentError, Option } from 'commander';
import { parse as parseYaml } from 'yaml';
import { catalog } from '../../catalog/index.js';
import { UserError } from '../../diag/diagnostic.js';
import {
  hostsToResolve,
  type ImportResult,
  importTopology,
  type KnownAddress,
  type Product,
  readDeployment,
  readSupplement,
  type Supplement,
} from '../../import/index.js';
import { parseAddress } from '../../model/address-set.js';
import { PRODUCT_NAMES } from '../../model/products.js';
import { safeText } from '../../text/escape.js';
import { decodeTopology } from '../../topology/decode.js';
import { validateTopology } from '../../topology/load.js';
import { formatPath } from '../../topology/locate.js';
import { action, choiceParser, withExamples } from '../command.js';
import { EXIT_OK } from '../exit-codes.js';
import { resolveHosts } from '../import-dns.js';
import { formatSize, maxInputSize } from '../input-limit.js';
import type { CliIo, CommandIo } from '../io.js';
import { writeOutputFile } from '../output.js';
import { readInputBytes } from '../read-input.js';
import { summarise } from './validate.js';

interface ImportOptions {
  readonly output?: string;
  readonly force?: boolean;
  readonly resolve?: boolean;
  readonly dnsServer?: string[];
  readonly addresses?: string;
  readonly zones?: string;
  readonly sqlPort?: Map<string, number>;
  readonly name?: string;
  readonly product?: Product;
  readonly compare?: boolean;
}

export function register(program: Command, io: CommandIo): void {
  const command = program
    .command('import')
    .summary('turn the topology a deployment already has into a topology file')
    .description(
      'turn the deployment\u2019s own topology into a topology file: the published topology XML ' +
        '(Get-CsTopology -AsXml), a Topology Builder .tbxml, or the ZIP of Export-CsConfiguration',
    )
    .argument('<file>', 'the XML or ZIP (detected from its content; UTF-8 or UTF-16 with a byte order mark)')
    .option('-o, --output <file>', 'write the topology here (atomically) instead of standard output')
    .option('--force', 'replace an existing --output file')
    .option('--resolve', 'look up the addresses the XML leaves at 0.0.0.0 in DNS')
    .option(
      '--dns-server <addr>',
      'DNS server for --resolve, such as 192.0.2.53 or 127.0.0.1:5353 (repeatable)',
      collect,
      [],
    )
    .option('--addresses <file>', 'CSV of FQDN,address lines for the servers (wins over the XML and DNS)')
    .option(
      '--zones <file>',
      'YAML or JSON with zones: (and clients:, reverseProxies:) instead of the proposed zones',
    )
    .option(
      '--sql-port <fqdn[\\instance]=port>',
      'static TCP port of a named SQL instance (repeatable)',
      sqlPort,
      new Map<string, number>(),
    )
    .option('--name <name>', 'deployment name (default: the default SIP domain)')
    .addOption(
      new Option(
        '--product <product>',
        `product, when the XML's ServiceVersion is not enough (${PRODUCT_NAMES.join(', ')})`,
      ).argParser(choiceParser(PRODUCT_NAMES)),
    )
    .option(
      '--compare',
      'also list the XML\u2019s listening ports that the catalog does not plan, and the reverse',
    )
    .action(action(io, (file: string, options: ImportOptions) => runImport(io, file, options)));
  withExamples(command, [
    [
      'sfbports import topology.xml -o contoso.yaml',
      'the published topology; addresses left open are listed on standard error',
    ],
    ['sfbports import topology.xml --resolve --dns-server 192.0.2.53 -o contoso.yaml', 'addresses from DNS'],
    [
      'sfbports import contoso.tbxml --addresses hosts.csv --zones zones.yaml -o contoso.yaml',
      'a Topology Builder file, with addresses and zones given',
    ],
    [
      'sfbports import config.zip --compare',
      'the ZIP of Export-CsConfiguration, and its ports against the catalog',
    ],
  ]);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function sqlPort(value: string, previous: Map<string, number>): Map<string, number> {
  const m = /^([^=\s]+)=(\d{1,5})$/.exec(value);
  const port = m ? Number(m[2]) : 0;
  if (!m || port < 1 || port > 65535)
    throw new InvalidArgumentError('FQDN[\\INSTANCE]=PORT, such as sql01.contoso.com\\rtc=1433');
  return new Map(previous).set(m[1]!.toLowerCase(), port);
}

async function runImport(io: CliIo, file: string, options: ImportOptions): Promise<number> {
  const limit = maxInputSize(io);
  const raw = readDeployment(readInput(io, file, limit), file === '-' ? '<stdin>' : file, limit);
  const addresses = new Map<string, KnownAddress>();
  if (options.resolve) {
    const result = await resolveHosts(hostsToResolve(raw), options.dnsServer ?? []);
    for (const [name, ip] of result.found) addresses.set(name, { ip, source: 'dns' });
  }
  if (options.addresses)
    for (const [name, ip] of readAddresses(io, options.addresses, limit))
      addresses.set(name, { ip, source: 'file' });
  const supplement = options.zones ? readZones(io, options.zones, limit) : undefined;
  const result = importTopology(raw, {
    addresses,
    ...(options.name ? { name: options.name } : {}),
    ...(options.product ? { product: options.product } : {}),
    ...(options.sqlPort ? { sqlPorts: options.sqlPort } : {}),
    ...(supplement ? { supplement } : {}),
    ...(options.compare ? { catalog: catalog.entries } : {}),
  });
  const inputs = [file, options.addresses, options.zones].filter((f): f is string => f !== undefined);
  if (options.output !== undefined) {
    await writeOutputFile(io, options.output, result.yaml, 'none', { force: options.force === true, inputs });
  } else {
    io.stdout.write(result.yaml);
  }
  printSummary(io, file, options.output, result);
  return EXIT_OK;
}

/** The XML or ZIP as bytes, refused before reading when larger than --max-input-size. */
function readInput(io: CliIo, path: string, limit: number): Uint8Array {
  const tooLarge = () =>
    new UserError({
      code: 'input-too-large',
      severity: 'error',
      message: `${path} is larger than the input size limit of ${formatSize(limit)}; nothing was imported`,
      hint: `a published topology is a few megabytes; if this really is one, raise the limit with --max-input-size ${formatSize(limit * 4).replace(' ', '')}`,
    });
  return readInputBytes(io, path, limit, {
    tooLarge,
    unreadable: (reason) =>
      new UserError({
        code: 'input-unreadable',
        severity: 'error',
        message: `cannot read ${path}: ${reason}`,
        hint: 'on a Front End server: (Get-CsTopology -AsXml).ToString() | Out-File topology.xml',
      }),
  });
}

function readText(io: CliIo, path: string, limit: number): string {
  const decoded = decodeTopology(readInput(io, path, limit), path);
  if ('diagnostic' in decoded) throw new UserError(decoded.diagnostic);
  return decoded.text;
}

/** --addresses: "fqdn,address" per line; blank lines, "#" comments and a "fqdn,address" header skipped. */
function readAddresses(io: CliIo, path: string, limit: number): Map<string, string> {
  const out = new Map<string, string>();
  readText(io, path, limit)
    .split('\n')
    .forEach((line, i) => {
      const text = line.trim();
      if (text === '' || text.startsWith('#') || /^fqdn\s*,/i.test(text)) return;
      const [fqdn, ip, ...rest] = text.split(',').map((f) => f.trim());
      if (!fqdn || !ip || rest.length > 0 || !parseAddress(ip).ok) {
        throw new UserError({
          code: 'import-bad-addresses',
          severity: 'error',
          message: `not an FQDN,address line: ${safeText(text, { max: 120 })}`,
          loc: { file: path, line: i + 1, column: 1 },
          hint: 'one server a line, such as fe01.contoso.com,192.0.2.11',
        });
      }
      out.set(fqdn.toLowerCase(), ip);
    });
  return out;
}

function readZones(io: CliIo, path: string, limit: number): Supplement {
  let data: unknown;
  try {
    data = parseYaml(readText(io, path, limit), { maxAliasCount: 100 });
  } catch (err) {
    throw new UserError({
      code: 'import-bad-zones-file',
      severity: 'error',
      message: `${path}: not YAML or JSON (${(err as Error).message.split('\n')[0]})`,
      loc: { file: path, line: 1, column: 1 },
      hint: 'write zones: { servers: [192.0.2.0/24], internet: any }',
    });
  }
  return readSupplement(data, path);
}

function printSummary(io: CliIo, file: string, output: string | undefined, result: ImportResult): void {
  const w = (line: string) => io.stderr.write(`${safeText(line, { max: 2000 })}\n`);
  const count = (kind: string) => result.notes.filter((n) => n.kind === kind).length;
  w(
    `imported ${file}${output ? ` into ${output}` : ''}: ${count('xml')} values from the XML, ${count('inferred')} inferred, ${count('given')} given, ${count('dns')} from DNS, ${count('open')} left open`,
  );
  // The format version is always the current one: nothing there to check.
  const inferred = result.notes.filter((n) => n.kind === 'inferred' && formatPath(n.path) !== 'version');
  if (inferred.length > 0) {
    w('inferred (check these):');
    for (const n of inferred) w(`  ${formatPath(n.path)}: ${n.text}`);
  }
  const open = result.notes.filter((n) => n.kind === 'open');
  if (open.length > 0) {
    w('left open (validate reports each until it is filled in):');
    for (const n of open) w(`  ${formatPath(n.path)}: ${n.text}`);
  }
  for (const r of result.remarks) w(`note: ${r}`);
  const check = validateTopology(result.yaml, output ?? '<output>');
  const errors = check.diagnostics.filter((d) => d.severity === 'error').length;
  w(
    errors === 0 && check.topology
      ? `the result validates (sfbports validate): ${summarise(check.topology)}`
      : `the result does not validate yet: ${errors} error${errors === 1 ? '' : 's'} (sfbports validate ${output ?? 'FILE'} shows them)`,
  );
  const cmp = result.comparison;
  if (cmp) {
    w(`ports in the XML that no catalog entry plans for the role (${cmp.xmlOnly.length}):`);
    for (const l of cmp.xmlOnly)
      w(`  ${l.role} ${l.transport} ${l.ports.toString()}  ${l.what} (line ${l.line})`);
    w(`catalog ports of these roles that the XML does not declare (${cmp.catalogOnly.length}):`);
    for (const e of cmp.catalogOnly) w(`  ${e.role} ${e.transport} ${e.ports}  ${e.id}`);
  }
}
