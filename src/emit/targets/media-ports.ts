import { type Diagnostic, UserError } from '../../diag/diagnostic.js';
import type { Plan } from '../../model/plan.js';
import { PortSet } from '../../model/ports.js';
import { ClientMediaPorts } from '../../topology/schema.js';
import { compareText } from '../grants.js';
import { headerLines } from '../provenance.js';
import { psString } from '../quote/powershell.js';
import { oneLine } from '../quote/text.js';
import { defineEmitter, type EmitOptions, type EmitResult } from '../types.js';

/**
 * Client media port ranges and the QoS policies that mark them. The values are the vendor's
 * (shared/domain/clients.md, cited by row id): per-modality CsConferencingConfiguration parameters,
 * DSCP 46/34/24/14, and the server media port defaults (start + count) of the Conferencing,
 * Application and Mediation services.
 */

interface Modality {
  readonly key: 'audio' | 'video' | 'appSharing' | 'fileTransfer';
  readonly label: string;
  /** Set-CsConferencingConfiguration parameter stem: Client<stem>Port / Client<stem>PortRange. */
  readonly parameter: string;
  readonly dscp: number;
  /** Row ids in clients.md for the range example and the DSCP value. */
  readonly source: string;
}

const MODALITIES: readonly Modality[] = [
  { key: 'audio', label: 'audio', parameter: 'Audio', dscp: 46, source: 'clients.md CL-E01, CL-D02/D03' },
  { key: 'video', label: 'video', parameter: 'Video', dscp: 34, source: 'clients.md CL-E02, CL-D04/D05' },
  {
    key: 'appSharing',
    label: 'application sharing',
    parameter: 'AppSharing',
    dscp: 24,
    source: 'clients.md CL-E03, CL-D06/D07',
  },
  {
    key: 'fileTransfer',
    label: 'file transfer',
    parameter: 'FileTransfer',
    dscp: 14,
    source: 'clients.md CL-E04, CL-D08/D09',
  },
];

/**
 * Server media ports as the services ship (clients.md SV-D01..D06): start and count, so the ranges end
 * one port short of the firewall tables' 57500 / 65535 (clients.md CC-01, CC-02). Application sharing
 * overlaps both by default and cannot be told apart by port, so it gets no server policy.
 */
const SERVER_MEDIA = [
  { label: 'audio', start: 49152, count: 8348, dscp: 46, source: 'clients.md SV-D01/D02, SV-Q01' },
  { label: 'video', start: 57501, count: 8034, dscp: 34, source: 'clients.md SV-D03/D04, SV-Q02' },
] as const;

/** Flows that the client ranges carry: media between clients and anything else. */
function relatedFlows(plan: Plan, ports: PortSet): string[] {
  return plan.flows
    .filter((f) => f.source.role === 'client' || f.destination.role === 'client')
    .filter((f) => f.protocol === 'RTP/SRTP' || f.protocol === 'STUN/MSTURN')
    .filter((f) => f.destination.role !== 'client' || PortSet.fromRanges(f.ports).overlaps(ports))
    .map((f) => f.id)
    .sort(compareText);
}

function emitMediaPorts(plan: Plan, options: EmitOptions): EmitResult {
  if (options.server !== undefined || options.role !== undefined || options.boundary !== undefined) {
    throw new UserError({
      code: 'emit-media-scope',
      severity: 'error',
      message: 'media-ports configures the whole deployment; --server, --role and --boundary do not apply',
      hint: 'run `sfbports emit media-ports FILE` without a selection',
    });
  }
  const diagnostics: Diagnostic[] = [];
  const configured = plan.topology.clientMediaPorts;
  if (!configured) {
    diagnostics.push({
      code: 'emit-media-defaults',
      severity: 'warning',
      message:
        'the topology sets no clientMediaPorts; writing the vendor recommended ranges (audio 50020, video 58000, application sharing 42000, file transfer 42020, 20 ports each)',
      hint: 'add clientMediaPorts to the topology to choose the ranges',
    });
  }
  const media = configured ?? { ...ClientMediaPorts.parse({}), enabled: true };
  const group = `sfbports ${oneLine(plan.topology.name)}`;
  const out = headerLines(plan, 'client media port ranges and QoS policies', 'whole topology').map(
    (l) => `# ${l}`,
  );
  out.push(
    '# Dot-source this file, then call the functions where each belongs:',
    '#   Set-SfbClientMediaPorts       once, in the Skype for Business Server Management Shell',
    '#   Install-SfbClientQosPolicy    on client computers (or adapt into a Group Policy object)',
    '#   Install-SfbServerQosPolicy    on servers running Conferencing, Application or Mediation services',
    '# Users sign out and in again before new client port ranges apply.',
    '',
    "$ErrorActionPreference = 'Stop'",
    '',
    'function Set-SfbClientMediaPorts {',
  );
  const settings = [
    "Set-CsConferencingConfiguration -Identity 'Global'",
    `-ClientMediaPortRangeEnabled ${media.enabled ? '$true' : '$false'}`,
  ];
  for (const m of MODALITIES) {
    const r = media[m.key];
    settings.push(`-Client${m.parameter}Port ${r.start} -Client${m.parameter}PortRange ${r.count}`);
  }
  out.push(
    `    # ${MODALITIES.map((m) => `${m.label} ${media[m.key].start}-${media[m.key].start + media[m.key].count - 1}`).join(', ')}`,
    `    ${settings.join(' ')}`,
    '}',
    '',
    'function Install-SfbClientQosPolicy {',
  );
  let rules = 1;
  if (!media.enabled) {
    diagnostics.push({
      code: 'emit-media-disabled',
      severity: 'warning',
      message:
        'clientMediaPorts.enabled is false: clients use any port 1024-65535, so no port-based QoS policy is written',
      hint: 'set clientMediaPorts.enabled: true to mark client media with DSCP',
    });
    out.push(
      '    # Client media port ranges are disabled: clients pick any port, so there is nothing to mark.',
    );
  }
  for (const m of MODALITIES) {
    if (!media.enabled) break;
    const r = media[m.key];
    const ports = PortSet.range(r.start, r.start + r.count - 1);
    const name = `${group} client ${m.label}`;
    const flows = relatedFlows(plan, ports);
    out.push(
      `    # ${m.label}: DSCP ${m.dscp}, source ports ${ports.toString()} (${m.source})${flows.length ? `; flows ${flows.join(',')}` : ''}`,
      `    Remove-NetQosPolicy -Name ${psString(name)} -Confirm:$false -ErrorAction SilentlyContinue`,
      [
        `    New-NetQosPolicy -Name ${psString(name)}`,
        "-AppPathNameMatchCondition 'Lync.exe' -IPProtocolMatchCondition Both",
        `-IPSrcPortStartMatchCondition ${r.start} -IPSrcPortEndMatchCondition ${r.start + r.count - 1}`,
        `-DSCPAction ${m.dscp} -NetworkProfile All | Out-Null`,
      ].join(' '),
    );
    rules++;
  }
  out.push('}', '', 'function Install-SfbServerQosPolicy {');
  out.push(
    "    # The topology file has no server media port settings: these are the services' default ranges.",
  );
  for (const s of SERVER_MEDIA) {
    const name = `${group} server ${s.label}`;
    const end = s.start + s.count - 1;
    out.push(
      `    # ${s.label}: DSCP ${s.dscp}, source ports ${s.start}-${end} (${s.source})`,
      `    Remove-NetQosPolicy -Name ${psString(name)} -Confirm:$false -ErrorAction SilentlyContinue`,
      [
        `    New-NetQosPolicy -Name ${psString(name)} -IPProtocolMatchCondition Both`,
        `-IPSrcPortStartMatchCondition ${s.start} -IPSrcPortEndMatchCondition ${end}`,
        `-DSCPAction ${s.dscp} -NetworkProfile All | Out-Null`,
      ].join(' '),
    );
    rules++;
  }
  out.push('}');
  return { text: `${out.join('\n')}\n`, diagnostics, ruleCount: rules };
}

export const mediaPorts = defineEmitter({
  name: 'media-ports',
  extension: 'ps1',
  description: 'Client media port ranges (Set-CsConferencingConfiguration) and DSCP QoS policies',
  emit: emitMediaPorts,
});
