import { createRequire } from 'node:module';
import type Table from 'cli-table3';
import { jsonText, safeText, xmlText } from '../text/escape.js';
import { TABLE_WIDTH } from '../text/layout.js';
import type { CheckResult, PortState } from './types.js';

/**
 * The check's verdict about the network: a required target that is closed, filtered or open|filtered
 * fails it (exit 1). A target in state `error` was never probed, so it is not counted here.
 */
/**
 * Required targets that are not open, or open but answered by something other than our listener
 * (`check --token` and no valid proof): what exit status 1 means, so the summary says the same.
 */
export function failures(results: readonly CheckResult[]): CheckResult[] {
  return results.filter(
    (r) =>
      r.required &&
      ((r.state !== 'open' && r.state !== 'error') ||
        (r.state === 'open' && r.detail.tokenVerified === false)),
  );
}

function tokenFailures(results: readonly CheckResult[]): number {
  return results.filter((r) => r.required && r.state === 'open' && r.detail.tokenVerified === false).length;
}

/** Targets this machine could not probe (EMFILE, a local firewall…): nothing is known of them. */
export function localErrors(results: readonly CheckResult[]): CheckResult[] {
  return results.filter((r) => r.state === 'error');
}

/** "EMFILE, EPERM": the distinct local causes, for a summary. */
function causes(results: readonly CheckResult[]): string {
  return [...new Set(results.map((r) => r.detail.error ?? 'unknown'))].sort().join(', ');
}

/** The sentence the table and the JUnit comment end with when some targets could not be probed. */
export function localErrorNote(results: readonly CheckResult[]): string | undefined {
  const errors = localErrors(results);
  if (errors.length === 0) return undefined;
  return `${errors.length} target(s) not probed because of a local error (${causes(errors)}): this says nothing about the network; see each detail`;
}

/** With --token, an open port whose answer lacked the token was answered by someone else. */
export function tokenMismatches(results: readonly CheckResult[]): CheckResult[] {
  return results.filter((r) => r.state === 'open' && r.detail.tokenVerified === false);
}

/**
 * The JSON view keeps every string as it came (peer text included): a program reading the report
 * needs the exact bytes. JSON.stringify writes C0 controls as \u escapes, and jsonText does the same
 * for C1, bidi and zero-width controls, so the file itself is safe to print; a program that prints
 * the parsed strings must escape them itself, as the table does.
 */
export function toJson(
  results: readonly CheckResult[],
  notes: readonly string[],
  elapsedMs?: number,
  timing?: object,
): string {
  const elapsed = elapsedMs === undefined ? {} : { elapsed_ms: Math.round(elapsedMs) };
  const run = timing === undefined ? {} : { timing };
  return `${jsonText(JSON.stringify({ tool: 'sfbports check', ...elapsed, ...run, results, notes }, null, 2))}\n`;
}

interface Paint {
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const plain: Paint = { green: (s) => s, red: (s) => s, yellow: (s) => s, dim: (s) => s, bold: (s) => s };

function paintState(state: PortState, p: Paint): string {
  if (state === 'open') return p.green(state);
  if (state === 'closed' || state === 'error') return p.red(state);
  return p.yellow(state);
}

function addressOf(r: CheckResult): string {
  return r.host.includes(':') ? `[${r.host}]:${r.port}` : `${r.host}:${r.port}`;
}

/**
 * Every string of a result can hold foreign text: the detail is built from what the peer sent (SIP
 * reason and Server header, STUN error reason and SOFTWARE, certificate subject, issuer and SANs, SQL
 * Browser instance names), and hosts, flows and notes come from a topology file or the command line.
 * The table and JUnit views show them through safeText; the JSON view keeps them as they came.
 */
function shown(text: string, max?: number): string {
  return safeText(text, max === undefined ? {} : { max });
}

/**
 * The table wraps on spaces and cuts what still does not fit ("…"): a long run without spaces, such as
 * a peer's escaped text, would lose its end. Such runs are split at the column width instead.
 */
function breakLongWords(text: string, width: number): string {
  return text
    .split(' ')
    .map((word) => {
      const points = [...word];
      if (points.length <= width) return word;
      const parts: string[] = [];
      for (let i = 0; i < points.length; i += width) parts.push(points.slice(i, i + width).join(''));
      return parts.join(' ');
    })
    .join(' ');
}

/**
 * cli-table3 (and the string-width code it pulls in) loads when a table is drawn, not when `check`
 * starts: a JSON or JUnit run never pays for it.
 */
function tableClass(): typeof Table {
  return createRequire(import.meta.url)('cli-table3') as typeof Table;
}

export function toTable(
  results: readonly CheckResult[],
  notes: readonly string[],
  paint: Paint = plain,
): string {
  const withFlows = results.some((r) => r.flow !== undefined);
  const head = ['state', 'target', 'probe', 'rtt ms', ...(withFlows ? ['flow'] : []), 'detail'];
  const rows = results.map((r) => {
    const token =
      r.detail.tokenVerified === true ? ' [token ok]' : r.detail.tokenVerified === false ? ' [NO TOKEN]' : '';
    return {
      state: r.state + (r.required ? '' : ' (optional)'),
      cells: [
        shown(`${addressOf(r)}/${r.transport}`, 80),
        r.probe,
        r.rtt_ms === null ? '-' : r.rtt_ms.toFixed(1),
        ...(withFlows ? [shown(r.flow ?? '', 80)] : []),
        shown(r.detail.summary ?? '') + token,
      ],
      paintedState: paintState(r.state, paint) + (r.required ? '' : paint.dim(' (optional)')),
    };
  });
  // Every column but the detail is as wide as its widest cell; the detail wraps in what is left of
  // TABLE_WIDTH, so the table stays readable in a 100-column terminal.
  const fixed = head
    .slice(0, -1)
    .map((h, i) =>
      Math.max(h.length, ...rows.map((row) => (i === 0 ? row.state : row.cells[i - 1]!).length)),
    );
  const borders = head.length + 1;
  const padding = 2 * head.length;
  const detailWidth = Math.max(24, TABLE_WIDTH - borders - padding - fixed.reduce((a, b) => a + b, 0));
  const TableClass = tableClass();
  const table = new TableClass({
    head: head.map((h) => paint.bold(h)),
    style: { head: [], border: [], compact: true },
    colWidths: [...fixed, detailWidth].map((w) => w + 2),
    wordWrap: true,
  });
  for (const row of rows) {
    const detail = breakLongWords(row.cells.at(-1)!, detailWidth);
    table.push([row.paintedState, ...row.cells.slice(0, -1), detail]);
  }
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
  const summary = [...counts].map(([state, n]) => `${n} ${state}`).join(', ') || 'nothing probed';
  const failed = failures(results).length;
  const local = localErrorNote(results);
  const verdict =
    failed > 0
      ? paint.red(
          `${failed} required target(s) not open${tokenFailures(results) > 0 ? ' or not answered by sfbports listen (no valid proof)' : ''}`,
        )
      : local
        ? paint.yellow('every required target that could be probed is open')
        : paint.green('every required target is open');
  const lines = [
    table.toString(),
    ...notes.map((n) => paint.dim(`note: ${shown(n, 1000)}`)),
    `${results.length} target(s): ${summary}; ${verdict}${local ? `; ${paint.red(local)}` : ''}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Foreign text, made printable, then fit for XML (JUnit consumers show it on web pages and terminals). */
function xml(text: string): string {
  return xmlText(safeText(text, { max: 2000 }));
}

/** JUnit XML for CI dashboards: a required target that is not open is a failure, an optional one a skip. */
export function toJunit(results: readonly CheckResult[], notes: readonly string[]): string {
  const failed = failures(results).length;
  const errors = localErrors(results).length;
  const skipped = results.filter((r) => !r.required && r.state !== 'open' && r.state !== 'error').length;
  const cases = results.map((r) => {
    const name = xml(`${addressOf(r)}/${r.transport} ${r.probe}`);
    const cls = xml(r.flow ?? 'sfbports.check');
    const time = ((r.rtt_ms ?? 0) / 1000).toFixed(3);
    const out = `<system-out>${xml(`${r.state}: ${r.detail.summary ?? ''}`)}</system-out>`;
    let verdict = '';
    // JUnit's <error> is "the test could not run", which is what a local error is.
    if (r.state === 'error')
      verdict = `<error message="${xml(r.detail.summary ?? 'local error')}" type="${xml(r.detail.error ?? 'error')}"/>`;
    else if (r.state !== 'open' && r.required)
      verdict = `<failure message="${xml(r.state)}" type="${xml(r.state)}"/>`;
    else if (r.required && r.detail.tokenVerified === false)
      verdict = '<failure message="open, but no valid proof from sfbports listen" type="no-proof"/>';
    else if (r.state !== 'open') verdict = `<skipped message="${xml(`optional flow, ${r.state}`)}"/>`;
    return `    <testcase classname="${cls}" name="${name}" time="${time}">${verdict}${out}</testcase>`;
  });
  const local = localErrorNote(results);
  const comment = local ? [...notes, local] : notes;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!-- sfbports check${comment.length ? `: ${xml(comment.join('; ')).replace(/-(?=-|$)/g, '- ')}` : ''} -->`,
    `<testsuites name="sfbports check" tests="${results.length}" failures="${failed}" errors="${errors}" skipped="${skipped}">`,
    `  <testsuite name="sfbports check" tests="${results.length}" failures="${failed}" skipped="${skipped}" errors="${errors}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
