import type { Flow } from '../model/flow.js';
import type { Plan } from '../model/plan.js';
import { portRangesText } from '../model/ports.js';
import { csvDocument } from '../text/escape.js';
import { firewallNamesByFlow } from './firewalls.js';
import { defineRenderer } from './types.js';

/**
 * One row per flow, RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line
 * break, quotes doubled. A CSV file has no room for a comment line that every reader would skip, so
 * it carries no sfbports-output marker and `-o` replaces an existing one only with --force (or when
 * the bytes are the same); the first column, "sfbports flow", names the generator. Lists (names, addresses, requirement ids) are separated by spaces.
 *
 * The last columns were added later, at the end so scripts reading columns by position keep working:
 * the firewalls that enforce the flow (declared, or assumed per zone pair), and the public addresses
 * a NAT device publishes for Edge servers, in the order of the private addresses they map.
 */

export const CSV_COLUMNS = [
  'sfbports flow',
  'boundary from',
  'boundary to',
  'source role',
  'source zone',
  'source site',
  'source names',
  'source addresses',
  'destination role',
  'destination zone',
  'destination site',
  'destination names',
  'destination addresses',
  'transport',
  'ports',
  'protocol',
  'purpose',
  'requirements',
  'optional',
  'firewalls',
  'source public addresses',
  'destination public addresses',
] as const;

function row(f: Flow, firewalls: readonly string[]): string[] {
  return [
    f.id,
    f.boundary.from,
    f.boundary.to,
    f.source.role,
    f.source.zone,
    f.source.site ?? '',
    f.source.names.join(' '),
    f.source.addresses.join(' '),
    f.destination.role,
    f.destination.zone,
    f.destination.site ?? '',
    f.destination.names.join(' '),
    f.destination.addresses.join(' '),
    f.transport,
    portRangesText(f.ports),
    f.protocol,
    f.purpose,
    f.requirements.join(' '),
    f.optional ? 'yes' : 'no',
    firewalls.join(' '),
    (f.source.publicAddresses ?? []).join(' '),
    (f.destination.publicAddresses ?? []).join(' '),
  ];
}

export function renderCsv(plan: Plan): string {
  const firewalls = firewallNamesByFlow(plan);
  return csvDocument(
    CSV_COLUMNS,
    plan.flows.map((f) => row(f, firewalls.get(f) ?? [])),
  );
}

export const csvRenderer = defineRenderer({
  name: 'csv',
  extension: 'csv',
  description: 'comma-separated values, one row per flow (RFC 4180), for spreadsheets and scripts',
  binary: false,
  render: renderCsv,
});
