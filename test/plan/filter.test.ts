import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/diag/diagnostic.js';
import { filterPlan } from '../../src/plan/filter.js';
import { plan } from '../../src/plan/plan.js';
import { catalogOf, entry, smallTopology } from './helpers.js';

const p = plan(
  smallTopology(),
  catalogOf([
    entry('fe.5061', 'front-end', ['front-end', 'client'], '5061'),
    entry('fs.445', 'file-share', ['front-end'], '445', { protocol: 'SMB' }),
  ]),
);

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

describe('filterPlan', () => {
  it('keeps only the flows of one boundary, whole', () => {
    const narrowed = filterPlan(p, { boundary: 'clients:servers' });
    expect(narrowed.flows.length).toBeGreaterThan(0);
    expect(narrowed.flows.every((f) => f.boundary.from === 'clients' && f.boundary.to === 'servers')).toBe(
      true,
    );
    expect(narrowed.flows.every((f) => p.flows.includes(f))).toBe(true);
  });

  it('keeps flows with a host of the site on either side, gathered sources included', () => {
    const dublin = filterPlan(p, { site: 'Dublin' });
    // fe11 (Dublin) is among the gathered Front End sources towards pool01 (Redmond).
    expect(dublin.flows.some((f) => f.destination.pool === 'pool01.contoso.com')).toBe(true);
    expect(dublin.flows.some((f) => f.destination.names.includes('fs01.contoso.com'))).toBe(false);
    expect(dublin.flows.length).toBeLessThan(p.flows.length);
  });

  it('rejects an unknown boundary or site with the valid choices', () => {
    const b = userError(() => filterPlan(p, { boundary: 'clients:server' }));
    expect(b.diagnostics[0]!.code).toBe('unknown-boundary');
    expect(b.diagnostics[0]!.hint).toMatch(/did you mean clients:servers\?/);
    const s = userError(() => filterPlan(p, { site: 'Paris' }));
    expect(s.diagnostics[0]!.code).toBe('unknown-site');
    expect(s.diagnostics[0]!.hint).toMatch(/valid choices: Redmond, Dublin/);
  });
});
