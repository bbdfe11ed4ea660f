import type { Transport } from '../model/protocols.js';

/**
 * Port states as nmap names them, so a firewall team reads our output with the words they know:
 * open (something answered), closed (refused: RST or ICMP port unreachable), filtered (nothing came
 * back, or a firewall answered for the host), open|filtered (UDP with no protocol answer: a silent
 * service and a silent firewall look the same). And one that is not about the network: error (this
 * machine could not send the probe: no descriptor left, a local firewall; see local-error.ts).
 */
export const PORT_STATES = ['open', 'closed', 'filtered', 'open|filtered', 'error'] as const;
export type PortState = (typeof PORT_STATES)[number];

export const PROBE_NAMES = ['tcp', 'tls', 'stun', 'msturn', 'sip', 'sql-browser', 'dns', 'udp'] as const;
export type ProbeName = (typeof PROBE_NAMES)[number];

/** One address and port to probe, with the way to probe it. */
export interface ProbeTarget {
  readonly host: string;
  readonly port: number;
  readonly transport: Transport;
  readonly probe: ProbeName;
  /** Name to check the certificate against and to put in SIP headers (defaults to host). */
  readonly serverName?: string;
  /** SIP over TLS rather than plain TCP (the sip probe only). */
  readonly secure?: boolean;
}

/** What one attempt on one target found. */
export interface ProbeOutcome {
  readonly state: PortState;
  /** Round trip of the answer that decided the state; undefined when nothing answered. */
  readonly rttMs?: number;
  /** Protocol evidence: certificate facts, SIP status, STUN reply class, the listener's token. */
  readonly detail: ProbeDetail;
}

export interface ProbeDetail {
  /** Short human sentence: "TLSv1.3, certificate for pool01.contoso.com", "SIP/2.0 200 OK". */
  summary?: string;
  /** The answer carried the token given to `check --token` (our own responder answered). */
  tokenVerified?: boolean;
  /** The text in which the token was looked for, when it did not match. */
  tokenSeen?: string;
  tls?: TlsFacts;
  sip?: { statusCode: number; reason: string; server?: string };
  stun?: { messageType: string; software?: string; errorCode?: number };
  sqlBrowser?: { instances: string };
  error?: string;
}

export interface TlsFacts {
  readonly protocol: string;
  readonly cipher: string;
  readonly subject: string;
  readonly subjectAltNames: readonly string[];
  readonly issuer: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly expired: boolean;
  /** The certificate names the FQDN we expected (by CN or SAN, wildcards honoured). */
  readonly nameMatches: boolean;
  readonly expectedName: string;
  /** Subjects of the certificates the server presented, leaf first. */
  readonly chain: readonly string[];
  /** The chain verifies against the system's trust store. */
  readonly trusted: boolean;
  readonly trustError?: string;
}

export interface ProbeContext {
  readonly signal: AbortSignal;
  /** Token that our own listener puts in its answers; when set, probes look for it. */
  readonly token?: string;
  /**
   * A probe calls this when the port first answers (TCP handshake done). The scheduler then stops
   * applying the short "is anyone there" timeout and gives the protocol exchange its own budget.
   */
  readonly answered?: (rttMs: number) => void;
  /**
   * A probe calls this when its first packet leaves (connect() called, first datagram sent): the
   * deadline counts from then, not from the launch, which may be a tick earlier.
   */
  readonly sent?: () => void;
}

/** A probe is an async function of one target; it never throws, and it stops when the signal aborts. */
export type Probe = (target: ProbeTarget, ctx: ProbeContext) => Promise<ProbeOutcome>;

/** One line of `check` output. */
export interface CheckResult {
  readonly host: string;
  readonly port: number;
  readonly transport: Transport;
  readonly state: PortState;
  readonly probe: ProbeName;
  readonly rtt_ms: number | null;
  /** The flow this target came from (topology mode). */
  readonly flow?: string;
  /** Other flows that need the same target; it was probed once. */
  readonly also_flows?: readonly string[];
  /** Required: a state other than open fails the check (exit 1). Optional flows only inform. */
  readonly required: boolean;
  readonly attempts: number;
  readonly detail: ProbeDetail;
}
