import { oneLine } from './text.js';

/**
 * PowerShell quoting. Every value goes out as a single-quoted string, the one PowerShell form with no
 * expansion at all: `$()`, backticks and double quotes are plain characters inside it. PowerShell also
 * ends a single-quoted string at the typographic quotes U+2018..U+201B, so those are doubled as well.
 */
const SINGLE_QUOTES = /['\u2018\u2019\u201a\u201b]/g;

export function psString(text: string): string {
  return `'${oneLine(text).replace(SINGLE_QUOTES, (q) => q + q)}'`;
}

/** A PowerShell array of strings: 'a', 'b'. */
export function psList(items: readonly string[]): string {
  return items.map(psString).join(', ');
}

/**
 * An argument for a native program (netsh) given as a PowerShell single-quoted string. netsh reads
 * `key=value` tokens and has no escape for a double quote, so double quotes are dropped from free text.
 */
export function netshArgument(key: string, value: string): string {
  return psString(`${key}=${oneLine(value).replace(/"/g, '')}`);
}
