import { appliesToProduct, entryPorts } from '../catalog/query.js';
import type { CatalogEntry } from '../catalog/types.js';
import { PortSet, portRangesText } from '../model/ports.js';
import type { Transport } from '../model/protocols.js';
import type { Role } from '../model/roles.js';
import type { ClusterKind, Product } from './map.js';
import type { RawPort, RawService, RawTopology } from './raw.js';

/**
 * The deployment's own list of listening ports (the Ports of each service) against the catalog: XML
 * ports that no catalog entry plans for the role, and catalog ports of the roles present that the XML
 * does not declare. Either is a lead for the catalog engineer, not a verdict: the XML lists internal
 * service endpoints (Windows Fabric, local web services) that never cross a firewall, and the catalog
 * lists ports that are not the role's own listeners (SMB, DCOM, the load balancer's health checks).
 */

export interface XmlListener {
  readonly role: Role;
  readonly transport: Transport;
  readonly ports: PortSet;
  /** Owner and Usage of the XML port, e.g. urn:component:WinFab WinFabFederation. */
  readonly what: string;
  readonly line: number;
}

export interface Comparison {
  readonly xmlOnly: readonly XmlListener[];
  readonly catalogOnly: ReadonlyArray<{
    readonly role: Role;
    readonly transport: Transport;
    readonly ports: string;
    readonly id: string;
  }>;
}

export function comparePorts(
  raw: RawTopology,
  kinds: ReadonlyMap<string, ClusterKind>,
  entries: readonly CatalogEntry[],
  product: Product,
): Comparison {
  const listeners = raw.services.flatMap((s) => listenersOf(s, kinds));
  const applicable = entries.filter((e) => e.planned !== false && appliesToProduct(e.conditions, product));
  const xmlOnly: XmlListener[] = [];
  const seen = new Set<string>();
  for (const l of listeners) {
    const key = `${l.role}/${l.transport}/${l.ports.key()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const planned = applicable.some(
      (e) => e.role === l.role && e.transport === l.transport && entryPorts(e).overlaps(l.ports),
    );
    if (!planned) xmlOnly.push(l);
  }
  const roles = new Set(listeners.map((l) => l.role));
  const catalogOnly = applicable
    .filter((e) => roles.has(e.role))
    .filter((e) => e.configurablePort === undefined)
    .filter(
      (e) =>
        !listeners.some(
          (l) => l.role === e.role && l.transport === e.transport && l.ports.overlaps(entryPorts(e)),
        ),
    )
    .map((e) => ({ role: e.role, transport: e.transport, ports: portRangesText(e.ports), id: e.id }));
  return { xmlOnly, catalogOnly };
}

const EDGE_EXTERNAL: Readonly<Record<number, Role>> = {
  1: 'edge-external-access',
  2: 'edge-external-webconf',
  3: 'edge-external-av',
};

function listenersOf(s: RawService, kinds: ReadonlyMap<string, ClusterKind>): XmlListener[] {
  const kind = 'cluster' in s.installedOn ? kinds.get(s.installedOn.cluster) : undefined;
  return s.ports.flatMap((p) => {
    const role = roleOf(s, kind, p);
    if (!role) return [];
    return transportsOf(p.protocol).map((transport) => ({
      role,
      transport,
      ports: PortSet.fromRanges([[p.port, p.port + (p.range ?? 0)]]),
      what: `${s.role} ${p.owner.replace(/^urn:(component|application):/, '')} ${p.usage}`.trim(),
      line: p.at.line,
    }));
  });
}

function roleOf(s: RawService, kind: ClusterKind | undefined, p: RawPort): Role | undefined {
  // A collocated Mediation Server's ports are the mediation role's, wherever it runs.
  if (s.role === 'MediationServer') return kind === 'branch' ? 'sba' : 'mediation';
  switch (kind) {
    case 'front-end':
    case 'director':
    case 'persistent-chat':
    case 'office-online-server':
      return kind;
    case 'mediation':
      return 'mediation';
    case 'gateway':
      return 'pstn-gateway';
    case 'branch':
      return 'sba';
    case 'edge':
      return p.side === 'External' ? EDGE_EXTERNAL[p.number] : 'edge-internal';
    default:
      return undefined;
  }
}

function transportsOf(protocol: string): Transport[] {
  const p = protocol.toLowerCase();
  if (p === 'udp') return ['udp'];
  if (p === 'tcporudp') return ['tcp', 'udp'];
  return ['tcp'];
}
