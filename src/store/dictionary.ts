// Dictionary encoding of one string column chunk (Parquet PLAIN_DICTIONARY):
// the distinct values of the chunk's rows, sorted in byte order (so a page's
// min/max statistics are its smallest and largest index), and each row's index.
// Built over the batch's UTF-8 bytes with an open-addressing hash table (no JS
// strings), or, for an interned column, from its rows' entry indices (no
// hashing). Chunks with too many distinct values (IDs) return null and stay PLAIN.
// Low-cardinality columns (eventSource, userAgent, ARNs...) shrink before
// compression, which makes both writing and reading them cheaper.

import type { ColumnVector, DictData, Utf8Data } from '../model/batch.js';
import { byteOrder } from './byte-order.js';
import { bufferScratch, int32Scratch } from '../util/scratch.js';
import { encodeHybrid, hybridBound } from './rle-hybrid.js';
import { byteView, sameBytes } from './same-bytes.js';
import { COPY_SLACK, copyShort, SHORT_COPY, viewed } from '../util/copy-bytes.js';

export interface ChunkDictionary {
  /** The bytes `starts` and `ends` point into. */
  readonly bytes: Uint8Array;
  /** Distinct values as (start, end) byte ranges of `bytes`, sorted by bytes. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly count: number;
  /** Per position of `rows`: the value's index (unused where the row is null). */
  readonly indices: Int32Array;
  readonly bitWidth: number;
}

/**
 * FNV-1a of the length and, for long values, their first and last 16 bytes and
 * 16 more spread between (equality is checked in full). Without the middle ones,
 * JSON values that differ only inside (responseElements) collided in long probe
 * chains of full comparisons: building responseElements' dictionaries took 1.97 ms
 * per 6,510 rows, 0.07 ms with them (all columns: 17.3 -> 12.8 ms).
 */
function hashRange(b: Uint8Array, s: number, e: number): number {
  let h = Math.imul(0x811c9dc5 ^ (e - s), 0x01000193);
  if (e - s <= 32) {
    for (let k = s; k < e; k++) h = Math.imul(h ^ b[k]!, 0x01000193);
  } else {
    for (let k = s; k < s + 16; k++) h = Math.imul(h ^ b[k]!, 0x01000193);
    for (let k = e - 16; k < e; k++) h = Math.imul(h ^ b[k]!, 0x01000193);
    const step = ((e - s - 32) >> 4) + 1;
    for (let k = s + 16; k < e - 16; k += step) h = Math.imul(h ^ b[k]!, 0x01000193);
  }
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * The dictionary of a string column's chunk (its rows `rows`), or null when it
 * has more than `maxEntries` distinct values or more than `maxBytes` of them
 * (then PLAIN is as good and cheaper), and for columns of other types. Its
 * arrays are valid until the next call.
 */
export function chunkDictionary(vec: ColumnVector, rows: Int32Array, maxEntries: number, maxBytes: number): ChunkDictionary | null {
  switch (vec.data.kind) {
    case 'utf8':
      return buildDictionary(vec.data, vec.valid, rows, maxEntries, maxBytes);
    case 'dict':
      return dictionaryOfIds(vec.data, vec.valid, rows, maxEntries, maxBytes);
    case 'bool':
    case 'time':
      return null;
    default:
      return vec.data satisfies never;
  }
}

/** Every 1,024 values, whether more than 90% of them were distinct: IDs, given up on early. */
const mostlyDistinct = (seen: number, count: number) => (seen & 1023) === 0 && count > seen * 0.9;

/** chunkDictionary of plain UTF-8 values. */
export function buildDictionary(data: Utf8Data, valid: Uint8Array, rows: Int32Array, maxEntries: number, maxBytes: number): ChunkDictionary | null {
  const { offsets } = data;
  const view = byteView(data.bytes), bytes = view.u8;
  let size = 16;
  while (size < maxEntries * 2) size <<= 1;
  const mask = size - 1;
  const slots = scratch.slots.take(size).fill(-1);
  const starts = scratch.starts.take(maxEntries), ends = scratch.ends.take(maxEntries);
  const indices = scratch.indices.take(rows.length);
  let count = 0, dictBytes = 0;
  let prevS = -1, prevE = -1, prevIdx = -1, seen = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (!valid[r]) continue;
    if (mostlyDistinct(++seen, count)) return null;
    const s = offsets[r]!, e = offsets[r + 1]!;
    // Sorted rows repeat the previous value often: one comparison, no hashing.
    if (prevIdx >= 0 && sameBytes(view, s, e, prevS, prevE)) {
      indices[i] = prevIdx;
      continue;
    }
    let slot = hashRange(bytes, s, e) & mask;
    let idx: number;
    for (;;) {
      const at = slots[slot]!;
      if (at < 0) {
        if (count === maxEntries) return null;
        dictBytes += 4 + e - s;
        if (dictBytes > maxBytes) return null;
        starts[count] = s;
        ends[count] = e;
        slots[slot] = idx = count++;
        break;
      }
      if (sameBytes(view, s, e, starts[at]!, ends[at]!)) {
        idx = at;
        break;
      }
      slot = (slot + 1) & mask;
    }
    indices[i] = prevIdx = idx;
    prevS = s;
    prevE = e;
  }
  return sortedDictionary(bytes, starts, ends, count, indices, valid, rows);
}

/**
 * chunkDictionary of an interned column: each entry met gets the next index,
 * found through `local` (entry -> index + 1, 0 for not yet met), which is reset
 * afterwards for the next chunk. The same dictionary buildDictionary makes of
 * the same values.
 */
function dictionaryOfIds(data: DictData, valid: Uint8Array, rows: Int32Array, maxEntries: number, maxBytes: number): ChunkDictionary | null {
  const { ids, offsets } = data;
  const entries = offsets.length - 1;
  if (local.length < entries) local = new Int32Array(Math.max(entries, 2 * local.length));
  const starts = scratch.starts.take(maxEntries), ends = scratch.ends.take(maxEntries), met = scratch.met.take(maxEntries);
  const indices = scratch.indices.take(rows.length);
  let count = 0, dictBytes = 0, seen = 0, ok = true;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (!valid[r]) continue;
    if (mostlyDistinct(++seen, count)) {
      ok = false;
      break;
    }
    const id = ids[r]!;
    let idx = local[id]! - 1;
    if (idx < 0) {
      const s = offsets[id]!, e = offsets[id + 1]!;
      dictBytes += 4 + e - s;
      if (count === maxEntries || dictBytes > maxBytes) {
        ok = false;
        break;
      }
      starts[count] = s;
      ends[count] = e;
      met[count] = id;
      idx = count++;
      local[id] = idx + 1;
    }
    indices[i] = idx;
  }
  for (let k = 0; k < count; k++) local[met[k]!] = 0;
  return ok ? sortedDictionary(data.bytes, starts, ends, count, indices, valid, rows) : null;
}
/** dictionaryOfIds' entry -> index map, all zeros between calls. */
let local = new Int32Array(1024);

/**
 * The arrays a dictionary is built in and returned in, reused by the next
 * chunkDictionary call (util/scratch.ts): per chunk they were ~200 KB of fresh
 * memory (a hash table, entries and an index per row).
 */
const scratch = {
  slots: int32Scratch(),
  starts: int32Scratch(),
  ends: int32Scratch(),
  met: int32Scratch(),
  indices: int32Scratch(),
  rank: int32Scratch(),
  sortedStarts: int32Scratch(),
  sortedEnds: int32Scratch(),
};

/** The dictionary with its entries sorted by bytes and the rows' indices renumbered to match. */
function sortedDictionary(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, count: number, indices: Int32Array, valid: Uint8Array, rows: Int32Array): ChunkDictionary {
  const order = byteOrder(bytes, starts, ends, count);
  const rank = scratch.rank.take(count);
  const sortedStarts = scratch.sortedStarts.take(count), sortedEnds = scratch.sortedEnds.take(count);
  for (let k = 0; k < count; k++) {
    const old = order[k]!;
    rank[old] = k;
    sortedStarts[k] = starts[old]!;
    sortedEnds[k] = ends[old]!;
  }
  for (let i = 0; i < rows.length; i++) if (valid[rows[i]!]) indices[i] = rank[indices[i]!]!;
  let bitWidth = 1;
  while (1 << bitWidth < count) bitWidth++;
  return { bytes, starts: sortedStarts, ends: sortedEnds, count, indices, bitWidth };
}

/** The dictionary page body: the values PLAIN-encoded (4-byte length + bytes each). */
export function dictionaryPageBody(dict: ChunkDictionary): Buffer {
  let size = 0;
  for (let k = 0; k < dict.count; k++) size += 4 + dict.ends[k]! - dict.starts[k]!;
  const whole = Buffer.allocUnsafe(size + COPY_SLACK);
  const from = byteView(dict.bytes), to = viewed(whole);
  let pos = 0;
  for (let k = 0; k < dict.count; k++) {
    const s = dict.starts[k]!, e = dict.ends[k]!;
    to.dv.setInt32(pos, e - s, true);
    pos += 4;
    if (e - s < SHORT_COPY) pos = copyShort(from, s, e, to, pos);
    else pos += from.buf.copy(whole, pos, s, e);
  }
  return whole.subarray(0, size);
}

/**
 * A data page's values: the bit width, then the valid rows' indices (positions
 * `from` to `to` of the chunk) in the RLE/bit-packing hybrid (rle-hybrid.ts).
 * Also the smallest and largest index, which give the page's statistics.
 */
export function encodeIndices(dict: ChunkDictionary, valid: Uint8Array, rows: Int32Array, from: number, to: number, prefix: Buffer | null): { buf: Buffer; min: number; max: number } {
  const start = prefix ? prefix.length : 0;
  const values = indexScratch.take(to - from);
  let count = 0, min = Infinity, max = -1;
  for (let i = from; i < to; i++) {
    if (!valid[rows[i]!]) continue;
    const v = dict.indices[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    values[count++] = v;
  }
  // Encoded into a scratch buffer of the worst case's size, then copied out at its own size.
  const page = pageScratch.take(start + 1 + hybridBound(count, dict.bitWidth));
  if (prefix) prefix.copy(page, 0);
  page[start] = dict.bitWidth;
  const pos = encodeHybrid(values, count, dict.bitWidth, page, start + 1);
  const buf = Buffer.allocUnsafe(pos);
  page.copy(buf, 0, 0, pos);
  return { buf, min, max: max < 0 ? -Infinity : max };
}
/**
 * encodeIndices' working memory, reused: a page's indices, and its encoding at
 * the worst case's size (~7 bytes a value, 57 KB for 8,192 rows, where the
 * page needs a few KB). Allocated per page, that size was held by every page
 * of a file until the file was written, and churned the GC.
 */
const indexScratch = int32Scratch(), pageScratch = bufferScratch();

/**
 * Reads `count` dictionary indices of the RLE/bit-packing hybrid (no length
 * prefix) at `pos`, either run kind, any width up to 32 bits. Returns them
 * (the page decoder maps them to the dictionary's values) and the position
 * after them. Runs are filled, and bit-packed values up to 24 bits wide are
 * read a 32-bit window at a time. With `into`, they go there (its first
 * `count` entries) and no array is allocated.
 */
export function decodeIndices(buf: Uint8Array, pos: number, count: number, bitWidth: number, into?: Int32Array): { values: Int32Array; end: number } {
  const values = into ?? new Int32Array(count);
  const width = Math.ceil(bitWidth / 8);
  const mask = bitWidth >= 32 ? -1 : (1 << bitWidth) - 1;
  let n = 0;
  while (n < count) {
    let header = buf[pos++]!;
    if (header & 0x80) { // a multi-byte varint (runs over 63)
      header &= 0x7f;
      let shift = 7, b: number;
      do {
        b = buf[pos++]!;
        header += (b & 0x7f) * 2 ** shift;
        shift += 7;
      } while (b & 0x80);
    }
    if ((header & 1) === 0) {
      const run = header / 2;
      let v = buf[pos++]!;
      for (let k = 1; k < width; k++) v += buf[pos++]! * 2 ** (8 * k);
      const stop = Math.min(count, n + run);
      if (stop - n > 32) values.fill(v, n, stop); // a builtin call costs more than a short loop
      else while (n < stop) values[n++] = v;
      n = stop;
    } else {
      const groups = (header - 1) / 2;
      const take = Math.min(groups * 8, count - n); // the last group may pad past `count`
      let bit = pos * 8;
      if (bitWidth <= 24) {
        // A 32-bit window per value; the values whose window stays inside `buf` skip the bounds checks.
        const safe = Math.max(0, Math.min(take, Math.floor(((buf.length - 4) * 8 - bit) / bitWidth) + 1));
        for (let k = 0; k < safe; k++, bit += bitWidth) {
          const at = bit >> 3;
          values[n++] = ((buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16) | (buf[at + 3]! << 24)) >>> (bit & 7)) & mask;
        }
        for (let k = safe; k < take; k++, bit += bitWidth) {
          const at = bit >> 3;
          values[n++] = (((buf[at] ?? 0) | ((buf[at + 1] ?? 0) << 8) | ((buf[at + 2] ?? 0) << 16) | ((buf[at + 3] ?? 0) << 24)) >>> (bit & 7)) & mask;
        }
      } else {
        for (let k = 0; k < take; k++, bit += bitWidth) {
          let v = 0;
          for (let j = 0; j < bitWidth; j++) if (buf[(bit + j) >> 3]! & (1 << ((bit + j) & 7))) v += 2 ** j;
          values[n++] = v;
        }
      }
      pos += groups * bitWidth;
    }
  }
  return { values, end: pos };
}
