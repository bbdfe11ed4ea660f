import { Composer, CST, isScalar, Parser } from 'yaml';
import type { Diagnostic } from '../diag/diagnostic.js';
import { validateTopology } from './load.js';
import { isVersion1, type UpgradeEdit, v1Edits } from './upgrade.js';
import { CURRENT_TOPOLOGY_VERSION } from './versions.js';

export type MigrateResult =
  /** The file has errors (as `validate` reports them); nothing was written. */
  | { readonly status: 'invalid'; readonly diagnostics: readonly Diagnostic[] }
  /** The file is already at the current version; `text` is the input, unchanged. */
  | { readonly status: 'current'; readonly text: string }
  /** The file as version 2, and the edits that made it so. */
  | { readonly status: 'migrated'; readonly text: string; readonly edits: readonly UpgradeEdit[] };

/**
 * Rewrites a topology file's text as version 2, keeping the user's comments, key order and
 * formatting. The edits are upgrade.ts's `v1Edits`, the same the loader applies in memory. A value
 * that exists in the file (such as `version: 1`) is changed in place in the file's own tokens, so
 * every other byte stays as written; a setting the upgrade has to add goes through the yaml Document
 * API (setIn, then toString), which keeps comments and key order but may respace flow collections.
 * The result is checked: it must load, as version 2, to the very topology the input loads to.
 */
export function migrateTopologyText(text: string, file: string): MigrateResult {
  // A version 1 file may already use version 2 settings: migrating is how it becomes valid.
  const before = validateTopology(text, file, { version2Settings: 'allow' });
  if (!before.topology) return { status: 'invalid', diagnostics: before.diagnostics };

  const tokens = [...new Parser().parse(text)];
  const doc = [...new Composer({ keepSourceTokens: true }).compose(tokens)][0];
  const data: unknown = doc?.toJS({ maxAliasCount: 1000 });
  if (!doc || !isVersion1(data)) return { status: 'current', text };

  const edits = v1Edits(data);
  let inPlace = true;
  for (const edit of edits) {
    const node = doc.getIn(edit.path, true);
    const plain = typeof edit.value === 'number' || typeof edit.value === 'boolean';
    if (plain && isScalar(node) && node.srcToken && CST.isScalar(node.srcToken)) {
      CST.setScalarValue(node.srcToken, String(edit.value));
    } else {
      inPlace = false;
    }
    doc.setIn(edit.path, edit.value);
  }
  const out = inPlace
    ? tokens.map((t) => CST.stringify(t)).join('')
    : doc.toString({ lineWidth: 0, flowCollectionPadding: false });

  const after = validateTopology(out, file);
  if (
    !after.topology ||
    after.topology.version !== CURRENT_TOPOLOGY_VERSION ||
    !sameData(after.topology, before.topology)
  ) {
    throw new Error(`migrate: ${file} as version 2 does not load to the same topology (a bug in sfbports)`);
  }
  return { status: 'migrated', text: out, edits };
}

/** Structural equality of plain data (what zod returns): mappings, lists and primitives. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.hasOwn(b, k) && sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}
