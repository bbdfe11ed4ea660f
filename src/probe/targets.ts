import type { Flow } from '../model/flow.js';
import { PortSet } from '../model/ports.js';
import { type Protocol, protocolFacts, type Transport } from '../model/protocols.js';
import { EXTERNAL_ROLES } from '../model/roles.js';
import type { CheckTarget } from './run.js';
import { portsToUse } from './sample.js';
import { sipIsSecureByDefault } from './sip-ports.js';
import type { TargetSpec } from './target-spec.js';
import type { ProbeName, ProbeTarget } from './types.js';

/** The probe that speaks a flow's application protocol, so "open" says as much as the port allows. */
export function probeForProtocol(
  protocol: Protocol,
  transport: Transport,
): { probe: ProbeName; secure?: boolean } {
  const facts = protocolFacts(protocol);
  if (transport === 'udp') {
    if (facts.dialogue === 'stun' || facts.dialogue === 'sql-browser') return { probe: facts.dialogue };
    return { probe: 'udp' };
  }
  if (facts.dialogue === 'sip') return { probe: 'sip', secure: facts.tls };
  if (facts.tls) return { probe: 'tls' };
  if (facts.dialogue === 'stun') return { probe: 'stun' };
  return { probe: 'tcp' };
}

/** Transport a forced probe implies when the target spec names none. */
export function defaultTransport(probe: ProbeName | undefined): Transport {
  return probe === 'sql-browser' || probe === 'stun' || probe === 'msturn' || probe === 'udp' ? 'udp' : 'tcp';
}

/** Probes that speak over one transport only; stun and msturn speak over both. */
export function probeFits(probe: ProbeName, transport: Transport): boolean {
  if (probe === 'tcp' || probe === 'tls' || probe === 'sip') return transport === 'tcp';
  if (probe === 'sql-browser' || probe === 'udp') return transport === 'udp';
  return probe !== 'dns';
}

/** The probe for an ad hoc target: forced by --probe, else guessed from well-known Skype for Business ports. */
export function probeForPort(port: number, transport: Transport): ProbeName {
  if (transport === 'udp') {
    if (port === 3478) return 'stun';
    if (port === 1434) return 'sql-browser';
    return 'udp';
  }
  if (port === 5060 || port === 5061 || port === 5067 || port === 5068) return 'sip';
  if (port === 443 || port === 4443 || port === 444 || port === 8057 || port === 8058) return 'tls';
  return 'tcp';
}

export interface TargetPlan {
  readonly targets: CheckTarget[];
  /** Sentences for the user: what was sampled, what could not be probed and why. */
  readonly notes: string[];
}

export interface AdHocOptions {
  readonly probe?: ProbeName;
  readonly full: boolean;
  readonly serverName?: string;
  /** SIP over plain TCP on every port (else TLS, except on 5060 and 5068). */
  readonly sipOverTcp?: boolean;
}

/** Targets for `check HOST:PORT[/proto] …`; every one of them is required. */
export function adHocTargets(specs: readonly TargetSpec[], options: AdHocOptions): TargetPlan {
  const targets: CheckTarget[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    const transport = spec.transport ?? defaultTransport(options.probe);
    const { ports, sampled } = portsToUse(spec.ports, options.full);
    if (sampled) {
      notes.push(
        `${spec.host}: sampled ${ports.length} of ${spec.ports.size} ports in ${spec.ports} (--full probes all)`,
      );
    }
    for (const port of ports) {
      const key = `${spec.host}|${port}|${transport}`;
      if (seen.has(key)) continue;
      seen.add(key);
      // A forced probe applies to the targets of its transport; the others keep their usual probe.
      const probe =
        options.probe && probeFits(options.probe, transport) ? options.probe : probeForPort(port, transport);
      const target: ProbeTarget = {
        host: spec.host,
        port,
        transport,
        probe,
        ...(options.serverName !== undefined && { serverName: options.serverName }),
        ...(probe === 'sip' && { secure: !options.sipOverTcp && sipIsSecureByDefault(port) }),
      };
      targets.push({ target, required: true });
    }
  }
  return { targets, notes };
}

/** Does this flow start where `check` runs? `from` is a role, a server or pool FQDN, or a zone. */
export function flowStartsAt(flow: Flow, from: string): boolean {
  const s = flow.source;
  return s.role === from || s.zone === from || s.pool === from || s.names.includes(from);
}

export interface FlowTargetOptions {
  readonly full: boolean;
  /** Forces one probe for every target (as --probe does ad hoc). */
  readonly probe?: ProbeName;
}

/**
 * Targets for the flows that start where `check` runs: destination addresses × ports. A target shared
 * by several flows is probed once and reported under the first; it is required when any of them is.
 */
export function flowTargets(flows: readonly Flow[], from: string, options: FlowTargetOptions): TargetPlan {
  const byKey = new Map<string, { target: ProbeTarget; flows: string[]; required: boolean }>();
  const notes: string[] = [];
  for (const flow of flows) {
    if (!flowStartsAt(flow, from)) continue;
    const dest = flow.destination;
    const portSet = PortSet.fromRanges(flow.ports);
    const { ports, sampled } = portsToUse(portSet, options.full);
    if (sampled && dest.addressSets.some((a) => a.host !== undefined)) {
      notes.push(
        `${flow.id}: sampled ${ports.length} of ${portSet.size} ports in ${portSet} (--full probes all)`,
      );
    }
    const chosen =
      options.probe && probeFits(options.probe, flow.transport)
        ? { probe: options.probe }
        : probeForProtocol(flow.protocol, flow.transport);
    // From outside, a NATed Edge is reached on its public addresses, not on the ones it is configured with.
    const viaNat = EXTERNAL_ROLES.has(flow.source.role) && (dest.publicAddresses?.length ?? 0) > 0;
    const addresses = viaNat ? dest.publicAddresses! : dest.addresses;
    const sets = (viaNat ? dest.publicAddressSets : dest.addressSets) ?? [];
    const namesAlign = !viaNat || addresses.length === dest.names.length;
    addresses.forEach((address, i) => {
      // A host is a one-address set; a zone's network (or "any") is not something to connect to.
      if (sets[i]?.host === undefined) {
        notes.push(
          `${flow.id}: destination ${address} in zone ${dest.zone} is a network, not a host; not probed`,
        );
        return;
      }
      const name = dest.kind === 'hosts' && namesAlign ? dest.names[i] : undefined;
      for (const port of ports) {
        const key = `${address}|${port}|${flow.transport}|${chosen.probe}`;
        const existing = byKey.get(key);
        if (existing) {
          existing.flows.push(flow.id);
          existing.required ||= !flow.optional;
          continue;
        }
        const target: ProbeTarget = {
          host: address,
          port,
          transport: flow.transport,
          probe: chosen.probe,
          ...(name !== undefined && { serverName: name }),
          ...(chosen.secure !== undefined && { secure: chosen.secure }),
        };
        byKey.set(key, { target, flows: [flow.id], required: !flow.optional });
      }
    });
  }
  const targets = [...byKey.values()].map((v) => ({
    target: v.target,
    flow: v.flows[0]!,
    ...(v.flows.length > 1 && { alsoFlows: v.flows.slice(1) }),
    required: v.required,
  }));
  return { targets, notes };
}
