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
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= maxBytes) return text;
  const budget = maxBytes - 3;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const n = encoder.encode(ch).length;
    if (used + n > budget) break;
    out += ch;
    used += n;
  }
  return `${out}...`;
}
