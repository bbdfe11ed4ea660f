import { port } from '../define.js';
import type { CatalogEntry } from '../types.js';
import { page } from './sources.js';

/**
 * Reverse proxy and Director web publishing (the Lync Server 2013 reverse proxy,
 * Autodiscover and Director port summaries, and the load balancing page). The proxy's internal
 * side forwards external 80 to 8080 and external 443 to 4443 so the pools can tell external web
 * traffic from internal; the Front End ends of those flows are in seed-server-ports.ts.
 */

export const reverseProxyPorts: readonly CatalogEntry[] = [
  port({
    id: 'reverse-proxy.http.80',
    role: 'reverse-proxy',
    transport: 'tcp',
    ports: '80',
    protocol: 'HTTP',
    sources: ['external-user'],
    conditions: { optional: true },
    purpose:
      'Redirect to HTTPS; mobile Autodiscover without certificate changes; Office Web Apps conferencing',
    note: 'Optional on the vendor’s own word, yet needed for mobile Autodiscover over HTTP when the external publishing certificate is not changed, which the topology cannot tell (finding reverse-proxy-80-optional).',
    provenance: [page('lyncReverseProxy', 'RP-X01'), page('lyncAutodiscover', 'AD-X01')],
  }),
  port({
    id: 'reverse-proxy.https.443',
    role: 'reverse-proxy',
    transport: 'tcp',
    ports: '443',
    protocol: 'HTTPS',
    sources: ['external-user'],
    purpose:
      'External web services: address book, Autodiscover, device updates, meeting content, group expansion, dial-in page, meetings',
    provenance: [page('lyncReverseProxy', 'RP-X02'), page('lyncAutodiscover', 'AD-X02')],
  }),
  port({
    id: 'director.http-external.8080',
    role: 'director',
    transport: 'tcp',
    ports: '8080',
    protocol: 'HTTP',
    sources: ['reverse-proxy'],
    viaVip: ['reverse-proxy'],
    purpose:
      'External web services of the Director over HTTP, forwarded by the reverse proxy from its port 80',
    provenance: [
      page('lyncDirector', 'DIR-S01'),
      page('lyncReverseProxy', 'RP-I01'),
      page('lyncAutodiscover', 'AD-I01'),
    ],
  }),
  port({
    id: 'director.https-external.4443',
    role: 'director',
    transport: 'tcp',
    ports: '4443',
    protocol: 'HTTPS',
    sources: ['reverse-proxy'],
    viaVip: ['reverse-proxy'],
    purpose:
      'External web services of the Director over HTTPS, forwarded by the reverse proxy from its port 443',
    provenance: [
      page('lyncDirector', 'DIR-S02'),
      page('lyncReverseProxy', 'RP-I02'),
      page('lyncAutodiscover', 'AD-I02'),
    ],
  }),
  port({
    id: 'director.cls.50001-50003',
    role: 'director',
    transport: 'tcp',
    ports: '50001-50003',
    protocol: 'MTLS',
    sources: ['front-end'],
    conditions: { optional: true },
    purpose:
      'Centralized Logging Service: controller commands to the agent on the Director and log collection',
    note: 'The vendor writes "Any"; the controller usually runs on a Front End server. Diagnostics only.',
    provenance: [
      page('lyncDirectorPool', 'DIR-P07'),
      page('lyncDirectorPool', 'DIR-P08'),
      page('lyncDirectorPool', 'DIR-P09'),
    ],
  }),
];
