import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { plan } from '../../src/plan/plan.js';
import { jsonRenderer } from '../../src/render/json.js';
import { loadTopology } from '../../src/topology/load.js';
import { syntheticTopology } from '../support/synthetic.js';

/** `report --format json` always matches the published schema/report.schema.json. */

const schema = JSON.parse(readFileSync('schema/report.schema.json', 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

function rendered(topology: Parameters<typeof plan>[0]): unknown {
  return JSON.parse(jsonRenderer.render(plan(topology, catalog)));
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
    const doc = rendered(syntheticTopology({ sites: 6, clientMediaPorts: true })) as {
      flows: Array<{ destination: object }>;
    };
    expect(doc.flows.some((f) => 'publicAddresses' in f.destination)).toBe(true);
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
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
