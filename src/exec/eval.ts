// Vectorised expression evaluation: an Expr over a Chunk gives one column of
// values. Operators follow Trino: three-valued AND/OR/NOT, NULL-propagating
// comparisons and arithmetic, integer division truncating toward zero.

import { COLUMNS, GROUPS } from '../model/fields.js';
import { assembleRecord } from '../model/record.js';
import type { Expr } from '../plan/expr.js';
import type { Schema } from '../plan/logical.js';
import type { EvalContext, SqlType, Value } from '../plan/types.js';
import { castValue, tryCastValue } from './cast.js';
import type { Chunk } from './chunk.js';
import { QueryError } from './errors.js';
import { lookupFunction } from './functions/index.js';
import { likeMatcher } from './like.js';
import { jsonMember } from './json-field.js';

export type Columns = ReadonlyMap<string, number>;
export const columnIndexes = (schema: Schema): Columns => new Map(schema.map((f, i) => [f.name, i]));

/** Orders two non-null values of one type: numbers, strings (code units), booleans. */
export function compareValues(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  const sa = JSON.stringify(a), sb = JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

const constant = (v: Value, n: number): Value[] => new Array(n).fill(v);

function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear(), m = d.getUTCMonth() + months, day = d.getUTCDate();
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(day, last), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

function arith(op: string, a: number, b: number, type: SqlType, lt: SqlType, rt: SqlType): Value {
  if (lt === 'timestamp' || lt === 'date') {
    const ms = lt === 'date' ? a * 86_400_000 : a;
    let r: number;
    if (rt === 'interval year to month') r = addMonths(ms, op === '+' ? b : -b);
    else if (rt === 'timestamp') return ms - b;
    else r = op === '+' ? ms + b : ms - b;
    return lt === 'date' ? Math.floor(r / 86_400_000) : r;
  }
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/':
      if (type === 'bigint') { if (b === 0) throw new QueryError('division by zero'); return Math.trunc(a / b); }
      return a / b;
    case '%':
      if (type === 'bigint' && b === 0) throw new QueryError('division by zero');
      return a % b;
    default: throw new Error(`arith ${op}`);
  }
}

const STRUCT_LEAVES = new Map<string, string[][]>();
function structLeaves(path: string): string[][] {
  let leaves = STRUCT_LEAVES.get(path);
  if (!leaves) {
    const g = GROUPS.find((x) => x.path.join('.') === path);
    if (!g) throw new Error(`unknown struct ${path}`);
    leaves = g.leaves.map((c) => COLUMNS[c]!.path.slice(g.path.length) as string[]);
    STRUCT_LEAVES.set(path, leaves);
  }
  return leaves;
}

function structJson(path: string, values: readonly Value[], types: readonly SqlType[]): Value {
  const leaves = structLeaves(path);
  let obj: Record<string, unknown> | null = null;
  for (let i = 0; i < leaves.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    obj ??= {};
    let t = obj;
    const p = leaves[i]!;
    for (let j = 0; j < p.length - 1; j++) t = (t[p[j]!] ??= {}) as Record<string, unknown>;
    t[p[p.length - 1]!] = types[i] === 'json' ? JSON.parse(v as string) : v;
  }
  return obj === null ? null : JSON.stringify(obj);
}

export function evaluate(e: Expr, c: Chunk, cols: Columns, ctx: EvalContext): Value[] {
  const n = c.length;
  switch (e.kind) {
    case 'column': {
      const i = cols.get(e.name);
      if (i === undefined) throw new Error(`internal: column ${e.name} not in input`);
      return c.columns[i]!;
    }
    case 'literal': return constant(e.value, n);
    case 'cast': {
      const a = evaluate(e.arg, c, cols, ctx);
      const out: Value[] = new Array(n);
      const f = e.try ? tryCastValue : castValue;
      for (let i = 0; i < n; i++) out[i] = a[i] === null ? null : f(a[i]!, e.arg.type, e.type);
      return out;
    }
    case 'case': {
      const out: Value[] = constant(null, n);
      const done = new Uint8Array(n);
      for (const w of e.whens) {
        const cond = evaluate(w.when, c, cols, ctx);
        const then = evaluate(w.then, c, cols, ctx);
        for (let i = 0; i < n; i++) if (!done[i] && cond[i] === true) { out[i] = then[i]!; done[i] = 1; }
      }
      const els = evaluate(e.else, c, cols, ctx);
      for (let i = 0; i < n; i++) if (!done[i]) out[i] = els[i]!;
      return out;
    }
    case 'in': {
      const a = evaluate(e.arg, c, cols, ctx);
      const allLit = e.list.every((x) => x.kind === 'literal');
      const out: Value[] = new Array(n);
      if (allLit) {
        const vals = e.list.map((x) => (x as { value: Value }).value);
        const set = new Set(vals.filter((v) => v !== null));
        const hasNull = vals.some((v) => v === null);
        for (let i = 0; i < n; i++) {
          const v = a[i]!;
          out[i] = v === null ? null : set.has(v) ? !e.negated : hasNull ? null : e.negated;
        }
        return out;
      }
      const lists = e.list.map((x) => evaluate(x, c, cols, ctx));
      for (let i = 0; i < n; i++) {
        const v = a[i]!;
        if (v === null) { out[i] = null; continue; }
        let found = false, sawNull = false;
        for (const l of lists) { const x = l[i]!; if (x === null) sawNull = true; else if (compareValues(v, x) === 0) { found = true; break; } }
        out[i] = found ? !e.negated : sawNull ? null : e.negated;
      }
      return out;
    }
    case 'like': {
      const a = evaluate(e.arg, c, cols, ctx);
      const out: Value[] = new Array(n);
      if (e.pattern.kind === 'literal' && (!e.escape || e.escape.kind === 'literal')) {
        const p = e.pattern.value, esc = e.escape ? (e.escape as { value: Value }).value : null;
        if (p === null || (e.escape && esc === null)) return constant(null, n);
        const m = likeMatcher(String(p), esc === null ? null : String(esc));
        for (let i = 0; i < n; i++) { const v = a[i]; out[i] = v === null ? null : m(v as string) !== e.negated; }
        return out;
      }
      const ps = evaluate(e.pattern, c, cols, ctx);
      const es = e.escape ? evaluate(e.escape, c, cols, ctx) : null;
      for (let i = 0; i < n; i++) {
        const v = a[i], p = ps[i], x = es ? es[i] : null;
        out[i] = v === null || p === null || (es && x === null) ? null : likeMatcher(String(p), x === null ? null : String(x))(v as string) !== e.negated;
      }
      return out;
    }
    case 'subquery': throw new Error('internal: subquery not substituted before execution');
    case 'call': return evalCall(e, c, cols, ctx);
    default: return e satisfies never;
  }
}

function evalCall(e: Extract<Expr, { kind: 'call' }>, c: Chunk, cols: Columns, ctx: EvalContext): Value[] {
  const n = c.length;
  const out: Value[] = new Array(n);
  const fn = e.fn;
  if (fn === 'and' || fn === 'or') {
    const a = evaluate(e.args[0]!, c, cols, ctx), b = evaluate(e.args[1]!, c, cols, ctx);
    const dominant = fn === 'or';
    for (let i = 0; i < n; i++) {
      const x = a[i], y = b[i];
      out[i] = x === dominant || y === dominant ? dominant : x === null || y === null ? null : !dominant;
    }
    return out;
  }
  const args = e.args.map((a) => evaluate(a, c, cols, ctx));
  const [a, b] = args;
  switch (fn) {
    case 'not': for (let i = 0; i < n; i++) out[i] = a![i] === null ? null : !a![i]; return out;
    case 'isNull': for (let i = 0; i < n; i++) out[i] = a![i] === null; return out;
    case 'isNotNull': for (let i = 0; i < n; i++) out[i] = a![i] !== null; return out;
    case '=': case '<>': case '<': case '<=': case '>': case '>=': {
      for (let i = 0; i < n; i++) {
        const x = a![i]!, y = b![i]!;
        if (x === null || y === null) { out[i] = null; continue; }
        const r = compareValues(x, y);
        out[i] = fn === '=' ? r === 0 : fn === '<>' ? r !== 0 : fn === '<' ? r < 0 : fn === '<=' ? r <= 0 : fn === '>' ? r > 0 : r >= 0;
      }
      return out;
    }
    case 'distinct': case 'notDistinct': {
      for (let i = 0; i < n; i++) {
        const x = a![i]!, y = b![i]!;
        const same = x === null || y === null ? x === y : compareValues(x, y) === 0;
        out[i] = fn === 'distinct' ? !same : same;
      }
      return out;
    }
    case '+': case '-': case '*': case '/': case '%': {
      const lt = e.args[0]!.type, rt = e.args[1]!.type;
      for (let i = 0; i < n; i++) {
        const x = a![i], y = b![i];
        out[i] = x === null || y === null ? null : arith(fn, x as number, y as number, e.type, lt, rt);
      }
      return out;
    }
    case 'neg': for (let i = 0; i < n; i++) out[i] = a![i] === null ? null : -(a![i] as number); return out;
    case '||': for (let i = 0; i < n; i++) out[i] = a![i] === null || b![i] === null ? null : String(a![i]) + String(b![i]); return out;
    case 'field': for (let i = 0; i < n; i++) out[i] = a![i] === null || b![i] === null ? null : jsonMember(a![i] as string, b![i] as string); return out;
    case '__struct': {
      const path = (e.args[0] as { value: string }).value;
      const types = e.args.slice(1).map((x) => x.type);
      const row: Value[] = new Array(args.length - 1);
      for (let i = 0; i < n; i++) { for (let j = 1; j < args.length; j++) row[j - 1] = args[j]![i]!; out[i] = structJson(path, row, types); }
      return out;
    }
    case '__record': {
      const row: Value[] = new Array(args.length);
      for (let i = 0; i < n; i++) { for (let j = 0; j < args.length; j++) row[j] = args[j]![i]!; out[i] = JSON.stringify(assembleRecord(row as never)); }
      return out;
    }
    default: {
      const f = lookupFunction(fn);
      if (!f) throw new Error(`internal: unknown function ${fn}`);
      const types = e.args.map((x) => x.type);
      const row: Value[] = new Array(args.length);
      outer: for (let i = 0; i < n; i++) {
        for (let j = 0; j < args.length; j++) {
          const v = args[j]![i]!;
          if (v === null && f.nullPropagating) { out[i] = null; continue outer; }
          row[j] = v;
        }
        out[i] = f.eval(row, types, ctx);
      }
      return out;
    }
  }
}

/** Positions where a predicate is TRUE (NULL and FALSE drop the row). */
export function selection(pred: readonly Value[]): { sel: Uint32Array; count: number } {
  const sel = new Uint32Array(pred.length);
  let k = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === true) sel[k++] = i;
  return { sel, count: k };
}
