import { LineCounter, parseDocument } from 'yaml';
import { type Diagnostic, UserError } from '../diag/diagnostic.js';
import { checkTopology, type Finding } from './crossref.js';
import { normaliseText } from './decode.js';
import { issuesToDiagnostics } from './issues.js';
import { parseJson, textPosition } from './json-source.js';
import { type DataPath, formatPath, type SourceLocator, SourceMap } from './locate.js';
import { type Salvage, salvage } from './salvage.js';
import { Topology } from './schema.js';
import { isVersion1, upgradeV1, version2SettingsUsed } from './upgrade.js';
import { badIndents } from './yaml-indent.js';

export interface TopologyResult {
  /** Present when the file has no errors (warnings may remain). */
  readonly topology?: Topology;
  /** Every problem found, errors and warnings, in file order. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface ValidateOptions {
  /**
   * What a version 1 file that uses a version 2 setting gets: an error at the key (the default), or
   * nothing, for `sfbports migrate`, which is how such a file becomes version 2.
   */
  readonly version2Settings?: 'error' | 'allow';
}

/** The notice a version 1 file gets once per load (code `topology-version-1`). */
export function version1Notice(file: string): string {
  const name = file === '<stdin>' ? 'FILE' : file;
  return `version 1 file, read as version 2; \`sfbports migrate ${name}\` writes it as version 2`;
}

/** The largest alias expansion a topology can need; far beyond it is a "billion laughs" file. */
const MAX_ALIAS_COUNT = 1000;

/**
 * Parses and checks a topology file (YAML, or JSON, which is YAML too) and reports every problem at
 * once: syntax errors, then schema errors and cross-reference checks, the latter on what the schema
 * accepts (salvage.ts).
 * Never throws.
 */
export function validateTopology(text: string, file: string, options: ValidateOptions = {}): TopologyResult {
  const source = parseSource(normaliseText(text), file);
  if ('diagnostics' in source) return { diagnostics: source.diagnostics };
  const { map, syntax } = source;
  let data = source.data;
  if (data === null || data === undefined) {
    return {
      diagnostics: [
        ...syntax,
        {
          code: 'empty-file',
          severity: 'error',
          message: 'the file is empty',
          loc: map.offset(0),
          hint: 'run `sfbports init` to write a commented starter topology',
        },
      ],
    };
  }

  // Version 1: settings that need version 2 are errors at their keys; the rest is upgraded in memory
  // (upgrade.ts) and checked as version 2, so positions still point into the file as written.
  const version1 = isVersion1(data);
  const versionErrors: Diagnostic[] =
    version1 && options.version2Settings !== 'allow'
      ? version2SettingsUsed(data).map((path) => ({
          code: 'version-2-setting',
          severity: 'error',
          message: `${formatPath(path)}: ${String(path[path.length - 1])} needs topology version 2, and this file is version 1`,
          loc: map.key(path),
          hint: 'set version: 2 (or run sfbports migrate)',
        }))
      : [];
  if (version1) data = upgradeV1(data);

  const reservedPaths = reservedKeys(data);
  const reserved = reservedPaths.map(
    ({ path, what }): Diagnostic => ({
      code: 'reserved-name',
      severity: 'error',
      message: `${formatPath(path.slice(0, -1))}: ${what} ${String(path[path.length - 1])} is reserved`,
      loc: map.key(path),
      hint: '__proto__, constructor and prototype mean something else to JavaScript; choose another name',
    }),
  );

  const parsed = Topology.safeParse(data, { reportInput: true });
  const toDiagnostic = (f: Finding, path: DataPath = f.path): Diagnostic => ({
    code: f.code,
    severity: f.severity,
    message: f.message,
    loc: f.atKey ? map.key(path) : map.value(path),
    ...(f.hint ? { hint: f.hint } : {}),
  });
  if (!parsed.success || reserved.length > 0) {
    // Every independent error in one run: the checks run on what the schema accepts (salvage.ts), and
    // whatever could follow from a value already reported is left out.
    const rest = salvage(
      Topology,
      data,
      reservedPaths.map(({ path }) => path),
    );
    const schemaErrors = parsed.success ? [] : issuesToDiagnostics(parsed.error.issues, Topology, map);
    const findings = rest
      ? checkTopology(rest.value, { rejected: (path) => rest.rejected(rest.toFile(path)) }).flatMap((f) => {
          const path = rest.toFile(f.path);
          return followsFromRejected(f.code, path, data, rest) ? [] : [toDiagnostic(f, path)];
        })
      : [];
    return {
      diagnostics: sortByPosition([...syntax, ...versionErrors, ...reserved, ...schemaErrors, ...findings]),
    };
  }

  const findings = checkTopology(parsed.data);
  const diagnostics = sortByPosition([...syntax, ...versionErrors, ...findings.map((f) => toDiagnostic(f))]);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  // One notice per load, and only for a file that loads: an invalid file's errors come first.
  if (version1) {
    diagnostics.unshift({
      code: 'topology-version-1',
      severity: 'warning',
      message: version1Notice(file),
      loc: map.value(['version']),
    });
  }
  return { topology: parsed.data, diagnostics };
}

/**
 * The entry point for the planner and every command that reads a topology: the checked topology and
 * its warnings, or a UserError that carries every diagnostic (errors and warnings).
 */
export function loadTopology(text: string, file: string): { topology: Topology; diagnostics: Diagnostic[] } {
  const result = validateTopology(text, file);
  if (!result.topology) throw new UserError(result.diagnostics);
  return { topology: result.topology, diagnostics: [...result.diagnostics] };
}

type Parsed =
  | { readonly data: unknown; readonly map: SourceLocator; readonly syntax: Diagnostic[] }
  | { readonly diagnostics: Diagnostic[] };

/**
 * The file's data and where each part of it is. A file whose first character is "{" is read with
 * JSON.parse first (a hundred times faster than the YAML parser on a large topology); a file that is
 * not JSON after all, such as a YAML flow mapping, goes to the YAML parser.
 */
function parseSource(text: string, file: string): Parsed {
  if (/^\s*\{/.test(text)) {
    const json = parseJson(text, file);
    if ('data' in json) {
      const syntax = json.duplicateKeys.map((at) =>
        syntaxDiagnostic('yaml-duplicate-key', 'Map keys must be unique', json.map.offset(at), 'json'),
      );
      if (syntax.length > 0) return { diagnostics: syntax };
      return { data: json.data, map: json.map, syntax };
    }
    // Quoted keys say JSON: its own error, with its position, beats the YAML parser's view of it.
    if (json.errorAt !== undefined && /^\s*\{\s*("|\})/.test(text)) {
      return {
        diagnostics: [
          syntaxDiagnostic('json-syntax', json.message, textPosition(text, json.errorAt, file), 'json'),
        ],
      };
    }
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const map = new SourceMap(doc, lineCounter, file);
  const indents = badIndents(
    text,
    doc,
    lineCounter,
    doc.errors.filter((e) => e.code === 'BAD_INDENT').map((e) => e.pos[0]),
  ).map((bad): Diagnostic => {
    const below =
      bad.more === 0 ? '' : ` (and the ${bad.more} line${bad.more === 1 ? '' : 's'} below it at that column)`;
    return {
      code: 'yaml-bad-indent',
      severity: 'error',
      message: bad.expected
        ? `this key starts at column ${bad.column}, its sibling keys at column ${bad.expected.column}: all keys of a mapping must start at the same column`
        : `this key starts at column ${bad.column}, as keys of an enclosing mapping do, but the YAML parser is still inside the mapping above it`,
      loc: map.offset(bad.offset),
      hint: bad.expected
        ? `indent it${below} to column ${bad.expected.column}, where ${bad.expected.key} starts`
        : 'look above it for a [ or { without its closing bracket, or a quote left open',
    };
  });
  const syntax: Diagnostic[] = [
    ...indents,
    ...doc.errors
      .filter((e) => e.code !== 'BAD_INDENT')
      .map((e) => yamlDiagnostic('error', e.code, e.message, map.offset(e.pos[0]))),
    ...doc.warnings.map((e) => yamlDiagnostic('warning', e.code, e.message, map.offset(e.pos[0]))),
  ];
  if (syntax.some((d) => d.severity === 'error')) return { diagnostics: sortByPosition(syntax) };
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), map, syntax };
  } catch (err) {
    return {
      diagnostics: [
        ...syntax,
        {
          code: 'yaml-aliases',
          severity: 'error',
          message: `the file cannot be read: ${(err as Error).message}`,
          loc: map.offset(0),
          hint: 'a topology has no need for deeply nested YAML aliases; write the values out',
        },
      ],
    };
  }
}

function syntaxDiagnostic(code: string, message: string, loc: Diagnostic['loc'], kind: 'json'): Diagnostic {
  return {
    code,
    severity: 'error',
    message: message.replace(/\s+/g, ' ').trim(),
    loc,
    hint: `fix the ${kind.toUpperCase()} syntax first; sfbports checks the topology once the file parses`,
  };
}

/**
 * Findings that judge one value by itself or against the entries it names, whatever else the mapping
 * it is in holds. Every other finding weighs its value with its neighbours (a pool's vip with its
 * loadBalancing, a Mediation pool with its gateways), so it waits while one of them is rejected.
 */
const SELF_CONTAINED = new Set([
  'unknown-reference',
  'wrong-reference-role',
  'self-reference',
  'unknown-zone',
  'duplicate-address',
  'duplicate-fqdn',
  'duplicate-network',
  'address-outside-zones',
  'cidr-host-bits',
]);

/** Findings about a name other entries declare: unknown, or of the wrong kind. */
const REFERENCES = new Set(['unknown-reference', 'wrong-reference-role', 'unknown-zone']);

/**
 * Whether a finding at `path` (a file path) could be a consequence of a value the schema rejected,
 * which is reported already: the finding is at or inside that value; it names an entry that was
 * removed or kept with a stand-in; it puts an address in no zone while a zone's network was rejected;
 * or it weighs a mapping one of whose values was rejected. Better to hold such a finding back until
 * the file is fixed than to report an error that is not there.
 */
function followsFromRejected(code: string, path: DataPath, data: unknown, rest: Salvage<unknown>): boolean {
  if (rest.rejected(path)) return true;
  if (REFERENCES.has(code)) {
    // The name is the value, or the key for a finding about a record's entry (clients.registrars.<zone>).
    const value = valueAt(data, path);
    const named = typeof value === 'string' ? value : path[path.length - 1];
    if (typeof named === 'string' && rest.uncertain(named)) return true;
  }
  if (code === 'address-outside-zones' && rest.touched(['zones'])) return true;
  if (SELF_CONTAINED.has(code)) return false;
  return rest.touched(enclosingMapping(data, path));
}

/** The longest prefix of `path` whose value is a mapping: the entry a finding at `path` is about. */
function enclosingMapping(data: unknown, path: DataPath): DataPath {
  for (let n = path.length; n > 0; n--) {
    const value = valueAt(data, path.slice(0, n));
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return path.slice(0, n);
  }
  return [];
}

function valueAt(data: unknown, path: DataPath): unknown {
  let node = data;
  for (const segment of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, String(segment))) return undefined;
    node = (node as Record<string, unknown>)[String(segment)];
  }
  return node;
}

/** The names that JavaScript objects give a meaning of their own: as record keys they vanish or lie. */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/** The mappings whose keys the user names (records), and what their keys are called. */
const RECORDS: Readonly<Record<string, string>> = {
  zones: 'zone name',
  registrars: 'zone name',
  sides: 'side name',
};

/**
 * Keys named __proto__, constructor or prototype in the user-named mappings (zones, registrars,
 * firewall sides). Zod drops a __proto__ key from a record without a word, and an object with a
 * "constructor" zone answers lookups of undeclared zones; so these names are refused at the key.
 */
function reservedKeys(data: unknown): Array<{ path: PropertyKey[]; what: string }> {
  const found: Array<{ path: PropertyKey[]; what: string }> = [];
  const path: PropertyKey[] = [];
  const walk = (value: unknown) => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        walk(value[i]);
        path.pop();
      }
      return;
    }
    const parent = path[path.length - 1];
    const what = typeof parent === 'string' && Object.hasOwn(RECORDS, parent) ? RECORDS[parent] : undefined;
    for (const key of Object.keys(value)) {
      path.push(key);
      if (what !== undefined && RESERVED.has(key)) found.push({ path: [...path], what });
      else walk((value as Record<string, unknown>)[key]);
      path.pop();
    }
  };
  walk(data);
  return found;
}

function yamlDiagnostic(
  severity: 'error' | 'warning',
  code: string,
  message: string,
  loc: Diagnostic['loc'],
): Diagnostic {
  return {
    code: `yaml-${code.toLowerCase().replaceAll('_', '-')}`,
    severity,
    message: message.replace(/\s+/g, ' ').trim(),
    loc,
    hint: 'fix the YAML syntax first; sfbports checks the topology once the file parses',
  };
}

function sortByPosition(list: Diagnostic[]): Diagnostic[] {
  return list
    .map((d, i) => ({ d, i }))
    .sort(
      (a, b) =>
        (a.d.loc?.line ?? 0) - (b.d.loc?.line ?? 0) ||
        (a.d.loc?.column ?? 0) - (b.d.loc?.column ?? 0) ||
        a.i - b.i,
    )
    .map(({ d }) => d);
}
