import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { Topology } from '../src/topology/schema.ts';
import { seedServerPorts } from '../src/catalog/data/seed-server-ports.ts';
import { plan } from '../src/plan/plan.ts';
const t = Topology.parse(parse(readFileSync(process.argv[2] ?? '/work/main/examples/enterprise.yaml', 'utf8')));
const p = plan(t, { entries: seedServerPorts, ipsecExceptions: [], findings: [] });
for (const f of p.flows) console.log(f.id, `${f.boundary.from}->${f.boundary.to}`, f.source.role, f.source.names.join(' '), '=>', f.destination.role, f.destination.names.join(' '), f.transport, f.ports.map(r=>r.join('-')).join(','), f.protocol, f.requirements.join(' '), f.optional?'opt':'');
console.log(p.flows.length, p.notPlanned);
