import type { Plan } from '../model/plan.js';
import { oneLine } from './quote/text.js';
import type { EmitOptions } from './types.js';

/**
 * The rule group a script replaces. A server's script and the whole-topology script share one group
 * (the latter only adds inert rules for other servers); a --role or --boundary script gets its own, so
 * running the front-end and the mediation scripts on a collocated server keeps both.
 */
export function firewallGroup(plan: Plan, options: EmitOptions, prefix = 'sfbports'): string {
  const base = `${prefix} ${oneLine(plan.topology.name)}`;
  if (options.role !== undefined) return `${base} role ${options.role}`;
  if (options.boundary !== undefined) return `${base} boundary ${oneLine(options.boundary)}`;
  return base;
}

/** The netsh syntax both Windows targets offer beside the NetSecurity cmdlets. */
export const NETSH_VARIANT = {
  name: 'netsh',
  description: 'netsh advfirewall commands instead of NetSecurity cmdlets (hosts without the module)',
} as const;
