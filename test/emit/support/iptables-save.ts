import { AddressSet, type Family } from '../../../src/model/address-set.js';
import { PortSet } from '../../../src/model/ports.js';
import type { Transport } from '../../../src/model/protocols.js';
import type { Box } from './packet-space.js';

/**
 * Reads `iptables-save` / `ip6tables-save` output (and the ipset restore input the rules refer to)
 * back into boxes per chain, keyed by the label of the base-chain jump that leads to it. Only the
 * shapes the iptables emitter writes are understood; anything else fails loudly.
 */
export function parseIptablesSave(
  text: string,
  family: Family,
  ipsets: ReadonlyMap<string, string[]>,
): Map<string, Box[]> {
  const everything = family === 4 ? '0.0.0.0/0' : '::/0';
  const labels = new Map<string, string>();
  const boxes = new Map<string, Box[]>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('-A ')) continue;
    const comment = /-m comment --comment ("(?:[^"\\]|\\.)*"|\S+)/.exec(line);
    const rest = line.replace(/-m comment --comment ("(?:[^"\\]|\\.)*"|\S+)/, '').trim();
    const tokens = rest.split(/\s+/);
    const chain = tokens[1]!;
    const target = tokens[tokens.indexOf('-j') + 1];
    if (chain === 'FORWARD' || chain === 'INPUT') {
      if (target?.startsWith('sfbp') && comment) labels.set(target, comment[1]!.replace(/^"|"$/g, ''));
      continue; // conntrack, loopback and neighbour discovery rules
    }
    if (target !== 'ACCEPT') throw new Error(`unexpected target in ${line}`);
    let sources = AddressSet.parse([everything]);
    let destinations = AddressSet.parse([everything]);
    let transport: Transport | undefined;
    let ports: PortSet | undefined;
    for (let i = 2; i < tokens.length; i++) {
      const t = tokens[i]!;
      const next = tokens[i + 1] ?? '';
      if (t === '-s') sources = AddressSet.parse([next]);
      else if (t === '-d') destinations = AddressSet.parse([next]);
      else if (t === '-p') transport = next as Transport;
      else if (t === '--dport' || t === '--dports') ports = PortSet.parse(next.replace(/:/g, '-'));
      else if (t === '--match-set') {
        const set = ipsets.get(next);
        if (!set) throw new Error(`unknown ipset ${next}`);
        if (tokens[i + 2] === 'src') sources = AddressSet.parse(set);
        else destinations = AddressSet.parse(set);
        i += 2;
        continue;
      } else continue;
      i++;
    }
    if (!transport || !ports) throw new Error(`accept rule without a port match: ${line}`);
    const list = boxes.get(chain) ?? [];
    list.push({ transport, sources, destinations, ports });
    boxes.set(chain, list);
  }
  return new Map([...boxes].map(([chain, b]) => [labels.get(chain) ?? chain, b]));
}

/** ipset names and members from an `ipset restore` input. */
export function parseIpsetRestore(text: string): Map<string, string[]> {
  const sets = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^add (\S+) (\S+)$/.exec(line);
    if (m) sets.set(m[1]!, [...(sets.get(m[1]!) ?? []), m[2]!]);
  }
  return sets;
}
