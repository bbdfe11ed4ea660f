import type { Reporter, SerializedError, TestModule } from 'vitest/node';

/**
 * Ends the run with a plain "N passed, N failed, N skipped" line, which CI reads to tell a run that
 * executed tests from one that executed none.
 *
 * A failure outside any test fails the run just as a failed test does, so it is counted as one
 * failure and named on its own line before the summary: a file that does not load (syntax error,
 * throw at import), a describe block that throws while tests are collected, a failing hook around a
 * file, and errors Vitest reports as unhandled.
 */
export interface SummaryReporterOptions {
  /** Where the lines go; standard output unless a test captures them. */
  readonly write?: (text: string) => void;
}

export default class SummaryReporter implements Reporter {
  private readonly write: (text: string) => void;

  constructor(options: SummaryReporterOptions = {}) {
    this.write = options.write ?? ((text) => process.stdout.write(text));
  }

  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError> = [],
  ): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const outside: string[] = [];
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      const where = mod.relativeModuleId;
      for (const error of mod.errors()) outside.push(`${where}: ${firstLine(error)}`);
      for (const suite of mod.children.allSuites())
        for (const error of suite.errors()) outside.push(`${where} > ${suite.fullName}: ${firstLine(error)}`);
    }
    for (const error of unhandledErrors) outside.push(`unhandled: ${firstLine(error)}`);
    failed += outside.length;
    const lines = outside.map((line) => `Failed outside any test: ${line}\n`).join('');
    this.write(`\n${lines}Summary: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}

function firstLine(error: SerializedError): string {
  const text = `${error.name ?? 'Error'}: ${error.message ?? ''}`;
  return text.split('\n')[0]!.trim();
}
