// The logical plan: immutable tagged unions, one node kind per relational
// operator. Every node carries its output schema (names unique within it).
// The binder (sql/bind.ts) builds it; optimizer rules (plan/rules/) rewrite it;
// plan/physical.ts turns it into scan tasks and operators.

import { mapExpr, type Expr } from './expr.js';
import type { SqlType } from './types.js';

export interface Field {
  readonly name: string;
  readonly type: SqlType;
}
export type Schema = readonly Field[];

export interface NamedExpr {
  readonly expr: Expr;
  readonly name: string;
}

export type AggFn =
  | 'count_star' | 'count' | 'sum' | 'avg' | 'min' | 'max' | 'approx_distinct' | 'arbitrary'
  | 'count_if' | 'bool_and' | 'bool_or' | 'max_by' | 'min_by' | 'array_agg';

export interface AggCall {
  readonly fn: AggFn;
  readonly args: readonly Expr[];
  readonly distinct: boolean;
  readonly name: string;
  readonly type: SqlType;
  /** array_agg(x ORDER BY x [DESC]): the order of the result's elements (NULLs last). */
  readonly order?: 'asc' | 'desc';
}

export interface SortKey {
  readonly expr: Expr;
  readonly desc: boolean;
  readonly nullsFirst: boolean;
}

/** What a scan of one store reads: the store and the leaf columns (dotted paths). */
export interface ScanSource {
  readonly storeName: string;
  readonly storeDir: string;
}

export type LogicalPlan =
  | { readonly kind: 'scan'; readonly source: ScanSource; readonly columns: readonly string[]; readonly filters: readonly Expr[]; readonly schema: Schema }
  | { readonly kind: 'values'; readonly rows: number; readonly schema: Schema }
  | { readonly kind: 'filter'; readonly input: LogicalPlan; readonly predicate: Expr; readonly schema: Schema }
  | { readonly kind: 'project'; readonly input: LogicalPlan; readonly exprs: readonly NamedExpr[]; readonly schema: Schema }
  | { readonly kind: 'aggregate'; readonly input: LogicalPlan; readonly groupBy: readonly NamedExpr[]; readonly aggs: readonly AggCall[]; readonly schema: Schema }
  | { readonly kind: 'sort'; readonly input: LogicalPlan; readonly keys: readonly SortKey[]; readonly schema: Schema }
  | { readonly kind: 'limit'; readonly input: LogicalPlan; readonly limit: number | null; readonly offset: number; readonly schema: Schema }
  | { readonly kind: 'topN'; readonly input: LogicalPlan; readonly keys: readonly SortKey[]; readonly limit: number; readonly offset: number; readonly schema: Schema }
  | { readonly kind: 'distinct'; readonly input: LogicalPlan; readonly schema: Schema }
  | { readonly kind: 'setop'; readonly op: 'union' | 'intersect' | 'except'; readonly all: boolean; readonly left: LogicalPlan; readonly right: LogicalPlan; readonly schema: Schema }
  | { readonly kind: 'join'; readonly joinType: 'inner' | 'left' | 'right' | 'full' | 'cross'; readonly left: LogicalPlan; readonly right: LogicalPlan; readonly on: Expr | null; readonly schema: Schema };

export type PlanKind = LogicalPlan['kind'];

/** A bound query: the main plan and the uncorrelated subqueries its expressions refer to by id. */
export interface BoundQuery {
  readonly plan: LogicalPlan;
  readonly subqueries: readonly LogicalPlan[];
}

export function children(p: LogicalPlan): LogicalPlan[] {
  switch (p.kind) {
    case 'scan': case 'values': return [];
    case 'filter': case 'project': case 'aggregate': case 'sort': case 'limit': case 'topN': case 'distinct': return [p.input];
    case 'setop': case 'join': return [p.left, p.right];
    default: return p satisfies never;
  }
}

/** Rebuilds a plan bottom-up: `f` sees each node with its children already rewritten. */
export function transformUp(p: LogicalPlan, f: (p: LogicalPlan) => LogicalPlan): LogicalPlan {
  switch (p.kind) {
    case 'scan': case 'values': return f(p);
    case 'filter': case 'project': case 'aggregate': case 'sort': case 'limit': case 'topN': case 'distinct':
      return f({ ...p, input: transformUp(p.input, f) } as LogicalPlan);
    case 'setop': case 'join':
      return f({ ...p, left: transformUp(p.left, f), right: transformUp(p.right, f) } as LogicalPlan);
    default: return p satisfies never;
  }
}

/** `e` written over a projection's input: each reference to a projected name becomes its expression. */
export function throughProject(e: Expr, project: Extract<LogicalPlan, { kind: 'project' }>): Expr {
  const byName = new Map(project.exprs.map((x) => [x.name, x.expr]));
  return mapExpr(e, (x) => (x.kind === 'column' && byName.has(x.name) ? byName.get(x.name)! : x));
}
