// Filter pushdown: predicates move as close to the scan as they can, and into
// it, where they prune partitions, files and row groups and are evaluated on
// the filter's columns before the other columns are read (exact pushdown: the
// Filter node above disappears).
//   before: Filter: eventName = 'ConsoleLogin'          after: Scan: s filters=[eventName = 'ConsoleLogin']
//             Scan: s
// Through Project (by substituting the projected expressions) and into the
// sides of inner/cross joins; never through Limit, TopN, Aggregate or set ops.

import { columnsOf, conjoin, conjuncts, type Expr } from '../expr.js';
import { throughProject, transformUp, type LogicalPlan } from '../logical.js';
import type { Rule } from './rule.js';

const hasSubquery = (e: Expr) => JSON.stringify(e).includes('"kind":"subquery"');

function push(p: LogicalPlan, pred: Expr): LogicalPlan {
  const input = p;
  switch (input.kind) {
    case 'scan': {
      const parts = conjuncts(pred);
      const pushable = parts.filter((c) => !hasSubquery(c));
      const rest = parts.filter((c) => hasSubquery(c));
      const scan: LogicalPlan = { ...input, filters: [...input.filters, ...pushable] };
      return rest.length ? { kind: 'filter', input: scan, predicate: conjoin(rest), schema: scan.schema } : scan;
    }
    case 'project': {
      return { ...input, input: push(input.input, throughProject(pred, input)) };
    }
    case 'filter': return push(input.input, conjoin([input.predicate, pred]));
    case 'join': {
      if (input.joinType !== 'inner' && input.joinType !== 'cross') break;
      const left = new Set(input.left.schema.map((f) => f.name)), right = new Set(input.right.schema.map((f) => f.name));
      const l: Expr[] = [], r: Expr[] = [], keep: Expr[] = [];
      for (const c of conjuncts(pred)) {
        const cols = [...columnsOf(c)];
        if (cols.every((x) => left.has(x))) l.push(c);
        else if (cols.every((x) => right.has(x))) r.push(c);
        else keep.push(c);
      }
      const j: LogicalPlan = {
        ...input,
        left: l.length ? push(input.left, conjoin(l)) : input.left,
        right: r.length ? push(input.right, conjoin(r)) : input.right,
        on: keep.length ? conjoin([...(input.on ? [input.on] : []), ...keep]) : input.on,
        joinType: keep.length && input.joinType === 'cross' ? 'inner' : input.joinType,
      };
      return j;
    }
    default: break;
  }
  return { kind: 'filter', input, predicate: pred, schema: input.schema };
}

export const filterPushdown: Rule = {
  name: 'filter_pushdown',
  apply: (plan) => transformUp(plan, (p) => (p.kind === 'filter' ? push(p.input, p.predicate) : p)),
};
