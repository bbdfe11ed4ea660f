import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { compactGrants, type Grant, grantOf } from '../../src/emit/grants.js';
import { hostGrants } from '../../src/emit/host-grants.js';
import { visitHostFlows } from '../../src/emit/scope.js';
import type { EmitOptions } from '../../src/emit/types.js';
import { parsedAddresses } from '../../src/model/flow.js';
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

  it('merges along ports every pair towards one address, whichever host name it comes under', () => {
    // fe1 has two names in one flow, and a third in another flow, all on 192.0.2.11; fe2 (192.0.2.12)
    // takes the first flow only. Compacting one grant per pair merges 192.0.2.11's two ports first,
    // so fe2's grant stays apart; merging by host name first would put fe2 in with 192.0.2.11's 5061.
    const [first, second] = fixturePlan.flows.filter((f) => f.destination.role === 'front-end');
    if (!first || !second) throw new Error('the fixture has two flows to the Front End servers');
    const to = (hosts: ReadonlyArray<readonly [string, string]>) => ({
      ...first.destination,
      names: hosts.map(([name]) => name),
      ...parsedAddresses(hosts.map(([, address]) => address)),
    });
    const plan: Plan = {
      ...fixturePlan,
      flows: [
        {
          ...first,
          id: 'f-shared-1',
          destination: to([
            ['fe1.fabrikam.com', '192.0.2.11'],
            ['fe1-alias.fabrikam.com', '192.0.2.11'],
            ['fe2.fabrikam.com', '192.0.2.12'],
          ]),
        },
        {
          ...second,
          id: 'f-shared-2',
          source: first.source,
          destination: to([['fe1-other.fabrikam.com', '192.0.2.11']]),
        },
      ],
    };
    const made = hostGrants(plan, {}, WINDOWS_ROLES);
    expect(text(made.grants)).toEqual(text(reference(plan, {})));
    expect(made.grants.map((g) => `${g.destinations} ${g.ports}`).sort()).toEqual([
      '192.0.2.11 5061,8057',
      '192.0.2.12 5061',
    ]);
    expect(made.hosts.map((h) => h.name)).toEqual([
      'fe1-alias.fabrikam.com',
      'fe1-other.fabrikam.com',
      'fe1.fabrikam.com',
      'fe2.fabrikam.com',
    ]);
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
