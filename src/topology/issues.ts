import type { z } from 'zod';
import { choiceHint, type Diagnostic } from '../diag/diagnostic.js';
import { ADDRESS_PLACEHOLDER } from './address.js';
import { type DataPath, formatPath, type SourceLocator } from './locate.js';
import { FQDN_PATTERN, NAME_PATTERN, ZONE_NAME_PATTERN } from './schema.js';

/**
 * Turns zod's issues into diagnostics a person can act on: the path and position where the problem
 * is, what was expected, and a hint (the closest valid choice for a misspelt key or value).
 */
export function issuesToDiagnostics(
  issues: readonly z.core.$ZodIssue[],
  root: z.ZodType,
  map: SourceLocator,
  basePath: DataPath = [],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of issues) out.push(...convert(issue, root, map, [...basePath, ...issue.path]));
  return out;
}

function convert(issue: z.core.$ZodIssue, root: z.ZodType, map: SourceLocator, path: DataPath): Diagnostic[] {
  const where = formatPath(path);
  const key = lastKey(path);
  const input = (issue as { input?: unknown }).input;
  const error = (code: string, message: string, loc = map.value(path), hint?: string): Diagnostic => ({
    code,
    severity: 'error',
    message: `${where}: ${message}`,
    loc,
    ...(hint ? { hint } : {}),
  });

  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) {
        return [missing(path, expectedText(root, path, issue.expected), `add ${key ?? 'it'}: …`, map)];
      }
      if (path.length === 0 && (input === null || typeof input !== 'object')) {
        return [
          error(
            'not-a-topology',
            'the file does not hold a topology (expected a mapping with version, name, product, zones and sites)',
            map.value(path),
            'run `sfbports init` to write a commented starter topology',
          ),
        ];
      }
      return [error('wrong-type', `expected ${article(issue.expected)}, found ${describe(input)}`)];
    }
    case 'invalid_value': {
      const choices = issue.values.map(String);
      const text = typeof input === 'string' ? input : describe(input);
      if (input === undefined) {
        return [missing(path, `one of ${choices.join(', ')}`, `add ${key ?? 'it'}: ${choices[0]}`, map)];
      }
      if (choices.length === 1) {
        return [error('wrong-value', `must be ${choices[0]}, not ${describe(input)}`)];
      }
      return [
        error(
          'unknown-choice',
          `${describe(input)} is not a valid ${key ?? 'value'}`,
          map.value(path),
          choiceHint(text, choices),
        ),
      ];
    }
    case 'unrecognized_keys': {
      const known = knownKeys(root, path);
      return issue.keys.map((k) => {
        const keyPath = [...path, k];
        return {
          code: 'unknown-field',
          severity: 'error' as const,
          message: `${formatPath(keyPath)}: unknown field ${k}`,
          loc: map.key(keyPath),
          hint: known.length > 0 ? choiceHint(k, known) : 'remove it',
        };
      });
    }
    case 'too_small':
    case 'too_big': {
      const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      if (issue.origin === 'array') {
        return [
          error(
            'out-of-range',
            issue.code === 'too_small'
              ? `needs at least ${bound} ${bound === 1 ? 'entry' : 'entries'}`
              : `allows at most ${bound} entries`,
          ),
        ];
      }
      const relation = issue.code === 'too_small' ? 'at least' : 'at most';
      return [error('out-of-range', `must be ${relation} ${bound}, not ${describe(input)}`)];
    }
    case 'invalid_format': {
      const pattern = (issue as { pattern?: string }).pattern;
      const code =
        pattern === String(FQDN_PATTERN)
          ? 'invalid-fqdn'
          : pattern === String(ZONE_NAME_PATTERN)
            ? 'invalid-zone-name'
            : pattern === String(NAME_PATTERN)
              ? 'invalid-name'
              : 'invalid-format';
      return [error(code, `${describe(input)} is not ${issue.message}`)];
    }
    case 'custom': {
      const params = issue.params as { code?: string; hint?: string } | undefined;
      const code = String(params?.code ?? 'invalid-value');
      // The placeholder `sfbports import` leaves for an address nothing gave it: say what to do.
      if (code === 'invalid-ip' && input === ADDRESS_PLACEHOLDER) {
        return [
          error(
            'address-unresolved',
            'the address was left open by sfbports import (the topology XML records 0.0.0.0, "from DNS")',
            map.value(path),
            "write the server's address here, or import again with --resolve (--dns-server ADDR) or --addresses FILE",
          ),
        ];
      }
      return [error(code, `${describe(input)} is not ${issue.message}`, map.value(path), params?.hint)];
    }
    case 'invalid_key': {
      // A bad record key (a zone name): point at the key, not its value.
      return issue.issues.flatMap((sub) =>
        convert({ ...sub, input: key } as z.core.$ZodIssue, root, map, path).map((d) => ({
          ...d,
          loc: map.key(path),
        })),
      );
    }
    case 'invalid_union': {
      // Report the branch that got furthest into the value; when none did, say what was expected.
      const branches = issue.errors.filter((b) => b.length > 0);
      // Failing that, the branch that took the value's type (a mapping with a misspelt key).
      const deep =
        branches.find((b) => b.every((i) => i.path.length > 0)) ??
        branches.find((b) =>
          b.every((i) => i.path.length > 0 || (i.code !== 'invalid_type' && i.code !== 'invalid_value')),
        );
      if (deep) return deep.flatMap((sub) => convert(sub, root, map, [...path, ...sub.path]));
      const expected = unionExpectation(root, path);
      return [error('wrong-type', `expected ${expected}, found ${describe(input)}`)];
    }
    default:
      return [error('invalid-value', issue.message)];
  }
}

/** A required field that is absent: reported on the mapping that should hold it. */
function missing(path: DataPath, expected: string, hint: string, map: SourceLocator): Diagnostic {
  const field = String(path[path.length - 1] ?? 'a value');
  return {
    code: 'missing-field',
    severity: 'error',
    message: `${formatPath(path.slice(0, -1))}: missing ${field} (${expected})`,
    loc: map.value(path),
    hint,
  };
}

/**
 * What a missing field holds, in the topology's words: its description from the schema (up to the
 * first semicolon or full stop: "Named networks") and the kind of value, never a schema word such as
 * "record".
 */
function expectedText(root: z.ZodType, path: DataPath, expected: string): string {
  const described = schemaAt(root, path)?.description ?? rawAt(root, path)?.description;
  const words = described?.split(/[;.(]/)[0]?.trim();
  const kind = article(expected);
  return words ? `${words.charAt(0).toLowerCase()}${words.slice(1)}: ${kind}` : kind;
}

/** The schema at `path` before unwrapping (descriptions sit on the outer default or optional). */
export function rawAt(root: z.ZodType, path: DataPath): z.ZodType | undefined {
  if (path.length === 0) return root;
  const parent = schemaAt(root, path.slice(0, -1));
  const def = parent ? defOf(parent) : undefined;
  return def?.type === 'object' && def.shape ? fieldOf(def.shape, path[path.length - 1]!) : undefined;
}

/**
 * A field of an object schema by the key the file used: an own field only, since a key such as
 * `valueOf` or `constructor` would otherwise find Object.prototype's function.
 */
function fieldOf(shape: Record<string, z.ZodType>, key: PropertyKey): z.ZodType | undefined {
  const name = String(key);
  return Object.hasOwn(shape, name) ? shape[name] : undefined;
}

function lastKey(path: DataPath): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return String(path[i]);
  return undefined;
}

function article(expected: string): string {
  const names: Record<string, string> = {
    object: 'a mapping (key: value lines)',
    record: 'a mapping of names to values',
    array: 'a list',
    string: 'a string',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
  };
  return names[expected] ?? expected;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

/** The zod definition of a schema, as far as walking it needs to know. */
export interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  values?: unknown[];
  /** An enum's choices. */
  entries?: Record<string, string | number>;
}

export function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Unwraps optional, default and pipe layers down to the schema that describes the value's shape. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let i = 0; i < 20; i++) {
    const def = defOf(s);
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!inner) return s;
    s = inner;
  }
  return s;
}

/** The schema at `path`, walking objects, arrays, records and unions. */
export function schemaAt(root: z.ZodType, path: DataPath): z.ZodType | undefined {
  let s: z.ZodType | undefined = unwrap(root);
  for (const segment of path) {
    if (!s) return undefined;
    const def = defOf(s);
    if (def.type === 'object' && def.shape) s = fieldOf(def.shape, segment);
    else if (def.type === 'array') s = def.element;
    else if (def.type === 'record') s = def.valueType;
    else if (def.type === 'union' && def.options) {
      s = def.options.map((o) => schemaAt(o, [segment])).find((o) => o !== undefined);
    } else return undefined;
    s = s ? unwrap(s) : undefined;
  }
  return s;
}

export function knownKeys(root: z.ZodType, path: DataPath): string[] {
  const s = schemaAt(root, path);
  if (!s) return [];
  const def = defOf(s);
  if (def.type === 'union' && def.options) {
    // A value that may be a mapping (a nested zone): the keys of its mapping form.
    const object = def.options.map((o) => defOf(unwrap(o))).find((d) => d.type === 'object' && d.shape);
    return object?.shape ? Object.keys(object.shape) : [];
  }
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

function unionExpectation(root: z.ZodType, path: DataPath): string {
  const s = schemaAt(root, path);
  const def = s ? defOf(s) : undefined;
  if (def?.type !== 'union' || !def.options) return 'another kind of value';
  return def.options
    .map((o) => {
      const d = defOf(unwrap(o));
      if (d.type === 'literal' && d.values) return d.values.map((v) => JSON.stringify(v)).join(' or ');
      return article(d.type);
    })
    .join(' or ');
}
