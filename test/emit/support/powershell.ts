import { createRequire } from 'node:module';
import { Language, type Node, Parser } from 'web-tree-sitter';

/**
 * PowerShell as tree-sitter sees it: a script's syntax errors, and each command with its name,
 * parameters and literal string arguments, for checking emitted scripts without PowerShell.
 */
export interface ParsedCommand {
  readonly name: string;
  readonly native: boolean;
  readonly parameters: string[];
  /** Raw text of every single-quoted string argument, quotes included. */
  readonly strings: string[];
  /** The value of each parameter given a single-quoted string, unquoted (the first item of a list). */
  readonly values: ReadonlyMap<string, string>;
  readonly line: number;
}

export interface ParsedScript {
  readonly errors: string[];
  readonly commands: ParsedCommand[];
  readonly functions: string[];
  /** Raw text of every string literal anywhere in the script. */
  readonly strings: string[];
}

let parser: Parser | undefined;

export async function powershellParser(): Promise<Parser> {
  if (parser) return parser;
  await Parser.init();
  const require = createRequire(import.meta.url);
  const lang = await Language.load(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'));
  const p = new Parser();
  p.setLanguage(lang);
  parser = p;
  return p;
}

function walk(node: Node, visit: (n: Node) => void): void {
  visit(node);
  for (const child of node.children) if (child) walk(child, visit);
}

/** The text of a single-quoted literal: PowerShell doubles a quote to keep it inside. */
function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/(['\u2018\u2019\u201a\u201b])\1/g, '$1');
}

export async function parsePowerShell(text: string): Promise<ParsedScript> {
  const tree = (await powershellParser()).parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  const errors: string[] = [];
  const commands: ParsedCommand[] = [];
  const functions: string[] = [];
  const strings: string[] = [];
  walk(tree.rootNode, (n) => {
    if (n.type === 'ERROR' || n.isMissing)
      errors.push(
        `${n.isMissing ? 'MISSING' : 'ERROR'} at ${n.startPosition.row + 1}:${n.startPosition.column + 1}: ${n.text.slice(0, 60)}`,
      );
    if (n.type === 'string_literal') strings.push(n.text);
    if (n.type === 'function_name') functions.push(n.text);
    if (n.type === 'command') {
      const nameNode = n.childForFieldName('command_name');
      const elements = n.childForFieldName('command_elements');
      const parameters: string[] = [];
      const args: string[] = [];
      const values = new Map<string, string>();
      if (elements)
        walk(elements, (e) => {
          if (e.type === 'command_parameter') parameters.push(e.text.replace(/^-/, '').replace(/:$/, ''));
          if (e.type === 'string_literal') {
            args.push(e.text);
            const last = parameters.at(-1);
            if (last !== undefined && !values.has(last)) values.set(last, unquote(e.text));
          }
        });
      commands.push({
        name: nameNode?.text ?? '',
        native: n.children.some((c) => c?.type === 'command_invokation_operator'),
        parameters,
        strings: args,
        values,
        line: n.startPosition.row + 1,
      });
    }
  });
  return { errors, commands, functions, strings };
}
