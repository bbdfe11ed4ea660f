import { Document, isCollection, isMap, isScalar, type Node, type Pair, type Scalar } from 'yaml';
import type { Note, NoteKind } from './notes.js';

/**
 * The imported topology as commented YAML (the yaml package's Document API): every value carries a
 * comment saying where it came from, and a placeholder left open says what to do about it.
 */

const LABEL: Readonly<Record<NoteKind, string>> = {
  xml: 'from XML',
  inferred: 'inferred',
  given: 'given',
  dns: 'from DNS',
  open: 'LEFT OPEN',
};

export function renderTopology(
  topology: Record<string, unknown>,
  notes: readonly Note[],
  header: string,
): string {
  const doc = new Document(topology);
  doc.commentBefore = header;
  // Several notes on one value (a named instance with its port left open) share its comment.
  const byPath = new Map<string, Note[]>();
  for (const n of notes) {
    const key = JSON.stringify(n.path);
    byPath.set(key, [...(byPath.get(key) ?? []), n]);
  }
  for (const list of byPath.values()) {
    const path = list[0]!.path;
    const text = list.map((n) => `${LABEL[n.kind]}: ${n.text}`).join('; ');
    const node = doc.getIn(path, true) as Node | undefined;
    if (isScalar(node)) {
      node.comment = ` ${text}`;
    } else if (isCollection(node)) {
      // A list or mapping: the comment goes on the line of its key, before the value.
      const key = keyOf(doc, path);
      if (key) key.commentBefore = ` ${text}`;
      else node.commentBefore = ` ${text}`;
    }
  }
  return doc.toString({ lineWidth: 0 });
}

/** The key scalar whose value is at `path`, when the parent is a mapping. */
function keyOf(doc: Document, path: readonly (string | number)[]): Scalar | undefined {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p: Pair) => isScalar(p.key) && p.key.value === path[path.length - 1]);
  return pair && isScalar(pair.key) ? pair.key : undefined;
}
