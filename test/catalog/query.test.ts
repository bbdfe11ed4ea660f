import { describe, expect, it } from 'vitest';
import { catalog, queryEntries, queryFindings, queryIpsecExceptions } from '../../src/catalog/index.js';
import { PortSet } from '../../src/model/ports.js';

const ids = (list: ReadonlyArray<{ id: string }>) => list.map((e) => e.id);

describe('catalog queries', () => {
  it('finds what listens on 5061, on servers, VIPs and the Edge', () => {
    const found = ids(queryEntries(catalog.entries, { port: PortSet.of(5061) }));
    expect(found).toEqual(
      expect.arrayContaining([
        'front-end.sip-mtls.5061',
        'front-end.sip-tls.5061',
        'director.sip-mtls.5061',
        'front-end-lb.sip-tls.5061',
        'edge-internal.sip-mtls.5061',
        'edge-external-access.sip-mtls.5061',
        'federated-partner.sip-mtls.5061',
      ]),
    );
    expect(found).not.toContain('front-end.psom.8057');
  });

  it('matches port ranges by overlap', () => {
    const found = ids(queryEntries(catalog.entries, { port: PortSet.range(50000, 50019), transport: 'udp' }));
    expect(found).toContain('internet.rtp-udp.50000-59999');
    expect(found).toContain('front-end.audio-udp.49152-57500');
    expect(found).not.toContain('internet.rtp-tcp.50000-59999');
  });

  it('finds what a Mediation Server listens on and connects to', () => {
    const found = ids(queryEntries(catalog.entries, { role: 'mediation' }));
    expect(found).toEqual(
      expect.arrayContaining([
        'mediation.sip-mtls.5070',
        'mediation.sip-tls.5067',
        'mediation.sip-tcp.5068',
        'pstn-gateway.sip-tls.5067',
        'front-end.sip-mtls.5061',
        'edge-internal.stun-udp.3478',
      ]),
    );
    expect(found).not.toContain('front-end.psom.8057');
  });

  it('filters by feature through features and anyFeature', () => {
    const xmpp = ids(queryEntries(catalog.entries, { feature: 'xmpp' }));
    expect(xmpp.sort()).toEqual(
      [
        'edge-external-access.xmpp.5269',
        'edge-internal.xmpp-gateway.23456',
        'edge-lb-access.xmpp.5269',
        'xmpp-partner.xmpp.5269',
      ].sort(),
    );
    expect(ids(queryEntries(catalog.entries, { feature: 'hybrid' }))).toContain(
      'federated-partner.sip-mtls.5061',
    );
  });

  it('drops features that 2019 removed when asked about 2019', () => {
    expect(queryEntries(catalog.entries, { feature: 'xmpp', product: 'sfb2019' })).toEqual([]);
    expect(ids(queryEntries(catalog.entries, { product: 'sfb2019' }))).not.toContain(
      'persistent-chat.sip.5041',
    );
    expect(ids(queryEntries(catalog.entries, { product: 'lync2013' }))).toContain('persistent-chat.sip.5041');
    expect(ids(queryEntries(catalog.entries, { product: 'sfbse' }))).not.toContain(
      'sql-backend.mirroring.5022',
    );
  });

  it('returns everything for an empty query', () => {
    expect(queryEntries(catalog.entries, {})).toHaveLength(catalog.entries.length);
    expect(queryFindings(catalog.findings, new Set(), {})).toHaveLength(catalog.findings.length);
  });

  it('filters IPsec exceptions by role and transport; "any port" matches every port', () => {
    const edge = queryIpsecExceptions(catalog.ipsecExceptions, {
      role: 'edge-internal',
      port: PortSet.of(3478),
    });
    expect(ids(edge)).toEqual(['ipsec.av-edge-internal.inbound', 'ipsec.av-edge-internal.outbound']);
    expect(ids(queryIpsecExceptions(catalog.ipsecExceptions, { role: 'client', transport: 'tcp' }))).toEqual(
      [],
    );
  });

  it('selects the findings about the selected entries', () => {
    const selected = new Set(ids(queryEntries(catalog.entries, { role: 'mediation' })));
    const found = ids(queryFindings(catalog.findings, selected, { role: 'mediation' }));
    expect(found).toContain('mediation-5070-protocol');
    expect(found).not.toContain('persistent-chat-no-callers');
  });
});
