// Scratch: reuses its memory from call to call, grows to what is asked, and
// does not keep an array past its cap (one huge request gets its own).

import { describe, expect, it } from 'vitest';
import { bufferScratch, int32Scratch } from '../../src/util/scratch.js';

describe('Scratch', () => {
  it('hands out the same memory each time, grown when a call needs more', () => {
    const s = int32Scratch();
    const a = s.take(10);
    a.fill(7);
    const b = s.take(5);
    expect(b.length).toBe(5);
    expect(b.buffer).toBe(a.buffer);
    expect(Array.from(b)).toEqual([7, 7, 7, 7, 7]);
    const c = s.take(1000);
    expect(c.length).toBe(1000);
    expect(s.take(1000).buffer).toBe(c.buffer);
  });

  it('gives a request past its cap an array of its own and keeps what it had', () => {
    const s = bufferScratch();
    const kept = s.take(1024);
    const huge = s.take(9 << 20);
    expect(Buffer.isBuffer(huge) && huge.length).toBe(9 << 20);
    expect(huge.buffer).not.toBe(kept.buffer);
    expect(s.take(1024).buffer).toBe(kept.buffer);
  });
});
