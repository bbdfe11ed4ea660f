import { describe, expect, it } from 'vitest';
import { networkAnswerProblem } from '../../src/cli/commands/init.js';
import { validateTopology } from '../../src/topology/load.js';
import {
  DEFAULT_ANSWERS,
  renderAnswers,
  type StarterAnswers,
  starterNetworkProblem,
  topologyFromAnswers,
} from '../../src/topology/starter.js';

// Issue 11: init --interactive checks each network at its own question (so the user answers it
// again), and its reverse proxy publishes the Front End pool as well as the Director.

const answers: StarterAnswers = {
  ...DEFAULT_ANSWERS,
  frontEndServers: 12,
  director: true,
  voice: 'standalone',
  edge: 'public',
  edgeServers: 4,
  reverseProxy: true,
  features: [...DEFAULT_ANSWERS.features, 'office-web-apps'],
};

describe('init network questions', () => {
  it('says at the server network question that it is too small for the servers asked for', () => {
    // 12 Front End servers, their VIP, a Director pool of 2 and its VIP, a Mediation pool of 2, the
    // gateway, SQL Server, file share and Office Online Server: 22 hosts from 192.0.2.10.
    expect(starterNetworkProblem(answers, 'servers', '192.0.2.0/28')).toBe(
      '192.0.2.0/28 is too small: these answers number 22 hosts from 192.0.2.10 on; use a /26 or larger',
    );
    expect(starterNetworkProblem(answers, 'servers', '192.0.2.0/27')).toMatch(/use a \/26/);
    expect(starterNetworkProblem(answers, 'servers', '192.0.2.0/26')).toBeUndefined();
    // The default answers (3 Front End servers, VIP, SQL Server, file share) fit in a /27.
    expect(starterNetworkProblem(DEFAULT_ANSWERS, 'servers', '192.0.2.0/27')).toBeUndefined();
    // 4 Edge servers: 12 external addresses and the reverse proxy's.
    expect(starterNetworkProblem(answers, 'perimeterExternal', '203.0.113.0/29')).toBe(
      '203.0.113.0/29 is too small: these answers number 13 hosts from 203.0.113.1 on; use a /28 or larger',
    );
    expect(starterNetworkProblem(answers, 'perimeterExternal', '203.0.113.0/28')).toBeUndefined();
    expect(starterNetworkProblem(answers, 'branch', '198.51.100.128/31')).toMatch(/too small/);
  });

  it('rejects a network that is no IPv4 CIDR, has host bits, overlaps an earlier answer, or is too small', () => {
    const taken = [{ label: 'server network', cidr: '192.0.2.0/26' }];
    const fine = () => undefined;
    expect(networkAnswerProblem('192.0.2.0', taken, fine)).toMatch(/CIDR notation/);
    expect(networkAnswerProblem('2001:db8::/64', taken, fine)).toMatch(/IPv4 network/);
    expect(networkAnswerProblem('198.51.100.5/24', taken, fine)).toBe(
      '198.51.100.5/24 has host bits set: write 198.51.100.0/24',
    );
    expect(networkAnswerProblem(' 192.0.2.0/28 ', taken, fine)).toBe(
      '192.0.2.0/28 overlaps the server network (192.0.2.0/26); give each network addresses of its own',
    );
    expect(networkAnswerProblem('192.0.0.0/16', taken, fine)).toMatch(/overlaps the server network/);
    expect(networkAnswerProblem('198.51.100.0/24', taken, () => 'too small')).toBe('too small');
    expect(networkAnswerProblem('198.51.100.0/24', taken, fine)).toBeUndefined();
  });

  it('writes a reverse proxy that publishes the Director and the Front End pool', () => {
    const site = topologyFromAnswers(answers).sites[0]!;
    expect(site.reverseProxies?.[0]?.publishes).toEqual([
      'dirpool.contoso.com',
      'pool01.contoso.com',
      'oos01.contoso.com',
    ]);
    const result = validateTopology(
      renderAnswers({ ...answers, networks: { ...answers.networks, servers: '192.0.2.0/26' } }, 'x'),
      'init.yaml',
    );
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
