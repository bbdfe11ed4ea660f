import type { Topology } from '../src/topology/schema.js';
import { serverCount, syntheticTopology } from '../test/support/synthetic.js';

/** A synthetic topology of about `servers` servers that passes `sfbports validate`. */
export function validTopology(servers: number): Topology {
  const perSite = serverCount(syntheticTopology({ sites: 12 })) / 12;
  const topology = syntheticTopology({ sites: Math.max(1, Math.round(servers / perSite)) });
  // The synthetic Edge pools behind NAT give a public address for the access service only, and
  // reuse it every 40 sites: give each server all three, each unique (198.18.0.0/15, a benchmark range).
  let next = 0;
  const publicAddress = () => {
    const n = next++;
    return `198.${18 + (n >> 16)}.${(n >> 8) & 0xff}.${n & 0xff}`;
  };
  for (const site of topology.sites) {
    for (const pool of site.edgePools) {
      if (!pool.nat) continue;
      for (const server of pool.servers) {
        (server as { public?: unknown }).public = {
          access: publicAddress(),
          webConferencing: publicAddress(),
          av: publicAddress(),
        };
      }
    }
  }
  return topology;
}
