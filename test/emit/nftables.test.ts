import { describe, expect, it } from 'vitest';
import { nftString } from '../../src/emit/quote/nft.js';
import { nftables } from '../../src/emit/targets/nftables.js';
import { emittedText } from '../../src/emit/types.js';
import { AddressSet } from '../../src/model/address-set.js';
import { boundaryKey } from '../../src/model/flow.js';
import type { Plan } from '../../src/model/plan.js';
import { PortSet } from '../../src/model/ports.js';
import { skipUnless } from '../support/requirements.js';
import { fixturePlan, HOSTILE_PURPOSE, hostileIdPlan, hostilePlan } from './fixtures.js';
import { withNetns } from './support/netns.js';
import { parseNftJson } from './support/nft-json.js';
import { type Box, compareSpaces, hostBoxes } from './support/packet-space.js';

const noTool = skipUnless({ netns: true, commands: ['nft'] }, 'nftables emitter checked by nft');

/** What the plan says a boundary must allow, computed from the flows alone. */
function boundaryBoxes(plan: Plan, key: string): Box[] {
  return plan.flows
    .filter((f) => boundaryKey(f.boundary) === key)
    .map((f) => ({
      transport: f.transport,
      sources: AddressSet.parse(f.source.addresses),
      destinations: AddressSet.parse(f.destination.addresses),
      ports: PortSet.fromRanges(f.ports),
    }));
}

describe('nftables packet-space oracle', () => {
  it('notices a missing port and a widened address (the comparison can fail)', () => {
    const base: Box = {
      transport: 'tcp',
      sources: AddressSet.parse(['198.51.100.0/25']),
      destinations: AddressSet.parse(['192.0.2.11']),
      ports: PortSet.of(5061, 8057),
    };
    expect(compareSpaces([base], [base])).toEqual([]);
    expect(compareSpaces([base], [{ ...base, ports: PortSet.of(5061) }])).toHaveLength(1);
    expect(compareSpaces([base], [{ ...base, sources: AddressSet.parse(['198.51.100.0/24']) }])).toHaveLength(
      1,
    );
    expect(compareSpaces([base], [{ ...base, sources: AddressSet.any }]).length).toBeGreaterThan(0);
  });
});

describe('nftables diagnostics', () => {
  it('warns when a --role table would drop another role of the same host, and when boundaries share a file', () => {
    const role = nftables.emit(fixturePlan, { role: 'mediation' }).diagnostics.map((d) => d.code);
    expect(role).toEqual(['emit-role-incomplete', 'emit-role-incomplete']);
    expect(nftables.emit(fixturePlan, { role: 'sql-backend' }).diagnostics).toEqual([]);
    expect(nftables.emit(fixturePlan, {}).diagnostics.map((d) => d.code)).toEqual(['emit-several-firewalls']);
    expect(nftables.emit(fixturePlan, { boundary: 'clients:servers' }).diagnostics).toEqual([]);
  });
});

describe.skipIf(noTool)('nftables output in a scratch namespace', () => {
  it('passes nft -c for every scope, and with hostile text', () => {
    withNetns((ns) => {
      const cases = [
        nftables.emit(fixturePlan, {}),
        nftables.emit(fixturePlan, { server: 'fe2.fabrikam.com' }),
        nftables.emit(fixturePlan, { role: 'front-end' }),
        nftables.emit(fixturePlan, { boundary: 'servers:servers' }),
        nftables.emit(hostilePlan(HOSTILE_PURPOSE), {}),
        nftables.emit(hostilePlan(`"; flush ruleset; #${'é'.repeat(200)}`), { server: 'fe1.fabrikam.com' }),
      ];
      for (const r of cases) ns.run('nft', ['-c', '-f', '-'], emittedText(r.text));
    });
  });

  it('keeps hostile ids one comment: nft reads back exactly the quoted text', () => {
    for (const text of ['a"b', '"; flush ruleset; "', 'x\\y`$(z)`\n#', `${'€'.repeat(60)}"`]) {
      withNetns((ns) => {
        const plan = hostileIdPlan(text);
        ns.run('nft', ['-f', '-'], emittedText(nftables.emit(plan, { boundary: 'clients:servers' }).text));
        const [table] = parseNftJson(ns.run('nft', ['-j', 'list', 'ruleset']));
        expect(table!.boxes.length).toBeGreaterThan(0);
        for (const c of table!.comments) {
          expect(`"${c}"`).toMatch(/^"[^"]*"$/);
          expect(new TextEncoder().encode(c).length).toBeLessThanOrEqual(128);
        }
        // The first rule's comment is the grant tag, quoted as nftString quotes it.
        expect(table!.comments).toContain(nftString(`flow ${text}0,${text}1; catalog ${text}`).slice(1, -1));
      });
    }
  });

  it('rejects a broken file (the check can fail)', () => {
    withNetns((ns) => {
      const broken = emittedText(nftables.emit(fixturePlan, {}).text).replace(
        'counter accept',
        'counter acept',
      );
      expect(() => ns.run('nft', ['-c', '-f', '-'], broken)).toThrow(/acept|syntax/i);
    });
  });

  it('loads, reads back with nft -j, and allows exactly the flows of each boundary', () => {
    withNetns((ns) => {
      const keys = [
        ...new Set(fixturePlan.flows.filter((f) => !f.boundary.sameZone).map((f) => boundaryKey(f.boundary))),
      ];
      // An administrator's own table, which sfbports must leave alone.
      ns.run(
        'nft',
        ['-f', '-'],
        'table inet admin {\n\tchain input {\n\t\ttype filter hook input priority 0;\n\t\ttcp dport 22 accept\n\t}\n}\n',
      );
      for (const key of keys)
        ns.run('nft', ['-f', '-'], emittedText(nftables.emit(fixturePlan, { boundary: key }).text));
      // Loading again must replace, not duplicate.
      for (const key of keys)
        ns.run('nft', ['-f', '-'], emittedText(nftables.emit(fixturePlan, { boundary: key }).text));
      const tables = parseNftJson(ns.run('nft', ['-j', 'list', 'ruleset']));
      expect(tables).toHaveLength(keys.length + 1);
      expect(tables.find((t) => t.name === 'admin')?.infrastructure).toBe(0);
      for (const key of keys) {
        const [from, to] = key.split(':');
        const name = `sfbports_${from}_to_${to}`.replace(/[^A-Za-z0-9_]/g, '_');
        const table = tables.find((t) => t.name === name);
        expect(table, name).toBeDefined();
        // Policy accept: several boundary tables on one firewall never drop each other's flows.
        expect(table!.policy).toBe('accept');
        // One drop per family the two zones share, for the whole zone pair and no port in particular.
        expect(table!.drops.length, name).toBeGreaterThan(0);
        for (const d of table!.drops) expect(d.transport, name).toBeUndefined();
        expect(compareSpaces(boundaryBoxes(fixturePlan, key), table!.boxes), key).toEqual([]);
        for (const c of table!.comments) expect(c).toMatch(/flow F\d{3}/);
      }
    });
  });

  it('with --server, the input chain allows exactly what that host must accept', () => {
    for (const host of ['fe1.fabrikam.com', 'fe2.fabrikam.com', 'edge1.fabrikam.com', 'sql.fabrikam.com']) {
      withNetns((ns) => {
        ns.run('nft', ['-f', '-'], emittedText(nftables.emit(fixturePlan, { server: host }).text));
        const [table] = parseNftJson(ns.run('nft', ['-j', 'list', 'ruleset']));
        // The table drops only the ports its flows use on this host, so SSH and the rest stay as they were.
        expect(table!.policy).toBe('accept');
        expect(table!.drops.length, host).toBeGreaterThan(0);
        for (const d of table!.drops) expect(d.transport && d.ports, host).toBeTruthy();
        expect(compareSpaces(hostBoxes(fixturePlan, host), table!.boxes), host).toEqual([]);
      });
    }
  });
});
