import { describe, expect, it } from 'vitest';
import { catalog, checkCatalog, unexplainedOverlaps } from '../../src/catalog/index.js';
import type { Catalog, CatalogEntry } from '../../src/catalog/types.js';

describe('catalog integrity', () => {
  it('has unique ids, known roles, features, products and protocols, valid ports and provenance', () => {
    expect(checkCatalog(catalog)).toEqual([]);
  });

  it('explains every overlap between entries on the same listener and transport with a finding', () => {
    expect(unexplainedOverlaps(catalog)).toEqual([]);
  });

  it('reports an overlap that no finding explains', () => {
    const a = catalog.entries.find((e) => e.id === 'front-end.https.443')!;
    const b = catalog.entries.find((e) => e.id === 'front-end.https-mobility.443')!;
    expect(unexplainedOverlaps({ entries: [a, b], ipsecExceptions: [], findings: [] })).toEqual([
      ['front-end.https.443', 'front-end.https-mobility.443'],
    ]);
  });

  it('carries entries, IPsec exceptions and findings', () => {
    expect(catalog.entries.length).toBeGreaterThan(100);
    // The seed's 15 rows, plus its two Mediation Server rows applied to branch appliances.
    expect(catalog.ipsecExceptions).toHaveLength(17);
    expect(catalog.findings.length).toBeGreaterThan(20);
  });

  it('is frozen, so no consumer can change the shared data', () => {
    expect(Object.isFrozen(catalog.entries)).toBe(true);
    const first = catalog.entries[0]!;
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.ports)).toBe(true);
    expect(Object.isFrozen(first.conditions)).toBe(true);
  });

  it('limits features the 2019 release removed to Lync 2013 and Skype for Business 2015', () => {
    const removed = ['persistent-chat', 'xmpp', 'sql-mirroring'];
    for (const e of catalog.entries) {
      if (!e.conditions.features?.some((f) => removed.includes(f))) continue;
      expect(e.conditions.products, e.id).toEqual(['lync2013', 'sfb2015']);
    }
  });

  describe('reports broken data', () => {
    const good = catalog.entries.find((e) => e.id === 'mediation.sip-mtls.5070')!;
    const broken = (entry: Partial<CatalogEntry>, extra: Partial<Catalog> = {}): string[] =>
      checkCatalog({
        entries: [good, { ...good, ...entry } as CatalogEntry],
        ipsecExceptions: [],
        findings: [],
        ...extra,
      });

    it('a reused id', () => {
      expect(broken({})).toContain('mediation.sip-mtls.5070: id used twice');
    });
    it('an unknown role or source', () => {
      expect(broken({ id: 'mediation.x.1', sources: ['gateway' as never] })).toContain(
        'mediation.x.1: unknown source role gateway',
      );
      expect(broken({ id: 'pbx.x.1', role: 'pbx' as never }).join('\n')).toMatch(/unknown role pbx/);
    });
    it('an invalid port range', () => {
      expect(broken({ id: 'mediation.x.9', ports: [[9, 3]] })).toContain(
        'mediation.x.9: invalid port range 9-3',
      );
    });
    it('missing provenance', () => {
      expect(broken({ id: 'mediation.x.2', provenance: [] })).toContain('mediation.x.2: no provenance');
    });
    it('an unknown feature', () => {
      expect(broken({ id: 'mediation.x.3', conditions: { features: ['fax' as never] } })).toContain(
        'mediation.x.3: unknown feature fax',
      );
    });
    it('a finding naming an entry that does not exist', () => {
      const problems = checkCatalog({
        entries: [good],
        ipsecExceptions: [],
        findings: [
          {
            id: 'f',
            kind: 'duplicate',
            summary: 's',
            decision: 'd',
            entries: ['nope.x.1'],
            provenance: good.provenance,
          },
        ],
      });
      expect(problems).toContain('finding f: names unknown entry nope.x.1');
    });
    it('an entry that says nowhere who connects', () => {
      const silent = { id: 'mediation.x.5', note: undefined, provenance: [{ table: 't', row: 1 }] };
      expect(broken(silent)).toContain(
        'mediation.x.5: says nowhere who connects (cite a vendor row with a source column, add a note, or name it in a finding)',
      );
      // A row of a table with a source column, a note, or a finding naming the entry is enough.
      const row = [{ url: 'https://learn.microsoft.com/x', title: 't', ref: 'SE-I03' }];
      expect(broken({ ...silent, provenance: row }).join('\n')).not.toMatch(/who connects/);
      expect(broken({ ...silent, note: 'n' }).join('\n')).not.toMatch(/who connects/);
      const finding = {
        id: 'f',
        kind: 'direction' as const,
        summary: 's',
        decision: 'd',
        entries: ['mediation.x.5'],
        provenance: silent.provenance,
      };
      expect(broken(silent, { findings: [finding] }).join('\n')).not.toMatch(/who connects/);
    });
    it('an unplanned entry that no finding explains', () => {
      expect(broken({ id: 'mediation.x.4', planned: false })).toContain(
        'mediation.x.4: planned: false without a finding that explains it',
      );
    });
  });
});
