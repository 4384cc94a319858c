// CAST and TRY_CAST between the engine's types (plan/types.ts), with Trino's
// rules where they exist, plus the text forms of timestamps and dates that
// casts, functions and output share: timestamps parse from the common forms
// users write and format as ISO-8601 UTC, like CloudTrail's eventTime.

import type { SqlType, Value } from '../plan/types.js';
import { DAY_MS, formatEventTime, parseCanonicalTime, parseEventTime, utcDate } from '../model/time.js';
import { QueryError } from './errors.js';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Epoch ms of `2023-01-22 00:00:00[.123]`, `2021-05-01T00:00:00Z`,
 * `2021-05-01T00:00:00.5+02:00`, `2022-01-05 13:51`, `2022-01-01` (midnight)
 * or Trino's `2023-01-22 00:00:00.000 UTC`; UTC when no zone is given. NaN otherwise.
 */
export function parseTimestampText(s: string): number {
  const fast = parseCanonicalTime(s);
  if (!Number.isNaN(fast)) return fast;
  let t = s.trim();
  if (t.endsWith(' UTC')) t = t.slice(0, -4);
  const d = DATE_ONLY.exec(t);
  if (!d) return parseEventTime(t);
  const y = +d[1]!, m = +d[2]!, day = +d[3]!;
  const ms = Date.UTC(y, m - 1, day);
  return m >= 1 && m <= 12 && day >= 1 && new Date(ms).getUTCDate() === day && y >= 1000 ? ms : NaN;
}

/** ISO-8601 UTC with milliseconds only when non-zero: `2023-01-22T00:00:00Z`. */
export const formatTimestamp = (ms: number): string => formatEventTime(ms);

/** `YYYY-MM-DD` of a date (days since 1970-01-01). */
export const formatDate = (days: number): string => utcDate(days * DAY_MS);

/**
 * A double as Java's Double.toString prints it (what Trino's CAST to varchar
 * follows): `1.5`, `2.0`, `1.0E21`, `1.0E-5`, `NaN`, `Infinity`.
 */
export function formatDouble(d: number): string {
  if (!Number.isFinite(d)) return Number.isNaN(d) ? 'NaN' : d > 0 ? 'Infinity' : '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const a = Math.abs(d);
  if (a >= 1e-3 && a < 1e7) {
    const s = String(d);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mant, exp] = d.toExponential().split('e') as [string, string];
  return `${mant.includes('.') ? mant : `${mant}.0`}E${exp.startsWith('+') ? exp.slice(1) : exp}`;
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INFINITY = /^[+-]?Infinity$/;
const MAX_BIGINT = 9223372036854775807;

/** How a value shows in an error message: text quoted, JSON as its text. */
const show = (v: Value): string => (typeof v === 'string' ? `'${v}'` : Array.isArray(v) ? JSON.stringify(v) : String(v));

function fail(v: Value, to: SqlType): never {
  throw new QueryError(`cannot cast ${show(v)} to ${to}`);
}

/** Whether CAST(x AS to) is allowed for an x of type `from` (checked when binding). */
export function canCast(from: SqlType, to: SqlType): boolean {
  if (from === to || from === 'unknown' || to === 'json') return true;
  switch (to) {
    case 'varchar': return from !== 'array';
    case 'bigint': case 'double': case 'boolean': return SCALARS.has(from);
    case 'timestamp': case 'date': return TEMPORAL.has(from);
    default: return false;
  }
}
const SCALARS = new Set<SqlType>(['boolean', 'bigint', 'double', 'varchar', 'json']);
const TEMPORAL = new Set<SqlType>(['varchar', 'json', 'timestamp', 'date']);

/** CAST(v AS to) for a v of type `from`; a QueryError when the value does not convert. */
export function castValue(v: Value, from: SqlType, to: SqlType): Value {
  if (v === null) return null;
  if (from === to || from === 'unknown') return v;
  if (from === 'json') return fromJson(v as string, to);
  switch (to) {
    case 'varchar': return toVarchar(v, from);
    case 'json': return toJson(v, from);
    case 'bigint': return toBigint(v, from);
    case 'double': return toDouble(v, from);
    case 'boolean': return toBoolean(v, from);
    case 'timestamp':
      if (from === 'date') return (v as number) * DAY_MS;
      if (from === 'varchar') return textToTimestamp(v as string);
      break;
    case 'date':
      if (from === 'timestamp') return Math.floor((v as number) / DAY_MS);
      if (from === 'varchar') return Math.floor(textToTimestamp(v as string, 'date') / DAY_MS);
      break;
    default:
  }
  throw new QueryError(`cannot cast ${from} to ${to}`);
}

/** TRY_CAST: NULL instead of an error. */
export function tryCastValue(v: Value, from: SqlType, to: SqlType): Value {
  try {
    return castValue(v, from, to);
  } catch (e) {
    if (e instanceof QueryError) return null;
    throw e;
  }
}

function toVarchar(v: Value, from: SqlType): string {
  switch (from) {
    case 'double': return formatDouble(v as number);
    case 'timestamp': return formatTimestamp(v as number);
    case 'date': return formatDate(v as number);
    case 'array': throw new QueryError('cannot cast array to varchar');
    default: return String(v);
  }
}

function toJson(v: Value, from: SqlType): string {
  switch (from) {
    case 'double': return Number.isFinite(v) ? JSON.stringify(v) : `"${formatDouble(v as number)}"`;
    case 'timestamp': return JSON.stringify(formatTimestamp(v as number));
    case 'date': return JSON.stringify(formatDate(v as number));
    default: return JSON.stringify(v);
  }
}

function toBigint(v: Value, from: SqlType): number {
  if (from === 'boolean') return v ? 1 : 0;
  if (from === 'double') return roundToBigint(v as number, v);
  if (from === 'varchar') {
    const s = (v as string).trim();
    if (!INTEGER.test(s)) fail(v, 'bigint');
    const n = Number(s);
    if (Math.abs(n) > MAX_BIGINT) fail(v, 'bigint');
    return n;
  }
  throw new QueryError(`cannot cast ${from} to bigint`);
}

/** Trino rounds a double to bigint half away from zero, and fails outside bigint's range. */
function roundToBigint(d: number, original: Value): number {
  if (!Number.isFinite(d) || Math.abs(d) >= MAX_BIGINT) fail(original, 'bigint');
  const r = Math.sign(d) * Math.round(Math.abs(d));
  return r === 0 ? 0 : r;
}

function toDouble(v: Value, from: SqlType): number {
  if (from === 'bigint') return v as number;
  if (from === 'boolean') return v ? 1 : 0;
  if (from === 'varchar') {
    const s = (v as string).trim();
    if (DECIMAL.test(s)) return Number(s);
    if (s === 'NaN') return NaN;
    if (INFINITY.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
    fail(v, 'double');
  }
  throw new QueryError(`cannot cast ${from} to double`);
}

function toBoolean(v: Value, from: SqlType): boolean {
  if (from === 'bigint' || from === 'double') return v !== 0;
  if (from === 'varchar') {
    switch ((v as string).trim().toLowerCase()) {
      case 'true': case 't': case '1': return true;
      case 'false': case 'f': case '0': return false;
      default: fail(v, 'boolean');
    }
  }
  throw new QueryError(`cannot cast ${from} to boolean`);
}

function textToTimestamp(s: string, to: SqlType = 'timestamp'): number {
  const ms = parseTimestampText(s);
  if (Number.isNaN(ms)) fail(s, to);
  return ms;
}

/**
 * CAST from json. A JSON scalar converts by its value (a JSON string holding
 * '12' casts to bigint 12, JSON null gives NULL); to varchar a JSON string gives
 * its contents and any other JSON its text (Trino rejects arrays and objects there).
 */
function fromJson(text: string, to: SqlType): Value {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    throw new QueryError(`cannot cast ${show(text)} to ${to}: invalid JSON`);
  }
  if (j === null) return null;
  if (to === 'varchar') return typeof j === 'string' ? j : typeof j === 'object' ? JSON.stringify(j) : toVarchar(j as Value, typeof j === 'number' ? numberType(j) : 'boolean');
  if (typeof j === 'object') throw new QueryError(`cannot cast JSON ${Array.isArray(j) ? 'array' : 'object'} to ${to}`);
  const from: SqlType = typeof j === 'string' ? 'varchar' : typeof j === 'number' ? numberType(j) : 'boolean';
  return castValue(j as Value, from, to);
}

const numberType = (n: number): SqlType => (Number.isInteger(n) ? 'bigint' : 'double');
