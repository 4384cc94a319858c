// What one batch of aggregation input offers the aggregates: the selected rows
// of a chunk (a row group after the scan's filter, or an operator's output),
// read per expression as values, numbers or value ids (ValueIds). Ids come the
// cheapest way the batch allows:
// - a dictionary-encoded column: its dictionary index mapped to an id once per
//   entry (an Int32Array lookup per row, no string touched);
// - a deterministic expression over one dictionary-encoded column: evaluated
//   once per entry the selected rows use, then looked up by index;
// - date_trunc with a fixed unit ('hour', 'day', ...) over a timestamp: the
//   bucket computed inline over the numbers;
// - anything else: evaluated, then one id lookup per run of equal values
//   (files are sorted, so runs are long).
// columnForms says which columns a scan can hand over as dictionary indices
// or as a Float64Array of numbers only; values are made from those if an
// expression asks for them after all.

import { columnsOf, isOperator, type Expr } from '../plan/expr.js';
import type { AggCall } from '../plan/logical.js';
import type { EvalContext, Value } from '../plan/types.js';
import { isDistinct, NUMBER_TYPES } from './agg-scalar.js';
import type { Chunk } from './chunk.js';
import { evaluate, type Columns } from './eval.js';
import type { Dictionary } from './scan-columns.js';
import { lookupFunction } from './functions/index.js';
import type { ValueIds } from './group-table.js';

export interface Batch {
  /** All rows of the input; `sel` picks the ones to aggregate (all when null). */
  readonly chunk: Chunk;
  readonly sel: Uint32Array | null;
  readonly count: number;
  /** Column position → that column's dictionary in this chunk, when it has one. */
  readonly dicts: ReadonlyMap<number, Dictionary>;
  /** Column position → its numbers (NaN for NULL), for a column read as numbers (its values are then empty). */
  readonly numbers?: ReadonlyMap<number, Float64Array>;
}

export const wholeChunk = (chunk: Chunk): Batch => ({ chunk, sel: null, count: chunk.length, dicts: new Map() });

/**
 * How a scan hands a column chunk over: values, dictionary indices only (when
 * it has a dictionary), numbers only (INT64), or whichever of the two it allows.
 */
export type ChunkForm = 'values' | 'indices' | 'numbers' | 'compact';

/** date_trunc units of a fixed length in ms (week is aligned to Mondays, not a multiple of its length). */
const FIXED_UNITS: Record<string, number> = { millisecond: 1, second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };

const BUCKET_SPAN = 4096;

/** The bucket length and the time when `e` is date_trunc('<fixed unit>', <timestamp>). */
function fixedTrunc(e: Expr): { unit: number; time: Expr } | null {
  if (e.kind !== 'call' || e.fn !== 'date_trunc' || e.args.length !== 2) return null;
  const [u, time] = e.args as [Expr, Expr];
  if (u.kind !== 'literal' || typeof u.value !== 'string' || time.type !== 'timestamp') return null;
  const unit = FIXED_UNITS[u.value.toLowerCase()];
  return unit ? { unit, time } : null;
}

function deterministic(e: Expr): boolean {
  switch (e.kind) {
    case 'column': case 'literal': return true;
    case 'call': return (isOperator(e.fn) || e.fn.startsWith('__') || (lookupFunction(e.fn)?.deterministic ?? false)) && e.args.every(deterministic);
    case 'case': return e.whens.every((w) => deterministic(w.when) && deterministic(w.then)) && deterministic(e.else);
    case 'cast': return deterministic(e.arg);
    case 'in': return deterministic(e.arg) && e.list.every(deterministic);
    case 'like': return deterministic(e.arg) && deterministic(e.pattern) && (!e.escape || deterministic(e.escape));
    case 'subquery': return false;
    default: return e satisfies never;
  }
}

/** The column `e` reads when it reads exactly one and can be evaluated per dictionary entry. */
function soleColumn(e: Expr): string | null {
  const used = columnsOf(e);
  return used.size === 1 && deterministic(e) ? [...used][0]! : null;
}

/**
 * The form each column can be read in for grouping by `groupBy` and computing
 * `aggs` (columns not listed: values). A column read only as value ids of an
 * expression over it alone (a key, a DISTINCT argument) needs its dictionary
 * indices; one read only as the time of a date_trunc key or the argument of
 * sum, avg, min or max of numbers needs its numbers.
 */
export function columnForms(groupBy: readonly Expr[], aggs: readonly AggCall[]): Map<string, ChunkForm> {
  const forms = new Map<string, ChunkForm>();
  const use = (c: string, f: ChunkForm) => forms.set(c, forms.has(c) && forms.get(c) !== f ? 'values' : f);
  const anyUse = (e: Expr) => { for (const c of columnsOf(e)) use(c, 'values'); };
  for (const e of [...groupBy, ...aggs.filter(isDistinct).map((a) => a.args[0]!)]) {
    const trunc = fixedTrunc(e), c = soleColumn(e);
    if (trunc?.time.kind === 'column') use(trunc.time.name, 'numbers');
    else if (c !== null) use(c, 'indices');
    else anyUse(e);
  }
  for (const a of aggs) {
    if (isDistinct(a)) { a.args.slice(1).forEach(anyUse); continue; }
    const x = a.args[0];
    if (x?.kind === 'column' && (a.fn === 'sum' || a.fn === 'avg' || ((a.fn === 'min' || a.fn === 'max') && NUMBER_TYPES.has(x.type)))) use(x.name, 'numbers');
    else a.args.forEach(anyUse);
  }
  for (const [c, f] of forms) if (f === 'values') forms.delete(c);
  return forms;
}

export class BatchInput {
  private readonly cache = new Map<Expr, Value[]>();
  private selected: Value[][] | null = null;

  constructor(readonly batch: Batch, private readonly cols: Columns, private readonly ctx: EvalContext) {}

  get count(): number { return this.batch.count; }

  private position(name: string): number {
    const i = this.cols.get(name);
    if (i === undefined) throw new Error(`internal: column ${name} not in input`);
    return i;
  }

  /** All rows of column i as values (made from its dictionary or numbers if it was read as those). */
  private column(i: number): Value[] {
    const { chunk, dicts, numbers } = this.batch;
    const src = chunk.columns[i]!;
    if (src.length === chunk.length) return src;
    const d = dicts.get(i), nums = numbers?.get(i);
    if (d) return (chunk.columns[i] = Array.from(d.indices, (k) => (k < 0 ? null : d.entries.get(k))));
    if (nums) return (chunk.columns[i] = Array.from(nums, (x) => (x !== x ? null : x)));
    return src;
  }

  /** The selected rows of `e`'s columns (others left empty), for evaluating expressions. */
  private selectedChunk(e: Expr): Chunk {
    const { chunk, sel, count } = this.batch;
    this.selected ??= chunk.columns.map(() => []);
    for (const name of columnsOf(e)) {
      const i = this.position(name);
      if (this.selected[i]!.length === count) continue;
      const src = this.column(i);
      if (!sel) { this.selected[i] = src; continue; }
      const out: Value[] = new Array(count);
      for (let k = 0; k < count; k++) out[k] = src[sel[k]!]!;
      this.selected[i] = out;
    }
    return { columns: this.selected, length: count };
  }

  /** `e`'s value for each selected row. */
  values(e: Expr): Value[] {
    let v = this.cache.get(e);
    if (!v) {
      v = evaluate(e, this.selectedChunk(e), this.cols, this.ctx);
      this.cache.set(e, v);
    }
    return v;
  }

  /** When `e` is a column read as numbers: its number for each selected row (NaN for NULL). */
  numbers(e: Expr): Float64Array | null {
    const nums = e.kind === 'column' ? this.batch.numbers?.get(this.position(e.name)) : undefined;
    if (!nums) return null;
    const { sel, count } = this.batch;
    if (!sel) return nums;
    const out = new Float64Array(count);
    for (let k = 0; k < count; k++) out[k] = nums[sel[k]!]!;
    return out;
  }

  /** The id in `ids` of `e`'s value for each selected row. */
  ids(e: Expr, ids: ValueIds): Int32Array {
    const c = soleColumn(e);
    const dict = c === null ? undefined : this.batch.dicts.get(this.position(c));
    if (dict) return e.kind === 'column' ? this.columnIds(dict, ids) : this.entryIds(e, ids);
    const trunc = fixedTrunc(e);
    return trunc ? this.bucketIds(this.numbers(trunc.time) ?? this.values(trunc.time), trunc.unit, ids) : this.runIds(this.values(e), ids);
  }

  private columnIds(dict: Dictionary, ids: ValueIds): Int32Array {
    const { sel, count } = this.batch;
    const size = dict.entries.size, idx = dict.indices;
    const map = new Int32Array(size + 1).fill(-1); // entry → id; the last entry is NULL
    const out = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const d = idx[sel === null ? i : sel[i]!]!;
      const k = d < 0 ? size : d;
      let id = map[k]!;
      if (id < 0) id = map[k] = ids.idOf(d < 0 ? null : dict.entries.get(d));
      out[i] = id;
    }
    return out;
  }

  /** The dictionary entries the selected rows use, in first-use order (NULL as the last entry), and each entry's position in that list (-1 unused). */
  private usedEntries(dict: Dictionary): { slot: Int32Array; entries: Value[] } {
    const { sel, count } = this.batch;
    const size = dict.entries.size, idx = dict.indices;
    const slot = new Int32Array(size + 1).fill(-1);
    const entries: Value[] = [];
    for (let i = 0; i < count; i++) {
      const d = idx[sel === null ? i : sel[i]!]!;
      const k = d < 0 ? size : d;
      if (slot[k]! < 0) { slot[k] = entries.length; entries.push(d < 0 ? null : dict.entries.get(d)); }
    }
    return { slot, entries };
  }

  /** `e` evaluated once per entry of the used dictionary `entries` (an error stays where Trino would raise it). */
  private overEntries(e: Expr, entries: Value[]): Value[] {
    const probe: Value[][] = this.batch.chunk.columns.map(() => []);
    probe[this.position(soleColumn(e)!)] = entries;
    return evaluate(e, { columns: probe, length: entries.length }, this.cols, this.ctx);
  }

  private entryIds(e: Expr, ids: ValueIds): Int32Array {
    const { codes, values } = this.entryCodes(e)!;
    const map = Int32Array.from(values, (v) => ids.idOf(v));
    for (let i = 0; i < codes.length; i++) codes[i] = map[codes[i]!]!;
    return codes;
  }

  /**
   * When `e` reads one dictionary-encoded column: its values once per
   * dictionary entry the selected rows use, and for each selected row the
   * position of its value in that list.
   */
  entryCodes(e: Expr): { codes: Int32Array; values: Value[] } | null {
    const c = soleColumn(e);
    const dict = c === null ? undefined : this.batch.dicts.get(this.position(c));
    if (!dict) return null;
    const { sel, count } = this.batch;
    const size = dict.entries.size, idx = dict.indices;
    const { slot, entries } = this.usedEntries(dict);
    const codes = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const d = idx[sel === null ? i : sel[i]!]!;
      codes[i] = slot[d < 0 ? size : d]!;
    }
    return { codes, values: e.kind === 'column' ? entries : this.overEntries(e, entries) };
  }

  /** Ids of the time buckets of `times` (values, or numbers with NaN for NULL). */
  private bucketIds(times: readonly Value[] | Float64Array, unit: number, ids: ValueIds): Int32Array {
    const n = this.batch.count, out = new Int32Array(n);
    // Buckets near the batch's first one find their id in a small array (a row group spans hours, not years).
    const cache = new Int32Array(BUCKET_SPAN).fill(-1);
    const typed = times instanceof Float64Array;
    let base = NaN, nullId = -1;
    for (let i = 0; i < n; i++) {
      const t = times[i]!;
      if (t === null || (typed && t !== t)) { out[i] = nullId < 0 ? (nullId = ids.idOf(null)) : nullId; continue; }
      const b = Math.floor((t as number) / unit) * unit;
      if (base !== base) base = b - (BUCKET_SPAN / 2) * unit;
      const k = (b - base) / unit;
      if (k >= 0 && k < BUCKET_SPAN) {
        let id = cache[k]!;
        if (id < 0) id = cache[k] = ids.idOf(b);
        out[i] = id;
      } else out[i] = ids.idOf(b);
    }
    return out;
  }

  private runIds(vals: readonly Value[], ids: ValueIds): Int32Array {
    const n = this.batch.count, out = new Int32Array(n);
    let prev: Value | undefined, prevId = -1;
    for (let i = 0; i < n; i++) {
      const v = vals[i]!;
      if (v !== prev || prevId < 0) { prev = v; prevId = ids.idOf(v); }
      out[i] = prevId;
    }
    return out;
  }
}
