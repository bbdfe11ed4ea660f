import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../src/topology/load.js';
import { skipUnless } from '../support/requirements.js';

// Drives `sfbports init --interactive` in a real terminal (a detached tmux session), the way a
// person answers the questions: wait for each question, then press keys.
const ROOT = resolve('.');
/** tmux key names; anything else is typed literally. */
const KEY_NAMES = new Set(['Enter', 'Up', 'Down', 'BSpace', 'Space']);

function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}

async function waitFor(session: string, text: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let screen = '';
  for (let i = 0; i < 400 && Date.now() < deadline; i++) {
    screen = tmux('capture-pane', '-p', '-t', session, '-S', '-200');
    if (screen.includes(text)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`"${text}" did not appear; the screen shows:\n${screen}`);
}

describe.skipIf(skipUnless({ commands: ['tmux'] }, 'init --interactive in a terminal'))(
  'sfbports init --interactive',
  () => {
    it('writes the topology the answers describe', async () => {
      const work = mkdtempSync(join(tmpdir(), 'sfbports-init-'));
      const session = `sfbports-init-${process.pid}`;
      const file = join(work, 'answered.yaml');
      const command = `${join(ROOT, 'node_modules/.bin/tsx')} ${join(ROOT, 'src/cli/main.ts')} init ${file} --interactive; echo "exit=$?" > ${join(work, 'status')}; sleep 5`;
      // Each step: wait for the question, then the keys that answer it.
      const steps: Array<[string, string[]]> = [
        ['Name of the deployment', ['Enter']],
        ['Product version', ['Up', 'Enter']], // sfb2019 -> sfb2015
        ['SIP domain', ['Enter']],
        ['Name of the central site', ['Enter']],
        ['Front End', ['Enter']], // Enterprise Edition pool
        ['How many Front End servers', ['BSpace', '2', 'Enter']],
        ['Load balancing', ['Enter']],
        ['What will users do?', ['Enter']],
        ['Add a Director pool?', ['Enter']], // No
        ['Enterprise Voice', ['Down', 'Down', 'Enter']], // stand-alone Mediation pool
        ['SIP transport to the PSTN gateway', ['Down', 'Enter']], // TCP
        ['Remote users and federation', ['Down', 'Enter']], // Edge with public addresses
        ['How many Edge servers?', ['Enter']],
        ['Federate with other organisations?', ['Enter']], // Yes
        ['reverse proxy?', ['Enter']], // Yes, the default once there is an Edge
        ['Branch sites', ['Dublin', 'Enter']],
        ['Server network', ['Enter']],
        ['Client network', ['Enter']],
        ['Perimeter network, internal side', ['Enter']],
        ['Perimeter network, external side', ['Enter']],
        ['Network of branch site Dublin', ['Enter']],
        ['Wrote', []],
      ];
      try {
        tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '60', command);
        for (const [question, keys] of steps) {
          await waitFor(session, question);
          for (const key of keys) {
            tmux('send-keys', '-t', session, ...(KEY_NAMES.has(key) ? [key] : ['-l', key]));
          }
        }
        for (let i = 0; i < 100 && !existsSync(join(work, 'status')); i++)
          await new Promise((r) => setTimeout(r, 50));
        expect(readFileSync(join(work, 'status'), 'utf8').trim()).toBe('exit=0');

        const { topology, diagnostics } = loadTopology(readFileSync(file, 'utf8'), file);
        expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(topology.product).toBe('sfb2015');
        const central = topology.sites[0]!;
        expect(central.pools.find((p) => p.role === 'front-end')!.servers).toHaveLength(2);
        expect(central.pools.some((p) => p.role === 'mediation')).toBe(true);
        expect(central.gateways[0]).toMatchObject({ transport: 'tcp', listenPort: 5066 });
        expect(central.edgePools[0]!.features).toEqual(['remote-access', 'federation']);
        expect(central.reverseProxies).toHaveLength(1);
        expect(topology.sites[1]).toMatchObject({ name: 'Dublin', branchAppliances: [expect.anything()] });
      } finally {
        try {
          tmux('kill-session', '-t', session);
        } catch {}
        rmSync(work, { recursive: true, force: true });
      }
    });
  },
);
