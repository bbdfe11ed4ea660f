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
export * from './catalog/roles.js';
export * from './catalog/types.js';
export * from './diag/diagnostic.js';
export type * from './emit/types.js';
export * from './flow/flow.js';
export * from './flow/ports.js';
export type * from './plan/types.js';
export type * from './render/types.js';
export * from './topology/schema.js';
export { isCidr, isIpAddress } from './topology/address.js';
export { type TopologyResult, loadTopology, validateTopology } from './topology/load.js';
export { UNSUPPORTED_FEATURES, unsupportedFeature } from './topology/product.js';
