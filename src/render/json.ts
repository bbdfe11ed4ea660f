import { UserError } from '../diag/diagnostic.js';
import type { Endpoint, Flow } from '../model/flow.js';
import type { IpsecExemption, Plan } from '../model/plan.js';
import { firewallsOf, type PlannedFirewall } from '../plan/firewalls.js';
import { productName } from './boundaries.js';
import { defineRenderer } from './types.js';

/**
 * The report as data: `{ generator, formatVersion, topology, summary, flows, firewalls,
 * firewallsAssumed?, ipsec, notPlanned, warnings }`,
 * documented by schema/report.schema.json. Keys come in a fixed order and lists in plan order, so
 * the same plan gives the same bytes and diffs between two reports read cleanly.
 */

export const REPORT_FORMAT_VERSION = 1;

export function reportDocument(plan: Plan) {
  const flows = plan.flows;
  const { firewalls, assumed, warnings } = firewallsOf(plan);
  return {
    generator: 'sfbports',
    formatVersion: REPORT_FORMAT_VERSION,
    topology: {
      name: plan.topology.name,
      product: plan.topology.product,
      productName: productName(plan),
    },
    summary: {
      flows: flows.length,
      optionalFlows: flows.filter((f) => f.optional).length,
      boundaries: new Set(flows.map((f) => `${f.boundary.from}:${f.boundary.to}`)).size,
      ipsecExemptions: plan.ipsec.length,
      notPlanned: plan.notPlanned?.length ?? 0,
    },
    flows: flows.map(flowDocument),
    firewalls: firewalls.map(firewallDocument),
    ...(assumed === undefined ? {} : { firewallsAssumed: assumed }),
    ipsec: plan.ipsec.map(ipsecDocument),
    notPlanned: (plan.notPlanned ?? []).map((n) => ({
      entry: n.entry,
      ...(n.source === undefined ? {} : { source: n.source }),
      reason: n.reason,
    })),
    warnings: warnings.map((w) => ({
      code: w.code,
      severity: w.severity,
      message: w.message,
      ...(w.hint === undefined ? {} : { hint: w.hint }),
    })),
  };
}

/** A firewall and the ids of the flows it enforces; the flows themselves are in `flows`. */
function firewallDocument(fw: PlannedFirewall) {
  return {
    name: fw.name,
    kind: fw.kind,
    platform: fw.platform,
    derived: fw.derived,
    sides: fw.sides.map((s) => ({ name: s.name, zones: [...s.zones] })),
    servers: fw.servers.map((s) => s.name),
    management: fw.management.map((m) => ({
      description: m.description,
      transport: m.transport,
      ports: m.ports.ranges.map(([a, b]) => [a, b]),
      sources: [...m.sourceText],
    })),
    flows: fw.flows.map((f) => ({
      id: f.flow.id,
      ...(f.from === undefined ? {} : { from: f.from }),
      ...(f.to === undefined ? {} : { to: f.to }),
    })),
  };
}

export function flowDocument(f: Flow) {
  return {
    id: f.id,
    boundary: { from: f.boundary.from, to: f.boundary.to, sameZone: f.boundary.sameZone },
    source: endpointDocument(f.source),
    destination: endpointDocument(f.destination),
    transport: f.transport,
    ports: f.ports.map(([a, b]) => [a, b]),
    protocol: f.protocol,
    purpose: f.purpose,
    requirements: [...f.requirements],
    optional: f.optional,
  };
}

function endpointDocument(e: Endpoint) {
  return {
    kind: e.kind,
    role: e.role,
    zone: e.zone,
    ...(e.site === undefined ? {} : { site: e.site }),
    ...(e.pool === undefined ? {} : { pool: e.pool }),
    names: [...e.names],
    addresses: [...e.addresses],
    ...(e.publicAddresses === undefined ? {} : { publicAddresses: [...e.publicAddresses] }),
  };
}

function ipsecDocument(x: IpsecExemption) {
  return {
    id: x.id,
    name: x.name,
    direction: x.direction,
    hosts: endpointDocument(x.hosts),
    transports: [...x.transports],
    ...(x.localPorts === undefined ? {} : { localPorts: x.localPorts.map(([a, b]) => [a, b]) }),
    requirements: [...x.requirements],
  };
}

export const jsonRenderer = defineRenderer({
  name: 'json',
  extension: 'json',
  description:
    'JSON document of every flow, firewall, IPsec exemption and unplanned entry (schema/report.schema.json)',
  binary: false,
  render: (plan: Plan) => {
    refuseOversize(plan);
    return `${JSON.stringify(reportDocument(plan), null, 2)}\n`;
  },
});

/** The most characters a JavaScript string holds in V8 (2^29 - 24): the report must fit in one. */
const MAX_STRING = 2 ** 29 - 24;

/**
 * Every flow lists the names and addresses of both its endpoints, so the report grows with flows
 * times endpoint size: for 100,000 servers, tens of gigabytes. Building that document would exhaust
 * the heap and abort node, so a report that cannot fit in a string is refused before it is built.
 * The estimate (about 40 characters per listed name or address, 700 per flow) errs low.
 */
function refuseOversize(plan: Plan): void {
  let estimate = 0;
  for (const f of plan.flows) {
    estimate +=
      700 +
      40 *
        (f.source.names.length +
          f.source.addresses.length +
          f.destination.names.length +
          f.destination.addresses.length);
    if (estimate > MAX_STRING) {
      throw new UserError({
        code: 'output-too-large',
        severity: 'error',
        message: `the JSON report of ${plan.flows.length} flows would be larger than the ${Math.floor(MAX_STRING / 2 ** 20)} MiB a string can hold (${plan.flows.indexOf(f) + 1} flows alone exceed it)`,
        hint: 'narrow the report with --site, --boundary or --firewall (a site at a time)',
      });
    }
  }
}
