/**
 * Shared by the quoting modules: free text (purposes, site and topology names) reaches firewall files
 * as one line, so control characters and line or paragraph separators become spaces first. So do the
 * bidirectional controls: in a rule file under review, an override or isolate would show the reviewer
 * text in another order than the firewall reads it ("Trojan Source").
 */
export function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g, ' ');
}

/** Cuts to at most `maxBytes` UTF-8 bytes without splitting a character, marking the cut with "...". */
export function truncateUtf8(text: string, maxBytes: number): string {
  // Counted here rather than with a TextEncoder: a comment may list thousands of flow ids, and
  // encoding all of them to keep the first hundred bytes was most of the time of a large rule set.
  // A lone surrogate counts 3 bytes, as TextEncoder writes it (U+FFFD).
  if (text.length * 3 <= maxBytes) return text;
  const budget = maxBytes - 3;
  let used = 0;
  let cut = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let n = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    let units = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n = 4;
        units = 2;
      }
    }
    if (cut < 0 && used + n > budget) cut = i;
    used += n;
    if (used > maxBytes) return `${text.slice(0, cut)}...`;
    i += units - 1;
  }
  return text;
}
