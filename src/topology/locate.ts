import { type Document, isMap, isNode, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { SourceLocation } from '../diag/diagnostic.js';

/** A path into the parsed file, as zod reports it: keys and array indexes. */
export type DataPath = readonly PropertyKey[];

/** Where a data path, a key or an offset is in the file, whether it was read as YAML or as JSON. */
export interface SourceLocator {
  readonly file: string;
  /** The position of the value at `path`, or of its nearest existing ancestor. */
  value(path: DataPath): SourceLocation;
  /** The position of the key that ends `path`, or of its value when there is no such key. */
  key(path: DataPath): SourceLocation;
  offset(offset: number): SourceLocation;
}

/**
 * Maps a data path back to where the user wrote it. A path that does not exist in the file (a
 * missing key) resolves to the nearest ancestor that does, so every diagnostic gets a position.
 */
export class SourceMap implements SourceLocator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    readonly file: string,
  ) {}

  /** The position of the value at `path`, or of its nearest existing ancestor. */
  value(path: DataPath): SourceLocation {
    for (let n = path.length; n >= 0; n--) {
      const node = this.nodeAt(path.slice(0, n));
      if (node?.range) return this.at(node.range[0]);
    }
    return this.at(0);
  }

  /** The position of the key that ends `path` (for unknown keys and bad record keys). */
  key(path: DataPath): SourceLocation {
    const parent = this.nodeAt(path.slice(0, -1));
    const last = path[path.length - 1];
    if (isMap(parent)) {
      for (const item of parent.items) {
        if (isPair(item) && isScalar(item.key) && String(item.key.value) === String(last)) {
          if (item.key.range) return this.at(item.key.range[0]);
        }
      }
    }
    return this.value(path);
  }

  offset(offset: number): SourceLocation {
    return this.at(offset);
  }

  private at(offset: number): SourceLocation {
    const pos = this.lines.linePos(offset);
    return { file: this.file, line: pos.line, column: pos.col };
  }

  private nodeAt(path: DataPath): Node | undefined {
    let node: unknown = this.doc.contents;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment),
        );
        node = pair?.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
      } else {
        return undefined;
      }
      if (node === undefined || node === null) return undefined;
    }
    return isNode(node) ? node : undefined;
  }
}

/** "sites[0].pools[1].role": the path as a reader of the file would write it. */
export function formatPath(path: DataPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(top level)' : out;
}
