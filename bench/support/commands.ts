import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Step } from './steps.js';

/**
 * The node arguments of each step, all run on the CLI as built for the package (test/support/
 * built-cli.ts): the commands through bin/sfbports.js, the planning row through the same build's
 * modules, so no row pays for tsx.
 */

export interface Inputs {
  readonly json: string;
  readonly yaml: string;
  /** Where outputs go (each removed after its row). */
  readonly dir: string;
}

export interface StepCommand {
  readonly args: string[];
  /** Files the step writes, whose sizes make its output figure. */
  readonly outputs: string[];
}

export function stepCommand(step: Step, built: { dir: string; bin: string }, inputs: Inputs): StepCommand {
  switch (step.kind) {
    case 'validate':
      return {
        args: [built.bin, 'validate', step.input === 'json' ? inputs.json : inputs.yaml],
        outputs: [],
      };
    case 'plan':
      return {
        args: ['--input-type=module', '-e', planScript(join(built.dir, 'dist')), inputs.json],
        outputs: [],
      };
    case 'report': {
      const out = join(inputs.dir, `report.${step.format}`);
      return {
        args: [built.bin, 'report', inputs.json, '--format', step.format, '-o', out, '--force'],
        outputs: [out],
      };
    }
    case 'emit': {
      const out = join(
        inputs.dir,
        `${step.target}${step.variant ? `-${step.variant}` : ''}.${step.extension}`,
      );
      return {
        args: [
          built.bin,
          'emit',
          step.target,
          inputs.json,
          ...(step.variant ? [`--${step.variant}`] : []),
          '-o',
          out,
          '--force',
        ],
        outputs: [out, ...step.companions.map((suffix) => `${out}${suffix}`)],
      };
    }
  }
}

/** What the planning row's child prints on its last line. */
export interface PlanFigures {
  readonly loadMs: number;
  /** The second planning of the same topology in the process: the planner's own speed, as bench:plan measures it. */
  readonly planMs: number;
  /** The first, which also compiles the planner's code (a user's single run). */
  readonly firstPlanMs: number;
  /** CPU time of planning, every thread (the collector's too): steadier than wall time on a busy machine. */
  readonly planCpuMs: number;
  readonly flows: number;
}

/**
 * Reads the topology as the CLI does (read, parse, validate), then plans it twice, timing each in
 * the process: the goal is about planning, which no command's wall time shows alone. The first run
 * also pays for compiling the planner (a few hundred ms whatever the size: a user's single run);
 * the second is the planner's speed, the figure bench:plan gives after its warm-up and the one the
 * goal is judged on. Both are printed.
 */
function planScript(dist: string): string {
  const from = (path: string) => JSON.stringify(pathToFileURL(join(dist, path)).href);
  return `
const { catalog } = await import(${from('catalog/index.js')});
const { processIo } = await import(${from('cli/io.js')});
const { readTopologyFile } = await import(${from('cli/topology-file.js')});
const { plan } = await import(${from('plan/plan.js')});
const t0 = performance.now();
const topology = readTopologyFile(processIo(), process.argv[1]);
const t1 = performance.now();
let flows = plan(topology, catalog).flows.length;
const t2 = performance.now();
const cpu = process.cpuUsage();
flows = plan(topology, catalog).flows.length;
const t3 = performance.now();
const { user, system } = process.cpuUsage(cpu);
console.log(JSON.stringify({ loadMs: t1 - t0, firstPlanMs: t2 - t1, planMs: t3 - t2, planCpuMs: (user + system) / 1000, flows }));
`;
}
