// Projection pruning: a scan reads only the leaf columns something above it
// uses (its filters included), so `SELECT eventName ... WHERE eventTime > x`
// reads two column chunks per row group, not sixty-two.
//   before: Scan: s columns=[eventVersion, userIdentity.type, ... 62 columns]
//   after:  Scan: s columns=[eventTime, eventName]

import { columnsOf } from '../expr.js';
import type { LogicalPlan } from '../logical.js';
import type { Rule } from './rule.js';

function prune(p: LogicalPlan, needed: Set<string>): LogicalPlan {
  const use = (...sets: Set<string>[]) => { const s = new Set<string>(); for (const x of sets) for (const n of x) s.add(n); return s; };
  switch (p.kind) {
    case 'scan': {
      const want = use(needed, ...p.filters.map((f) => columnsOf(f)));
      const keep = p.schema.map((f, i) => i).filter((i) => want.has(p.schema[i]!.name));
      return { ...p, columns: keep.map((i) => p.columns[i]!), schema: keep.map((i) => p.schema[i]!) };
    }
    case 'values': return p;
    case 'filter': { const input = prune(p.input, use(needed, columnsOf(p.predicate))); return { ...p, input, schema: input.schema }; }
    case 'project': return { ...p, input: prune(p.input, use(...p.exprs.map((x) => columnsOf(x.expr)))) };
    case 'aggregate': return { ...p, input: prune(p.input, use(...p.groupBy.map((g) => columnsOf(g.expr)), ...p.aggs.flatMap((a) => a.args.map((x) => columnsOf(x))))) };
    case 'sort': case 'topN': { const input = prune(p.input, use(needed, ...p.keys.map((k) => columnsOf(k.expr)))); return { ...p, input, schema: input.schema }; }
    case 'limit': { const input = prune(p.input, needed); return { ...p, input, schema: input.schema }; }
    case 'distinct': return { ...p, input: prune(p.input, new Set(p.schema.map((f) => f.name))) };
    case 'setop': return { ...p, left: prune(p.left, new Set(p.left.schema.map((f) => f.name))), right: prune(p.right, new Set(p.right.schema.map((f) => f.name))) };
    case 'join': {
      const all = use(needed, p.on ? columnsOf(p.on) : new Set());
      const left = prune(p.left, all), right = prune(p.right, all);
      return { ...p, left, right, schema: [...left.schema, ...right.schema] };
    }
    default: return p satisfies never;
  }
}

export const projectionPruning: Rule = {
  name: 'projection_pruning',
  apply: (plan) => prune(plan, new Set(plan.schema.map((f) => f.name))),
};
