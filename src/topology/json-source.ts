import type { SourceLocation } from '../diag/diagnostic.js';
import type { DataPath, SourceLocator } from './locate.js';

/**
 * The fast path for JSON topologies: JSON.parse reads a 100,000-server file in a fraction of a
 * second where the YAML parser takes minutes, and this file supplies what the YAML document gave
 * for free: where each key and value is (for diagnostics) and which keys a mapping repeats (JSON.parse
 * keeps the last silently; YAML, and so sfbports, calls it an error).
 */

interface JsonNode {
  /** Offset of the value's first character. */
  readonly start: number;
  /** Members of an object, by key: where the key is and its value. */
  readonly members?: Map<string, { readonly keyStart: number; readonly value: JsonNode }>;
  readonly items?: JsonNode[];
}

export interface ParsedJson {
  readonly data: unknown;
  readonly map: JsonSourceMap;
  /** Offsets of keys that repeat an earlier key of the same object. */
  readonly duplicateKeys: readonly number[];
}

/** Parses `text` as JSON; undefined when it is not JSON, with the offset JSON.parse names, if any. */
export function parseJson(
  text: string,
  file: string,
): ParsedJson | { readonly errorAt?: number; readonly message: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = /at position (\d+)/.exec(message);
    if (at) return { errorAt: Number(at[1]), message: message.replace(/ in JSON at position \d+.*$/s, '') };
    if (/Unexpected end of JSON input/.test(message))
      return { errorAt: text.length, message: 'unexpected end of input' };
    return { message };
  }
  // Only the repeated keys now: where every value is, only once a diagnostic asks (JsonSourceMap).
  const duplicateKeys: number[] = [];
  scan(text, duplicateKeys, false);
  return { data, map: new JsonSourceMap(text, undefined, file), duplicateKeys };
}

/**
 * The structure of `text`, which JSON.parse has accepted: so this scanner trusts its syntax. With
 * `tree` false it records only repeated keys and keeps nothing else: the key names of the objects
 * still open. A 100,000-server file's whole tree is hundreds of thousands of maps, built only when a
 * diagnostic needs a position.
 */
function scan(text: string, duplicates: number[], tree: boolean): JsonNode {
  type Frame = { node: JsonNode; key?: { name: string; start: number }; names?: Set<string> };
  const stack: Frame[] = [];
  let root: JsonNode | undefined;
  let i = 0;
  const n = text.length;
  const skipSpace = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };
  /** The string starting at i (a quote); leaves i after its closing quote. */
  const readString = (): string => {
    const start = i;
    i++;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        i += 2;
      } else i++;
    }
    i++;
    return escaped ? (JSON.parse(text.slice(start, i)) as string) : text.slice(start + 1, i - 1);
  };
  const attach = (node: JsonNode) => {
    const top = stack[stack.length - 1];
    if (!top) root = node;
    else if (top.node.items) {
      if (tree) top.node.items.push(node);
    } else if (top.key) {
      const members = top.node.members!;
      if (!tree) {
        if (top.names!.has(top.key.name)) duplicates.push(top.key.start);
        else top.names!.add(top.key.name);
      } else if (members.has(top.key.name)) duplicates.push(top.key.start);
      else members.set(top.key.name, { keyStart: top.key.start, value: node });
      top.key = undefined;
    }
  };
  for (;;) {
    skipSpace();
    if (i >= n) break;
    const c = text[i]!;
    const top = stack[stack.length - 1];
    if (c === ',') {
      i++;
      continue;
    }
    if (c === '}' || c === ']') {
      stack.pop();
      i++;
      continue;
    }
    if (top?.node.members && !top.key) {
      // A key, then its colon.
      const start = i;
      const name = readString();
      skipSpace();
      i++;
      top.key = { name, start };
      continue;
    }
    if (c === '{' || c === '[') {
      // Without the tree, an object's members stay empty (its key names go to the frame) and an
      // array's items are not kept: the node only says which kind of container the frame is.
      const node: JsonNode =
        c === '{'
          ? { start: i, members: tree ? new Map() : NO_MEMBERS }
          : { start: i, items: tree ? [] : NO_ITEMS };
      attach(node);
      stack.push(c === '{' && !tree ? { node, names: new Set() } : { node });
      i++;
      continue;
    }
    const start = i;
    if (c === '"') readString();
    else {
      while (i < n && !',}] \n\r\t'.includes(text[i]!)) i++;
    }
    attach({ start });
  }
  return root ?? { start: 0 };
}

const NO_MEMBERS: NonNullable<JsonNode['members']> = new Map();
const NO_ITEMS: JsonNode[] = [];

export class JsonSourceMap implements SourceLocator {
  private lineStarts: number[] | undefined;

  /** `root` undefined: the structure is scanned on the first question about a path. */
  constructor(
    private readonly text: string,
    private root: JsonNode | undefined,
    readonly file: string,
  ) {}

  private tree(): JsonNode {
    this.root ??= scan(this.text, [], true);
    return this.root;
  }

  value(path: DataPath): SourceLocation {
    let node = this.tree();
    for (const segment of path) {
      const next =
        node.members?.get(String(segment))?.value ??
        (typeof segment === 'number' ? node.items?.[segment] : undefined);
      if (!next) break;
      node = next;
    }
    return this.offset(node.start);
  }

  key(path: DataPath): SourceLocation {
    let node: JsonNode | undefined = this.tree();
    for (const segment of path.slice(0, -1)) {
      node =
        node?.members?.get(String(segment))?.value ??
        (typeof segment === 'number' ? node?.items?.[segment] : undefined);
    }
    const member = node?.members?.get(String(path[path.length - 1]));
    return member ? this.offset(member.keyStart) : this.value(path);
  }

  offset(offset: number): SourceLocation {
    this.lineStarts ??= lineStarts(this.text);
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, column: offset - starts[lo]! + 1 };
  }
}

/** Line and column of `offset` in `text` (lines end with "\n"), for a file without a source map. */
export function textPosition(text: string, offset: number, file: string): SourceLocation {
  return new JsonSourceMap(text, { start: 0 }, file).offset(offset);
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
