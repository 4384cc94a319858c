// A fast decoder for the column chunks traillake writes: DataPage V1 pages,
// GZIP or uncompressed, RLE/bit-packed definition levels, PLAIN values of
// BYTE_ARRAY (to strings; also DELTA_LENGTH_BYTE_ARRAY), INT64 (to numbers; also DELTA_BINARY_PACKED) and BOOLEAN, and string chunks
// with a dictionary page and PLAIN_DICTIONARY/RLE_DICTIONARY indices (each
// dictionary entry becomes one string, shared by its rows). Strings are cut
// straight from the page buffer and numbers read as two 32-bit halves, so no
// Buffer or BigInt is made per value (parquetjs-lite makes both: it spends
// most of a scan in garbage collection). Anything else (repetition levels,
// other codecs or encodings) returns null and the caller
// uses parquetjs-lite's reader.

import type { Value } from '../model/record.js';
import { decodeDeltaBinary } from './delta-binary.js';
import { decodeLengths } from './delta-length.js';
import { decodeIndices } from './dictionary.js';
import { inflatePage } from './inflate.js';
import { PageEntries, type DictionaryEntries } from './dictionary-entries.js';
import { readPageHeader, type PageHeaderInfo } from './page-header.js';

/** A dictionary-encoded chunk's dictionary, and each row's index into it (-1 for NULL). */
export interface DictionaryInfo {
  dict: DictionaryEntries | null;
  indices: Int32Array | null;
  /**
   * Set by the caller, to skip making a value per row: 'indices' for a
   * dictionary-encoded chunk's indices only; 'numbers' for an INT64 chunk as
   * `numbers` only (NaN for NULL: an INT64 is never NaN); 'compact' for
   * whichever of the two the chunk allows.
   */
  readonly form?: 'values' | 'indices' | 'numbers' | 'compact';
  numbers?: Float64Array | null;
}

export interface ChunkMeta {
  /** Physical type code: BOOLEAN 0, INT64 2, BYTE_ARRAY 6. */
  readonly type: number;
  /** Compression codec code: UNCOMPRESSED 0, GZIP 2. */
  readonly codec: number;
  readonly dLevelMax: number;
  readonly rLevelMax: number;
}

const BOOLEAN = 0, INT64 = 2, BYTE_ARRAY = 6;
const UNCOMPRESSED = 0, GZIP = 2;
const DATA_PAGE = 0, DICTIONARY_PAGE = 2;
const PLAIN = 0, PLAIN_DICTIONARY = 2, RLE = 3, DELTA_BINARY_PACKED = 5, DELTA_LENGTH_BYTE_ARRAY = 6, RLE_DICTIONARY = 8;

/** Whether decodeChunk can read chunks of this column. */
export function canDecode(m: ChunkMeta): boolean {
  return m.rLevelMax === 0 && m.dLevelMax <= 8 && (m.type === BOOLEAN || m.type === INT64 || m.type === BYTE_ARRAY) && (m.codec === UNCOMPRESSED || m.codec === GZIP);
}

/**
 * Decodes `count` levels of the RLE/bit-packing hybrid of `width` bits (1-8)
 * into `out`, from `pos` to `end`. Returns how many equal `max` (the rows
 * with a value), or -1 on a malformed run.
 */
function decodeLevels(buf: Buffer, pos: number, end: number, width: number, out: Uint8Array, count: number, max: number): number {
  let i = 0, valued = 0;
  while (i < count && pos < end) {
    let header = 0, shift = 0, b: number;
    do {
      b = buf[pos++]!;
      header += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    if (header % 2 === 0) {
      const run = header / 2, v = buf[pos++]!;
      const stop = Math.min(count, i + run);
      if (v) out.fill(v, i, stop);
      if (v === max) valued += stop - i;
      i = stop;
    } else {
      // Bit-packed: groups of 8 values, `width` bytes per group, least significant bit first.
      const values = ((header - 1) / 2) * 8;
      const stop = Math.min(count, i + values);
      if (width === 1) {
        for (let byte = pos; i < stop; byte++) {
          const x = buf[byte]!;
          for (let k = 0; k < 8 && i < stop; k++) {
            const v = (x >> k) & 1;
            out[i++] = v;
            valued += v; // max is 1
          }
        }
      } else {
        const mask = (1 << width) - 1;
        for (let bit = pos * 8; i < stop; bit += width) {
          const word = buf[bit >> 3]! | ((buf[(bit >> 3) + 1] ?? 0) << 8);
          const v = (word >> (bit & 7)) & mask;
          out[i++] = v;
          if (v === max) valued++;
        }
      }
      pos += (values * width) / 8;
    }
  }
  return i === count ? valued : -1;
}

/** Scratch arrays reused by every call (decoding is synchronous): a page's levels, its valued rows' indices. */
const levels = new Uint8Array(8192);
let indexScratch = new Int32Array(8192);
function scratchIndices(n: number): Int32Array {
  if (indexScratch.length < n) indexScratch = new Int32Array(n);
  return indexScratch;
}

/** Which data pages to decode, when a scan needs only some rows of the chunk. */
export interface PageSelection {
  /** Row of the first data page in the buffer (it may start part-way into the chunk). */
  readonly firstRow: number;
  /** Whether rows [from, to) are wanted; asked in ascending order. A page not wanted stays compressed and its rows null. */
  readonly keep: (from: number, to: number) => boolean;
  /** 1 for each wanted row of the row group: in a page that is decoded, the strings of the other rows are not made. */
  readonly rows?: Uint8Array;
}

/** Data pages met and data pages decoded, summed over calls. */
export interface PageCounts { total: number; read: number }

/**
 * The values of one column chunk (`buf` holds its pages), one per row, null
 * where undefined; only the first `maxRows` rows when given (later pages are
 * not decompressed). With `select`, only the pages it keeps are decoded (and
 * rows before `select.firstRow` or in skipped pages are holes). Null if the
 * chunk uses something this decoder does not. When every page decoded was
 * dictionary-encoded, `info` receives the dictionary (every non-null value is
 * one of its strings, the same objects) and each row's index into it (-1 for
 * NULL and for rows not decoded). When values are not made (`info.form`, for
 * a dictionary or an INT64 chunk), the result is an empty array.
 */
export function decodeChunk(buf: Buffer, meta: ChunkMeta, rows: number, maxRows = rows, info?: DictionaryInfo, select?: PageSelection, counts?: PageCounts): Value[] | null {
  if (!canDecode(meta)) return null;
  const want = Math.min(rows, maxRows);
  // Values per row are made as pages need them: not at all for an indices-only dictionary chunk.
  const form = info?.form ?? 'values';
  const numbers = (form === 'numbers' || form === 'compact') && meta.type === INT64 ? new Float64Array(want).fill(NaN) : null;
  // With a page selection, rows of pages not decoded are holes (undefined), not NULL: filling a 16k-slot
  // array per chunk cost a needle over 100 row groups a seventh of its time. Decoded pages are NULL-filled.
  let out: Value[] | null = ((form === 'indices' || form === 'compact') && meta.type === BYTE_ARRAY) || numbers ? null : select ? new Array(want) : new Array(want).fill(null);
  let pos = 0, row = select ? select.firstRow : 0;
  let dict: PageEntries | null = null;
  let plainPages = 0;
  // Each row's dictionary index, made when a dictionary page shows the chunk has one.
  let indices: Int32Array | null = null;
  while (row < want && pos < buf.length) {
    let header: PageHeaderInfo;
    try {
      header = readPageHeader(buf, pos);
    } catch {
      return null; // not a header we can read: the caller falls back to parquetjs-lite
    }
    pos += header.length;
    const size = header.compressedSize;
    const raw = buf.subarray(pos, pos + size);
    pos += size;
    if (header.type === DICTIONARY_PAGE) {
      if (meta.type !== BYTE_ARRAY) return null;
      const page = meta.codec === GZIP ? inflatePage(raw, header.uncompressedSize) : raw;
      dict = new PageEntries(page, header.numValues);
      if (info) indices = new Int32Array(want).fill(-1);
      continue;
    }
    const isData = header.type === DATA_PAGE;
    if (counts && isData) counts.total++;
    if (select && isData && !select.keep(row, row + header.numValues)) {
      row += header.numValues;
      continue;
    }
    if (counts && isData) counts.read++;
    const dictionaryPage = header.encoding === PLAIN_DICTIONARY || header.encoding === RLE_DICTIONARY;
    const deltaPage = header.encoding === DELTA_BINARY_PACKED && meta.type === INT64;
    const lengthsPage = header.encoding === DELTA_LENGTH_BYTE_ARRAY && meta.type === BYTE_ARRAY;
    if (!isData || header.numValues < 0 || (header.encoding !== PLAIN && !deltaPage && !lengthsPage && !(dictionaryPage && dict)) || (meta.dLevelMax > 0 && header.definitionEncoding !== RLE)) return null;
    const page = meta.codec === GZIP ? inflatePage(raw, header.uncompressedSize) : raw;
    const n = header.numValues;
    let p = 0;
    let defs: Uint8Array | null = null, valued = n;
    const max = meta.dLevelMax;
    if (max > 0) {
      const len = page.readUInt32LE(0);
      defs = n <= levels.length ? levels.fill(0, 0, n) : new Uint8Array(n); // levels: this module's scratch
      valued = decodeLevels(page, 4, 4 + len, 32 - Math.clz32(max), defs, n, max);
      if (valued < 0) return null;
      p = 4 + len;
    }
    const stop = Math.min(n, want - row);
    if (out && select) out.fill(null, row, row + stop);
    if (dictionaryPage) {
      if (!out && indices && valued === n && stop === n) {
        // Indices only, no NULLs on the page: decoded in place.
        decodeIndices(page, p + 1, n, page[p]!, indices.subarray(row, row + n));
        row += n;
        continue;
      }
      const { values } = decodeIndices(page, p + 1, valued, page[p]!, scratchIndices(valued));
      if (!out && indices) {
        // Indices only: each valued row takes the next index (the others stay -1).
        for (let i = 0, k = 0; i < stop; i++) if (!defs || defs[i] === max) indices[row + i] = values[k++]!;
        row += n;
        continue;
      }
      // Values only for the wanted rows (as for PLAIN pages below): the others of a decoded page stay NULL.
      const mask = select?.rows;
      for (let i = 0, k = 0; i < stop; i++) {
        if (defs && defs[i] !== max) continue;
        const d = values[k++]!;
        if (out && (!mask || mask[row + i])) out[row + i] = dict!.get(d);
        if (indices) indices[row + i] = d;
      }
      row += n;
      continue;
    }
    plainPages++;
    if (deltaPage) {
      const deltas = new Float64Array(valued);
      try {
        if (decodeDeltaBinary(page, p, deltas).count !== valued) return null;
      } catch {
        return null;
      }
      for (let i = 0, k = 0; i < stop; i++) {
        if (defs && defs[i] !== max) continue;
        if (numbers) numbers[row + i] = deltas[k++]!;
        else out![row + i] = deltas[k++]!;
      }
      row += n;
      continue;
    }
    if (!out && !numbers) {
      // A PLAIN chunk read for indices has none: values after all (with a selection, holes outside the
      // pages decoded, as above). A PLAIN page after dictionary pages: the rows so far get their values.
      out = select && !indices ? new Array(want).fill(null, row, row + stop) : new Array(want).fill(null);
      if (indices) for (let r = 0; r < row; r++) if (indices[r]! >= 0) out[r] = dict!.get(indices[r]!);
    }
    switch (meta.type) {
      case BYTE_ARRAY: {
        const mask = select?.rows;
        // DELTA_LENGTH_BYTE_ARRAY: the lengths come first (delta-length.ts); PLAIN: 4 bytes before each value.
        const run = lengthsPage ? decodeLengths(page, p, valued) : null;
        if (lengthsPage && !run) return null;
        if (run) p = run.start;
        for (let i = 0, k = 0; i < stop; i++) {
          if (defs && defs[i] !== max) continue;
          let len: number;
          if (run) len = run.lengths[k++]!;
          else {
            len = page[p]! | (page[p + 1]! << 8) | (page[p + 2]! << 16) | (page[p + 3]! << 24);
            p += 4;
          }
          if (!mask || mask[row + i]) out![row + i] = page.toString('utf8', p, p + len);
          p += len;
        }
        break;
      }
      case INT64:
        for (let i = 0; i < stop; i++) {
          if (defs && defs[i] !== max) continue;
          const v = page.readUInt32LE(p) + page.readInt32LE(p + 4) * 4294967296;
          if (numbers) numbers[row + i] = v;
          else out![row + i] = v;
          p += 8;
        }
        break;
      case BOOLEAN: {
        let bit = 0;
        for (let i = 0; i < stop; i++) {
          if (defs && defs[i] !== max) continue;
          out![row + i] = ((page[p + (bit >> 3)]! >> (bit & 7)) & 1) === 1;
          bit++;
        }
        break;
      }
    }
    row += n;
  }
  if (info && plainPages === 0 && dict) {
    info.dict = dict;
    info.indices = indices;
  }
  if (info && numbers) info.numbers = numbers;
  return row >= want || select ? out ?? [] : null;
}
