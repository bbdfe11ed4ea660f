import type { Diagnostic } from '../../diag/diagnostic.js';
import {
  CLIENT_MEDIA_PAGE,
  MEDIA_MODALITIES,
  MEDIA_MODALITY_NAMES,
  type MediaModality,
  type PortRun,
  SERVER_MEDIA_DEFAULTS,
  SERVER_MEDIA_PAGE,
} from '../../model/media.js';
import type { Plan } from '../../model/plan.js';
import { PortSet } from '../../model/ports.js';
import { protocolFacts } from '../../model/protocols.js';
import { compareText } from '../../text/order.js';
import type { ClientMediaPorts } from '../../topology/schema.js';
import { headerLines } from '../provenance.js';
import { psString } from '../quote/powershell.js';
import { oneLine } from '../quote/text.js';
import { defineEmitter, type EmitOptions, type EmitResult } from '../types.js';

/**
 * Client media port ranges and the QoS policies that mark them, from the model's modality table: the
 * per-modality CsConferencingConfiguration parameters, their DSCP marks, and the server media port
 * defaults (start + count) of the Conferencing, Application and Mediation services.
 */

/** The vendor's recommended client ranges, switched on: what a topology without clientMediaPorts gets. */
function recommendedRanges(): ClientMediaPorts {
  const ranges = Object.fromEntries(
    MEDIA_MODALITY_NAMES.map((m) => [m, { ...MEDIA_MODALITIES[m].clientRecommended }]),
  ) as Record<MediaModality, PortRun>;
  return { enabled: true, ...ranges };
}

function runText(r: PortRun): string {
  return PortSet.run(r).toString();
}

interface ClientMedia {
  readonly id: string;
  /** The client's ports when the client receives, undefined when it sends (any client port then). */
  readonly clientPorts?: PortSet;
}

/** Media flows with a client at one end, sorted by id: found once for every modality. */
function clientMediaFlows(plan: Plan): ClientMedia[] {
  return plan.flows
    .filter((f) => f.source.role === 'client' || f.destination.role === 'client')
    .filter((f) => protocolFacts(f.protocol).media)
    .map((f) =>
      f.destination.role === 'client' ? { id: f.id, clientPorts: PortSet.fromRanges(f.ports) } : { id: f.id },
    )
    .sort((a, b) => compareText(a.id, b.id));
}

/** Flows that the client ranges carry: media between clients and anything else. */
function relatedFlows(flows: readonly ClientMedia[], ports: PortSet): string[] {
  return flows.filter((f) => f.clientPorts === undefined || f.clientPorts.overlaps(ports)).map((f) => f.id);
}

// Selections are refused from the declared capabilities before this runs: it always covers everything.
function emitMediaPorts(plan: Plan, _options: EmitOptions): EmitResult {
  const diagnostics: Diagnostic[] = [];
  const configured = plan.topology.clientMediaPorts;
  if (!configured) {
    diagnostics.push({
      code: 'emit-media-defaults',
      severity: 'warning',
      message: `the topology sets no clientMediaPorts; writing the vendor's recommended ranges (${MEDIA_MODALITY_NAMES.map((m) => `${MEDIA_MODALITIES[m].label} ${runText(MEDIA_MODALITIES[m].clientRecommended)}`).join(', ')})`,
      hint: 'add clientMediaPorts to the topology to choose the ranges',
    });
  }
  const media = configured ?? recommendedRanges();
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
  for (const key of MEDIA_MODALITY_NAMES) {
    const m = MEDIA_MODALITIES[key];
    const r = media[key];
    settings.push(`-Client${m.parameter}Port ${r.start} -Client${m.parameter}PortRange ${r.count}`);
  }
  out.push(
    `    # ${MEDIA_MODALITY_NAMES.map((m) => `${MEDIA_MODALITIES[m].label} ${runText(media[m])}`).join(', ')}`,
    `    ${settings.join(' ')}`,
    '}',
    '',
    'function Install-SfbClientQosPolicy {',
    `    # Ranges and DSCP marks: ${CLIENT_MEDIA_PAGE.title}, ${CLIENT_MEDIA_PAGE.url}`,
  );
  let rules = 1;
  const clientMedia = media.enabled ? clientMediaFlows(plan) : [];
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
  for (const key of MEDIA_MODALITY_NAMES) {
    if (!media.enabled) break;
    const m = MEDIA_MODALITIES[key];
    const r = media[key];
    const ports = PortSet.run(r);
    const name = `${group} client ${m.label}`;
    const flows = relatedFlows(clientMedia, ports);
    out.push(
      `    # ${m.label}: DSCP ${m.dscp}, source ports ${ports.toString()}${flows.length ? `; flows ${flows.join(',')}` : ''}`,
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
    `    # Ranges and DSCP marks: ${SERVER_MEDIA_PAGE.title}, ${SERVER_MEDIA_PAGE.url}`,
  );
  for (const key of MEDIA_MODALITY_NAMES) {
    const s = SERVER_MEDIA_DEFAULTS[key];
    if (s === undefined) continue;
    const name = `${group} server ${MEDIA_MODALITIES[key].label}`;
    const end = s.start + s.count - 1;
    out.push(
      `    # ${MEDIA_MODALITIES[key].label}: DSCP ${s.dscp}, source ports ${runText(s)}`,
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
  capabilities: { selections: [], variants: [], companions: [], limits: {} },
  emit: emitMediaPorts,
});
