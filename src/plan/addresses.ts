import { UserError } from '../diag/diagnostic.js';
import {
  AddressSet,
  AddressSyntaxError,
  addressText,
  networkText,
  parseAddressOrNetwork,
} from '../model/address-set.js';

/** A topology address as endpoints carry it: its shortest spelling and what it means. */
export interface PlannedAddress {
  /** "192.0.2.11" for ::ffff:192.0.2.11, "2001:db8::1" for 2001:DB8:0::1, networks with their prefix. */
  readonly text: string;
  readonly set: AddressSet;
}

/**
 * The planner's one reading of a topology address: a host, a zone CIDR or "any". A loaded topology
 * has passed the validator's check with the same parser, so a failure here means a caller planned an
 * unvalidated topology: it gets a diagnostic, not a crash.
 */
export function plannedAddress(text: string, owner: string): PlannedAddress {
  if (text === 'any') return { text, set: AddressSet.any };
  const parsed = parseAddressOrNetwork(text);
  if (parsed.ok) {
    const cidr = parsed.value;
    return { text: text.includes('/') ? networkText(cidr) : addressText(cidr), set: AddressSet.of(cidr) };
  }
  throw new UserError({
    code: 'plan-address',
    severity: 'error',
    message: `${owner}: ${new AddressSyntaxError(parsed.error).message}`,
    hint: 'check the topology first: sfbports validate FILE',
  });
}
