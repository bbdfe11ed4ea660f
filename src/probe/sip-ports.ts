/** Plain SIP ports in the vendor tables (5060 Registrar/Front End, 5068 Mediation); the rest are TLS. */
const PLAIN_SIP_PORTS = new Set([5060, 5068]);

/**
 * Whether SIP on this port speaks TLS unless told otherwise. Apart from the probe so that planning
 * targets does not load the probe and node:tls with it.
 */
export function sipIsSecureByDefault(port: number): boolean {
  return !PLAIN_SIP_PORTS.has(port);
}
