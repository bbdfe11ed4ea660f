import type { Feature, Product } from '../model/products.js';

/**
 * Features a product does not have. Skype for Business Server 2019 dropped them (PAGES.deprecated2019,
 * "Skype for Business Server 2019 deprecations"); Subscription Edition has no port page of its own,
 * so sfbports assumes it matches 2019 (our assumption, not the vendor's).
 */
const REMOVED_IN_2019: ReadonlyMap<Feature, string> = new Map<Feature, string>([
  ['persistent-chat', 'Persistent Chat Server was removed in Skype for Business Server 2019'],
  ['xmpp', 'XMPP federation (gateway and proxy) is not supported in Skype for Business Server 2019'],
  [
    'sql-mirroring',
    'SQL Server mirroring for the back end is not supported in Skype for Business Server 2019',
  ],
]);

export const UNSUPPORTED_FEATURES: Readonly<Record<Product, ReadonlyMap<Feature, string>>> = {
  lync2013: new Map(),
  sfb2015: new Map(),
  sfb2019: REMOVED_IN_2019,
  sfbse: new Map(
    [...REMOVED_IN_2019].map(([f, why]) => [f, `${why} (Subscription Edition is assumed to match 2019)`]),
  ),
};

/** Why `product` cannot run `feature`, or undefined when it can. */
export function unsupportedFeature(product: Product, feature: Feature): string | undefined {
  return UNSUPPORTED_FEATURES[product].get(feature);
}
