import { PortSet } from '../model/ports.js';
import type { CatalogEntry, Conditions, IpsecException, LintFinding, Provenance } from './types.js';

/**
 * Builders for the data files. Ports are written the way the vendor prints them ("5061",
 * "49152-57500", "50001-50003") so a reviewer reads the same text as on the vendor's page; the
 * builder turns them into normalised intervals and freezes the result.
 */

export type EntryInput = Omit<CatalogEntry, 'kind' | 'ports' | 'conditions' | 'provenance'> & {
  readonly ports: string;
  readonly conditions?: Conditions;
  readonly provenance: readonly Provenance[];
};

export function port(input: EntryInput): CatalogEntry {
  const { ports, conditions, ...rest } = input;
  return deepFreeze({
    ...rest,
    kind: 'port' as const,
    ports: PortSet.parse(ports).toJSON(),
    conditions: conditions ?? {},
  });
}

export type IpsecInput = Omit<IpsecException, 'kind' | 'localPorts' | 'conditions'> & {
  readonly localPorts?: string;
  readonly conditions?: Conditions;
};

export function ipsec(input: IpsecInput): IpsecException {
  const { localPorts, conditions, ...rest } = input;
  return deepFreeze({
    ...rest,
    kind: 'ipsec-exception' as const,
    ...(localPorts === undefined ? {} : { localPorts: PortSet.parse(localPorts).toJSON() }),
    conditions: conditions ?? {},
  });
}

export function finding(input: LintFinding): LintFinding {
  return deepFreeze({ ...input });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
