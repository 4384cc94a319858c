// Hash aggregation with partial states: scan workers aggregate their rows and
// send {keys, states}; the main thread merges partials and finishes. The same
// class aggregates chunks in the main thread when the input is not a scan.
// States are plain values, arrays and Sets, so they cross threads by structured clone.

import type { Expr } from '../plan/expr.js';
import type { AggCall } from '../plan/logical.js';
import type { EvalContext, Value } from '../plan/types.js';
import type { Chunk } from './chunk.js';
import { QueryError } from './errors.js';
import { compareValues, evaluate, type Columns } from './eval.js';

/** Groups beyond this are refused with a clear error rather than exhausting memory. */
export const MAX_GROUPS = Number(process.env.TRAILLAKE_MAX_GROUPS ?? 2_000_000);

export interface Partial {
  readonly keys: Value[][];      // keys[k][g]: group g's value of key k
  readonly states: unknown[][];  // states[a][g]
}

type State = unknown;

const keyOf = (v: Value): string => (v === null ? '\u0000n' : typeof v === 'string' ? `s${v}` : typeof v === 'number' ? `d${v}` : `o${JSON.stringify(v)}`);

/**
 * The values seen by a DISTINCT aggregate or approx_distinct: scalars as
 * themselves (a Set keeps 'a', 1 and true apart, with no string made per row),
 * arrays and objects as JSON. Plain data, so it crosses from workers as is.
 */
type Distinct = [Set<string | number | boolean>, Set<string>];

function addDistinct(s: State, x: Value): Distinct {
  const d = (s as Distinct | undefined) ?? [new Set(), new Set()];
  if (x !== null) {
    if (typeof x === 'object') d[1].add(JSON.stringify(x));
    else d[0].add(x);
  }
  return d;
}

function mergeDistinct(s: Distinct, t: Distinct): Distinct {
  for (const v of t[0]) s[0].add(v);
  for (const v of t[1]) s[1].add(v);
  return s;
}

const distinctValues = (s: State): Value[] => (s ? [...(s as Distinct)[0], ...[...(s as Distinct)[1]].map((j) => JSON.parse(j) as Value)] : []);
const distinctCount = (s: State): number => (s ? (s as Distinct)[0].size + (s as Distinct)[1].size : 0);

function update(a: AggCall, s: State, x: Value, y: Value): State {
  if (a.distinct && a.fn !== 'count_star') return addDistinct(s, x);
  switch (a.fn) {
    case 'count_star': return ((s as number) ?? 0) + 1;
    case 'count': return ((s as number) ?? 0) + (x === null ? 0 : 1);
    case 'count_if': return ((s as number) ?? 0) + (x === true ? 1 : 0);
    case 'sum': return x === null ? s ?? null : ((s as number | null) ?? 0) + (x as number);
    case 'avg': { const st = (s as [number, number]) ?? [0, 0]; if (x !== null) { st[0] += x as number; st[1]++; } return st; }
    case 'min': return x === null ? s ?? null : s === null || s === undefined || compareValues(x, s as Value) < 0 ? x : s;
    case 'max': return x === null ? s ?? null : s === null || s === undefined || compareValues(x, s as Value) > 0 ? x : s;
    case 'arbitrary': return s === null || s === undefined ? x : s;
    case 'bool_and': return x === null ? s ?? null : ((s as boolean | null) ?? true) && (x as boolean);
    case 'bool_or': return x === null ? s ?? null : ((s as boolean | null) ?? false) || (x as boolean);
    case 'max_by': case 'min_by': {
      if (y === null) return s ?? null;
      const st = s as [Value, Value] | null | undefined;
      if (!st) return [x, y];
      const c = compareValues(y, st[1]);
      return (a.fn === 'max_by' ? c > 0 : c < 0) ? [x, y] : st;
    }
    case 'array_agg': { const arr = (s as Value[]) ?? []; arr.push(x); return arr; }
    case 'approx_distinct': return addDistinct(s, x);
    default: return a.fn satisfies never;
  }
}

function merge(a: AggCall, s: State, t: State): State {
  if (s === undefined) return t;
  if (t === undefined) return s;
  if ((a.distinct && a.fn !== 'count_star') || a.fn === 'approx_distinct') return mergeDistinct(s as Distinct, t as Distinct);
  switch (a.fn) {
    case 'count_star': case 'count': case 'count_if': return (s as number) + (t as number);
    case 'sum': return s === null ? t : t === null ? s : (s as number) + (t as number);
    case 'avg': return [(s as number[])[0]! + (t as number[])[0]!, (s as number[])[1]! + (t as number[])[1]!];
    case 'min': return s === null ? t : t === null ? s : compareValues(t as Value, s as Value) < 0 ? t : s;
    case 'max': return s === null ? t : t === null ? s : compareValues(t as Value, s as Value) > 0 ? t : s;
    case 'arbitrary': return s === null ? t : s;
    case 'bool_and': return s === null ? t : t === null ? s : (s as boolean) && (t as boolean);
    case 'bool_or': return s === null ? t : t === null ? s : (s as boolean) || (t as boolean);
    case 'max_by': case 'min_by': {
      if (!s) return t; if (!t) return s;
      const c = compareValues((t as Value[])[1]!, (s as Value[])[1]!);
      return (a.fn === 'max_by' ? c > 0 : c < 0) ? t : s;
    }
    case 'array_agg': return [...(s as Value[]), ...(t as Value[])];
    default: return a.fn satisfies never;
  }
}

function finish(a: AggCall, s: State): Value {
  if (a.distinct && a.fn !== 'count_star') {
    const vals = distinctValues(s);
    let st: State = undefined;
    for (const v of vals) st = update({ ...a, distinct: false }, st, v, null);
    if (a.fn === 'count' && st === undefined) return 0;
    return finish({ ...a, distinct: false }, st);
  }
  switch (a.fn) {
    case 'count_star': case 'count': case 'count_if': return (s as number) ?? 0;
    case 'approx_distinct': return distinctCount(s);
    case 'avg': { const st = s as [number, number] | undefined; return !st || st[1] === 0 ? null : st[0] / st[1]; }
    case 'max_by': case 'min_by': return s ? (s as Value[])[0]! : null;
    case 'array_agg': {
      const arr = s as Value[] | undefined;
      if (!arr || !a.order) return arr ?? null;
      const sign = a.order === 'desc' ? -1 : 1;
      return [...arr].sort((x, y) => (x === null ? (y === null ? 0 : 1) : y === null ? -1 : sign * compareValues(x, y)));
    }
    default: return (s as Value | undefined) ?? null;
  }
}

export class Aggregator {
  private readonly groups = new Map<string, number>();
  private readonly keys: Value[][];
  private readonly states: State[][];

  constructor(readonly groupBy: readonly Expr[], readonly aggs: readonly AggCall[]) {
    this.keys = groupBy.map(() => []);
    this.states = aggs.map(() => []);
    if (groupBy.length === 0) this.groupId([]); // a global aggregate has one row even over no input
  }

  get size(): number { return this.groups.size; }

  private groupId(k: readonly Value[]): number {
    const key = k.length === 1 ? keyOf(k[0]!) : k.map(keyOf).join('\u0001');
    let g = this.groups.get(key);
    if (g === undefined) {
      g = this.groups.size;
      if (g >= MAX_GROUPS) throw new QueryError(`GROUP BY produced more than ${MAX_GROUPS.toLocaleString('en-US')} groups, the limit (set TRAILLAKE_MAX_GROUPS to raise it, memory permitting)`);
      this.groups.set(key, g);
      for (let i = 0; i < k.length; i++) this.keys[i]!.push(k[i]!);
      for (const s of this.states) s.push(undefined);
    }
    return g;
  }

  addChunk(c: Chunk, cols: Columns, ctx: EvalContext): void {
    const keyCols = this.groupBy.map((e) => evaluate(e, c, cols, ctx));
    const argCols = this.aggs.map((a) => a.args.map((e) => evaluate(e, c, cols, ctx)));
    const k: Value[] = new Array(keyCols.length);
    let g = -1;
    for (let i = 0; i < c.length; i++) {
      // Files are sorted (eventName, eventTime): a row usually has the previous row's group.
      // (=== is stricter than the group key: anything it misses goes through groupId.)
      let same = g >= 0;
      for (let j = 0; j < keyCols.length && same; j++) same = keyCols[j]![i] === k[j];
      if (!same) {
        for (let j = 0; j < keyCols.length; j++) k[j] = keyCols[j]![i]!;
        g = this.groupId(k);
      }
      for (let a = 0; a < this.aggs.length; a++) {
        const args = argCols[a]!;
        const st = this.states[a]!;
        st[g] = update(this.aggs[a]!, st[g], args[0] ? args[0][i]! : null, args[1] ? args[1][i]! : null);
      }
    }
  }

  partial(): Partial {
    return { keys: this.keys, states: this.states };
  }

  mergePartial(p: Partial): void {
    const n = p.states[0]?.length ?? p.keys[0]?.length ?? 0;
    const k: Value[] = new Array(p.keys.length);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p.keys.length; j++) k[j] = p.keys[j]![i]!;
      const g = this.groupId(k);
      for (let a = 0; a < this.aggs.length; a++) this.states[a]![g] = merge(this.aggs[a]!, this.states[a]![g], p.states[a]![i]);
    }
  }

  /** Group keys then aggregate results, one row per group. */
  result(): Chunk {
    const columns: Value[][] = [...this.keys, ...this.aggs.map((a, j) => this.states[j]!.map((s) => finish(a, s)))];
    return { columns, length: this.groups.size };
  }
}
