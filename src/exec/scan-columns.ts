// A row group's columns as a scan holds them while it filters. A column is
// values (one per row), or, when the decoder could hand it over that way
// ('compact' form), only its dictionary indices or only its numbers: a filter
// column then costs no JS value per row, and values are made for the rows
// that get that far (the ones still passing, the matches).
//   needle "IAM changes, one day" (1M events): 122k rows scanned, 695 matched

import type { Value } from '../plan/types.js';
import type { DictionaryEntries } from '../store/dictionary-entries.js';
import type { Chunk } from './chunk.js';

/** A dictionary-encoded column chunk: its entries and each row's index into them (-1 for NULL). */
export interface Dictionary {
  readonly entries: DictionaryEntries;
  readonly indices: Int32Array;
}

export interface RowGroupColumns {
  /** Per column: a value per row, or [] when it is held in `dicts` or `numbers` (or was not read). */
  readonly columns: Value[][];
  readonly dicts: ReadonlyMap<number, Dictionary>;
  /** INT64 columns held as numbers, NaN for NULL. */
  readonly numbers: ReadonlyMap<number, Float64Array>;
  readonly length: number;
}

/** Column i's values at rows `at[0..count)`, or at every row when `at` is null. */
export function valuesAt(g: RowGroupColumns, i: number, at: ArrayLike<number> | null, count: number): Value[] {
  const src = g.columns[i]!;
  const d = src.length ? undefined : g.dicts.get(i);
  const nums = src.length || d ? undefined : g.numbers.get(i);
  if (!at && src.length) return src;
  const out: Value[] = new Array(count);
  if (d) {
    const { indices, entries } = d;
    for (let k = 0; k < count; k++) {
      const x = indices[at ? at[k]! : k]!;
      out[k] = x < 0 ? null : entries.get(x);
    }
  } else if (nums) {
    for (let k = 0; k < count; k++) {
      const x = nums[at ? at[k]! : k]!;
      out[k] = x !== x ? null : x;
    }
  } else {
    for (let k = 0; k < count; k++) out[k] = src[at ? at[k]! : k] ?? null; // [] for a column not read: NULLs
  }
  return out;
}

/** Rows `at[0..count)` (every row when null) of the columns `which` (default all) as values; the others left empty. */
export function selectValues(g: RowGroupColumns, at: ArrayLike<number> | null, count: number, which?: Iterable<number>): Chunk {
  const columns: Value[][] = g.columns.map(() => []);
  for (const i of which ?? g.columns.keys()) columns[i] = valuesAt(g, i, at, at ? count : g.length);
  return { columns, length: at ? count : g.length };
}
