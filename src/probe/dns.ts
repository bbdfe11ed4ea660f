import { Resolver } from 'node:dns/promises';
import type { CheckResult, PortState } from './types.js';

/**
 * The DNS records Skype for Business clients and federation partners look up (the vendor's "DNS
 * requirements for Skype for Business Server 2015" and Edge DNS pages), checked for each SIP domain.
 * A missing record is reported, not failed on: which ones a deployment needs depends on its clients
 * (legacy SRV records) and its Edge (federation, XMPP).
 */
export interface DiscoveryRecord {
  readonly label: string;
  readonly type: 'A' | 'SRV';
  /** The port the vendor's DNS page gives the SRV record. */
  readonly port?: number;
  readonly purpose: string;
}

export const DISCOVERY_RECORDS: readonly DiscoveryRecord[] = [
  { label: 'lyncdiscoverinternal', type: 'A', purpose: 'internal Autodiscover (mobility)' },
  { label: 'lyncdiscover', type: 'A', purpose: 'external Autodiscover, through the reverse proxy' },
  { label: '_sipinternaltls._tcp', type: 'SRV', port: 5061, purpose: 'internal automatic sign-in' },
  { label: '_sip._tls', type: 'SRV', port: 443, purpose: 'external sign-in through the Access Edge' },
  { label: '_sipfederationtls._tcp', type: 'SRV', port: 5061, purpose: 'federation and public IM' },
  { label: '_xmpp-server._tcp', type: 'SRV', port: 5269, purpose: 'XMPP federation' },
  { label: 'sip', type: 'A', purpose: 'legacy fallback sign-in' },
  { label: 'sipinternal', type: 'A', purpose: 'legacy fallback, internal' },
  { label: 'sipexternal', type: 'A', purpose: 'legacy fallback, external' },
];

export interface DnsCheckOptions {
  /** "192.0.2.53", "127.0.0.1:5353" or "[::1]:5353"; the system resolvers when missing. */
  readonly server?: string;
  readonly timeoutMs: number;
}

function stateOf(code: string | undefined): { state: PortState; summary: string } {
  if (code === 'ENOTFOUND') return { state: 'closed', summary: 'no such name (NXDOMAIN)' };
  if (code === 'ENODATA') return { state: 'closed', summary: 'the name has no record of this type' };
  if (code === 'EREFUSED')
    return { state: 'closed', summary: 'the DNS server refused to answer for this name' };
  if (code === 'ESERVFAIL') return { state: 'closed', summary: 'the DNS server failed to answer (SERVFAIL)' };
  if (code === 'ETIMEOUT' || code === 'ECONNREFUSED')
    return { state: 'filtered', summary: 'the DNS server did not answer' };
  return { state: 'filtered', summary: `lookup failed (${code ?? 'unknown error'})` };
}

async function lookUp(resolver: Resolver, name: string, record: DiscoveryRecord): Promise<string[]> {
  if (record.type === 'SRV') {
    const answers = await resolver.resolveSrv(name);
    return answers.map((a) => {
      const text = `${a.priority} ${a.weight} ${a.port} ${a.name}`;
      return record.port !== undefined && a.port !== record.port
        ? `${text} (the vendor gives port ${record.port})`
        : text;
    });
  }
  try {
    return await resolver.resolve4(name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENODATA') throw err;
    return await resolver.resolve6(name);
  }
}

function serverPort(server: string | undefined): number {
  const m = server ? /:(\d+)$/.exec(server) : null;
  return m && (server!.startsWith('[') || server!.split(':').length === 2) ? Number(m[1]) : 53;
}

/** One result per record and domain; `host` is the record's name, `port` the DNS server's port. */
export async function checkDiscoveryRecords(
  domains: readonly string[],
  options: DnsCheckOptions,
): Promise<CheckResult[]> {
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: 2 });
  if (options.server) resolver.setServers([options.server]);
  const port = serverPort(options.server);
  const jobs = domains.flatMap((domain) =>
    DISCOVERY_RECORDS.map(async (record): Promise<CheckResult> => {
      const name = `${record.label}.${domain}`;
      const started = performance.now();
      let state: PortState;
      let summary: string;
      let rtt: number | null = null;
      try {
        const answers = await lookUp(resolver, name, record);
        rtt = performance.now() - started;
        state = 'open';
        summary = `${record.type} ${answers.join(', ')}`;
      } catch (err) {
        const s = stateOf((err as NodeJS.ErrnoException).code);
        state = s.state;
        summary = s.summary;
        if (state === 'closed') rtt = performance.now() - started;
      }
      return {
        host: name,
        port,
        transport: 'udp',
        state,
        probe: 'dns',
        rtt_ms: rtt === null ? null : Math.round(rtt * 1000) / 1000,
        required: false,
        attempts: 1,
        detail: { summary: `${summary} — ${record.purpose}` },
      };
    }),
  );
  try {
    return await Promise.all(jobs);
  } finally {
    resolver.cancel();
  }
}
