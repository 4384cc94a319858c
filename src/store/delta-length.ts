// Parquet's DELTA_LENGTH_BYTE_ARRAY encoding, for the string pages that are not
// dictionary-encoded (IDs, JSON text, messages): every value's length first, as
// one DELTA_BINARY_PACKED run (delta-binary.ts), then the values' bytes back to
// back. PLAIN puts a 4-byte length before each value instead, and GZIP pays
// for those bytes: on the 1M archive's pages at level 3, eventID took 20.7
// bytes a value PLAIN and 19.1 here, requestParameters 23.0 and 20.7. And with
// nothing but hex digits and dashes left, a page of random IDs shrinks as well
// by Huffman coding alone as by full deflate, at half its cost (parquet-write.ts).

import type { DictData, Utf8Data } from '../model/batch.js';
import { compareRanges } from './byte-order.js';
import { decodeDeltaBinary, encodeDeltaRun } from './delta-binary.js';
import { byteView } from './same-bytes.js';
import { COPY_SLACK, copyShort, SHORT_COPY, viewed } from '../util/copy-bytes.js';
import { float64Scratch } from '../util/scratch.js';

/** A page's values and, when asked for, their smallest and largest (unsigned byte order), null for none. */
export interface StringPage { readonly buf: Buffer; readonly min: Buffer | null; readonly max: Buffer | null }

/** The page's lengths, reused (util/scratch.ts). */
const lengthScratch = float64Scratch();

/**
 * The valid values of `rows` (row r's value is entry r of `data`, or entry
 * ids[r] of an interned column), DELTA_LENGTH_BYTE_ARRAY, after `prefix` (the
 * page's definition levels).
 */
export function encodeStrings(data: Utf8Data | DictData, valid: Uint8Array, rows: Int32Array, prefix: Buffer | null, wantStats: boolean): StringPage {
  const { offsets, bytes } = data;
  const ids = data.kind === 'dict' ? data.ids : null;
  const lengths = lengthScratch.take(rows.length);
  let count = 0, size = 0;
  let minK = -1, maxK = -1, prev = -1;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (!valid[r]) continue;
    const k = ids ? ids[r]! : r;
    const len = offsets[k + 1]! - offsets[k]!;
    lengths[count++] = len;
    size += len;
    if (wantStats) {
      // Rows are sorted, so a value usually repeats the previous one: one equality test.
      if (prev >= 0 && compareEntries(data, k, prev) === 0) continue;
      prev = k;
      if (minK < 0 || compareEntries(data, k, minK) < 0) minK = k;
      if (maxK < 0 || compareEntries(data, k, maxK) > 0) maxK = k;
    }
  }
  // Lengths are below 2^31: their deltas always fit the run.
  const run = encodeDeltaRun(lengths, count, prefix)!;
  const whole = Buffer.allocUnsafe(run.length + size + COPY_SLACK);
  run.copy(whole, 0);
  const from = byteView(bytes), to = viewed(whole);
  let pos = run.length;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (!valid[r]) continue;
    const k = ids ? ids[r]! : r;
    const s = offsets[k]!, e = offsets[k + 1]!;
    if (e - s < SHORT_COPY) pos = copyShort(from, s, e, to, pos);
    else pos += from.buf.copy(whole, pos, s, e);
  }
  return { buf: whole.subarray(0, pos), min: entryCopy(bytes, offsets, minK), max: entryCopy(bytes, offsets, maxK) };
}

/** A copy of entry k's bytes (null for -1). A module function: an arrow here was a new closure per page. */
function entryCopy(bytes: Uint8Array, offsets: Int32Array, k: number): Buffer | null {
  return k < 0 ? null : Buffer.from(bytes.subarray(offsets[k]!, offsets[k + 1]!));
}

/** Byte order of entries a and b. */
function compareEntries(d: Utf8Data | DictData, a: number, b: number): number {
  return compareRanges(d.bytes, d.offsets[a]!, d.offsets[a + 1]!, d.offsets[b]!, d.offsets[b + 1]!);
}

/**
 * The lengths of a DELTA_LENGTH_BYTE_ARRAY page's `count` values at `pos`, and
 * where their bytes start; null when the run is malformed, holds another count,
 * or its lengths do not fit in the page.
 */
export function decodeLengths(page: Uint8Array, pos: number, count: number): { lengths: Float64Array; start: number } | null {
  const lengths = new Float64Array(count);
  let start: number;
  try {
    const run = decodeDeltaBinary(page, pos, lengths);
    if (run.count !== count) return null;
    start = run.end;
  } catch {
    return null;
  }
  let total = 0;
  for (let k = 0; k < count; k++) {
    const len = lengths[k]!;
    if (!(len >= 0)) return null;
    total += len;
  }
  return start + total <= page.length ? { lengths, start } : null;
}
