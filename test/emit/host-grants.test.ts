import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { compactGrants, type Grant, grantOf } from '../../src/emit/grants.js';
import { hostGrants } from '../../src/emit/host-grants.js';
import { visitHostFlows } from '../../src/emit/scope.js';
import type { EmitOptions } from '../../src/emit/types.js';
import type { Plan } from '../../src/model/plan.js';
import { type Role, WINDOWS_ROLES } from '../../src/model/roles.js';
import { plan as planOf } from '../../src/plan/plan.js';
import { loadTopology } from '../../src/topology/load.js';
import { syntheticTopology } from '../support/synthetic.js';
import { fixturePlan } from './fixtures.js';

/**
 * hostGrants never makes the grant of each (flow, host) pair; what it returns must still be exactly
 * what compacting those grants gives. The reference here is that definition, written out.
 */
function reference(plan: Plan, options: EmitOptions): Grant[] {
  const grants: Grant[] = [];
  visitHostFlows(plan, options, WINDOWS_ROLES, (_name, _role, flow, address) => {
    grants.push(grantOf(flow, address));
  });
  return compactGrants(grants.filter((g) => !g.sources.isEmpty && !g.destinations.isEmpty));
}

const text = (grants: readonly Grant[]) =>
  grants.map(
    (g) =>
      `${g.transport} ${g.optional} ${g.sources.key()} > ${g.destinations.key()} : ${g.ports} [${g.flows.map((f) => f.id).join(',')}]`,
  );

const example = (name: string) => {
  const file = `examples/${name}.yaml`;
  return planOf(loadTopology(readFileSync(file, 'utf8'), file).topology, catalog);
};

describe('hostGrants', () => {
  const plans: Array<[string, Plan]> = [
    ['fixture', fixturePlan],
    ...['enterprise', 'multi-site', 'branch-office', 'alwayson'].map(
      (n) => [n, example(n)] as [string, Plan],
    ),
    ['synthetic 12 sites', planOf(syntheticTopology({ sites: 12, frontEnds: 3 }), catalog)],
  ];

  it.each(plans)('gives the grants of compacting one grant per flow and host (%s)', (_name, plan) => {
    const made = hostGrants(plan, {}, WINDOWS_ROLES);
    expect(made.grants.length).toBeGreaterThan(0);
    expect(text(made.grants)).toEqual(text(reference(plan, {})));
  });

  it('does so for every selection: a server, a role, a boundary', () => {
    const plan = planOf(syntheticTopology({ sites: 6 }), catalog);
    const some = (list: readonly string[]) => list.filter((_, i) => i % 7 === 0);
    const servers = new Set<string>();
    const roles = new Set<Role>();
    const boundaries = new Set<string>();
    visitHostFlows(plan, {}, WINDOWS_ROLES, (name, role, flow) => {
      servers.add(name);
      roles.add(role);
      boundaries.add(`${flow.boundary.from}:${flow.boundary.to}`);
    });
    const selections: EmitOptions[] = [
      ...some([...servers]).map((server) => ({ server })),
      ...[...roles].map((role) => ({ role })),
      ...some([...boundaries]).map((boundary) => ({ boundary })),
    ];
    expect(selections.length).toBeGreaterThan(10);
    for (const options of selections)
      expect(text(hostGrants(plan, options, WINDOWS_ROLES).grants), JSON.stringify(options)).toEqual(
        text(reference(plan, options)),
      );
  });

  it('lists each covered server once, by name, with its roles and addresses', () => {
    const plan = example('enterprise');
    const { hosts } = hostGrants(plan, {}, WINDOWS_ROLES);
    const names = hosts.map((h) => h.name);
    expect(names).toEqual([...new Set(names)].sort());
    for (const h of hosts) {
      expect(h.roles.length).toBeGreaterThan(0);
      expect(h.roles.every((r) => WINDOWS_ROLES.has(r))).toBe(true);
      expect(h.addresses.isEmpty).toBe(false);
    }
  });
});
