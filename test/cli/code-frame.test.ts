import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeFrame } from '../../src/cli/diagnostics.js';

describe('the code frame under a diagnostic', () => {
  it('shows a window of a long line around the column, the caret under the named character', () => {
    // A one-line JSON topology: the error sits twelve thousand characters in.
    const source = `{"zones":{${'"z":["192.0.2.0/24"],'.repeat(600)}"bad":"300.1.2.3"}}`;
    const column = source.indexOf('300.1.2.3') + 1;
    const [line, caret] = codeFrame([source], 1, column).split('\n');
    expect(line!.length).toBeLessThan(180);
    expect(caret!.length).toBeLessThan(180);
    expect(line!.startsWith('   1 | ...')).toBe(true);
    expect(line!.slice(caret!.indexOf('^'))).toMatch(/^300\.1\.2\.3/);
  });

  it('points at the column for any line and column, within the width', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', ' ', ':'), maxLength: 600 }),
        fc.nat(700),
        (text, n) => {
          const column = Math.min(n, text.length) + 1;
          const source = `${text}X`;
          const [line, caret] = codeFrame([source], 1, column).split('\n');
          expect(line!.length).toBeLessThanOrEqual(8 + 3 + 160 + 6);
          const at = caret!.indexOf('^');
          expect(line![at]).toBe(source[column - 1]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
