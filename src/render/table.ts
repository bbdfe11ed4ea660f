import type { Endpoint, Flow } from '../model/flow.js';
import type { Plan } from '../model/plan.js';
import { portRangesText } from '../model/ports.js';
import { type FirewallFlow, firewallsOf } from '../plan/firewalls.js';
import { TABLE_WIDTH, wrap, wrapWords } from '../text/layout.js';
import {
  boundaryTitle,
  byBoundary,
  endpointHeading,
  hostLine,
  productName,
  someHosts,
  summaryLine,
} from './boundaries.js';
import { directionsOf, firewallKindText, firewallPlaceText, flowCount, managementText } from './firewalls.js';
import { natMappings, natMappingText } from './nat.js';
import { defineRenderer, type RenderOptions, textStream } from './types.js';

/**
 * The terminal report: a section per firewall boundary, four wrapped columns that fit in 100
 * characters, then the same closing sections as the Markdown (NAT, firewalls, IPsec, not planned,
 * notes), as wrapped lists. Pure and colourless; the CLI adds colour on a terminal. An endpoint lists at most
 * MAX_HOSTS hosts and says how many more there are: the other formats carry every address.
 */

const GAP = '  ';
const COLUMNS = [
  { title: 'SOURCE', width: 22 },
  { title: 'DESTINATION', width: 22 },
  { title: 'SERVICE', width: 16 },
  { title: 'PURPOSE AND REQUIREMENTS', width: 34 },
] as const;
const MAX_HOSTS = 6;

/** A host of a pool by its first label ("fe01 192.0.2.11"): the pool heading gives the domain. */
function tableHostLine(e: Endpoint, i: number): string {
  if (e.kind === 'zone' || !e.pool) return hostLine(e, i);
  const a = e.addresses[i]!;
  const name = e.names[i];
  return name && name !== e.pool ? `${name.split('.')[0]} ${a}` : a;
}

/** The heading and at most MAX_HOSTS lines; only the hosts shown are formatted. */
function endpointText(e: Endpoint): string {
  const { lines, more } = someHosts(e, MAX_HOSTS, tableHostLine);
  return [endpointHeading(e), ...lines, ...(more > 0 ? [`… ${more} more`] : [])].join('\n');
}

function flowCells(f: Flow): string[] {
  const service = [`${f.transport} ${portRangesText(f.ports)}`, f.protocol, f.id].join('\n');
  const purpose = `${f.optional ? '(optional) ' : ''}${f.purpose}\n${f.requirements.join('\n')}`;
  return [endpointText(f.source), endpointText(f.destination), service, purpose];
}

function layout(cells: readonly string[]): string[] {
  const wrapped = cells.map((c, i) => wrap(c, COLUMNS[i]!.width));
  const height = Math.max(...wrapped.map((w) => w.length));
  const lines: string[] = [];
  for (let r = 0; r < height; r++) {
    const parts = wrapped.map((w, i) => (w[r] ?? '').padEnd(COLUMNS[i]!.width));
    lines.push(parts.join(GAP).trimEnd());
  }
  return lines;
}

/** A list item wrapped to the table width, continuation lines indented under its text. */
function bullet(text: string, depth = 0): string[] {
  const pad = '  '.repeat(depth);
  return wrap(text, TABLE_WIDTH - pad.length - 2).map((l, i) => `${pad}${i === 0 ? '- ' : '  '}${l}`);
}

function rule(char: string, title = ''): string {
  const head = title === '' ? '' : `${char}${char} ${title} `;
  return head + char.repeat(Math.max(0, TABLE_WIDTH - head.length));
}

/** Lines as one piece of the report: each piece is whole lines, each ending in a newline. */
function piece(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Lines in pieces of at most BATCH lines. */
function* pieces(lines: Iterable<string>): Generator<string> {
  let batch: string[] = [];
  for (const line of lines) {
    batch.push(line);
    if (batch.length >= BATCH) {
      yield piece(batch);
      batch = [];
    }
  }
  if (batch.length > 0) yield piece(batch);
}

const BATCH = 1000;

/** `bullet` for a text given as words, a line at a time (a firewall's million flow ids). */
function* bulletWords(words: Iterable<string>, depth: number): Generator<string> {
  const pad = '  '.repeat(depth);
  let first = true;
  for (const l of wrapWords(words, TABLE_WIDTH - pad.length - 2)) {
    yield `${pad}${first ? '- ' : '  '}${l}`;
    first = false;
  }
}

/**
 * The report a piece at a time: the title, then a piece per boundary heading and per flow, and the
 * closing sections in pieces of whole lines. Every piece ends with a newline, so the CLI can colour
 * each one by itself.
 */
export function* tableChunks(plan: Plan, options: RenderOptions = {}): Generator<string> {
  const title = options.title ?? plan.topology.name;
  yield piece([
    ...wrap(`sfbports firewall report: ${title} (${productName(plan)})`, TABLE_WIDTH),
    ...wrap(`${summaryLine(plan.flows)}. Ports are destination ports.`, TABLE_WIDTH),
  ]);
  for (const group of byBoundary(plan.flows)) {
    const n = group.flows.length;
    yield piece([
      '',
      rule('=', `${boundaryTitle(group.boundary)}: ${n} flow${n === 1 ? '' : 's'}`),
      layout(COLUMNS.map((c) => c.title))[0]!,
      COLUMNS.map((c) => '-'.repeat(c.width)).join(GAP),
    ]);
    let first = true;
    for (const f of group.flows) {
      const lines = layout(flowCells(f));
      yield first ? piece(lines) : piece(['', ...lines]);
      first = false;
    }
  }
  const nat = natMappings(plan);
  if (nat.length > 0) {
    yield piece(['', rule('=', `NAT of Edge servers (private ↔ public): ${nat.length}`)]);
    yield* pieces(
      (function* () {
        for (const m of nat) yield* bullet(natMappingText(m));
      })(),
    );
  }
  const { firewalls, assumed, warnings } = firewallsOf(plan);
  if (firewalls.length > 0) {
    yield piece([
      '',
      rule('=', `Firewalls: ${firewalls.length}`),
      ...(assumed === undefined ? [] : wrap(assumed, TABLE_WIDTH)),
    ]);
    for (const fw of firewalls) {
      yield piece([
        ...bullet(
          `${fw.name}: ${firewallKindText(fw)}; ${firewallPlaceText(fw)}; ${flowCount(fw.flows.length)}`,
        ),
        ...fw.management.flatMap((m) => bullet(`management: ${managementText(m)}`, 1)),
      ]);
      for (const d of directionsOf(fw)) {
        const head = `${d.title}, ${flowCount(d.flows.length)}:`.split(' ');
        yield* pieces(bulletWords(concat(head, ids(d.flows)), 1));
      }
    }
  }
  if (plan.ipsec.length > 0) {
    yield piece(['', rule('=', `IPsec exemptions: ${plan.ipsec.length}`)]);
    for (const x of plan.ipsec) {
      const ports = x.localPorts ? ` local ports ${portRangesText(x.localPorts)}` : ' any port';
      const { lines, more } = someHosts(x.hosts, MAX_HOSTS);
      const hosts = [...lines, ...(more > 0 ? [`… ${more} more`] : [])];
      const text = `${x.name} (${x.direction}, ${x.transports.join('+')}${ports}): ${endpointHeading(x.hosts)} ${hosts.join(' ')} [${x.requirements.join(' ')}]`;
      yield piece(wrap(text, TABLE_WIDTH - 2).map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)));
    }
  }
  const notPlanned = plan.notPlanned ?? [];
  if (notPlanned.length > 0) {
    yield piece(['', rule('=', `Not planned: ${notPlanned.length}`)]);
    for (const n of notPlanned) {
      const text = `${n.entry}${n.source ? ` (source ${n.source})` : ''}: ${n.reason}`;
      yield piece(wrap(text, TABLE_WIDTH - 2).map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)));
    }
  }
  if (warnings.length > 0) {
    yield piece(['', rule('=', `Notes: ${warnings.length}`)]);
    for (const w of warnings)
      yield piece(bullet(`${w.severity} ${w.code}: ${w.message}${w.hint ? ` (${w.hint})` : ''}`));
  }
}

function* concat<T>(a: Iterable<T>, b: Iterable<T>): Generator<T> {
  yield* a;
  yield* b;
}

function* ids(flows: readonly FirewallFlow[]): Generator<string> {
  for (const f of flows) yield f.flow.id;
}

/** The whole report as one string, for small plans and the tests. */
export function renderTable(plan: Plan, options: RenderOptions = {}): string {
  return [...tableChunks(plan, options)].join('');
}

export const tableRenderer = defineRenderer({
  name: 'table',
  extension: 'txt',
  description:
    'plain-text tables grouped by zone boundary, then the firewalls and the flows each enforces, readable in 100 columns (the default)',
  binary: false,
  render: (plan: Plan, options: RenderOptions) => textStream(() => tableChunks(plan, options)),
});
