/**
 * Problems a user can cause are values, not exceptions with stack traces: a code, a message, where it
 * happened and a hint. The CLI prints them and exits 2.
 */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface Diagnostic {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly loc?: SourceLocation;
  readonly hint?: string;
}

/** Thrown for bad input anywhere in the core; the CLI turns it into printed diagnostics and exit 2. */
export class UserError extends Error {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: Diagnostic | readonly Diagnostic[]) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics as Diagnostic];
    super(list.map((d) => d.message).join('; '));
    this.name = 'UserError';
    this.diagnostics = list;
  }
}

export function formatLocation(loc: SourceLocation | undefined): string {
  return loc ? `${loc.file}:${loc.line}:${loc.column}` : '';
}

/** "did you mean …?" for a misspelt choice: the closest valid choice within a small edit distance. */
export function closest(input: string, choices: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const choice of choices) {
    const d = editDistance(input.toLowerCase(), choice.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = choice;
    }
  }
  const limit = Math.max(2, Math.floor(input.length / 3));
  return bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** The hint for an unknown choice: a suggestion when one is close, and the valid list either way. */
export function choiceHint(input: string, choices: readonly string[]): string {
  const near = closest(input, choices);
  return `${near ? `did you mean ${near}? ` : ''}valid choices: ${choices.join(', ')}`;
}
