// Sorting byte ranges (dictionary entries) in unsigned byte order, a shorter
// range before any longer one it starts. A comparison sort compares each pair
// from the first byte, and dictionary entries share long prefixes (ARNs:
// "arn:aws:iam::123456789012:role/...", JSON of one shape): sorting a chunk's
// dictionary that way was a tenth of the write stage. Here each pass reads four
// bytes per range, from where the ranges of its group stop agreeing, packs
// them with the range's index into one number, and sorts those numbers natively
// (a Float64Array); ranges still tied after four bytes go to the next pass.

import { float64Scratch, int32Scratch } from '../util/scratch.js';

/** Digits per pass: bytes 0-255 become 1-256, a missing byte (the range ended) 0. */
const DIGITS = 4, BASE = 257;
/** Room for the range index in a key: 257^4 * 2^20 < 2^53, so keys stay exact. */
const INDEX = 2 ** 20;
/** Groups this small are finished by insertion, comparing from the group's offset. */
const SMALL = 12;
/** Past this shared prefix a group is finished by a comparison sort (no deep recursion on long equal JSON). */
const MAX_DEPTH = 256;

/** byteOrder's arrays, reused (util/scratch.ts). */
const orderScratch = int32Scratch(), keyScratch = float64Scratch();

/**
 * The order of ranges [starts[k], ends[k]) of `bytes`, k < count, by their
 * bytes: positions listed from smallest to largest (valid until the next call).
 */
export function byteOrder(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, count: number): Int32Array {
  const order = orderScratch.take(count);
  for (let k = 0; k < count; k++) order[k] = k;
  if (count >= INDEX) {
    // Past the key's room for indices (never for a chunk's dictionary): compare whole ranges.
    return Int32Array.from(Array.from(order).sort((a, b) => compareFrom(bytes, starts, ends, a, b, 0)));
  }
  const keys = keyScratch.take(count);
  sortGroup(bytes, starts, ends, order, keys, 0, count, 0);
  return order;
}

/** Sorts order[lo, hi), whose ranges agree on their first `depth` bytes. */
function sortGroup(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, order: Int32Array, keys: Float64Array, lo: number, hi: number, depth: number): void {
  if (hi - lo <= SMALL) {
    insertion(bytes, starts, ends, order, lo, hi, depth);
    return;
  }
  // Skip the bytes the whole group shares (ARNs of one account: ~30), in one pass.
  depth += sharedPrefix(bytes, starts, ends, order, lo, hi, depth);
  if (depth >= MAX_DEPTH) {
    order.set(Array.from(order.subarray(lo, hi)).sort((a, b) => compareFrom(bytes, starts, ends, a, b, depth)), lo);
    return;
  }
  for (let i = lo; i < hi; i++) {
    const k = order[i]!, s = starts[k]! + depth, e = ends[k]!;
    let digits = 0;
    for (let d = 0; d < DIGITS; d++) digits = digits * BASE + (s + d < e ? bytes[s + d]! + 1 : 0);
    keys[i] = digits * INDEX + k;
  }
  const part = keys.subarray(lo, hi);
  part.sort();
  for (let i = lo; i < hi; i++) order[i] = keys[i]! % INDEX;
  // Runs of equal digits: the next four bytes decide, unless the ranges ended (then they are equal).
  for (let i = lo; i < hi; ) {
    const digits = Math.floor(keys[i]! / INDEX);
    let j = i + 1;
    while (j < hi && Math.floor(keys[j]! / INDEX) === digits) j++;
    if (j - i > 1 && digits % BASE !== 0) sortGroup(bytes, starts, ends, order, keys, i, j, depth + DIGITS);
    i = j;
  }
}

/** How many bytes past `depth` all ranges of order[lo, hi) have in common. */
function sharedPrefix(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, order: Int32Array, lo: number, hi: number, depth: number): number {
  const first = order[lo]!, fs = starts[first]! + depth;
  let n = ends[first]! - fs;
  for (let i = lo + 1; i < hi && n > 0; i++) {
    const k = order[i]!, s = starts[k]! + depth;
    if (ends[k]! - s < n) n = ends[k]! - s;
    let m = 0;
    while (m < n && bytes[s + m] === bytes[fs + m]) m++;
    n = m;
  }
  return Math.max(0, n);
}

function insertion(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, order: Int32Array, lo: number, hi: number, depth: number): void {
  for (let i = lo + 1; i < hi; i++) {
    const k = order[i]!;
    let j = i - 1;
    while (j >= lo && compareFrom(bytes, starts, ends, order[j]!, k, depth) > 0) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = k;
  }
}

/** Byte order of ranges a and b, which agree on their first `depth` bytes. */
function compareFrom(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, a: number, b: number, depth: number): number {
  return compareRanges(bytes, starts[a]! + depth, ends[a]!, starts[b]! + depth, ends[b]!);
}

/** Unsigned byte order of bytes[as, ae) and bytes[bs, be), as Parquet orders UTF8 statistics. */
export function compareRanges(bytes: Uint8Array, as: number, ae: number, bs: number, be: number): number {
  const n = Math.min(ae - as, be - bs);
  for (let k = 0; k < n; k++) {
    const x = bytes[as + k]!, y = bytes[bs + k]!;
    if (x !== y) return x - y;
  }
  return ae - as - (be - bs);
}
