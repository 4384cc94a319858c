// Implicit coercions the binder applies where Trino, CloudTrail Lake or Athena
// users expect them: a time compared with a string is a time comparison in UTC
// (`eventTime > '2023-01-22 00:00:00'`, `eventtime >= '2021-05-01T00:00:00Z'`);
// json is text; numbers widen to double; a boolean compared with text is 'true'/'false'.

import { parseTimestampText } from '../exec/cast.js';
import { QueryError } from '../exec/errors.js';
import { lit, type Expr } from '../plan/expr.js';
import { exprText } from '../plan/print.js';
import { isNumeric, isText, type SqlType } from '../plan/types.js';

export function castTo(e: Expr, type: SqlType): Expr {
  if (e.type === type || e.type === 'unknown' && e.kind === 'literal') return e.kind === 'literal' && e.value === null ? lit(null, type) : e;
  if (e.kind === 'literal' && e.value !== null && isText(e.type) && (type === 'timestamp' || type === 'date')) {
    const ms = parseTimestampText(String(e.value));
    if (Number.isNaN(ms)) throw new QueryError(`'${e.value}' is not a valid ${type} (expected e.g. '2023-01-22 00:00:00' or '2023-01-22T00:00:00Z')`);
    return type === 'timestamp' ? lit(ms, 'timestamp') : lit(Math.floor(ms / 86_400_000), 'date');
  }
  return { kind: 'cast', arg: e, type, try: false };
}

/** The common type two operands of a comparison are brought to, or a message. */
export function comparisonType(a: SqlType, b: SqlType): SqlType | string {
  if (a === b) return a === 'json' ? 'varchar' : a;
  if (a === 'unknown') return b;
  if (b === 'unknown') return a;
  if (isNumeric(a) && isNumeric(b)) return 'double';
  if (isText(a) && isText(b)) return 'varchar';
  const time = (t: SqlType) => t === 'timestamp' || t === 'date';
  if (time(a) && time(b)) return 'timestamp';
  if (time(a) && isText(b)) return a;
  if (time(b) && isText(a)) return b;
  if (a === 'boolean' && isText(b) || b === 'boolean' && isText(a)) return 'varchar';
  if (isNumeric(a) && isText(b) || isNumeric(b) && isText(a)) return 'double';
  return `cannot compare ${a} with ${b}`;
}

/** Brings both sides of a comparison to one type (literals are converted at plan time). */
export function coercePair(l: Expr, r: Expr, where: string): [Expr, Expr] {
  const t = comparisonType(l.type, r.type);
  if (t.includes(' ') && t.startsWith('cannot')) throw new QueryError(`type error in ${where}: ${t}`);
  const target = t as SqlType;
  const conv = (e: Expr): Expr => {
    if (e.type === target || (target === 'varchar' && isText(e.type))) return e;
    if (target === 'varchar' && e.type === 'boolean' && e.kind === 'literal') return lit(e.value === null ? null : String(e.value), 'varchar');
    if (target === 'double' && isNumeric(e.type)) return e;
    return castTo(e, target);
  };
  return [conv(l), conv(r)];
}

export const describe = (e: Expr) => exprText(e);
