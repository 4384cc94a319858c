// Limit / top-N: ORDER BY followed by LIMIT keeps only the first N rows while
// sorting (a bounded heap) instead of sorting everything.
//   before: Limit: 10                  after: TopN: 10 by _a0 DESC NULLS LAST
//             Sort: _a0 DESC ...                 Aggregate: ...
//               Aggregate: ...
// A Limit with no ORDER BY directly over a scan (through projections) stops
// the scan once enough rows matched; plan/physical.ts reads that off the plan.

import { transformUp } from '../logical.js';
import type { Rule } from './rule.js';

export const limitPushdown: Rule = {
  name: 'limit_pushdown',
  apply: (plan) => transformUp(plan, (p) => {
    if (p.kind === 'limit' && p.limit !== null && p.input.kind === 'sort') {
      return { kind: 'topN', input: p.input.input, keys: p.input.keys, limit: p.limit, offset: p.offset, schema: p.schema };
    }
    return p;
  }),
};
