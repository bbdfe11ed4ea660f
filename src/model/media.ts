/**
 * Media modalities, one row each: how the client port range of each is configured, the DSCP mark the
 * vendor's QoS example gives it, and its recommended client range. The planner narrows client media
 * flows by modality, the topology schema names one range per modality, and the media-ports emitter
 * writes one setting and one QoS policy per modality, all from this table.
 */

/** The vendor page the client facts below come from. */
export const CLIENT_MEDIA_PAGE = {
  title:
    'Configuring port ranges and a Quality of Service policy for your clients in Skype for Business Server',
  url: 'https://learn.microsoft.com/en-us/skypeforbusiness/manage/network-management/qos/configuring-port-ranges-for-your-skype-clients',
} as const;

/** The vendor page the server media facts below come from. */
export const SERVER_MEDIA_PAGE = {
  title:
    'Configuring port ranges for your Conferencing, Application, and Mediation servers in Skype for Business Server',
  url: 'https://learn.microsoft.com/en-us/skypeforbusiness/manage/network-management/qos/configuring-port-ranges-for-your-conferencing-application-and-mediation-servers',
} as const;

export interface PortRun {
  readonly start: number;
  readonly count: number;
}

export interface ModalityFacts {
  /** In running text: "audio", "application sharing". */
  readonly label: string;
  /** Set-CsConferencingConfiguration parameter stem: Client<stem>Port and Client<stem>PortRange. */
  readonly parameter: string;
  /** DSCP of the vendor's client QoS example (each modality must differ; 46 for audio is common). */
  readonly dscp: number;
  /** The range while nobody has set one (CLIENT_DEFAULT for every modality). */
  readonly clientDefault: PortRun;
  /** The vendor's recommended client range for QoS (an example, not a default). */
  readonly clientRecommended: PortRun;
}

/** Get-CsConferencingConfiguration on an unchanged deployment: every modality starts at 5350, 40 ports. */
const CLIENT_DEFAULT: PortRun = { start: 5350, count: 40 };

export const MEDIA_MODALITIES = {
  audio: {
    label: 'audio',
    parameter: 'Audio',
    dscp: 46,
    clientDefault: CLIENT_DEFAULT,
    clientRecommended: { start: 50020, count: 20 },
  },
  video: {
    label: 'video',
    parameter: 'Video',
    dscp: 34,
    clientDefault: CLIENT_DEFAULT,
    clientRecommended: { start: 58000, count: 20 },
  },
  appSharing: {
    label: 'application sharing',
    parameter: 'AppSharing',
    dscp: 24,
    clientDefault: CLIENT_DEFAULT,
    clientRecommended: { start: 42000, count: 20 },
  },
  fileTransfer: {
    label: 'file transfer',
    parameter: 'FileTransfer',
    dscp: 14,
    clientDefault: CLIENT_DEFAULT,
    clientRecommended: { start: 42020, count: 20 },
  },
} as const satisfies Readonly<Record<string, ModalityFacts>>;

export type MediaModality = keyof typeof MEDIA_MODALITIES;
export const MEDIA_MODALITY_NAMES = Object.keys(MEDIA_MODALITIES) as MediaModality[];

/** The facts of one modality, through the common shape. */
export function modalityFacts(modality: MediaModality): ModalityFacts {
  return MEDIA_MODALITIES[modality];
}

/**
 * Server media ports as the Conferencing, Application and Mediation services ship: start and count, so
 * the ranges end one port short of the firewall tables' 57500 / 65535. Application sharing overlaps
 * both by default and cannot be told apart by port, so it has no row here.
 */
export const SERVER_MEDIA_DEFAULTS: Readonly<
  Partial<Record<MediaModality, PortRun & { readonly dscp: number }>>
> = {
  audio: { start: 49152, count: 8348, dscp: 46 },
  video: { start: 57501, count: 8034, dscp: 34 },
};
