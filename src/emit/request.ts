import { UserError } from '../diag/diagnostic.js';
import type { EmitOptions, Emitter, SelectionKind } from './types.js';

/** The selections, with the value each takes and what it keeps, for the CLI's flags and help. */
export const SELECTIONS: Readonly<Record<SelectionKind, { readonly value: string; readonly keeps: string }>> =
  {
    firewall: { value: 'name', keeps: 'everything this firewall of the topology enforces, both directions' },
    server: { value: 'fqdn', keeps: 'only what this server must accept (host firewall view)' },
    role: { value: 'role', keeps: 'only what servers of this role must accept' },
    boundary: { value: 'from:to', keeps: 'only flows crossing this zone boundary' },
  };
export const SELECTION_KINDS = Object.keys(SELECTIONS) as SelectionKind[];

/**
 * Checks a request against the target's declared capabilities, before the target runs: at most one
 * selection, of a kind the target accepts, and a variant it declares. Values (which server, which
 * boundary) are checked against the plan later, by the scope the target builds.
 */
export function checkRequest(emitter: Emitter, options: EmitOptions): void {
  const chosen = SELECTION_KINDS.filter((k) => options[k] !== undefined);
  const flags = (kinds: readonly SelectionKind[]) => kinds.map((k) => `--${k}`).join(', ');
  if (chosen.length > 1) {
    throw new UserError({
      code: 'emit-selection',
      severity: 'error',
      message: `choose at most one of ${flags(SELECTION_KINDS)}`,
      hint: 'run the command once per selection',
    });
  }
  const { selections, selectionHint, variants } = emitter.capabilities;
  const refused = chosen.find((k) => !selections.includes(k));
  if (refused !== undefined) {
    throw new UserError({
      code: 'emit-selection-unsupported',
      severity: 'error',
      message:
        selections.length === 0
          ? `${emitter.name} configures the whole deployment; ${flags(SELECTION_KINDS)} do not apply`
          : `${emitter.name} does not take --${refused}`,
      hint:
        selectionHint ??
        (selections.length === 0
          ? `run \`sfbports emit ${emitter.name} FILE\` without a selection`
          : `use ${flags(selections)}`),
    });
  }
  if (options.variant !== undefined && !variants.some((v) => v.name === options.variant)) {
    throw new UserError({
      code: 'emit-no-variant',
      severity: 'error',
      message: `--${options.variant} does not apply to ${emitter.name}`,
      hint:
        variants.length === 0
          ? `${emitter.name} has one syntax only`
          : `${emitter.name} takes ${variants.map((v) => `--${v.name}`).join(', ')}`,
    });
  }
}
