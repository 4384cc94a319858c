// A scan's pushed filter over one row group, as a selection of rows. A
// conjunct that reads only one dictionary-encoded column (eventName = 'X',
// userAgent LIKE '%boto%', errorCode IS NOT NULL) is evaluated once per
// dictionary entry and once for NULL, then looked up per row through the
// row's dictionary index (a typed array). The other conjuncts are evaluated
// on the rows, once, together.
//   WHERE userAgent LIKE '%Boto3%'  over 16,384 rows, 40 distinct agents: 41 LIKE tests, not 16,384

import { columnsOf, conjoin, conjuncts, type Expr } from '../plan/expr.js';
import type { EvalContext, Value } from '../plan/types.js';
import type { Chunk } from './chunk.js';
import { evaluate, type Columns } from './eval.js';

const NONE: Value[] = [];

/** A dictionary-encoded column chunk: its distinct values and each row's index into them (-1 for NULL). */
export interface Dictionary {
  readonly values: readonly string[];
  readonly indices: Int32Array;
}

/** Rows of `chunk` where `filter` is TRUE; `dicts` maps a column position to its chunk's dictionary. */
export function filterRows(filter: Expr, chunk: Chunk, cols: Columns, ctx: EvalContext, dicts: ReadonlyMap<number, Dictionary>): { sel: Uint32Array; count: number } {
  const n = chunk.length;
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
    for (let r = 0; r < n; r++) {
      const d = indices[r]!;
      pass[r] &= ok[d < 0 ? size : d]!;
    }
  }
  if (rest.length) {
    const res = evaluate(conjoin(rest), chunk, cols, ctx);
    for (let r = 0; r < n; r++) if (res[r] !== true) pass[r] = 0;
  }
  const sel = new Uint32Array(n);
  let count = 0;
  for (let r = 0; r < n; r++) if (pass[r]) sel[count++] = r;
  return { sel, count };
}
