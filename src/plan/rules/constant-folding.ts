// Constant folding: a deterministic call whose arguments are all literals is
// evaluated once at plan time.
//   before: Filter: eventTime > date_add('day', -7, TIMESTAMP '2023-01-08 00:00:00')
//   after:  Filter: eventTime > TIMESTAMP '2023-01-01 00:00:00'
// Simplifies AND/OR with TRUE/FALSE literals. Errors (e.g. a bad cast) are
// left for run time, where Trino raises them only if a row reaches them.

import { evaluate } from '../../exec/eval.js';
import { lookupFunction } from '../../exec/functions/index.js';
import { isOperator, lit, mapExpr, type Expr } from '../expr.js';
import { transformUp, type LogicalPlan } from '../logical.js';
import type { Rule } from './rule.js';

const NOW = Date.now();

function fold(e: Expr): Expr {
  if (e.kind === 'call') {
    if (e.fn === 'and' || e.fn === 'or') {
      const [a, b] = e.args as [Expr, Expr];
      const absorbing = e.fn === 'or';
      for (const [x, y] of [[a, b], [b, a]] as const) {
        if (x.kind === 'literal' && x.value === absorbing) return lit(absorbing, 'boolean');
        if (x.kind === 'literal' && x.value === !absorbing) return y;
      }
    }
    const deterministic = isOperator(e.fn) || (lookupFunction(e.fn)?.deterministic ?? false);
    if (!deterministic || e.fn.startsWith('__') || !e.args.every((a) => a.kind === 'literal')) return e;
  } else if (e.kind === 'cast' || e.kind === 'in' || e.kind === 'like') {
    const parts = e.kind === 'cast' ? [e.arg] : e.kind === 'in' ? [e.arg, ...e.list] : [e.arg, e.pattern, ...(e.escape ? [e.escape] : [])];
    if (!parts.every((a) => a.kind === 'literal')) return e;
  } else return e;
  try {
    const v = evaluate(e, { columns: [], length: 1 }, new Map(), { now: NOW });
    return lit(v[0] ?? null, e.type);
  } catch {
    return e;
  }
}

const foldAll = (e: Expr) => mapExpr(e, fold);

export const constantFolding: Rule = {
  name: 'constant_folding',
  apply: (plan: LogicalPlan) => transformUp(plan, (p) => {
    switch (p.kind) {
      case 'filter': return { ...p, predicate: foldAll(p.predicate) };
      case 'project': return { ...p, exprs: p.exprs.map((x) => ({ ...x, expr: foldAll(x.expr) })) };
      case 'scan': return { ...p, filters: p.filters.map(foldAll) };
      case 'join': return { ...p, on: p.on && foldAll(p.on) };
      default: return p;
    }
  }),
};
