/** Quoting for the text formats sfbports writes, one function per format, shared by every view. */

/** One CSV field (RFC 4180): quoted when it holds a quote, comma or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A CSV document with CRLF line ends, as RFC 4180 and spreadsheet programs expect. */
export function csvDocument(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return `${[header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** Escapes what Markdown or its inline HTML would interpret inside a table cell, on one line. */
export function markdownText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([|*_`[\]])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

/**
 * An identifier as inline code in a Markdown table cell: the fence is one backtick longer than any run
 * of backticks inside, and pipes are escaped because GitHub splits table cells on them even in code.
 */
export function markdownCode(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const body = text.replace(/\r?\n/g, ' ').replaceAll('|', '\\|');
  return longest > 0 ? `${fence} ${body} ${fence}` : `${fence}${body}${fence}`;
}
