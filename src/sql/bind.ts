// Binding queries: syntax tree → logical plan. Resolves tables through the
// catalog, builds Scan → Filter → Aggregate → Filter(HAVING) → Project →
// Distinct → Sort → Limit, with GROUP BY by expression, alias or ordinal and
// ORDER BY by output name, ordinal or any input expression.

import { QueryError } from '../exec/errors.js';
import { col, columnsOf, type Expr } from '../plan/expr.js';
import type { AggCall, AggFn, BoundQuery, LogicalPlan, NamedExpr, Schema, ScanSource, SortKey } from '../plan/logical.js';
import { exprText } from '../plan/print.js';
import { someExpr, type FromItem, type SqlExpr, type SqlQuery, type SqlQueryBody, type SqlSelect } from './ast.js';
import { ExprBinder, isAggregateCall, type AggregateSink, type SubquerySink } from './bind-expr.js';
import { ALL_LEAVES, didYouMean, fieldExpr, leafType, Scope, type Relation } from './scope.js';
import { RECORD_FIELDS, COLUMNS, INTERNAL_COLUMNS } from '../model/fields.js';

export interface Catalog {
  /** A store by name or id (case-insensitive), or null. */
  resolve(name: string): ScanSource | null;
  names(): string[];
  /**
   * The store a SELECT without FROM reads (the REPL's `.use`), when it reads
   * anything: names a column, uses `*` or an aggregate, or has WHERE/GROUP BY/HAVING.
   */
  readonly defaultStore?: string;
}

/** Whether a FROM-less SELECT asks for rows of a table (so the default store applies). */
function readsTable(s: SqlSelect): boolean {
  const reads = (e: SqlExpr) => someExpr(e, (x) => x.k === 'ident' || x.k === 'star' || isAggregateCall(x));
  return s.where !== null || s.groupBy.length > 0 || s.having !== null || s.items.some((it) => reads(it.expr));
}

export interface BoundColumn {
  readonly name: string;
  readonly type: Schema[number]['type'];
}

export interface Bound extends BoundQuery {
  /** The result columns as the user sees them (names may repeat). */
  readonly columns: readonly BoundColumn[];
}

const key = (e: Expr) => JSON.stringify(e);

/** Replaces, top-down, every subtree equal to a key of `map` by its replacement. */
function replaceTopDown(e: Expr, map: ReadonlyMap<string, Expr>): Expr {
  const hit = map.get(key(e));
  if (hit) return hit;
  switch (e.kind) {
    case 'column': case 'literal': return e;
    case 'call': return { ...e, args: e.args.map((a) => replaceTopDown(a, map)) };
    case 'case': return { ...e, whens: e.whens.map((w) => ({ when: replaceTopDown(w.when, map), then: replaceTopDown(w.then, map) })), else: replaceTopDown(e.else, map) };
    case 'cast': return { ...e, arg: replaceTopDown(e.arg, map) };
    case 'in': return { ...e, arg: replaceTopDown(e.arg, map), list: e.list.map((a) => replaceTopDown(a, map)) };
    case 'like': return { ...e, arg: replaceTopDown(e.arg, map), pattern: replaceTopDown(e.pattern, map), escape: e.escape && replaceTopDown(e.escape, map) };
    case 'subquery': return { ...e, arg: e.arg && replaceTopDown(e.arg, map) };
    default: return e satisfies never;
  }
}

/** Output name Trino-style: a column's own name, else _colN. */
function displayName(e: SqlExpr, alias: string | null, i: number): string {
  if (alias) return alias;
  if (e.k === 'ident') return e.parts[e.parts.length - 1]!;
  if (e.k === 'fn' && e.name === '__field' && e.args[1]?.k === 'string') return e.args[1].value;
  return `_col${i}`;
}

class Binder implements SubquerySink {
  readonly subqueries: LogicalPlan[] = [];
  private ctes: Map<string, SqlQuery>[] = [];

  constructor(private readonly catalog: Catalog) {}

  subquery(q: SqlQuery, mode: 'in' | 'exists' | 'scalar', arg: Expr | null, negated: boolean): Expr {
    const b = this.query(q);
    if (mode !== 'exists' && b.columns.length !== 1) throw new QueryError(`a subquery used as a value must return one column, not ${b.columns.length}`);
    const id = this.subqueries.length;
    this.subqueries.push(b.plan);
    const type = mode === 'scalar' ? b.plan.schema[0]!.type : 'boolean';
    return { kind: 'subquery', mode, id, arg, negated, type };
  }

  query(q: SqlQuery): { plan: LogicalPlan; columns: BoundColumn[] } {
    this.ctes.push(new Map(q.with.map((w) => [w.name.toLowerCase(), w.query])));
    try {
      const body = this.body(q.body, q);
      return body;
    } finally {
      this.ctes.pop();
    }
  }

  private body(b: SqlQueryBody, outer: SqlQuery | null): { plan: LogicalPlan; columns: BoundColumn[] } {
    if (b.k === 'select') return this.select(b, outer);
    const l = this.body(b.left, null), r = this.body(b.right, null);
    if (l.columns.length !== r.columns.length) throw new QueryError(`${b.op.toUpperCase()} inputs have ${l.columns.length} and ${r.columns.length} columns`);
    // The right side is renamed to the left side's column names.
    const rp: LogicalPlan = { kind: 'project', input: r.plan, exprs: r.plan.schema.map((f, i) => ({ expr: col(f.name, f.type), name: l.plan.schema[i]!.name })), schema: l.plan.schema };
    let plan: LogicalPlan = { kind: 'setop', op: b.op, all: b.all, left: l.plan, right: rp, schema: l.plan.schema };
    if (outer) plan = this.orderAndLimit(plan, outer, l.columns, new Scope([{ alias: null, store: null, columns: l.plan.schema.map((f, i) => ({ name: f.name, display: l.columns[i]!.name, type: f.type })) }]));
    return { plan, columns: l.columns };
  }

  private from(item: FromItem, prefixed: boolean): { plan: LogicalPlan; rels: Relation[] } {
    switch (item.k) {
      case 'table': {
        const cte = this.findCte(item.name);
        if (cte) return this.derived(cte, item.alias ?? item.name, prefixed);
        const source = this.catalog.resolve(item.name) ?? (item.name.includes('.') ? this.catalog.resolve(item.name.slice(item.name.lastIndexOf('.') + 1)) : null);
        if (!source) throw new QueryError(`unknown store '${item.name}'${didYouMean(item.name, this.catalog.names())}`);
        const alias = (item.alias ?? item.name.slice(item.name.lastIndexOf('.') + 1)).toLowerCase();
        const prefix = prefixed ? `${alias}.` : '';
        const schema = ALL_LEAVES.map((l, i) => ({ name: prefix + l, type: leafType(COLUMNS[i]!.type) }));
        return { plan: { kind: 'scan', source, columns: ALL_LEAVES, filters: [], schema }, rels: [{ alias, store: { prefix }, columns: [] }] };
      }
      case 'subquery': return this.derived(item.query, item.alias, prefixed);
      case 'join': {
        const l = this.from(item.left, true), r = this.from(item.right, true);
        const rels = [...l.rels, ...r.rels];
        const scope = new Scope(rels);
        const on = item.on ? new ExprBinder(scope, null, this, 'JOIN ... ON').bind(item.on) : null;
        if (on && on.type !== 'boolean') throw new QueryError(`JOIN condition ${exprText(on)} is not boolean`);
        const plan: LogicalPlan = { kind: 'join', joinType: item.type, left: l.plan, right: r.plan, on, schema: [...l.plan.schema, ...r.plan.schema] };
        const names = new Set<string>();
        for (const f of plan.schema) { if (names.has(f.name)) throw new QueryError(`two tables in the join are both called '${f.name.split('.')[0]}': give them different aliases`); names.add(f.name); }
        return { plan, rels };
      }
      default: return item satisfies never;
    }
  }

  private findCte(name: string): SqlQuery | null {
    for (let i = this.ctes.length - 1; i >= 0; i--) {
      const q = this.ctes[i]!.get(name.toLowerCase());
      if (q) return q;
    }
    return null;
  }

  private derived(q: SqlQuery, alias: string | null, prefixed: boolean): { plan: LogicalPlan; rels: Relation[] } {
    const b = this.query(q);
    const a = alias?.toLowerCase() ?? null;
    const prefix = prefixed && a ? `${a}.` : '';
    const exprs: NamedExpr[] = b.plan.schema.map((f, i) => ({ expr: col(f.name, f.type), name: `${prefix}${b.columns[i]!.name}#${i}` }));
    const plan: LogicalPlan = { kind: 'project', input: b.plan, exprs, schema: exprs.map((x) => ({ name: x.name, type: x.expr.type })) };
    return { plan, rels: [{ alias: a, store: null, columns: exprs.map((x, i) => ({ name: x.name, display: b.columns[i]!.name, type: x.expr.type })) }] };
  }

  private select(s: SqlSelect, outer: SqlQuery | null): { plan: LogicalPlan; columns: BoundColumn[] } {
    let plan: LogicalPlan, scope: Scope;
    const from: FromItem | null = s.from ?? (this.catalog.defaultStore && readsTable(s) ? { k: 'table', name: this.catalog.defaultStore, alias: null } : null);
    if (from) {
      const f = this.from(from, false);
      plan = f.plan;
      scope = new Scope(f.rels);
    } else {
      plan = { kind: 'values', rows: 1, schema: [] };
      scope = new Scope([]);
    }
    if (s.where) {
      const pred = new ExprBinder(scope, null, this, 'WHERE').bind(s.where);
      if (pred.type !== 'boolean' && pred.type !== 'unknown') throw new QueryError(`WHERE condition ${exprText(pred)} is ${pred.type}, not boolean`);
      plan = { kind: 'filter', input: plan, predicate: pred, schema: plan.schema };
    }

    // Select items, expanding '*'.
    const items: { expr: SqlExpr | Expr; name: string }[] = [];
    s.items.forEach((it, i) => {
      if (it.expr.k !== 'star') { items.push({ expr: it.expr, name: displayName(it.expr, it.alias, i) }); return; }
      const t = it.expr.table?.toLowerCase() ?? null;
      const rels = scope.relations.filter((r) => t === null || r.alias === t);
      if (rels.length === 0) throw new QueryError(`unknown table '${it.expr.table}' in ${it.expr.table}.*`);
      for (const r of rels) {
        if (r.store) for (const f of RECORD_FIELDS) { if (!INTERNAL_COLUMNS.has(f.name)) items.push({ expr: fieldExpr(f, f.name, r.store.prefix), name: f.name }); }
        else for (const c of r.columns) items.push({ expr: col(c.name, c.type), name: c.display });
      }
    });
    const isBound = (x: SqlExpr | Expr): x is Expr => 'kind' in x;

    const aggs: AggCall[] = [];
    const sink: AggregateSink = {
      aggregate: (fn: AggFn, args: Expr[], distinct: boolean, type, order) => {
        const existing = aggs.find((a) => a.fn === fn && a.distinct === distinct && a.order === order && key({ kind: 'call', fn, args, type } as Expr) === key({ kind: 'call', fn: a.fn, args: a.args, type: a.type } as Expr));
        if (existing) return col(existing.name, existing.type);
        const a: AggCall = { fn, args, distinct, name: `_a${aggs.length}`, type, ...(order ? { order } : {}) };
        aggs.push(a);
        return col(a.name, type);
      },
    };
    const hasAggSyntax = (x: SqlExpr | Expr): boolean => !isBound(x) && someExpr(x, isAggregateCall);
    const grouped = s.groupBy.length > 0 || items.some((it) => hasAggSyntax(it.expr)) || (s.having !== null) ||
      (outer?.orderBy.some((o) => hasAggSyntax(o.expr)) ?? false);

    const binder = new ExprBinder(scope, grouped ? sink : null, this, 'this clause');
    let post: (e: Expr, where: string) => Expr = (e) => e;

    if (grouped) {
      const groupBy: NamedExpr[] = [];
      for (const g of s.groupBy) {
        let e: Expr;
        if (g.k === 'number' && g.integer) {
          const it = items[g.value - 1];
          if (!it) throw new QueryError(`GROUP BY position ${g.value} is not in the select list (1 to ${items.length})`);
          e = isBound(it.expr) ? it.expr : new ExprBinder(scope, null, this, 'GROUP BY').bind(it.expr);
        } else {
          const gb = new ExprBinder(scope, null, this, 'GROUP BY');
          try {
            e = gb.bind(g);
          } catch (err) {
            // An output alias, when no input column has that name.
            const alias = g.k === 'ident' && g.parts.length === 1 ? items.find((it) => it.name.toLowerCase() === g.parts[0]!.toLowerCase()) : undefined;
            if (!alias) throw err;
            e = isBound(alias.expr) ? alias.expr : gb.bind(alias.expr);
          }
        }
        if (!groupBy.some((x) => key(x.expr) === key(e))) groupBy.push({ expr: e, name: `_g${groupBy.length}` });
      }
      const groupMap = new Map(groupBy.map((g) => [key(g.expr), col(g.name, g.expr.type)] as const));
      post = (e: Expr, where: string) => {
        const r = replaceTopDown(e, groupMap);
        for (const c of columnsOf(r)) {
          if (!/^_[ag]\d+$/.test(c)) {
            const orig = [...columnsOf(e)].find((x) => x === c) ?? c;
            throw new QueryError(`'${orig}' in ${where} must appear in GROUP BY or be inside an aggregate function`);
          }
        }
        return r;
      };
      // Bind everything that reads aggregates before building the Aggregate node.
      const boundItems = items.map((it) => ({ name: it.name, expr: post(isBound(it.expr) ? it.expr : binder.bind(it.expr), `the select list (${it.name})`) }));
      const having = s.having ? post(binder.bind(s.having), 'HAVING') : null;
      const orderPre = outer ? outer.orderBy.map((o) => this.tryBindOrder(o.expr, binder, boundItems.map((b) => b.name))) : [];
      const orderBound = orderPre.map((x) => (x ? post(x, 'ORDER BY') : null));
      plan = { kind: 'aggregate', input: plan, groupBy, aggs, schema: [...groupBy.map((g) => ({ name: g.name, type: g.expr.type })), ...aggs.map((a) => ({ name: a.name, type: a.type }))] };
      if (having) plan = { kind: 'filter', input: plan, predicate: having, schema: plan.schema };
      return this.finish(plan, boundItems, s.distinct, outer, orderBound);
    }

    const boundItems = items.map((it) => ({ name: it.name, expr: isBound(it.expr) ? it.expr : binder.bind(it.expr) }));
    const orderBound = outer ? outer.orderBy.map((o) => this.tryBindOrder(o.expr, binder, boundItems.map((b) => b.name))) : [];
    return this.finish(plan, boundItems, s.distinct, outer, orderBound);
  }

  /** An ORDER BY key bound against the input, or null when it names an output column or position. */
  private tryBindOrder(e: SqlExpr, binder: ExprBinder, outputs: string[]): Expr | null {
    if (e.k === 'number' && e.integer) return null;
    if (e.k === 'ident' && e.parts.length === 1 && outputs.some((n) => n.toLowerCase() === e.parts[0]!.toLowerCase())) return null;
    return binder.bind(e);
  }

  private finish(input: LogicalPlan, items: { name: string; expr: Expr }[], distinct: boolean, outer: SqlQuery | null, order: (Expr | null)[]): { plan: LogicalPlan; columns: BoundColumn[] } {
    const names = new Set<string>();
    const unique = (n: string) => { let u = n, i = 2; while (names.has(u)) u = `${n}#${i++}`; names.add(u); return u; };
    const exprs: NamedExpr[] = items.map((it) => ({ expr: it.expr, name: unique(it.name) }));
    const columns = items.map((it) => ({ name: it.name, type: it.expr.type }));
    // ORDER BY keys: output positions/names, select-list expressions, or hidden extra columns.
    const keys: SortKey[] = [];
    const hidden: NamedExpr[] = [];
    (outer?.orderBy ?? []).forEach((o, i) => {
      const bound = order[i];
      let target: NamedExpr | undefined;
      if (bound === null || bound === undefined) {
        if (o.expr.k === 'number') {
          target = exprs[o.expr.value - 1];
          if (!target) throw new QueryError(`ORDER BY position ${o.expr.value} is not in the select list (1 to ${exprs.length})`);
        } else {
          const want = (o.expr as Extract<SqlExpr, { k: 'ident' }>).parts[0]!.toLowerCase();
          const matches = exprs.filter((x, j) => items[j]!.name.toLowerCase() === want);
          if (matches.length > 1 && new Set(matches.map((m) => key(m.expr))).size > 1) throw new QueryError(`ORDER BY '${want}' is ambiguous`);
          target = matches[0];
        }
      } else {
        target = exprs.find((x) => key(x.expr) === key(bound)) ?? hidden.find((x) => key(x.expr) === key(bound));
        if (!target) {
          if (distinct) throw new QueryError(`for SELECT DISTINCT, ORDER BY expressions must appear in the select list: ${exprText(bound)}`);
          target = { expr: bound, name: unique(`_sort${hidden.length}`) };
          hidden.push(target);
        }
      }
      const desc = o.desc;
      keys.push({ expr: col(target!.name, target!.expr.type), desc, nullsFirst: o.nulls === null ? false : o.nulls === 'first' });
    });
    const all = [...exprs, ...hidden];
    let plan: LogicalPlan = { kind: 'project', input, exprs: all, schema: all.map((x) => ({ name: x.name, type: x.expr.type })) };
    if (distinct) plan = { kind: 'distinct', input: plan, schema: plan.schema };
    if (keys.length) plan = { kind: 'sort', input: plan, keys, schema: plan.schema };
    if (outer && (outer.limit !== null || outer.offset > 0)) plan = { kind: 'limit', input: plan, limit: outer.limit, offset: outer.offset, schema: plan.schema };
    if (hidden.length) plan = { kind: 'project', input: plan, exprs: exprs.map((x) => ({ expr: col(x.name, x.expr.type), name: x.name })), schema: exprs.map((x) => ({ name: x.name, type: x.expr.type })) };
    return { plan, columns };
  }

  private orderAndLimit(plan: LogicalPlan, outer: SqlQuery, columns: BoundColumn[], scope: Scope): LogicalPlan {
    const keys: SortKey[] = outer.orderBy.map((o) => {
      let e: Expr;
      if (o.expr.k === 'number' && o.expr.integer) {
        const f = plan.schema[o.expr.value - 1];
        if (!f) throw new QueryError(`ORDER BY position ${o.expr.value} is not in the select list (1 to ${columns.length})`);
        e = col(f.name, f.type);
      } else e = new ExprBinder(scope, null, this, 'ORDER BY').bind(o.expr);
      return { expr: e, desc: o.desc, nullsFirst: o.nulls === 'first' };
    });
    if (keys.length) plan = { kind: 'sort', input: plan, keys, schema: plan.schema };
    if (outer.limit !== null || outer.offset > 0) plan = { kind: 'limit', input: plan, limit: outer.limit, offset: outer.offset, schema: plan.schema };
    return plan;
  }
}

export function bindQuery(q: SqlQuery, catalog: Catalog): Bound {
  const b = new Binder(catalog);
  const { plan, columns } = b.query(q);
  return { plan, subqueries: b.subqueries, columns };
}

