import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RETIRED_IDS } from '../../src/catalog/data/retired-ids.js';
import { catalog } from '../../src/catalog/index.js';

/**
 * Ids are stable: every id ever published stays in known-ids.txt, and one that leaves the catalog
 * must be listed in RETIRED_IDS so it is never reused. A new entry's id is added to known-ids.txt by
 * running the tests once with SFBPORTS_UPDATE_IDS=1 (and reviewing the diff).
 */
const KNOWN = new URL('./known-ids.txt', import.meta.url);

describe('catalog ids', () => {
  const current = [...catalog.entries.map((e) => e.id), ...catalog.ipsecExceptions.map((x) => x.id)];
  const known = readFileSync(KNOWN, 'utf8').split('\n').filter(Boolean);

  if (process.env.SFBPORTS_UPDATE_IDS === '1') {
    const merged = [...known, ...current.filter((id) => !known.includes(id))];
    writeFileSync(KNOWN, `${merged.join('\n')}\n`);
  }

  it('keeps every published id, or retires it', () => {
    const vanished = known.filter((id) => !current.includes(id) && !RETIRED_IDS.includes(id));
    expect(vanished, 'removed or renamed ids must be added to RETIRED_IDS').toEqual([]);
  });

  it('never reuses a retired id', () => {
    expect(current.filter((id) => RETIRED_IDS.includes(id))).toEqual([]);
  });

  it('lists every new id in known-ids.txt (run once with SFBPORTS_UPDATE_IDS=1)', () => {
    expect(current.filter((id) => !known.includes(id))).toEqual([]);
  });
});
