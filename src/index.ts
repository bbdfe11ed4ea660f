/** The browser-safe core of sfbports: catalog, port sets, topology, planner, renderers and emitters. */
export {
  CATALOG_FORMATS,
  type CatalogFormat,
  describeConditions,
  describeProvenance,
  entriesCsv,
  entriesJson,
  entriesMarkdown,
  findingsCsv,
  findingsMarkdown,
  ipsecCsv,
  ipsecMarkdown,
} from './catalog/format.js';
export * from './catalog/index.js';
export * from './catalog/types.js';
export * from './diag/diagnostic.js';
export { compactGrants, type Grant } from './emit/grants.js';
export { EMITTER_NAMES, EMITTERS, type EmitterName, emitters, findEmitter } from './emit/index.js';
export type * from './emit/types.js';
export * from './model/address-set.js';
export * from './model/flow.js';
export type * from './model/plan.js';
export * from './model/ports.js';
export * from './model/products.js';
export * from './model/protocols.js';
export * from './model/roles.js';
export { filterPlan, hostSites, type PlanFilter } from './plan/filter.js';
export { plan } from './plan/plan.js';
export { csvRenderer, renderCsv } from './render/csv.js';
export {
  isRendererName,
  type LazyRenderer,
  loadRenderer,
  RENDERER_NAMES,
  type RendererEntry,
  type RendererName,
  renderers,
} from './render/index.js';
export { jsonRenderer, REPORT_FORMAT_VERSION, reportDocument } from './render/json.js';
export { markdownRenderer, renderMarkdown } from './render/md.js';
export { renderTable, tableRenderer } from './render/table.js';
export type * from './render/types.js';
export { isCidr, isIpAddress } from './topology/address.js';
export { topologyJsonSchema } from './topology/json-schema.js';
export { loadTopology, type TopologyResult, validateTopology } from './topology/load.js';
export { UNSUPPORTED_FEATURES, unsupportedFeature } from './topology/product.js';
export * from './topology/schema.js';
export {
  DEFAULT_ANSWERS,
  renderAnswers,
  type StarterAnswers,
  starterTopology,
  topologyFromAnswers,
} from './topology/starter.js';
