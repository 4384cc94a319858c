// Conservative pruning: can any row of a unit (partition, file, row group)
// satisfy a predicate, given what we know of the unit's columns? Returns false
// only when that is proven impossible; anything not understood keeps the unit.
//   AND: skipped if any part proves it empty.  OR: only if every part does.
// Understood: column op literal (either side), IN lists, LIKE 'prefix%',
// IS NULL / IS NOT NULL when the null count is known.

import type { Expr } from '../plan/expr.js';
import type { Value } from '../plan/types.js';
import { compareValues } from '../exec/eval.js';
import { likePrefix } from '../exec/like.js';

export interface ColumnStats {
  /** Smallest and largest non-null values (undefined when unknown). */
  readonly min?: Value;
  readonly max?: Value;
  /** Membership test for a value (e.g. the manifest's eventName set); undefined when unknown. */
  readonly mayContain?: (v: string) => boolean;
  /** True when every value is null; false when none is; undefined when unknown. */
  readonly allNull?: boolean;
  readonly noNulls?: boolean;
}

export type StatsLookup = (column: string) => ColumnStats | undefined;

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=', '<>': '<>' };

function rangeMayMatch(op: string, s: ColumnStats, v: Value): boolean {
  if (v === null) return false; // a comparison with NULL is never TRUE
  if (s.allNull) return false;
  const { min, max } = s;
  const known = min !== undefined && min !== null && max !== undefined && max !== null;
  switch (op) {
    case '=':
      if (s.mayContain && typeof v === 'string' && !s.mayContain(v)) return false;
      return !known || (compareValues(v, min!) >= 0 && compareValues(v, max!) <= 0);
    case '<': return !known || compareValues(min!, v) < 0;
    case '<=': return !known || compareValues(min!, v) <= 0;
    case '>': return !known || compareValues(max!, v) > 0;
    case '>=': return !known || compareValues(max!, v) >= 0;
    case '<>': return !known || !(compareValues(min!, v) === 0 && compareValues(max!, v) === 0);
    default: return true;
  }
}

export function mayMatch(e: Expr, stats: StatsLookup): boolean {
  switch (e.kind) {
    case 'literal': return e.value !== false && e.value !== null;
    case 'call': {
      if (e.fn === 'and') return e.args.every((a) => mayMatch(a, stats));
      if (e.fn === 'or') return e.args.some((a) => mayMatch(a, stats));
      const [a, b] = e.args;
      if ((e.fn === 'isNull' || e.fn === 'isNotNull') && a?.kind === 'column') {
        const s = stats(a.name);
        if (!s) return true;
        return e.fn === 'isNull' ? s.noNulls !== true : s.allNull !== true;
      }
      if (FLIP[e.fn] && a && b) {
        if (a.kind === 'column' && b.kind === 'literal') { const s = stats(a.name); return !s || rangeMayMatch(e.fn, s, b.value); }
        if (b.kind === 'column' && a.kind === 'literal') { const s = stats(b.name); return !s || rangeMayMatch(FLIP[e.fn]!, s, a.value); }
      }
      return true;
    }
    case 'in': {
      if (e.negated || e.arg.kind !== 'column' || !e.list.every((x) => x.kind === 'literal')) return true;
      const s = stats(e.arg.name);
      if (!s) return true;
      return e.list.some((x) => rangeMayMatch('=', s, (x as { value: Value }).value));
    }
    case 'like': {
      if (e.negated || e.arg.kind !== 'column' || e.pattern.kind !== 'literal' || typeof e.pattern.value !== 'string') return true;
      if (e.escape && e.escape.kind !== 'literal') return true;
      const s = stats(e.arg.name);
      if (!s) return true;
      const esc = e.escape ? (e.escape as { value: Value }).value : null;
      const prefix = likePrefix(e.pattern.value, typeof esc === 'string' ? esc : null);
      if (s.allNull) return false;
      if (!prefix || s.min === undefined || s.max === undefined || s.min === null || s.max === null) return true;
      // Matches lie in [prefix, prefix + U+FFFF).
      return compareValues(s.max, prefix) >= 0 && compareValues(s.min, `${prefix}\uffff`) < 0;
    }
    default: return true;
  }
}
