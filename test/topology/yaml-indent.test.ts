import { describe, expect, it } from 'vitest';
import { validateTopology } from '../../src/topology/load.js';

// Issue 16: a mapping dedented by two spaces is one mistake, reported once where it starts.

const dedented = `version: 2
name: Indent
product: sfb2019
zones:
  servers: [192.0.2.0/24]
sites:
  - name: Redmond
    pools:
      - fqdn: pool01.contoso.com
      role: front-end
      centralManagementStore: true
      edition: enterprise
      loadBalancing: dns
      backend: sql01.contoso.com
      collocatedMediation: false
      features: []
      servers:
          - fqdn: fe01.contoso.com
            ip: 192.0.2.11
`;

describe('yaml-bad-indent', () => {
  it('a dedented mapping is one error at its first key, with the column of its sibling keys', () => {
    const { diagnostics } = validateTopology(dedented, 't.yaml');
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics;
    expect(d).toMatchObject({ code: 'yaml-bad-indent', severity: 'error', loc: { line: 10, column: 7 } });
    expect(d!.message).toMatch(/column 7, its sibling keys at column 9/);
    expect(d!.hint).toBe(
      'indent it (and the 7 lines below it at that column) to column 9, where fqdn starts',
    );
  });

  it('a dedented key in another block of the same file is a second error', () => {
    const text = `${dedented}    sqlServers:\n      - fqdn: sql01.contoso.com\n      ip: 192.0.2.50\n`;
    const found = validateTopology(text, 't.yaml').diagnostics.map((d) => [
      d.code,
      d.loc?.line,
      d.loc?.column,
    ]);
    expect(found).toEqual([
      ['yaml-bad-indent', 10, 7],
      ['yaml-bad-indent', 22, 7],
    ]);
  });

  it('one key dedented out of a site names the column of the site keys', () => {
    const text = `version: 2
name: Indent
product: sfb2019
zones: { servers: [192.0.2.0/24] }
sites:
  - name: Redmond
    pools: []
  edgePools: []
`;
    const { diagnostics } = validateTopology(text, 't.yaml');
    expect(diagnostics.map((d) => [d.code, d.loc?.line, d.loc?.column])).toEqual([['yaml-bad-indent', 8, 3]]);
    expect(diagnostics[0]!.hint).toBe('indent it to column 5, where name starts');
  });

  it('a key at the column of an enclosing mapping points above it, not at its indentation', () => {
    const text = 'version: 2\nname: x\nproduct: sfb2019\nzones:\n  servers: [192.0.2.0/24\nsites: []\n';
    const { diagnostics } = validateTopology(text, 't.yaml');
    expect(diagnostics.map((d) => [d.code, d.loc?.line, d.loc?.column])).toEqual([['yaml-bad-indent', 6, 1]]);
    expect(diagnostics[0]!.hint).toMatch(/\[ or \{ without its closing bracket/);
    expect(diagnostics[0]!.hint).not.toMatch(/column/);
  });
});
