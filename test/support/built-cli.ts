import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { bundleCli } from '../../scripts/bundle-cli.js';

/**
 * The CLI as the package installs it (bin/sfbports.js importing dist/bundle/main.js), for the few tests
 * that need a real process: pipes, signals, network namespaces, a pseudo-terminal. The sources are
 * transpiled file by file with esbuild (which tsx brings along) in well under a second, where
 * starting tsx for every process cost seconds; type checking stays with `tsc` in `npm test`.
 */

const ROOT = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Builds a throw-away package directory and returns the path of its bin/sfbports.js. */
export function buildCli(): { dir: string; bin: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sfbports-built-'));
  buildSync({
    entryPoints: sourceFiles(join(ROOT, 'src')),
    outdir: join(dir, 'dist'),
    outbase: join(ROOT, 'src'),
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
  });
  // What bin/sfbports.js runs, as `npm run build` and `prepare` make it (the per-file build above is
  // its fallback, and the test of that fallback's imports).
  bundleCli(ROOT, join(dir, 'dist/bundle'));
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(ROOT, 'bin/sfbports.js'), join(dir, 'bin/sfbports.js'));
  // The package's own manifest ("type": "module" makes the .js files ES modules); the links give them
  // their packages and the schema that `init` points topologies at.
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  symlinkSync(join(ROOT, 'schema'), join(dir, 'schema'));
  return { dir, bin: join(dir, 'bin/sfbports.js') };
}
