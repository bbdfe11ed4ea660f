export type Transport = 'tcp' | 'udp';
export const TRANSPORTS: readonly Transport[] = ['tcp', 'udp'];

export interface ProtocolFacts {
  readonly description: string;
  /** Over TCP the connection starts with a TLS handshake (SIP/TLS included). */
  readonly tls: boolean;
  /**
   * The application protocol a probe can speak to prove the service, beyond a TCP connect or a TLS
   * handshake: SIP OPTIONS, a STUN Binding / MS-TURN Allocate, an SQL Browser request.
   */
  readonly dialogue?: 'sip' | 'stun' | 'sql-browser';
  /**
   * A responder standing in for the server waits for the client's first bytes, because the client
   * opens with a handshake the responder must answer in kind. For the others it sends its token as
   * soon as it accepts a connection.
   */
  readonly clientOpens: boolean;
  /** Carries real-time media or the relay set-up for it (QoS marks it; IPsec must not touch it). */
  readonly media: boolean;
}

/**
 * Application protocols, spelled one way (the vendor spells each of them several ways), one row each
 * with every fact the views need.
 */
export const PROTOCOL_FACTS = {
  'SIP/TLS': { description: 'SIP over TLS', tls: true, dialogue: 'sip', clientOpens: true, media: false },
  'SIP/MTLS': {
    description: 'SIP over mutual TLS between servers',
    tls: true,
    dialogue: 'sip',
    clientOpens: true,
    media: false,
  },
  'SIP/TCP': {
    description: 'SIP over plain TCP',
    tls: false,
    dialogue: 'sip',
    clientOpens: true,
    media: false,
  },
  HTTPS: { description: 'HTTP over TLS', tls: true, clientOpens: true, media: false },
  HTTP: { description: 'plain HTTP', tls: false, clientOpens: true, media: false },
  'PSOM/TLS': { description: 'web conferencing (PSOM) over TLS', tls: true, clientOpens: true, media: false },
  'PSOM/MTLS': {
    description: 'web conferencing (PSOM) over mutual TLS between servers',
    tls: true,
    clientOpens: true,
    media: false,
  },
  'STUN/MSTURN': {
    description: 'STUN and MS-TURN media relay',
    tls: false,
    dialogue: 'stun',
    clientOpens: true,
    media: true,
  },
  'RTP/SRTP': { description: 'audio, video and sharing media', tls: false, clientOpens: false, media: true },
  'RPC/DCOM': { description: 'RPC endpoint mapper and DCOM', tls: false, clientOpens: false, media: false },
  'RPC/dynamic': { description: 'dynamic RPC ports', tls: false, clientOpens: false, media: false },
  SMB: { description: 'file sharing (SMB)', tls: false, clientOpens: false, media: false },
  DHCP: { description: 'DHCP', tls: false, clientOpens: false, media: false },
  NTP: { description: 'Network Time Protocol', tls: false, clientOpens: false, media: false },
  'SQL Browser': {
    description: 'SQL Server Browser',
    tls: false,
    dialogue: 'sql-browser',
    clientOpens: false,
    media: false,
  },
  TDS: { description: 'SQL Server (TDS)', tls: false, clientOpens: false, media: false },
  'SQL mirroring': {
    description: 'SQL Server database mirroring',
    tls: false,
    clientOpens: false,
    media: false,
  },
  XMPP: { description: 'XMPP', tls: false, clientOpens: false, media: false },
  'XMPP/MTLS': { description: 'XMPP over mutual TLS', tls: true, clientOpens: true, media: false },
  MTLS: { description: 'mutual TLS', tls: true, clientOpens: true, media: false },
  'WCF/TLS': { description: 'WCF over TLS', tls: true, clientOpens: true, media: false },
  DNS: { description: 'DNS', tls: false, clientOpens: false, media: false },
  LDAP: { description: 'LDAP', tls: false, clientOpens: false, media: false },
  Kerberos: { description: 'Kerberos', tls: false, clientOpens: false, media: false },
  TCP: { description: 'a TCP service with no named protocol', tls: false, clientOpens: false, media: false },
} as const satisfies Readonly<Record<string, ProtocolFacts>>;

export type Protocol = keyof typeof PROTOCOL_FACTS;
export const PROTOCOLS = Object.keys(PROTOCOL_FACTS) as Protocol[];

/** The facts of one protocol, through the common shape. */
export function protocolFacts(protocol: Protocol): ProtocolFacts {
  return PROTOCOL_FACTS[protocol];
}
