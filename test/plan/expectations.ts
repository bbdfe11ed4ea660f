/**
 * Flows each example must and must not have, written by hand from the vendor's pages, never generated
 * from the code: a change here is a reviewed change with its reason in the commit. Each line names the
 * page and table that justify it. `ports` is a subset that must (or must not) be opened; `any` means any
 * port of the transport.
 */

export interface FlowExpectation {
  readonly from: string;
  readonly to: string;
  readonly transport: 'tcp' | 'udp';
  readonly ports: string;
  readonly source: string;
}

export interface ExampleExpectations {
  readonly mustHave: readonly FlowExpectation[];
  readonly mustNotHave: readonly FlowExpectation[];
}

const EDGE_INTERNAL_TABLE =
  'Edge Server environmental requirements in Skype for Business Server, "Internal port firewall summary table"';

/** What an internal client needs of an Edge, and what the Edge must never open toward the inside. */
function edgeExpectations(internalMediaSources: readonly string[]): ExampleExpectations {
  return {
    mustHave: internalMediaSources.flatMap((from) => [
      {
        from,
        to: 'edge-internal',
        transport: 'udp',
        ports: '3478',
        source: `${EDGE_INTERNAL_TABLE}: STUN/MSTURN UDP 3478, source Any`,
      },
      {
        from,
        to: 'edge-internal',
        transport: 'tcp',
        ports: '443',
        source: `${EDGE_INTERNAL_TABLE}: STUN/MSTURN TCP 443, source Any`,
      },
    ]),
    // No row of the internal tables has the Edge internal interface open a connection to a client, a
    // phone or a media port of a Front End or Mediation Server: relayed media returns on the session the
    // internal host opened to 3478/443.
    mustNotHave: (['client', 'phone', 'front-end', 'mediation'] as const).flatMap((to) =>
      (['tcp', 'udp'] as const).map((transport) => ({
        from: 'edge-internal',
        to,
        transport,
        ports: to === 'client' || to === 'phone' ? 'any' : '49152-65535',
        source: `${EDGE_INTERNAL_TABLE}: no row with the Edge internal interface as the source of media`,
      })),
    ),
  };
}

export const EXPECTATIONS: Readonly<Record<string, ExampleExpectations>> = {
  enterprise: edgeExpectations(['client', 'front-end']),
  'multi-site': edgeExpectations(['client', 'front-end']),
  'hardware-load-balanced': edgeExpectations(['client', 'front-end']),
  'standard-edition': { mustHave: [], mustNotHave: [] },
};
