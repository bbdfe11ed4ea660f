import { LineCounter, parseDocument } from 'yaml';
import { type Diagnostic, UserError } from '../diag/diagnostic.js';
import { checkTopology } from './crossref.js';
import { issuesToDiagnostics } from './issues.js';
import { formatPath, SourceMap } from './locate.js';
import { Topology } from './schema.js';
import { isVersion1, upgradeV1, version2SettingsUsed } from './upgrade.js';

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
 * once: syntax errors, then schema errors, then, when the shape is right, cross-reference checks.
 * Never throws.
 */
export function validateTopology(text: string, file: string, options: ValidateOptions = {}): TopologyResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const map = new SourceMap(doc, lineCounter, file);
  const syntax: Diagnostic[] = [
    ...doc.errors.map((e) => yamlDiagnostic('error', e.code, e.message, map.offset(e.pos[0]))),
    ...doc.warnings.map((e) => yamlDiagnostic('warning', e.code, e.message, map.offset(e.pos[0]))),
  ];
  if (syntax.some((d) => d.severity === 'error')) return { diagnostics: sortByPosition(syntax) };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
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

  const parsed = Topology.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    return {
      diagnostics: sortByPosition([
        ...syntax,
        ...versionErrors,
        ...issuesToDiagnostics(parsed.error.issues, Topology, map),
      ]),
    };
  }

  const findings = checkTopology(parsed.data);
  const diagnostics = sortByPosition([
    ...syntax,
    ...versionErrors,
    ...findings.map(
      (f): Diagnostic => ({
        code: f.code,
        severity: f.severity,
        message: f.message,
        loc: f.atKey ? map.key(f.path) : map.value(f.path),
        ...(f.hint ? { hint: f.hint } : {}),
      }),
    ),
  ]);
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
