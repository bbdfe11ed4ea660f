/** The browser-safe core of sfbports: catalog, port sets, topology, planner, renderers and emitters. */
export * from './catalog/roles.js';
export * from './catalog/types.js';
export * from './diag/diagnostic.js';
export type * from './emit/types.js';
export * from './flow/flow.js';
export * from './flow/ports.js';
export type * from './plan/types.js';
export type * from './render/types.js';
export * from './topology/schema.js';
