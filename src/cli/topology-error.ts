import { type Diagnostic, UserError } from '../diag/diagnostic.js';

/**
 * A topology that failed validation, with its text so the command boundary can print code frames.
 * A module of its own: the boundary of every command needs it, and importing it must not load the
 * topology loader (schema, YAML parser, catalog) for commands that read no topology.
 */
export class TopologyError extends UserError {
  constructor(
    diagnostics: readonly Diagnostic[],
    readonly source: string,
  ) {
    super(diagnostics);
  }
}
