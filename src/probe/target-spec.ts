import { isIP } from 'node:net';
import { PortSet, PortSyntaxError } from '../model/ports.js';
import type { Transport } from '../model/protocols.js';

/**
 * The ad hoc target syntax, as PortQry users expect it: HOST:PORT[/tcp|/udp], where PORT may be a
 * range or a comma list (5000-5199, 80,443) and an IPv6 host sits in brackets ([::1]:5061).
 */
export interface TargetSpec {
  readonly host: string;
  readonly ports: PortSet;
  /** Undefined when the spec named none: the chosen probe decides (tcp unless it is a UDP probe). */
  readonly transport?: Transport;
}

export type SpecResult = { ok: true; spec: TargetSpec } | { ok: false; reason: string; hint: string };

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?$/;
const EXAMPLE =
  'write HOST:PORT[/tcp|/udp], e.g. pool01.contoso.com:5061/tcp, 192.0.2.10:50000-50019/udp, [::1]:5061';

/** Never throws: every input gets either a spec or a reason with a hint. */
export function parseTargetSpec(text: string): SpecResult {
  const fail = (reason: string, hint = EXAMPLE): SpecResult => ({ ok: false, reason, hint });
  let rest = text.trim();
  let transport: Transport | undefined;
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    const proto = rest.slice(slash + 1).toLowerCase();
    if (proto !== 'tcp' && proto !== 'udp') return fail(`"${rest.slice(slash + 1)}" is not tcp or udp`);
    transport = proto;
    rest = rest.slice(0, slash);
  }
  let host: string;
  let portText: string;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return fail('an IPv6 address opened with [ is not closed with ]');
    host = rest.slice(1, close);
    if (rest[close + 1] !== ':') return fail('a port must follow the bracketed address, as in [::1]:5061');
    portText = rest.slice(close + 2);
    if (isIP(host) !== 6) return fail(`"${host}" is not an IPv6 address`);
  } else {
    const colon = rest.lastIndexOf(':');
    if (colon < 0) return fail(`"${text}" has no port`);
    host = rest.slice(0, colon);
    portText = rest.slice(colon + 1);
    if (host.includes(':')) {
      return fail(
        `"${text}" looks like an IPv6 address without brackets`,
        'write IPv6 hosts in brackets: [2001:db8::1]:5061',
      );
    }
    if (isIP(host) !== 4 && !HOSTNAME.test(host)) return fail(`"${host}" is not an address or a host name`);
  }
  if (portText === '') return fail(`"${text}" has no port`);
  let ports: PortSet;
  try {
    ports = PortSet.parse(portText);
  } catch (err) {
    if (err instanceof PortSyntaxError || err instanceof RangeError) return fail(err.message);
    throw err;
  }
  if (ports.has(0)) return fail('port 0 cannot be probed');
  return { ok: true, spec: { host, ports, ...(transport && { transport }) } };
}
