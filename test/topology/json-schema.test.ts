import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TOPOLOGY_SCHEMA_FILE, topologyJsonSchemaText } from '../../src/topology/json-schema.js';
import { DEFAULT_ANSWERS, starterTopology, topologyFromAnswers } from '../../src/topology/starter.js';

// The shipped JSON Schema is generated from the zod schema; editors use it for completion. It must
// be current, valid draft 2020-12, accept every example and reject what zod rejects on shape.
const shipped = readFileSync(TOPOLOGY_SCHEMA_FILE, 'utf8');
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(JSON.parse(shipped));

describe('schema/topology.schema.json', () => {
  it('is up to date with src/topology/schema.ts', () => {
    expect(shipped, 'stale: run `npm run schema`').toBe(topologyJsonSchemaText());
  });

  it('is exported by the package', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(pkg.exports['./schema/topology.json']).toBe(`./${TOPOLOGY_SCHEMA_FILE}`);
    expect(pkg.files).toContain('schema');
  });

  it.each(readdirSync('examples').filter((f) => f.endsWith('.yaml')))('accepts examples/%s', (file) => {
    const data = parse(readFileSync(join('examples', file), 'utf8'));
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
  });

  it('accepts what init writes', () => {
    expect(validate(parse(starterTopology('x')))).toBe(true);
    expect(validate(topologyFromAnswers(DEFAULT_ANSWERS))).toBe(true);
  });

  it('rejects an unknown pool role, an unknown field and a hostile FQDN', () => {
    const base = parse(readFileSync('examples/standard-edition.yaml', 'utf8'));
    const withPool = (patch: Record<string, unknown>) => ({
      ...base,
      sites: [{ ...base.sites[0], pools: [{ ...base.sites[0].pools[0], ...patch }] }],
    });
    expect(validate(withPool({ role: 'mediaton' }))).toBe(false);
    expect(validate(withPool({ colocatedMediation: true }))).toBe(false);
    expect(validate(withPool({ fqdn: "a';$(rm)" }))).toBe(false);
    expect(validate(withPool({}))).toBe(true);
  });

  it('states the vendor defaults', () => {
    const schema = JSON.parse(shipped);
    const site = schema.properties.sites.items.properties;
    const gw = site.gateways.items.properties;
    expect(gw.transport.default).toBe('tls');
    expect(gw.listenPort.description).toMatch(/5067 with tls, 5066 with tcp/);
    expect(gw.mediationPort.description).toMatch(/5067 with tls, 5068 with tcp/);
    expect(site.sqlServers.items.properties.port.default).toBe(1433);
    const media = schema.properties.clientMediaPorts.properties;
    expect(media.enabled.default).toBe(false);
    expect(media.audio.default).toEqual({ start: 5350, count: 40 });
  });
});
