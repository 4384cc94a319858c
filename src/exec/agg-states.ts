// The states of one aggregate over all groups, column-wise: count, sum/avg and
// numeric min/max keep a typed array indexed by group id; DISTINCT aggregates
// and approx_distinct keep a Set of values per group; every other aggregate
// keeps one agg-scalar.ts state per group.
// A partial (a worker's result) is the same arrays, so the typed states cross
// threads as a few buffers, not one object per group; merging maps the
// partial's group ids to this side's.

import type { Expr } from '../plan/expr.js';
import type { AggCall } from '../plan/logical.js';
import type { Value } from '../plan/types.js';
import type { BatchInput } from './agg-input.js';
import { finish, finishDistinct, isDistinct, merge, NUMBER_TYPES, update, type State } from './agg-scalar.js';
import { grow } from './group-table.js';

export type AggPartial =
  | { readonly kind: 'count'; readonly n: Float64Array }
  | { readonly kind: 'sum'; readonly sum: Float64Array; readonly n: Float64Array }
  | { readonly kind: 'extreme'; readonly v: Float64Array; readonly has: Uint8Array }
  /** Distinct values: group groups[k] has value values[k]. */
  | { readonly kind: 'distinct'; readonly groups: Int32Array; readonly values: Value[] }
  | { readonly kind: 'general'; readonly states: State[] };

export interface AggState {
  /** Adds a batch's rows: row i belongs to group gids[i]; there are `groups` groups. */
  add(input: BatchInput, gids: Int32Array, groups: number): void;
  /** The states of groups 0..groups-1, as arrays that own their buffers. */
  partial(groups: number): AggPartial;
  /** Merges a partial whose group i is group gmap[i] here. */
  merge(p: AggPartial, gmap: Int32Array, groups: number): void;
  finish(groups: number): Value[];
}

export function newState(a: AggCall): AggState {
  if (isDistinct(a)) return new DistinctState(a);
  if (a.fn === 'count_star' || a.fn === 'count' || a.fn === 'count_if') return new CountState(a);
  if (a.fn === 'sum' || a.fn === 'avg') return new SumState(a);
  if ((a.fn === 'min' || a.fn === 'max') && NUMBER_TYPES.has(a.args[0]!.type)) return new ExtremeState(a);
  return new GeneralState(a);
}

/** count(*), count(x) (non-NULL x), count_if(x) (TRUE x). */
class CountState implements AggState {
  private n = new Float64Array(16);
  constructor(private readonly a: AggCall) {}

  add(input: BatchInput, gids: Int32Array, groups: number): void {
    const n = this.n = grow(this.n, groups);
    const m = input.count;
    if (this.a.fn === 'count_star') { for (let i = 0; i < m; i++) n[gids[i]!]++; return; }
    const x = input.values(this.a.args[0]!);
    if (this.a.fn === 'count') { for (let i = 0; i < m; i++) if (x[i] !== null) n[gids[i]!]++; return; }
    for (let i = 0; i < m; i++) if (x[i] === true) n[gids[i]!]++;
  }

  partial(groups: number): AggPartial { return { kind: 'count', n: grow(this.n, groups).slice(0, groups) }; }

  merge(p: AggPartial, gmap: Int32Array, groups: number): void {
    const n = this.n = grow(this.n, groups), t = (p as Extract<AggPartial, { kind: 'count' }>).n;
    for (let i = 0; i < gmap.length; i++) n[gmap[i]!] += t[i]!;
  }

  finish(groups: number): Value[] { return Array.from(grow(this.n, groups).subarray(0, groups)); }
}

/** sum(x) and avg(x): the sum and the number of non-NULL values per group (NULL when none). */
class SumState implements AggState {
  private sum = new Float64Array(16);
  private n = new Float64Array(16);
  constructor(private readonly a: AggCall) {}

  add(input: BatchInput, gids: Int32Array, groups: number): void {
    const sum = this.sum = grow(this.sum, groups), n = this.n = grow(this.n, groups);
    const nums = input.numbers(this.a.args[0]!);
    if (nums) {
      for (let i = 0; i < input.count; i++) {
        const v = nums[i]!;
        if (v !== v) continue; // NULL
        sum[gids[i]!] += v;
        n[gids[i]!]++;
      }
      return;
    }
    const x = input.values(this.a.args[0]!);
    for (let i = 0; i < input.count; i++) {
      const v = x[i];
      if (v === null) continue;
      const g = gids[i]!;
      sum[g] += v as number;
      n[g]++;
    }
  }

  partial(groups: number): AggPartial {
    return { kind: 'sum', sum: grow(this.sum, groups).slice(0, groups), n: grow(this.n, groups).slice(0, groups) };
  }

  merge(p: AggPartial, gmap: Int32Array, groups: number): void {
    const sum = this.sum = grow(this.sum, groups), n = this.n = grow(this.n, groups);
    const t = p as Extract<AggPartial, { kind: 'sum' }>;
    for (let i = 0; i < gmap.length; i++) {
      if (t.n[i] === 0) continue;
      const g = gmap[i]!;
      sum[g] += t.sum[i]!;
      n[g] += t.n[i]!;
    }
  }

  finish(groups: number): Value[] {
    const out: Value[] = new Array(groups);
    const avg = this.a.fn === 'avg';
    for (let g = 0; g < groups; g++) {
      const c = g < this.n.length ? this.n[g]! : 0;
      out[g] = c === 0 ? null : avg ? this.sum[g]! / c : this.sum[g]!;
    }
    return out;
  }
}

/** min(x) / max(x) of numbers (timestamps, dates and intervals are numbers too). */
class ExtremeState implements AggState {
  private v = new Float64Array(16);
  private has = new Uint8Array(16);
  private readonly max: boolean;
  private readonly arg: Expr;
  constructor(a: AggCall) {
    this.max = a.fn === 'max';
    this.arg = a.args[0]!;
  }

  private take(g: number, x: number): void {
    if (!this.has[g] || (this.max ? x > this.v[g]! : x < this.v[g]!)) { this.v[g] = x; this.has[g] = 1; }
  }

  add(input: BatchInput, gids: Int32Array, groups: number): void {
    this.v = grow(this.v, groups);
    this.has = grow(this.has, groups);
    const nums = input.numbers(this.arg);
    if (nums) {
      for (let i = 0; i < input.count; i++) if (nums[i] === nums[i]) this.take(gids[i]!, nums[i]!); // NaN is NULL
      return;
    }
    const x = input.values(this.arg);
    for (let i = 0; i < input.count; i++) if (x[i] !== null) this.take(gids[i]!, x[i] as number);
  }

  partial(groups: number): AggPartial {
    return { kind: 'extreme', v: grow(this.v, groups).slice(0, groups), has: grow(this.has, groups).slice(0, groups) };
  }

  merge(p: AggPartial, gmap: Int32Array, groups: number): void {
    this.v = grow(this.v, groups);
    this.has = grow(this.has, groups);
    const t = p as Extract<AggPartial, { kind: 'extreme' }>;
    for (let i = 0; i < gmap.length; i++) if (t.has[i]) this.take(gmap[i]!, t.v[i]!);
  }

  finish(groups: number): Value[] {
    const out: Value[] = new Array(groups);
    for (let g = 0; g < groups; g++) out[g] = g < this.has.length && this.has[g] ? this.v[g]! : null;
    return out;
  }
}

/** One group's distinct values: scalars in a Set, arrays by their JSON text. */
interface GroupValues { readonly scalars: Set<string | number | boolean>; arrays: Map<string, Value> | null }

/**
 * A DISTINCT aggregate or approx_distinct: each group's distinct non-NULL
 * values in a Set (one hash operation per value offered). Rows of a
 * dictionary-encoded chunk offer each (group, entry) once, not once per row.
 */
class DistinctState implements AggState {
  private readonly sets: (GroupValues | undefined)[] = [];
  constructor(private readonly a: AggCall) {}

  private put(g: number, v: Value): void {
    if (v === null) return;
    const s = this.sets[g] ??= { scalars: new Set(), arrays: null };
    if (typeof v !== 'object') { s.scalars.add(v); return; }
    const k = JSON.stringify(v);
    s.arrays ??= new Map();
    if (!s.arrays.has(k)) s.arrays.set(k, v);
  }

  add(input: BatchInput, gids: Int32Array): void {
    const e = this.a.args[0]!;
    const entries = input.entryCodes(e);
    if (entries) {
      const { codes, values } = entries;
      const last = new Int32Array(values.length).fill(-1); // the group an entry was last offered to
      for (let i = 0; i < input.count; i++) {
        const g = gids[i]!, c = codes[i]!;
        if (last[c] === g) continue;
        last[c] = g;
        this.put(g, values[c]!);
      }
      return;
    }
    const vals = input.values(e);
    let pg = -1, pv: Value | undefined;
    for (let i = 0; i < input.count; i++) {
      const g = gids[i]!, v = vals[i]!;
      if (g === pg && v === pv) continue;
      pg = g;
      pv = v;
      this.put(g, v);
    }
  }

  private valuesOf(g: number): Value[] {
    const s = this.sets[g];
    return s ? [...s.scalars, ...(s.arrays?.values() ?? [])] : [];
  }

  partial(groups: number): AggPartial {
    const gs: number[] = [], values: Value[] = [];
    for (let g = 0; g < groups; g++) for (const v of this.valuesOf(g)) { gs.push(g); values.push(v); }
    return { kind: 'distinct', groups: Int32Array.from(gs), values };
  }

  merge(p: AggPartial, gmap: Int32Array): void {
    const t = p as Extract<AggPartial, { kind: 'distinct' }>;
    for (let k = 0; k < t.values.length; k++) this.put(gmap[t.groups[k]!]!, t.values[k]!);
  }

  finish(groups: number): Value[] {
    const out: Value[] = new Array(groups);
    const counting = this.a.fn === 'count' || this.a.fn === 'approx_distinct';
    for (let g = 0; g < groups; g++) {
      const s = this.sets[g];
      out[g] = counting ? (s ? s.scalars.size + (s.arrays?.size ?? 0) : 0) : finishDistinct(this.a, this.valuesOf(g));
    }
    return out;
  }
}

/** Any other aggregate: one agg-scalar.ts state per group. */
class GeneralState implements AggState {
  private readonly states: State[] = [];
  constructor(private readonly a: AggCall) {}

  add(input: BatchInput, gids: Int32Array, groups: number): void {
    const st = this.states;
    while (st.length < groups) st.push(undefined);
    const [ex, ey] = this.a.args;
    const xs = ex ? input.values(ex) : null, ys = ey ? input.values(ey) : null;
    for (let i = 0; i < input.count; i++) {
      const g = gids[i]!;
      st[g] = update(this.a, st[g], xs ? xs[i]! : null, ys ? ys[i]! : null);
    }
  }

  partial(groups: number): AggPartial {
    const states = this.states.slice(0, groups);
    while (states.length < groups) states.push(undefined);
    return { kind: 'general', states };
  }

  merge(p: AggPartial, gmap: Int32Array, groups: number): void {
    const st = this.states, t = (p as Extract<AggPartial, { kind: 'general' }>).states;
    while (st.length < groups) st.push(undefined);
    for (let i = 0; i < gmap.length; i++) st[gmap[i]!] = merge(this.a, st[gmap[i]!], t[i]);
  }

  finish(groups: number): Value[] {
    const out: Value[] = new Array(groups);
    for (let g = 0; g < groups; g++) out[g] = finish(this.a, this.states[g]);
    return out;
  }
}
