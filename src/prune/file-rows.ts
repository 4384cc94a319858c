// What the pruning levels inside one data file leave of it, from its footer
// and page indexes alone (no data page is read): the row groups whose
// statistics may match, and in each, the pages of the filter's columns and
// the rows that the page index does not rule out. EXPLAIN reports it; the
// scan sizes its work with it (inline or on the workers, exec/scan.ts).

import type { Expr } from '../plan/expr.js';
import { openParquet, type PqReader } from '../store/parquet-lib.js';
import { rangeRows } from '../store/row-ranges.js';
import { countPages, filterPageIndexes, keptRowRanges } from './pages.js';
import { keptRowGroups } from './row-groups.js';

export interface FileRows {
  readonly rowGroupsKept: number;
  /** Pages of the filter's columns in the kept row groups, and those the page index keeps. */
  readonly pagesTotal: number;
  readonly pagesKept: number;
  /** Rows of the kept row groups that the page index keeps: what a scan decodes at most. */
  readonly rows: number;
}

/** `pathOf` maps plan column names to leaf paths; `filterCols` are the filter's columns. */
export async function fileRows(reader: PqReader, filter: Expr | null, pathOf: ReadonlyMap<string, string>, filterCols: Iterable<string>): Promise<FileRows> {
  const groups = keptRowGroups(reader.metadata, filter, (n) => pathOf.get(n));
  let pagesTotal = 0, pagesKept = 0, kept = 0;
  for (const g of groups) {
    const rows = Number(reader.metadata.row_groups[g].num_rows);
    if (!filter) {
      kept += rows;
      continue;
    }
    const indexes = await filterPageIndexes(reader, g, rows, filterCols, pathOf);
    const ranges = keptRowRanges(filter, rows, indexes);
    const pages = countPages(indexes, ranges, rows);
    pagesTotal += pages.total;
    pagesKept += pages.kept;
    kept += ranges ? rangeRows(ranges) : rows;
  }
  return { rowGroupsKept: groups.length, pagesTotal, pagesKept, rows: kept };
}

/** fileRows of each file in turn, opened through this thread's cache (a caller may stop early). */
export async function* eachFileRows(paths: Iterable<string>, filter: Expr | null, pathOf: ReadonlyMap<string, string>, filterCols: Iterable<string>): AsyncGenerator<FileRows> {
  const cols = [...filterCols];
  for (const path of paths) {
    const reader = await openParquet(path);
    try {
      yield await fileRows(reader, filter, pathOf, cols);
    } finally {
      await reader.close();
    }
  }
}
