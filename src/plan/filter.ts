import { choiceHint, UserError } from '../diag/diagnostic.js';
import { boundaryKey, type Endpoint, type Flow } from '../model/flow.js';
import type { Plan } from '../model/plan.js';
import type { Topology } from '../topology/schema.js';
import { findFirewall, firewallsOf } from './firewalls.js';

/**
 * Narrowing a plan to what one firewall or one site needs. Flows are kept or dropped whole, never
 * edited, so a narrowed report shows exactly the flows of the full one.
 */
export interface PlanFilter {
  /** "from:to", as the report prints boundaries. */
  readonly boundary?: string;
  /**
   * A firewall's name (declared, or assumed as `<zone>--<zone>`): the flows it enforces, in both
   * directions; for a host firewall, the flows to its servers.
   */
  readonly firewall?: string;
  /** A site name: flows with a host of that site on either side. */
  readonly site?: string;
}

export function filterPlan(plan: Plan, filter: PlanFilter): Plan {
  let flows: readonly Flow[] = plan.flows;
  let ipsec = plan.ipsec;
  if (filter.boundary !== undefined) {
    const present = [...new Set(plan.flows.map((f) => boundaryKey(f.boundary)))];
    if (!present.includes(filter.boundary)) {
      throw new UserError({
        code: 'unknown-boundary',
        severity: 'error',
        message: `no flow crosses the boundary "${filter.boundary}"`,
        hint: choiceHint(filter.boundary, present),
      });
    }
    flows = flows.filter((f) => boundaryKey(f.boundary) === filter.boundary);
  }
  if (filter.firewall !== undefined) {
    // Looked up in the whole plan, before any other narrowing: the firewall is the topology's.
    const fw = findFirewall(plan, filter.firewall);
    if (fw === undefined) {
      const names = firewallsOf(plan).firewalls.map((f) => f.name);
      throw new UserError({
        code: 'unknown-firewall',
        severity: 'error',
        message:
          names.length === 0
            ? `no firewall "${filter.firewall}": no flow crosses a zone boundary, so none is assumed`
            : `the topology has no firewall "${filter.firewall}"`,
        hint:
          names.length === 0
            ? 'declare the firewalls under firewalls: (topology version 2)'
            : choiceHint(filter.firewall, names),
      });
    }
    const enforced = new Set(fw.flows.map((f) => f.flow));
    flows = flows.filter((f) => enforced.has(f));
  }
  if (filter.site !== undefined) {
    const site = filter.site;
    const names = plan.topology.sites.map((s) => s.name);
    if (!names.includes(site)) {
      throw new UserError({
        code: 'unknown-site',
        severity: 'error',
        message: `the topology has no site "${site}"`,
        hint: choiceHint(site, names),
      });
    }
    const siteOf = hostSites(plan.topology);
    const inSite = (e: Endpoint) => e.site === site || e.names.some((n) => siteOf.get(n) === site);
    flows = flows.filter((f) => inSite(f.source) || inSite(f.destination));
    ipsec = ipsec.filter((x) => inSite(x.hosts));
  }
  return Object.freeze({ ...plan, flows: Object.freeze([...flows]), ipsec });
}

/** Every host and pool name of the topology, with the site it belongs to. */
export function hostSites(topology: Topology): Map<string, string> {
  const map = new Map<string, string>();
  for (const site of topology.sites) {
    const add = (name: string) => map.set(name, site.name);
    for (const p of site.pools) {
      add(p.fqdn);
      for (const s of p.servers) add(s.fqdn);
    }
    for (const e of site.edgePools) {
      add(e.fqdn);
      for (const s of e.servers) add(s.fqdn);
    }
    for (const list of [
      site.reverseProxies,
      site.gateways,
      site.branchAppliances,
      site.sqlServers,
      site.fileShares,
      site.officeOnlineServers,
      site.exchangeServers,
    ]) {
      for (const h of list) add(h.fqdn);
    }
  }
  return map;
}
