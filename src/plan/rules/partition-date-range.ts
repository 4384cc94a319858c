// Partition date range: a comparison of Athena's `date_partition` (the
// eventTime day formatted YYYY/MM/DD) with a full date implies an eventTime
// range, which pruning can use. The implied predicate is added beside the
// original, which stays and decides; only the day boundaries are derived.
//   before: Scan: s filters=[date_format(eventTime, '%Y/%m/%d') >= '2021/07/01']
//   after:  Scan: s filters=[date_format(eventTime, '%Y/%m/%d') >= '2021/07/01', eventTime >= TIMESTAMP '2021-07-01 00:00:00']
// Also for '%Y-%m-%d'. Runs after filter_pushdown, on scan filters only.

import { call, lit, type Expr } from '../expr.js';
import { transformUp } from '../logical.js';
import type { Rule } from './rule.js';

const DAY_MS = 86_400_000;
const FORMATS: Record<string, RegExp> = { '%Y/%m/%d': /^(\d{4})\/(\d\d)\/(\d\d)$/, '%Y-%m-%d': /^(\d{4})-(\d\d)-(\d\d)$/ };
const MIRROR: Record<string, string> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** The eventTime column and the day (epoch ms of its midnight) when `e` is `date_format(t, fmt) op 'day'`. */
function match(e: Expr): { time: Expr; op: string; day: number } | null {
  if (e.kind !== 'call' || !(e.fn in MIRROR) || e.args.length !== 2) return null;
  for (const [a, b, op] of [[e.args[0]!, e.args[1]!, e.fn], [e.args[1]!, e.args[0]!, MIRROR[e.fn]!]] as const) {
    if (a.kind !== 'call' || a.fn !== 'date_format' || b.kind !== 'literal' || typeof b.value !== 'string') continue;
    const [time, fmt] = a.args;
    if (time?.kind !== 'column' || time.type !== 'timestamp' || fmt?.kind !== 'literal' || typeof fmt.value !== 'string') continue;
    const m = FORMATS[fmt.value]?.exec(b.value);
    if (!m) continue;
    const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    const check = new Date(day);
    if (check.getUTCMonth() !== Number(m[2]) - 1 || check.getUTCDate() !== Number(m[3])) continue; // 2021/02/30
    return { time, op, day };
  }
  return null;
}

/** The eventTime bounds a day comparison implies. */
function implied(time: Expr, op: string, day: number): Expr[] {
  const ts = (ms: number) => lit(ms, 'timestamp');
  const ge = (ms: number) => call('>=', [time, ts(ms)], 'boolean');
  const lt = (ms: number) => call('<', [time, ts(ms)], 'boolean');
  switch (op) {
    case '=': return [ge(day), lt(day + DAY_MS)];
    case '>=': return [ge(day)];
    case '>': return [ge(day + DAY_MS)];
    case '<=': return [lt(day + DAY_MS)];
    case '<': return [lt(day)];
    default: return [];
  }
}

export const partitionDateRange: Rule = {
  name: 'partition_date_range',
  apply: (plan) => transformUp(plan, (p) => {
    if (p.kind !== 'scan') return p;
    const extra = p.filters.flatMap((f) => {
      const m = match(f);
      return m ? implied(m.time, m.op, m.day) : [];
    });
    return extra.length ? { ...p, filters: [...p.filters, ...extra] } : p;
  }),
};
