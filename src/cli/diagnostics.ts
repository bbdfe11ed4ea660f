import { type Diagnostic, formatLocation } from '../diag/diagnostic.js';
import { safeText } from '../text/escape.js';
import type { CliIo } from './io.js';
import { colors } from './terminal.js';

/**
 * "file:line:col: error CODE: message", an indented hint and, when the source text is at hand, the
 * offending line with a caret, as compilers print them. Every command prints its diagnostics here,
 * so a bad topology reads the same whichever command was given it.
 */
export function printDiagnostics(io: CliIo, diagnostics: readonly Diagnostic[], source?: string): void {
  const stream = io.stderr;
  const c = colors(io, stream);
  const lines = source?.split(/\r?\n/);
  for (const d of diagnostics) {
    // Messages and hints quote the topology (keys, values, file names): its bytes are shown, not obeyed.
    const where = safeText(formatLocation(d.loc), { max: 300 });
    const sev = d.severity === 'error' ? c.red(c.bold('error')) : c.yellow(c.bold('warning'));
    const message = safeText(d.message, { max: 2000, newlines: true });
    stream.write(`${where ? `${c.bold(where)}: ` : ''}${sev} ${c.dim(d.code)}: ${message}\n`);
    if (d.hint) stream.write(`  ${c.cyan('hint')}: ${safeText(d.hint, { max: 2000, newlines: true })}\n`);
    if (lines && d.loc) stream.write(codeFrame(lines, d.loc.line, d.loc.column));
  }
}

/** Characters of a long line shown around the column, so a one-line JSON file still frames readably. */
const FRAME_WIDTH = 150;
const FRAME_BEFORE = 60;

/**
 * The offending line with a caret under the column. The line is the file's own bytes, so control
 * characters (an ESC sequence, a bidi override) are shown as escapes; the caret counts the escapes
 * before the column, so it still points at the character the diagnostic names. A long line is shown
 * as a window around the column, with "..." where it was cut.
 */
export function codeFrame(lines: readonly string[], line: number, column: number): string {
  const source = lines[line - 1];
  if (source === undefined) return '';
  const at = Math.min(Math.max(0, column - 1), source.length);
  const start =
    source.length > FRAME_WIDTH + 10
      ? Math.max(0, Math.min(at - FRAME_BEFORE, source.length - FRAME_WIDTH))
      : 0;
  const end = source.length > FRAME_WIDTH + 10 ? start + FRAME_WIDTH : source.length;
  const head = start > 0 ? '...' : '';
  const tail = end < source.length ? '...' : '';
  const text = (from: number, to: number) =>
    safeText(source.slice(from, to), { max: Number.POSITIVE_INFINITY });
  const shown = `${head}${text(start, end)}${tail}`;
  const before = head.length + [...text(start, at)].length;
  const gutter = String(line).padStart(4);
  return `${gutter} | ${shown}\n${' '.repeat(gutter.length)} | ${' '.repeat(before)}^\n`;
}
