import type { Diagnostic } from '../diag/diagnostic.js';
import type { Plan } from '../model/plan.js';
import type { Role } from '../model/roles.js';
import { renderedText, type TextStream } from '../render/types.js';
import { checkRequest } from './request.js';

export interface EmitOptions {
  /** Only what this server must accept (host firewall view). */
  readonly server?: string;
  /** Only what servers of this role must accept. */
  readonly role?: Role;
  /** Only flows crossing this boundary, "from:to". */
  readonly boundary?: string;
  /** Everything one firewall of the topology enforces (declared, or assumed per zone pair). */
  readonly firewall?: string;
  /** Target-specific variant, such as "netsh" for the Windows targets. */
  readonly variant?: string;
}

/**
 * A rule set's text: a string, or pieces written one after another (`TextStream`). The rule sets of a
 * large deployment (windows-firewall, nftables, iptables) are written as pieces, so that none has to
 * fit in one JavaScript string or in memory at once; `emittedText` joins them for small plans and tests.
 */
export type EmittedText = string | TextStream;

/** The whole text at once: for small plans, tests and the browser page. */
export function emittedText(text: EmittedText): string {
  return renderedText(text);
}

export interface EmitResult {
  readonly text: EmittedText;
  readonly diagnostics: readonly Diagnostic[];
  /** Rules (or policies, or settings commands) written, for benchmarks and summaries. */
  readonly ruleCount?: number;
  /**
   * Further files that belong with `text` and are applied by another tool (the ipset restore input
   * for iptables, the ip6tables-restore input); written next to the main file as `<out><suffix>`.
   */
  readonly companions?: readonly EmittedCompanion[];
}

export interface EmittedCompanion {
  readonly suffix: string;
  readonly description: string;
  readonly text: EmittedText;
}

/** The ways to narrow a rule set: one firewall, one server, the servers of one role, one zone boundary. */
export type SelectionKind = 'firewall' | 'server' | 'role' | 'boundary';

/** An alternative syntax of a target, chosen with the flag `--<name>`. */
export interface VariantDeclaration {
  readonly name: string;
  readonly description: string;
}

/** A file written beside the main one (`<out><suffix>`), applied by another tool. */
export interface CompanionDeclaration {
  readonly suffix: string;
  readonly description: string;
  /** Written only when the rule set needs it (an ipset file only when some address group is large). */
  readonly optional: boolean;
}

/**
 * What a target can do, as data: the CLI builds its flags from it and checks a request against it
 * once, before the target runs, so no target repeats those checks.
 */
export interface EmitterCapabilities {
  /** Selections the target accepts; an empty list means it configures the whole deployment only. */
  readonly selections: readonly SelectionKind[];
  /** Why some selections do not apply, shown as the hint when one is refused. */
  readonly selectionHint?: string;
  readonly variants: readonly VariantDeclaration[];
  readonly companions: readonly CompanionDeclaration[];
  /**
   * Platform limits the target writes within: a rule comment, a rule's display name and a rule's
   * name, in bytes.
   */
  readonly limits: {
    readonly commentBytes?: number;
    readonly displayNameBytes?: number;
    readonly ruleNameBytes?: number;
  };
}

/** One configuration target. Pure and deterministic; every rule names its flow and catalog ids. */
export interface Emitter {
  readonly name: string;
  readonly extension: string;
  readonly description: string;
  readonly capabilities: EmitterCapabilities;
  emit(plan: Plan, options: EmitOptions): EmitResult;
}

/**
 * Makes a target. Its `emit` checks every request against the declared capabilities first, so a
 * target never sees a selection or variant it did not declare, whoever calls it (CLI, web, tests).
 */
export function defineEmitter<const E extends Emitter>(emitter: E): E {
  const run = emitter.emit;
  return {
    ...emitter,
    emit(plan: Plan, options: EmitOptions): EmitResult {
      checkRequest(emitter, options);
      return run(plan, options);
    },
  };
}
