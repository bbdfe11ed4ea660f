/** Quoting for the text formats sfbports writes, one function per format, shared by every view. */

/** One CSV field (RFC 4180): quoted when it holds a quote, comma or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A CSV document with CRLF line ends, as RFC 4180 and spreadsheet programs expect. */
export function csvDocument(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return `${[header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/**
 * Escapes what Markdown or its inline HTML would interpret inside a table cell, on one line; controls
 * from the topology become visible escapes first (safeText, below).
 */
export function markdownText(text: string): string {
  return safeText(text.replace(/\r?\n/g, ' '), { max: Number.POSITIVE_INFINITY })
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
  const body = safeText(text.replace(/\r?\n/g, ' '), { max: Number.POSITIVE_INFINITY }).replaceAll(
    '|',
    '\\|',
  );
  return longest > 0 ? `${fence} ${body} ${fence}` : `${fence}${body}${fence}`;
}

/**
 * Code points a terminal or a reader would act on or hide rather than show: C0 controls (ESC starts
 * the sequences that move the cursor, retitle the window or write to the clipboard), DEL, C1 controls
 * (0x9b is a one-byte CSI), the soft hyphen, the Arabic letter mark, the Mongolian vowel separator,
 * zero-width characters, LRM / RLM, line and paragraph separators, the bidi embeddings, overrides and
 * isolates (U+202A-202E, U+2066-2069: "Trojan Source"), the word joiner and invisible operators,
 * the byte-order mark, the noncharacters U+FFFE / U+FFFF, the interlinear annotations and the tag
 * characters, and lone surrogates (which no encoder can write).
 */
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff]|[\u{e0000}-\u{e007f}]|\p{Surrogate}/gu;

const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function visible(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

export interface SafeTextOptions {
  /** Longest result in code points (escapes included); longer text is cut and ends with "…". */
  readonly max?: number;
  /** Keep line feeds as they are (a multi-line message that sfbports wrote itself). */
  readonly newlines?: boolean;
}

/**
 * Makes a string that came from outside sfbports (a peer's answer, a certificate, a topology file's
 * bytes) safe to print on a terminal or in a text report: every code point in UNSAFE becomes a visible
 * escape (`\x1b`, `\x9b`, `\u{202e}`, `\n`), so it is shown rather than obeyed, and the result is cut
 * to `max` code points. Backslashes are left alone: the result is for reading, not for parsing back.
 * Every text view of foreign strings goes through here; JSON output does not need it (JSON.stringify
 * escapes C0 controls, and a JSON consumer must see the peer's exact bytes).
 */
export function safeText(text: string, options: SafeTextOptions = {}): string {
  const max = options.max ?? 400;
  let out = text.replace(UNSAFE, (ch) => (options.newlines && ch === '\n' ? ch : visible(ch)));
  if (out.length > max) {
    const points = [...out];
    if (points.length > max) {
      let cut = points.slice(0, Math.max(0, max - 1)).join('');
      // Never leave half an escape at the end: "\u{20" would read as something the peer did not send.
      cut = cut.replace(/\\(x[0-9a-f]?|u(\{[0-9a-f]*)?)?$/, '');
      out = `${cut}…`;
    }
  }
  return out;
}

/**
 * JSON text (from JSON.stringify) with the code points of UNSAFE that it leaves raw (DEL, C1, bidi and
 * zero-width controls, separators) written as \uXXXX escapes. A parser reads back exactly the same
 * strings, so a program still gets the peer's bytes, but printing the file (`cat report.json`) shows
 * them instead of obeying them. JSON.stringify already escapes C0 controls and lone surrogates.
 */
export function jsonText(json: string): string {
  return json.replace(UNSAFE, (ch) => {
    // Line breaks and indentation between values are JSON's own; inside strings C0 is escaped already.
    if (ch.charCodeAt(0) < 0x20) return ch;
    let out = '';
    for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return out;
  });
}

/**
 * Text for an XML attribute or element: markup characters as entities, and any code point XML 1.0
 * cannot carry (C0 controls but tab and line breaks, lone surrogates, U+FFFE / U+FFFF) as U+FFFD,
 * so the document stays well-formed whatever it was given. Apply `safeText` first for foreign text.
 */
export function xmlText(text: string): string {
  // Most texts need nothing: one scan instead of six (a workbook's 1.5 million shared strings).
  if (!XML_SPECIAL.test(text)) return text;
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '\ufffd');
}

const XML_SPECIAL = /[&<>"']|[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
