import { readFileSync } from 'node:fs';
import { catalog } from '../src/catalog/index.js';
import type { Plan } from '../src/model/plan.js';
import { plan } from '../src/plan/plan.js';
import { renderXlsx } from '../src/render/xlsx.js';
import { loadTopology } from '../src/topology/load.js';
import { serverCount, syntheticTopology } from '../test/support/synthetic.js';

/**
 * The XLSX report's cost: time, bytes and heap for the bundled examples and synthetic topologies,
 * written by src/render/xlsx-writer.ts; and, for comparison, the time exceljs (now a dev dependency,
 * used by the tests to read workbooks back) takes to load the same workbook. Prints figures; asserts
 * nothing.
 *
 *   npm run bench:xlsx                       examples/enterprise.yaml and 10 / 40 synthetic sites
 *   npm run bench:xlsx -- FILE.yaml          one topology
 */

async function measure(label: string, p: Plan): Promise<void> {
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const bytes = await renderXlsx(p);
  const t1 = performance.now();
  const heap = (process.memoryUsage().heapUsed - heap0) / 1e6;
  const { default: ExcelJS } = await import('exceljs');
  const t2 = performance.now();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const t3 = performance.now();
  console.log(
    `${label}: ${p.flows.length} flows, ${wb.worksheets.length} sheets, ${(bytes.length / 1024).toFixed(0)} KiB, write ${(t1 - t0).toFixed(0)} ms (heap +${heap.toFixed(0)} MB), exceljs reads it back in ${(t3 - t2).toFixed(0)} ms`,
  );
}

const files = process.argv.slice(2);
if (files.length > 0) {
  for (const file of files)
    await measure(file, plan(loadTopology(readFileSync(file, 'utf8'), file).topology, catalog));
} else {
  const file = 'examples/enterprise.yaml';
  // The first render pays for loading modules; measure a warm one.
  const example = plan(loadTopology(readFileSync(file, 'utf8'), file).topology, catalog);
  await renderXlsx(example);
  await measure(file, example);
  for (const sites of [10, 40]) {
    const topology = syntheticTopology({ sites });
    await measure(`${sites} sites, ${serverCount(topology)} servers`, plan(topology, catalog));
  }
}
