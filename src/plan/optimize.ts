// Runs the optimizer rules in order and records which ones changed the plan.

import type { LogicalPlan } from './logical.js';
import { planText } from './print.js';
import { constantFolding } from './rules/constant-folding.js';
import { filterPushdown } from './rules/filter-pushdown.js';
import { limitPushdown } from './rules/limit-pushdown.js';
import { partitionDateRange } from './rules/partition-date-range.js';
import { projectionPruning } from './rules/projection-pruning.js';
import type { Rule } from './rules/rule.js';

export const RULES: readonly Rule[] = [constantFolding, filterPushdown, partitionDateRange, limitPushdown, projectionPruning];

export function optimize(plan: LogicalPlan, skip: ReadonlySet<string> = new Set()): { plan: LogicalPlan; applied: string[] } {
  const applied: string[] = [];
  for (const r of RULES) {
    if (skip.has(r.name)) continue;
    const next = r.apply(plan);
    if (planText(next) !== planText(plan)) applied.push(r.name);
    plan = next;
  }
  return { plan, applied };
}
