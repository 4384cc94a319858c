// ORDER BY row order, and Top-N: shared by the main thread's sort and topN
// operators and by scan tasks, which keep only their own top N rows (the
// global top N is among the union of the tasks' top N), skipping a row group
// when even its best row would not make the top N so far.

import type { SortKey } from '../plan/logical.js';
import type { EvalContext, Value } from '../plan/types.js';
import { selectRows, type Chunk } from './chunk.js';
import { compareValues, evaluate, type Columns } from './eval.js';

/** A pushed-down ORDER BY ... LIMIT n, in the scan's column names. */
export interface TopN { readonly keys: readonly SortKey[]; readonly n: number }

function compareKeys(keys: readonly SortKey[], a: readonly Value[][], i: number, b: readonly Value[][], j: number): number {
  for (let k = 0; k < keys.length; k++) {
    const x = a[k]![i]!, y = b[k]![j]!;
    if (x === null || y === null) {
      if (x === y) continue;
      return (x === null) === keys[k]!.nullsFirst ? -1 : 1;
    }
    const r = compareValues(x, y);
    if (r !== 0) return keys[k]!.desc ? -r : r;
  }
  return 0;
}

const keyValues = (c: Chunk, keys: readonly SortKey[], cols: Columns, ctx: EvalContext) => keys.map((k) => evaluate(k.expr, c, cols, ctx));

/** Row indexes of `c` in ORDER BY order (ties keep their input order). */
export function sortIndexes(c: Chunk, keys: readonly SortKey[], cols: Columns, ctx: EvalContext): number[] {
  const kv = keyValues(c, keys, cols, ctx);
  const idx = Array.from({ length: c.length }, (_, i) => i);
  idx.sort((a, b) => compareKeys(keys, kv, a, kv, b) || a - b);
  return idx;
}

/** The first `n` rows of `c` in ORDER BY order. */
export function topRows(c: Chunk, keys: readonly SortKey[], cols: Columns, ctx: EvalContext, n: number): Chunk {
  return selectRows(c, sortIndexes(c, keys, cols, ctx).slice(0, n));
}

/**
 * Whether any row of `candidate` (whose key columns are read) would enter `best`,
 * the top rows so far (sorted, `n` of them when full).
 */
export function couldEnter(t: TopN, best: Chunk | null, candidate: Chunk, cols: Columns, ctx: EvalContext): boolean {
  if (!best || best.length < t.n || candidate.length === 0) return candidate.length > 0;
  const worst = keyValues(selectRows(best, [best.length - 1]), t.keys, cols, ctx);
  const kv = keyValues(candidate, t.keys, cols, ctx);
  for (let i = 0; i < candidate.length; i++) if (compareKeys(t.keys, kv, i, worst, 0) < 0) return true;
  return false;
}

/** The first key's value in the last row of a full top-N (the bar a file must reach), else null. */
export function topNBar(t: TopN, best: Chunk | null, cols: Columns, ctx: EvalContext): Value {
  if (!best || best.length < t.n) return null;
  return evaluate(t.keys[0]!.expr, selectRows(best, [best.length - 1]), cols, ctx)[0]!;
}
