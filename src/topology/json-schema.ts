import { z } from 'zod';
import { Topology } from './schema.js';

/** Where the schema is published inside the package (package.json exports "./schema/topology.json"). */
export const TOPOLOGY_SCHEMA_FILE = 'schema/topology.schema.json';

/**
 * The JSON Schema of the topology file, generated from the zod schema so the two cannot drift. It
 * describes what a user may write (zod's input side: fields with defaults are optional), which is
 * what an editor needs for completion.
 */
export function topologyJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(Topology, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'sfbports topology',
    ...rest,
  };
}

/** The file's exact text: stable key order, two-space indent, final newline. */
export function topologyJsonSchemaText(): string {
  return `${JSON.stringify(topologyJsonSchema(), null, 2)}\n`;
}
