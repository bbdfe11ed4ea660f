import { type Diagnostic, formatLocation } from '../diag/diagnostic.js';
import { colors } from './terminal.js';

/** "file:line:col: error CODE: message" then an indented hint, as compilers print them. */
export function printDiagnostics(
  diagnostics: readonly Diagnostic[],
  stream: NodeJS.WriteStream = process.stderr,
): void {
  const c = colors(stream);
  for (const d of diagnostics) {
    const where = formatLocation(d.loc);
    const sev = d.severity === 'error' ? c.red(c.bold('error')) : c.yellow(c.bold('warning'));
    stream.write(`${where ? `${c.bold(where)}: ` : ''}${sev} ${c.dim(d.code)}: ${d.message}\n`);
    if (d.hint) stream.write(`  ${c.cyan('hint')}: ${d.hint}\n`);
  }
}
