import type { MediaModality } from '../model/media.js';
import type { PortRange } from '../model/ports.js';
import type { Feature, LoadBalancing, Product } from '../model/products.js';
import type { Protocol, Transport } from '../model/protocols.js';
import type { Role } from '../model/roles.js';

/**
 * When an entry applies. Every field that is set must hold (AND); a missing field places no constraint.
 * Each field has a matching setting in the topology file, so every condition can be expressed there.
 */
export interface Conditions {
  /** All of these features must be enabled on the pool the entry is evaluated for. */
  readonly features?: readonly Feature[];
  /** At least one of these features must be enabled (OR). */
  readonly anyFeature?: readonly Feature[];
  /** Load balancing of the listening pool (Front End, Director, Mediation or Edge pool). */
  readonly loadBalancing?: LoadBalancing;
  /** The Front End pool also runs the Mediation Server role. */
  readonly collocatedMediation?: boolean;
  /** The Front End pool holds the Central Management store. */
  readonly cmsHolder?: boolean;
  /**
   * The SOURCE's pool holds the Central Management store (added by the catalog engineer): the CMS
   * pushes its data out (SMB 445 to every server, HTTPS 4443 to the Edge), so for these entries the
   * listening side is an ordinary server and only the CMS-holding pool may connect.
   */
  readonly sourceCmsHolder?: boolean;
  /**
   * Ports of the listening pool's external web VIP (Pool.externalWebVip / externalWebPorts): the
   * entry applies only to a pool that has one with these ports.
   */
  readonly externalWebPorts?: 'translated' | 'direct';
  /** The listening pool's load balancer uses source NAT (Pool.loadBalancerSourceNat). */
  readonly loadBalancerSourceNat?: boolean;
  /** Edge external addresses are private and published through NAT. */
  readonly edgeNat?: boolean;
  /**
   * The PSTN gateway at one end of the pair has media bypass enabled on its trunk (Gateway.mediaBypass),
   * so clients and phones exchange media with it directly instead of through the Mediation Server.
   * A pair with no gateway on either side never meets it.
   */
  readonly mediaBypass?: boolean;
  /**
   * SIP registration and sign-in: a client or phone zone that names where it registers
   * (clients.registrars) reaches this listener only on its registrar (a Front End pool or branch
   * appliance, plus an appliance's backup pool) and on the Director it signs in through. Zones that
   * name nothing, and server sources, are not restricted.
   */
  readonly registrar?: boolean;
  /** Products on which the entry applies; missing means every product. */
  readonly products?: readonly Product[];
  /**
   * Not required for the product to work (static routes, HTTP redirects, diagnostics). Planned as
   * flows marked optional, never dropped silently.
   */
  readonly optional?: boolean;
}

export type Provenance =
  | { readonly table: string; readonly row: number }
  | { readonly url: string; readonly title: string; readonly ref?: string };

/** One network requirement: `sources` connect to `role` on `transport`/`ports` speaking `protocol`. */
export interface CatalogEntry {
  /** Stable across versions: `<role>.<protocol-ish>.<port>`; never renumbered or reused. */
  readonly id: string;
  readonly kind: 'port';
  readonly role: Role;
  readonly transport: Transport;
  readonly ports: readonly PortRange[];
  readonly protocol: Protocol;
  readonly sources: readonly Role[];
  readonly conditions: Conditions;
  readonly purpose: string;
  readonly provenance: readonly Provenance[];
  /** Why the sources are what they are, where the vendor leaves it to prose. */
  readonly note?: string;
  /**
   * The port is a topology setting, and `ports` holds the vendor's default. The planner replaces the
   * default with the topology's value: `gateway-listen` (Gateway.listenPort), `mediation-gateway-listen`
   * (Gateway.mediationPort: 5067 TLS / 5068 TCP), `sql-tds` (SqlServer.port), `sql-mirroring`
   * (SqlServer.mirroringPort), `sql-witness` (SqlServer.witnessPort), `sql-ag-endpoint`
   * (AvailabilityGroup.endpointPort of the replica's group), `trusted-app` (the port of a trusted
   * application or of an Exchange server's owaIm, which has no vendor default, so `ports` is a
   * placeholder), `client-media` (the client media port ranges when clientMediaPorts.enabled),
   * `gateway-media` (Gateway.mediaPorts of the destination gateway, when stated; no vendor default).
   */
  readonly configurablePort?:
    | 'gateway-listen'
    | 'mediation-gateway-listen'
    | 'sql-tds'
    | 'sql-mirroring'
    | 'sql-witness'
    | 'sql-ag-endpoint'
    | 'trusted-app'
    | 'client-media'
    | 'gateway-media';
  /**
   * The media a `client-media` entry carries: its ports become the configured client ranges of these
   * modalities (required with `configurablePort: 'client-media'`, and only there).
   */
  readonly modalities?: readonly MediaModality[];
  /**
   * Which pools of its own role a source of the listening role reaches (only for entries whose
   * `sources` include `role`; other sources are unaffected): `same-pool`, a service of the pool for
   * its own servers (the Focus to its conferencing servers, the web components' PSOM); `other-pools`,
   * only between pools. Missing: both, the pool's own servers and every other pool.
   */
  readonly peers?: 'same-pool' | 'other-pools';
  /**
   * Sources that reach this per-server listener through the pool's VIP whenever the pool states one
   * (a `front-end-lb` / `director-lb` entry carries them there): clients, phones and the reverse
   * proxy on the web ports. For a pool without a VIP they reach the servers, as any other source.
   */
  readonly viaVip?: readonly Role[];
  /**
   * Sources that leave this VIP listener for the pool's external web VIP whenever the pool states one
   * (Pool.externalWebVip; the `*-lb-external` entries carry them there): the reverse proxy.
   */
  readonly viaExternalVip?: readonly Role[];
  /**
   * Kept for provenance but planned as no network flow (a local-only service, or a row superseded by
   * another entry); the lint finding that explains it names this entry.
   */
  readonly planned?: false;
}

/** The seed's "Recommended IPsec Exceptions": where IPsec must not be required. */
export interface IpsecException {
  readonly id: string;
  readonly kind: 'ipsec-exception';
  readonly name: string;
  readonly direction: 'inbound' | 'outbound';
  /** The role whose traffic is exempt (the destination for inbound, the source for outbound). */
  readonly role: Role;
  readonly transports: readonly Transport[];
  /** Local port range of `role` that is exempt; missing means any port. */
  readonly localPorts?: readonly PortRange[];
  readonly conditions: Conditions;
  readonly purpose: string;
  readonly provenance: readonly Provenance[];
}

export type LintKind = 'duplicate' | 'contradiction' | 'ambiguity' | 'omission' | 'direction';

/** Where the vendor's material disagrees with itself, and what the catalog decided. */
export interface LintFinding {
  readonly id: string;
  readonly kind: LintKind;
  readonly summary: string;
  readonly decision: string;
  readonly entries: readonly string[];
  readonly provenance: readonly Provenance[];
  /**
   * A requirement every deployment has that the catalog cannot plan, because no vendor page gives its
   * ports (an omission): every report lists it as not planned, with this reason, so that its absence
   * from the flows is never read as "not needed".
   */
  readonly notPlanned?: string;
}

export interface Catalog {
  readonly entries: readonly CatalogEntry[];
  readonly ipsecExceptions: readonly IpsecException[];
  readonly findings: readonly LintFinding[];
}
