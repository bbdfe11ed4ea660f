import type { CatalogEntry } from '../catalog/types.js';
import { type Comparison, comparePorts } from './compare.js';
import { renderTopology } from './document.js';
import { type ClusterKind, type MapOptions, mapTopology, type Product } from './map.js';
import type { Note } from './notes.js';
import type { RawTopology } from './raw.js';
import { placeReverseProxies, type Supplement } from './supplement.js';
import { proposeZones } from './zones.js';

/**
 * `sfbports import`, the part that runs anywhere: the XML (published topology, Topology Builder file or
 * configuration ZIP) read into a topology file with a note on every value. Reading files, DNS and
 * writing live in src/cli/commands/import.ts.
 */

export { type Comparison, comparePorts } from './compare.js';
export type { KnownAddress, Product } from './map.js';
export type { Note, NoteKind } from './notes.js';
export type { RawTopology } from './raw.js';
export { readDeployment } from './source.js';
export { readSupplement, type Supplement } from './supplement.js';

export interface ImportOptions extends MapOptions {
  readonly supplement?: Supplement;
  /** The catalog to compare the XML's ports with; no comparison without it. */
  readonly catalog?: readonly CatalogEntry[];
}

export interface ImportResult {
  readonly yaml: string;
  readonly topology: Record<string, unknown>;
  readonly notes: readonly Note[];
  readonly remarks: readonly string[];
  readonly product: Product;
  readonly comparison?: Comparison;
}

/** The FQDNs whose address the import may need from DNS or an addresses file. */
export function hostsToResolve(raw: RawTopology): string[] {
  const names = new Set<string>();
  for (const c of raw.clusters) {
    names.add(c.fqdn);
    for (const m of c.machines) names.add(m.fqdn);
  }
  return [...names].sort();
}

export function importTopology(raw: RawTopology, options: ImportOptions = {}): ImportResult {
  const mapped = mapTopology(raw, options);
  const { notes } = mapped;
  const draft = mapped.topology;
  const sites = draft.sites as Record<string, unknown>[];
  if (options.supplement?.reverseProxies)
    placeReverseProxies(sites, options.supplement.reverseProxies, notes);
  let zones: Record<string, unknown>;
  if (options.supplement) {
    zones = options.supplement.zones;
    for (const z of Object.keys(zones)) notes.add(['zones', z], 'given', '--zones FILE');
  } else {
    zones = proposeZones(draft, notes);
  }
  // Key order as a person writes a topology: identity, networks, clients, then the sites.
  const { sites: _sites, ...head } = draft;
  const topology: Record<string, unknown> = {
    ...head,
    zones,
    ...(options.supplement?.clients ? { clients: options.supplement.clients } : {}),
    sites,
  };
  if (options.supplement?.clients) notes.add(['clients'], 'given', '--zones FILE');
  const product = topology.product as Product;
  const header = [
    ` Imported by sfbports import from ${raw.file} (${FORMAT_NAMES[raw.format]}).`,
    ' Every value says where it came from: "from XML", "inferred" (check it), "given" (a flag or file),',
    ' "from DNS", or "LEFT OPEN" (validate reports it until you fill it in).',
  ].join('\n');
  return {
    yaml: renderTopology(topology, notes.list, header),
    topology,
    notes: notes.list,
    remarks: mapped.remarks,
    product,
    ...(options.catalog
      ? {
          comparison: comparePorts(
            raw,
            mapped.roleOfCluster as ReadonlyMap<string, ClusterKind>,
            options.catalog,
            product,
          ),
        }
      : {}),
  };
}

const FORMAT_NAMES = {
  published: 'published topology XML',
  tbxml: 'Topology Builder file',
  zip: 'Export-CsConfiguration ZIP',
} as const;
