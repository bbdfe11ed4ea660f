import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as p from '@clack/prompts';
import type { Command } from 'commander';
import { UserError } from '../../diag/diagnostic.js';
import { AddressSet, hasHostBits, networkText, parseNetwork } from '../../model/address-set.js';
import { FEATURES, type Feature, PRODUCT_NAMES, PRODUCTS, type Product } from '../../model/products.js';
import { isIpv4Cidr } from '../../topology/address.js';
import { validateTopology } from '../../topology/load.js';
import { unsupportedFeature } from '../../topology/product.js';
import { FQDN_PATTERN, NAME_PATTERN } from '../../topology/schema.js';
import {
  DEFAULT_ANSWERS,
  defaultBranchNetwork,
  type EdgeChoice,
  renderAnswers,
  type StarterAnswers,
  type StarterNetworkKey,
  StarterNetworkTooSmall,
  starterNetworkProblem,
  starterTopology,
  type VoiceChoice,
} from '../../topology/starter.js';
import { action, withExamples } from '../command.js';
import { printDiagnostics } from '../diagnostics.js';
import { EXIT_OK, Interrupted } from '../exit-codes.js';
import { type CliIo, type CommandIo, resolvePath } from '../io.js';
import { writeOutputFile } from '../output.js';

interface InitOptions {
  readonly force?: boolean;
  readonly interactive?: boolean;
}

export function register(program: Command, io: CommandIo): void {
  const command = program
    .command('init')
    .summary('write a commented starter topology, or one from questions')
    .description('write a commented starter topology, or build one from the Planning Tool questions')
    .argument('[file]', 'where to write it ("-" prints it)', 'topology.yaml')
    .option('--force', 'replace the file if it exists')
    .option(
      '-i, --interactive',
      'ask about sites, features, load balancing, Edge and voice (needs a terminal)',
    )
    .action(action(io, (file: string, options: InitOptions) => init(io, file, options)));
  withExamples(command, [
    ['sfbports init', 'write topology.yaml: a commented starter that validates as it is'],
    [
      'sfbports init contoso.yaml --interactive',
      'answer the Planning Tool questions, get a topology for them',
    ],
    ['sfbports init - > starter.yaml', 'print the starter instead of writing a file'],
  ]);
}

async function init(io: CliIo, file: string, options: InitOptions): Promise<number> {
  const toStdout = file === '-';
  const target = resolvePath(io, file);
  if (!toStdout && existsSync(target) && !options.force) {
    // A topology is a user's work even when init wrote it first: never replace it silently.
    throw new UserError({
      code: 'output-exists',
      severity: 'error',
      message: `${file} already exists`,
      hint: 'choose another file name, or pass --force to replace it',
    });
  }
  if (!toStdout && !existsSync(dirname(target))) {
    // Say so before the questions, not after them.
    throw new UserError({
      code: 'output-unwritable',
      severity: 'error',
      message: `cannot write ${file}: the directory ${dirname(file)} does not exist`,
      hint: 'create the directory first, or choose another path',
    });
  }
  if (options.interactive && toStdout) {
    throw new UserError({
      code: 'interactive-to-stdout',
      severity: 'error',
      message:
        '--interactive shows its questions on standard output, so it cannot also print the topology there',
      hint: 'give a file name: sfbports init topology.yaml --interactive',
    });
  }
  const terminal = io.terminal;
  if (options.interactive && !(io.stdin.isTTY && terminal)) {
    throw new UserError({
      code: 'not-a-terminal',
      severity: 'error',
      message: '--interactive asks questions, but standard input is not a terminal',
      hint: 'run it in a terminal, or drop --interactive to write the commented starter topology',
    });
  }
  const schemaRef = schemaReference(toStdout ? io.cwd : dirname(target));
  // The prompts draw on the terminal itself, so they get its streams rather than io.stdout.
  const prompts = terminal && { input: terminal.stdin, output: terminal.stdout };
  const text =
    options.interactive && prompts
      ? renderAnswers(await ask(prompts), schemaRef)
      : starterTopology(schemaRef);

  // What init writes must pass validate; anything else is a bug here, not the user's.
  const check = validateTopology(text, file);
  if (!check.topology) {
    printDiagnostics(io, check.diagnostics);
    throw new Error('init produced a topology that does not validate');
  }
  if (toStdout) io.stdout.write(text);
  else {
    // Existence was checked above (--force given, or no file); the device, link and mode rules still apply.
    await writeOutputFile(io, file, text, 'none', { force: true });
    const next = `sfbports validate ${file}`;
    if (prompts && options.interactive) p.outro(`Wrote ${file}. Next: ${next}`, prompts);
    else io.stdout.write(`wrote ${file}; edit it, then run: ${next}\n`);
  }
  return EXIT_OK;
}

/**
 * The package's schema/topology.schema.json: the nearest one up from this module, which is
 * dist/cli/commands/ when tsc built it, dist/bundle/ when esbuild bundled it, src/cli/commands/ in tests.
 */
function shippedSchema(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 6; up++) {
    const candidate = join(dir, 'schema', 'topology.schema.json');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return fileURLToPath(new URL('../../../schema/topology.schema.json', import.meta.url));
}

/** The schema file shipped in this package, relative to where the topology is written. */
function schemaReference(fromDir: string): string {
  const schema = shippedSchema();
  const rel = relative(fromDir, schema).split(sep).join('/');
  return rel.startsWith('.') || rel.startsWith('/') ? rel : `./${rel}`;
}

/** Pool features worth asking about; voice, Edge and product-wide features get their own questions. */
const ASKED_FEATURES: readonly Feature[] = [
  'conferencing',
  'app-sharing',
  'dial-in',
  'mobility',
  'response-group',
  'call-park',
  'audio-test',
  'office-web-apps',
  'legacy-web-conferencing',
];

/** Where the prompts read keys and draw. */
type Prompts = { readonly input: NodeJS.ReadStream; readonly output: NodeJS.WriteStream };

function answered<T>(value: T, prompts: Prompts): Exclude<T, symbol> {
  if (p.isCancel(value)) {
    // One line, as a shell's Ctrl-C convention has it, and status 130.
    p.cancel('Cancelled; nothing was written.', prompts);
    throw new Interrupted();
  }
  return value as Exclude<T, symbol>;
}

/** A network answered earlier, which later ones may not overlap (zones may not overlap). */
interface TakenNetwork {
  readonly label: string;
  readonly cidr: string;
}

/**
 * Why `text` cannot be the network asked for, or undefined: not an IPv4 network, host bits set, an
 * overlap with a network answered earlier, or too small for the hosts the answers call for. Each is
 * said at the question, which is asked again, so the file init writes always validates.
 */
export function networkAnswerProblem(
  text: string | undefined,
  taken: readonly TakenNetwork[],
  tooSmall: (cidr: string) => string | undefined,
): string | undefined {
  const cidr = (text ?? '').trim();
  if (!isIpv4Cidr(cidr)) return 'an IPv4 network in CIDR notation, such as 192.0.2.0/26';
  const parsed = parseNetwork(cidr);
  if (!parsed.ok) return 'an IPv4 network in CIDR notation, such as 192.0.2.0/26';
  if (hasHostBits(parsed.value)) return `${cidr} has host bits set: write ${networkText(parsed.value)}`;
  const set = AddressSet.of(parsed.value);
  for (const other of taken) {
    const theirs = parseNetwork(other.cidr);
    if (!theirs.ok) continue;
    const their = AddressSet.of(theirs.value);
    if (set.contains(their) || their.contains(set)) {
      return `${cidr} overlaps the ${other.label} (${other.cidr}); give each network addresses of its own`;
    }
  }
  return tooSmall(cidr);
}

async function askNetwork(
  prompts: Prompts,
  message: string,
  initial: string,
  taken: TakenNetwork[],
  label: string,
  tooSmall: (cidr: string) => string | undefined = () => undefined,
): Promise<string> {
  const cidr = answered(
    await p.text({
      ...prompts,
      message,
      initialValue: initial,
      validate: (v) => networkAnswerProblem(v, taken, tooSmall),
    }),
    prompts,
  ).trim();
  taken.push({ label, cidr });
  return cidr;
}

async function ask(prompts: Prompts): Promise<StarterAnswers> {
  const d = DEFAULT_ANSWERS;
  p.intro('sfbports init: the Planning Tool questions', prompts);
  const name = answered(
    await p.text({
      ...prompts,
      message: 'Name of the deployment',
      initialValue: d.name,
      validate: (v) => (v && NAME_PATTERN.test(v) ? undefined : 'letters, digits, spaces and . _ ( ) - only'),
    }),
    prompts,
  );
  const product = answered(
    await p.select<Product>({
      ...prompts,
      message: 'Product version',
      initialValue: d.product,
      options: PRODUCT_NAMES.map((value) => ({ value, label: PRODUCTS[value] })),
    }),
    prompts,
  );
  const sipDomain = answered(
    await p.text({
      ...prompts,
      message: 'SIP domain',
      initialValue: d.sipDomain,
      validate: (v) => (v && FQDN_PATTERN.test(v) ? undefined : 'a domain name such as contoso.com'),
    }),
    prompts,
  );
  const site = answered(
    await p.text({
      ...prompts,
      message: 'Name of the central site',
      initialValue: d.site,
      validate: (v) => (v && NAME_PATTERN.test(v) ? undefined : 'letters, digits, spaces and . _ ( ) - only'),
    }),
    prompts,
  );
  const edition = answered(
    await p.select<'standard' | 'enterprise'>({
      ...prompts,
      message: 'Front End',
      initialValue: d.edition,
      options: [
        {
          value: 'enterprise',
          label: 'Enterprise Edition pool',
          hint: 'SQL Server back end, several servers',
        },
        { value: 'standard', label: 'Standard Edition server', hint: 'one server, local databases' },
      ],
    }),
    prompts,
  );
  let frontEndServers = 1;
  let loadBalancing: 'dns' | 'hardware' = d.loadBalancing;
  if (edition === 'enterprise') {
    frontEndServers = Number(
      answered(
        await p.text({
          ...prompts,
          message: 'How many Front End servers in the pool? (1-12)',
          initialValue: String(d.frontEndServers),
          validate: (v) => (/^(?:[1-9]|1[0-2])$/.test(v ?? '') ? undefined : 'a number from 1 to 12'),
        }),
        prompts,
      ),
    );
    loadBalancing = answered(
      await p.select<'dns' | 'hardware'>({
        ...prompts,
        message: 'Load balancing',
        initialValue: d.loadBalancing,
        options: [
          {
            value: 'dns',
            label: 'DNS load balancing',
            hint: 'vendor recommended; a hardware VIP still serves the web services',
          },
          { value: 'hardware', label: 'Hardware load balancer for everything' },
        ],
      }),
      prompts,
    );
  }
  const offered = ASKED_FEATURES.filter((f) => !unsupportedFeature(product, f));
  const features = answered(
    await p.multiselect<Feature>({
      ...prompts,
      message: 'What will users do? (space to toggle, enter to confirm)',
      initialValues: d.features.filter((f) => offered.includes(f)),
      required: false,
      options: offered.map((value) => ({ value, label: value, hint: FEATURES[value] })),
    }),
    prompts,
  );
  const director = answered(
    await p.confirm({ ...prompts, message: 'Add a Director pool?', initialValue: d.director }),
    prompts,
  );
  const voice = answered(
    await p.select<VoiceChoice>({
      ...prompts,
      message: 'Enterprise Voice',
      initialValue: d.voice,
      options: [
        { value: 'none', label: 'No PSTN calls' },
        { value: 'collocated', label: 'Mediation collocated on the Front End servers' },
        { value: 'standalone', label: 'Stand-alone Mediation pool' },
      ],
    }),
    prompts,
  );
  let gatewayTransport: 'tls' | 'tcp' = d.gatewayTransport;
  if (voice !== 'none') {
    gatewayTransport = answered(
      await p.select<'tls' | 'tcp'>({
        ...prompts,
        message: 'SIP transport to the PSTN gateway',
        initialValue: d.gatewayTransport,
        options: [
          { value: 'tls', label: 'TLS', hint: 'gateway port 5067, vendor recommended' },
          { value: 'tcp', label: 'TCP', hint: 'gateway port 5066' },
        ],
      }),
      prompts,
    );
  }
  const edge = answered(
    await p.select<EdgeChoice>({
      ...prompts,
      message: 'Remote users and federation through an Edge Server',
      initialValue: d.edge,
      options: [
        { value: 'none', label: 'No Edge' },
        { value: 'public', label: 'Edge with public external addresses' },
        { value: 'nat', label: 'Edge with private external addresses behind NAT' },
      ],
    }),
    prompts,
  );
  let edgeServers = 1;
  let federation = false;
  if (edge !== 'none') {
    edgeServers = Number(
      answered(
        await p.select<string>({
          ...prompts,
          message: 'How many Edge servers?',
          initialValue: '1',
          options: ['1', '2', '3', '4'].map((value) => ({ value, label: value })),
        }),
        prompts,
      ),
    );
    federation = answered(
      await p.confirm({ ...prompts, message: 'Federate with other organisations?', initialValue: true }),
      prompts,
    );
  }
  const reverseProxy = answered(
    await p.confirm({
      ...prompts,
      message: 'Publish the web services through a reverse proxy?',
      initialValue: edge !== 'none',
    }),
    prompts,
  );
  const branchText = answered(
    await p.text({
      ...prompts,
      message: 'Branch sites with a Survivable Branch Appliance (comma-separated names, empty for none)',
      placeholder: 'Dublin, Oslo',
      defaultValue: '',
      validate: (v) =>
        (v ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .every((s) => NAME_PATTERN.test(s))
          ? undefined
          : 'site names: letters, digits, spaces and . _ ( ) - only',
    }),
    prompts,
  );
  const branchSites = (branchText ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

  p.note(
    'Addresses are numbered from these networks; the defaults are documentation ranges.',
    'Networks',
    prompts,
  );
  const chosen: Omit<StarterAnswers, 'networks'> = {
    name,
    product,
    sipDomain,
    site,
    edition,
    frontEndServers,
    loadBalancing,
    features,
    director,
    voice,
    gatewayTransport,
    edge,
    edgeServers,
    federation,
    reverseProxy,
    branchSites,
  };
  const fits = (key: StarterNetworkKey | 'branch') => (cidr: string) =>
    starterNetworkProblem(chosen, key, cidr);
  // The zones init writes: each network is one zone, and zones may not overlap.
  const taken: TakenNetwork[] = [];
  const servers = await askNetwork(
    prompts,
    'Server network',
    d.networks.servers,
    taken,
    'server network',
    fits('servers'),
  );
  const clients = await askNetwork(prompts, 'Client network', d.networks.clients, taken, 'client network');
  let perimeterInternal = d.networks.perimeterInternal;
  let perimeterExternal = edge === 'nat' ? '192.0.2.80/28' : d.networks.perimeterExternal;
  let natPublic = d.networks.natPublic;
  if (edge !== 'none' || reverseProxy) {
    perimeterInternal = await askNetwork(
      prompts,
      'Perimeter network, internal side',
      perimeterInternal,
      taken,
      'internal perimeter network',
      fits('perimeterInternal'),
    );
    perimeterExternal = await askNetwork(
      prompts,
      edge === 'nat'
        ? 'Perimeter network, external side (private, behind NAT)'
        : 'Perimeter network, external side',
      perimeterExternal,
      taken,
      'external perimeter network',
      fits('perimeterExternal'),
    );
  }
  if (edge === 'nat') {
    // The NAT's public addresses are no zone of ours; they only need room.
    natPublic = await askNetwork(
      prompts,
      'Public addresses the NAT publishes',
      natPublic,
      [...taken],
      'public addresses',
      fits('natPublic'),
    );
  }
  const branches: string[] = [];
  for (const [i, branch] of branchSites.entries()) {
    branches.push(
      await askNetwork(
        prompts,
        `Network of branch site ${branch}`,
        defaultBranchNetwork(i),
        taken,
        `network of branch site ${branch}`,
        fits('branch'),
      ),
    );
  }

  const answers: StarterAnswers = {
    ...chosen,
    networks: { servers, clients, perimeterInternal, perimeterExternal, natPublic, branches },
  };
  // Each network question checked its own size; this stays as a guard.
  try {
    renderAnswers(answers, '');
  } catch (err) {
    if (err instanceof StarterNetworkTooSmall) {
      throw new UserError({
        code: 'network-too-small',
        severity: 'error',
        message: `${err.network} cannot hold the ${err.needed} addresses these answers need`,
        hint: 'run init again with a larger network (a shorter prefix, such as /24)',
      });
    }
    throw err;
  }
  return answers;
}
