import type { Catalog } from '../catalog/types.js';
import type { Topology } from '../topology/schema.js';
import type { Endpoint, Flow } from './flow.js';
import type { PortRange } from './ports.js';
import type { Transport } from './protocols.js';

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
  /**
   * Entries that yield no flow for a reason other than their conditions (a role topology version 1
   * does not model, `planned: false`). Optional so hand-built plans in tests stay valid.
   */
  readonly notPlanned?: readonly NotPlanned[];
}

/** A catalog entry (or one of its source roles) that produced no flow, and why. */
export interface NotPlanned {
  readonly entry: string;
  /** The source role this concerns, when only some of the entry's sources could not be planned. */
  readonly source?: string;
  readonly reason: string;
}
