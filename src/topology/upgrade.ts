import { CURRENT_TOPOLOGY_VERSION, VERSION_2_SETTINGS } from './versions.js';

/**
 * Version 1 → version 2, as data. The loader applies `upgradeV1` to what it parsed (so a version 1
 * file plans exactly as it always did), and `sfbports migrate` applies the same `v1Edits` to the
 * YAML document (so the written file keeps the user's comments, key order and formatting). One list
 * of edits serves both, so the file migrate writes and the topology the loader reads cannot differ.
 *
 * Pure functions on plain data: no Node built-ins here (src/topology runs anywhere).
 */

/** A key path into the file's data: mapping keys and sequence indexes. */
export type EditPath = readonly (string | number)[];

/** One change the upgrade makes: set the value at `path` (creating mappings on the way). */
export interface UpgradeEdit {
  readonly path: EditPath;
  readonly value: unknown;
  /** Why, for the reader of the code and of `migrate`'s summary. */
  readonly why: string;
}

type Data = Record<string, unknown>;

/**
 * Where a version 2 setting's default would change what a version 1 file plans, the upgrade writes
 * the version 1 meaning explicitly, so the file means the same before and after. Each rule looks at
 * the version 1 data and returns the edits that keep its meaning.
 *
 * None yet: per-pool `product` defaults to the topology's product, which is what version 1 meant.
 * A version 2 setting whose default differs from version 1 behaviour adds its rule here, e.g. a
 * gateway setting that v2 defaults on would return, for every `sites[s].gateways[g]` without it,
 * `{ path: ['sites', s, 'gateways', g, 'setting'], value: <v1 meaning>, why: '…' }`.
 */
const V1_MEANINGS: ReadonlyArray<(data: Data) => UpgradeEdit[]> = [];

/** The edits that turn version 1 data into version 2 data with the same meaning, `version` last. */
export function v1Edits(data: Data): UpgradeEdit[] {
  return [
    ...V1_MEANINGS.flatMap((rule) => rule(data)),
    { path: ['version'], value: CURRENT_TOPOLOGY_VERSION, why: 'the current file format' },
  ];
}

/** Whether the data declares version 1 (the only version that needs an upgrade). */
export function isVersion1(data: unknown): data is Data {
  return isMapping(data) && data.version === 1;
}

/**
 * Version 1 data as version 2: a new object (the input is not changed) with `version: 2` and the
 * version 1 meaning of every setting whose version 2 default differs. Anything else passes through,
 * including data that is not version 1.
 */
export function upgradeV1(data: unknown): unknown {
  if (!isVersion1(data)) return data;
  let out: unknown = data;
  for (const edit of v1Edits(data)) out = setIn(out, edit.path, edit.value);
  return out;
}

/**
 * The paths at which version 1 data uses a setting that exists only from version 2 (concrete paths,
 * in file order), for the loader to point at.
 */
export function version2SettingsUsed(data: unknown, settings = VERSION_2_SETTINGS): EditPath[] {
  const found: EditPath[] = [];
  for (const pattern of settings) found.push(...matchPattern(data, pattern.split('.'), []));
  return found;
}

function matchPattern(node: unknown, pattern: readonly string[], at: EditPath): EditPath[] {
  if (pattern.length === 0) return [at];
  const [head, ...rest] = pattern as [string, ...string[]];
  if (head === '*') {
    if (Array.isArray(node)) return node.flatMap((child, i) => matchPattern(child, rest, [...at, i]));
    if (isMapping(node)) {
      return Object.keys(node).flatMap((k) => matchPattern(node[k], rest, [...at, k]));
    }
    return [];
  }
  if (!isMapping(node) || !Object.hasOwn(node, head) || node[head] === undefined) return [];
  return matchPattern(node[head], rest, [...at, head]);
}

/** `data` with `value` at `path`, copying only the mappings and sequences on the way. */
function setIn(data: unknown, path: EditPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (typeof head === 'number') {
    const list = Array.isArray(data) ? [...data] : [];
    list[head] = setIn(list[head], rest, value);
    return list;
  }
  const map: Data = isMapping(data) ? { ...data } : {};
  map[head] = setIn(map[head], rest, value);
  return map;
}

function isMapping(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
