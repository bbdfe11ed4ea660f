#!/usr/bin/env node
// The published entry point runs the CLI bundled by esbuild (dist/bundle, built by `npm run build`, run
// on install by `prepare`; see scripts/bundle-cli.ts), or the module-per-file build where only `tsc` ran.
import { existsSync } from 'node:fs';

const bundled = new URL('../dist/bundle/main.js', import.meta.url);
await import(existsSync(bundled) ? bundled.href : '../dist/cli/main.js');
