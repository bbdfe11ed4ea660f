import type { z } from 'zod';
import { closest } from '../diag/diagnostic.js';
import { defOf, rawAt, schemaAt } from './issues.js';
import type { DataPath } from './locate.js';

/**
 * What is left to check when the schema rejects part of a file. The schema's errors are reported at
 * once, and the cross-reference checks (references, duplicates, zones) should report theirs in the
 * same run, not one stage per edit. So every rejected value is taken out of a copy of the data: an
 * optional field is removed (its default applies), a list element is removed, a required field gets
 * a stand-in the schema accepts (an address or FQDN used nowhere else, the closest valid choice), and
 * when none of these fits, the mapping or list element that holds it goes. The copy is parsed again
 * until the schema accepts it; what the second parse objects to is a consequence of the first
 * removal, so it is removed as well and never reported.
 *
 * The checks then run on that copy. Their findings carry paths into it, which `toFile` maps back to
 * the file (removed list elements shift later indexes), and `load.ts` drops every finding that could
 * follow from a rejected value (see `followsFromRejected`): rejected values are "already reported".
 */
export interface Salvage<T> {
  /** The file's data with every rejected value removed or replaced; the schema accepts it. */
  readonly value: T;
  /** The file path of the value at `path` in `value`. */
  toFile(path: DataPath): DataPath;
  /** Whether the value at this file path, or a mapping or list it is part of, was rejected. */
  rejected(path: DataPath): boolean;
  /** Whether a rejected value lies at or inside this file path. */
  touched(path: DataPath): boolean;
  /**
   * Whether `name` (an FQDN or zone name, any case) belongs to an entry that was removed or kept with a
   * stand-in value: a reference to it cannot be judged (it would be unknown, or of the wrong role).
   */
  uncertain(name: string): boolean;
}

/** A list element taken out; the list is compacted before each parse. */
const REMOVED: unique symbol = Symbol('removed');

/** More rounds than any file needs: each removes what the last one's removals made invalid. */
const MAX_ROUNDS = 8;

/**
 * Removes what `schema` rejects in `data` (and the values at `reject`, reported by other means) until
 * the rest parses. Undefined when nothing parseable is left, such as a file whose `sites` is not a list.
 */
export function salvage<T>(
  schema: z.ZodType<T>,
  data: unknown,
  reject: readonly DataPath[] = [],
): Salvage<T> | undefined {
  const work = new Salvager(schema, copy(data));
  for (const path of reject) if (!work.neutralise(path)) return undefined;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const compacted = compact(work.data);
    const parsed = schema.safeParse(compacted.value);
    if (parsed.success) {
      return {
        value: parsed.data,
        toFile: compacted.toFile,
        rejected: (path) => work.rejected.some((r) => startsWith(path, r)),
        touched: (path) => work.rejected.some((r) => startsWith(r, path)),
        uncertain: (name) => work.names.has(name.toLowerCase()),
      };
    }
    for (const issue of parsed.error.issues) {
      for (const path of faultPaths(issue)) {
        if (!work.neutralise(compacted.toFile(path))) return undefined;
      }
    }
  }
  return undefined;
}

/** The values an issue is about: an unknown field's key, or the value at the issue's path. */
function faultPaths(issue: z.core.$ZodIssue): DataPath[] {
  const path = issue.path as DataPath;
  if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => [...path, k]);
  return [path];
}

class Salvager {
  /** File paths of the values taken out or replaced. */
  readonly rejected: DataPath[] = [];
  /** Names of entries removed or kept with a stand-in, lower case. */
  readonly names = new Set<string>();
  /** Every string of the file, lower case, so that a stand-in is never a value the file uses. */
  private readonly used = new Set<string>();
  private serial = 0;

  constructor(
    private readonly root: z.ZodType,
    readonly data: unknown,
  ) {
    collectStrings(data, this.used);
  }

  /** Takes the value at `path` out (or the smallest part of the file that holds it); false at the root. */
  neutralise(start: DataPath): boolean {
    let path = start;
    while (path.length > 0) {
      const parent = valueAt(this.data, path.slice(0, -1));
      const last = path[path.length - 1]!;
      if (Array.isArray(parent) && typeof last === 'number' && last < parent.length) {
        if (parent[last] !== REMOVED) collectNames(parent[last], this.names);
        parent[last] = REMOVED;
        this.rejected.push(path);
        return true;
      }
      if (isMapping(parent)) {
        const key = String(last);
        const current = parent[key];
        if (this.optional(path)) {
          // A record's key is a name (a zone, a firewall side) that other entries refer to.
          if (this.isRecord(path.slice(0, -1))) this.names.add(key.toLowerCase());
          collectNames(current, this.names);
          delete parent[key];
          this.rejected.push(path);
          return true;
        }
        const standIn = this.standIn(path, current);
        if (standIn !== undefined) {
          parent[key] = standIn;
          if (typeof current === 'string') this.names.add(current.toLowerCase());
          if (typeof parent.fqdn === 'string') this.names.add(parent.fqdn.toLowerCase());
          this.rejected.push(path);
          return true;
        }
      }
      path = path.slice(0, -1);
    }
    return false;
  }

  private isRecord(path: DataPath): boolean {
    const schema = schemaAt(this.root, path);
    return schema !== undefined && defOf(schema).type === 'record';
  }

  /** A field the file may leave out: a record's entry, an optional or defaulted field, an unknown key. */
  private optional(path: DataPath): boolean {
    if (this.isRecord(path.slice(0, -1))) return true;
    const field = rawAt(this.root, path);
    return field === undefined || field.safeParse(undefined).success;
  }

  /**
   * A value the schema accepts in place of a rejected required one, chosen so that no check can
   * mistake it for a real one: an address and an FQDN the file uses nowhere (documentation range,
   * `.invalid`), the closest valid choice. Undefined for a mapping or a list.
   */
  private standIn(path: DataPath, current: unknown): unknown {
    const schema = schemaAt(this.root, path);
    if (!schema) return undefined;
    const candidates = this.candidates(schema, current);
    return candidates.find((c) => schema.safeParse(c).success);
  }

  private candidates(schema: z.ZodType, current: unknown): unknown[] {
    const def = defOf(schema);
    switch (def.type) {
      case 'enum': {
        const choices = Object.values(def.entries ?? {}).map(String);
        const near = typeof current === 'string' ? closest(current, choices) : undefined;
        return near ? [near, ...choices] : choices;
      }
      case 'literal':
        return def.values ?? [];
      case 'union':
        // The last option first: version 2 rather than 1, Exchange 2019 rather than 2010.
        return [...(def.options ?? [])].reverse().flatMap((o) => this.candidates(o, current));
      case 'string': {
        let n = ++this.serial;
        while (
          this.used.has(`2001:db8:5fb:ffff::${n.toString(16)}`) ||
          this.used.has(`rejected-${n}.invalid`)
        )
          n = ++this.serial;
        return [`2001:db8:5fb:ffff::${n.toString(16)}`, `rejected-${n}.invalid`, `rejected-${n}`];
      }
      case 'number':
        return [1];
      case 'boolean':
        return [false];
      default:
        return [];
    }
  }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function valueAt(data: unknown, path: DataPath): unknown {
  let node = data;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
    else if (isMapping(node) && Object.hasOwn(node, String(segment))) node = node[String(segment)];
    else return undefined;
  }
  return node;
}

function startsWith(path: DataPath, prefix: DataPath): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => String(segment) === String(path[i]));
}

/** The FQDNs of the entries inside a removed value, which other entries may name. */
function collectNames(value: unknown, names: Set<string>): void {
  if (Array.isArray(value)) for (const item of value) collectNames(item, names);
  else if (isMapping(value)) {
    if (typeof value.fqdn === 'string') names.add(value.fqdn.toLowerCase());
    for (const item of Object.values(value)) collectNames(item, names);
  }
}

function collectStrings(value: unknown, out: Set<string>): void {
  if (typeof value === 'string') out.add(value.toLowerCase());
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, out);
  else if (isMapping(value)) for (const item of Object.values(value)) collectStrings(item, out);
}

/**
 * The data without removed list elements, and the way back: `toFile` turns an index into a compacted
 * list into the index the element has in the file.
 */
function compact(data: unknown): { value: unknown; toFile(path: DataPath): DataPath } {
  /** Per list (by its file path), the file index of each element kept. */
  const kept = new Map<string, number[]>();
  const walk = (value: unknown, path: PropertyKey[]): unknown => {
    if (Array.isArray(value)) {
      const indexes: number[] = [];
      const out: unknown[] = [];
      value.forEach((item, i) => {
        if (item === REMOVED) return;
        indexes.push(i);
        out.push(walk(item, [...path, i]));
      });
      if (indexes.length !== value.length) kept.set(pathKey(path), indexes);
      return out;
    }
    if (isMapping(value)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) define(out, k, walk(v, [...path, k]));
      return out;
    }
    return value;
  };
  const value = walk(data, []);
  return {
    value,
    toFile(path) {
      const out: PropertyKey[] = [];
      for (const segment of path) {
        const indexes = typeof segment === 'number' ? kept.get(pathKey(out)) : undefined;
        out.push(indexes?.[segment as number] ?? segment);
      }
      return out;
    },
  };
}

/** A deep copy of parsed YAML or JSON (mappings, lists, scalars). */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (isMapping(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) define(out, k, copy(v));
    return out;
  }
  return value;
}

/** Sets a key as an own property, even one named __proto__ (an assignment would change the prototype). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function pathKey(path: DataPath): string {
  return JSON.stringify(path.map(String));
}
