import { pageSource } from '../catalog/cite.js';
import { closest } from '../diag/diagnostic.js';
import type { Finding } from './crossref.js';
import { type DataPath, formatPath } from './locate.js';
import type { Pool, Topology } from './schema.js';

/**
 * Checks for the version 2 integration settings: Exchange servers (their pools, OWA IM registrar and
 * the Unified Messaging rule of Exchange 2019), trusted applications and E9-1-1 gateways.
 */
export function checkIntegration(topology: Topology, findings: Finding[]): void {
  const pools = new Map<string, Pool>();
  for (const site of topology.sites) for (const p of site.pools) pools.set(p.fqdn.toLowerCase(), p);

  const expectPool = (
    fqdn: string,
    path: DataPath,
    field: string,
    accepts: (p: Pool) => boolean,
    wanted: string,
  ) => {
    const pool = pools.get(fqdn.toLowerCase());
    if (!pool) {
      const candidates = [...pools.values()].filter(accepts).map((p) => p.fqdn);
      const near = closest(fqdn, candidates);
      findings.push({
        code: 'unknown-reference',
        severity: 'error',
        message: `${formatPath(path)}: ${field} ${fqdn} names no ${wanted} in this topology`,
        path,
        hint: near
          ? `did you mean ${near}?`
          : candidates.length > 0
            ? `known: ${candidates.join(', ')}`
            : 'declare it under sites[].pools',
      });
    } else if (!accepts(pool)) {
      findings.push({
        code: 'wrong-reference-role',
        severity: 'error',
        message: `${formatPath(path)}: ${field} ${fqdn} is a ${pool.role} pool, but must be a ${wanted}`,
        path,
      });
    }
  };
  const frontEnd = (p: Pool) => p.role === 'front-end';

  topology.sites.forEach((site, s) => {
    site.exchangeServers.forEach((x, e) => {
      const at = (...rest: PropertyKey[]): DataPath => ['sites', s, 'exchangeServers', e, ...rest];
      x.pools?.forEach((p, i) => {
        expectPool(p, at('pools', i), 'pools', frontEnd, 'front-end pool');
      });
      if (x.owaIm)
        expectPool(x.owaIm.registrar, at('owaIm', 'registrar'), 'registrar', frontEnd, 'front-end pool');
    });
  });

  (topology.trustedApplications ?? []).forEach((app, a) => {
    const at = (...rest: PropertyKey[]): DataPath => ['trustedApplications', a, ...rest];
    // A Director runs the Registrar too, and the seed gives it a static route to an RCC line server.
    if (app.kind === 'rcc') {
      expectPool(
        app.registrar,
        at('registrar'),
        'registrar',
        (p) => p.role === 'front-end' || p.role === 'director',
        'front-end or director pool',
      );
    } else {
      expectPool(app.registrar, at('registrar'), 'registrar', frontEnd, 'front-end pool');
    }
    if ((app.ip === undefined) === (app.servers === undefined)) {
      findings.push({
        code: 'trusted-application-hosts',
        severity: 'error',
        message: `${formatPath(at())}: ${app.fqdn} needs either ip (one server) or servers (a pool of servers), not ${app.ip === undefined ? 'neither' : 'both'}`,
        path: at(),
        hint: 'write ip: for a one-server trusted application pool, servers: [{ fqdn, ip }] for several',
      });
    }
  });

  (topology.e911Gateways ?? []).forEach((g, i) => {
    g.mediation?.forEach((m, j) => {
      expectPool(
        m,
        ['e911Gateways', i, 'mediation', j],
        'mediation',
        (p) => p.role === 'mediation' || (p.role === 'front-end' && p.collocatedMediation),
        'mediation pool or front-end pool with collocatedMediation',
      );
    });
  });

  checkUnifiedMessaging(topology, findings);
}

/**
 * Exchange 2019 has no Unified Messaging. A pool with exchange-um whose Exchange servers (those that
 * name it in pools, or when none does, those that name no pool) all run Exchange 2019 is rejected.
 */
function checkUnifiedMessaging(topology: Topology, findings: Finding[]): void {
  const servers = topology.sites.flatMap((site) => site.exchangeServers);
  const named = new Set(servers.flatMap((x) => (x.pools ?? []).map((p) => p.toLowerCase())));
  topology.sites.forEach((site, s) => {
    site.pools.forEach((pool, p) => {
      const i = pool.features.indexOf('exchange-um');
      if (i < 0) return;
      const key = pool.fqdn.toLowerCase();
      const partners = named.has(key)
        ? servers.filter((x) => (x.pools ?? []).some((q) => q.toLowerCase() === key))
        : servers.filter((x) => x.pools === undefined);
      if (partners.length === 0 || !partners.every((x) => x.version === 2019)) return;
      const path: DataPath = ['sites', s, 'pools', p, 'features', i];
      findings.push({
        code: 'exchange-um-not-in-exchange',
        severity: 'error',
        message: `${formatPath(path)}: exchange-um needs Exchange Unified Messaging, but ${partners.map((x) => x.fqdn).join(', ')} ${partners.length === 1 ? 'runs' : 'run'} Exchange 2019, which has none`,
        path,
        hint: `voice mail with Exchange 2019 is Cloud Voicemail (hybrid): remove exchange-um, or integrate the pool with an Exchange 2013 or 2016 server (${pageSource('exchangeUm')})`,
      });
    });
  });
}
