import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// `sfbports catalog --format json | head` closes stdout after a few lines (the JSON is larger than a
// pipe buffer, so the write is still going on); the CLI must end quietly, not print a
// Node stack trace about EPIPE.
describe('a reader that closes the pipe early', () => {
  it('ends the CLI without a stack trace', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'catalog', '--format', 'json'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    // Close our end before the CLI writes anything: its first write meets a closed pipe.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|at .*\.ts:\d+/);
    expect(code).toBe(0);
  });
});
