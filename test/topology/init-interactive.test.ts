import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../src/topology/load.js';
import { cliProcessCommand } from '../support/cli.js';
import { skipUnless } from '../support/requirements.js';

// Drives `sfbports init --interactive` in a real terminal, as a person answers it: wait for each
// question, then press keys. util-linux `script` (Debian's essential bsdutils) provides the
// pseudo-terminal; the prompts refuse to run without one.
const KEYS: Record<string, string> = {
  Enter: '\r',
  Up: '\x1b[A',
  Down: '\x1b[B',
  BSpace: '\x7f',
  Space: ' ',
};
// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences are what it strips
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** The built CLI's command line for `script`, which takes one shell command (temp paths need no quoting). */
function shellCommand(args: readonly string[]): string {
  const [command, argv] = cliProcessCommand(args);
  return [command, ...argv].join(' ');
}

class Terminal {
  private screen = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(command: string) {
    // A pseudo-terminal starts 0 columns wide; give it a size so the prompts do not wrap every character.
    this.child = spawn('script', ['-qfec', `stty cols 160 rows 60; ${command}`, '/dev/null'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => {
      this.screen += chunk.toString('utf8');
    });
    this.exited = new Promise((done) => this.child.on('exit', (code) => done(code)));
  }

  text(): string {
    return this.screen.replace(ANSI, '');
  }

  async waitFor(text: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let i = 0; i < 1000 && Date.now() < deadline; i++) {
      if (this.text().includes(text)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`"${text}" did not appear; the terminal shows:\n${this.text()}`);
  }

  press(keys: readonly string[]): void {
    for (const key of keys) this.child.stdin!.write(KEYS[key] ?? key);
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

describe.skipIf(skipUnless({ commands: ['script', 'stty'] }, 'init --interactive in a terminal'))(
  'sfbports init --interactive',
  () => {
    it('writes the topology the answers describe', async () => {
      const work = mkdtempSync(join(tmpdir(), 'sfbports-init-'));
      const file = join(work, 'answered.yaml');
      const terminal = new Terminal(shellCommand(['init', file, '--interactive']));
      // Each step: the question to wait for, then the keys that answer it.
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
        for (const [question, keys] of steps) {
          await terminal.waitFor(question);
          terminal.press(keys);
        }
        expect(await terminal.exited).toBe(0);

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
        terminal.kill();
        rmSync(work, { recursive: true, force: true });
      }
    });

    it('re-asks a server network too small for the servers asked for, and publishes the pool and the Director', async () => {
      const work = mkdtempSync(join(tmpdir(), 'sfbports-init-'));
      const file = join(work, 'small.yaml');
      const terminal = new Terminal(shellCommand(['init', file, '--interactive']));
      const erase = Array.from({ length: 16 }, () => 'BSpace');
      const steps: Array<[string, string[]]> = [
        ['Name of the deployment', ['Enter']],
        ['Product version', ['Enter']],
        ['SIP domain', ['Enter']],
        ['Name of the central site', ['Enter']],
        ['Front End', ['Enter']], // Enterprise Edition pool
        ['How many Front End servers', ['BSpace', '1', '2', 'Enter']],
        ['Load balancing', ['Enter']],
        ['What will users do?', ['Enter']],
        ['Add a Director pool?', ['\x1b[D', 'Enter']], // Yes
        ['Enterprise Voice', ['Enter']], // none
        ['Remote users and federation', ['Down', 'Enter']], // Edge with public addresses
        ['How many Edge servers?', ['Enter']],
        ['Federate with other organisations?', ['Enter']],
        ['reverse proxy?', ['Enter']], // Yes
        ['Branch sites', ['Enter']],
        ['Server network', [...erase, ...'192.0.2.0/28'.split(''), 'Enter']],
        // 12 servers, 2 VIPs, 2 Directors, SQL Server and file share from 192.0.2.10: a /28 is too small.
        ['is too small', [...erase, ...'192.0.2.0/26'.split(''), 'Enter']],
        ['Client network', ['Enter']],
        ['Perimeter network, internal side', ['Enter']],
        ['Perimeter network, external side', ['Enter']],
        ['Wrote', []],
      ];
      try {
        for (const [question, keys] of steps) {
          await terminal.waitFor(question);
          terminal.press(keys);
        }
        expect(await terminal.exited).toBe(0);
        expect(terminal.text()).toMatch(
          /192\.0\.2\.0\/28 is too small: these answers number 18 hosts from 192\.0\.2\.10 on; use a \/27 or larger/,
        );

        const { topology, diagnostics } = loadTopology(readFileSync(file, 'utf8'), file);
        expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(topology.zones.servers).toEqual(['192.0.2.0/26']);
        const central = topology.sites[0]!;
        expect(central.pools.find((p) => p.role === 'front-end')!.servers).toHaveLength(12);
        expect(central.reverseProxies[0]!.publishes).toEqual(['dirpool.contoso.com', 'pool01.contoso.com']);
      } finally {
        terminal.kill();
        rmSync(work, { recursive: true, force: true });
      }
    });

    it('writes nothing when the questions are cancelled', async () => {
      const work = mkdtempSync(join(tmpdir(), 'sfbports-init-'));
      const file = join(work, 'cancelled.yaml');
      const terminal = new Terminal(shellCommand(['init', file, '--interactive']));
      try {
        await terminal.waitFor('Name of the deployment');
        terminal.press(['Enter']);
        await terminal.waitFor('Product version');
        terminal.press(['\x03']); // Ctrl+C
        // One line and 130, the convention for Ctrl-C (issue 16: two messages and exit 2).
        expect(await terminal.exited).toBe(130);
        expect(terminal.text().match(/nothing was written|no file written/g)).toEqual([
          'nothing was written',
        ]);
        expect(() => readFileSync(file)).toThrow();
      } finally {
        terminal.kill();
        rmSync(work, { recursive: true, force: true });
      }
    });
  },
);
