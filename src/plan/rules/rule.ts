// The optimizer: named rules applied in order, each its own file with a
// before/after example. `traillake explain` prints the plan after each rule
// that changed it; tests compare the printed plans (golden text).

import type { LogicalPlan } from '../logical.js';

export interface Rule {
  readonly name: string;
  apply(plan: LogicalPlan): LogicalPlan;
}
