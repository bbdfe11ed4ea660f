import { AddressSet } from '../../../src/model/address-set.js';
import { PortSet } from '../../../src/model/ports.js';
import type { Transport } from '../../../src/model/protocols.js';
import type { Box } from './packet-space.js';

/** A dropped slice of traffic: addresses, and transport and ports where the rule names them. */
export interface DropBox {
  readonly sources: AddressSet;
  readonly destinations: AddressSet;
  readonly transport?: Transport;
  readonly ports?: PortSet;
}

/**
 * Reads `nft -j list ruleset` back into boxes (sources × destinations × transport × ports) per table,
 * so a test can compare what the kernel holds with what the plan asked for. Only the shapes the
 * nftables emitter writes are understood; anything else fails loudly instead of being skipped.
 */
type Json = Record<string, unknown>;

export interface LoadedTable {
  readonly name: string;
  readonly policy: string | undefined;
  readonly boxes: Box[];
  /** Accept rules that are not flows: conntrack, loopback, neighbour discovery. */
  readonly infrastructure: number;
  /** Accept rules for management access (comment "management: …"). */
  readonly management: Box[];
  /** Drop rules: what the table is responsible for; transport and ports only on host tables. */
  readonly drops: DropBox[];
  readonly comments: string[];
}

function element(e: unknown): string {
  if (typeof e === 'string' || typeof e === 'number') return String(e);
  const o = e as Json;
  if (o.prefix) {
    const p = o.prefix as { addr: string; len: number };
    return `${p.addr}/${p.len}`;
  }
  if (o.range) {
    const [a, b] = o.range as [unknown, unknown];
    return `${element(a)}-${element(b)}`;
  }
  throw new Error(`unexpected set element ${JSON.stringify(e)}`);
}

function values(right: unknown, sets: Map<string, string[]>): string[] {
  if (typeof right === 'string' && right.startsWith('@')) {
    const found = sets.get(right.slice(1));
    if (!found) throw new Error(`unknown set ${right}`);
    return found;
  }
  if (right && typeof right === 'object' && 'set' in (right as Json))
    return ((right as Json).set as unknown[]).map(element);
  return [element(right)];
}

function addressRange(text: string): string[] {
  // An address range a-b is rare here (CIDRs are emitted); keep it exact by expanding via AddressSet.
  if (!text.includes('-') || text.includes('/')) return [text];
  throw new Error(`address range ${text} not expected from the emitter`);
}

export function parseNftJson(text: string): LoadedTable[] {
  const items = (JSON.parse(text) as { nftables: Json[] }).nftables;
  const tables = new Map<string, LoadedTable>();
  const sets = new Map<string, Map<string, string[]>>();
  for (const item of items) {
    if (item.table) {
      const t = item.table as Json;
      tables.set(t.name as string, {
        name: t.name as string,
        policy: undefined,
        boxes: [],
        infrastructure: 0,
        management: [],
        drops: [],
        comments: [],
      });
      sets.set(t.name as string, new Map());
    } else if (item.set) {
      const s = item.set as Json;
      sets.get(s.table as string)!.set(s.name as string, ((s.elem as unknown[]) ?? []).map(element));
    } else if (item.chain) {
      const c = item.chain as Json;
      const t = tables.get(c.table as string)!;
      tables.set(t.name, { ...t, policy: c.policy as string | undefined });
    } else if (item.rule) {
      const r = item.rule as Json;
      const table = tables.get(r.table as string)!;
      const tableSets = sets.get(table.name)!;
      let sources: AddressSet = AddressSet.any;
      let destinations: AddressSet = AddressSet.any;
      let transport: Transport | undefined;
      let ports: PortSet | undefined;
      let accept = false;
      let drop = false;
      let infrastructure = false;
      for (const expr of r.expr as Json[]) {
        if (expr.accept !== undefined) accept = true;
        else if (expr.drop !== undefined) drop = true;
        else if (expr.counter !== undefined) continue;
        else if (expr.match) {
          const m = expr.match as { op: string; left: Json; right: unknown };
          if (m.op !== '==' && m.op !== 'in') throw new Error(`unexpected operator ${m.op}`);
          const payload = m.left.payload as { protocol: string; field: string } | undefined;
          if (!payload) {
            const meta = (m.left.meta as { key?: string } | undefined)?.key;
            // meta nfproto / l4proto only narrow a drop rule to a family or transport.
            if (meta === 'nfproto') continue;
            if (meta === 'l4proto') {
              transport = m.right as Transport;
              continue;
            }
            infrastructure = true; // ct state, iifname
            continue;
          }
          if (payload.protocol === 'icmpv6') {
            infrastructure = true;
            continue;
          }
          if (payload.field === 'saddr' || payload.field === 'daddr') {
            const set = AddressSet.parse(values(m.right, tableSets).flatMap(addressRange));
            if (payload.field === 'saddr') sources = set;
            else destinations = set;
          } else if (
            payload.field === 'dport' &&
            (payload.protocol === 'tcp' || payload.protocol === 'udp')
          ) {
            transport = payload.protocol;
            ports = PortSet.parse(values(m.right, tableSets).join(','));
          } else throw new Error(`unexpected match ${JSON.stringify(m)}`);
        } else throw new Error(`unexpected expression ${JSON.stringify(expr)}`);
      }
      if (drop) {
        table.drops.push({
          sources,
          destinations,
          ...(transport ? { transport } : {}),
          ...(ports ? { ports } : {}),
        });
        continue;
      }
      if (!accept) throw new Error(`rule without accept or drop: ${JSON.stringify(r)}`);
      if (infrastructure) {
        tables.set(table.name, { ...table, infrastructure: table.infrastructure + 1 });
        continue;
      }
      if (!transport || !ports) throw new Error(`accept rule without a port match: ${JSON.stringify(r)}`);
      if (typeof r.comment === 'string' && r.comment.startsWith('management:')) {
        table.management.push({ transport, sources, destinations, ports });
        continue;
      }
      table.boxes.push({ transport, sources, destinations, ports });
      if (typeof r.comment === 'string') table.comments.push(r.comment);
    }
  }
  return [...tables.values()];
}
