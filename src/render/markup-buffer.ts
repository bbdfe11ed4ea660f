/**
 * Markup written straight into UTF-8 bytes, handed on a block at a time. A worksheet of a large
 * workbook is a gigabyte of cells such as `<c r="K7" s="3" t="s"><v>1234</v></c>`, every one ASCII
 * (texts are indexes into the shared strings): written as strings, each cell made a few strings to
 * join, encode and collect, and at 20,000 servers the young-generation collections alone took a
 * third of the report. Here a cell is a few byte copies into one reused buffer.
 */
export class MarkupBuffer {
  private bytes: Uint8Array;
  private at = 0;

  constructor(private readonly block: number) {
    this.bytes = new Uint8Array(block * 2);
  }

  /** Text as UTF-8: ASCII copied a character at a time, anything else through TextEncoder. */
  text(s: string): void {
    this.room(s.length * 3);
    const bytes = this.bytes;
    let at = this.at;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.at = at + utf8.encodeInto(s.slice(i), bytes.subarray(at)).written;
        return;
      }
      bytes[at++] = c;
    }
    this.at = at;
  }

  /** Bytes known to be ASCII markup (a tag, a column name), copied as they are. */
  ascii(markup: Uint8Array): void {
    this.room(markup.length);
    const bytes = this.bytes;
    let at = this.at;
    for (let i = 0; i < markup.length; i++) bytes[at++] = markup[i]!;
    this.at = at;
  }

  /** A whole number from 0 to 2^31 - 1 (a row, a style, a string index), its digits written last first. */
  int(n: number): void {
    this.room(16);
    let digits = 1;
    for (let v = n; v >= 10; v = (v / 10) | 0) digits++;
    let at = this.at + digits;
    this.at = at;
    const bytes = this.bytes;
    for (let v = n; ; v = (v / 10) | 0) {
      bytes[--at] = 48 + (v % 10);
      if (v < 10) break;
    }
  }

  /** Whether a block's worth is waiting: the writer hands it on before going on. */
  get full(): boolean {
    return this.at >= this.block;
  }

  /** What is written so far, as bytes of its own; the buffer starts over. */
  take(): Uint8Array {
    const out = this.bytes.slice(0, this.at);
    this.at = 0;
    return out;
  }

  private room(more: number): void {
    if (this.at + more <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.at + more));
    grown.set(this.bytes.subarray(0, this.at));
    this.bytes = grown;
  }
}

const utf8 = new TextEncoder();
