import { describe, expect, it } from 'vitest';
import { userSizedHeap } from '../../src/cli/heap.js';

describe('the CLI bounds heap growth unless the user sized the heap', () => {
  it('leaves V8 alone when node was given a heap size, on its command line or in NODE_OPTIONS', () => {
    expect(userSizedHeap(['--max-old-space-size=4096'], undefined)).toBe(true);
    expect(userSizedHeap([], '--enable-source-maps --max_old_space_size=8192')).toBe(true);
    expect(userSizedHeap(['--heap-growing-percent=20'], '')).toBe(true);
  });

  it('bounds it otherwise', () => {
    expect(userSizedHeap([], undefined)).toBe(false);
    expect(userSizedHeap(['--enable-source-maps'], '--trace-warnings')).toBe(false);
    expect(userSizedHeap([], '--max-semi-space-size=64')).toBe(false);
  });
});
