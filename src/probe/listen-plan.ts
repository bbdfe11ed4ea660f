import type { Flow } from '../model/flow.js';
import { PortSet } from '../model/ports.js';
import { type Protocol, protocolFacts, type Transport } from '../model/protocols.js';
import { compareText } from '../text/order.js';
import { portsToUse } from './sample.js';

/** One port the responder opens, with every protocol the flows reaching it speak. */
export interface ListenPort {
  readonly port: number;
  readonly transport: Transport;
  readonly protocols: ReadonlySet<Protocol>;
  readonly flows: readonly string[];
}

export interface ListenPlan {
  /** The address to bind, from the topology (--as) or the user (--bind). */
  readonly address: string | undefined;
  readonly ports: readonly ListenPort[];
  readonly notes: readonly string[];
  /** Port ranges opened only in part (a sample of a media range): one line each, for --verbose. */
  readonly sampled: readonly string[];
}

export type ListenWho = { readonly server: string } | { readonly role: string };

/** Does `flow` arrive at this server (by FQDN or pool) or role? Returns the destination address index. */
function arrivalIndex(flow: Flow, who: ListenWho): number | undefined {
  const d = flow.destination;
  if ('role' in who) return d.role === who.role ? 0 : undefined;
  const i = d.names.indexOf(who.server);
  if (i >= 0) return i;
  return d.pool === who.server ? 0 : undefined;
}

/**
 * Every port this server (or role) must receive on, per flow, sampled exactly as `check` samples the
 * same flow so that the two meet on the same ports.
 */
export function listenPlan(flows: readonly Flow[], who: ListenWho, full: boolean): ListenPlan {
  const byKey = new Map<
    string,
    { port: number; transport: Transport; protocols: Set<Protocol>; flows: string[] }
  >();
  const notes: string[] = [];
  const sampledRanges: string[] = [];
  const addresses = new Set<string>();
  for (const flow of flows) {
    const index = arrivalIndex(flow, who);
    if (index === undefined) continue;
    const address = flow.destination.addresses[index];
    if (address !== undefined && 'server' in who) addresses.add(address);
    const set = PortSet.fromRanges(flow.ports);
    const { ports, sampled } = portsToUse(set, full);
    if (sampled)
      sampledRanges.push(`${flow.id}: listening on ${ports.length} of ${set.size} ports in ${set}`);
    for (const port of ports) {
      const key = `${flow.transport}/${port}`;
      let entry = byKey.get(key);
      if (!entry) {
        entry = { port, transport: flow.transport, protocols: new Set(), flows: [] };
        byKey.set(key, entry);
      }
      entry.protocols.add(flow.protocol);
      entry.flows.push(flow.id);
    }
  }
  if (addresses.size > 1) {
    notes.push(
      `the server has several addresses in the flows (${[...addresses].join(', ')}); binding the first`,
    );
  }
  const ports = [...byKey.values()].sort((a, b) => compareText(a.transport, b.transport) || a.port - b.port);
  return { address: [...addresses][0], ports, notes, sampled: sampledRanges };
}

/**
 * "sniff" when some flow to the port speaks first (or nothing is known of it), else "banner": our
 * token goes out on accept, without the wait for a client that never speaks first.
 */
export function tcpMode(protocols: ReadonlySet<Protocol>): 'sniff' | 'banner' {
  if (protocols.size === 0) return 'sniff';
  for (const p of protocols) if (protocolFacts(p).clientOpens) return 'sniff';
  return 'banner';
}
