import { type Document, isScalar, type LineCounter, visit } from 'yaml';

/** One mapping whose keys stop lining up, however many of its lines the YAML parser objects to. */
export interface BadIndent {
  /** Offset of the first misplaced key (not the start of its line). */
  readonly offset: number;
  /** 1-based column where that key starts. */
  readonly column: number;
  /** The column of its sibling keys, and the first of them, when the mapping is known. */
  readonly expected?: { readonly column: number; readonly key: string };
  /** Later lines of the same block at the same wrong column, each reported by the parser too. */
  readonly more: number;
}

/**
 * The YAML parser reports a mapping dedented by two spaces once per line, each at column 1 (the start
 * of the line). A person fixes it once, where the indentation goes wrong: so the errors of one block
 * become one, at the first misplaced key, with the column its sibling keys start at.
 *
 * `offsets` are the parser's BAD_INDENT positions, in file order.
 */
export function badIndents(
  text: string,
  doc: Document,
  lines: LineCounter,
  offsets: readonly number[],
): BadIndent[] {
  const found: Array<{
    offset: number;
    column: number;
    line: number;
    expected?: BadIndent['expected'];
    more: number;
  }> = [];
  for (const start of offsets) {
    const offset = firstNonBlank(text, start);
    const { line, col: column } = lines.linePos(offset);
    const previous = found[found.length - 1];
    if (previous && previous.column === column && sameBlock(text, lines, previous.line, line, column)) {
      previous.more++;
      continue;
    }
    const expected = siblingColumn(doc, lines, start, column);
    found.push({ offset, column, line, more: 0, ...(expected ? { expected } : {}) });
  }
  return found.map(({ line: _line, ...rest }) => rest);
}

function firstNonBlank(text: string, offset: number): number {
  let at = offset;
  while (text[at] === ' ' || text[at] === '\t') at++;
  return at;
}

/** Whether every line strictly between `from` and `to` is blank, a comment, or indented past `column`. */
function sameBlock(text: string, lines: LineCounter, from: number, to: number, column: number): boolean {
  for (let line = from + 1; line < to; line++) {
    const start = lines.lineStarts[line - 1];
    if (start === undefined) return false;
    const first = firstNonBlank(text, start);
    const c = text[first];
    if (c === undefined || c === '\n' || c === '\r' || c === '#') continue;
    if (first - start + 1 < column) return false;
  }
  return true;
}

/**
 * The mapping the misplaced key continues: of the block mappings that end where its line starts, the
 * innermost that begins to the right of it (a key dedented from column 9 to 7 belongs to the mapping
 * at 9, not to the one at 5 that holds it). None when the key lines up with a mapping that holds its
 * line: its indentation is right, and the parser is still inside something the lines above left open
 * (a `[` without its `]`).
 */
function siblingColumn(
  doc: Document,
  lines: LineCounter,
  lineStart: number,
  column: number,
): BadIndent['expected'] | undefined {
  let best: BadIndent['expected'] | undefined;
  let aligned = false;
  visit(doc, {
    Map(_, node) {
      const range = node.range;
      const first = node.items[0]?.key;
      if (!range || !isScalar(first) || !first.range) return;
      const at = lines.linePos(first.range[0]).col;
      if (range[0] <= lineStart && lineStart <= range[1] && at === column) aligned = true;
      if (range[1] !== lineStart) return;
      if (at > column && (best === undefined || at < best.column))
        best = { column: at, key: String(first.value) };
    },
  });
  return aligned ? undefined : best;
}
