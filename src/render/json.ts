import type { Endpoint, Flow } from '../model/flow.js';
import type { IpsecExemption, Plan } from '../model/plan.js';
import { firewallsOf, type PlannedFirewall } from '../plan/firewalls.js';
import { productName } from './boundaries.js';
import { defineRenderer, textStream } from './types.js';

/**
 * The report as data: `{ generator, formatVersion, topology, summary, endpoints, flows, firewalls,
 * firewallsAssumed?, ipsec, notPlanned, warnings }`, documented by schema/report.schema.json. Keys
 * come in a fixed order and lists in plan order, so the same plan gives the same bytes and diffs
 * between two reports read cleanly.
 *
 * Flows and IPsec exemptions name their hosts by endpoint id ("e1", "e2", …, numbered in order of
 * first use); each host list is written once under `endpoints`. Written out per flow, the lists of a
 * 100,000-server deployment would repeat into tens of gigabytes.
 */

export const REPORT_FORMAT_VERSION = 2;

/** A list written element by element: the renderer streams it, reportDocument builds it. */
class Listed {
  private constructor(
    readonly items: readonly unknown[],
    readonly toDocument: (item: unknown) => unknown,
  ) {}

  static of<T>(items: readonly T[], toDocument: (item: T) => unknown): Listed {
    return new Listed(items, toDocument as (item: unknown) => unknown);
  }
}

type Part = readonly [key: string, value: unknown];

/** The document's top-level parts in order; long lists stay lazy. */
function reportParts(plan: Plan): Part[] {
  const flows = plan.flows;
  const { firewalls, assumed, warnings } = firewallsOf(plan);
  const endpoints = new EndpointIds();
  for (const f of flows) {
    endpoints.idOf(f.source);
    endpoints.idOf(f.destination);
  }
  for (const x of plan.ipsec) endpoints.idOf(x.hosts);
  const listed = Listed.of;
  return [
    ['generator', 'sfbports'],
    ['formatVersion', REPORT_FORMAT_VERSION],
    [
      'topology',
      { name: plan.topology.name, product: plan.topology.product, productName: productName(plan) },
    ],
    [
      'summary',
      {
        flows: flows.length,
        optionalFlows: flows.filter((f) => f.optional).length,
        boundaries: new Set(flows.map((f) => `${f.boundary.from}:${f.boundary.to}`)).size,
        endpoints: endpoints.list.length,
        ipsecExemptions: plan.ipsec.length,
        notPlanned: plan.notPlanned?.length ?? 0,
      },
    ],
    ['endpoints', listed(endpoints.list, ([id, e]) => endpointDocument(id, e))],
    ['flows', listed(flows, (f) => flowDocument(f, endpoints))],
    ['firewalls', listed(firewalls, firewallDocument)],
    ...(assumed === undefined ? [] : [['firewallsAssumed', assumed] as const]),
    ['ipsec', listed(plan.ipsec, (x) => ipsecDocument(x, endpoints))],
    [
      'notPlanned',
      (plan.notPlanned ?? []).map((n) => ({
        entry: n.entry,
        ...(n.source === undefined ? {} : { source: n.source }),
        reason: n.reason,
      })),
    ],
    [
      'warnings',
      warnings.map((w) => ({
        code: w.code,
        severity: w.severity,
        message: w.message,
        ...(w.hint === undefined ? {} : { hint: w.hint }),
      })),
    ],
  ];
}

export type EndpointDocument = ReturnType<typeof endpointDocument>;
export type FlowDocument = ReturnType<typeof flowDocument>;

/** The report as schema/report.schema.json describes it. */
export interface ReportDocument {
  readonly generator: 'sfbports';
  readonly formatVersion: typeof REPORT_FORMAT_VERSION;
  readonly topology: { readonly name: string; readonly product: string; readonly productName: string };
  readonly summary: Readonly<
    Record<'flows' | 'optionalFlows' | 'boundaries' | 'endpoints' | 'ipsecExemptions' | 'notPlanned', number>
  >;
  readonly endpoints: readonly EndpointDocument[];
  readonly flows: readonly FlowDocument[];
  readonly firewalls: readonly ReturnType<typeof firewallDocument>[];
  readonly firewallsAssumed?: string;
  readonly ipsec: readonly ReturnType<typeof ipsecDocument>[];
  readonly notPlanned: readonly { entry: string; source?: string; reason: string }[];
  readonly warnings: readonly { code: string; severity: string; message: string; hint?: string }[];
}

/** The whole report as one object (for scripts that hold it in memory, and the tests). */
export function reportDocument(plan: Plan): ReportDocument {
  const doc: Record<string, unknown> = {};
  for (const [key, value] of reportParts(plan)) {
    doc[key] = value instanceof Listed ? value.items.map(value.toDocument) : value;
  }
  return doc as unknown as ReportDocument;
}

/**
 * The report as text, one piece per list element so that it is never one string. Each top-level key
 * is a line, and each element of a list (an endpoint, a flow, a firewall…) is one line of compact
 * JSON: a changed flow is one changed line in a diff, `grep` finds a flow with its fields, and the
 * file is a third of its pretty-printed size. JSON.parse gives back reportDocument(plan).
 */
export function* reportJsonChunks(plan: Plan): Generator<string> {
  const parts = reportParts(plan);
  yield '{\n';
  for (const [i, [key, value]] of parts.entries()) {
    const after = i < parts.length - 1 ? ',\n' : '\n';
    const name = `  ${JSON.stringify(key)}: `;
    if (!(value instanceof Listed) && !Array.isArray(value)) {
      yield `${name}${JSON.stringify(value)}${after}`;
      continue;
    }
    const items = value instanceof Listed ? value.items : value;
    const toDocument = value instanceof Listed ? value.toDocument : (item: unknown) => item;
    if (items.length === 0) {
      yield `${name}[]${after}`;
      continue;
    }
    yield `${name}[\n`;
    const last = items.length - 1;
    for (const [j, item] of items.entries()) {
      yield `    ${JSON.stringify(toDocument(item))}${j < last ? ',\n' : '\n'}`;
    }
    yield `  ]${after}`;
  }
  yield '}\n';
}

/**
 * Ids for endpoints, in order of first use. The planner shares one endpoint object among the flows of
 * a host group, so most lookups hit the object map; an equal list built twice still gets one id.
 */
class EndpointIds {
  readonly list: Array<readonly [string, Endpoint]> = [];
  readonly #byObject = new Map<Endpoint, string>();
  readonly #byContent = new Map<string, string>();

  idOf(e: Endpoint): string {
    const known = this.#byObject.get(e);
    if (known !== undefined) return known;
    const key = [
      e.kind,
      e.role,
      e.zone,
      e.site ?? '',
      e.pool ?? '',
      e.names.join(','),
      e.addresses.join(','),
      e.publicAddresses?.join(',') ?? '-',
    ].join('\0');
    let id = this.#byContent.get(key);
    if (id === undefined) {
      id = `e${this.list.length + 1}`;
      this.#byContent.set(key, id);
      this.list.push([id, e]);
    }
    this.#byObject.set(e, id);
    return id;
  }
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

function flowDocument(f: Flow, endpoints: EndpointIds) {
  return {
    id: f.id,
    boundary: { from: f.boundary.from, to: f.boundary.to, sameZone: f.boundary.sameZone },
    source: endpoints.idOf(f.source),
    destination: endpoints.idOf(f.destination),
    transport: f.transport,
    ports: f.ports.map(([a, b]) => [a, b]),
    protocol: f.protocol,
    purpose: f.purpose,
    requirements: [...f.requirements],
    optional: f.optional,
  };
}

function endpointDocument(id: string, e: Endpoint) {
  return {
    id,
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

function ipsecDocument(x: IpsecExemption, endpoints: EndpointIds) {
  return {
    id: x.id,
    name: x.name,
    direction: x.direction,
    hosts: endpoints.idOf(x.hosts),
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
  render: (plan: Plan) => textStream(() => reportJsonChunks(plan)),
});
