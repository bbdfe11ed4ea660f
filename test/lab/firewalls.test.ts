import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/probe/types.js';
import { waitReady } from '../probe/netns.js';
import { cliProcessCommand, runCli } from '../support/cli.js';
import { skipUnless } from '../support/requirements.js';
import { ADDR, createFirewallLab, type FirewallLab, type LabNode } from './lab.js';

/**
 * Issue 12: the rule sets of `emit nftables|iptables --firewall NAME` loaded on the two firewalls of a
 * namespace lab (see lab.ts), on top of an administrator's rules, and probed with `check` against
 * `listen` responders. Run with `npx vitest run test/lab` (root, nft, iptables-nft, ipset, openssl).
 */

const TOPOLOGY = 'test/lab/fixtures/lab.yaml';
const TOKEN = `lab-${process.pid}`;
const FIREWALLS = [
  { name: 'external', node: 'fwext' },
  { name: 'internal', node: 'fwint' },
] as const;
/** Ports no flow needs; decoy listeners open them so that "filtered" can only mean a firewall. */
const DECOY_TCP = [22, 1433, 5060, 8081];
const DECOY_UDP = [1434, 3479];
/** Every process the lab starts stops by itself after this, whatever happens to the test run. */
const LISTEN_SECONDS = '150';

interface CheckRun {
  readonly status: number;
  readonly results: CheckResult[];
  readonly stderr: string;
}

function target(r: CheckResult): string {
  return `${r.host}:${r.port}/${r.transport}`;
}

function describeResult(r: CheckResult): string {
  return `${target(r)} ${r.probe} ${r.state} token=${r.detail.tokenVerified} ${r.detail.summary}`;
}

/** `check … --format json` in a namespace, bounded in time. */
async function check(lab: FirewallLab, node: LabNode, args: readonly string[]): Promise<CheckRun> {
  // The lab proves what the firewalls let through, not how fast a loaded machine answers: a TLS or SIP
  // exchange with the responder gets 10 s (CI saw a TLS handshake miss the 2 s default at load 6).
  const [cmd, argv] = cliProcessCommand([
    'check',
    ...args,
    '--token',
    TOKEN,
    '--exchange-timeout',
    '10000',
    '--format',
    'json',
  ]);
  const r = await lab.execAsync(node, cmd, argv, 45_000);
  let results: CheckResult[] = [];
  try {
    results = (JSON.parse(r.stdout) as { results: CheckResult[] }).results;
  } catch {
    throw new Error(`check ${args.join(' ')} from ${node} printed no JSON (${r.status}): ${r.stderr}`);
  }
  return { status: r.status, results, stderr: r.stderr };
}

/** check from a topology: every required target open and answered by our responder. */
function fromTopology(lab: FirewallLab, node: LabNode, from: string): Promise<CheckRun> {
  return check(lab, node, [TOPOLOGY, '--from', from, '--timeout', '2000']);
}

/** check ad hoc targets that must not be reachable: short timeout, one retry. */
function adHoc(lab: FirewallLab, node: LabNode, targets: readonly string[]): Promise<CheckRun> {
  return check(lab, node, [...targets, '--timeout', '400']);
}

function expectAllRequiredOpen(run: CheckRun, mustInclude: readonly string[]): void {
  const required = run.results.filter((r) => r.required);
  expect(
    required.filter((r) => r.state !== 'open' || r.detail.tokenVerified !== true).map(describeResult),
  ).toEqual([]);
  expect(required.map(target)).toEqual(expect.arrayContaining([...mustInclude]));
  expect(run.status).toBe(0);
}

function expectFiltered(run: CheckRun, expected: readonly string[]): void {
  const states = run.results.map((r) => `${target(r)} ${r.state}`);
  expect(states.sort()).toEqual(
    expected.map((t) => `${t} ${t.endsWith('/udp') ? 'open|filtered' : 'filtered'}`).sort(),
  );
  expect(run.status).toBe(1);
}

/**
 * At most `n` of the given tasks at once. `listen` waits 250 ms for a client's first bytes before it
 * answers with its banner instead of TLS; ten Node processes starting at once on a small machine can
 * miss that window, so the probes take turns.
 */
function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    while (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

const tcp = (host: string, ports: readonly number[]) => ports.map((p) => `${host}:${p}/tcp`);
const udp = (host: string, ports: readonly number[]) => ports.map((p) => `${host}:${p}/udp`);
/** Ad hoc target specs, one per host and transport. */
const spec = (host: string, ports: readonly number[], transport: 'tcp' | 'udp') =>
  `${host}:${ports.join(',')}/${transport}`;

/** The administrator's rules that were on each firewall before sfbports. */
const ADMIN_NFT = `table inet admin {
\tchain forward {
\t\ttype filter hook forward priority filter; policy accept;
\t\tip saddr ${ADDR.management} tcp dport 22 accept
\t}
}
`;
const ADMIN_IPTABLES = [
  ['-P', 'FORWARD', 'DROP'],
  ['-A', 'FORWARD', '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT'],
  ['-A', 'FORWARD', '-s', ADDR.management, '-p', 'tcp', '--dport', '22', '-j', 'ACCEPT'],
];

/** What a platform needs to load, reload, count and roll back a firewall's rule set. */
interface Platform {
  readonly name: 'nftables' | 'iptables';
  installAdmin(lab: FirewallLab, node: LabNode, file: string): void;
  /** The firewall's whole rule state, as text: compared before and after a roll back. */
  snapshot(lab: FirewallLab, node: LabNode): string;
  ruleCount(lab: FirewallLab, node: LabNode): number;
  emitAndLoad(lab: FirewallLab, node: LabNode, firewall: string, dir: string): Promise<void>;
  reload(lab: FirewallLab, node: LabNode, firewall: string, dir: string): void;
  remove(lab: FirewallLab, node: LabNode, firewall: string, dir: string): void;
}

const nftables: Platform = {
  name: 'nftables',
  installAdmin(lab, node, file) {
    writeFileSync(file, ADMIN_NFT);
    lab.exec(node, 'nft', ['-f', file]);
  },
  snapshot: (lab, node) => lab.exec(node, 'nft', ['list', 'ruleset']),
  ruleCount(lab, node) {
    const listed = JSON.parse(lab.exec(node, 'nft', ['-j', 'list', 'ruleset'])) as {
      nftables: Array<Record<string, unknown>>;
    };
    return listed.nftables.filter((o) => 'rule' in o).length;
  },
  async emitAndLoad(lab, node, firewall, dir) {
    const emitted = await runCli(['emit', 'nftables', TOPOLOGY, '--firewall', firewall]);
    expect(emitted.code, emitted.stderr).toBe(0);
    writeFileSync(join(dir, `${firewall}.nft`), emitted.stdout);
    lab.exec(node, 'nft', ['-c', '-f', join(dir, `${firewall}.nft`)]);
    lab.exec(node, 'nft', ['-f', join(dir, `${firewall}.nft`)]);
  },
  reload: (lab, node, firewall, dir) => void lab.exec(node, 'nft', ['-f', join(dir, `${firewall}.nft`)]),
  // The roll back the file's header names.
  remove: (lab, node, firewall) =>
    void lab.exec(node, 'nft', ['delete', 'table', 'inet', `sfbports_${firewall}`]),
};

const iptables: Platform = {
  name: 'iptables',
  installAdmin(lab, node) {
    for (const rule of ADMIN_IPTABLES) lab.exec(node, 'iptables', ['-w', ...rule]);
  },
  snapshot: (lab, node) =>
    ['iptables', 'ip6tables'].map((t) => lab.exec(node, t, ['-S'])).join('') +
    lab.exec(node, 'ipset', ['list', '-n']),
  ruleCount: (lab, node) => iptables.snapshot(lab, node).split('\n').filter(Boolean).length,
  async emitAndLoad(lab, node, firewall, dir) {
    const file = join(dir, `${firewall}.rules`);
    const emitted = await runCli(['emit', 'iptables', TOPOLOGY, '--firewall', firewall, '-o', file]);
    expect(emitted.code, emitted.stderr).toBe(0);
    lab.exec(node, 'sh', [`${file}.sh`, 'check']);
    lab.exec(node, 'sh', [`${file}.sh`, 'apply']);
  },
  reload: (lab, node, firewall, dir) =>
    void lab.exec(node, 'sh', [join(dir, `${firewall}.rules.sh`), 'apply']),
  remove: (lab, node, firewall, dir) =>
    void lab.exec(node, 'sh', [join(dir, `${firewall}.rules.sh`), 'remove']),
};

describe.skipIf(
  skipUnless({ netns: true, commands: ['nft', 'iptables-restore', 'ipset', 'openssl'] }, 'firewall lab'),
)('the firewall lab: two firewalls, an Edge, a reverse proxy, a Front End', () => {
  let lab: FirewallLab;
  let dir = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sfbports-lab-'));
    lab = createFirewallLab();
    const listen = (node: LabNode, args: readonly string[]) => {
      const [cmd, argv] = cliProcessCommand([
        'listen',
        ...args,
        '--token',
        TOKEN,
        '--duration',
        LISTEN_SECONDS,
        '--format',
        'json',
      ]);
      return waitReady(lab.spawn(node, cmd, argv));
    };
    const decoy = (node: LabNode, address: string, withUdp: boolean) =>
      listen(node, [
        '--bind',
        address,
        '--ports',
        ...DECOY_TCP.map(String),
        ...(withUdp ? DECOY_UDP.map((p) => `${p}/udp`) : []),
      ]);
    const ready = await Promise.all([
      listen('srv', [TOPOLOGY, '--as', 'fe01.lab.test']),
      listen('rp', [TOPOLOGY, '--as', 'rp01.lab.test']),
      // `listen --as` binds one address; an Edge server has four, so one responder per role.
      listen('edge', [TOPOLOGY, '--role', 'edge-internal', '--bind', ADDR.edgeInternal]),
      listen('edge', [TOPOLOGY, '--role', 'edge-external-access', '--bind', ADDR.edgeAccess]),
      listen('edge', [TOPOLOGY, '--role', 'edge-external-webconf', '--bind', ADDR.edgeWebConf]),
      listen('edge', [TOPOLOGY, '--role', 'edge-external-av', '--bind', ADDR.edgeAv]),
      // Decoys, and the SSH stand-ins (port 22) on the Front End and the Edge's internal address.
      decoy('srv', ADDR.frontEnd, true),
      decoy('edge', ADDR.edgeInternal, false),
      decoy('edge', ADDR.edgeAv, true),
    ]);
    expect(ready.every((r) => r.token === TOKEN)).toBe(true);
  });

  afterAll(() => {
    lab?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the decoys answer from their own network: only a firewall can filter them', async () => {
    const [edge, srv] = await Promise.all([
      check(lab, 'edge', [
        spec(ADDR.edgeInternal, DECOY_TCP, 'tcp'),
        spec(ADDR.edgeAv, DECOY_TCP, 'tcp'),
        spec(ADDR.edgeAv, DECOY_UDP, 'udp'),
      ]),
      check(lab, 'srv', [spec(ADDR.frontEnd, DECOY_TCP, 'tcp'), spec(ADDR.frontEnd, DECOY_UDP, 'udp')]),
    ]);
    for (const run of [edge, srv]) {
      expect(
        run.results.filter((r) => r.state !== 'open' || r.detail.tokenVerified !== true).map(describeResult),
      ).toEqual([]);
      expect(run.status).toBe(0);
    }
  });

  describe.each([nftables, iptables])('$name rule sets on both firewalls', (platform) => {
    const admin = new Map<LabNode, string>();
    const loaded = new Map<LabNode, number>();
    let runs: Record<string, Promise<CheckRun>> = {};

    beforeAll(async () => {
      for (const fw of FIREWALLS) {
        platform.installAdmin(lab, fw.node, join(dir, `admin-${fw.node}.nft`));
        admin.set(fw.node, platform.snapshot(lab, fw.node));
      }
      for (const fw of FIREWALLS) {
        await platform.emitAndLoad(lab, fw.node, fw.name, dir);
        loaded.set(fw.node, platform.ruleCount(lab, fw.node));
      }
      // Two probes at a time (each is bounded); the tests below read their results.
      const turn = limiter(2);
      runs = {
        internet: turn(() => fromTopology(lab, 'internet', 'internet')),
        clients: turn(() => fromTopology(lab, 'cli', 'clients')),
        frontEnd: turn(() => fromTopology(lab, 'srv', 'fe01.lab.test')),
        edge: turn(() => fromTopology(lab, 'edge', 'edge01.lab.test')),
        rp: turn(() => fromTopology(lab, 'rp', 'rp01.lab.test')),
        internetDenied: turn(() =>
          adHoc(lab, 'internet', [
            spec(ADDR.edgeAv, DECOY_TCP, 'tcp'),
            spec(ADDR.edgeAv, DECOY_UDP, 'udp'),
            spec(ADDR.edgeAccess, [22, 4443, 5062], 'tcp'),
          ]),
        ),
        clientsDenied: turn(() =>
          adHoc(lab, 'cli', [spec(ADDR.edgeInternal, [...DECOY_TCP, 4443, 5061, 5062, 8057], 'tcp')]),
        ),
        edgeDenied: turn(() =>
          adHoc(lab, 'edge', [
            spec(ADDR.frontEnd, [...DECOY_TCP, 443, 4443, 8080], 'tcp'),
            spec(ADDR.frontEnd, DECOY_UDP, 'udp'),
          ]),
        ),
        rpDenied: turn(() => adHoc(lab, 'rp', [spec(ADDR.frontEnd, [22, 443, 5061], 'tcp')])),
        mgmtSsh: turn(() =>
          check(lab, 'mgmt', [`${ADDR.edgeInternal}:22/tcp`, `${ADDR.frontEnd}:22/tcp`, '--timeout', '2000']),
        ),
      };
      // Settle them all before the tests, so a failure in one never leaves another running.
      await Promise.allSettled(Object.values(runs));
    }, 90_000);

    afterAll(() => {
      for (const fw of FIREWALLS) {
        try {
          lab.exec(fw.node, 'nft', ['flush', 'ruleset']);
          lab.exec(fw.node, 'ipset', ['destroy']);
        } catch {
          // the lab is gone, or there was nothing to remove
        }
      }
    });

    it("each firewall holds its own rule set beside the administrator's", () => {
      for (const fw of FIREWALLS) {
        const now = platform.snapshot(lab, fw.node);
        if (platform.name === 'nftables') {
          expect(now).toContain('table inet admin');
          expect(now).toContain(`table inet sfbports_${fw.name}`);
        } else {
          expect(now).toContain('-P FORWARD DROP');
          expect(now).toContain(`-A FORWARD -s ${ADDR.management}/32 -p tcp -m tcp --dport 22 -j ACCEPT`);
          expect(now).toContain(`-A FORWARD -j sfbp-${fw.name}`);
        }
        expect(now).toContain('management: SSH from the management host');
      }
    });

    it('from the internet: the Access, Web Conferencing and A/V Edge and the reverse proxy answer', async () => {
      expectAllRequiredOpen(await runs.internet!, [
        `${ADDR.edgeAccess}:443/tcp`,
        `${ADDR.edgeAccess}:5061/tcp`,
        `${ADDR.edgeWebConf}:443/tcp`,
        `${ADDR.edgeAv}:443/tcp`,
        `${ADDR.edgeAv}:3478/udp`,
        `${ADDR.rpExternal}:443/tcp`,
      ]);
    });

    it("from the clients: the Front End, and the Edge's internal A/V ports through the internal firewall", async () => {
      expectAllRequiredOpen(await runs.clients!, [
        `${ADDR.frontEnd}:443/tcp`,
        `${ADDR.frontEnd}:5061/tcp`,
        `${ADDR.edgeInternal}:443/tcp`,
        `${ADDR.edgeInternal}:3478/udp`,
      ]);
    });

    it('SIP both ways between the Front End and the Edge, and the reverse proxy to the pool', async () => {
      expectAllRequiredOpen(await runs.frontEnd!, [
        `${ADDR.edgeInternal}:5061/tcp`,
        `${ADDR.edgeInternal}:5062/tcp`,
        `${ADDR.edgeInternal}:443/tcp`,
        `${ADDR.edgeInternal}:4443/tcp`,
        `${ADDR.edgeInternal}:8057/tcp`,
        `${ADDR.edgeInternal}:3478/udp`,
      ]);
      expectAllRequiredOpen(await runs.edge!, [`${ADDR.frontEnd}:5061/tcp`]);
      expectAllRequiredOpen(await runs.rp!, [`${ADDR.frontEnd}:4443/tcp`, `${ADDR.frontEnd}:8080/tcp`]);
    });

    it('what no flow needs is filtered, though a listener is behind it', async () => {
      expectFiltered(await runs.internetDenied!, [
        ...tcp(ADDR.edgeAv, DECOY_TCP),
        ...udp(ADDR.edgeAv, DECOY_UDP),
        ...tcp(ADDR.edgeAccess, [22, 4443, 5062]),
      ]);
      // The Edge's server-facing ports are open to the Front End only, not to the clients beside it.
      expectFiltered(
        await runs.clientsDenied!,
        tcp(ADDR.edgeInternal, [...DECOY_TCP, 4443, 5061, 5062, 8057]),
      );
      // From the perimeter, each host reaches the pool on its own flows' ports only.
      expectFiltered(await runs.edgeDenied!, [
        ...tcp(ADDR.frontEnd, [...DECOY_TCP, 443, 4443, 8080]),
        ...udp(ADDR.frontEnd, DECOY_UDP),
      ]);
      expectFiltered(await runs.rpDenied!, tcp(ADDR.frontEnd, [22, 443, 5061]));
    });

    it('SSH from the management host still reaches the Edge through the internal firewall', async () => {
      const run = await runs.mgmtSsh!;
      expect(run.results.map((r) => `${target(r)} ${r.state} ${r.detail.tokenVerified}`)).toEqual([
        `${ADDR.edgeInternal}:22/tcp open true`,
        // Same LAN segment: no firewall on this path, so this only shows the stand-in answers.
        `${ADDR.frontEnd}:22/tcp open true`,
      ]);
      // ...while SSH from a client (clientsDenied), the internet (internetDenied) and the Edge
      // (edgeDenied) to the same stand-ins is filtered above.
    });

    it('loading again changes no rule count; removing restores the administrator rules exactly', async () => {
      for (const fw of FIREWALLS) {
        platform.reload(lab, fw.node, fw.name, dir);
        expect(platform.ruleCount(lab, fw.node), `${fw.name} after reload`).toBe(loaded.get(fw.node));
      }
      // The reloaded rule sets still carry the flows.
      expectAllRequiredOpen(await fromTopology(lab, 'edge', 'edge01.lab.test'), [
        `${ADDR.frontEnd}:5061/tcp`,
      ]);
      for (const fw of FIREWALLS) {
        platform.remove(lab, fw.node, fw.name, dir);
        expect(platform.snapshot(lab, fw.node), `${fw.name} after remove`).toBe(admin.get(fw.node));
      }
    });
  });
});
