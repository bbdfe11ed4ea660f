import { expect, it } from 'vitest';
import { startVitest } from 'vitest/node';
import SummaryReporter from './summary-reporter.js';

/**
 * Runs Vitest on the fixtures in test/fixtures/reporter (outside the `include` glob, so the suite
 * itself never runs them) with the summary reporter, and reads what it prints: one passing file with a
 * skipped test, and three files that fail outside any test.
 */
it('counts files that fail to load or to collect as failed, and names them', async () => {
  const lines: string[] = [];
  const exitCode = process.exitCode;
  const vitest = await startVitest(
    'test',
    [],
    {
      config: false,
      root: process.cwd(),
      include: ['test/fixtures/reporter/*.fixture.{ts,js}'],
      watch: false,
      maxWorkers: 1,
      reporters: [new SummaryReporter({ write: (text) => lines.push(text) })],
    },
    { logLevel: 'silent' },
  );
  await vitest.close();
  // startVitest marks the process failed when the run fails; that failure is the fixtures' own.
  process.exitCode = exitCode;

  const text = lines.join('');
  expect(text).toMatch(/Summary: 1 passed, 3 failed, 1 skipped\n$/);
  const failures = text.split('\n').filter((l) => l.startsWith('Failed outside any test: '));
  expect(failures).toHaveLength(3);
  expect(failures.join('\n')).toContain(
    'throws-at-import.fixture.ts: Error: broken on purpose: throws at import',
  );
  expect(failures.join('\n')).toContain('broken on purpose: throws in describe');
  expect(failures.join('\n')).toContain('syntax-error.fixture.js');
}, 60_000);
