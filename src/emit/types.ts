import type { Diagnostic } from '../diag/diagnostic.js';
import type { Plan } from '../model/plan.js';
import type { Role } from '../model/roles.js';

export interface EmitOptions {
  /** Only what this server must accept (host firewall view). */
  readonly server?: string;
  /** Only what servers of this role must accept. */
  readonly role?: Role;
  /** Only flows crossing this boundary, "from:to". */
  readonly boundary?: string;
  /** Target-specific variant, such as "netsh" for the Windows targets. */
  readonly variant?: string;
}

export interface EmitResult {
  readonly text: string;
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
  readonly text: string;
}

/** One configuration target. Pure and deterministic; every rule names its flow and catalog ids. */
export interface Emitter {
  readonly name: string;
  readonly extension: string;
  readonly description: string;
  readonly variants?: readonly string[];
  emit(plan: Plan, options: EmitOptions): EmitResult;
}

export function defineEmitter<const E extends Emitter>(emitter: E): E {
  return emitter;
}
