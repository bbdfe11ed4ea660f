import type { Diagnostic } from '../diag/diagnostic.js';

/**
 * A topology file's bytes → its text. UTF-8 (with or without a byte order mark) and, with a byte
 * order mark, UTF-16 LE or BE (what Windows PowerShell 5 writes with Out-File or `>`); anything
 * else is an error at the first byte that is not UTF-8, never a silent U+FFFD. Line endings are
 * made "\n" (a file from an old Mac uses a lone "\r"), so lines and columns count the same however
 * the file ends its lines.
 *
 * Web APIs only (TextDecoder, Uint8Array): src/topology runs anywhere.
 */

export type Decoded =
  | {
      readonly text: string;
      /** How the file ended its first line, so a command that writes the file back can do the same. */
      readonly lineBreak: LineBreak;
    }
  | { readonly diagnostic: Diagnostic };

export type LineBreak = '\n' | '\r\n';

export function decodeTopology(bytes: Uint8Array, file: string): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes.subarray(2), 'le', file);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes.subarray(2), 'be', file);
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    const at = firstInvalidUtf8(body);
    const { line, column } = bytePosition(body, at);
    return {
      diagnostic: {
        code: 'invalid-utf8',
        severity: 'error',
        message: `the file is not UTF-8: byte ${at} (0x${(body[at] ?? 0).toString(16).padStart(2, '0')}) starts no UTF-8 character`,
        loc: { file, line, column },
        hint: 'save the file as UTF-8 (or UTF-16 with a byte order mark); a Windows-1252 or Latin-1 file needs converting, e.g. iconv -f windows-1252 -t utf-8',
      },
    };
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) return { diagnostic: nulDiagnostic(text, nul, file) };
  return { text: normaliseText(text), lineBreak: lineBreakOf(text) };
}

/** "\r\n" when the first line ends so (a file saved by Notepad); "\n" otherwise, and for one line. */
function lineBreakOf(text: string): LineBreak {
  const at = text.indexOf('\n');
  return at > 0 && text[at - 1] === '\r' ? '\r\n' : '\n';
}

/** Without a leading byte order mark, and with every "\r\n" and lone "\r" made "\n". */
export function normaliseText(text: string): string {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.includes('\r') ? body.replace(/\r\n?/g, '\n') : body;
}

function utf16(body: Uint8Array, order: 'le' | 'be', file: string): Decoded {
  const name = `UTF-16 ${order.toUpperCase()}`;
  if (body.length % 2 !== 0) {
    return {
      diagnostic: {
        code: 'invalid-utf16',
        severity: 'error',
        message: `the file starts with the ${name} byte order mark but has an odd number of bytes`,
        loc: { file, line: 1, column: 1 },
        hint: 'save the file again as UTF-8 or UTF-16; it may have been cut short',
      },
    };
  }
  // Swapped by hand: the "utf-16be" decoder is missing from Node builds without full ICU.
  let le = body;
  if (order === 'be') {
    le = new Uint8Array(body.length);
    for (let i = 0; i < body.length; i += 2) {
      le[i] = body[i + 1]!;
      le[i + 1] = body[i]!;
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-16le', { fatal: true }).decode(le);
  } catch {
    return {
      diagnostic: {
        code: 'invalid-utf16',
        severity: 'error',
        message: `the file starts with the ${name} byte order mark but holds an unpaired surrogate`,
        loc: { file, line: 1, column: 1 },
        hint: 'save the file again as UTF-8',
      },
    };
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) return { diagnostic: nulDiagnostic(text, nul, file) };
  return { text: normaliseText(text), lineBreak: lineBreakOf(text) };
}

function nulDiagnostic(text: string, at: number, file: string): Diagnostic {
  const before = normaliseText(text.slice(0, at));
  const lineStart = before.lastIndexOf('\n') + 1;
  let line = 1;
  for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) line++;
  return {
    code: 'nul-byte',
    severity: 'error',
    message: 'the file holds a NUL character: it is binary, or UTF-16 without a byte order mark',
    loc: { file, line, column: before.length - lineStart + 1 },
    hint: 'give a YAML or JSON text file; save UTF-16 files as UTF-8 (or with a byte order mark)',
  };
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined) return i;
      if (k === 1 ? d < lo || d > hi : d < 0x80 || d > 0xbf) return i;
    }
    i += need + 1;
  }
  return b.length;
}

/** Line and column (in characters, from 1) of byte `at`, counting "\r\n", "\r" and "\n" as line ends. */
function bytePosition(b: Uint8Array, at: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < at; i++) {
    const c = b[i]!;
    if (c === 0x0a || (c === 0x0d && b[i + 1] !== 0x0a)) {
      line++;
      start = i + 1;
    }
  }
  // Characters, not bytes, before `at` on its line: every byte but UTF-8 continuation bytes starts one.
  let column = 1;
  for (let i = start; i < at; i++) if ((b[i]! & 0xc0) !== 0x80) column++;
  return { line, column };
}
