import type { Flow } from '../model/flow.js';
import type { Plan } from '../model/plan.js';
import { portRangesText } from '../model/ports.js';
import {
  type FirewallFlow,
  firewallsOf,
  type ManagementRule,
  type PlannedFirewall,
} from '../plan/firewalls.js';

/**
 * What every report says about firewalls, in one wording: which firewalls there are (declared, or
 * assumed per zone boundary), where each sits, what it keeps open for management, and which flows it
 * enforces in which direction. The firewalls themselves come from src/plan/firewalls.ts.
 */

/** The flows a firewall enforces in one direction: entering by one side, leaving by another. */
export interface FirewallDirection {
  /** "outside → perimeter"; for a host firewall "to rp01.contoso.com". */
  readonly title: string;
  /** Side names, for network firewalls. */
  readonly from?: string;
  readonly to?: string;
  readonly flows: readonly FirewallFlow[];
}

/**
 * A network firewall's flows per direction, in the order its sides are declared (outside → perimeter
 * before perimeter → outside when outside comes first); a host firewall has one direction, towards
 * its own servers. Directions without flows are left out.
 */
export function directionsOf(fw: PlannedFirewall): FirewallDirection[] {
  if (fw.kind === 'host') {
    if (fw.flows.length === 0) return [];
    return [{ title: `to ${fw.servers.map((s) => s.name).join(', ')}`, flows: fw.flows }];
  }
  const out: FirewallDirection[] = [];
  for (const from of fw.sides)
    for (const to of fw.sides) {
      if (from === to) continue;
      const flows = fw.flows.filter((f) => f.from === from.name && f.to === to.name);
      if (flows.length > 0)
        out.push({ title: `${from.name} → ${to.name}`, from: from.name, to: to.name, flows });
    }
  return out;
}

/** "network firewall (nftables)", "host firewall (windows-firewall)", "assumed network firewall". */
export function firewallKindText(fw: PlannedFirewall): string {
  if (fw.derived) return 'assumed network firewall';
  return `${fw.kind} firewall (${fw.platform})`;
}

/**
 * Where it sits: "outside: internet; perimeter: perimeter-external", "between servers and clients"
 * for an assumed one, or "on rp01.contoso.com".
 */
export function firewallPlaceText(fw: PlannedFirewall): string {
  if (fw.kind === 'host') return `on ${fw.servers.map((s) => s.name).join(', ')}`;
  // An assumed firewall's sides are its two zones, named after them.
  if (fw.derived) return `between ${fw.sides.map((s) => s.name).join(' and ')}`;
  return fw.sides.map((s) => `${s.name}: ${s.zones.join(', ')}`).join('; ');
}

/** "SSH: TCP 22 from 192.0.2.60". */
export function managementText(m: ManagementRule): string {
  return `${m.description}: ${m.transport.toUpperCase()} ${portRangesText(m.ports.ranges)} from ${m.sourceText.join(', ')}`;
}

/** The names of the firewalls that enforce each flow of the plan, in firewall order. */
export function firewallNamesByFlow(plan: Plan): Map<Flow, string[]> {
  const map = new Map<Flow, string[]>();
  for (const fw of firewallsOf(plan).firewalls)
    for (const f of fw.flows) {
      const list = map.get(f.flow);
      if (list === undefined) map.set(f.flow, [fw.name]);
      else if (!list.includes(fw.name)) list.push(fw.name);
    }
  return map;
}

/** "3 flows" / "1 flow". */
export function flowCount(n: number): string {
  return `${n} flow${n === 1 ? '' : 's'}`;
}
