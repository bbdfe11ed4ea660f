import { closest } from '../diag/diagnostic.js';
import { parseAddressOrNetwork } from '../model/address-set.js';
import type { Finding } from './crossref.js';
import { addressEntries } from './hosts.js';
import { type DataPath, formatPath } from './locate.js';
import type { Topology } from './schema.js';

/**
 * Checks for `firewalls:` (version 2): names unique, a network firewall's sides name known zones and
 * no zone twice, a host firewall's servers exist, the platform fits the kind, and management access
 * names networks or zones with sensible port ranges.
 */
export function checkFirewalls(topology: Topology, findings: Finding[]): void {
  const firewalls = topology.firewalls ?? [];
  const zones = Object.keys(topology.zones);
  const hosts = [...new Set(addressEntries(topology).map((e) => e.fqdn.toLowerCase()))].sort();
  const seen = new Map<string, number>();
  const error = (code: string, path: DataPath, message: string, hint?: string) =>
    findings.push({
      code,
      severity: 'error',
      message: `${formatPath(path)}: ${message}`,
      path,
      ...(hint ? { hint } : {}),
    });
  const knownZone = (zone: string, path: DataPath) => {
    if (Object.hasOwn(topology.zones, zone)) return true;
    const near = closest(zone, zones);
    error(
      'unknown-zone',
      path,
      `zone ${zone} is not declared under zones`,
      `${near ? `did you mean ${near}? ` : ''}declared zones: ${zones.join(', ')}`,
    );
    return false;
  };

  firewalls.forEach((fw, f) => {
    const at = (...rest: PropertyKey[]): DataPath => ['firewalls', f, ...rest];
    const lower = fw.name.toLowerCase();
    const first = seen.get(lower);
    if (first !== undefined)
      error(
        'duplicate-firewall',
        at('name'),
        `firewall ${fw.name} is already declared at firewalls[${first}]`,
        'give each firewall its own name: it names its table, chains and report sheet',
      );
    else seen.set(lower, f);

    if (fw.kind === 'network') {
      if (fw.servers !== undefined)
        error(
          'firewall-field-for-kind',
          at('servers'),
          'a network firewall has sides, not servers',
          'use kind: host for the firewall of some servers',
        );
      const sides = Object.entries(fw.sides ?? {});
      if (sides.length < 2)
        error(
          'firewall-sides',
          at(fw.sides ? 'sides' : 'kind'),
          `network firewall ${fw.name} needs at least two sides, each with its zones`,
          'sides: { outside: [internet], dmz: [perimeter-external] }',
        );
      if (fw.platform === 'windows-firewall')
        error(
          'firewall-platform-for-kind',
          at('platform'),
          'Windows Firewall is a host firewall; a network firewall runs nftables, iptables or is report-only',
          'use kind: host with servers, or another platform',
        );
      const sideOf = new Map<string, string>();
      for (const [side, list] of sides) {
        list.forEach((zone, z) => {
          const path = at('sides', side, z);
          if (!knownZone(zone, path)) return;
          const other = sideOf.get(zone);
          if (other !== undefined)
            error(
              'firewall-zone-on-two-sides',
              path,
              `zone ${zone} is behind side ${other} already`,
              'a zone is behind one side of a firewall; traffic within it never crosses the firewall',
            );
          else sideOf.set(zone, side);
        });
      }
    } else {
      if (fw.sides !== undefined)
        error(
          'firewall-field-for-kind',
          at('sides'),
          'a host firewall has servers, not sides',
          'use kind: network for a firewall between zones',
        );
      if (fw.servers === undefined || fw.servers.length === 0)
        error(
          'firewall-servers',
          at(fw.servers ? 'servers' : 'kind'),
          `host firewall ${fw.name} needs the servers it runs on`,
          'servers: [rp01.contoso.com]',
        );
      fw.servers?.forEach((server, s) => {
        if (hosts.includes(server.toLowerCase())) return;
        const near = closest(server, hosts);
        error(
          'unknown-reference',
          at('servers', s),
          `server ${server} is not a host of this topology`,
          near ? `did you mean ${near}?` : 'name a pool member, Edge server, reverse proxy or other host',
        );
      });
    }

    fw.management.forEach((access, m) => {
      const place = (list: readonly string[], key: string) =>
        list.forEach((item, i) => {
          if (parseAddressOrNetwork(item).ok) return;
          if (!item.includes('.') && !item.includes(':') && !item.includes('/')) {
            knownZone(item, at('management', m, key, i));
            return;
          }
          error(
            'invalid-cidr',
            at('management', m, key, i),
            `${item} is neither an address, a network in CIDR notation nor a zone name`,
            'such as 192.0.2.50, 192.0.2.0/24 or a zone name',
          );
        });
      place(access.sources, 'sources');
      if (access.destinations) {
        if (fw.kind === 'host')
          error(
            'firewall-field-for-kind',
            at('management', m, 'destinations'),
            "a host firewall's management access goes to its own servers",
            'remove destinations',
          );
        else place(access.destinations, 'destinations');
      }
      if (access.tcp.length === 0 && access.udp.length === 0)
        error(
          'management-no-ports',
          at('management', m),
          'management access names no tcp or udp ports',
          'tcp: [22]',
        );
      for (const transport of ['tcp', 'udp'] as const)
        access[transport].forEach((p, i) => {
          if (typeof p === 'number') return;
          const [a, b] = p.split('-').map(Number) as [number, number];
          if (a >= 1 && b <= 65535 && a <= b) return;
          error(
            'invalid-port-range',
            at('management', m, transport, i),
            `${p} is not a port range from 1 to 65535 with the first port before the last`,
          );
        });
    });
  });
}
