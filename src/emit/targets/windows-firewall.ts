import { choiceHint, type Diagnostic, UserError } from '../../diag/diagnostic.js';
import { AddressSet } from '../../model/address-set.js';
import type { Plan } from '../../model/plan.js';
import { WINDOWS_ROLES } from '../../model/roles.js';
import type { ManagementRule } from '../../plan/firewalls.js';
import { textStream } from '../../render/types.js';
import type { Grant } from '../grants.js';
import { type CoveredHost, hostGrants } from '../host-grants.js';
import { flowLines, grantPurpose, grantTag, headerLines, scopeText } from '../provenance.js';
import { netshArgument, psList, psString } from '../quote/powershell.js';
import { oneLine, truncateUtf8 } from '../quote/text.js';
import { checkSelection, destinationHosts, platformNotice, selectedFirewall } from '../scope.js';
import { defineEmitter, type EmitOptions, type EmitResult } from '../types.js';
import {
  firewallGroup,
  NETSH_VARIANT,
  ownershipLines,
  RULE_NAME_MAX_BYTES,
  RuleNames,
} from '../windows-group.js';

/** Kept short so the Windows Firewall console shows the whole name; the flow ids follow in the description. */
const DISPLAY_NAME_MAX_BYTES = 200;

/** "fe01.contoso.com (front-end) 192.0.2.11" for each host with an address in the grant. */
function hostNotes(grant: Grant, hosts: HostIndex): string[] {
  const notes = new Map<CoveredHost, string[]>();
  for (const h of hosts.within(grant.destinations)) {
    const list = notes.get(h.scope) ?? [];
    list.push(h.text);
    notes.set(h.scope, list);
  }
  return [...notes.entries()].map(
    ([scope, addrs]) => `${scope.name} (${scope.roles.join(', ')}) ${addrs.join(' ')}`,
  );
}

/**
 * Host addresses sorted by where they start, per family, so the hosts inside a grant are found by
 * binary search over the grant's intervals: a script for thousands of servers must not test every
 * rule against every host.
 */
class HostIndex {
  private readonly byFamily: Record<
    4 | 6,
    Array<{ from: bigint; to: bigint; at: number; host: HostAddress }>
  > = {
    4: [],
    6: [],
  };

  constructor(hosts: readonly HostAddress[]) {
    hosts.forEach((host, at) => {
      for (const family of [4, 6] as const)
        for (const [from, to] of host.address.intervals(family))
          this.byFamily[family].push({ from, to, at, host });
    });
    for (const list of Object.values(this.byFamily))
      list.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.at - b.at));
  }

  /** Hosts whose address lies wholly inside `set`, in the order they were given. */
  within(set: AddressSet): HostAddress[] {
    const found: Array<{ at: number; host: HostAddress }> = [];
    for (const family of [4, 6] as const) {
      const list = this.byFamily[family];
      for (const [from, to] of set.intervals(family)) {
        let lo = 0;
        let hi = list.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (list[mid]!.from < from) lo = mid + 1;
          else hi = mid;
        }
        for (let i = lo; i < list.length && list[i]!.from <= to; i++)
          if (list[i]!.to <= to) found.push(list[i]!);
      }
    }
    return found.sort((a, b) => a.at - b.at).map((f) => f.host);
  }
}

interface HostAddress {
  readonly scope: CoveredHost;
  readonly address: AddressSet;
  readonly text: string;
}

function hostAddresses(scopes: readonly CoveredHost[]): HostAddress[] {
  return scopes.flatMap((scope) =>
    scope.addresses.blocks().map((block) => ({ scope, address: block, text: block.toString() })),
  );
}

function remoteAddresses(set: AddressSet): string[] {
  return set.isAny ? ['Any'] : set.hostForms();
}

/**
 * What a rule allows, and nothing about why: the same packets get the same rule name in every run,
 * whatever else the plan holds and in whichever order its flows come.
 */
export function grantContentKey(grant: Grant): string {
  return [
    grant.transport,
    grant.optional ? 'optional' : 'required',
    `ports ${grant.ports.key()}`,
    `local ${grant.destinations.key()}`,
    `remote ${grant.sources.key()}`,
  ].join('\n');
}

function cmdletRule(grant: Grant, name: string, group: string): string {
  const display = `SfB ${grant.transport.toUpperCase()} ${grant.ports.toString()}: ${grantPurpose(grant)}`;
  return [
    'New-NetFirewallRule',
    `-Name ${psString(name)}`,
    `-DisplayName ${psString(truncateUtf8(oneLine(display), DISPLAY_NAME_MAX_BYTES))}`,
    `-Group ${psString(group)}`,
    '-Direction Inbound -Action Allow -Profile Any -Enabled True',
    `-Protocol ${grant.transport.toUpperCase()}`,
    `-LocalAddress ${psList(grant.destinations.hostForms())}`,
    `-LocalPort ${psList(grant.ports.items())}`,
    `-RemoteAddress ${psList(remoteAddresses(grant.sources))}`,
    `-Description ${psString(`${grantTag(grant)}. ${grantPurpose(grant)}`)}`,
    '| Out-Null',
  ].join(' ');
}

/**
 * A host firewall's management access (RDP, WinRM, monitoring) as an inbound rule of the same group,
 * so the script that replaces the Skype for Business rules never takes the administrators' way in.
 */
function managementRule(
  rule: ManagementRule,
  local: AddressSet,
  firewall: string,
  group: string,
  names: RuleNames | undefined,
): string {
  const description = `management access kept by firewall ${firewall}: ${rule.description}`;
  if (names === undefined)
    return [
      '& netsh advfirewall firewall add rule',
      netshArgument('name', group),
      "'dir=in' 'action=allow' 'profile=any' 'enable=yes'",
      netshArgument('protocol', rule.transport.toUpperCase()),
      netshArgument('localip', local.hostForms().join(',')),
      netshArgument('localport', rule.ports.toString()),
      netshArgument('remoteip', rule.sources.hostForms().join(',')),
      netshArgument('description', description),
      '| Out-Null',
    ].join(' ');
  const name = names.name(
    ['management', rule.transport, `ports ${rule.ports.key()}`, `remote ${rule.sources.key()}`].join('\n'),
  );
  return [
    'New-NetFirewallRule',
    `-Name ${psString(name)}`,
    `-DisplayName ${psString(truncateUtf8(oneLine(`SfB management: ${rule.description}`), DISPLAY_NAME_MAX_BYTES))}`,
    `-Group ${psString(group)}`,
    '-Direction Inbound -Action Allow -Profile Any -Enabled True',
    `-Protocol ${rule.transport.toUpperCase()}`,
    `-LocalAddress ${psList(local.hostForms())}`,
    `-LocalPort ${psList(rule.ports.items())}`,
    `-RemoteAddress ${psList(rule.sources.hostForms())}`,
    `-Description ${psString(oneLine(description))}`,
    '| Out-Null',
  ].join(' ');
}

function netshRule(grant: Grant, group: string): string {
  return [
    '& netsh advfirewall firewall add rule',
    netshArgument('name', group),
    "'dir=in' 'action=allow' 'profile=any' 'enable=yes'",
    netshArgument('protocol', grant.transport.toUpperCase()),
    netshArgument('localip', grant.destinations.hostForms().join(',')),
    netshArgument('localport', grant.ports.toString()),
    netshArgument('remoteip', remoteAddresses(grant.sources).join(',').replace('Any', 'any')),
    netshArgument('description', `${grantTag(grant)}. ${grantPurpose(grant)}`),
    '| Out-Null',
  ].join(' ');
}

/** A role or server the plan knows but that has no Windows Firewall is a mistake worth saying so. */
function checkWindowsSelection(plan: Plan, options: EmitOptions): void {
  checkSelection(plan, options);
  if (options.server === undefined && options.role === undefined) return;
  const hosts = destinationHosts(plan);
  const windowsHosts = [...hosts.entries()]
    .filter(([, h]) => [...h.roles].some((r) => WINDOWS_ROLES.has(r)))
    .map(([name]) => name)
    .sort();
  if (options.server !== undefined && !windowsHosts.includes(options.server)) {
    throw new UserError({
      code: 'emit-not-windows',
      severity: 'error',
      message: `${options.server} is not a Windows server of this topology (${[...hosts.get(options.server)!.roles].join(', ')})`,
      hint: choiceHint(options.server, windowsHosts),
    });
  }
  if (options.role !== undefined && !WINDOWS_ROLES.has(options.role)) {
    const roles = [...new Set(plan.flows.map((f) => f.destination.role))]
      .filter((r) => WINDOWS_ROLES.has(r))
      .sort();
    throw new UserError({
      code: 'emit-not-windows',
      severity: 'error',
      message: `role ${options.role} has no Windows Firewall (load balancer, gateway, appliance or client)`,
      hint: choiceHint(options.role, roles),
    });
  }
}

function emitWindowsFirewall(plan: Plan, options: EmitOptions): EmitResult {
  const netsh = options.variant === 'netsh';
  checkWindowsSelection(plan, options);
  const { hosts: covered, grants, diagnostics: unaddressed } = hostGrants(plan, options, WINDOWS_ROLES);
  const diagnostics: Diagnostic[] = [
    ...(options.firewall === undefined
      ? []
      : platformNotice(selectedFirewall(plan, options.firewall), 'windows-firewall')),
    ...unaddressed,
  ];
  const group = firewallGroup(plan, options);
  const out: string[] = headerLines(
    plan,
    `Windows Firewall inbound rules (${netsh ? 'netsh advfirewall' : 'NetSecurity cmdlets'})`,
    scopeText(options),
  ).map((l) => `# ${l}`);
  const removal = netsh
    ? // netsh cannot select by group, but it deletes every rule sharing a name: all rules share one.
      `& netsh advfirewall firewall delete rule ${netshArgument('name', group)} | Out-Null`
    : `Remove-NetFirewallRule -Group ${psString(group)} -ErrorAction SilentlyContinue`;
  out.push(
    '# Run as administrator on each server: every rule names the local address it applies to, so the',
    '# same script is safe on every server listed below and opens nothing on any other machine.',
    ...ownershipLines(
      netsh ? `every rule named '${group}'` : `every rule in the group '${group}'`,
      removal,
      'servers, roles or boundaries',
    ),
    '',
    '# Servers covered:',
  );
  const start = ['', "$ErrorActionPreference = 'Stop'", removal];
  const hosts = new HostIndex(hostAddresses(covered));
  const firewall = options.firewall === undefined ? undefined : selectedFirewall(plan, options.firewall);
  const local = AddressSet.unionOf(covered.map((s) => s.addresses));
  // Written a rule at a time: the script for 100,000 servers is longer than a JavaScript string.
  function* pieces(): Generator<string> {
    yield `${out.join('\n')}\n`;
    for (const s of covered)
      yield `#   ${s.name} (${s.roles.join(', ')}) ${s.addresses.hostForms().join(' ')}\n`;
    yield `${start.join('\n')}\n`;
    // Rule names are made in script order (a repeated name gets a counter), so afresh on every pass.
    const names = new RuleNames(plan, options, 'firewall');
    if (firewall && firewall.management.length > 0 && !local.isEmpty) {
      const lines = ['', `# Management access of firewall ${firewall.name}, kept whatever the flows say`];
      for (const rule of firewall.management)
        lines.push(managementRule(rule, local, firewall.name, group, netsh ? undefined : names));
      yield `${lines.join('\n')}\n`;
    }
    for (const grant of grants) {
      const lines = [''];
      for (const host of hostNotes(grant, hosts)) lines.push(`# on ${host}`);
      for (const line of flowLines(grant)) lines.push(`# ${line}`);
      lines.push(
        netsh ? netshRule(grant, group) : cmdletRule(grant, names.name(grantContentKey(grant)), group),
      );
      yield `${lines.join('\n')}\n`;
    }
    if (grants.length === 0) yield '\n# No Windows server in this scope accepts any flow.\n';
  }
  return { text: textStream(pieces), diagnostics, ruleCount: grants.length };
}

export const windowsFirewall = defineEmitter({
  name: 'windows-firewall',
  extension: 'ps1',
  description: 'Windows Firewall inbound rules as PowerShell (New-NetFirewallRule, or netsh with --netsh)',
  capabilities: {
    selections: ['firewall', 'server', 'role', 'boundary'],
    variants: [NETSH_VARIANT],
    companions: [],
    limits: { displayNameBytes: DISPLAY_NAME_MAX_BYTES, ruleNameBytes: RULE_NAME_MAX_BYTES },
  },
  emit: emitWindowsFirewall,
});
