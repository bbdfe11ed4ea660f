import { describe, expect, it } from 'vitest';
import { toTable } from '../../src/probe/report.js';
import type { CheckResult } from '../../src/probe/types.js';

const result = (over: Partial<CheckResult>): CheckResult => ({
  host: '192.0.2.11',
  port: 5061,
  transport: 'tcp',
  state: 'open',
  probe: 'tls',
  rtt_ms: 1.5,
  required: true,
  attempts: 1,
  detail: {},
  ...over,
});

describe('the check table', () => {
  it('wraps long details so every line fits in 100 columns, and keeps every word', () => {
    const summary =
      'TLSv1.3, certificate O=Contoso, CN=pool01.contoso.com does NOT name 192.0.2.11, valid to Nov 27 2026, untrusted chain presented by the server';
    const text = toTable(
      [
        result({ detail: { summary, tokenVerified: true } }),
        result({
          port: 3478,
          transport: 'udp',
          state: 'open|filtered',
          probe: 'stun',
          rtt_ms: null,
          flow: 'f-0123456789ab',
        }),
      ],
      [],
    );
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    const cells = text.replace(/[│┌┐└┘├┤┬┴┼─\s]+/g, ' ');
    for (const word of `${summary} [token ok]`.split(' ')) expect(cells).toContain(word);
    expect(text).toContain('open|filtered');
    expect(text).toContain('1 required target(s) not open');
  });
});
