/**
 * The published CLI as esbuild bundles it: src/cli/main.ts and everything it imports, npm packages
 * included, split at the dynamic imports (one chunk per lazily loaded command and probe), in
 * dist/bundle/. bin/sfbports.js runs dist/bundle/main.js when it exists.
 *
 * Why: loading one file per module costs a file read, a resolution and a module record each (about 30
 * for `check`, about 40 with commander's CommonJS files); on a loaded machine each read waits for the
 * thread pool to be scheduled, and `check` of one port took 1.66 x `node -e 0` where the bundle took
 * about 1.1 x (`npm run bench:check`, start-up section). The library (`dist/index.js`, its types) is
 * still what `tsc` writes.
 *
 * Run by `npm run build` and `prepare` (after tsc), and by test/support/built-cli.ts.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';

export const BUNDLE_DIR = 'dist/bundle';

export function bundleCli(root: string, outdir = join(root, BUNDLE_DIR)): void {
  buildSync({
    entryPoints: [join(root, 'src/cli/main.ts')],
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir,
    logLevel: 'error',
    legalComments: 'linked',
    // The CommonJS packages bundled in (commander, cli-progress, …) require Node's built-in modules.
    banner: {
      js: "import { createRequire as __sfbCreateRequire } from 'node:module'; const require = __sfbCreateRequire(import.meta.url);",
    },
  });
  // The chunks are ES modules whatever package.json is beside them.
  writeFileSync(join(outdir, 'package.json'), '{"type":"module"}\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  bundleCli(resolve(import.meta.dirname, '..'));
}
