import { Resolver } from 'node:dns/promises';

/**
 * `import --resolve`: the address of each FQDN the topology XML leaves at 0.0.0.0, from DNS (the system
 * resolver's servers, or --dns-server). Bounded: each query times out, a few run at once, and a name
 * that does not resolve is simply left open for the summary to name.
 */

export interface Resolution {
  readonly found: Map<string, string>;
  readonly failed: string[];
}

const TIMEOUT_MS = 1500;
const TRIES = 2;
const PARALLEL = 16;

export async function resolveHosts(
  names: readonly string[],
  servers: readonly string[] = [],
): Promise<Resolution> {
  const resolver = new Resolver({ timeout: TIMEOUT_MS, tries: TRIES });
  if (servers.length > 0) resolver.setServers([...servers]);
  const found = new Map<string, string>();
  const failed: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++]!;
      const ip = await lookup(resolver, name);
      if (ip) found.set(name, ip);
      else failed.push(name);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, names.length) }, worker));
  return { found, failed: failed.sort() };
}

/** An IPv4 address if the name has one, else IPv6; the smallest, so reruns write the same file. */
async function lookup(resolver: Resolver, name: string): Promise<string | undefined> {
  for (const family of [4, 6] as const) {
    try {
      const list = family === 4 ? await resolver.resolve4(name) : await resolver.resolve6(name);
      if (list.length > 0) return [...list].sort()[0];
    } catch {
      // NXDOMAIN, no data or a timeout: try the other family, then leave the name open.
    }
  }
  return undefined;
}
