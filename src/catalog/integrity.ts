import { MEDIA_MODALITIES } from '../model/media.js';
import { MAX_PORT, MIN_PORT, PortSet } from '../model/ports.js';
import { FEATURES, PRODUCTS } from '../model/products.js';
import { PROTOCOLS, TRANSPORTS } from '../model/protocols.js';
import { isRole, type Role } from '../model/roles.js';
import { EDGE_PORT_ROWS } from './data/vendor-rows.js';
import type { Catalog, Conditions, Provenance } from './types.js';

/**
 * Structural checks a reviewer should never have to do by eye: ids unique, every role, feature,
 * product and protocol known, ports valid, provenance present, findings pointing at real entries.
 * Returns one readable line per problem; the catalog test expects none.
 */
export function checkCatalog(catalog: Catalog): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const claim = (id: string) => {
    if (ids.has(id)) problems.push(`${id}: id used twice`);
    ids.add(id);
  };

  for (const e of catalog.entries) {
    claim(e.id);
    if (!/^[a-z0-9-]+\.[a-z0-9-]+\.[0-9][0-9-]*$/.test(e.id))
      problems.push(`${e.id}: id is not <role>.<what>.<port>`);
    else if (!e.id.startsWith(`${e.role}.`))
      problems.push(`${e.id}: id does not start with its role ${e.role}`);
    if (!isRole(e.role)) problems.push(`${e.id}: unknown role ${e.role}`);
    if (e.sources.length === 0) problems.push(`${e.id}: no sources`);
    for (const s of e.sources) if (!isRole(s)) problems.push(`${e.id}: unknown source role ${s}`);
    if (!TRANSPORTS.includes(e.transport)) problems.push(`${e.id}: unknown transport ${e.transport}`);
    if (!(PROTOCOLS as readonly string[]).includes(e.protocol))
      problems.push(`${e.id}: unknown protocol ${e.protocol}`);
    if (e.ports.length === 0) problems.push(`${e.id}: no ports`);
    for (const [from, to] of e.ports) {
      const ok = Number.isInteger(from) && Number.isInteger(to) && from >= MIN_PORT + 1 && to <= MAX_PORT;
      if (!ok || from > to) problems.push(`${e.id}: invalid port range ${from}-${to}`);
    }
    if (e.purpose.trim() === '') problems.push(`${e.id}: no purpose`);
    const clientMedia = e.configurablePort === 'client-media';
    if (clientMedia && (e.modalities === undefined || e.modalities.length === 0))
      problems.push(`${e.id}: client-media ports need the modalities they carry`);
    if (!clientMedia && e.modalities !== undefined)
      problems.push(`${e.id}: modalities belong only to client-media entries`);
    if (e.configurablePort === 'gateway-media' && (e.role !== 'pstn-gateway' || e.transport !== 'udp'))
      problems.push(`${e.id}: gateway-media ports are UDP media to a pstn-gateway`);
    for (const m of e.modalities ?? [])
      if (!Object.hasOwn(MEDIA_MODALITIES, m)) problems.push(`${e.id}: unknown modality ${m}`);
    if (e.peers !== undefined) {
      if (e.peers !== 'same-pool' && e.peers !== 'other-pools')
        problems.push(`${e.id}: peers is same-pool or other-pools`);
      else if (!e.sources.includes(e.role))
        problems.push(
          `${e.id}: peers needs ${e.role} among its sources (it says which ${e.role} pools connect)`,
        );
    }
    problems.push(...checkConditions(e.id, e.conditions));
    problems.push(...checkProvenance(e.id, e.provenance));
  }

  problems.push(...checkViaVip(catalog));
  problems.push(...checkViaExternalVip(catalog));

  for (const x of catalog.ipsecExceptions) {
    claim(x.id);
    if (!isRole(x.role)) problems.push(`${x.id}: unknown role ${x.role}`);
    if (x.transports.length === 0) problems.push(`${x.id}: no transports`);
    problems.push(...checkConditions(x.id, x.conditions));
    problems.push(...checkProvenance(x.id, x.provenance));
  }

  const findingIds = new Set<string>();
  for (const f of catalog.findings) {
    if (findingIds.has(f.id)) problems.push(`finding ${f.id}: id used twice`);
    findingIds.add(f.id);
    for (const id of f.entries) if (!ids.has(id)) problems.push(`finding ${f.id}: names unknown entry ${id}`);
    if (f.summary.trim() === '' || f.decision.trim() === '')
      problems.push(`finding ${f.id}: summary and decision are required`);
    problems.push(...checkProvenance(`finding ${f.id}`, f.provenance));
    // Only a requirement the catalog lacks can be listed as not planned in every report.
    if (f.notPlanned !== undefined && (f.kind !== 'omission' || f.notPlanned.trim() === ''))
      problems.push(`finding ${f.id}: notPlanned needs an omission finding and a reason`);
  }

  // The vendor's seed tables name only the listener: who opens the connection must be stated
  // somewhere, by a row of a table with a source column, a note, or a finding naming the entry.
  const named = new Set(catalog.findings.flatMap((f) => f.entries));
  for (const e of catalog.entries) {
    const fromRow = e.provenance.some((p) => 'ref' in p && p.ref !== undefined && SOURCE_ROWS.has(p.ref));
    if (!fromRow && e.note === undefined && !named.has(e.id))
      problems.push(
        `${e.id}: says nowhere who connects (cite a vendor row with a source column, add a note, or name it in a finding)`,
      );
  }

  // An entry that is not planned must be explained by a finding.
  for (const e of catalog.entries) {
    if (e.planned === false && !catalog.findings.some((f) => f.entries.includes(e.id)))
      problems.push(`${e.id}: planned: false without a finding that explains it`);
  }
  return problems;
}

function checkConditions(owner: string, c: Conditions): string[] {
  const out: string[] = [];
  for (const f of [...(c.features ?? []), ...(c.anyFeature ?? [])])
    if (!Object.hasOwn(FEATURES, f)) out.push(`${owner}: unknown feature ${f}`);
  for (const p of c.products ?? [])
    if (!Object.hasOwn(PRODUCTS, p)) out.push(`${owner}: unknown product ${p}`);
  if (c.products !== undefined && c.products.length === 0) out.push(`${owner}: empty product list`);
  return out;
}

function checkProvenance(owner: string, provenance: readonly Provenance[]): string[] {
  if (provenance.length === 0) return [`${owner}: no provenance`];
  const out: string[] = [];
  for (const p of provenance) {
    if ('table' in p) {
      if (!Number.isInteger(p.row) || p.row < 1) out.push(`${owner}: bad seed row ${p.row} in ${p.table}`);
    } else if (!/^https:\/\/learn\.microsoft\.com\//.test(p.url) || p.title.trim() === '') {
      out.push(`${owner}: page provenance needs a vendor address and a title`);
    }
  }
  return out;
}

/**
 * Pairs of entries on the same listener and transport whose ports overlap, that no finding names
 * together. Overlaps are how the vendor's repetitions show up in the data, so each one must carry a
 * decision that `catalog --lint` can show.
 */
export function unexplainedOverlaps(catalog: Catalog): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const sets = catalog.entries.map((e) => PortSet.fromRanges(e.ports));
  for (let i = 0; i < catalog.entries.length; i++) {
    for (let j = i + 1; j < catalog.entries.length; j++) {
      const a = catalog.entries[i]!;
      const b = catalog.entries[j]!;
      if (a.role !== b.role || a.transport !== b.transport || !sets[i]!.overlaps(sets[j]!)) continue;
      const explained = catalog.findings.some((f) => f.entries.includes(a.id) && f.entries.includes(b.id));
      if (!explained) out.push([a.id, b.id]);
    }
  }
  return out;
}

/** Rows of the vendor's tables that have a source column (Edge, reverse proxy, Director, hybrid). */
const SOURCE_ROWS: ReadonlySet<string> = new Set(EDGE_PORT_ROWS.map((r) => r.id));

/** The VIP role in front of a pool role's servers. */
const VIP_ROLE: Readonly<Partial<Record<Role, Role>>> = {
  'front-end': 'front-end-lb',
  director: 'director-lb',
  mediation: 'mediation-lb',
};

/** The external web VIP role of a VIP role. */
const EXTERNAL_VIP_ROLE: Readonly<Partial<Record<Role, Role>>> = {
  'front-end-lb': 'front-end-lb-external',
  'director-lb': 'director-lb-external',
};

/**
 * `viaExternalVip` moves a source from `vip` to the external web VIP whenever the pool has one, so
 * the external VIP must take that source with either port choice (translated and direct).
 */
function checkViaExternalVip(catalog: Catalog): string[] {
  const out: string[] = [];
  for (const e of catalog.entries) {
    if (e.viaExternalVip === undefined) continue;
    const extRole = EXTERNAL_VIP_ROLE[e.role];
    if (extRole === undefined) {
      out.push(`${e.id}: viaExternalVip on ${e.role}, which has no external web VIP role`);
      continue;
    }
    for (const s of e.viaExternalVip) {
      if (!e.sources.includes(s)) out.push(`${e.id}: viaExternalVip names ${s}, which is not a source`);
      for (const choice of ['translated', 'direct'] as const) {
        const carried = catalog.entries.some(
          (x) =>
            x.role === extRole &&
            x.transport === e.transport &&
            x.sources.includes(s) &&
            x.conditions.externalWebPorts === choice,
        );
        if (!carried) out.push(`${e.id}: viaExternalVip ${s}, but no ${choice} ${extRole} entry takes ${s}`);
      }
    }
  }
  return out;
}

/**
 * `viaVip` moves a source from the servers to the pool's VIP whenever the pool has one, so the VIP
 * must take that source on the same transport and ports, whatever the pool's load balancing and
 * product: otherwise a pool with a VIP would lose the traffic.
 */
function checkViaVip(catalog: Catalog): string[] {
  const out: string[] = [];
  for (const e of catalog.entries) {
    if (e.viaVip === undefined) continue;
    const vipRole = VIP_ROLE[e.role];
    if (vipRole === undefined) {
      out.push(`${e.id}: viaVip on ${e.role}, which has no VIP role`);
      continue;
    }
    const ports = PortSet.fromRanges(e.ports);
    for (const s of e.viaVip) {
      if (!e.sources.includes(s)) {
        out.push(`${e.id}: viaVip names ${s}, which is not a source`);
        continue;
      }
      const carried = catalog.entries.some(
        (x) =>
          x.role === vipRole &&
          x.transport === e.transport &&
          x.planned !== false &&
          x.sources.includes(s) &&
          x.conditions.loadBalancing === undefined &&
          x.conditions.products === undefined &&
          PortSet.fromRanges(x.ports).contains(ports),
      );
      if (!carried)
        out.push(`${e.id}: viaVip ${s}, but no ${vipRole} entry takes ${s} on ${e.transport}/${ports}`);
    }
  }
  return out;
}
