import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { validateTopology } from '../../src/topology/load.js';

/** Review fix 10: an Edge pool for remote users needs a reverse proxy for the external web services. */

// biome-ignore lint/suspicious/noExplicitAny: test topologies are edited as plain YAML data
const base: any = parse(readFileSync('examples/multi-site.yaml', 'utf8'));

// biome-ignore lint/suspicious/noExplicitAny: as above
function variant(edit: (t: any) => void): string {
  const copy = structuredClone(base);
  edit(copy);
  return stringify(copy);
}

function diagnostics(text: string) {
  return validateTopology(text, 't.yaml').diagnostics;
}

describe('remote-access-without-reverse-proxy', () => {
  it('warns when an Edge pool offers remote-access and no site has a reverse proxy', () => {
    const text = variant((t) => {
      for (const site of t.sites) delete site.reverseProxies;
    });
    const found = diagnostics(text);
    expect(found.map((d) => `${d.severity} ${d.code}`)).toEqual([
      'warning remote-access-without-reverse-proxy',
    ]);
    expect(found[0]!.message).toContain('sites[0].edgePools[0]');
    expect(found[0]!.hint).toContain('lync-server-2013-port-summary-reverse-proxy');
  });

  it('says nothing once a reverse proxy exists, or when the Edge serves no remote users', () => {
    expect(diagnostics(variant(() => {}))).toEqual([]);
    const federationOnly = variant((t) => {
      for (const site of t.sites) delete site.reverseProxies;
      t.sites[0].edgePools[0].features = ['federation', 'public-im'];
    });
    expect(diagnostics(federationOnly)).toEqual([]);
  });

  it('counts remote-access as the default Edge feature', () => {
    const byDefault = variant((t) => {
      for (const site of t.sites) delete site.reverseProxies;
      delete t.sites[0].edgePools[0].features;
    });
    expect(diagnostics(byDefault).map((d) => d.code)).toEqual(['remote-access-without-reverse-proxy']);
  });
});
