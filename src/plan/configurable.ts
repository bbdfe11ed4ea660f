import type { CatalogEntry } from '../catalog/types.js';
import { MEDIA_MODALITY_NAMES, type MediaModality } from '../model/media.js';
import { PortSet } from '../model/ports.js';
import type { Protocol } from '../model/protocols.js';
import type { Gateway, Topology } from '../topology/schema.js';
import type { RoleGroup } from './groups.js';

/**
 * Ports that are topology settings rather than constants (CatalogEntry.configurablePort). The
 * catalog's `ports` hold the vendor default; the topology's value replaces it. Client media ranges
 * only ever narrow the default 1024-65535, so they are intersected with it: nothing is widened.
 */

export interface Service {
  readonly ports: PortSet;
  readonly protocol: Protocol;
}

const defaultServices = new WeakMap<CatalogEntry, Service>();

/** The entry's own ports and protocol, parsed once per entry. */
function defaultService(entry: CatalogEntry): Service {
  let service = defaultServices.get(entry);
  if (!service) {
    service = { ports: PortSet.fromRanges(entry.ports), protocol: entry.protocol };
    defaultServices.set(entry, service);
  }
  return service;
}

/**
 * True when the entry's port depends on the source, so sources must be grouped by port: the gateway's
 * SIP ports belong to a trunk, a pair of Mediation pool and gateway (Gateway.trunks).
 */
export function dependsOnSource(entry: CatalogEntry): boolean {
  return entry.configurablePort === 'mediation-gateway-listen' || entry.configurablePort === 'gateway-listen';
}

/** One trunk: the SIP settings between a gateway and one Mediation pool (or branch appliance). */
export interface TrunkPorts {
  readonly transport: 'tls' | 'tcp';
  readonly listenPort: number;
  readonly mediationPort: number;
  readonly mediaBypass: boolean;
}

/**
 * The trunks between a gateway and the Mediation pool (or appliance) `mediation`: the gateway's trunks
 * naming it, else its root trunk, the gateway's own fields (PAGES.defineGateway steps 5-9).
 */
export function trunksBetween(g: Gateway, mediation: string | undefined): readonly TrunkPorts[] {
  const own = mediation === undefined ? [] : (g.trunks ?? []).filter((t) => t.mediation === mediation);
  return own.length > 0 ? own : [g];
}

/** Media bypass is on for some trunk of the gateway: clients and phones may reach it directly. */
export function gatewayBypass(g: Gateway): boolean {
  return g.mediaBypass || (g.trunks ?? []).some((t) => t.mediaBypass);
}

/** The service one pair needs, or undefined when the entry does not apply to this pair. */
export function serviceFor(
  entry: CatalogEntry,
  source: RoleGroup | undefined,
  destination: RoleGroup,
  topology: Topology,
): Service | undefined {
  const defaults = defaultService(entry);
  switch (entry.configurablePort) {
    case undefined:
      return defaults;
    case 'gateway-listen': {
      const g = destination.gateway;
      if (!g) return defaults;
      return gatewayService(entry, trunksBetween(g, source?.key), (t) => t.listenPort);
    }
    case 'mediation-gateway-listen': {
      const g = source?.gateway;
      if (!g) return defaults;
      return gatewayService(entry, trunksBetween(g, destination.key), (t) => t.mediationPort);
    }
    case 'sql-tds':
      return destination.sqlServer
        ? { ...defaults, ports: PortSet.of(destination.sqlServer.port) }
        : defaults;
    case 'sql-mirroring':
      return destination.sqlServer
        ? { ...defaults, ports: PortSet.of(destination.sqlServer.mirroringPort) }
        : defaults;
    case 'sql-witness':
      return destination.sqlServer
        ? { ...defaults, ports: PortSet.of(destination.sqlServer.witnessPort) }
        : defaults;
    case 'sql-ag-endpoint':
      return destination.availabilityGroup
        ? { ...defaults, ports: PortSet.of(destination.availabilityGroup.endpointPort) }
        : defaults;
    case 'trusted-app':
      return destination.trustedApp
        ? { ...defaults, ports: PortSet.of(destination.trustedApp.port) }
        : undefined;
    case 'gateway-media': {
      // The gateway vendor's range when the topology states it; else the catalog's 1024-65535.
      const r = destination.gateway?.mediaPorts;
      return r ? { ...defaults, ports: PortSet.run(r) } : defaults;
    }
    case 'client-media': {
      const narrowed = clientMediaPorts(entry, topology);
      return narrowed ? { ...defaults, ports: defaults.ports.intersect(narrowed) } : defaults;
    }
  }
}

/**
 * A trunk speaks either TLS or TCP. The catalog may carry one entry per transport (5067 TLS and
 * 5068 TCP); each pair gets only the entries for its trunks' transports, on the trunks' ports.
 */
function gatewayService(
  entry: CatalogEntry,
  trunks: readonly TrunkPorts[],
  port: (t: TrunkPorts) => number,
): Service | undefined {
  const sip = entry.protocol === 'SIP/TLS' || entry.protocol === 'SIP/TCP';
  let ports = PortSet.empty;
  for (const t of trunks) {
    const own: Protocol = t.transport === 'tls' ? 'SIP/TLS' : 'SIP/TCP';
    if (!sip || entry.protocol === own) ports = ports.union(PortSet.of(port(t)));
  }
  return ports.isEmpty ? undefined : { ports, protocol: entry.protocol };
}

/** The configured client ranges of the modalities a client-media entry carries, when enabled. */
export function clientMediaPorts(entry: CatalogEntry, topology: Topology): PortSet | undefined {
  return clientMediaRanges(topology, entry.modalities);
}

/** The configured client media ranges of some modalities (all of them by default), when enabled. */
export function clientMediaRanges(
  topology: Topology,
  modalities: readonly MediaModality[] = MEDIA_MODALITY_NAMES,
): PortSet | undefined {
  const cfg = topology.clientMediaPorts;
  if (!cfg?.enabled) return undefined;
  let set = PortSet.empty;
  for (const m of modalities) {
    set = set.union(PortSet.run(cfg[m]));
  }
  return set;
}
