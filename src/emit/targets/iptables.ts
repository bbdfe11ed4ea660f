import { AddressSet, type Family } from '../../model/address-set.js';
import type { Plan } from '../../model/plan.js';
import type { PortSet } from '../../model/ports.js';
import { hash48 } from '../../text/hash.js';
import type { Grant } from '../grants.js';
import { flowLines, grantTag, headerLines, scopeText } from '../provenance.js';
import { IPTABLES_COMMENT_MAX_BYTES, iptablesName, iptablesString } from '../quote/iptables.js';
import { type RuleTable, ruleTables } from '../rule-tables.js';
import { type CompanionDeclaration, defineEmitter, type EmitOptions, type EmitResult } from '../types.js';

/**
 * iptables-restore input for the filter table. iptables keeps the families apart, so the main file is
 * for iptables-restore (IPv4) and a companion `.ip6` file for ip6tables-restore. Each boundary (or the
 * selected hosts) gets its own chain, reached from FORWARD (or INPUT), so several boundaries in one
 * file add up instead of dropping each other's traffic. Address groups larger than IPSET_FROM
 * addresses go into ipsets (companion `.ipset`, for `ipset restore`, always written so a re-run never
 * leaves a stale one); smaller ones are written inline.
 */

export const IPSET_FROM = 4;
const IP6_COMPANION = {
  suffix: '.ip6',
  description: 'ip6tables-restore input (IPv6 rules)',
  optional: false,
} as const satisfies CompanionDeclaration;

// Always written, empty when no group needs a set, so applying the same three files always works.
const IPSET_COMPANION = {
  suffix: '.ipset',
  description: 'ipset restore input (address groups matched with -m set); load it first',
  optional: false,
} as const satisfies CompanionDeclaration;

/** The multiport match takes at most 15 ports, a range counting as two. */
const MULTIPORT_SLOTS = 15;

class IpsetRegistry {
  private readonly sets = new Map<string, { family: Family; cidrs: string[] }>();

  /** An ipset name for a large address group, or undefined to write the addresses inline. */
  nameFor(cidrs: string[], family: Family): string | undefined {
    if (cidrs.length < IPSET_FROM) return undefined;
    const name = `sfbp${family}-${hash48(cidrs.join(','))}`;
    this.sets.set(name, { family, cidrs });
    return name;
  }

  get isEmpty(): boolean {
    return this.sets.size === 0;
  }

  restoreInput(header: string[]): string {
    const lines = [...header];
    for (const [name, { family, cidrs }] of [...this.sets].sort(([a], [b]) => (a < b ? -1 : 1))) {
      lines.push(
        '',
        `create ${name} hash:net family ${family === 4 ? 'inet' : 'inet6'} -exist`,
        `flush ${name}`,
        ...cidrs.map((c) => `add ${name} ${c}`),
      );
    }
    return `${lines.join('\n')}\n`;
  }
}

/** Port matches, split where a list exceeds what one multiport match takes. */
function portMatches(transport: string, ports: PortSet): string[] {
  const items = ports.items(':');
  if (items.length === 1) return [`-p ${transport} -m ${transport} --dport ${items[0]}`];
  const chunks: string[][] = [];
  let current: string[] = [];
  let used = 0;
  for (const item of items) {
    const cost = item.includes(':') ? 2 : 1;
    if (used + cost > MULTIPORT_SLOTS) {
      chunks.push(current);
      current = [];
      used = 0;
    }
    current.push(item);
    used += cost;
  }
  chunks.push(current);
  return chunks.map((c) => `-p ${transport} -m multiport --dports ${c.join(',')}`);
}

function addressMatch(set: AddressSet, family: Family, flag: '-s' | '-d', ipsets: IpsetRegistry): string[] {
  if (set.isAny) return [''];
  const cidrs = set.cidrs(family).map(AddressSet.hostForm);
  const name = ipsets.nameFor(cidrs, family);
  if (name) return [`-m set --match-set ${name} ${flag === '-s' ? 'src' : 'dst'}`];
  // One rule per address keeps each line's meaning obvious (iptables would expand a list anyway).
  return cidrs.map((c) => `${flag} ${c}`);
}

function grantRules(grant: Grant, family: Family, chain: string, ipsets: IpsetRegistry): string[] {
  if (!grant.sources.hasFamily(family) || !grant.destinations.hasFamily(family)) return [];
  const comment = `-m comment --comment ${iptablesString(grantTag(grant))}`;
  const rules: string[] = [];
  for (const s of addressMatch(grant.sources, family, '-s', ipsets))
    for (const d of addressMatch(grant.destinations, family, '-d', ipsets))
      for (const p of portMatches(grant.transport, grant.ports))
        rules.push([`-A ${chain}`, s, d, p, comment, '-j ACCEPT'].filter((x) => x !== '').join(' '));
  return rules;
}

export function chainNames(tables: readonly RuleTable[]): string[] {
  return tables.map((t, i) => iptablesName(`sfbp${i + 1}-${t.nameSeed}`, 28));
}

function restoreInput(
  family: Family,
  tables: readonly RuleTable[],
  header: string[],
  ipsets: IpsetRegistry,
): { text: string; rules: number } {
  const hook = tables[0]?.hook === 'input' ? 'INPUT' : 'FORWARD';
  const chains = chainNames(tables);
  const lines = [...header, '*filter', `:${hook} DROP [0:0]`, ...chains.map((c) => `:${c} - [0:0]`)];
  lines.push(`-A ${hook} -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT`);
  if (hook === 'INPUT') {
    lines.push('-A INPUT -i lo -j ACCEPT');
    if (family === 6)
      for (const type of ['neighbour-solicitation', 'neighbour-advertisement', 'router-advertisement'])
        lines.push(`-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type ${type} -j ACCEPT`);
  }
  let rules = 0;
  tables.forEach((t, i) => {
    lines.push(`-A ${hook} -m comment --comment ${iptablesString(t.label)} -j ${chains[i]}`);
  });
  tables.forEach((t, i) => {
    lines.push('', `# ${t.label}`);
    for (const grant of t.grants) {
      const body = grantRules(grant, family, chains[i]!, ipsets);
      if (body.length === 0) continue;
      for (const line of flowLines(grant)) lines.push(`# ${line}`);
      lines.push(...body);
      rules += body.length;
    }
  });
  lines.push('COMMIT');
  return { text: `${lines.join('\n')}\n`, rules };
}

function emitIptables(plan: Plan, options: EmitOptions): EmitResult {
  const { tables, diagnostics } = ruleTables(plan, options);
  const header = headerLines(plan, 'iptables rule set', scopeText(options)).map((l) => `# ${l}`);
  const ipsets = new IpsetRegistry();
  const howTo = [
    '# Apply in this order (as root):',
    '#   ipset restore -exist < FILE.ipset      (address groups; may be empty)',
    '#   iptables-restore < FILE                (IPv4; replaces the filter table)',
    '#   ip6tables-restore < FILE.ip6           (IPv6)',
    '# Test first with iptables-restore --test < FILE.',
  ];
  const v4 = restoreInput(4, tables, [...header, ...howTo, ''], ipsets);
  const v6 = restoreInput(6, tables, [...header, '# ip6tables-restore input (IPv6 half).', ''], ipsets);
  // The ipset file is written even when no rule needs a set, so a re-run never leaves a stale one behind.
  const companions = [
    { ...IP6_COMPANION, text: v6.text },
    {
      ...IPSET_COMPANION,
      text: ipsets.restoreInput([
        ...header,
        ipsets.isEmpty
          ? '# No address group is large enough for an ipset: nothing to load.'
          : '# ipset restore input: load before the iptables files.',
      ]),
    },
  ];
  return { text: v4.text, diagnostics, ruleCount: v4.rules + v6.rules, companions };
}

export const iptables = defineEmitter({
  name: 'iptables',
  extension: 'rules',
  description: 'iptables-restore input (filter table), with ip6tables and ipset companions',
  capabilities: {
    selections: ['server', 'role', 'boundary'],
    variants: [],
    companions: [IP6_COMPANION, IPSET_COMPANION],
    limits: { commentBytes: IPTABLES_COMMENT_MAX_BYTES },
  },
  emit: emitIptables,
});
