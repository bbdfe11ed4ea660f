import type { Endpoint, Flow } from '../model/flow.js';
import type { Plan } from '../model/plan.js';
import { portRangesText } from '../model/ports.js';
import { csvField } from '../text/escape.js';
import { firewallNamesByFlow } from './firewalls.js';
import { defineRenderer, textStream } from './types.js';

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

/**
 * An endpoint with more hosts than this is listed in full in the first row that uses it; later rows
 * name that row instead: "(same hosts as flow f-123)" in its names, addresses and public addresses.
 * A flow from every Front End of the deployment to each branch site would otherwise repeat thousands
 * of hosts in thousands of rows, and the file would grow with the square of the deployment (3 GB at
 * 20,000 servers). Every host is still in the file, once per group; pools and single servers, the
 * rows a firewall team reads, always carry their hosts. The reference starts with "(" so a
 * spreadsheet never takes it for a formula, and no host name or address starts with it.
 */
export const CSV_MAX_REPEATED_HOSTS = 50;

/** Where each large host group was first listed: by object, and by content for an equal copy. */
class FirstListing {
  readonly #byObject = new Map<Endpoint, string>();
  readonly #byContent = new Map<string, string>();

  /** The id of the flow whose row lists these hosts, or undefined when this row is to list them. */
  earlier(e: Endpoint, flowId: string): string | undefined {
    if (e.addresses.length <= CSV_MAX_REPEATED_HOSTS) return undefined;
    const known = this.#byObject.get(e);
    if (known !== undefined) return known === flowId ? undefined : known;
    const key = [e.names.join(' '), e.addresses.join(' '), (e.publicAddresses ?? []).join(' ')].join('\n');
    const first = this.#byContent.get(key);
    if (first === undefined) this.#byContent.set(key, flowId);
    this.#byObject.set(e, first ?? flowId);
    return first;
  }
}

function hostFields(e: Endpoint, earlier: string | undefined): [string, string, string] {
  if (earlier !== undefined) {
    const ref = `(same hosts as flow ${earlier})`;
    return [ref, ref, e.publicAddresses === undefined ? '' : ref];
  }
  return [e.names.join(' '), e.addresses.join(' '), (e.publicAddresses ?? []).join(' ')];
}

function row(f: Flow, firewalls: readonly string[], listing: FirstListing): string[] {
  const [sourceNames, sourceAddresses, sourcePublic] = hostFields(f.source, listing.earlier(f.source, f.id));
  const [destinationNames, destinationAddresses, destinationPublic] = hostFields(
    f.destination,
    listing.earlier(f.destination, f.id),
  );
  return [
    f.id,
    f.boundary.from,
    f.boundary.to,
    f.source.role,
    f.source.zone,
    f.source.site ?? '',
    sourceNames,
    sourceAddresses,
    f.destination.role,
    f.destination.zone,
    f.destination.site ?? '',
    destinationNames,
    destinationAddresses,
    f.transport,
    portRangesText(f.ports),
    f.protocol,
    f.purpose,
    f.requirements.join(' '),
    f.optional ? 'yes' : 'no',
    firewalls.join(' '),
    sourcePublic,
    destinationPublic,
  ];
}

/** The header, then a piece per flow: each a CSV record ending in CRLF. */
export function* csvChunks(plan: Plan): Generator<string> {
  const firewalls = firewallNamesByFlow(plan);
  yield csvRecord(CSV_COLUMNS);
  const listing = new FirstListing();
  for (const f of plan.flows) yield csvRecord(row(f, firewalls.get(f) ?? [], listing));
}

function csvRecord(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** The whole document as one string, for small plans and the tests. */
export function renderCsv(plan: Plan): string {
  return [...csvChunks(plan)].join('');
}

export const csvRenderer = defineRenderer({
  name: 'csv',
  extension: 'csv',
  description: 'comma-separated values, one row per flow (RFC 4180), for spreadsheets and scripts',
  binary: false,
  render: (plan: Plan) => textStream(() => csvChunks(plan)),
});
