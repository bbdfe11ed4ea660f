import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { mediaPorts } from '../../src/emit/targets/media-ports.js';
import { emittedText } from '../../src/emit/types.js';
import { MEDIA_MODALITIES, MEDIA_MODALITY_NAMES } from '../../src/model/media.js';
import { PortSet } from '../../src/model/ports.js';
import { plan } from '../../src/plan/plan.js';
import { loadTopology } from '../../src/topology/load.js';
import { EXAMPLES_DIR, examplePlans } from './support/examples.js';

function topologyText(name: string): string {
  return readFileSync(join(EXAMPLES_DIR, name), 'utf8');
}

function planOf(text: string) {
  return plan(loadTopology(text, 'test.yaml').topology, catalog);
}

/** The Set-CsConferencingConfiguration line's ranges, by modality parameter. */
function clientRanges(script: string): Map<string, PortSet> {
  const line = script.split('\n').find((l) => l.includes('Set-CsConferencingConfiguration'))!;
  const out = new Map<string, PortSet>();
  for (const m of line.matchAll(/-Client(\w+)Port (\d+) -Client\1PortRange (\d+)/g)) {
    const start = Number(m[2]);
    out.set(m[1]!, PortSet.range(start, start + Number(m[3]) - 1));
  }
  return out;
}

describe('media-ports', () => {
  it('without clientMediaPorts writes the vendor recommended ranges, one per modality and disjoint', () => {
    const result = mediaPorts.emit(planOf(topologyText('multi-site.yaml')), {});
    expect(result.diagnostics.map((d) => d.code)).toContain('emit-media-defaults');
    const ranges = clientRanges(emittedText(result.text));
    // Vendor QoS page: audio 50020, video 58000, application sharing 42000, file transfer 42020, 20 each.
    expect([...ranges].map(([k, v]) => `${k} ${v}`)).toEqual([
      'Audio 50020-50039',
      'Video 58000-58019',
      'AppSharing 42000-42019',
      'FileTransfer 42020-42039',
    ]);
    const all = [...ranges.values()];
    for (const [i, a] of all.entries())
      for (const b of all.slice(i + 1)) expect(a.intersect(b).isEmpty, `${a} overlaps ${b}`).toBe(true);
  });

  // Issue 12 reported a script setting 5350 + 40 ports (the unconfigured default) for every modality,
  // with four QoS policies on those same ports, under a warning naming the recommended ranges.
  it.each(examplePlans().filter(([, p]) => p.topology.clientMediaPorts === undefined))(
    'without clientMediaPorts (%s), the script, its QoS policies and the warning agree on the recommended runs',
    (_name, p) => {
      const result = mediaPorts.emit(p, {});
      const recommended = MEDIA_MODALITY_NAMES.map((m) => {
        const { label, parameter, clientRecommended } = MEDIA_MODALITIES[m];
        return { label, parameter, ports: PortSet.run(clientRecommended) };
      });
      const settings = clientRanges(emittedText(result.text));
      expect([...settings.keys()]).toEqual(recommended.map((r) => r.parameter));
      for (const r of recommended)
        expect(settings.get(r.parameter)?.toString(), r.label).toBe(r.ports.toString());
      const policies = [
        ...emittedText(result.text).matchAll(
          /New-NetQosPolicy -Name '[^']* client ([^']*)' .*-IPSrcPortStartMatchCondition (\d+) -IPSrcPortEndMatchCondition (\d+)/g,
        ),
      ].map((m) => `${m[1]} ${PortSet.range(Number(m[2]), Number(m[3]))}`);
      expect(policies).toEqual(recommended.map((r) => `${r.label} ${r.ports}`));
      const warning = result.diagnostics.find((d) => d.code === 'emit-media-defaults');
      const named = /\((.*)\)$/.exec(warning?.message ?? '')?.[1];
      expect(named).toBe(recommended.map((r) => `${r.label} ${r.ports}`).join(', '));
    },
  );

  it('recommends the vendor QoS example: 50020, 58000, 42000, 42020, 20 ports each, all apart', () => {
    // CLIENT_MEDIA_PAGE's Set-CsConferencingConfiguration example; 5350 + 40 is the unconfigured value.
    expect(MEDIA_MODALITY_NAMES.map((m) => MEDIA_MODALITIES[m].clientRecommended)).toEqual([
      { start: 50020, count: 20 },
      { start: 58000, count: 20 },
      { start: 42000, count: 20 },
      { start: 42020, count: 20 },
    ]);
  });

  it('writes the topology ranges when it sets them', () => {
    const text = topologyText('enterprise.yaml').replace('audio: { start: 50020', 'audio: { start: 51000');
    const ranges = clientRanges(emittedText(mediaPorts.emit(planOf(text), {}).text));
    expect(ranges.get('Audio')?.toString()).toBe('51000-51019');
  });
});

describe('client media flows by modality', () => {
  it('narrows each client-media entry to the range of the modality it carries', () => {
    const text = topologyText('enterprise.yaml');
    const p = planOf(text);
    const audio = PortSet.range(50020, 50039);
    const video = PortSet.range(58000, 58019);
    const videoFlows = p.flows.filter((f) => f.requirements.some((r) => r.startsWith('client.video-')));
    const audioFlows = p.flows.filter((f) => f.requirements.some((r) => r.startsWith('client.audio-')));
    expect(videoFlows.length).toBeGreaterThan(0);
    expect(audioFlows.length).toBeGreaterThan(0);
    for (const f of videoFlows) expect(PortSet.fromRanges(f.ports).intersect(video).isEmpty).toBe(false);
    for (const f of audioFlows) expect(PortSet.fromRanges(f.ports).intersect(audio).isEmpty).toBe(false);
    // A flow that carries only video never opens the audio range, and the other way round.
    for (const f of videoFlows.filter((f) => f.requirements.every((r) => r.startsWith('client.video-'))))
      expect(PortSet.fromRanges(f.ports).intersect(audio).isEmpty).toBe(true);
    for (const f of audioFlows.filter((f) => f.requirements.every((r) => r.startsWith('client.audio-'))))
      expect(PortSet.fromRanges(f.ports).intersect(video).isEmpty).toBe(true);
  });
});
