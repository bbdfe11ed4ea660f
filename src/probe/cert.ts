import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyAndCert {
  readonly key: Buffer;
  readonly cert: Buffer;
}

/**
 * A throwaway self-signed certificate for `listen`'s TLS ports. Node can sign nothing itself, so this
 * runs `openssl req -x509` (present wherever OpenSSL is) in a private temporary directory that is
 * removed before returning. Undefined when openssl is missing: TLS ports then answer in plain TCP.
 */
export function selfSignedCertificate(name: string): KeyAndCert | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'sfbports-cert-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    // A host name goes in a DNS SAN, an address in an IP SAN; anything else becomes a safe placeholder.
    const safe = /^[A-Za-z0-9.:-]{1,253}$/.test(name) ? name : 'sfbports-listen.invalid';
    const san = /^[\d.]+$/.test(safe) || safe.includes(':') ? `IP:${safe}` : `DNS:${safe}`;
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
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '2',
        '-subj',
        `/O=sfbports listen/CN=${safe.includes(':') ? 'sfbports-listen' : safe}`,
        '-addext',
        `subjectAltName=${san}`,
      ],
      { stdio: 'ignore', timeout: 15_000 },
    );
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
