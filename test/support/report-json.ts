/**
 * A `report --format json` document with each flow's endpoint ids replaced by the endpoints they name,
 * as the tests read flows (version 2 of the format lists each endpoint once, under `endpoints`).
 */
export interface ResolvedEndpoint {
  id: string;
  kind: string;
  role: string;
  zone: string;
  site?: string;
  pool?: string;
  names: string[];
  addresses: string[];
  publicAddresses?: string[];
}

export interface ResolvedFlow {
  id: string;
  boundary: { from: string; to: string; sameZone: boolean };
  source: ResolvedEndpoint;
  destination: ResolvedEndpoint;
  transport: string;
  ports: number[][];
  protocol: string;
  purpose: string;
  requirements: string[];
  optional: boolean;
}

export function resolvedFlows(text: string): ResolvedFlow[] {
  const doc = JSON.parse(text) as {
    endpoints: ResolvedEndpoint[];
    flows: Array<Omit<ResolvedFlow, 'source' | 'destination'> & { source: string; destination: string }>;
  };
  const byId = new Map(doc.endpoints.map((e) => [e.id, e]));
  const endpoint = (id: string) => {
    const e = byId.get(id);
    if (!e) throw new Error(`endpoint ${id} is named by a flow but not listed`);
    return e;
  };
  return doc.flows.map((f) => ({ ...f, source: endpoint(f.source), destination: endpoint(f.destination) }));
}
