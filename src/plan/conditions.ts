import type { Conditions } from '../catalog/types.js';
import type { Product } from '../model/products.js';
import { gatewayBypass } from './configurable.js';
import { type PoolFacts, type RoleGroup, registersAt } from './groups.js';

/**
 * The contract's condition rules, split the way the planner uses them: what a destination decides on
 * its own, and what is left to ask of each source.
 *   - features / anyFeature: enabled on the destination's pool or the source's pool; when neither side
 *     is a pool, on any pool of the topology.
 *   - loadBalancing, collocatedMediation, cmsHolder, externalWebPorts, loadBalancerSourceNat: on the destination's pool (for -lb roles, the pool
 *     behind the VIP); when the destination is no pool, on the source's pool; when neither, any pool.
 *   - sourceCmsHolder: on the source's pool (only the pool holding the Central Management store).
 *   - edgeNat: on the Edge pool of either side; when neither side is an Edge pool, any Edge pool.
 *   - mediaBypass: on the PSTN gateway of either side (the destination's, else the source's); a pair
 *     with no gateway fails, because bypass is a setting of one trunk, never of the topology.
 *   - products: against the product of the destination's pool (its own `product`, else the
 *     topology's); when the destination is no pool, of the source's pool; when neither side is a
 *     pool, some pool of the topology must run a listed product (with no pools: the topology's).
 *     So a 2015 Persistent Chat pool in a 2019 topology gets its 5041 / 881 flows, a 2019 pool none.
 *   - registrar: a client or phone zone that names its registrar (clients.registrars) reaches only
 *     that pool or branch appliance (and an appliance's backup pool), and a Director only when it
 *     signs in through it; other sources, and zones that name nothing, reach every one.
 */

export function offersFeatures(pool: PoolFacts, c: Conditions): boolean {
  if (c.features && !c.features.every((f) => pool.features.has(f))) return false;
  if (c.anyFeature && c.anyFeature.length > 0 && !c.anyFeature.some((f) => pool.features.has(f)))
    return false;
  return true;
}

export function hasFeatureCondition(c: Conditions): boolean {
  return (c.features?.length ?? 0) > 0 || (c.anyFeature?.length ?? 0) > 0;
}

function hasPoolSettingCondition(c: Conditions): boolean {
  return (
    c.loadBalancing !== undefined ||
    c.collocatedMediation !== undefined ||
    c.cmsHolder !== undefined ||
    c.externalWebPorts !== undefined ||
    c.loadBalancerSourceNat !== undefined
  );
}

export function matchesPoolSettings(pool: PoolFacts, c: Conditions): boolean {
  if (c.loadBalancing !== undefined && pool.loadBalancing !== c.loadBalancing) return false;
  if (c.collocatedMediation !== undefined && pool.collocatedMediation !== c.collocatedMediation) return false;
  if (c.cmsHolder !== undefined && pool.cmsHolder !== c.cmsHolder) return false;
  if (c.externalWebPorts !== undefined && pool.externalWebPorts !== c.externalWebPorts) return false;
  if (c.loadBalancerSourceNat !== undefined && pool.loadBalancerSourceNat !== c.loadBalancerSourceNat)
    return false;
  return true;
}

export function productHolds(c: Conditions, product: string): boolean {
  return !c.products || c.products.includes(product as Product);
}

/** Answers to "does any pool of the topology …?", for conditions no side of an entry can answer. */
export interface TopologyFacts {
  readonly product: string;
  readonly pools: readonly PoolFacts[];
}

/** How many of the topology's pools run each product, computed once per facts object. */
const productCounts = new WeakMap<TopologyFacts, ReadonlyMap<string, number>>();

function productsOf(facts: TopologyFacts): ReadonlyMap<string, number> {
  let counts = productCounts.get(facts);
  if (!counts) {
    const m = new Map<string, number>();
    if (facts.pools.length === 0) m.set(facts.product, 0);
    for (const p of facts.pools) m.set(p.product, (m.get(p.product) ?? 0) + 1);
    counts = m;
    productCounts.set(facts, counts);
  }
  return counts;
}

/**
 * The product condition for one destination: undefined when it fails whatever the source, null when
 * every source passes, otherwise the source test. When every pool passes, no test is asked, so a
 * topology of one product plans exactly as it did before products per pool.
 */
function productCondition(
  c: Conditions,
  dp: PoolFacts | undefined,
  facts: TopologyFacts,
): ((s: RoleGroup) => boolean) | null | undefined {
  if (!c.products) return null;
  if (dp) return productHolds(c, dp.product) ? null : undefined;
  const counts = productsOf(facts);
  const holding = [...counts.keys()].filter((p) => productHolds(c, p));
  if (holding.length === 0) return undefined;
  if (holding.length === counts.size) return null;
  return (s) => (s.pool ? productHolds(c, s.pool.product) : true);
}

/**
 * For one destination group: undefined when the condition fails whatever the source, otherwise a
 * source test (`null` when every source passes). `cacheKey` names the source test so callers can
 * share filtered source sets between destinations that leave the same question open.
 */
export interface SourceTest {
  readonly test: ((source: RoleGroup) => boolean) | null;
  readonly cacheKey: string;
}

const EVERY_SOURCE: SourceTest = Object.freeze({ test: null, cacheKey: '' });

/** Whether any condition looks at a pool: most entries ask nothing beyond the product. */
function asksPools(c: Conditions): boolean {
  return (
    hasFeatureCondition(c) ||
    hasPoolSettingCondition(c) ||
    c.sourceCmsHolder !== undefined ||
    c.edgeNat !== undefined ||
    c.mediaBypass !== undefined ||
    c.registrar === true
  );
}

/** Answers already given, per facts and conditions, by the destination's pool or gateway. */
const answers = new WeakMap<TopologyFacts, WeakMap<Conditions, Map<object, SourceTest | undefined>>>();
const NO_POOL_OR_GATEWAY = {};

export function conditionForDestination(
  c: Conditions,
  destination: RoleGroup,
  facts: TopologyFacts,
): SourceTest | undefined {
  // The registrar test names the destination itself; every other rule looks only at its pool or its
  // gateway (a group has at most one of them), which many destinations share or lack: one answer each.
  if (c.registrar === true || (destination.pool && destination.gateway)) {
    return sourceTestFor(c, destination, facts);
  }
  let byConditions = answers.get(facts);
  if (!byConditions) {
    byConditions = new WeakMap();
    answers.set(facts, byConditions);
  }
  let known = byConditions.get(c);
  if (!known) {
    known = new Map();
    byConditions.set(c, known);
  }
  const key = destination.pool ?? destination.gateway ?? NO_POOL_OR_GATEWAY;
  if (known.has(key)) return known.get(key);
  const answer = sourceTestFor(c, destination, facts);
  known.set(key, answer);
  return answer;
}

function sourceTestFor(c: Conditions, destination: RoleGroup, facts: TopologyFacts): SourceTest | undefined {
  const dp = destination.pool;
  const byProduct = productCondition(c, dp, facts);
  if (byProduct === undefined) return undefined;
  if (!asksPools(c) && byProduct === null) return EVERY_SOURCE;
  const tests: Array<(s: RoleGroup) => boolean> = [];
  const keys: string[] = [];
  if (byProduct) {
    tests.push(byProduct);
    keys.push('p');
  }

  if (hasFeatureCondition(c) && !(dp && offersFeatures(dp, c))) {
    const anyPool = facts.pools.some((p) => offersFeatures(p, c));
    tests.push((s) => (s.pool ? offersFeatures(s.pool, c) : !dp && anyPool));
    keys.push(dp ? 'f' : 'F');
  }

  if (hasPoolSettingCondition(c)) {
    if (dp) {
      if (!matchesPoolSettings(dp, c)) return undefined;
    } else {
      const anyPool = facts.pools.some((p) => matchesPoolSettings(p, c));
      tests.push((s) => (s.pool ? matchesPoolSettings(s.pool, c) : anyPool));
      keys.push('s');
    }
  }

  // sourceCmsHolder: only the pool holding the Central Management store pushes its data out.
  if (c.sourceCmsHolder !== undefined) {
    tests.push((s) => (s.pool?.cmsHolder ?? false) === c.sourceCmsHolder);
    keys.push('c');
  }

  if (c.edgeNat !== undefined) {
    if (dp?.kind === 'edge') {
      if (dp.nat !== c.edgeNat) return undefined;
    } else {
      const anyEdge = facts.pools.some((p) => p.kind === 'edge' && p.nat === c.edgeNat);
      tests.push((s) => (s.pool?.kind === 'edge' ? s.pool.nat === c.edgeNat : anyEdge));
      keys.push('n');
    }
  }

  // mediaBypass: a setting of one gateway's trunk, asked of the gateway at either end.
  if (c.mediaBypass !== undefined) {
    const want = c.mediaBypass;
    if (destination.gateway) {
      if (gatewayBypass(destination.gateway) !== want) return undefined;
    } else {
      tests.push((s) => s.gateway !== undefined && gatewayBypass(s.gateway) === want);
      keys.push(want ? 'b' : 'B');
    }
  }

  // registrar: the answer depends on this destination, so the key names it.
  if (c.registrar === true) {
    tests.push((s) => registersAt(s, destination));
    keys.push(`r:${destination.key}`);
  }

  if (tests.length === 0) return EVERY_SOURCE;
  if (tests.length === 1) return { test: tests[0]!, cacheKey: keys[0]! };
  // A loop, not tests.every(callback): the test runs once per candidate source.
  const test = (s: RoleGroup) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i]!(s)) return false;
    return true;
  };
  return { test, cacheKey: keys.join('') };
}

/** The same rules for one concrete pair, as a reference the tests compare the planner against. */
export function conditionHolds(
  c: Conditions,
  source: RoleGroup,
  destination: RoleGroup,
  facts: TopologyFacts,
): boolean {
  const r = conditionForDestination(c, destination, facts);
  return r !== undefined && (r.test === null || r.test(source));
}
