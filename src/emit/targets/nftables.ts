import type { Diagnostic } from '../../diag/diagnostic.js';
import { AddressSet, type Family } from '../../model/address-set.js';
import type { Plan } from '../../model/plan.js';
import type { PortSet } from '../../model/ports.js';
import type { Grant } from '../grants.js';
import { flowLines, grantTag, headerLines, scopeText } from '../provenance.js';
import { NFT_COMMENT_MAX_BYTES, nftIdentifier, nftString } from '../quote/nft.js';
import { type RuleTable, ruleTables } from '../rule-tables.js';
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

  lines(): string[] {
    return [...this.byKey.values()].flatMap((s) => s.lines);
  }
}

/** The families a grant needs a rule for: none to split when neither side names an address. */
function familiesOf(grant: Grant): Array<Family | undefined> {
  if (grant.sources.isAny && grant.destinations.isAny) return [undefined];
  return ([4, 6] as const).filter((f) => grant.sources.hasFamily(f) && grant.destinations.hasFamily(f));
}

function ruleLines(grant: Grant, sets: SetRegistry): string[] {
  const lines: string[] = [];
  for (const family of familiesOf(grant)) {
    const parts: string[] = [];
    if (family !== undefined) {
      const kw = FAMILY_KEYWORD[family];
      if (!grant.sources.isAny) parts.push(`${kw} saddr ${sets.address(grant.sources, family)}`);
      if (!grant.destinations.isAny) parts.push(`${kw} daddr ${sets.address(grant.destinations, family)}`);
    }
    parts.push(`${grant.transport} dport ${sets.ports(grant.ports)}`, 'counter accept');
    parts.push(`comment ${nftString(grantTag(grant))}`);
    lines.push(`\t\t${parts.join(' ')}`);
  }
  return lines;
}

function tableText(table: RuleTable, name: string): string[] {
  const sets = new SetRegistry();
  const body: string[] = [];
  for (const grant of table.grants) {
    body.push('');
    for (const line of flowLines(grant)) body.push(`\t\t# ${line}`);
    body.push(...ruleLines(grant, sets));
  }
  const infrastructure =
    table.hook === 'input'
      ? [
          '\t\tiifname "lo" accept',
          // Without neighbour discovery an IPv6 host cannot even answer the flows below.
          '\t\ticmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-advert } accept',
        ]
      : [];
  return [
    `# ${table.label}`,
    // Declaring, deleting and redefining the table makes a re-run replace it instead of adding to it.
    `table inet ${name} {}`,
    `delete table inet ${name}`,
    `table inet ${name} {`,
    ...sets.lines(),
    `\tchain ${table.hook} {`,
    `\t\ttype filter hook ${table.hook} priority filter; policy drop;`,
    '\t\tct state established,related accept',
    ...infrastructure,
    ...body,
    '\t}',
    '}',
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
  const { tables, diagnostics } = ruleTables(plan, options);
  const extra: Diagnostic[] = [];
  if (tables.length > 1) {
    extra.push({
      code: 'emit-several-boundaries',
      severity: 'warning',
      message: `${tables.length} boundaries in one file; each table drops what the others accept, so load one table per firewall`,
      hint: `choose one with --boundary (${tables.map((t) => t.label.replace(' -> ', ':')).join(', ')})`,
    });
  }
  const names = tableNames(tables);
  const out = [
    '#!/usr/sbin/nft -f',
    ...headerLines(plan, 'nftables rule set', scopeText(options)).map((l) => `# ${l}`),
    '# Check with `nft -c -f FILE`, load with `nft -f FILE`; loading again replaces the tables.',
    '# Each table drops everything else on its hook: one boundary table per firewall.',
  ];
  tables.forEach((t, i) => {
    out.push('', ...tableText(t, names[i]!));
  });
  if (tables.length === 0) out.push('', '# No flow in this scope.');
  const ruleCount = tables.reduce((n, t) => n + t.grants.reduce((m, g) => m + familiesOf(g).length, 0), 0);
  return { text: `${out.join('\n')}\n`, diagnostics: [...diagnostics, ...extra], ruleCount };
}

export const nftables = defineEmitter({
  name: 'nftables',
  extension: 'nft',
  description: 'nftables rule set: an inet table per zone boundary (or input chain for --server/--role)',
  capabilities: {
    selections: ['server', 'role', 'boundary'],
    variants: [],
    companions: [],
    limits: { commentBytes: NFT_COMMENT_MAX_BYTES },
  },
  emit: emitNftables,
});
