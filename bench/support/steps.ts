import { EMITTERS } from '../../src/emit/index.js';
import { RENDERER_NAMES } from '../../src/render/index.js';

/**
 * The rows of `npm run bench:scale`: what each one runs and which goal it is judged by. Pure data, so
 * the row list and the argument parsing are tested without running anything heavy.
 */

export type Step =
  | {
      readonly id: string;
      readonly label: string;
      readonly kind: 'validate';
      readonly input: 'json' | 'yaml';
    }
  | { readonly id: string; readonly label: string; readonly kind: 'plan' }
  | { readonly id: string; readonly label: string; readonly kind: 'report'; readonly format: string }
  | {
      readonly id: string;
      readonly label: string;
      readonly kind: 'emit';
      readonly target: string;
      readonly variant?: string;
      readonly extension: string;
      /** Files written beside the output (`<out><suffix>`), counted in its size. */
      readonly companions: readonly string[];
    };

/** Every row, in the order they run: inputs, planning, every report format, every emit target and variant. */
export function allSteps(): Step[] {
  const steps: Step[] = [
    { id: 'validate:json', label: 'validate (JSON)', kind: 'validate', input: 'json' },
    { id: 'validate:yaml', label: 'validate (YAML)', kind: 'validate', input: 'yaml' },
    { id: 'plan', label: 'load + plan', kind: 'plan' },
  ];
  for (const format of RENDERER_NAMES)
    steps.push({ id: `report:${format}`, label: `report --format ${format}`, kind: 'report', format });
  for (const e of EMITTERS) {
    for (const variant of [undefined, ...e.capabilities.variants.map((v) => v.name)]) {
      steps.push({
        id: `emit:${e.name}${variant ? `:${variant}` : ''}`,
        label: `emit ${e.name}${variant ? ` --${variant}` : ''}`,
        kind: 'emit',
        target: e.name,
        ...(variant ? { variant } : {}),
        extension: e.extension,
        companions: e.capabilities.companions.map((c) => c.suffix),
      });
    }
  }
  return steps;
}

/**
 * The steps `--only` names. A selector picks the step of that id and every step under it: `report`
 * is every format, `emit:ipsec` is ipsec and ipsec --netsh, `validate` both inputs.
 */
export function selectSteps(steps: readonly Step[], only: readonly string[] | undefined): Step[] {
  if (!only) return [...steps];
  const unknown = only.filter((sel) => !steps.some((s) => matches(s.id, sel)));
  if (unknown.length > 0)
    throw new Error(`--only: no step ${unknown.join(', ')}; steps are ${steps.map((s) => s.id).join(', ')}`);
  return steps.filter((s) => only.some((sel) => matches(s.id, sel)));
}

function matches(id: string, selector: string): boolean {
  return id === selector || id.startsWith(`${selector}:`);
}

export interface ScaleOptions {
  readonly sizes: readonly number[];
  readonly only?: readonly string[];
  readonly timeoutSeconds: number;
  /** `--list`: print the step ids and stop. */
  readonly list: boolean;
  /** `--write N FILE`: only write a topology of N servers, to try commands on. */
  readonly write?: { readonly servers: number; readonly file: string };
}

export const DEFAULT_SIZES = [2_000, 20_000, 100_000] as const;
export const DEFAULT_TIMEOUT_SECONDS = 300;

/** `[sizes…] [--only a,b] [--timeout S] [--list]` or `--write N FILE`. */
export function parseArgs(argv: readonly string[]): ScaleOptions {
  const sizes: number[] = [];
  let only: string[] | undefined;
  let timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
  let list = false;
  let write: ScaleOptions['write'];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--only')
      only = value()
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    else if (arg === '--timeout') timeoutSeconds = positive(value(), arg);
    else if (arg === '--list') list = true;
    else if (arg === '--write') write = { servers: positive(value(), arg), file: value() };
    else if (/^\d+$/.test(arg)) sizes.push(positive(arg, 'size'));
    else throw new Error(`unknown argument ${arg}; usage: [sizes…] [--only a,b] [--timeout S] [--list]`);
  }
  return {
    sizes: sizes.length > 0 ? sizes : [...DEFAULT_SIZES],
    ...(only ? { only } : {}),
    timeoutSeconds,
    list,
    ...(write ? { write } : {}),
  };
}

function positive(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${what}: not a positive integer: ${text}`);
  return n;
}

/** The figures a row is judged on. */
export interface Figures {
  readonly ok: boolean;
  readonly wallMs: number;
  readonly rssBytes: number;
  /** The planning time the child measured (plan row only). */
  readonly planMs?: number;
}

/**
 * The issue's goals: at 100,000 servers every validate, report and emit within a minute and 2 GB; at
 * 20,000 servers planning within 2 s. Other rows and sizes have no goal ('-'). Sizes are matched
 * exactly, since the goals were set for those sizes.
 */
export const GOALS = {
  commandServers: 100_000,
  commandMs: 60_000,
  rssBytes: 2e9,
  planServers: 20_000,
  planMs: 2_000,
};

export function verdict(step: Step, servers: number, f: Figures): 'PASS' | 'FAIL' | '-' {
  if (step.kind === 'plan') {
    if (servers !== GOALS.planServers) return '-';
    return f.ok && f.planMs !== undefined && f.planMs <= GOALS.planMs ? 'PASS' : 'FAIL';
  }
  if (servers !== GOALS.commandServers) return '-';
  return f.ok && f.wallMs <= GOALS.commandMs && f.rssBytes <= GOALS.rssBytes ? 'PASS' : 'FAIL';
}
