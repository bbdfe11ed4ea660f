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

/**
 * Coexistence: which products' pools a topology of each product can hold. The topology's product is
 * the newest of the deployment (its Topology Builder publishes the topology and holds the Central
 * Management store at the end of a migration); pools being migrated keep an earlier product. The vendor
 * states the mixed topologies it supports per version ("Plan hybrid connectivity between Skype
 * for Business Server and Office 365", products.md PV-12): 2019 with 2015 and Lync 2013 pools, 2015 with Lync 2013 (and Lync 2010, which
 * sfbports does not model), Lync 2013 with Lync 2010 only. Subscription Edition has no page; sfbports
 * assumes it holds what 2019 holds, plus 2019 pools (our assumption, products.md SE-04).
 */
export const COEXISTING_PRODUCTS: Readonly<Record<Product, readonly Product[]>> = {
  lync2013: ['lync2013'],
  sfb2015: ['lync2013', 'sfb2015'],
  sfb2019: ['lync2013', 'sfb2015', 'sfb2019'],
  sfbse: ['lync2013', 'sfb2015', 'sfb2019', 'sfbse'],
};

/** The product a pool or Edge pool runs: its own `product` (version 2), else the topology's. */
export function productOf(topology: { product: string }, pool: { product?: string | undefined }): Product {
  return (pool.product ?? topology.product) as Product;
}
