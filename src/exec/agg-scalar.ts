// The meaning of each aggregate function, one state at a time: update with a
// row's argument values, merge two partial states, finish to the SQL result.
// Trino's NULL rules: NULL arguments are ignored (array_agg keeps them), an
// aggregate over no values is NULL (count is 0). The typed states of
// agg-states.ts implement the common functions over arrays with the same
// results; this is the general path (and what DISTINCT values feed at the end).
// States are plain values and arrays, so they cross threads by structured clone.

import type { AggCall } from '../plan/logical.js';
import type { SqlType, Value } from '../plan/types.js';
import { compareValues } from './eval.js';

export type State = unknown;

/** Types whose values are numbers (or NULL). */
export const NUMBER_TYPES: ReadonlySet<SqlType> = new Set(['bigint', 'double', 'timestamp', 'date', 'interval day to second', 'interval year to month', 'unknown']);

/** Whether an aggregate works on its argument's distinct values (count(*) has none). */
export const isDistinct = (a: AggCall): boolean => a.fn === 'approx_distinct' || (a.distinct && a.fn !== 'count_star');

export function update(a: AggCall, s: State, x: Value, y: Value): State {
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
    case 'approx_distinct': throw new Error('internal: approx_distinct is a distinct state');
    default: return a.fn satisfies never;
  }
}

export function merge(a: AggCall, s: State, t: State): State {
  if (s === undefined) return t;
  if (t === undefined) return s;
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
    case 'approx_distinct': throw new Error('internal: approx_distinct is a distinct state');
    default: return a.fn satisfies never;
  }
}

export function finish(a: AggCall, s: State): Value {
  switch (a.fn) {
    case 'count_star': case 'count': case 'count_if': return (s as number) ?? 0;
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

/** An aggregate over a group's distinct non-null values (in first-seen order): count, approx_distinct, or the plain function over them. */
export function finishDistinct(a: AggCall, values: readonly Value[]): Value {
  if (a.fn === 'count' || a.fn === 'approx_distinct') return values.length;
  let st: State = undefined;
  for (const v of values) st = update(a, st, v, null);
  return finish(a, st);
}
