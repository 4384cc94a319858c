// Bound expressions: immutable tagged unions with static types. Columns are
// referenced by name within the input schema of the node that evaluates them;
// names are unique there (the binder guarantees it). Operators are `call`s
// with an operator name (see OPERATORS); functions are resolved by name in
// exec/functions. Expressions are plain data: they cross to scan workers as-is.

import type { SqlType, Value } from './types.js';

export type Expr =
  | { readonly kind: 'column'; readonly name: string; readonly type: SqlType }
  | { readonly kind: 'literal'; readonly value: Value; readonly type: SqlType }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[]; readonly type: SqlType }
  | { readonly kind: 'case'; readonly whens: readonly { readonly when: Expr; readonly then: Expr }[]; readonly else: Expr; readonly type: SqlType }
  | { readonly kind: 'cast'; readonly arg: Expr; readonly type: SqlType; readonly try: boolean }
  | { readonly kind: 'in'; readonly arg: Expr; readonly list: readonly Expr[]; readonly negated: boolean; readonly type: 'boolean' }
  | { readonly kind: 'like'; readonly arg: Expr; readonly pattern: Expr; readonly escape: Expr | null; readonly negated: boolean; readonly type: 'boolean' }
  | { readonly kind: 'subquery'; readonly mode: 'in' | 'exists' | 'scalar'; readonly id: number; readonly arg: Expr | null; readonly negated: boolean; readonly type: SqlType };

export type ExprKind = Expr['kind'];

/** Operators evaluated by exec/eval.ts, with their SQL spelling for plan text. */
export const OPERATORS = {
  and: 'AND', or: 'OR', not: 'NOT',
  '=': '=', '<>': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=',
  distinct: 'IS DISTINCT FROM', notDistinct: 'IS NOT DISTINCT FROM',
  isNull: 'IS NULL', isNotNull: 'IS NOT NULL',
  '+': '+', '-': '-', '*': '*', '/': '/', '%': '%', neg: '-', '||': '||',
  field: '.',
} as const;
export type Operator = keyof typeof OPERATORS;
export const isOperator = (fn: string): fn is Operator => Object.prototype.hasOwnProperty.call(OPERATORS, fn);

export const col = (name: string, type: SqlType): Expr => ({ kind: 'column', name, type });
export const lit = (value: Value, type: SqlType): Expr => ({ kind: 'literal', value, type });
export const call = (fn: string, args: readonly Expr[], type: SqlType): Expr => ({ kind: 'call', fn, args, type });
export const TRUE = lit(true, 'boolean');

/** Splits a predicate into its AND-ed parts. */
export function conjuncts(e: Expr): Expr[] {
  if (e.kind === 'call' && e.fn === 'and') return e.args.flatMap(conjuncts);
  return [e];
}

/** ANDs predicates together (TRUE for none). */
export function conjoin(parts: readonly Expr[]): Expr {
  if (parts.length === 0) return TRUE;
  return parts.reduce((a, b) => call('and', [a, b], 'boolean'));
}

/** Every column name an expression reads. */
export function columnsOf(e: Expr, out: Set<string> = new Set()): Set<string> {
  switch (e.kind) {
    case 'column': out.add(e.name); break;
    case 'literal': break;
    case 'call': for (const a of e.args) columnsOf(a, out); break;
    case 'case': for (const w of e.whens) { columnsOf(w.when, out); columnsOf(w.then, out); } columnsOf(e.else, out); break;
    case 'cast': columnsOf(e.arg, out); break;
    case 'in': columnsOf(e.arg, out); for (const a of e.list) columnsOf(a, out); break;
    case 'like': columnsOf(e.arg, out); columnsOf(e.pattern, out); if (e.escape) columnsOf(e.escape, out); break;
    case 'subquery': if (e.arg) columnsOf(e.arg, out); break;
    default: e satisfies never;
  }
  return out;
}

/** Rebuilds an expression bottom-up through `f` (f sees children already mapped). */
export function mapExpr(e: Expr, f: (e: Expr) => Expr): Expr {
  switch (e.kind) {
    case 'column': case 'literal': return f(e);
    case 'call': return f({ ...e, args: e.args.map((a) => mapExpr(a, f)) });
    case 'case': return f({ ...e, whens: e.whens.map((w) => ({ when: mapExpr(w.when, f), then: mapExpr(w.then, f) })), else: mapExpr(e.else, f) });
    case 'cast': return f({ ...e, arg: mapExpr(e.arg, f) });
    case 'in': return f({ ...e, arg: mapExpr(e.arg, f), list: e.list.map((a) => mapExpr(a, f)) });
    case 'like': return f({ ...e, arg: mapExpr(e.arg, f), pattern: mapExpr(e.pattern, f), escape: e.escape && mapExpr(e.escape, f) });
    case 'subquery': return f({ ...e, arg: e.arg && mapExpr(e.arg, f) });
    default: return e satisfies never;
  }
}
