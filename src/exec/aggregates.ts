// Hash aggregation with partial results: scan workers aggregate their row
// groups and send a Partial; the main thread merges partials and finishes. The
// same class aggregates chunks in the main thread when the input is not a scan.
// Groups are ids: each key expression's values get value ids (ValueIds, from
// dictionary indices where the chunk has them, agg-input.ts), a group is a
// tuple of value ids in a GroupTable, and aggregate states are arrays indexed
// by group (agg-states.ts). A Partial is those arrays: a few typed buffers and
// each key's distinct values, not an object per group.

import type { Expr } from '../plan/expr.js';
import type { AggCall } from '../plan/logical.js';
import type { EvalContext, Value } from '../plan/types.js';
import { BatchInput, wholeChunk, type Batch } from './agg-input.js';
import { newState, type AggPartial, type AggState } from './agg-states.js';
import type { Chunk } from './chunk.js';
import { QueryError } from './errors.js';
import type { Columns } from './eval.js';
import { GroupTable, ValueIds } from './group-table.js';

/** Groups beyond this are refused with a clear error rather than exhausting memory. */
export const MAX_GROUPS = Number(process.env.TRAILLAKE_MAX_GROUPS ?? 2_000_000);

export interface Partial {
  readonly groups: number;
  /** Per key expression: its distinct values, and each group's index into them. */
  readonly keys: readonly { readonly values: Value[]; readonly codes: Int32Array }[];
  readonly states: readonly AggPartial[];
}

function tooMany(size: number): void {
  if (size >= MAX_GROUPS) throw new QueryError(`GROUP BY produced more than ${MAX_GROUPS.toLocaleString('en-US')} groups, the limit (set TRAILLAKE_MAX_GROUPS to raise it, memory permitting)`);
}

/** A partial of `aggs` (all count(*)) over no keys: `n` rows, as the manifest counts them. */
export const countPartial = (aggs: readonly AggCall[], n: number): Partial =>
  ({ groups: 1, keys: [], states: aggs.map(() => ({ kind: 'count', n: Float64Array.of(n) })) });

export class Aggregator {
  private readonly keyIds: ValueIds[];
  /** Null without GROUP BY: then there is exactly one group (a global aggregate has a row even over no input). */
  private readonly table: GroupTable | null;
  private readonly states: AggState[];

  constructor(readonly groupBy: readonly Expr[], readonly aggs: readonly AggCall[]) {
    this.keyIds = groupBy.map(() => new ValueIds());
    this.table = groupBy.length ? new GroupTable(groupBy.length, tooMany) : null;
    this.states = aggs.map(newState);
  }

  get size(): number { return this.table ? this.table.size : 1; }

  addChunk(c: Chunk, cols: Columns, ctx: EvalContext): void {
    this.addBatch(wholeChunk(c), cols, ctx);
  }

  /** Aggregates the batch's selected rows. */
  addBatch(b: Batch, cols: Columns, ctx: EvalContext): void {
    if (b.count === 0) return;
    const input = new BatchInput(b, cols, ctx);
    const gids = this.groupIds(input);
    for (const s of this.states) s.add(input, gids, this.size);
  }

  /** Each selected row's group; rows with the previous row's key skip the lookup (files are sorted). */
  private groupIds(input: BatchInput): Int32Array {
    const n = input.count, gids = new Int32Array(n);
    const t = this.table;
    if (!t) return gids;
    const codes = this.groupBy.map((e, j) => input.ids(e, this.keyIds[j]!));
    if (codes.length === 1) {
      const a = codes[0]!;
      for (let i = 0, pa = -1, g = -1; i < n; i++) {
        if (a[i] !== pa) { pa = a[i]!; g = t.find1(pa); }
        gids[i] = g;
      }
    } else if (codes.length === 2) {
      const a = codes[0]!, b = codes[1]!;
      for (let i = 0, pa = -1, pb = -1, g = -1; i < n; i++) {
        if (a[i] !== pa || b[i] !== pb) { pa = a[i]!; pb = b[i]!; g = t.find2(pa, pb); }
        gids[i] = g;
      }
    } else {
      const key = new Int32Array(codes.length).fill(-1);
      for (let i = 0, g = -1; i < n; i++) {
        let same = g >= 0;
        for (let j = 0; j < codes.length; j++) if (key[j] !== codes[j]![i]) { key[j] = codes[j]![i]!; same = false; }
        if (!same) g = t.find(key);
        gids[i] = g;
      }
    }
    return gids;
  }

  partial(): Partial {
    const groups = this.size;
    return {
      groups,
      keys: this.keyIds.map((ids, j) => ({ values: ids.values, codes: this.table!.codes(j).slice() })),
      states: this.states.map((s) => s.partial(groups)),
    };
  }

  mergePartial(p: Partial): void {
    const gmap = new Int32Array(p.groups);
    const t = this.table;
    if (t) {
      // The partial's value ids → ours, once per distinct value; then its groups → ours.
      const codes = p.keys.map((k, j) => {
        const ids = this.keyIds[j]!, vmap = new Int32Array(k.values.length);
        for (let v = 0; v < k.values.length; v++) vmap[v] = ids.idOf(k.values[v]!);
        return k.codes.map((c) => vmap[c]!);
      });
      const key = new Int32Array(codes.length);
      for (let i = 0; i < p.groups; i++) {
        for (let j = 0; j < codes.length; j++) key[j] = codes[j]![i]!;
        gmap[i] = t.find(key);
      }
    }
    for (let a = 0; a < this.states.length; a++) this.states[a]!.merge(p.states[a]!, gmap, this.size);
  }

  /** Group keys then aggregate results, one row per group. */
  result(): Chunk {
    const groups = this.size;
    const keys = this.keyIds.map((ids, j) => {
      const codes = this.table!.codes(j), col: Value[] = new Array(groups);
      for (let g = 0; g < groups; g++) col[g] = ids.values[codes[g]!]!;
      return col;
    });
    return { columns: [...keys, ...this.states.map((s) => s.finish(groups))], length: groups };
  }
}
