import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDiscoveryRecords } from '../../src/probe/dns.js';
import { skipUnless } from '../support/requirements.js';
import { freePort, probeOnce, startPeer, waitOpen } from './support.js';

// Every probe against a real implementation of its protocol, all on 127.0.0.1.

describe.skipIf(skipUnless({ commands: ['turnserver'] }, 'STUN probe against coturn'))(
  'STUN against coturn',
  () => {
    let port = 0;
    let peer: ReturnType<typeof startPeer>;
    beforeAll(async () => {
      port = await freePort();
      peer = startPeer('turnserver', [
        '-n',
        '--no-auth',
        '--listening-ip',
        '127.0.0.1',
        '--listening-port',
        String(port),
        '--relay-ip',
        '127.0.0.1',
        '--no-tls',
        '--no-dtls',
        '--no-cli',
        '--log-file',
        'stdout',
        '--simple-log',
      ]);
      await waitOpen({ host: '127.0.0.1', port, transport: 'tcp', probe: 'tcp' });
    });
    afterAll(async () => peer?.stop());

    it('gets a Binding success over UDP, naming coturn', async () => {
      const o = await probeOnce({ host: '127.0.0.1', port, transport: 'udp', probe: 'stun' });
      expect(o.state).toBe('open');
      expect(o.detail.summary).toMatch(/^STUN success/);
      expect(o.detail.stun?.software).toMatch(/coturn/i);
    });

    it('gets a Binding success over TCP', async () => {
      const o = await probeOnce({ host: '127.0.0.1', port, transport: 'tcp', probe: 'stun' });
      expect(o.state).toBe('open');
      expect(o.detail.stun?.messageType).toBe('0x0101');
    });

    it('reports coturn as not our responder when a token is expected', async () => {
      const o = await probeOnce({ host: '127.0.0.1', port, transport: 'udp', probe: 'stun' }, 1500, 'tok');
      expect(o.detail.tokenVerified).toBe(false);
    });
  },
);

describe.skipIf(skipUnless({ commands: ['sipp'] }, 'SIP probe against SIPp'))(
  'SIP OPTIONS against SIPp',
  () => {
    let port = 0;
    let peer: ReturnType<typeof startPeer>;
    beforeAll(async () => {
      port = await freePort();
      // -aa: SIPp answers OPTIONS (and INFO, NOTIFY, UPDATE) with 200 OK on its own.
      peer = startPeer('sipp', [
        '-sn',
        'uas',
        '-aa',
        '-t',
        't1',
        '-i',
        '127.0.0.1',
        '-p',
        String(port),
        '-nostdin',
      ]);
      await waitOpen({ host: '127.0.0.1', port, transport: 'tcp', probe: 'tcp' });
    });
    afterAll(async () => peer?.stop());

    it('reads the 200 OK status line', async () => {
      const o = await probeOnce(
        { host: '127.0.0.1', port, transport: 'tcp', probe: 'sip', secure: false },
        3000,
      );
      expect(o.state).toBe('open');
      expect(o.detail.sip?.statusCode).toBe(200);
      expect(o.detail.summary).toMatch(/^SIP\/2\.0 200/);
    });
  },
);

describe.skipIf(skipUnless({ commands: ['openssl'] }, 'TLS probe against openssl s_server'))(
  'TLS against openssl s_server',
  () => {
    let port = 0;
    let dir = '';
    let peer: ReturnType<typeof startPeer>;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'sfbports-tls-'));
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-days',
          '30',
          '-keyout',
          join(dir, 'k.pem'),
          '-out',
          join(dir, 'c.pem'),
          '-subj',
          '/CN=pool01.contoso.test',
          '-addext',
          'subjectAltName=DNS:pool01.contoso.test,DNS:*.web.contoso.test',
        ],
        { stdio: 'ignore' },
      );
      port = await freePort();
      peer = startPeer('openssl', [
        's_server',
        '-quiet',
        '-accept',
        String(port),
        '-cert',
        join(dir, 'c.pem'),
        '-key',
        join(dir, 'k.pem'),
      ]);
      await waitOpen({ host: '127.0.0.1', port, transport: 'tcp', probe: 'tcp' });
    });
    afterAll(async () => {
      await peer?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('reports version, subject, SANs, expiry and chain; the name matches', async () => {
      const o = await probeOnce({
        host: '127.0.0.1',
        port,
        transport: 'tcp',
        probe: 'tls',
        serverName: 'pool01.contoso.test',
      });
      expect(o.state).toBe('open');
      const tls = o.detail.tls!;
      expect(tls.protocol).toMatch(/^TLSv1\.[23]$/);
      expect(tls.subject).toContain('CN=pool01.contoso.test');
      expect(tls.subjectAltNames).toEqual(['DNS:pool01.contoso.test', 'DNS:*.web.contoso.test']);
      expect(tls.nameMatches).toBe(true);
      expect(tls.expired).toBe(false);
      expect(tls.trusted).toBe(false);
      expect(tls.chain).toEqual([tls.subject]);
    });

    it('honours wildcard SANs and flags a certificate for another name', async () => {
      const wild = await probeOnce({
        host: '127.0.0.1',
        port,
        transport: 'tcp',
        probe: 'tls',
        serverName: 'meet.web.contoso.test',
      });
      expect(wild.detail.tls?.nameMatches).toBe(true);
      const other = await probeOnce({
        host: '127.0.0.1',
        port,
        transport: 'tcp',
        probe: 'tls',
        serverName: 'fe01.contoso.test',
      });
      expect(other.state).toBe('open');
      expect(other.detail.tls?.nameMatches).toBe(false);
      expect(other.detail.summary).toContain('does NOT name fe01.contoso.test');
    });
  },
);

describe.skipIf(skipUnless({ commands: ['dnsmasq'] }, 'DNS checks against dnsmasq'))(
  'discovery records against dnsmasq',
  () => {
    let port = 0;
    let peer: ReturnType<typeof startPeer>;
    beforeAll(async () => {
      port = await freePort();
      peer = startPeer('dnsmasq', [
        '--no-daemon',
        '--conf-file=/dev/null',
        `--port=${port}`,
        '--listen-address=127.0.0.1',
        '--bind-interfaces',
        '--no-resolv',
        '--no-hosts',
        '--pid-file=',
        '--srv-host=_sipinternaltls._tcp.contoso.test,pool01.contoso.test,5061',
        '--srv-host=_sip._tls.contoso.test,sip.contoso.test,5061',
        '--host-record=lyncdiscoverinternal.contoso.test,192.0.2.10',
        '--host-record=sip.contoso.test,203.0.113.11',
      ]);
      await waitOpen({ host: '127.0.0.1', port, transport: 'tcp', probe: 'tcp' });
    });
    afterAll(async () => peer?.stop());

    it('finds SRV and A records, flags an SRV port that differs from the vendor, reports missing ones', async () => {
      const results = await checkDiscoveryRecords(['contoso.test'], {
        server: `127.0.0.1:${port}`,
        timeoutMs: 2000,
      });
      const by = new Map(results.map((r) => [r.host, r]));
      expect(by.get('_sipinternaltls._tcp.contoso.test')).toMatchObject({ state: 'open', port });
      expect(by.get('_sipinternaltls._tcp.contoso.test')!.detail.summary).toContain(
        'SRV 0 0 5061 pool01.contoso.test',
      );
      expect(by.get('_sip._tls.contoso.test')!.detail.summary).toContain('the vendor gives port 443');
      expect(by.get('lyncdiscoverinternal.contoso.test')!.detail.summary).toContain('192.0.2.10');
      expect(by.get('sip.contoso.test')!.state).toBe('open');
      expect(by.get('lyncdiscover.contoso.test')!.state).toBe('closed');
      expect(results.every((r) => r.required === false && r.probe === 'dns')).toBe(true);
    });
  },
);
