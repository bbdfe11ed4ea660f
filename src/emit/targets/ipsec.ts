import { choiceHint, UserError } from '../../diag/diagnostic.js';
import { AddressSet } from '../../model/address-set.js';
import type { IpsecExemption, Plan } from '../../model/plan.js';
import { PortSet } from '../../model/ports.js';
import { compareText } from '../../text/order.js';
import { headerLines, scopeText } from '../provenance.js';
import { netshArgument, psList, psString } from '../quote/powershell.js';
import { oneLine } from '../quote/text.js';
import { defineEmitter, type EmitOptions, type EmitResult } from '../types.js';
import {
  firewallGroup,
  NETSH_VARIANT,
  ownershipLines,
  RULE_NAME_MAX_BYTES,
  RuleNames,
} from '../windows-group.js';

/**
 * IPsec exemptions: connection security rules that require no authentication for the traffic the
 * vendor lists under "Recommended IPsec Exceptions" (media must not wait for IPsec negotiation). One
 * rule per exemption and transport, scoped to the real addresses of the exempt hosts.
 */

function selected(plan: Plan, options: EmitOptions): IpsecExemption[] {
  const hosts = [...new Set(plan.ipsec.flatMap((x) => x.hosts.names))].sort();
  const roles = [...new Set(plan.ipsec.map((x) => x.hosts.role))].sort();
  if (options.server !== undefined && !hosts.includes(options.server))
    throw unknownChoice('server', options.server, hosts);
  if (options.role !== undefined && !roles.includes(options.role))
    throw unknownChoice('role', options.role, roles);
  return [...plan.ipsec]
    .filter((x) => options.role === undefined || x.hosts.role === options.role)
    .filter((x) => options.server === undefined || x.hosts.names.includes(options.server))
    .sort((a, b) => compareText(a.id, b.id));
}

function unknownChoice(what: string, value: string, choices: readonly string[]): UserError {
  return new UserError({
    code: `emit-unknown-${what}`,
    severity: 'error',
    message: `no ${what} "${value}" has an IPsec exemption in this plan`,
    hint: choices.length > 0 ? choiceHint(value, choices) : 'the plan has no IPsec exemptions',
  });
}

/** The exempt hosts' addresses, narrowed to --server when given. */
function localAddresses(x: IpsecExemption, server: string | undefined): string[] {
  const sets = x.hosts.addressSets.filter((_, i) => server === undefined || x.hosts.names[i] === server);
  return AddressSet.unionOf(sets).hostForms();
}

function tag(x: IpsecExemption): string {
  return `${x.direction} exemption ${x.id}; catalog ${[...x.requirements].sort(compareText).join(',')}`;
}

/**
 * What one connection security rule covers. The exemption id is part of it because two exemptions may
 * ask for the same packets (an inbound and an outbound one of the same hosts); the id is derived from
 * the catalog entry and the hosts, never from position, so the name stays put between runs.
 */
function ruleContentKey(
  x: IpsecExemption,
  transport: string,
  local: readonly string[],
  ports?: PortSet,
): string {
  return [x.id, transport, `ports ${ports ? ports.key() : 'any'}`, `local ${local.join(',')}`].join('\n');
}

function emitIpsec(plan: Plan, options: EmitOptions): EmitResult {
  const netsh = options.variant === 'netsh';
  const exemptions = selected(plan, options);
  const group = firewallGroup(plan, options, 'ipsec');
  const names = new RuleNames(plan, options, 'ipsec');
  const removal = netsh
    ? `& netsh advfirewall consec delete rule ${netshArgument('name', group)} | Out-Null`
    : `Remove-NetIPsecRule -Group ${psString(group)} -ErrorAction SilentlyContinue`;
  const out = headerLines(
    plan,
    `IPsec exemptions (${netsh ? 'netsh advfirewall consec' : 'NetSecurity New-NetIPsecRule'})`,
    scopeText(options),
  ).map((l) => `# ${l}`);
  out.push(
    '# Connection security rules that require no authentication, so media and the listed traffic are',
    '# never held up by IPsec negotiation. Each rule names the exempt hosts as its local addresses, so the',
    '# script is safe to run on every server.',
    ...ownershipLines(
      `every connection security rule ${netsh ? 'named' : 'in the group'} '${group}'`,
      removal,
      'servers or roles',
    ),
    '',
    "$ErrorActionPreference = 'Stop'",
    removal,
  );
  let rules = 0;
  for (const x of exemptions) {
    const local = localAddresses(x, options.server);
    if (local.length === 0) continue;
    const ports = x.localPorts ? PortSet.fromRanges(x.localPorts) : undefined;
    out.push(
      '',
      `# ${x.id}: ${oneLine(x.name)} (${x.direction}) on ${x.hosts.kind === 'zone' ? `computers in zone ${oneLine(x.hosts.zone)}` : x.hosts.names.join(', ')}`,
      `# local ports ${ports ? ports.toString() : 'any'}; catalog ${x.requirements.join(', ')}`,
    );
    for (const transport of [...x.transports].sort()) {
      rules++;
      const description = `${tag(x)}. ${oneLine(x.name)}`;
      if (netsh) {
        out.push(
          [
            '& netsh advfirewall consec add rule',
            netshArgument('name', group),
            netshArgument('endpoint1', local.join(',')),
            "'endpoint2=any' 'action=noauthentication' 'profile=any' 'enable=yes'",
            netshArgument('protocol', transport),
            netshArgument('port1', ports ? ports.toString() : 'any'),
            "'port2=any'",
            netshArgument('description', description),
            '| Out-Null',
          ].join(' '),
        );
      } else {
        out.push(
          [
            'New-NetIPsecRule',
            `-IPsecRuleName ${psString(names.name(ruleContentKey(x, transport, local, ports)))}`,
            `-DisplayName ${psString(`SfB IPsec exemption ${transport.toUpperCase()}: ${oneLine(x.name)}`)}`,
            `-Group ${psString(group)}`,
            '-Mode Transport -InboundSecurity None -OutboundSecurity None -Profile Any -Enabled True',
            `-Protocol ${transport.toUpperCase()}`,
            `-LocalAddress ${psList(local)}`,
            ports ? `-LocalPort ${psList(ports.items())}` : '',
            "-RemoteAddress 'Any'",
            `-Description ${psString(description)}`,
            '| Out-Null',
          ]
            .filter((p) => p !== '')
            .join(' '),
        );
      }
    }
  }
  if (rules === 0) out.push('', '# No IPsec exemption applies in this scope.');
  return { text: `${out.join('\n')}\n`, diagnostics: [], ruleCount: rules };
}

export const ipsec = defineEmitter({
  name: 'ipsec',
  extension: 'ps1',
  description: 'IPsec exemptions as PowerShell (New-NetIPsecRule, or netsh consec with --netsh)',
  capabilities: {
    selections: ['server', 'role'],
    selectionHint:
      'IPsec exemptions belong to hosts, not to zone boundaries: use --server FQDN or --role ROLE',
    variants: [NETSH_VARIANT],
    companions: [],
    limits: { ruleNameBytes: RULE_NAME_MAX_BYTES },
  },
  emit: emitIpsec,
});
