import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { AddressSet } from '../../src/model/address-set.js';
import type { Flow } from '../../src/model/flow.js';
import { EndpointTable } from '../../src/plan/endpoints.js';
import type { RoleGroup } from '../../src/plan/groups.js';
import { plan } from '../../src/plan/plan.js';
import { loadTopology } from '../../src/topology/load.js';
import { catalogOf, entry, smallTopology } from './helpers.js';

/** No flow has one host on both sides: a single host is never its own peer (review, issue 10). */

const EXAMPLES = join(import.meta.dirname, '../../examples');

function example(name: string) {
  return loadTopology(readFileSync(join(EXAMPLES, `${name}.yaml`), 'utf8'), `${name}.yaml`).topology;
}

/** A single host on one side that the other side also holds. */
function selfHost(f: Flow): string | undefined {
  if (f.source.kind !== 'hosts' || f.destination.kind !== 'hosts') return undefined;
  const src = f.source.addresses;
  const dst = f.destination.addresses;
  if (src.length === 1 && dst.includes(src[0]!)) return src[0];
  if (dst.length === 1 && src.includes(dst[0]!)) return dst[0];
  return undefined;
}

describe('a flow never has one host on both sides', () => {
  it('gives a Standard Edition server no Front End → Front End flow', () => {
    const p = plan(example('standard-edition'), catalog);
    const toItself = p.flows.filter(
      (f) => f.source.role === 'front-end' && f.destination.role === 'front-end',
    );
    expect(toItself.map((f) => f.id)).toEqual([]);
    expect(p.flows.filter(selfHost).map((f) => f.id)).toEqual([]);
    // The server still reaches its file share and the clients still reach it.
    expect(p.flows.some((f) => f.destination.role === 'file-share')).toBe(true);
    expect(p.flows.some((f) => f.source.role === 'client' && f.destination.role === 'front-end')).toBe(true);
  });

  it('gives a one-server Persistent Chat pool no 881 to itself', () => {
    const p = plan(example('multi-site'), catalog);
    expect(p.flows.filter((f) => f.requirements.includes('persistent-chat.wcf.881'))).toEqual([]);
    expect(p.flows.filter(selfHost).map((f) => f.id)).toEqual([]);
  });

  it('keeps a pool of several servers → the same pool: traffic between its members', () => {
    const p = plan(smallTopology(), catalogOf([entry('fe.sip.5061', 'front-end', ['front-end'], '5061')]));
    const toPool01 = p.flows.find((f) => f.destination.pool === 'pool01.contoso.com')!;
    expect(toPool01.source.names).toEqual(['fe01.contoso.com', 'fe02.contoso.com', 'fe11.contoso.com']);
    expect(toPool01.destination.names).toEqual(['fe01.contoso.com', 'fe02.contoso.com']);
  });

  it('takes a single destination host out of gathered sources, addresses and address set alike', () => {
    const p = plan(smallTopology(), catalogOf([entry('fe.sip.5061', 'front-end', ['front-end'], '5061')]));
    const toFe11 = p.flows.filter((f) => f.destination.names.join() === 'fe11.contoso.com');
    expect(toFe11).toHaveLength(1);
    const src = toFe11[0]!.source;
    expect(src.names).toEqual(['fe01.contoso.com', 'fe02.contoso.com']);
    expect(src.addresses).toEqual(['192.0.2.11', '192.0.2.12']);
    expect(src.addressSets.map(String)).toEqual(['192.0.2.11', '192.0.2.12']);
    expect(src.addressSet.equals(AddressSet.parse(['192.0.2.11', '192.0.2.12']))).toBe(true);
    expect(src.addressSet.has(4, 0xc0000233n)).toBe(false);
  });

  it('drops a collocated Mediation Server talking to its own single Front End server', () => {
    const topology = example('standard-edition');
    const se = topology.sites[0]!.pools[0]!;
    const withVoice = {
      ...topology,
      sites: [
        {
          ...topology.sites[0]!,
          pools: [{ ...se, collocatedMediation: true, features: [...se.features, 'enterprise-voice'] }],
        },
      ],
    } as typeof topology;
    const p = plan(withVoice, catalog);
    expect(p.flows.filter(selfHost).map((f) => `${f.source.role} → ${f.destination.role}`)).toEqual([]);
    expect(
      p.flows.filter((f) => f.source.role === 'front-end' && f.destination.role === 'mediation'),
    ).toEqual([]);
  });

  it('has no self-flow in any example', () => {
    for (const name of ['enterprise', 'multi-site', 'hardware-load-balanced', 'standard-edition']) {
      expect(
        plan(example(name), catalog)
          .flows.filter(selfHost)
          .map((f) => `${name} ${f.id}`),
      ).toEqual([]);
    }
  });
});

describe('EndpointTable.sharedSingleHost / withoutHost', () => {
  const group = (key: string, zone: string, hosts: Array<[string, string]>): RoleGroup => ({
    key,
    role: 'front-end',
    base: 'fe',
    kind: 'hosts',
    parts: [
      {
        zone,
        members: hosts.map(([name, address]) => ({ name, address, set: AddressSet.parse([address]) })),
      },
    ],
    order: 0,
  });
  const table = new EndpointTable(() => 0);
  const [one] = table.gather('front-end', [group('a', 'z', [['a1', '192.0.2.1']])]);
  const [many] = table.gather('front-end', [
    group('a', 'z', [['a1', '192.0.2.1']]),
    group('b', 'z', [
      ['b1', '192.0.2.2'],
      ['b2', '192.0.2.3'],
    ]),
  ]);
  const [other] = table.gather('front-end', [group('c', 'z', [['c1', '192.0.2.9']])]);

  it('finds the one host both sides name, whichever side is the single host', () => {
    expect(table.sharedSingleHost(many!, one!)).toBe('192.0.2.1');
    expect(table.sharedSingleHost(one!, many!)).toBe('192.0.2.1');
    expect(table.sharedSingleHost(one!, one!)).toBe('192.0.2.1');
    expect(table.sharedSingleHost(many!, many!)).toBeUndefined();
    expect(table.sharedSingleHost(other!, many!)).toBeUndefined();
  });

  it('removes the host and interns the result; nothing is left of a single host', () => {
    const rest = table.withoutHost(many!, '192.0.2.1')!;
    expect(rest.endpoint.names).toEqual(['b1', 'b2']);
    expect(rest.endpoint.addressSet.toString()).toBe('192.0.2.2/31');
    expect(rest.id).not.toBe(many!.id);
    expect(rest.hash).not.toBe(many!.hash);
    expect(table.withoutHost(many!, '192.0.2.1')).toBe(rest);
    expect(table.withoutHost(one!, '192.0.2.1')).toBeUndefined();
  });
});
