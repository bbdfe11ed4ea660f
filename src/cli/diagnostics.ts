import { type Diagnostic, formatLocation } from '../diag/diagnostic.js';
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
    const where = formatLocation(d.loc);
    const sev = d.severity === 'error' ? c.red(c.bold('error')) : c.yellow(c.bold('warning'));
    stream.write(`${where ? `${c.bold(where)}: ` : ''}${sev} ${c.dim(d.code)}: ${d.message}\n`);
    if (d.hint) stream.write(`  ${c.cyan('hint')}: ${d.hint}\n`);
    if (lines && d.loc) stream.write(codeFrame(lines, d.loc.line, d.loc.column));
  }
}

/** The offending line with a caret under the column. */
function codeFrame(lines: readonly string[], line: number, column: number): string {
  const source = lines[line - 1];
  if (source === undefined) return '';
  const shown = source.length > 160 ? `${source.slice(0, 157)}...` : source;
  const gutter = String(line).padStart(4);
  return `${gutter} | ${shown}\n${' '.repeat(gutter.length)} | ${' '.repeat(Math.max(0, column - 1))}^\n`;
}
