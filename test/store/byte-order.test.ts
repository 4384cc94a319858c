// byteOrder against a comparison sort of the same byte ranges: shared prefixes
// of any length (past the recursion cap too), ranges that are prefixes of
// others, empty ranges, bytes 0 and 255, and groups of every size around the
// insertion cut-off.

import { describe, expect, it } from 'vitest';
import { byteOrder } from '../../src/store/byte-order.js';

let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

function ranges(values: Buffer[]) {
  const bytes = Buffer.concat(values);
  const starts = new Int32Array(values.length), ends = new Int32Array(values.length);
  let at = 0;
  values.forEach((v, k) => {
    starts[k] = at;
    ends[k] = at += v.length;
  });
  return { bytes, starts, ends };
}

const expected = (values: Buffer[]) => values.map((_, k) => k).sort((a, b) => Buffer.compare(values[a]!, values[b]!) || a - b);

describe('byteOrder', () => {
  it('orders ranges as a byte-wise comparison sort does', () => {
    const prefixes = ['', 'arn:aws:iam::123456789012:role/', 'arn:aws:iam::123456789012:user/', '{"bucketName":"', 'x'.repeat(300)];
    for (const count of [0, 1, 2, 3, 12, 13, 40, 500, 3000]) {
      const values: Buffer[] = [];
      for (let k = 0; k < count; k++) {
        const p = prefixes[Math.floor(rand() * prefixes.length)]!;
        const tail = Buffer.from(Array.from({ length: Math.floor(rand() * 9) }, () => [0, 1, 65, 97, 200, 255][Math.floor(rand() * 6)]!));
        values.push(Buffer.concat([Buffer.from(p), tail]));
      }
      // Distinct, as dictionary entries are; one range the prefix of another.
      const distinct = [...new Map(values.map((v) => [v.toString('hex'), v])).values()];
      if (distinct.length > 2) distinct.push(distinct[0]!.subarray(0, Math.max(0, distinct[0]!.length - 1)));
      const unique = [...new Map(distinct.map((v) => [v.toString('hex'), v])).values()];
      const { bytes, starts, ends } = ranges(unique);
      expect(Array.from(byteOrder(bytes, starts, ends, unique.length)), `${count} ranges`).toEqual(expected(unique));
    }
  });

  it('sorts a subset of the ranges given, in place of all', () => {
    const values = ['b', 'a', 'c', 'ab'].map((s) => Buffer.from(s));
    const { bytes, starts, ends } = ranges(values);
    expect(Array.from(byteOrder(bytes, starts, ends, 3))).toEqual([1, 0, 2]);
  });
});
