import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { topologyJsonSchema } from '../../src/topology/json-schema.js';

// docs/topology.md is the field reference: every field the schema accepts must be listed there.
function fieldNames(schema: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const s of schema) fieldNames(s, out);
  else if (schema && typeof schema === 'object') {
    const record = schema as Record<string, unknown>;
    if (record.properties && typeof record.properties === 'object') {
      for (const key of Object.keys(record.properties)) out.add(key);
    }
    for (const value of Object.values(record)) fieldNames(value, out);
  }
  return out;
}

describe('docs/topology.md', () => {
  const doc = readFileSync('docs/topology.md', 'utf8');
  it.each([...fieldNames(topologyJsonSchema())].sort())('documents %s', (field) => {
    expect(doc).toContain(`\`${field}\``);
  });
});
