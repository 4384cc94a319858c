// Our syntax tree: what sql/convert.ts makes of node-sql-parser's output, with
// its quirks removed. The binder (sql/bind.ts) works only on these types.

export type SqlExpr =
  | { readonly k: 'ident'; readonly parts: readonly string[] }
  | { readonly k: 'star'; readonly table: string | null }
  | { readonly k: 'string'; readonly value: string }
  | { readonly k: 'number'; readonly value: number; readonly integer: boolean }
  | { readonly k: 'bool'; readonly value: boolean }
  | { readonly k: 'null' }
  | { readonly k: 'typed'; readonly type: 'timestamp' | 'date'; readonly text: string }
  | { readonly k: 'interval'; readonly value: string; readonly unit: string }
  | { readonly k: 'binary'; readonly op: string; readonly left: SqlExpr; readonly right: SqlExpr }
  | { readonly k: 'unary'; readonly op: 'not' | 'neg'; readonly arg: SqlExpr }
  | { readonly k: 'fn'; readonly name: string; readonly args: readonly SqlExpr[]; readonly distinct: boolean; readonly star: boolean; readonly orderBy?: readonly OrderItem[] }
  | { readonly k: 'field'; readonly arg: SqlExpr; readonly name: string }
  | { readonly k: 'case'; readonly operand: SqlExpr | null; readonly whens: readonly { readonly when: SqlExpr; readonly then: SqlExpr }[]; readonly else: SqlExpr | null }
  | { readonly k: 'cast'; readonly arg: SqlExpr; readonly type: string; readonly try: boolean }
  | { readonly k: 'in'; readonly arg: SqlExpr; readonly list: readonly SqlExpr[]; readonly negated: boolean }
  | { readonly k: 'inQuery'; readonly arg: SqlExpr; readonly query: SqlQuery; readonly negated: boolean }
  | { readonly k: 'between'; readonly arg: SqlExpr; readonly low: SqlExpr; readonly high: SqlExpr; readonly negated: boolean }
  | { readonly k: 'like'; readonly arg: SqlExpr; readonly pattern: SqlExpr; readonly escape: SqlExpr | null; readonly negated: boolean }
  | { readonly k: 'isNull'; readonly arg: SqlExpr; readonly negated: boolean }
  | { readonly k: 'distinctFrom'; readonly left: SqlExpr; readonly right: SqlExpr; readonly negated: boolean }
  | { readonly k: 'exists'; readonly query: SqlQuery; readonly negated: boolean }
  | { readonly k: 'scalarQuery'; readonly query: SqlQuery };

export interface SelectItem {
  readonly expr: SqlExpr;
  readonly alias: string | null;
}

export interface OrderItem {
  readonly expr: SqlExpr;
  readonly desc: boolean;
  readonly nulls: 'first' | 'last' | null;
}

export type FromItem =
  | { readonly k: 'table'; readonly name: string; readonly alias: string | null }
  | { readonly k: 'subquery'; readonly query: SqlQuery; readonly alias: string | null }
  | { readonly k: 'join'; readonly type: 'inner' | 'left' | 'right' | 'full' | 'cross'; readonly left: FromItem; readonly right: FromItem; readonly on: SqlExpr | null };

export interface SqlSelect {
  readonly k: 'select';
  readonly distinct: boolean;
  readonly items: readonly SelectItem[];
  readonly from: FromItem | null;
  readonly where: SqlExpr | null;
  readonly groupBy: readonly SqlExpr[];
  readonly having: SqlExpr | null;
}

export interface SqlSetOp {
  readonly k: 'setop';
  readonly op: 'union' | 'intersect' | 'except';
  readonly all: boolean;
  readonly left: SqlQueryBody;
  readonly right: SqlQueryBody;
}

export type SqlQueryBody = SqlSelect | SqlSetOp;

/** A full query: CTEs, a body, and the ORDER BY / LIMIT / OFFSET that apply to the whole body. */
export interface SqlQuery {
  readonly with: readonly { readonly name: string; readonly query: SqlQuery }[];
  readonly body: SqlQueryBody;
  readonly orderBy: readonly OrderItem[];
  readonly limit: number | null;
  readonly offset: number;
}

export interface SqlStatement {
  readonly explain: boolean;
  readonly query: SqlQuery;
}

/** The direct sub-expressions of `e`; subqueries are not entered (they are their own scope). */
export function childExprs(e: SqlExpr): readonly SqlExpr[] {
  switch (e.k) {
    case 'ident': case 'star': case 'string': case 'number': case 'bool': case 'null': case 'typed': case 'interval':
    case 'exists': case 'scalarQuery': return [];
    case 'binary': case 'distinctFrom': return [e.left, e.right];
    case 'unary': return [e.arg];
    case 'fn': return [...e.args, ...(e.orderBy ?? []).map((o) => o.expr)];
    case 'field': case 'cast': case 'isNull': case 'inQuery': return [e.arg];
    case 'case': return [...(e.operand ? [e.operand] : []), ...e.whens.flatMap((w) => [w.when, w.then]), ...(e.else ? [e.else] : [])];
    case 'in': return [e.arg, ...e.list];
    case 'between': return [e.arg, e.low, e.high];
    case 'like': return [e.arg, e.pattern, ...(e.escape ? [e.escape] : [])];
    default: return e satisfies never;
  }
}

/** True if `pred` holds for `e` or any expression inside it (outside subqueries). */
export function someExpr(e: SqlExpr, pred: (x: SqlExpr) => boolean): boolean {
  return pred(e) || childExprs(e).some((c) => someExpr(c, pred));
}
