import type { Endpoint, Flow } from '../model/flow.js';
import type { Plan } from '../model/plan.js';
import { portRangesText } from '../model/ports.js';
import { firewallsOf } from '../plan/firewalls.js';
import { TABLE_WIDTH, wrap } from '../text/layout.js';
import {
  boundaryTitle,
  byBoundary,
  endpointHeading,
  hostLines,
  productName,
  summaryLine,
} from './boundaries.js';
import { directionsOf, firewallKindText, firewallPlaceText, flowCount, managementText } from './firewalls.js';
import { natMappings, natMappingText } from './nat.js';
import { defineRenderer, type RenderOptions } from './types.js';

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

/** Hosts of a pool by their first label ("fe01 192.0.2.11"): the pool heading gives the domain. */
function tableHostLines(e: Endpoint): string[] {
  if (e.kind === 'zone' || !e.pool) return hostLines(e);
  return e.addresses.map((a, i) => {
    const name = e.names[i];
    return name && name !== e.pool ? `${name.split('.')[0]} ${a}` : a;
  });
}

function endpointText(e: Endpoint): string {
  const hosts = tableHostLines(e);
  const shown = hosts.length > MAX_HOSTS ? hosts.slice(0, MAX_HOSTS - 1) : hosts;
  const more = hosts.length - shown.length;
  return [endpointHeading(e), ...shown, ...(more > 0 ? [`… ${more} more`] : [])].join('\n');
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

export function renderTable(plan: Plan, options: RenderOptions = {}): string {
  const title = options.title ?? plan.topology.name;
  const out: string[] = [];
  out.push(...wrap(`sfbports firewall report: ${title} (${productName(plan)})`, TABLE_WIDTH));
  out.push(...wrap(`${summaryLine(plan.flows)}. Ports are destination ports.`, TABLE_WIDTH));
  for (const group of byBoundary(plan.flows)) {
    out.push('');
    const n = group.flows.length;
    out.push(rule('=', `${boundaryTitle(group.boundary)}: ${n} flow${n === 1 ? '' : 's'}`));
    out.push(layout(COLUMNS.map((c) => c.title))[0]!);
    out.push(COLUMNS.map((c) => '-'.repeat(c.width)).join(GAP));
    group.flows.forEach((f, i) => {
      if (i > 0) out.push('');
      out.push(...layout(flowCells(f)));
    });
  }
  const nat = natMappings(plan);
  if (nat.length > 0) {
    out.push('');
    out.push(rule('=', `NAT of Edge servers (private ↔ public): ${nat.length}`));
    for (const m of nat) out.push(...bullet(natMappingText(m)));
  }
  const { firewalls, assumed, warnings } = firewallsOf(plan);
  if (firewalls.length > 0) {
    out.push('');
    out.push(rule('=', `Firewalls: ${firewalls.length}`));
    if (assumed !== undefined) out.push(...wrap(assumed, TABLE_WIDTH));
    for (const fw of firewalls) {
      out.push(
        ...bullet(
          `${fw.name}: ${firewallKindText(fw)}; ${firewallPlaceText(fw)}; ${flowCount(fw.flows.length)}`,
        ),
      );
      for (const m of fw.management) out.push(...bullet(`management: ${managementText(m)}`, 1));
      for (const d of directionsOf(fw))
        out.push(
          ...bullet(
            `${d.title}, ${flowCount(d.flows.length)}: ${d.flows.map((f) => f.flow.id).join(' ')}`,
            1,
          ),
        );
    }
  }
  if (plan.ipsec.length > 0) {
    out.push('');
    out.push(rule('=', `IPsec exemptions: ${plan.ipsec.length}`));
    for (const x of plan.ipsec) {
      const ports = x.localPorts ? ` local ports ${portRangesText(x.localPorts)}` : ' any port';
      const hosts = hostLines(x.hosts);
      const text = `${x.name} (${x.direction}, ${x.transports.join('+')}${ports}): ${endpointHeading(x.hosts)} ${hosts.join(' ')} [${x.requirements.join(' ')}]`;
      out.push(...wrap(text, TABLE_WIDTH - 2).map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)));
    }
  }
  const notPlanned = plan.notPlanned ?? [];
  if (notPlanned.length > 0) {
    out.push('');
    out.push(rule('=', `Not planned: ${notPlanned.length}`));
    for (const n of notPlanned) {
      const text = `${n.entry}${n.source ? ` (source ${n.source})` : ''}: ${n.reason}`;
      out.push(...wrap(text, TABLE_WIDTH - 2).map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)));
    }
  }
  if (warnings.length > 0) {
    out.push('');
    out.push(rule('=', `Notes: ${warnings.length}`));
    for (const w of warnings)
      out.push(...bullet(`${w.severity} ${w.code}: ${w.message}${w.hint ? ` (${w.hint})` : ''}`));
  }
  return `${out.join('\n')}\n`;
}

export const tableRenderer = defineRenderer({
  name: 'table',
  extension: 'txt',
  description:
    'plain-text tables grouped by zone boundary, then the firewalls and the flows each enforces, readable in 100 columns (the default)',
  binary: false,
  render: renderTable,
});
