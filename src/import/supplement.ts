import { UserError } from '../diag/diagnostic.js';
import type { Notes } from './notes.js';

/**
 * What a topology holds and the published XML does not, given in the --zones FILE (YAML or JSON):
 * `zones` (required), and optionally `clients` and `reverseProxies` (the reverse proxy is not part of
 * a Skype for Business topology; each entry may name its `site`, the first central site otherwise).
 * The values are copied as written; validate checks them with the rest of the file.
 */

type Obj = Record<string, unknown>;

export interface Supplement {
  readonly zones: Obj;
  readonly clients?: Obj;
  readonly reverseProxies?: readonly Obj[];
}

const KEYS = new Set(['zones', 'clients', 'reverseProxies']);

/** The parsed --zones FILE, checked for the few things this step relies on. */
export function readSupplement(data: unknown, file: string): Supplement {
  const bad = (message: string): never => {
    throw new UserError({
      code: 'import-bad-zones-file',
      severity: 'error',
      message: `${file}: ${message}`,
      loc: { file, line: 1, column: 1 },
      hint: 'write zones: { servers: [192.0.2.0/24], internet: any } and, if needed, clients: and reverseProxies:',
    });
  };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return bad('not a mapping');
  const obj = data as Obj;
  for (const k of Object.keys(obj))
    if (!KEYS.has(k)) bad(`unknown key ${k} (known: ${[...KEYS].join(', ')})`);
  const zones = obj.zones;
  if (zones === null || typeof zones !== 'object' || Array.isArray(zones))
    return bad('zones: a mapping of zone names');
  if (obj.clients !== undefined && (obj.clients === null || typeof obj.clients !== 'object'))
    bad('clients: a mapping');
  if (obj.reverseProxies !== undefined && !Array.isArray(obj.reverseProxies)) bad('reverseProxies: a list');
  return {
    zones: zones as Obj,
    ...(obj.clients !== undefined ? { clients: obj.clients as Obj } : {}),
    ...(obj.reverseProxies !== undefined ? { reverseProxies: obj.reverseProxies as Obj[] } : {}),
  };
}

/** Reverse proxies into their sites (by name; the first site otherwise), each noted as given. */
export function placeReverseProxies(sites: Obj[], proxies: readonly Obj[], notes: Notes): void {
  for (const rp of proxies) {
    const { site, ...proxy } = rp;
    const index = site === undefined ? 0 : sites.findIndex((s) => s.name === site);
    if (index < 0 || sites[index] === undefined) {
      throw new UserError({
        code: 'import-bad-zones-file',
        severity: 'error',
        message: `reverse proxy ${String(proxy.fqdn)}: no site named ${String(site)} in the topology`,
        hint: `sites: ${sites.map((s) => String(s.name)).join(', ')}`,
      });
    }
    const target = sites[index] as Obj;
    if (target.reverseProxies === undefined) target.reverseProxies = [];
    const list = target.reverseProxies as Obj[];
    list.push(proxy);
    notes.add(
      ['sites', index, 'reverseProxies', list.length - 1],
      'given',
      '--zones FILE (a topology has no reverse proxy)',
    );
  }
}
