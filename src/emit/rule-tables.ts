import type { Diagnostic } from '../diag/diagnostic.js';
import type { Plan } from '../model/plan.js';
import { compactGrants, type Grant, grantOf } from './grants.js';
import { oneLine } from './quote/text.js';
import { boundaryScopes, destinationHosts, hostScopes, type ScopedFlow, unaddressedFlows } from './scope.js';
import type { EmitOptions } from './types.js';

/**
 * The packet-filter view shared by nftables and iptables. Without a host selection a file holds one
 * table per zone boundary that flows cross (a network firewall's forward path); with --server or
 * --role it holds one table for what those hosts accept (their input path, destinations narrowed to
 * the hosts' own addresses).
 */
export interface RuleTable {
  readonly hook: 'forward' | 'input';
  /** "servers -> dmz", "host fe01.contoso.com", "role front-end". */
  readonly label: string;
  /** Raw text the table name is derived from (each target sanitises it its own way). */
  readonly nameSeed: string;
  readonly grants: readonly Grant[];
  readonly flows: readonly ScopedFlow[];
}

export function ruleTables(
  plan: Plan,
  options: EmitOptions,
): { tables: RuleTable[]; diagnostics: Diagnostic[] } {
  if (options.server !== undefined || options.role !== undefined) {
    const scopes = hostScopes(plan, options);
    const flows = scopes.flatMap((s) => s.flows);
    const label = options.server !== undefined ? `host ${options.server}` : `role ${options.role}`;
    const nameSeed = options.server !== undefined ? `host_${options.server}` : `role_${options.role}`;
    return {
      tables: [{ hook: 'input', label, nameSeed, grants: grantsOf(flows), flows }],
      diagnostics: [
        ...unaddressedFlows(flows),
        ...otherRoles(
          plan,
          options,
          scopes.map((s) => s.name),
        ),
      ],
    };
  }
  const scopes = boundaryScopes(plan, options);
  const tables = scopes.map((s) => ({
    hook: 'forward' as const,
    label: oneLine(`${s.from} -> ${s.to}`),
    nameSeed: `${s.from}_to_${s.to}`,
    grants: grantsOf(s.flows),
    flows: s.flows,
  }));
  const diagnostics = unaddressedFlows(scopes.flatMap((s) => s.flows));
  return { tables, diagnostics };
}

/**
 * An input chain drops what it does not accept, so a --role table on a host that also plays another
 * role (a Front End with collocated Mediation) would drop that role's traffic.
 */
function otherRoles(plan: Plan, options: EmitOptions, hosts: readonly string[]): Diagnostic[] {
  if (options.role === undefined) return [];
  const roles = destinationHosts(plan);
  return hosts.flatMap((host) => {
    const others = [...(roles.get(host)?.roles ?? [])].filter((r) => r !== options.role).sort();
    if (others.length === 0) return [];
    return [
      {
        code: 'emit-role-incomplete',
        severity: 'warning' as const,
        message: `${host} also accepts flows as ${others.join(', ')}; this table (policy drop) would block them there`,
        hint: `use --server ${host} for everything that host must accept`,
      },
    ];
  });
}

function grantsOf(flows: readonly ScopedFlow[]): Grant[] {
  return compactGrants(
    flows
      .filter((f) => !f.sources.isEmpty && !f.destinations.isEmpty)
      .map((f) => ({ ...grantOf(f.flow, f.destinations), sources: f.sources })),
  );
}
