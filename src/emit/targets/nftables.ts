import type { Diagnostic } from '../../diag/diagnostic.js';
import { AddressSet, type Family } from '../../model/address-set.js';
import type { Plan } from '../../model/plan.js';
import type { PortSet } from '../../model/ports.js';
import type { ManagementRule } from '../../plan/firewalls.js';
import { textStream } from '../../render/types.js';
import type { Grant } from '../grants.js';
import { flowLines, grantTag, headerLines, scopeText } from '../provenance.js';
import { NFT_COMMENT_MAX_BYTES, nftIdentifier, nftString } from '../quote/nft.js';
import { type OwnedTraffic, ownershipSummary, type RuleTable, ruleTables } from '../rule-tables.js';
import { defineEmitter, type EmitOptions, type EmitResult } from '../types.js';

/**
 * nftables: one `inet` table per boundary (or one for the selected hosts), so IPv4 and IPv6 share a
 * chain and each rule matches `ip` or `ip6` addresses. Address groups and port lists with more than
 * one element become named interval sets; every rule counts and carries its flow ids in a comment.
 */

const FAMILY_KEYWORD: Record<Family, string> = { 4: 'ip', 6: 'ip6' };
const SET_TYPE: Record<Family, string> = { 4: 'ipv4_addr', 6: 'ipv6_addr' };

/** Names and contents of a table's named sets, created on first use so names follow rule order. */
class SetRegistry {
  private readonly byKey = new Map<string, { name: string; lines: string[] }>();
  private readonly counters = { addr4: 0, addr6: 0, ports: 0 };
  /** Once the sets are written, a rule may only name a set already defined. */
  sealed = false;

  address(set: AddressSet, family: Family): string {
    const cidrs = set.cidrs(family).map(AddressSet.hostForm);
    if (cidrs.length === 1) return cidrs[0]!;
    const key = `a${family}:${cidrs.join(',')}`;
    return `@${this.define(key, `addr${family}`, SET_TYPE[family], cidrs)}`;
  }

  ports(ports: PortSet): string {
    const items = ports.items();
    if (items.length === 1) return items[0]!;
    return `@${this.define(`p:${items.join(',')}`, 'ports', 'inet_service', items)}`;
  }

  private define(key: string, kind: keyof SetRegistry['counters'], type: string, items: string[]): string {
    const known = this.byKey.get(key);
    if (known) return known.name;
    if (this.sealed)
      throw new Error(`internal error: set ${key.slice(0, 40)} first named after the sets were written`);
    const name = `${kind}_${++this.counters[kind]}`;
    this.byKey.set(key, {
      name,
      lines: [
        `\tset ${name} {`,
        `\t\ttype ${type}`,
        '\t\tflags interval',
        `\t\telements = { ${items.join(', ')} }`,
        '\t}',
      ],
    });
    return name;
  }

  /** Each set's definition, one piece per set. */
  *pieces(): Generator<string> {
    for (const s of this.byKey.values()) yield `${s.lines.join('\n')}\n`;
  }
}

/** The families a grant needs a rule for: none to split when neither side names an address. */
function familiesOf(grant: Grant): Array<Family | undefined> {
  if (grant.sources.isAny && grant.destinations.isAny) return [undefined];
  return ([4, 6] as const).filter((f) => grant.sources.hasFamily(f) && grant.destinations.hasFamily(f));
}

/** The matches of a grant's rules, one list per family; names the sets they use. */
function ruleMatches(grant: Grant, sets: SetRegistry): string[][] {
  return familiesOf(grant).map((family) => {
    const parts: string[] = [];
    if (family !== undefined) {
      const kw = FAMILY_KEYWORD[family];
      if (!grant.sources.isAny) parts.push(`${kw} saddr ${sets.address(grant.sources, family)}`);
      if (!grant.destinations.isAny) parts.push(`${kw} daddr ${sets.address(grant.destinations, family)}`);
    }
    parts.push(`${grant.transport} dport ${sets.ports(grant.ports)}`);
    return parts;
  });
}

function ruleLines(grant: Grant, sets: SetRegistry): string[] {
  const matches = ruleMatches(grant, sets);
  if (matches.length === 0) return [];
  const comment = `comment ${nftString(grantTag(grant))}`;
  return matches.map((parts) => `\t\t${[...parts, 'counter accept', comment].join(' ')}`);
}

/** A management access line: accepted before any drop, whatever the flows say. */
function managementLines(rule: ManagementRule, hook: RuleTable['hook'], sets: SetRegistry): string[] {
  const grant = {
    transport: rule.transport,
    sources: rule.sources,
    // On the input path the table's own hook already means "to this host".
    destinations: hook === 'input' ? AddressSet.any : rule.destinations,
    ports: rule.ports,
  };
  const comment = nftString(`management: ${rule.description}`);
  return matchLines(grant, sets).map(
    (m) => `\t\t${[...m, 'counter accept', `comment ${comment}`].join(' ')}`,
  );
}

/** What the table is responsible for and did not accept: dropped, and counted so it can be seen. */
function ownedLines(owned: OwnedTraffic, sets: SetRegistry): string[] {
  const comment = nftString(`sfbports drops ${owned.label}: no flow needs it`);
  return matchLines(owned, sets).map((m) => `\t\t${[...m, 'counter drop', `comment ${comment}`].join(' ')}`);
}

/** Address, transport and port matches, one line per family the traffic exists in. */
function matchLines(
  t: { sources: AddressSet; destinations: AddressSet; transport?: string; ports?: PortSet },
  sets: SetRegistry,
): string[][] {
  const ports =
    t.transport !== undefined && t.ports !== undefined ? [`${t.transport} dport ${sets.ports(t.ports)}`] : [];
  if (t.sources.isAny && t.destinations.isAny)
    return [[...(t.transport ? [`meta l4proto ${t.transport}`] : []), ...ports]];
  const out: string[][] = [];
  for (const family of [4, 6] as const) {
    if (!t.sources.hasFamily(family) || !t.destinations.hasFamily(family)) continue;
    const kw = FAMILY_KEYWORD[family];
    const parts: string[] = [];
    if (!t.sources.isAny) parts.push(`${kw} saddr ${sets.address(t.sources, family)}`);
    if (!t.destinations.isAny) parts.push(`${kw} daddr ${sets.address(t.destinations, family)}`);
    if (parts.length === 0) parts.push(`meta nfproto ${family === 4 ? 'ipv4' : 'ipv6'}`);
    out.push([...parts, ...ports]);
  }
  return out;
}

/**
 * One table, a piece per rule. Its named sets come first in the file but are named in rule order, so
 * a first pass over the rules (matches only, no text) names them; the rules then only look them up.
 */
function* tablePieces(table: RuleTable, name: string): Generator<string> {
  const sets = new SetRegistry();
  for (const rule of table.management) managementLines(rule, table.hook, sets);
  for (const grant of table.grants) ruleMatches(grant, sets);
  for (const owned of table.owned) ownedLines(owned, sets);
  sets.sealed = true;
  const infrastructure =
    table.hook === 'input'
      ? [
          '\t\tiifname "lo" accept',
          // Without neighbour discovery an IPv6 host cannot even answer the flows below.
          '\t\ticmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-advert } accept',
        ]
      : [];
  const policy = table.defaultDrop ? 'drop' : 'accept';
  yield `${[
    `# ${table.label}`,
    // Declaring, deleting and redefining the table in one file is one transaction: a reload replaces
    // the table atomically and never touches another table.
    `table inet ${name} {}`,
    `delete table inet ${name}`,
    `table inet ${name} {`,
  ].join('\n')}\n`;
  yield* sets.pieces();
  const head = [
    `\tchain ${table.hook} {`,
    // Policy accept unless the firewall owns the default: a drop here would override every other
    // table's accept on this hook (nftables drops a packet that any base chain drops).
    `\t\ttype filter hook ${table.hook} priority filter; policy ${policy};`,
    '\t\tct state established,related accept',
    ...infrastructure,
  ];
  if (table.management.length > 0) {
    head.push('', '\t\t# Management access, kept whatever the flows say');
    for (const rule of table.management)
      for (const line of managementLines(rule, table.hook, sets)) head.push(line);
  }
  yield `${head.join('\n')}\n`;
  for (const grant of table.grants) {
    const lines = [''];
    for (const line of flowLines(grant)) lines.push(`\t\t# ${line}`);
    for (const line of ruleLines(grant, sets)) lines.push(line);
    yield `${lines.join('\n')}\n`;
  }
  const tail: string[] = [];
  if (table.owned.length > 0) {
    tail.push('', '\t\t# What this table is responsible for and no flow above accepted');
    for (const owned of table.owned) for (const line of ownedLines(owned, sets)) tail.push(line);
  }
  tail.push('\t}', '}');
  yield `${tail.join('\n')}\n`;
}

/** The header paragraph of one table: what it allows, what it drops, how to roll back. */
function summaryLines(table: RuleTable, name: string): string[] {
  const { allows, drops } = ownershipSummary(table, 'passes on to other tables');
  return [
    '#',
    `# Table ${name}: ${table.label}`,
    `#   allows: ${allows}`,
    `#   drops:  ${drops}`,
    `#   roll back: nft delete table inet ${name}`,
  ];
}

/** Table names from zone and host names, made unique where sanitising collapses two into one. */
export function tableNames(tables: readonly RuleTable[]): string[] {
  const used = new Map<string, number>();
  return tables.map((t) => {
    const base = nftIdentifier(`sfbports_${t.nameSeed}`).slice(0, 60);
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  });
}

function emitNftables(plan: Plan, options: EmitOptions): EmitResult {
  const { tables, diagnostics } = ruleTables(plan, options, 'nftables');
  const extra: Diagnostic[] = [];
  if (tables.length > 1) {
    extra.push({
      code: 'emit-several-firewalls',
      severity: 'warning',
      message: `${tables.length} firewalls in one file; each table drops only what passes between its own sides, but load on each firewall only its own table`,
      hint: `choose one with --firewall (${tables.map((t) => t.nameSeed).join(', ')})`,
    });
  }
  const names = tableNames(tables);
  const header = [
    '#!/usr/sbin/nft -f',
    ...headerLines(plan, 'nftables rule set', scopeText(options)).map((l) => `# ${l}`),
    '# Check with `nft -c -f FILE`; load with `nft -f FILE`. Loading again replaces only the tables below,',
    '# atomically; no other table, chain or rule of the machine is touched.',
    ...tables.flatMap((t, i) => summaryLines(t, names[i]!)),
  ];
  // Written a rule at a time: the rule set of a large deployment is longer than a JavaScript string.
  function* pieces(): Generator<string> {
    yield `${header.join('\n')}\n`;
    for (const [i, t] of tables.entries()) {
      yield '\n';
      yield* tablePieces(t, names[i]!);
    }
    if (tables.length === 0) yield '\n# No flow in this scope.\n';
  }
  const ruleCount = tables.reduce((n, t) => n + t.grants.reduce((m, g) => m + familiesOf(g).length, 0), 0);
  return { text: textStream(pieces), diagnostics: [...diagnostics, ...extra], ruleCount };
}

export const nftables = defineEmitter({
  name: 'nftables',
  extension: 'nft',
  description: 'nftables rule set: an inet table of its own per firewall, safe beside existing tables',
  capabilities: {
    selections: ['firewall', 'server', 'role', 'boundary'],
    variants: [],
    companions: [],
    limits: { commentBytes: NFT_COMMENT_MAX_BYTES },
  },
  emit: emitNftables,
});
