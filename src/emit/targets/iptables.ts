import { AddressSet, type Family } from '../../model/address-set.js';
import type { Plan } from '../../model/plan.js';
import type { PortSet } from '../../model/ports.js';
import type { ManagementRule } from '../../plan/firewalls.js';
import { type TextStream, textStream } from '../../render/types.js';
import { hash48 } from '../../text/hash.js';
import type { Grant } from '../grants.js';
import { flowLines, grantTag, headerLines, scopeText } from '../provenance.js';
import { IPTABLES_COMMENT_MAX_BYTES, iptablesName, iptablesString } from '../quote/iptables.js';
import { type OwnedTraffic, ownershipSummary, type RuleTable, ruleTables } from '../rule-tables.js';
import {
  type CompanionDeclaration,
  defineEmitter,
  type EmitOptions,
  type EmitResult,
  type EmittedCompanion,
} from '../types.js';

/**
 * iptables-restore input for the filter table, written to share the machine with rules it does not
 * own. Each firewall (or selection) gets a chain of its own, loaded with `iptables-restore --noflush`:
 * declaring the chain there empties it, so a reload replaces its rules and touches no other chain or
 * policy. The jump from FORWARD (or INPUT) cannot be made idempotent inside a restore file, so a
 * companion `.sh` adds it only when missing (and removes everything on `remove`). iptables keeps the
 * families apart: a `.ip6` companion for ip6tables-restore. Address groups larger than IPSET_FROM
 * addresses go into ipsets (companion `.ipset`, always written), named after the chain so two
 * firewalls on one machine never share a set.
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

const APPLY_COMPANION = {
  suffix: '.sh',
  description: 'applies, checks and rolls back the three files (sh FILE.sh check|apply|remove)',
  optional: false,
} as const satisfies CompanionDeclaration;

/** The ipset name limit (IPSET_MAXNAMELEN 32, with the terminating zero). */
const IPSET_NAME_MAX = 31;

/**
 * ipsets named after the chain they serve and numbered in order of first use: unique on the
 * machine as long as chain names are, stable between runs of the same plan, and never a hash of the
 * contents (two different groups could share one).
 */
class IpsetRegistry {
  private readonly sets = new Map<string, { name: string; family: Family; cidrs: string[] }>();
  private prefix = 'sfbp';

  /** Names sets of the chain written next. */
  forChain(chain: string): void {
    this.prefix = chain.slice(0, IPSET_NAME_MAX - 6);
  }

  /** Once the rules have been counted, every set is known: writing them only looks names up. */
  sealed = false;

  /** An ipset name for a large address group, or undefined to write the addresses inline. */
  nameFor(cidrs: string[], family: Family): string | undefined {
    if (cidrs.length < IPSET_FROM) return undefined;
    const key = `${this.prefix}|${family}|${cidrs.join(',')}`;
    const known = this.sets.get(key);
    if (known) return known.name;
    if (this.sealed)
      throw new Error(`internal error: ipset for ${key.slice(0, 40)} first named while writing`);
    const name = `${this.prefix}-${this.sets.size + 1}`;
    this.sets.set(key, { name, family, cidrs });
    return name;
  }

  names(): string[] {
    return [...this.sets.values()].map((s) => s.name);
  }

  get isEmpty(): boolean {
    return this.sets.size === 0;
  }

  /** The ipset restore input, a piece per set. */
  *restoreInput(header: string[]): Generator<string> {
    yield `${header.join('\n')}\n`;
    for (const { name, family, cidrs } of this.sets.values()) {
      const lines = [
        '',
        `create ${name} hash:net family ${family === 4 ? 'inet' : 'inet6'} -exist`,
        `flush ${name}`,
      ];
      for (const c of cidrs) lines.push(`add ${name} ${c}`);
      yield `${lines.join('\n')}\n`;
    }
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

/** Rules for one slice of traffic in one family; empty when the traffic has no address there. */
function matchRules(
  t: { sources: AddressSet; destinations: AddressSet; transport?: string; ports?: PortSet },
  family: Family,
  ipsets: IpsetRegistry,
): string[][] {
  if (!t.sources.hasFamily(family) || !t.destinations.hasFamily(family)) return [];
  const ports = t.transport !== undefined && t.ports !== undefined ? portMatches(t.transport, t.ports) : [''];
  const rules: string[][] = [];
  for (const s of addressMatch(t.sources, family, '-s', ipsets))
    for (const d of addressMatch(t.destinations, family, '-d', ipsets))
      for (const p of ports) rules.push([s, d, p].filter((x) => x !== ''));
  return rules;
}

function grantRules(grant: Grant, family: Family, chain: string, ipsets: IpsetRegistry): string[] {
  const comment = `-m comment --comment ${iptablesString(grantTag(grant))}`;
  return matchRules(grant, family, ipsets).map((m) => [`-A ${chain}`, ...m, comment, '-j ACCEPT'].join(' '));
}

function managementRules(
  rule: ManagementRule,
  hook: RuleTable['hook'],
  family: Family,
  chain: string,
  ipsets: IpsetRegistry,
): string[] {
  const comment = `-m comment --comment ${iptablesString(`management: ${rule.description}`)}`;
  const t = { ...rule, destinations: hook === 'input' ? AddressSet.any : rule.destinations };
  return matchRules(t, family, ipsets).map((m) => [`-A ${chain}`, ...m, comment, '-j ACCEPT'].join(' '));
}

function ownedRules(owned: OwnedTraffic, family: Family, chain: string, ipsets: IpsetRegistry): string[] {
  const comment = `-m comment --comment ${iptablesString(`sfbports drops ${owned.label}: no flow needs it`)}`;
  return matchRules(owned, family, ipsets).map((m) => [`-A ${chain}`, ...m, comment, '-j DROP'].join(' '));
}

/** Built-in chain a table hangs from. */
function builtIn(table: RuleTable): 'FORWARD' | 'INPUT' {
  return table.hook === 'input' ? 'INPUT' : 'FORWARD';
}

/** iptables chain names hold at most 28 characters. */
const CHAIN_NAME_MAX = 28;

/**
 * Chain names from the firewall (or selection) name: `sfbp-external`. A name too long to fit keeps a
 * short hash of the whole, so two long names that share a beginning still differ.
 */
export function chainNames(tables: readonly RuleTable[]): string[] {
  return tables.map((t) => chainName(t.nameSeed));
}

export function chainName(seed: string): string {
  const full = iptablesName(`sfbp-${seed}`, 200);
  return full.length <= CHAIN_NAME_MAX
    ? full
    : `${full.slice(0, CHAIN_NAME_MAX - 9)}-${hash48(full).slice(0, 8)}`;
}

/**
 * The rules of one family, table by table: `write` false only names the ipsets and counts the rules
 * (no text), so that the ipset file and the apply script, which list every set, are known before any
 * file is written; the text is then made a table at a time, as the file is written.
 */
function* restorePieces(
  family: Family,
  tables: readonly RuleTable[],
  header: string[],
  ipsets: IpsetRegistry,
  write: boolean,
  count: { rules: number },
): Generator<string> {
  const chains = chainNames(tables);
  // With --noflush, declaring a chain empties it (or creates it): a reload replaces exactly these.
  if (write) yield `${[...header, '*filter', ...chains.map((c) => `:${c} - [0:0]`)].join('\n')}\n`;
  for (const [i, t] of tables.entries()) {
    const chain = chains[i]!;
    ipsets.forChain(chain);
    const lines = ['', `# ${t.label}`, `-A ${chain} -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT`];
    if (t.hook === 'input') {
      lines.push(`-A ${chain} -i lo -j ACCEPT`);
      if (family === 6)
        for (const type of ['neighbour-solicitation', 'neighbour-advertisement', 'router-advertisement'])
          lines.push(`-A ${chain} -p ipv6-icmp -m icmp6 --icmpv6-type ${type} -j ACCEPT`);
    }
    const management = t.management.flatMap((m) => managementRules(m, t.hook, family, chain, ipsets));
    if (management.length > 0) lines.push('# Management access, kept whatever the flows say', ...management);
    count.rules += management.length;
    if (write) yield `${lines.join('\n')}\n`;
    for (const grant of t.grants) {
      if (!write) {
        count.rules += matchRules(grant, family, ipsets).length;
        continue;
      }
      const body = grantRules(grant, family, chain, ipsets);
      if (body.length === 0) continue;
      yield `${[...flowLines(grant).map((line) => `# ${line}`), ...body].join('\n')}\n`;
    }
    const tail: string[] = [];
    const owned = t.owned.flatMap((o) => ownedRules(o, family, chain, ipsets));
    if (owned.length > 0)
      tail.push('# What this chain is responsible for and no rule above accepted', ...owned);
    count.rules += owned.length;
    if (t.defaultDrop) {
      tail.push(`-A ${chain} -m comment --comment "sfbports: this firewall owns the default" -j DROP`);
      count.rules++;
    }
    // Anything else returns to the built-in chain and meets the rules that were there before.
    if (write && tail.length > 0) yield `${tail.join('\n')}\n`;
  }
  if (write) yield 'COMMIT\n';
}

/** Names the ipsets and counts the rules of one family; the text comes later, from `restoreText`. */
function restoreCount(family: Family, tables: readonly RuleTable[], ipsets: IpsetRegistry): number {
  const count = { rules: 0 };
  for (const _ of restorePieces(family, tables, [], ipsets, false, count));
  return count.rules;
}

function restoreText(
  family: Family,
  tables: readonly RuleTable[],
  header: string[],
  ipsets: IpsetRegistry,
): TextStream {
  return textStream(() => restorePieces(family, tables, header, ipsets, true, { rules: 0 }));
}

/** The shell script that hangs the chains from the built-in ones, idempotently, and takes them away. */
function applyScript(tables: readonly RuleTable[], header: string[], ipsetNames: readonly string[]): string {
  const chains = chainNames(tables);
  const jumps = tables.map((t, i) => ({ from: builtIn(t), chain: chains[i]! }));
  const both = (cmd: (tool: string) => string) => ['iptables', 'ip6tables'].map(cmd);
  const lines = [
    '#!/bin/sh',
    ...header,
    '# Usage (as root), next to the other files of this rule set:',
    '#   sh FILE.sh check    test the files without changing anything',
    '#   sh FILE.sh apply    load or reload: replaces only the chains and sets named below',
    '#   sh FILE.sh remove   roll back: removes the jumps, chains and sets this rule set added',
    `# Chains: ${jumps.map((j) => `${j.chain} (from ${j.from})`).join(', ') || 'none'}`,
    `# ipsets: ${ipsetNames.join(', ') || 'none'}`,
    'set -eu',
    // Shell parameter expansions, not template placeholders: the main file is this script's name minus .sh.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax
    'rules="${0%.sh}"',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax
    'case "${1:-}" in',
    'check)',
    '  ipset restore -exist < "$rules.ipset"',
    '  iptables-restore --test --noflush < "$rules"',
    '  ip6tables-restore --test --noflush < "$rules.ip6"',
    '  ;;',
    'apply)',
    '  ipset restore -exist < "$rules.ipset"',
    '  iptables-restore --wait --noflush < "$rules"',
    '  ip6tables-restore --wait --noflush < "$rules.ip6"',
    // -C finds an existing jump, so a reload never adds a second one.
    ...jumps.flatMap((j) =>
      both(
        (tool) =>
          `  ${tool} -w -C ${j.from} -j ${j.chain} 2>/dev/null || ${tool} -w -I ${j.from} 1 -j ${j.chain}`,
      ),
    ),
    '  ;;',
    'remove)',
    ...jumps.flatMap((j) =>
      both((tool) => `  while ${tool} -w -D ${j.from} -j ${j.chain} 2>/dev/null; do :; done`),
    ),
    ...jumps.flatMap((j) =>
      both(
        (tool) =>
          `  ${tool} -w -F ${j.chain} 2>/dev/null || true; ${tool} -w -X ${j.chain} 2>/dev/null || true`,
      ),
    ),
    ...ipsetNames.map((n) => `  ipset destroy ${n} 2>/dev/null || true`),
    '  ;;',
    '*)',
    '  echo "usage: sh $0 check|apply|remove" >&2',
    '  exit 2',
    '  ;;',
    'esac',
  ];
  return `${lines.join('\n')}\n`;
}

/** What one chain allows and drops, for the file header. */
function summaryLines(table: RuleTable, chain: string): string[] {
  const { allows, drops } = ownershipSummary(table, `returns to ${builtIn(table)}`);
  return [
    '#',
    `# Chain ${chain} (from ${builtIn(table)}): ${table.label}`,
    `#   allows: ${allows}`,
    `#   drops:  ${drops}`,
  ];
}

function emitIptables(plan: Plan, options: EmitOptions): EmitResult {
  const { tables, diagnostics } = ruleTables(plan, options, 'iptables');
  const header = headerLines(plan, 'iptables rule set', scopeText(options)).map((l) => `# ${l}`);
  const ipsets = new IpsetRegistry();
  const howTo = [
    '# Apply with the companion script, as root: sh FILE.sh check, then sh FILE.sh apply; roll back with',
    '# sh FILE.sh remove. By hand: ipset restore -exist < FILE.ipset, iptables-restore --noflush < FILE,',
    '# ip6tables-restore --noflush < FILE.ip6, then jump to each chain from its built-in chain once.',
    '# Nothing but the chains and ipsets named here is changed: no other chain, rule or policy.',
    ...tables.flatMap((t, i) => summaryLines(t, chainNames(tables)[i]!)),
  ];
  // Counting first names every ipset in the order the rules use them (IPv4 rules, then IPv6).
  const rules = restoreCount(4, tables, ipsets) + restoreCount(6, tables, ipsets);
  ipsets.sealed = true;
  const v4 = restoreText(4, tables, [...header, ...howTo, ''], ipsets);
  const v6 = restoreText(6, tables, [...header, '# ip6tables-restore input (IPv6 half).', ''], ipsets);
  const ipsetHeader = [
    ...header,
    ipsets.isEmpty
      ? '# No address group is large enough for an ipset: nothing to load.'
      : '# ipset restore input: load before the iptables files.',
  ];
  // The ipset file is written even when no rule needs a set, so a re-run never leaves a stale one behind.
  const companions: EmittedCompanion[] = [
    { ...IP6_COMPANION, text: v6 },
    { ...IPSET_COMPANION, text: textStream(() => ipsets.restoreInput(ipsetHeader)) },
  ];
  companions.push({ ...APPLY_COMPANION, text: applyScript(tables, header, ipsets.names()) });
  return { text: v4, diagnostics, ruleCount: rules, companions };
}

export const iptables = defineEmitter({
  name: 'iptables',
  extension: 'rules',
  description:
    'iptables-restore --noflush input: a chain of its own per firewall, with ip6tables, ipset and apply-script companions',
  capabilities: {
    selections: ['firewall', 'server', 'role', 'boundary'],
    variants: [],
    companions: [IP6_COMPANION, IPSET_COMPANION, APPLY_COMPANION],
    limits: { commentBytes: IPTABLES_COMMENT_MAX_BYTES },
  },
  emit: emitIptables,
});
