// Page pruning, the fourth level after partitions, files and row groups: the
// rows of a row group that the filter's columns' page statistics (the Parquet
// page index) do not rule out. The filter columns' page boundaries cut the row
// group into segments; in each, every column has one page, and the segment is
// kept unless those pages' statistics prove the filter false (stats.ts).
//   eventName = 'PutRolePolicy' over a row group sorted by (eventName, eventTime):
//   one 1,024-row page of 10 may hold it, so one page of each column is read.

import type { Expr } from '../plan/expr.js';
import { pageRowRange, readPageIndex, type PageIndex } from '../store/page-index.js';
import type { PqReader } from '../store/parquet-lib.js';
import { columnChunk } from '../store/parquet-read.js';
import { overlapCursor, type RowRanges } from '../store/row-ranges.js';
import { mayMatch, type ColumnStats } from './stats.js';

/**
 * The ranges of rows [0, rows) that may match `filter`, given the page index
 * of some of its columns (by plan column name); null when pruning removes
 * nothing (or nothing is known).
 */
export function keptRowRanges(filter: Expr, rows: number, indexes: ReadonlyMap<string, PageIndex>): RowRanges | null {
  const cols = [...indexes].filter(([, ix]) => ix.stats && ix.offsets.length > 1);
  if (cols.length === 0) return null;
  const cuts = new Set<number>([0]);
  for (const [, ix] of cols) for (const r of ix.firstRows) cuts.add(r);
  const bounds = [...cuts].sort((a, b) => a - b);
  bounds.push(rows);
  const at = new Map<string, number>(cols.map(([n]) => [n, 0]));
  const out: number[] = [];
  for (let s = 0; s + 1 < bounds.length; s++) {
    const from = bounds[s]!, to = bounds[s + 1]!;
    const current = new Map<string, ColumnStats>();
    for (const [name, ix] of cols) {
      let p = at.get(name)!;
      while (p + 1 < ix.firstRows.length && pageRowRange(ix, p, rows)[1] <= from) p++;
      at.set(name, p);
      current.set(name, ix.stats![p]!);
    }
    if (!mayMatch(filter, (n) => current.get(n))) continue;
    if (out.length && out[out.length - 1] === from) out[out.length - 1] = to;
    else out.push(from, to);
  }
  return out.length === 2 && out[0] === 0 && out[1] === rows ? null : out;
}

/** The page indexes of row group `g`'s chunks for these plan columns (`pathOf` maps names to leaf paths), where the file has them. */
export async function filterPageIndexes(reader: PqReader, g: number, rows: number, names: Iterable<string>, pathOf: ReadonlyMap<string, string>): Promise<Map<string, PageIndex>> {
  const out = new Map<string, PageIndex>();
  for (const name of names) {
    const path = pathOf.get(name);
    const chunk = path === undefined ? undefined : columnChunk(reader, g, path);
    const index = chunk ? await readPageIndex(reader, chunk, rows) : null;
    if (index) out.set(name, index);
  }
  return out;
}

/** Pages of these indexes in all, and those that meet `kept` (all of them when null). */
export function countPages(indexes: ReadonlyMap<string, PageIndex>, kept: RowRanges | null, rows: number): { total: number; kept: number } {
  let total = 0, n = 0;
  for (const ix of indexes.values()) {
    const meets = kept ? overlapCursor(kept) : () => true;
    for (let i = 0; i < ix.offsets.length; i++) {
      total++;
      const [from, to] = pageRowRange(ix, i, rows);
      if (meets(from, to)) n++;
    }
  }
  return { total, kept: n };
}
