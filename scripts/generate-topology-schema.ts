// Regenerates schema/topology.schema.json from the zod schema (test/topology/json-schema.test.ts
// fails while the committed file is stale). Run: npx tsx scripts/generate-topology-schema.ts
import { writeFileSync } from 'node:fs';
import { TOPOLOGY_SCHEMA_FILE, topologyJsonSchemaText } from '../src/topology/json-schema.js';

writeFileSync(TOPOLOGY_SCHEMA_FILE, topologyJsonSchemaText());
process.stdout.write(`wrote ${TOPOLOGY_SCHEMA_FILE}\n`);
