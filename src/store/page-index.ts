// The Parquet page index of a column chunk (ColumnIndex: each data page's
// min/max/null count; OffsetIndex: each page's file offset, size and first
// row), as the format spec defines it. The writer builds one per chunk and
// stores it between the last row group and the footer; scans read the index
// of the filter's columns to skip pages (prune/pages.ts) and read only the
// byte ranges of the pages they keep. Other engines (Spark, Trino, DuckDB's
// newer readers) can use the same index.
// Reading it works around two defects of parquetjs-lite's thrift reader: bools
// in a list all read as false (null_pages: we use null_counts instead), and
// binary values in a list come back as strings when they are valid UTF-8
// (stat-value.ts turns INT64/BOOLEAN ones back into bytes).

import type { ColumnStats } from '../prune/stats.js';
import { decodeThrift, thrift, type PqReader } from './parquet-lib.js';
import { columnIndex, offsetIndex } from './thrift-write.js';
import { decodeStat } from './stat-value.js';

/** What the writer knows of one data page. */
export interface WrittenPage {
  /** File offset of the page header, and header + body bytes. */
  readonly offset: number;
  readonly size: number;
  readonly firstRow: number;
  /** PLAIN-encoded min/max (null when the page has no value), and its null count. */
  readonly min: Buffer | null;
  readonly max: Buffer | null;
  readonly nulls: number;
}

/**
 * The serialized ColumnIndex (null when the column keeps no statistics) and
 * OffsetIndex of a chunk's data pages. `compare` orders two min/max values.
 */
export function encodePageIndex(pages: readonly WrittenPage[], withStats: boolean, compare: (a: Buffer, b: Buffer) => number): { column: Buffer | null; offset: Buffer } {
  const offset = offsetIndex(pages);
  if (!withStats) return { column: null, offset };
  const empty = Buffer.alloc(0);
  let ascending = true, descending = true;
  let prev: WrittenPage | null = null;
  for (const p of pages) {
    if (!p.min || !p.max) continue;
    if (prev) {
      const lo = compare(prev.min!, p.min), hi = compare(prev.max!, p.max);
      if (lo > 0 || hi > 0) ascending = false;
      if (lo < 0 || hi < 0) descending = false;
    }
    prev = p;
  }
  const nullPages: boolean[] = [], minValues: Buffer[] = [], maxValues: Buffer[] = [], nullCounts: number[] = [];
  for (const p of pages) {
    nullPages.push(p.min === null);
    minValues.push(p.min ?? empty);
    maxValues.push(p.max ?? empty);
    nullCounts.push(p.nulls);
  }
  const boundaryOrder = ascending ? thrift.BoundaryOrder.ASCENDING : descending ? thrift.BoundaryOrder.DESCENDING : thrift.BoundaryOrder.UNORDERED;
  const column = columnIndex({ nullPages, minValues, maxValues, boundaryOrder, nullCounts });
  return { column, offset };
}

/** A chunk's page index as a scan uses it: per data page, where it is, its first row, and its statistics. */
export interface PageIndex {
  readonly offsets: readonly number[];
  readonly sizes: readonly number[];
  readonly firstRows: readonly number[];
  /** Per page (undefined when the chunk has no ColumnIndex). */
  readonly stats: readonly ColumnStats[] | undefined;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
/** Indexes already read, by the (cached, per-thread) footer's column chunk object. */
const cache = new WeakMap<object, PageIndex | null>();

const TYPE_NAMES: Record<number, string> = { 0: 'BOOLEAN', 2: 'INT64', 6: 'BYTE_ARRAY' };

/**
 * The page index of a column chunk (`chunk` is the footer's ColumnChunk), or
 * null when the file has none (files written before it existed). One read
 * when the two indexes are adjacent, as our writer puts them.
 */
export async function readPageIndex(reader: PqReader, chunk: any, rows: number): Promise<PageIndex | null> {
  const hit = cache.get(chunk);
  if (hit !== undefined) return hit;
  const oOff = chunk.offset_index_offset, oLen = chunk.offset_index_length;
  if (oOff === null || oOff === undefined || !oLen) {
    cache.set(chunk, null);
    return null;
  }
  const cOff = chunk.column_index_offset, cLen = chunk.column_index_length;
  const hasColumn = cOff !== null && cOff !== undefined && cLen > 0;
  const start = hasColumn ? Math.min(Number(cOff), Number(oOff)) : Number(oOff);
  const end = hasColumn ? Math.max(Number(cOff) + cLen, Number(oOff) + oLen) : Number(oOff) + oLen;
  const buf = await reader.envelopeReader.read(start, end - start);
  const oi = new thrift.OffsetIndex();
  decodeThrift(oi, buf, Number(oOff) - start);
  const locs = oi.page_locations as any[];
  let stats: ColumnStats[] | undefined;
  if (hasColumn) {
    const ci = new thrift.ColumnIndex();
    decodeThrift(ci, buf, Number(cOff) - start);
    const type = TYPE_NAMES[chunk.meta_data.type as number] ?? 'OTHER';
    const first = locs.map((l) => Number(l.first_row_index));
    stats = locs.map((_, i) => {
      // parquetjs-lite's thrift reader reads every bool of a list as false, so
      // null_pages is no use here: a page is all null when its null count is its row count.
      const nulls = ci.null_counts ? Number(ci.null_counts[i]) : undefined;
      const allNull = nulls === undefined ? undefined : nulls === (first[i + 1] ?? rows) - first[i]!;
      return {
        min: allNull !== false ? undefined : decodeStat(ci.min_values[i], type),
        max: allNull !== false ? undefined : decodeStat(ci.max_values[i], type),
        allNull,
        noNulls: nulls === undefined ? undefined : nulls === 0,
      };
    });
  }
  const index: PageIndex = {
    offsets: locs.map((l) => Number(l.offset)),
    sizes: locs.map((l) => Number(l.compressed_page_size)),
    firstRows: locs.map((l) => Number(l.first_row_index)),
    stats,
  };
  if (index.firstRows[0] !== 0 || index.firstRows.some((r, i) => i > 0 && r <= index.firstRows[i - 1]!) || index.firstRows.at(-1)! >= rows) {
    cache.set(chunk, null); // not an index we can trust: read the chunk whole
    return null;
  }
  cache.set(chunk, index);
  return index;
}

/** Rows [from, to) of page `i`. */
export function pageRowRange(index: PageIndex, i: number, rows: number): [number, number] {
  return [index.firstRows[i]!, index.firstRows[i + 1] ?? rows];
}
