// Regenerates src/catalog/data/vendor-rows.ts from the vendor material, which lives outside the
// repository: npm run seed:extract -- [seed-page.md] [--edge edge-notes.md]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  EDGE_NOTES_VARIABLE,
  ExtractError,
  parseEdgeRows,
  parseSeedPage,
  SEED_PAGE_VARIABLE,
  vendorRowsModule,
} from './vendor-rows.js';

const OUTPUT = 'src/catalog/data/vendor-rows.ts';

const USAGE = `usage: npm run seed:extract -- [seed-page.md] [--edge edge-notes.md]
  seed-page.md  the vendor's "Port and protocol requirements for servers" page as Markdown
                (default: the file named by $${SEED_PAGE_VARIABLE})
  --edge        the notes holding the Edge, reverse proxy, Director and hybrid port rows
                (default: the file named by $${EDGE_NOTES_VARIABLE})
`;

function fail(message: string): never {
  process.stderr.write(`seed:extract: ${message}\n`);
  process.exit(2);
}

function read(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    fail(`cannot read ${what} ${path} (${code}); give its path\n${USAGE}`);
  }
}

const OPTIONS = { edge: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

function parseCommandLine() {
  try {
    return parseArgs({ options: OPTIONS, allowPositionals: true });
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`);
  }
}

function main(): void {
  const args = parseCommandLine();
  if (args.values.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (args.positionals.length > 1) fail(`one seed page at most, got ${args.positionals.length}\n${USAGE}`);
  const seedArg = args.positionals[0] ?? process.env[SEED_PAGE_VARIABLE];
  const edgeArg = args.values.edge ?? process.env[EDGE_NOTES_VARIABLE];
  if (!seedArg) fail(`no seed page given, and $${SEED_PAGE_VARIABLE} is not set\n${USAGE}`);
  if (!edgeArg) fail(`no Edge notes given, and $${EDGE_NOTES_VARIABLE} is not set\n${USAGE}`);
  const seedPath = resolve(seedArg);
  const edgePath = resolve(edgeArg);
  try {
    const seed = parseSeedPage(read(seedPath, 'the seed page'));
    const edge = parseEdgeRows(read(edgePath, 'the Edge notes'));
    writeFileSync(OUTPUT, vendorRowsModule(seed, edge));
    execFileSync('npx', ['biome', 'format', '--write', OUTPUT], { stdio: 'ignore' });
    process.stdout.write(`wrote ${OUTPUT}: ${seed.length} seed rows, ${edge.length} Edge port rows\n`);
  } catch (err) {
    if (err instanceof ExtractError) fail(err.message);
    throw err;
  }
}

main();
