import { csvRenderer } from './csv.js';
import { jsonRenderer } from './json.js';
import { markdownRenderer } from './md.js';
import { tableRenderer } from './table.js';
import type { Renderer } from './types.js';

/**
 * Every report format, in the order `--help` lists them. A renderer whose code is heavy is listed by
 * its metadata with a `load()` that imports it on first use, so the CLI and the browser page only pay
 * for the formats they render. The format names (`RendererName`) derive from this one list.
 */

export interface LazyRenderer {
  readonly name: string;
  readonly extension: string;
  readonly description: string;
  readonly binary: boolean;
  load(): Promise<Renderer>;
}

export type RendererEntry = Renderer | LazyRenderer;

export const renderers = [
  tableRenderer,
  markdownRenderer,
  csvRenderer,
  jsonRenderer,
  {
    name: 'xlsx',
    extension: 'xlsx',
    description:
      'Excel workbook: an index, one worksheet per firewall, every flow on a filterable sheet, the NAT of Edge servers and the catalog entries used',
    binary: true,
    load: () => import('./xlsx.js').then((m) => m.xlsxRenderer),
  },
  {
    name: 'html',
    extension: 'html',
    description:
      'self-contained web page: a diagram of zones and flows, and a sortable, filterable flow table',
    binary: false,
    load: () => import('./html.js').then((m) => m.htmlRenderer),
  },
] as const satisfies readonly RendererEntry[];

export type RendererName = (typeof renderers)[number]['name'];

export const RENDERER_NAMES: readonly RendererName[] = renderers.map((r) => r.name);

export function isRendererName(name: string): name is RendererName {
  return (RENDERER_NAMES as readonly string[]).includes(name);
}

export function rendererEntry(name: RendererName): RendererEntry {
  return renderers.find((r) => r.name === name)!;
}

/** The renderer itself, importing it first when it is listed lazily. */
export async function loadRenderer(name: RendererName): Promise<Renderer> {
  const entry: RendererEntry = rendererEntry(name);
  return 'load' in entry ? entry.load() : entry;
}
