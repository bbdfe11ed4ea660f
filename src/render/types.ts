import type { Plan } from '../model/plan.js';

export interface RenderOptions {
  /** Title shown in headings; defaults to the topology name. */
  readonly title?: string;
}

/**
 * Text produced piece by piece. A report for a very large deployment can exceed the longest string
 * JavaScript holds (2^29 characters in V8); its pieces are written out one after another instead.
 * `chunks()` may be called more than once and yields the same text each time.
 */
export interface TextStream {
  readonly kind: 'text-stream';
  chunks(): Iterable<string>;
}

export type Rendered = string | Uint8Array | TextStream;

export function textStream(chunks: () => Iterable<string>): TextStream {
  return { kind: 'text-stream', chunks };
}

export function isTextStream(value: unknown): value is TextStream {
  return typeof value === 'object' && value !== null && (value as TextStream).kind === 'text-stream';
}

/** The whole text at once, for small plans, tests and the browser page. */
export function renderedText(rendered: string | TextStream): string {
  return typeof rendered === 'string' ? rendered : [...rendered.chunks()].join('');
}

/** One report format. Pure: the same plan renders to the same bytes. */
export interface Renderer {
  readonly name: string;
  readonly extension: string;
  readonly description: string;
  /** Binary formats are never written to a terminal. */
  readonly binary: boolean;
  render(plan: Plan, options: RenderOptions): Rendered | Promise<Rendered>;
}

export function defineRenderer<const R extends Renderer>(renderer: R): R {
  return renderer;
}
