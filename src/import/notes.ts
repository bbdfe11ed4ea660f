/**
 * Where each value of the imported topology came from. Every value the mapper writes is recorded here
 * with its path, so the YAML writer can comment it and the summary can count it.
 */

export type NoteKind =
  /** Read from the XML (element and line named in the text). */
  | 'xml'
  /** Not in the XML: derived from what is (a rule the text states), or a default chosen for it. */
  | 'inferred'
  /** Given on the command line: --addresses, --zones, --sql-port, --name, --product. */
  | 'given'
  /** Resolved through DNS (--resolve). */
  | 'dns'
  /** Not known: a placeholder that validate reports, with what to do. */
  | 'open';

export type NotePath = readonly (string | number)[];

export interface Note {
  readonly path: NotePath;
  readonly kind: NoteKind;
  readonly text: string;
}

export class Notes {
  readonly list: Note[] = [];

  add(path: NotePath, kind: NoteKind, text: string): void {
    this.list.push({ path, kind, text });
  }

  count(kind: NoteKind): number {
    return this.list.filter((n) => n.kind === kind).length;
  }
}
