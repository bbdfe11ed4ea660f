import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalog } from '../src/catalog/index.js';
import { processIo } from '../src/cli/io.js';
import { readTopologyFile } from '../src/cli/topology-file.js';
import { EMITTERS } from '../src/emit/index.js';
import { plan } from '../src/plan/plan.js';
import { buildCli } from '../test/support/built-cli.js';
import { serverCount } from '../test/support/synthetic.js';
import { validTopology } from './valid-topology.js';

/**
 * Time, peak memory and output size of `sfbports emit` for every target on a large deployment: a
 * valid topology of about 100,000 servers (the most one deployment has) written as JSON, then each
 * target (and variant) for the whole topology in a process of its own, through the built CLI, so the
 * peak RSS is that command's alone. A first row loads and plans only, so what emit adds can be read
 * off. Target: every emit well under a minute and 2 GB. Prints figures; asserts nothing.
 *   npm run bench:emit-scale [servers]              (default 100000)
 *   npm run bench:emit-scale -- 20000 --input t.json (an existing topology file instead)
 */

const RSS_MARK = '@sfbports-bench ';
// Loaded before the CLI: reports the process's peak RSS when it exits, whatever the exit path.
const REPORT_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\n${RSS_MARK}'+JSON.stringify({rss:process.resourceUsage().maxRSS*1024})+'\\n'))`;

if (process.argv[2] === '--phase') {
  const start = performance.now();
  plan(readTopologyFile(processIo(), process.argv[3]!), catalog);
  const ms = performance.now() - start;
  console.log(JSON.stringify({ ms, rss: process.resourceUsage().maxRSS * 1024 }));
} else {
  const args = process.argv.slice(2);
  const input = args.indexOf('--input') >= 0 ? args[args.indexOf('--input') + 1] : undefined;
  const servers = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--input') ?? 100_000);
  bench(servers, input);
}

function bench(servers: number, input: string | undefined): void {
  const dir = mkdtempSync(join(tmpdir(), 'sfbports-bench-emit-'));
  const cli = buildCli();
  try {
    let file = input;
    if (file === undefined) {
      const topology = validTopology(servers);
      file = join(dir, 'topology.json');
      writeFileSync(file, `${JSON.stringify(topology)}\n`);
      console.log(
        `sfbports bench:emit-scale, node ${process.version}: ${serverCount(topology)} servers in ${topology.sites.length} sites, ${mib(statSync(file).size)}`,
      );
    } else
      console.log(`sfbports bench:emit-scale, node ${process.version}: ${file}, ${mib(statSync(file).size)}`);
    console.log('command                           exit      wall   peak rss  output (with companions)');
    const planRow = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), '--phase', file],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    try {
      const f = JSON.parse(planRow.stdout.trim().split('\n').pop() ?? '') as { ms: number; rss: number };
      console.log(`${'load + plan only'.padEnd(32)}  ${'0'.padStart(4)}  ${seconds(f.ms)}  ${mb(f.rss)}`);
    } catch {
      console.log(`load + plan only failed: ${planRow.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    }
    for (const e of EMITTERS) {
      for (const variant of [undefined, ...e.capabilities.variants.map((v) => v.name)]) {
        const out = join(dir, `out.${e.name}${variant ? `-${variant}` : ''}.${e.extension}`);
        const label = `emit ${e.name}${variant ? ` --${variant}` : ''}`;
        const start = performance.now();
        const child = spawnSync(
          process.execPath,
          [
            `--import=${REPORT_RSS}`,
            cli.bin,
            'emit',
            e.name,
            file,
            ...(variant ? [`--${variant}`] : []),
            '-o',
            out,
            '--force',
          ],
          { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
        );
        const wall = performance.now() - start;
        const mark = child.stderr.split('\n').find((l) => l.startsWith(RSS_MARK));
        const rss = mark ? (JSON.parse(mark.slice(RSS_MARK.length)) as { rss: number }).rss : Number.NaN;
        const files = [out, ...e.capabilities.companions.map((c) => `${out}${c.suffix}`)].filter(existsSync);
        const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
        console.log(
          `${label.padEnd(32)}  ${String(child.status).padStart(4)}  ${seconds(wall)}  ${mb(rss)}  ${mib(bytes)} in ${files.length} file${files.length === 1 ? '' : 's'}`,
        );
        if (child.status !== 0)
          console.log(`  stderr: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`);
        for (const f of files) rmSync(f, { force: true });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(cli.dir, { recursive: true, force: true });
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`.padStart(8);
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`.padStart(9);
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
