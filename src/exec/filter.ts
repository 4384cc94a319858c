// A scan's pushed filter over one row group, as a selection of rows. A
// conjunct that reads only one dictionary-encoded column (eventName = 'X',
// userAgent LIKE '%boto%', errorCode IS NOT NULL) is evaluated once per
// dictionary entry and once for NULL, then looked up per row through the
// row's dictionary index (a typed array). The other conjuncts are evaluated
// on the rows, once, together.
//   WHERE userAgent LIKE '%Boto3%'  over 16,384 rows, 40 distinct agents: 41 LIKE tests, not 16,384

import { columnsOf, conjoin, conjuncts, type Expr } from '../plan/expr.js';
import type { EvalContext, Value } from '../plan/types.js';
import { rowsOfRanges, type RowRanges } from '../store/row-ranges.js';
import { selectRows, type Chunk } from './chunk.js';
import { evaluate, type Columns } from './eval.js';

const NONE: Value[] = [];

/** A dictionary-encoded column chunk: its distinct values and each row's index into them (-1 for NULL). */
export interface Dictionary {
  readonly values: readonly string[];
  readonly indices: Int32Array;
}

/**
 * Rows of `chunk` where `filter` is TRUE; `dicts` maps a column position to its
 * chunk's dictionary. With `need` (page pruning's ranges), only those rows are
 * candidates: the others are known not to match and may not even be decoded.
 */
export function filterRows(filter: Expr, chunk: Chunk, cols: Columns, ctx: EvalContext, dicts: ReadonlyMap<number, Dictionary>, need?: RowRanges | null): { sel: Uint32Array; count: number } {
  const cand = need ? rowsOfRanges(need) : null;
  const n = cand ? cand.length : chunk.length;
  const pass = new Uint8Array(n).fill(1);
  const rest: Expr[] = [];
  for (const part of conjuncts(filter)) {
    const used = [...columnsOf(part)];
    const at = used.length === 1 ? cols.get(used[0]!) : undefined;
    const dict = at === undefined ? undefined : dicts.get(at);
    if (!dict) { rest.push(part); continue; }
    // Entry k of the probe is dictionary value k; the last one is NULL (index -1).
    const probe = chunk.columns.map(() => NONE);
    const size = dict.values.length;
    probe[at!] = [...dict.values, null];
    const res = evaluate(part, { columns: probe, length: size + 1 }, cols, ctx);
    const ok = new Uint8Array(size + 1);
    for (let k = 0; k <= size; k++) ok[k] = res[k] === true ? 1 : 0;
    const { indices } = dict;
    for (let i = 0; i < n; i++) {
      const d = indices[cand ? cand[i]! : i]!;
      pass[i] &= ok[d < 0 ? size : d]!;
    }
  }
  if (rest.length) {
    const res = evaluate(conjoin(rest), cand ? selectRows(chunk, cand) : chunk, cols, ctx);
    for (let i = 0; i < n; i++) if (res[i] !== true) pass[i] = 0;
  }
  const sel = new Uint32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) if (pass[i]) sel[count++] = cand ? cand[i]! : i;
  return { sel, count };
}
