import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { mediaPorts } from '../../src/emit/targets/media-ports.js';
import { PortSet } from '../../src/model/ports.js';
import { plan } from '../../src/plan/plan.js';
import { loadTopology } from '../../src/topology/load.js';
import { EXAMPLES_DIR } from './support/examples.js';

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
    const ranges = clientRanges(result.text);
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

  it('writes the topology ranges when it sets them', () => {
    const text = topologyText('enterprise.yaml').replace('audio: { start: 50020', 'audio: { start: 51000');
    const ranges = clientRanges(mediaPorts.emit(planOf(text), {}).text);
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
