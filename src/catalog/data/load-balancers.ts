import { PortSet } from '../../model/ports.js';
import { port } from '../define.js';
import type { CatalogEntry, Conditions } from '../types.js';
import { seedLoadBalancerPorts } from './seed-load-balancers.js';
import { page } from './sources.js';

/**
 * Topology version 2 load balancer settings (issue 11), from the load balancing page's "Port
 * Monitoring for Hardware Load Balancers" tables:
 *   - the external web services VIP (Pool.externalWebVip), reached by the reverse proxy on 443/80
 *     (translated to the servers' 4443/8080) or on 4443/8080 (direct); finding hlb-external-web-ports;
 *   - the balancer's health monitor on the Front End servers (TCP 5061);
 *   - with source NAT, what the balancer forwards from a VIP to the servers, on the node ports.
 */

const LB_MON = page('loadBalancing', 'LB-MON');
const LB_REQ = page('loadBalancing', 'LB-WEB');

type VipRole = 'front-end-lb-external' | 'director-lb-external';

function externalWeb(role: VipRole, pool: string): CatalogEntry[] {
  const rows = [
    ['translated', 'https', '443', 'HTTPS', '4443'],
    ['translated', 'http', '80', 'HTTP', '8080'],
    ['direct', 'https-external', '4443', 'HTTPS', '4443'],
    ['direct', 'http-external', '8080', 'HTTP', '8080'],
  ] as const;
  return rows.map(([ports, name, p, protocol, node]) =>
    port({
      id: `${role}.${name}.${p}`,
      role,
      transport: 'tcp',
      ports: p,
      protocol,
      sources: ['reverse-proxy'],
      conditions: { externalWebPorts: ports },
      purpose: `${pool} external web services VIP, ${protocol} from the reverse proxy (${ports === 'translated' ? `the balancer sends it to the servers' ${node}` : 'same port on the servers'})`,
      note:
        ports === 'translated'
          ? 'The port monitoring table: the external VIP (<pool>web) listens on 443 and 80 and sends to the servers on 4443 and 8080.'
          : 'The page text and the seed load balancer tables: the reverse proxy reaches the balancer on 4443 (and 8080).',
      provenance: ports === 'translated' ? [LB_MON] : [LB_REQ, LB_MON],
    }),
  );
}

const NODE_ROLE = {
  'front-end-lb': 'front-end',
  'director-lb': 'director',
  'mediation-lb': 'mediation',
} as const;

/**
 * With source NAT the servers receive what the balancer forwards from its addresses: one entry per
 * port a VIP entry carries (the external VIP's translated ports land on 4443/8080, which the VIP's
 * own 4443/8080 entries already carry). Same conditions as the VIP entry, plus loadBalancerSourceNat.
 */
function forwarded(): CatalogEntry[] {
  const seen = new Set<string>();
  const out: CatalogEntry[] = [];
  for (const vip of seedLoadBalancerPorts) {
    if (!(vip.role in NODE_ROLE)) continue;
    const role = NODE_ROLE[vip.role as keyof typeof NODE_ROLE];
    const ports = PortSet.fromRanges(vip.ports).toString();
    const key = `${role}|${vip.transport}|${ports}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const { registrar: _registrar, ...conditions } = vip.conditions;
    const withNat: Conditions = { ...conditions, loadBalancerSourceNat: true };
    out.push(
      port({
        id: `${role}.lb-${vip.id.slice(vip.id.indexOf('.') + 1)}`,
        role,
        transport: vip.transport,
        ports,
        protocol: vip.protocol,
        sources: ['load-balancer'],
        conditions: withNat,
        purpose: `From the load balancer with source NAT: ${vip.purpose}`,
        note: `Forwarded from ${vip.id} on the node port; with source NAT the servers see the balancer's own addresses (loadBalancerAddresses) as the source.`,
        provenance: [LB_MON, ...vip.provenance],
      }),
    );
  }
  return out;
}

export const loadBalancerPorts: readonly CatalogEntry[] = [
  ...externalWeb('front-end-lb-external', 'Front End pool'),
  ...externalWeb('director-lb-external', 'Director pool'),
  port({
    id: 'front-end.lb-monitor.5061',
    role: 'front-end',
    transport: 'tcp',
    ports: '5061',
    protocol: 'TCP',
    sources: ['load-balancer'],
    purpose: "Load balancer health monitor on the Front End servers' SIP port",
    note: 'The port monitoring table names 5061 as the monitor of every Front End web services VIP, internal and external; planned whenever the pool states loadBalancerAddresses.',
    provenance: [LB_MON],
  }),
  ...forwarded(),
];
