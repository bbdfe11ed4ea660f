import type { DataPath } from './locate.js';
import type { Topology } from './schema.js';

/** Every named thing in the topology that other entries can point at. */
export type NamedKind =
  | 'pool'
  | 'edge-pool'
  | 'reverse-proxy'
  | 'gateway'
  | 'branch-appliance'
  | 'sql-server'
  | 'availability-group'
  | 'file-share'
  | 'office-online-server'
  | 'exchange-server';

export interface NamedEntry {
  readonly kind: NamedKind;
  readonly fqdn: string;
  readonly site: string;
  readonly path: DataPath;
  /** For pools: the pool role. */
  readonly role?: string;
  /** For single hosts (gateways, SQL Servers, file shares…): their address. */
  readonly ip?: string;
}

/** One address the topology assigns, with the host it belongs to and where it is written. */
export interface AddressEntry {
  readonly fqdn: string;
  readonly ip: string;
  readonly path: DataPath;
  /** Addresses one host may repeat (an Edge server's services on one external address). */
  readonly group: string;
  /** Public addresses behind NAT live on the NAT device, not in any of our zones. */
  readonly natPublic: boolean;
}

export function namedEntries(topology: Topology): NamedEntry[] {
  const out: NamedEntry[] = [];
  topology.sites.forEach((site, s) => {
    const base = ['sites', s] as const;
    const add = (
      kind: NamedKind,
      list: ReadonlyArray<{ fqdn: string; role?: string; ip?: string }>,
      key: string,
    ) =>
      list.forEach((item, i) => {
        out.push({
          kind,
          fqdn: item.fqdn,
          site: site.name,
          path: [...base, key, i],
          ...(item.role ? { role: item.role } : {}),
          ...(item.ip ? { ip: item.ip } : {}),
        });
      });
    add('pool', site.pools, 'pools');
    add('edge-pool', site.edgePools, 'edgePools');
    add('reverse-proxy', site.reverseProxies, 'reverseProxies');
    add('gateway', site.gateways, 'gateways');
    add('branch-appliance', site.branchAppliances, 'branchAppliances');
    add('sql-server', site.sqlServers, 'sqlServers');
    add('availability-group', site.availabilityGroups, 'availabilityGroups');
    add('file-share', site.fileShares, 'fileShares');
    add('office-online-server', site.officeOnlineServers, 'officeOnlineServers');
    add('exchange-server', site.exchangeServers, 'exchangeServers');
  });
  return out;
}

export function addressEntries(topology: Topology): AddressEntry[] {
  const out: AddressEntry[] = [];
  const push = (fqdn: string, ip: string, path: DataPath, group: string, natPublic = false) =>
    out.push({ fqdn, ip, path, group, natPublic });
  topology.sites.forEach((site, s) => {
    const base = ['sites', s] as const;
    site.pools.forEach((pool, p) => {
      const poolPath = [...base, 'pools', p];
      if (pool.vip) push(pool.fqdn, pool.vip, [...poolPath, 'vip'], `vip:${pool.fqdn}`);
      for (const [i, server] of pool.servers.entries()) {
        push(server.fqdn, server.ip, [...poolPath, 'servers', i, 'ip'], `host:${server.fqdn}`);
      }
    });
    site.edgePools.forEach((edge, e) => {
      const edgePath = [...base, 'edgePools', e];
      if (edge.internalVip)
        push(edge.fqdn, edge.internalVip, [...edgePath, 'internalVip'], `vip:${edge.fqdn}`);
      if (edge.externalVips) {
        for (const [service, ip] of Object.entries(edge.externalVips)) {
          push(edge.fqdn, ip, [...edgePath, 'externalVips', service], `vip-ext:${edge.fqdn}`);
        }
      }
      edge.servers.forEach((server, i) => {
        const serverPath = [...edgePath, 'servers', i];
        push(server.fqdn, server.internal, [...serverPath, 'internal'], `edge-int:${server.fqdn}`);
        for (const [service, ip] of Object.entries(server.external)) {
          push(server.fqdn, ip, [...serverPath, 'external', service], `edge-ext:${server.fqdn}`);
        }
        for (const [service, ip] of Object.entries(server.public ?? {})) {
          push(server.fqdn, ip, [...serverPath, 'public', service], `edge-pub:${server.fqdn}`, true);
        }
      });
    });
    site.reverseProxies.forEach((rp, r) => {
      push(rp.fqdn, rp.internal, [...base, 'reverseProxies', r, 'internal'], `rp-int:${rp.fqdn}`);
      push(rp.fqdn, rp.external, [...base, 'reverseProxies', r, 'external'], `rp-ext:${rp.fqdn}`);
    });
    site.availabilityGroups.forEach((ag, a) => {
      push(ag.fqdn, ag.ip, [...base, 'availabilityGroups', a, 'ip'], `ag:${ag.fqdn}`);
    });
    site.sqlServers.forEach((sql, q) => {
      sql.clusterNodes?.forEach((node, n) => {
        push(node.fqdn, node.ip, [...base, 'sqlServers', q, 'clusterNodes', n, 'ip'], `host:${node.fqdn}`);
      });
    });
    const hosts = [
      ['gateways', site.gateways],
      ['branchAppliances', site.branchAppliances],
      ['sqlServers', site.sqlServers],
      ['fileShares', site.fileShares],
      ['officeOnlineServers', site.officeOnlineServers],
      ['exchangeServers', site.exchangeServers],
    ] as const;
    for (const [key, list] of hosts) {
      for (const [i, host] of (list as ReadonlyArray<{ fqdn: string; ip: string }>).entries()) {
        push(host.fqdn, host.ip, [...base, key, i, 'ip'], `host:${host.fqdn}`);
      }
    }
  });
  // Top-level hosts of topology version 2: trusted applications, E9-1-1 gateways, infrastructure.
  (topology.trustedApplications ?? []).forEach((app, a) => {
    const path = ['trustedApplications', a];
    if (app.ip) push(app.fqdn, app.ip, [...path, 'ip'], `host:${app.fqdn}`);
    app.servers?.forEach((server, i) => {
      push(server.fqdn, server.ip, [...path, 'servers', i, 'ip'], `host:${server.fqdn}`);
    });
  });
  (topology.e911Gateways ?? []).forEach((g, i) => {
    push(g.fqdn, g.ip, ['e911Gateways', i, 'ip'], `host:${g.fqdn}`);
  });
  const infra = topology.infrastructure;
  if (infra) {
    for (const key of ['domainControllers', 'dnsServers', 'dhcpServers', 'ntpServers'] as const) {
      infra[key].forEach((h, i) => {
        push(h.fqdn, h.ip, ['infrastructure', key, i, 'ip'], `host:${h.fqdn}`);
      });
    }
  }
  return out;
}
