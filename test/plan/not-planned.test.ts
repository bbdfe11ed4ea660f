import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { checkCatalog } from '../../src/catalog/integrity.js';
import { plan } from '../../src/plan/plan.js';
import { smallTopology } from './helpers.js';

describe('requirements no vendor page gives ports for', () => {
  it('are listed as not planned in every plan, with the finding that explains them', () => {
    const listed = plan(smallTopology(), catalog).notPlanned ?? [];
    const ad = listed.find((n) => n.entry === 'active-directory-ports');
    expect(ad?.reason).toMatch(/Active Directory/);
    expect(ad?.reason).toMatch(/catalog --lint: active-directory-ports/);
  });

  it('are only omissions with a reason (integrity)', () => {
    const wrong = catalog.findings.map((f) =>
      f.id === 'dcom-without-dynamic-rpc' ? { ...f, kind: 'ambiguity' as const, notPlanned: 'x' } : f,
    );
    expect(checkCatalog({ ...catalog, findings: wrong })).toContain(
      'finding dcom-without-dynamic-rpc: notPlanned needs an omission finding and a reason',
    );
  });
});
