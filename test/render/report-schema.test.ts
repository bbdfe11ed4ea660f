import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { plan } from '../../src/plan/plan.js';
import { jsonRenderer } from '../../src/render/json.js';
import { renderedText } from '../../src/render/types.js';
import { loadTopology } from '../../src/topology/load.js';
import { FIREWALL_KINDS, FIREWALL_PLATFORMS } from '../../src/topology/schema.js';
import { resolvedFlows } from '../support/report-json.js';
import { syntheticTopology } from '../support/synthetic.js';

/** `report --format json` always matches the published schema/report.schema.json. */

const schema = JSON.parse(readFileSync('schema/report.schema.json', 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

function rendered(topology: Parameters<typeof plan>[0]): unknown {
  return JSON.parse(renderedText(jsonRenderer.render(plan(topology, catalog))));
}

describe('the JSON report schema', () => {
  const examples = readdirSync('examples').filter((f) => f.endsWith('.yaml'));

  for (const example of examples) {
    it(`accepts the report of ${example}`, () => {
      const file = join('examples', example);
      const doc = rendered(loadTopology(readFileSync(file, 'utf8'), file).topology);
      expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    });
  }

  it('accepts the report of a synthetic topology with NAT, VIPs and mirrored SQL', () => {
    const text = renderedText(
      jsonRenderer.render(plan(syntheticTopology({ sites: 6, clientMediaPorts: true }), catalog)),
    );
    const doc = JSON.parse(text);
    expect(resolvedFlows(text).some((f) => 'publicAddresses' in f.destination)).toBe(true);
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('describes the firewalls of examples/enterprise.yaml, and only flows of the report', () => {
    const file = 'examples/enterprise.yaml';
    const doc = rendered(loadTopology(readFileSync(file, 'utf8'), file).topology) as {
      flows: Array<{ id: string }>;
      firewalls: Array<{
        name: string;
        kind: string;
        derived: boolean;
        sides: Array<{ name: string; zones: string[] }>;
        servers: string[];
        management: Array<{ transport: string; ports: number[][]; sources: string[] }>;
        flows: Array<{ id: string; from?: string; to?: string }>;
      }>;
      firewallsAssumed?: string;
      warnings: Array<{ code: string }>;
    };
    // From the example's firewalls: section, written by hand.
    expect(doc.firewalls.map((f) => `${f.name} ${f.kind} ${f.derived}`)).toEqual([
      'external network false',
      'internal network false',
      'rp01 host false',
      'front-ends host false',
    ]);
    const [external, , rp01] = doc.firewalls;
    expect(external!.sides).toEqual([
      { name: 'outside', zones: ['internet'] },
      { name: 'perimeter', zones: ['perimeter-external'] },
    ]);
    expect(external!.management).toEqual([
      {
        description: 'SSH to the servers behind it',
        transport: 'tcp',
        ports: [[22, 22]],
        sources: ['192.0.2.60'],
      },
    ]);
    expect(rp01!.servers).toEqual(['rp01.contoso.com']);
    expect(rp01!.flows.every((f) => f.from === undefined && f.to === undefined)).toBe(true);
    const directions = new Set(external!.flows.map((f) => `${f.from}>${f.to}`));
    expect(directions).toEqual(new Set(['outside>perimeter', 'perimeter>outside']));
    const ids = new Set(doc.flows.map((f) => f.id));
    for (const fw of doc.firewalls) for (const f of fw.flows) expect(ids.has(f.id)).toBe(true);
    expect(doc.firewallsAssumed).toBeUndefined();
    expect(doc.warnings.map((w) => w.code)).toEqual(['boundary-without-firewall']);
  });

  it('says when the firewalls are assumed', () => {
    const file = 'examples/standard-edition.yaml';
    const doc = rendered(loadTopology(readFileSync(file, 'utf8'), file).topology) as {
      firewalls: Array<{ name: string; derived: boolean; platform: string }>;
      firewallsAssumed?: string;
    };
    expect(doc.firewalls.map((f) => `${f.name} ${f.derived} ${f.platform}`)).toEqual([
      'servers--clients true report-only',
    ]);
    expect(doc.firewallsAssumed).toMatch(/names no firewalls/);
  });

  it('knows every firewall kind and platform of the topology schema', () => {
    const props = schema.$defs.firewall.properties;
    expect(props.kind.enum).toEqual([...FIREWALL_KINDS]);
    expect(props.platform.enum).toEqual([...FIREWALL_PLATFORMS]);
  });

  it('rejects a firewall with an unknown field, a bad flow id or one side of a direction', () => {
    const file = 'examples/enterprise.yaml';
    const doc = rendered(loadTopology(readFileSync(file, 'utf8'), file).topology) as {
      firewalls: Array<Record<string, unknown> & { flows: Array<Record<string, unknown>> }>;
    };
    expect(validate(doc)).toBe(true);
    const extra = structuredClone(doc);
    extra.firewalls[0]!.vendor = 'x';
    expect(validate(extra)).toBe(false);
    const badId = structuredClone(doc);
    badId.firewalls[0]!.flows[0]!.id = 'nope';
    expect(validate(badId)).toBe(false);
    const half = structuredClone(doc);
    delete half.firewalls[0]!.flows[0]!.to;
    expect(validate(half)).toBe(false);
  });

  it('rejects a report with a port out of range, an unknown field or a missing id', () => {
    const doc = rendered(syntheticTopology({ sites: 1 })) as { flows: Array<Record<string, unknown>> };
    const bad = structuredClone(doc);
    bad.flows[0]!.ports = [[0, 70000]];
    expect(validate(bad)).toBe(false);
    const extra = structuredClone(doc);
    extra.flows[0]!.colour = 'red';
    expect(validate(extra)).toBe(false);
    const noId = structuredClone(doc);
    delete noId.flows[0]!.id;
    expect(validate(noId)).toBe(false);
  });
});
