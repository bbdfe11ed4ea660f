import type { Catalog, Transport } from '../catalog/types.js';
import type { Endpoint, Flow } from '../flow/flow.js';
import type { PortRange } from '../flow/ports.js';
import type { Topology } from '../topology/schema.js';

/** An IPsec exception from the catalog, resolved to the topology's real hosts. */
export interface IpsecExemption {
  readonly id: string;
  readonly name: string;
  readonly direction: 'inbound' | 'outbound';
  readonly hosts: Endpoint;
  readonly transports: readonly Transport[];
  /** Local ports of `hosts` that are exempt; missing means any port. */
  readonly localPorts?: readonly PortRange[];
  readonly requirements: readonly string[];
}

/** What the planner hands to every renderer and emitter. */
export interface Plan {
  readonly topology: Topology;
  readonly catalog: Catalog;
  readonly flows: readonly Flow[];
  readonly ipsec: readonly IpsecExemption[];
}
