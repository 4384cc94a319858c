import { describe, expect, it } from 'vitest';
import { copyShort, viewed } from '../../src/util/copy-bytes.js';

describe('copyShort', () => {
  it('copies any range, up to the end of the source, to any offset', () => {
    const src = viewed(Uint8Array.from({ length: 23 }, (_, k) => 200 - k));
    for (let s = 0; s <= 23; s++) {
      for (let e = s; e <= 23; e++) {
        for (const pos of [0, 1, 2, 3, 5]) {
          const out = viewed(new Uint8Array(pos + (e - s) + 3).fill(7));
          expect(copyShort(src, s, e, out, pos)).toBe(pos + e - s);
          expect([...out.u8.subarray(0, pos)]).toEqual(new Array(pos).fill(7));
          expect([...out.u8.subarray(pos, pos + e - s)], `${s}-${e}@${pos}`).toEqual([...src.u8.subarray(s, e)]);
        }
      }
    }
  });

  it('reads a view of part of a buffer only inside it', () => {
    const whole = Uint8Array.from({ length: 16 }, (_, k) => k);
    const src = viewed(whole.subarray(4, 10)); // 4..9
    const out = viewed(new Uint8Array(12));
    expect(copyShort(src, 1, 6, out, 0)).toBe(5);
    expect([...out.u8.subarray(0, 5)]).toEqual([5, 6, 7, 8, 9]);
  });
});
