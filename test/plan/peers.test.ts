import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { checkCatalog } from '../../src/catalog/integrity.js';
import type { Flow } from '../../src/model/flow.js';
import { PortSet } from '../../src/model/ports.js';
import { plan } from '../../src/plan/plan.js';
import { syntheticTopology } from '../support/synthetic.js';
import { catalogOf, entry, smallTopology } from './helpers.js';

/** `peers`: a Front End port that serves the pool itself is not opened between pools (review issue 10). */

function show(f: Flow): string {
  return `${f.source.names.join(',')} → ${f.destination.names.join(',')}`;
}

describe('peers in the planner', () => {
  it('same-pool: only the servers of the destination pool, never another pool', () => {
    const e = entry('fe.mcu.5062', 'front-end', ['front-end'], '5062', { peers: 'same-pool' });
    // pool02 has one server: it would be its own peer, so it gets nothing.
    expect(plan(smallTopology(), catalogOf([e])).flows.map(show)).toEqual([
      'fe01.contoso.com,fe02.contoso.com → fe01.contoso.com,fe02.contoso.com',
    ]);
  });

  it('other-pools: only the servers of the other pools', () => {
    const e = entry('fe.x.4443', 'front-end', ['front-end'], '4443', { peers: 'other-pools' });
    expect(plan(smallTopology(), catalogOf([e])).flows.map(show)).toEqual([
      'fe11.contoso.com → fe01.contoso.com,fe02.contoso.com',
      'fe01.contoso.com,fe02.contoso.com → fe11.contoso.com',
    ]);
  });

  it('leaves the other source roles of the entry alone', () => {
    const e = entry('fe.x.444', 'front-end', ['front-end', 'director'], '444', { peers: 'same-pool' });
    const flows = plan(smallTopology(), catalogOf([e])).flows.map(show);
    expect(flows).toContain('dir01.contoso.com → fe01.contoso.com,fe02.contoso.com');
    expect(flows).toContain('fe01.contoso.com,fe02.contoso.com → fe01.contoso.com,fe02.contoso.com');
  });

  it('is not batched with an entry of the same conditions that has no peers', () => {
    const same = entry('fe.mcu.5062', 'front-end', ['front-end'], '5062', { peers: 'same-pool' });
    const both = entry('fe.sip.5061', 'front-end', ['front-end'], '5061');
    const flows = plan(smallTopology(), catalogOf([both, same])).flows;
    const toFe11 = flows.filter((f) => f.destination.names.join() === 'fe11.contoso.com');
    expect(toFe11.map((f) => `${show(f)} ${PortSet.fromRanges(f.ports)}`)).toEqual([
      'fe01.contoso.com,fe02.contoso.com → fe11.contoso.com 5061',
    ]);
  });
});

describe('the catalog keeps the conferencing services inside their pool', () => {
  const p = plan(syntheticTopology({ sites: 4, frontEnds: 2 }), catalog);
  const intraPool = PortSet.parse('5062-5065,5072-5073,8060-8061');

  it('opens no MCU or PSOM port from a Front End server to another pool', () => {
    const between = p.flows.filter(
      (f) =>
        f.source.role === 'front-end' &&
        f.destination.role === 'front-end' &&
        PortSet.fromRanges(f.ports).overlaps(intraPool) &&
        f.source.addresses.some((a) => !f.destination.addresses.includes(a)),
    );
    expect(between.map((f) => `${f.id} ${show(f)}`)).toEqual([]);
  });

  it('still opens them between the servers of one pool, and 5061/444/135 between pools', () => {
    const inside = p.flows.filter(
      (f) =>
        f.source.role === 'front-end' &&
        f.destination.role === 'front-end' &&
        f.source.addresses.join() === f.destination.addresses.join(),
    );
    const ports = inside.reduce((acc, f) => acc.union(PortSet.fromRanges(f.ports)), PortSet.empty);
    expect(ports.contains(PortSet.parse('5062-5063,5065,8060-8061'))).toBe(true);
    const across = p.flows.filter(
      (f) =>
        f.source.role === 'front-end' &&
        f.destination.role === 'front-end' &&
        f.source.addresses.some((a) => !f.destination.addresses.includes(a)),
    );
    const acrossPorts = across.reduce((acc, f) => acc.union(PortSet.fromRanges(f.ports)), PortSet.empty);
    expect(acrossPorts.contains(PortSet.parse('135,444,5061'))).toBe(true);
  });
});

describe('peers in the catalog integrity check', () => {
  it('is accepted only where the listening role is among the sources', () => {
    const note = 'who connects, in the test';
    const ok = entry('front-end.x.5062', 'front-end', ['front-end'], '5062', { peers: 'same-pool', note });
    const wrong = entry('front-end.y.8057', 'front-end', ['client'], '8057', { peers: 'same-pool', note });
    const odd = entry('front-end.z.5063', 'front-end', ['front-end'], '5063', {
      peers: 'nearby' as never,
      note,
    });
    expect(checkCatalog(catalogOf([ok, wrong, odd]))).toEqual([
      'front-end.y.8057: peers needs front-end among its sources (it says which front-end pools connect)',
      'front-end.z.5063: peers is same-pool or other-pools',
    ]);
  });

  it('holds for the shipped catalog, where the MCU, PSOM and chat WCF ports say same-pool', () => {
    expect(checkCatalog(catalog)).toEqual([]);
    const same = catalog.entries.filter((e) => e.peers === 'same-pool').map((e) => e.id);
    expect(same).toEqual(
      expect.arrayContaining([
        'front-end.sip-im-conferencing.5062',
        'front-end.sip-av-conferencing.5063',
        'front-end.sip-conferencing-attendant.5064',
        'front-end.sip-app-sharing.5065',
        'front-end.sip-conferencing-attendant.5072',
        'front-end.sip-announcement.5073',
        'front-end.web-mtls.8060',
        'front-end.web-mtls.8061',
        'persistent-chat.wcf.881',
      ]),
    );
    for (const id of ['front-end.sip-mtls.5061', 'front-end.https-internal.444', 'front-end.dcom.135'])
      expect(catalog.entries.find((e) => e.id === id)?.peers, id).toBeUndefined();
    const f = catalog.findings.find((x) => x.id === 'intra-pool-ports');
    expect(f?.entries).toEqual(expect.arrayContaining(same));
  });
});
