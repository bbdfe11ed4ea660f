import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { skipUnless } from '../support/requirements.js';

/**
 * Beyond the seed: every port row of the vendor's Edge, reverse proxy, Director and hybrid tables
 * (as recorded in domain/edge.md) must be cited by an entry or by a finding that says why it is not
 * carried. Rows that state no port requirement (DNS records, load balancer advice) are not checked.
 */
const EDGE = resolve(process.cwd(), '../shared/domain/edge.md');
const PORT_ROWS = /^(SE-(X|I|HX|HI|HV|HN)\d+|L13-[A-Z]*\d+|RP-[XI]\d+|AD-[XI]\d+|DIR-[SP]\d+|HY-\d+)$/;

describe.skipIf(skipUnless({ files: [EDGE] }, 'domain coverage'))('the Edge port tables', () => {
  it('are cited row by row', () => {
    const text = readFileSync(EDGE, 'utf8');
    const ids = [...text.matchAll(/^\| ([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+) \|/gm)]
      .map((m) => m[1]!)
      .filter((id) => PORT_ROWS.test(id));
    expect(ids.length).toBeGreaterThan(150);
    const cited = new Set<string>();
    for (const o of [...catalog.entries, ...catalog.findings])
      for (const p of o.provenance)
        if ('ref' in p && p.ref?.startsWith('edge.md ')) cited.add(p.ref.slice(8));
    expect(ids.filter((id) => !cited.has(id))).toEqual([]);
  });
});
