import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { Diagnostic } from '../diag/diagnostic.js';

/**
 * The topology XML as a small element tree: local names, namespace URIs, attributes and where each
 * element starts, which is all the mappers need. Parsing is strict (saxes: well-formedness and
 * namespaces) and refuses any document type declaration before the parser sees it, so neither entity
 * expansion ("billion laughs") nor an external entity can happen whatever a parser would allow.
 */

export interface XmlElement {
  readonly local: string;
  readonly ns: string;
  /** Attributes without a prefix, by local name (the topology uses no prefixed attributes). */
  readonly attrs: ReadonlyMap<string, string>;
  readonly children: XmlElement[];
  text: string;
  readonly line: number;
  readonly column: number;
}

export type XmlResult = { readonly root: XmlElement } | { readonly diagnostic: Diagnostic };

/** A DOCTYPE anywhere, in any case: XML keeps it before the root, but nothing after it is trusted either. */
const DOCTYPE = /<!DOCTYPE/i;
/** Nesting deeper than any topology needs is a malformed or hostile file, not a deployment. */
const MAX_DEPTH = 64;

export function parseXml(text: string, file: string): XmlResult {
  const doctype = DOCTYPE.exec(text);
  if (doctype) {
    const { line, column } = positionOf(text, doctype.index);
    return {
      diagnostic: {
        code: 'xml-doctype',
        severity: 'error',
        message:
          'the file declares a document type (DOCTYPE): entity declarations are refused, so nothing was read',
        loc: { file, line, column },
        hint: 'export the topology again with (Get-CsTopology -AsXml).ToString(); a topology never has a DOCTYPE',
      },
    };
  }
  // Text that does not start with markup is no XML at all: say so at its first character, not at its end.
  const first = /\S/.exec(text);
  if (first && text[first.index] !== '<') {
    const { line, column } = positionOf(text, first.index);
    return { diagnostic: notXml(file, line, column, 'not XML: the file does not start with an element') };
  }
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: Diagnostic | undefined;
  let start = { line: 1, column: 1 };
  const fail = (message: string, hint: string) => {
    failure ??= {
      code: 'xml-malformed',
      severity: 'error',
      message,
      loc: { file, line: parser.line, column: parser.column + 1 },
      hint,
    };
    // Stop at the first error: what follows a syntax error is noise.
    throw new StopParsing();
  };
  parser.on('error', (err) =>
    fail(`not well-formed XML: ${err.message.replace(/^\d+:\d+: /, '')}`, INPUTS_HINT),
  );
  parser.on('doctype', () =>
    fail('the file declares a document type (DOCTYPE)', 'a topology never has a DOCTYPE'),
  );
  parser.on('opentagstart', (tag) => {
    // The parser stands one character past the element's name: step back to its "<".
    start = { line: parser.line, column: Math.max(1, parser.column - tag.name.length - 1) };
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (stack.length >= MAX_DEPTH)
      fail(`elements nested more than ${MAX_DEPTH} deep`, 'this is not a topology file');
    const attrs = new Map<string, string>();
    for (const a of Object.values(tag.attributes))
      if (a.prefix === '' && a.local !== 'xmlns') attrs.set(a.local, a.value);
    const el: XmlElement = { local: tag.local, ns: tag.uri, attrs, children: [], text: '', ...start };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else root = el;
    if (!tag.isSelfClosing) stack.push(el);
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) stack.pop();
  });
  parser.on('text', (t) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  parser.on('cdata', (t) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  try {
    parser.write(text).close();
  } catch (err) {
    if (!(err instanceof StopParsing)) throw err;
  }
  if (failure) return { diagnostic: failure };
  if (!root) {
    return { diagnostic: notXml(file, 1, 1, 'not XML: the file has no root element') };
  }
  return { root };
}

class StopParsing extends Error {}

const INPUTS_HINT =
  'give the file Get-CsTopology -AsXml wrote, a .tbxml from Topology Builder, or the ZIP of Export-CsConfiguration';

function notXml(file: string, line: number, column: number, message: string): Diagnostic {
  return {
    code: 'xml-malformed',
    severity: 'error',
    message,
    loc: { file, line, column },
    hint: INPUTS_HINT,
  };
}

/** Line and column (from 1) of a string index. */
export function positionOf(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: index - lineStart + 1 };
}

/** Child elements named `local` (any namespace: the topology nests several default namespaces). */
export function childrenNamed(el: XmlElement, local: string): XmlElement[] {
  return el.children.filter((c) => c.local === local);
}

export function child(el: XmlElement, local: string): XmlElement | undefined {
  return el.children.find((c) => c.local === local);
}

/** Every descendant named `local` in namespace `ns`, in document order. */
export function descendants(el: XmlElement, local: string, ns: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    for (const c of e.children) {
      if (c.local === local && c.ns === ns) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}
