import type { Plan } from '../model/plan.js';
import { renderViewSvg } from './diagram/draw.js';
import { type DiagramView, diagramViews } from './diagram/model.js';

/**
 * The flow diagram as SVG: one view per question (the overview, each firewall, each site), each an
 * SVG element of its own that fits a 1,280 px window. The model lives in diagram/model.ts, the
 * geometry in diagram/draw.ts; this is what the page embeds.
 */

export { ARROW_COLOURS, esc as escapeXml, ZONE_COLOURS } from './diagram/draw.js';
export { carriedLines, diagramViews, portLines, type ZoneKind } from './diagram/model.js';

export interface DrawnView {
  readonly view: DiagramView;
  readonly svg: string;
}

export function renderDiagramViews(plan: Plan): DrawnView[] {
  return diagramViews(plan).map((view) => ({ view, svg: renderViewSvg(view) }));
}
