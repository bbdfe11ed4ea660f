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
  // Perimeter-external addresses repeat every 4,096 sites: number them by site instead.
  for (const [s, site] of topology.sites.entries()) renumberPerimeterExternal(site, s);
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

/** 172.16.0.0/12 addresses 172.x.y.h (h < 64) of site `s`, made 172.(16 + s/1024).(s/4 % 256).(s%4 * 64 + h). */
function renumberPerimeterExternal(value: unknown, s: number): unknown {
  if (typeof value === 'string') {
    const m = /^172\.(\d+)\.(\d+)\.(\d+)$/.exec(value);
    if (!m || Number(m[3]) >= 64) return value;
    return `172.${16 + (s >> 10)}.${(s >> 2) & 0xff}.${(s & 3) * 64 + Number(m[3])}`;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = renumberPerimeterExternal(value[i], s);
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = renumberPerimeterExternal(record[key], s);
  }
  return value;
}
