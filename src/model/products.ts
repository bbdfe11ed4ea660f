/** Product versions a topology (and, during a migration, a pool) can run. */
export const PRODUCTS = {
  lync2013: 'Lync Server 2013',
  sfb2015: 'Skype for Business Server 2015',
  sfb2019: 'Skype for Business Server 2019',
  sfbse: 'Skype for Business Server Subscription Edition',
} as const;
export type Product = keyof typeof PRODUCTS;
export const PRODUCT_NAMES = Object.keys(PRODUCTS) as Product[];

/**
 * Features an administrator switches on in the topology (the Planning Tool's questions). A catalog
 * entry lists the features it needs; a pool offers the features it runs.
 */
export const FEATURES = {
  'im-presence': 'Instant messaging and presence (always on)',
  conferencing: 'Web, A/V and IM conferencing on the Front End pool',
  'app-sharing': 'Desktop and application sharing in conferences',
  'dial-in': 'Dial-in conferencing (Conferencing Attendant and Announcement services)',
  'enterprise-voice': 'Enterprise Voice (PSTN calls through Mediation and gateways)',
  mobility: 'Mobility service (UCWA / mobile clients)',
  'response-group': 'Response Group application',
  'call-park': 'Call Park application',
  'audio-test': 'Audio Test service',
  e911: 'Enhanced 9-1-1 (outbound to an E9-1-1 gateway)',
  'call-admission-control': 'Call admission control (Bandwidth Policy Service)',
  rcc: 'Remote call control to a PBX (trusted static route)',
  'persistent-chat': 'Persistent Chat',
  'remote-access': 'Remote user access through the Edge',
  federation: 'SIP federation with other organisations',
  'public-im': 'Public IM connectivity',
  xmpp: 'XMPP federation (gateway on the Front End, proxy on the Edge)',
  'legacy-federation':
    'Federation with OCS 2007 partners (A/V Edge media range 50000-59999 open both ways, TCP and UDP)',
  'office-web-apps': 'PowerPoint presenting through Office Web Apps / Office Online Server',
  'sql-mirroring': 'SQL Server mirroring for back-end high availability',
  'legacy-web-conferencing': 'Web Conferencing Compatibility service for older clients (PSOM 8058)',
  'exchange-um': 'Exchange Unified Messaging voice mail',
  'phone-provisioning': 'IP phones that find the Registrar through DHCP',
  hybrid: 'Hybrid connectivity with Office 365',
} as const;
export type Feature = keyof typeof FEATURES;
export const FEATURE_NAMES = Object.keys(FEATURES) as Feature[];

export type LoadBalancing = 'dns' | 'hardware';
