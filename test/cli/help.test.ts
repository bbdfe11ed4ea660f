import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

// Issue 16: the face of the CLI. The top-level help lists every command with a one-line summary in
// one style, and every command calls its human-readable output by the same format name.

const COMMANDS = ['catalog', 'validate', 'init', 'migrate', 'import', 'report', 'emit', 'check', 'listen'];

/** The "Commands:" section of the top-level help: name and usage, then the summary, one line each. */
async function commandLines(): Promise<string[]> {
  const { code, stdout } = await runCli(['--help']);
  expect(code).toBe(0);
  const section = stdout.split(/\n\n/).find((block) => block.startsWith('Commands:'));
  expect(section).toBeDefined();
  return section!.split('\n').slice(1);
}

/** The choices of a command's --format option, as its help states them. */
async function formats(command: string): Promise<string[] | undefined> {
  const { stdout } = await runCli([command, '--help']);
  const choices = /--format <format>\s+output format \(([^)]*)\)/.exec(stdout.replace(/\s+/g, ' '));
  return choices?.[1]?.split(', ');
}

describe('top-level help', () => {
  it('lists every command on one line, each with a summary in the same style, aligned', async () => {
    const lines = (await commandLines()).filter((l) => !/^\s+help\b/.test(l));
    // One line per command: a wrapped summary would add a continuation line without a command name.
    expect(lines.map((l) => l.trim().split(' ')[0])).toEqual(COMMANDS);
    const summaryColumn = new Set<number>();
    for (const line of lines) {
      const m = /^( {2}\S.*?\S {2,})(\S.*)$/.exec(line);
      expect(m, line).not.toBeNull();
      const summary = m![2]!;
      summaryColumn.add(m![1]!.length);
      // A lower-case fragment that starts with what the command does, with no full stop.
      expect(summary, line).toMatch(/^[a-z]/);
      expect(summary, line).not.toMatch(/\.$/);
      expect(summary.length, line).toBeLessThanOrEqual(70);
    }
    expect(summaryColumn.size).toBe(1);
  });

  it('keeps the long description for the command’s own help, without hard line breaks', async () => {
    for (const command of COMMANDS) {
      const { stdout } = await runCli([command, '--help']);
      const description = stdout.split('\n\n')[1]!;
      expect(description, command).toMatch(/^[a-z]/);
      // commander wraps at 100 columns: every line but the last is filled to near the width.
      const lines = description.split('\n');
      for (const line of lines.slice(0, -1)) expect(line.length, `${command}: ${line}`).toBeGreaterThan(80);
    }
  });
});

describe('format names', () => {
  it('every command calls its human-readable output table, none text', async () => {
    const offered = new Map<string, string[]>();
    for (const command of COMMANDS) {
      const choices = await formats(command);
      if (choices) offered.set(command, choices);
    }
    expect([...offered.keys()].sort()).toEqual(['catalog', 'check', 'emit', 'listen', 'report', 'validate']);
    for (const [command, choices] of offered) {
      expect(choices, command).toContain('table');
      expect(choices, command).not.toContain('text');
    }
  });

  it('still takes the old name text, as table, without offering it', async () => {
    const table = await runCli(['validate', 'examples/enterprise.yaml', '--format', 'table']);
    const text = await runCli(['validate', 'examples/enterprise.yaml', '--format', 'text']);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(table.stdout);
    expect(text.stdout).toMatch(/^valid examples\/enterprise\.yaml/);
    const list = await runCli(['emit', '--list', '-f', 'text']);
    expect(list.code).toBe(0);
    expect(list.stdout).toBe((await runCli(['emit', '--list'])).stdout);
  });

  it('refuses an unknown format with the names it offers', async () => {
    const { code, stderr } = await runCli(['validate', 'examples/enterprise.yaml', '--format', 'txt']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/valid choices: table, json/);
  });
});
