/**
 * Ids that were once in the catalog and are gone. Reports, emitted rules and audit results name
 * catalog ids, so an id is never reused for a different requirement: when an entry is removed or
 * renamed, its old id moves here (test/catalog/ids.test.ts enforces it).
 */
export const RETIRED_IDS: readonly string[] = [];
