import type { Endpoint } from '../model/flow.js';
import type { Plan } from '../model/plan.js';
import type { Role } from '../model/roles.js';

/**
 * The NAT mapping of Edge servers behind NAT (`nat: true`): for each server and public service, the
 * address configured on the server and the one the NAT device publishes. The firewall team
 * configures the NAT from this list, and it tells them which address of a rule the outside sees.
 * Every report format shows it the same way, so it is computed here, once.
 */

export type EdgeService = 'access' | 'webConferencing' | 'av';

export interface NatMapping {
  readonly site: string;
  /** The Edge pool's internal FQDN. */
  readonly pool: string;
  readonly server: string;
  readonly service: EdgeService;
  /** The external address as configured on the Edge server: private, behind the NAT. */
  readonly privateAddress: string;
  /** What the NAT device publishes for it: the address the internet connects to. */
  readonly publicAddress: string;
}

export const EDGE_SERVICE_NAMES: Readonly<Record<EdgeService, string>> = {
  access: 'Access Edge',
  webConferencing: 'Web Conferencing Edge',
  av: 'A/V Edge',
};

const SERVICE_ROLE: Readonly<Record<EdgeService, Role>> = {
  access: 'edge-external-access',
  webConferencing: 'edge-external-webconf',
  av: 'edge-external-av',
};

const SERVICES = Object.keys(SERVICE_ROLE) as EdgeService[];

/**
 * The mappings the plan's flows use, in topology order (site, pool, server, service). A narrowed plan
 * (one firewall, one site) lists only the mappings of the Edge servers its flows reach, so a report
 * for the internal firewall, which never sees the public side, lists none.
 */
export function natMappings(plan: Plan): NatMapping[] {
  const used = new Set<string>();
  const note = (e: Endpoint) => {
    if (e.kind !== 'hosts' || e.publicAddresses === undefined) return;
    for (const name of e.names) used.add(`${e.role}\n${name}`);
  };
  for (const f of plan.flows) {
    note(f.source);
    note(f.destination);
  }
  const out: NatMapping[] = [];
  for (const site of plan.topology.sites)
    for (const pool of site.edgePools) {
      if (!pool.nat) continue;
      for (const server of pool.servers)
        for (const service of SERVICES) {
          const publicAddress = server.public?.[service];
          if (publicAddress === undefined) continue;
          if (!used.has(`${SERVICE_ROLE[service]}\n${server.fqdn}`)) continue;
          out.push({
            site: site.name,
            pool: pool.fqdn,
            server: server.fqdn,
            service,
            privateAddress: server.external[service],
            publicAddress,
          });
        }
    }
  return out;
}

/** "Access Edge sea-edge01.fabrikam.example 192.0.2.81 ↔ 203.0.113.81", for text reports. */
export function natMappingText(m: NatMapping): string {
  return `${EDGE_SERVICE_NAMES[m.service]} ${m.server} ${m.privateAddress} ↔ ${m.publicAddress}`;
}
