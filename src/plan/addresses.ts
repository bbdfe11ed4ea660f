import { UserError } from '../diag/diagnostic.js';
import { AddressSet, AddressSyntaxError, parseAddressOrNetwork } from '../model/address-set.js';

/**
 * The planner's one reading of a topology address: a host, a zone CIDR or "any". A loaded topology
 * has passed the validator's check with the same parser, so a failure here means a caller planned an
 * unvalidated topology: it gets a diagnostic, not a crash.
 */
export function plannedAddress(text: string, owner: string): AddressSet {
  if (text === 'any') return AddressSet.any;
  const parsed = parseAddressOrNetwork(text);
  if (parsed.ok) return AddressSet.of(parsed.value);
  throw new UserError({
    code: 'plan-address',
    severity: 'error',
    message: `${owner}: ${new AddressSyntaxError(parsed.error).message}`,
    hint: 'check the topology first: sfbports validate FILE',
  });
}
