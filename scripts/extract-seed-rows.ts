// Regenerates src/catalog/data/vendor-rows.ts from the vendor material, which lives outside the
// repository: npm run seed:extract -- [seed-page.md] [--edge edge-notes.md]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_EDGE_NOTES,
  DEFAULT_SEED_PAGE,
  ExtractError,
  parseEdgeRows,
  parseSeedPage,
  vendorRowsModule,
} from './vendor-rows.js';

const OUTPUT = 'src/catalog/data/vendor-rows.ts';

const USAGE = `usage: npm run seed:extract -- [seed-page.md] [--edge edge-notes.md]
  seed-page.md  the vendor's "Port and protocol requirements for servers" page as Markdown
                (default ${DEFAULT_SEED_PAGE})
  --edge        the notes holding the Edge, reverse proxy, Director and hybrid port rows
                (default ${DEFAULT_EDGE_NOTES})
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
  const seedPath = resolve(args.positionals[0] ?? DEFAULT_SEED_PAGE);
  const edgePath = resolve(args.values.edge ?? DEFAULT_EDGE_NOTES);
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
