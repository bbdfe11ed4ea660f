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

/** True when the entry's port depends on the source, so sources must be grouped by port. */
export function dependsOnSource(entry: CatalogEntry): boolean {
  return entry.configurablePort === 'mediation-gateway-listen';
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
    case 'gateway-listen':
      return destination.gateway
        ? gatewayService(entry, destination.gateway, destination.gateway.listenPort)
        : defaults;
    case 'mediation-gateway-listen': {
      const g = source?.gateway;
      if (!g) return defaults;
      return gatewayService(entry, g, g.mediationPort ?? (g.transport === 'tls' ? 5067 : 5068));
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
      return r ? { ...defaults, ports: gatewayMediaRange(r) } : defaults;
    }
    case 'client-media': {
      const narrowed = clientMediaPorts(entry, topology);
      return narrowed ? { ...defaults, ports: defaults.ports.intersect(narrowed) } : defaults;
    }
  }
}

/**
 * A gateway speaks either TLS or TCP. The catalog may carry one entry per transport (5067 TLS and
 * 5068 TCP); each gateway gets only the entry for its own transport, on its configured port.
 */
function gatewayService(entry: CatalogEntry, g: Gateway, port: number): Service | undefined {
  const own: Protocol = g.transport === 'tls' ? 'SIP/TLS' : 'SIP/TCP';
  if ((entry.protocol === 'SIP/TLS' || entry.protocol === 'SIP/TCP') && entry.protocol !== own)
    return undefined;
  return { ports: PortSet.of(port), protocol: entry.protocol };
}

/** A gateway's media range (the schema keeps it inside 1024-65535). */
export function gatewayMediaRange(r: { readonly start: number; readonly count: number }): PortSet {
  return PortSet.range(r.start, r.start + r.count - 1);
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
    const r = cfg[m];
    set = set.union(PortSet.range(r.start, Math.min(65535, r.start + r.count - 1)));
  }
  return set;
}
