import { AddressSet, type Family } from '../../../src/model/address-set.js';
import { PortSet } from '../../../src/model/ports.js';
import type { Transport } from '../../../src/model/protocols.js';
import type { DropBox } from './nft-json.js';
import type { Box } from './packet-space.js';

/** What one sfbports chain holds, read back from the kernel. */
export interface LoadedChain {
  /** Flow accept rules. */
  readonly boxes: Box[];
  /** Accept rules with a comment "management: …". */
  readonly management: Box[];
  readonly drops: DropBox[];
  /** conntrack, loopback and neighbour discovery accepts. */
  infrastructure: number;
}

/**
 * Reads `iptables-save` / `ip6tables-save` output (and the ipset restore input the rules refer to)
 * back into boxes per sfbports chain (`sfbp-…`). Built-in chains hold the administrator's rules and
 * the jumps, and are skipped. Only the shapes the iptables emitter writes are understood; anything
 * else fails loudly.
 */
export function parseIptablesSave(
  text: string,
  family: Family,
  ipsets: ReadonlyMap<string, string[]>,
): Map<string, LoadedChain> {
  const everything = family === 4 ? '0.0.0.0/0' : '::/0';
  const chains = new Map<string, LoadedChain>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('-A sfbp')) continue;
    const comment = /-m comment --comment ("(?:[^"\\]|\\.)*"|\S+)/.exec(line);
    const commentText = comment ? comment[1]!.replace(/^"|"$/g, '') : '';
    const rest = line.replace(/-m comment --comment ("(?:[^"\\]|\\.)*"|\S+)/, '').trim();
    const tokens = rest.split(/\s+/);
    const chainName = tokens[1]!;
    const chain = chains.get(chainName) ?? { boxes: [], management: [], drops: [], infrastructure: 0 };
    chains.set(chainName, chain);
    const target = tokens[tokens.indexOf('-j') + 1];
    if (rest.includes('--ctstate') || rest.includes(' -i lo ') || rest.includes('--icmpv6-type')) {
      chain.infrastructure++;
      continue;
    }
    if (target !== 'ACCEPT' && target !== 'DROP') throw new Error(`unexpected target in ${line}`);
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
    if (target === 'DROP') {
      chain.drops.push({
        sources,
        destinations,
        ...(transport ? { transport } : {}),
        ...(ports ? { ports } : {}),
      });
      continue;
    }
    if (!transport || !ports) throw new Error(`accept rule without a port match: ${line}`);
    (commentText.startsWith('management:') ? chain.management : chain.boxes).push({
      transport,
      sources,
      destinations,
      ports,
    });
  }
  return chains;
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
