#!/usr/bin/env node
import { writeSync } from 'node:fs';
import { streamErrorText } from './stream-error.js';
import { VERSION } from './version.js';

// `sfbports catalog | head` closes the pipe early: that is the reader's choice, not an error. Any other
// failure of a standard stream (a full disk, an I/O error) is one line and exit 2, never a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (stream === process.stdout) {
      try {
        writeSync(
          2,
          `sfbports: error stdout-failed: cannot write standard output: ${streamErrorText(err)}\n`,
        );
      } catch {
        // Standard error is gone too: the exit status is all that is left.
      }
    }
    process.exit(2);
  });
}

// `--version` alone answers before commander and the program are loaded (start-up is all its cost);
// program.ts answers it the same way for in-process runs.
if (process.argv.length === 3 && (process.argv[2] === '--version' || process.argv[2] === '-V')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const [{ boundHeapGrowth }, { processIo }, { main }] = await Promise.all([
    import('./heap.js'),
    import('./io.js'),
    import('./program.js'),
  ]);
  boundHeapGrowth();
  process.exitCode = await main(process.argv, processIo());
}
