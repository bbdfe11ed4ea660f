import { PortSet } from '../model/ports.js';
import type { Feature, Product } from '../model/products.js';
import type { Transport } from '../model/protocols.js';
import type { Role } from '../model/roles.js';
import type { CatalogEntry, Conditions, IpsecException, LintFinding } from './types.js';

/**
 * Filters used by `sfbports catalog`, the planner and the web page. Every field that is set must
 * match (AND); an empty query matches everything.
 */
export interface CatalogQuery {
  /** Entries where this role listens or connects ("what does a Mediation Server need?"). */
  readonly role?: Role;
  /** Entries whose ports overlap this set ("what uses port 5061?"). */
  readonly port?: PortSet;
  readonly transport?: Transport;
  /** Entries that need this feature (in `features` or `anyFeature`). */
  readonly feature?: Feature;
  /** Entries that apply to this product (entries without a product list apply to all). */
  readonly product?: Product;
}

export function entryPorts(entry: CatalogEntry): PortSet {
  return PortSet.fromRanges(entry.ports);
}

export function involvesRole(entry: CatalogEntry, role: Role): boolean {
  return entry.role === role || entry.sources.includes(role);
}

export function needsFeature(conditions: Conditions, feature: Feature): boolean {
  return Boolean(conditions.features?.includes(feature) || conditions.anyFeature?.includes(feature));
}

export function appliesToProduct(conditions: Conditions, product: Product): boolean {
  return conditions.products === undefined || conditions.products.includes(product);
}

export function matchesEntry(entry: CatalogEntry, q: CatalogQuery): boolean {
  if (q.role !== undefined && !involvesRole(entry, q.role)) return false;
  if (q.transport !== undefined && entry.transport !== q.transport) return false;
  if (q.port !== undefined && !entryPorts(entry).overlaps(q.port)) return false;
  if (q.feature !== undefined && !needsFeature(entry.conditions, q.feature)) return false;
  if (q.product !== undefined && !appliesToProduct(entry.conditions, q.product)) return false;
  return true;
}

export function queryEntries(entries: readonly CatalogEntry[], q: CatalogQuery): CatalogEntry[] {
  return entries.filter((e) => matchesEntry(e, q));
}

/** IPsec exceptions cover any port unless they list local ports. */
export function matchesIpsec(x: IpsecException, q: CatalogQuery): boolean {
  if (q.role !== undefined && x.role !== q.role) return false;
  if (q.transport !== undefined && !x.transports.includes(q.transport)) return false;
  if (
    q.port !== undefined &&
    x.localPorts !== undefined &&
    !PortSet.fromRanges(x.localPorts).overlaps(q.port)
  )
    return false;
  if (q.feature !== undefined && !needsFeature(x.conditions, q.feature)) return false;
  if (q.product !== undefined && !appliesToProduct(x.conditions, q.product)) return false;
  return true;
}

export function queryIpsecExceptions(list: readonly IpsecException[], q: CatalogQuery): IpsecException[] {
  return list.filter((x) => matchesIpsec(x, q));
}

/**
 * Findings that concern the selected entries; with an empty query, every finding (including those
 * that name no entry, such as omissions).
 */
export function queryFindings(
  findings: readonly LintFinding[],
  selectedIds: ReadonlySet<string>,
  q: CatalogQuery,
): LintFinding[] {
  const unfiltered = Object.values(q).every((v) => v === undefined);
  if (unfiltered) return [...findings];
  return findings.filter((f) => f.entries.some((id) => selectedIds.has(id)));
}
