import { parseAddress } from '../model/address-set.js';
import type { Notes } from './notes.js';

/**
 * Zones proposed from the addresses the import found, when no --zones FILE gives them: per site, the
 * internal servers; the Edge servers' internal and external sides; the internet. Each zone holds the
 * /24 (IPv4) or /64 (IPv6) networks of its addresses, or single hosts where two kinds share a network,
 * so no two zones overlap. A proposal, commented as such: the real subnets are the administrator's.
 */

type Obj = Record<string, unknown>;
type Category = 'servers' | 'perimeter-internal' | 'perimeter-external';

interface Placed {
  readonly ip: string;
  readonly site: string;
  readonly category: Category;
}

export function proposeZones(topology: Obj, notes: Notes): Record<string, string | string[]> {
  const placed = collect(topology);
  const zoneName = namer(placed);
  const byNetwork = new Map<string, Placed[]>();
  for (const p of placed) {
    const net = network(p.ip);
    if (!net) continue;
    byNetwork.set(net, [...(byNetwork.get(net) ?? []), p]);
  }
  const zones = new Map<string, Set<string>>();
  for (const [net, members] of byNetwork) {
    const names = new Set(members.map((m) => zoneName(m)));
    for (const m of members) {
      const name = zoneName(m);
      const set = zones.get(name) ?? new Set<string>();
      set.add(names.size === 1 ? net : host(m.ip));
      zones.set(name, set);
    }
  }
  const out: Record<string, string | string[]> = {};
  for (const [name, cidrs] of zones) {
    out[name] = [...cidrs].sort();
    notes.add(
      ['zones', name],
      'inferred',
      `proposed: the ${name.endsWith('servers') ? "servers'" : 'Edge servers\u2019'} networks (/24 each, single hosts where kinds share one); give the real subnets with --zones FILE`,
    );
  }
  const sites = (topology.sites ?? []) as Obj[];
  if (
    sites.some(
      (s) =>
        ((s.edgePools as unknown[]) ?? []).length > 0 || ((s.reverseProxies as unknown[]) ?? []).length > 0,
    )
  ) {
    out.internet = 'any';
    notes.add(
      ['zones', 'internet'],
      'inferred',
      'the internet, where remote users and federated partners are',
    );
  }
  return out;
}

function collect(topology: Obj): Placed[] {
  const out: Placed[] = [];
  for (const site of (topology.sites ?? []) as Obj[]) {
    const name = String(site.name);
    const add = (ip: unknown, category: Category) => {
      if (typeof ip === 'string' && parseAddress(ip).ok) out.push({ ip, site: name, category });
    };
    for (const pool of (site.pools ?? []) as Obj[])
      for (const s of pool.servers as Obj[]) add(s.ip, 'servers');
    for (const list of ['sqlServers', 'fileShares', 'officeOnlineServers', 'gateways', 'branchAppliances']) {
      for (const h of (site[list] ?? []) as Obj[]) add(h.ip, 'servers');
    }
    for (const edge of (site.edgePools ?? []) as Obj[]) {
      for (const s of edge.servers as Obj[]) {
        add(s.internal, 'perimeter-internal');
        for (const ip of Object.values((s.external ?? {}) as Obj)) add(ip, 'perimeter-external');
      }
    }
    for (const rp of (site.reverseProxies ?? []) as Obj[]) {
      add(rp.internal, 'perimeter-internal');
      add(rp.external, 'perimeter-external');
    }
  }
  return out;
}

/** Zone names: the category alone, prefixed with the site where several sites have that category. */
function namer(placed: readonly Placed[]): (p: Placed) => string {
  const sitesOf = new Map<Category, Set<string>>();
  for (const p of placed) sitesOf.set(p.category, (sitesOf.get(p.category) ?? new Set()).add(p.site));
  return (p) =>
    (sitesOf.get(p.category)?.size ?? 0) > 1 ? `${slug(p.site)}-${p.category}`.slice(0, 32) : p.category;
}

function slug(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(s) ? s.slice(0, 12) : `site-${s}`.slice(0, 12);
}

function network(ip: string): string | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return `${ip.split('.').slice(0, 3).join('.')}.0/24`;
  const parsed = parseAddress(ip);
  if (!parsed.ok) return undefined;
  // IPv6: the /64 of the address, written in full groups so that equal networks compare equal.
  const groups = expandV6(ip);
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : undefined;
}

function host(ip: string): string {
  return ip.includes(':') ? `${ip}/128` : `${ip}/32`;
}

function expandV6(ip: string): string[] | undefined {
  const [head, tail] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  if (h.some((g) => g.includes('.')) || t.some((g) => g.includes('.'))) return undefined;
  const fill = 8 - h.length - t.length;
  if (ip.includes('::') ? fill < 0 : h.length !== 8) return undefined;
  return [...h, ...Array(ip.includes('::') ? fill : 0).fill('0'), ...t].map((g) =>
    g.toLowerCase().replace(/^0+(?=.)/, ''),
  );
}
