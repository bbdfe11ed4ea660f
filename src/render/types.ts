import type { Plan } from '../model/plan.js';

export interface RenderOptions {
  /** Title shown in headings; defaults to the topology name. */
  readonly title?: string;
}

/** One report format. Pure: the same plan renders to the same bytes. */
export interface Renderer {
  readonly name: string;
  readonly extension: string;
  readonly description: string;
  /** Binary formats are never written to a terminal. */
  readonly binary: boolean;
  render(plan: Plan, options: RenderOptions): string | Uint8Array | Promise<string | Uint8Array>;
}

export function defineRenderer<const R extends Renderer>(renderer: R): R {
  return renderer;
}
