import { ipsec } from './targets/ipsec.js';
import { iptables } from './targets/iptables.js';
import { mediaPorts } from './targets/media-ports.js';
import { nftables } from './targets/nftables.js';
import { windowsFirewall } from './targets/windows-firewall.js';
import type { Emitter } from './types.js';

/**
 * Every emit target, one module each under targets/. The file name is the registry name is the CLI
 * value is the docs page (docs/emitters/<name>.md); a test keeps the four in step.
 */
export const emitters = [
  windowsFirewall,
  ipsec,
  nftables,
  iptables,
  mediaPorts,
] as const satisfies readonly Emitter[];

export type EmitterName = (typeof emitters)[number]['name'];

/** The registry seen through the common interface (optional members such as variants stay visible). */
export const EMITTERS: readonly Emitter[] = emitters;

export const EMITTER_NAMES: readonly EmitterName[] = emitters.map((e) => e.name);

export function findEmitter(name: string): Emitter | undefined {
  return EMITTERS.find((e) => e.name === name);
}
