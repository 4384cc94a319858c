// Binding expressions: syntax (sql/ast.ts) → typed Expr (plan/expr.ts) against
// a scope. Aggregate calls are handed to an AggregateSink (sql/bind.ts) that
// replaces them with a column of the Aggregate node; subqueries to a
// SubquerySink that binds them as separate (uncorrelated) plans.

import { QueryError } from '../exec/errors.js';
import { lookupFunction, functionNames } from '../exec/functions/index.js';
import { call, lit, type Expr } from '../plan/expr.js';
import type { AggFn } from '../plan/logical.js';
import { exprText } from '../plan/print.js';
import { isNumeric, isText, parseTypeName, type SqlType } from '../plan/types.js';
import type { OrderItem, SqlExpr, SqlQuery } from './ast.js';
import { castTo, coercePair } from './coerce.js';
import { FIELD_FN } from './dialect.js';
import { didYouMean, type Scope } from './scope.js';

export const AGGREGATES: ReadonlySet<string> = new Set<AggFn>([
  'count', 'sum', 'avg', 'min', 'max', 'approx_distinct', 'arbitrary', 'count_if', 'bool_and', 'bool_or', 'max_by', 'min_by', 'array_agg',
]);
const AGG_ALIASES: Record<string, AggFn> = { any_value: 'arbitrary', every: 'bool_and' };

/** True for a call of an aggregate function (by any of its names). */
export const isAggregateCall = (e: SqlExpr): boolean => e.k === 'fn' && (AGGREGATES.has(e.name.toLowerCase()) || Object.hasOwn(AGG_ALIASES, e.name.toLowerCase()));

export interface AggregateSink {
  /** Registers an aggregate call (args already bound in the input scope) and returns the expression that reads its result. */
  aggregate(fn: AggFn, args: Expr[], distinct: boolean, type: SqlType, order?: 'asc' | 'desc'): Expr;
}

export interface SubquerySink {
  subquery(q: SqlQuery, mode: 'in' | 'exists' | 'scalar', arg: Expr | null, negated: boolean): Expr;
}

const INTERVAL_MS: Record<string, number> = { millisecond: 1, second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 };
const INTERVAL_MONTHS: Record<string, number> = { month: 1, year: 12, quarter: 3 };

function aggType(fn: AggFn, args: Expr[]): SqlType | string {
  const t = args[0]?.type ?? 'unknown';
  switch (fn) {
    case 'count_star': case 'count': case 'approx_distinct': case 'count_if': return 'bigint';
    case 'sum': return isNumeric(t) || t === 'unknown' ? (t === 'bigint' ? 'bigint' : 'double') : `sum needs a number, got ${t}`;
    case 'avg': return isNumeric(t) || t === 'unknown' ? 'double' : `avg needs a number, got ${t}`;
    case 'min': case 'max': case 'arbitrary': case 'max_by': case 'min_by': return t;
    case 'bool_and': case 'bool_or': return t === 'boolean' || t === 'unknown' ? 'boolean' : `${fn} needs a boolean, got ${t}`;
    case 'array_agg': return 'array';
    default: return fn satisfies never;
  }
}

const ARITY: Partial<Record<AggFn, number>> = { max_by: 2, min_by: 2 };

export class ExprBinder {
  constructor(
    readonly scope: Scope,
    private readonly aggs: AggregateSink | null,
    private readonly subs: SubquerySink,
    private readonly clause: string,
  ) {}

  bind(e: SqlExpr): Expr {
    switch (e.k) {
      case 'ident': return this.scope.resolve(e.parts);
      case 'star': throw new QueryError(`'*' is only allowed in the select list and in count(*)`);
      case 'string': return lit(e.value, 'varchar');
      case 'number': return lit(e.value, e.integer ? 'bigint' : 'double');
      case 'bool': return lit(e.value, 'boolean');
      case 'null': return lit(null, 'unknown');
      case 'typed': return castTo(lit(e.text, 'varchar'), e.type);
      case 'interval': {
        const n = Number(e.value);
        const unit = e.unit.replace(/s$/, '');
        if (!Number.isFinite(n)) throw new QueryError(`invalid interval value '${e.value}'`);
        if (INTERVAL_MS[unit] !== undefined) return lit(n * INTERVAL_MS[unit]!, 'interval day to second');
        if (INTERVAL_MONTHS[unit] !== undefined) return lit(n * INTERVAL_MONTHS[unit]!, 'interval year to month');
        throw new QueryError(`unknown interval unit '${e.unit}'`);
      }
      case 'unary': {
        const a = this.bind(e.arg);
        if (e.op === 'not') return call('not', [this.bool(a, 'NOT')], 'boolean');
        if (!isNumeric(a.type) && a.type !== 'unknown' && !a.type.startsWith('interval')) throw new QueryError(`type error in -(${exprText(a)}): needs a number, got ${a.type}`);
        return a.kind === 'literal' && typeof a.value === 'number' ? lit(-a.value, a.type) : call('neg', [a], a.type);
      }
      case 'binary': return this.binary(e.op, this.bind(e.left), this.bind(e.right));
      case 'fn': return this.fn(e);
      case 'field': return call('field', [this.bind(e.arg), lit(e.name, 'varchar')], 'varchar');
      case 'case': {
        const operand = e.operand ? this.bind(e.operand) : null;
        const whens = e.whens.map((w) => {
          const when = operand ? this.compare('=', operand, this.bind(w.when)) : this.bool(this.bind(w.when), 'CASE WHEN');
          return { when, then: this.bind(w.then) };
        });
        const els = e.else ? this.bind(e.else) : lit(null, 'unknown');
        const types = [...whens.map((w) => w.then.type), els.type].filter((t) => t !== 'unknown');
        const type: SqlType = types.length === 0 ? 'unknown' : types.every(isNumeric) && types.includes('double') ? 'double' : types[0]!;
        return { kind: 'case', whens, else: els, type };
      }
      case 'cast': {
        const type = parseTypeName(e.type);
        if (!type) throw new QueryError(`unknown type '${e.type}' in CAST`);
        return { kind: 'cast', arg: this.bind(e.arg), type, try: e.try };
      }
      case 'in': {
        const arg = this.bind(e.arg);
        const list = e.list.map((x) => coercePair(arg, this.bind(x), 'IN list')[1]);
        const [a] = list.length ? coercePair(arg, list[0]!, 'IN list') : [arg];
        return { kind: 'in', arg: a, list, negated: e.negated, type: 'boolean' };
      }
      case 'inQuery': return this.subs.subquery(e.query, 'in', this.bind(e.arg), e.negated);
      case 'exists': return this.subs.subquery(e.query, 'exists', null, e.negated);
      case 'scalarQuery': return this.subs.subquery(e.query, 'scalar', null, false);
      case 'between': {
        const arg = this.bind(e.arg);
        const both = call('and', [this.compare('>=', arg, this.bind(e.low)), this.compare('<=', arg, this.bind(e.high))], 'boolean');
        return e.negated ? call('not', [both], 'boolean') : both;
      }
      case 'like': {
        const text = (x: Expr) => (isText(x.type) || x.type === 'unknown' ? x : castTo(x, 'varchar'));
        return { kind: 'like', arg: text(this.bind(e.arg)), pattern: text(this.bind(e.pattern)), escape: e.escape ? text(this.bind(e.escape)) : null, negated: e.negated, type: 'boolean' };
      }
      case 'isNull': return call(e.negated ? 'isNotNull' : 'isNull', [this.bind(e.arg)], 'boolean');
      case 'distinctFrom': {
        const [l, r] = coercePair(this.bind(e.left), this.bind(e.right), 'IS DISTINCT FROM');
        return call(e.negated ? 'notDistinct' : 'distinct', [l, r], 'boolean');
      }
      default: return e satisfies never;
    }
  }

  private bool(e: Expr, where: string): Expr {
    if (e.type === 'boolean' || e.type === 'unknown') return e;
    throw new QueryError(`type error in ${where}: ${exprText(e)} is ${e.type}, not boolean`);
  }

  private compare(op: string, l: Expr, r: Expr): Expr {
    const [a, b] = coercePair(l, r, `${exprText(l)} ${op} ${exprText(r)}`);
    return call(op, [a, b], 'boolean');
  }

  private binary(op: string, l: Expr, r: Expr): Expr {
    const where = `${exprText(l)} ${op.toUpperCase()} ${exprText(r)}`;
    switch (op) {
      case 'and': case 'or': return call(op, [this.bool(l, where), this.bool(r, where)], 'boolean');
      case '=': case '<>': case '<': case '<=': case '>': case '>=': return this.compare(op, l, r);
      case '||': {
        const text = (x: Expr) => (isText(x.type) || x.type === 'unknown' ? x : castTo(x, 'varchar'));
        return call('||', [text(l), text(r)], 'varchar');
      }
      case '+': case '-': case '*': case '/': case '%': {
        const time = (t: SqlType) => t === 'timestamp' || t === 'date';
        const ivl = (t: SqlType) => t.startsWith('interval');
        if (time(l.type) && ivl(r.type) && (op === '+' || op === '-')) return call(op, [l, r], l.type);
        if (ivl(l.type) && time(r.type) && op === '+') return call(op, [r, l], r.type);
        if (time(l.type) && time(r.type) && op === '-') return call(op, [castTo(l, 'timestamp'), castTo(r, 'timestamp')], 'interval day to second');
        if (isText(l.type) && l.kind === 'literal' && ivl(r.type)) return this.binary(op, castTo(l, 'timestamp'), r);
        const num = (x: Expr) => isNumeric(x.type) || x.type === 'unknown';
        if (!num(l) || !num(r)) throw new QueryError(`type error in ${where}: arithmetic needs numbers, got ${l.type} and ${r.type}`);
        const type: SqlType = l.type === 'double' || r.type === 'double' ? 'double' : 'bigint';
        return call(op, [l, r], type);
      }
      default: throw new QueryError(`unsupported operator ${op}`);
    }
  }

  private fn(e: Extract<SqlExpr, { k: 'fn' }>): Expr {
    const name = e.name.toLowerCase();
    const aggName = AGG_ALIASES[name] ?? name;
    if (AGGREGATES.has(aggName)) return this.aggregate(aggName as AggFn, e);
    if (name === FIELD_FN) {
      const [obj, key] = e.args;
      return call('field', [this.bind(obj!), this.bind(key!)], 'varchar');
    }
    if (name === 'current_timestamp' || name === 'localtimestamp') return this.fn({ ...e, name: 'now' });
    if (e.distinct || e.star) throw new QueryError(`${name}() is not an aggregate function: DISTINCT and * are not allowed`);
    const f = lookupFunction(name);
    if (!f) throw new QueryError(`unknown function '${name}'${didYouMean(name, [...functionNames(), ...AGGREGATES])}`);
    const args = e.args.map((a) => this.bind(a));
    if (args.length < f.minArgs || args.length > f.maxArgs) {
      const n = f.minArgs === f.maxArgs ? `${f.minArgs}` : f.maxArgs === Infinity ? `at least ${f.minArgs}` : `${f.minArgs} to ${f.maxArgs}`;
      throw new QueryError(`${name}() takes ${n} argument${n === '1' ? '' : 's'}, got ${args.length}`);
    }
    const type = f.resolve(args.map((a) => a.type));
    if (typeof type === 'string' && !isTypeName(type)) throw new QueryError(`type error in ${name}(${args.map(exprText).join(', ')}): ${type}`);
    return call(name, args, type as SqlType);
  }

  private aggregate(fn: AggFn, e: Extract<SqlExpr, { k: 'fn' }>): Expr {
    if (!this.aggs) throw new QueryError(`aggregate function ${fn}() is not allowed in ${this.clause}`);
    if (fn === 'count' && (e.star || e.args.length === 0)) return this.aggs.aggregate('count_star', [], false, 'bigint');
    const want = ARITY[fn] ?? 1;
    if (e.args.length !== want) throw new QueryError(`${fn}() takes ${want} argument${want === 1 ? '' : 's'}, got ${e.args.length}`);
    // Aggregate arguments are bound in the input scope, without nested aggregates.
    const inner = new ExprBinder(this.scope, null, this.subs, `the arguments of ${fn}()`);
    const args = e.args.map((a) => inner.bind(a));
    if (fn === 'count_if' && args[0]!.type !== 'boolean' && args[0]!.type !== 'unknown') throw new QueryError(`type error in count_if(${exprText(args[0]!)}): needs a boolean`);
    const type = aggType(fn, args);
    if (!isTypeName(type)) throw new QueryError(`type error in ${fn}(${args.map(exprText).join(', ')}): ${type}`);
    return this.aggs.aggregate(fn, args, e.distinct, type as SqlType, this.aggOrder(fn, args, e.orderBy ?? [], inner));
  }

  /** ORDER BY inside an aggregate: array_agg ordered by its own argument. */
  private aggOrder(fn: AggFn, args: readonly Expr[], order: readonly OrderItem[], inner: ExprBinder): 'asc' | 'desc' | undefined {
    if (order.length === 0) return undefined;
    const [o] = order;
    if (fn !== 'array_agg' || order.length > 1 || JSON.stringify(inner.bind(o!.expr)) !== JSON.stringify(args[0]) || o!.nulls === 'first') {
      throw new QueryError(`unsupported SQL: ORDER BY inside ${fn}() (supported: array_agg(x ORDER BY x [ASC|DESC]))`);
    }
    return o!.desc ? 'desc' : 'asc';
  }
}

const TYPE_NAMES = new Set<string>(['boolean', 'bigint', 'double', 'varchar', 'json', 'timestamp', 'date', 'interval day to second', 'interval year to month', 'array', 'unknown']);
const isTypeName = (t: string): t is SqlType => TYPE_NAMES.has(t);
