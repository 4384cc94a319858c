// Shared plumbing of the scalar function modules: declaring a function from a
// parameter list (arity and type checks with a uniform error message), the
// common-type rule of variadic functions, and coercing arguments (text, a
// timestamp from a lenient varchar) at run time.

import type { EvalContext, SqlType, Value } from '../../plan/types.js';
import { castValue, parseTimestampText } from '../cast.js';
import { QueryError } from '../errors.js';
import { register, type ScalarFunction } from './registry.js';

/**
 * What a parameter accepts; 'unknown' (a NULL literal) fits every kind.
 *   varchar: varchar or json      bigint: bigint      number: bigint or double
 *   timestamp: timestamp, date, or text parsed at run time (lenient, see time.ts)
 */
export type Param = 'varchar' | 'bigint' | 'number' | 'boolean' | 'timestamp' | 'date' | 'array' | 'any';

const FITS: Record<Param, readonly SqlType[]> = {
  varchar: ['varchar', 'json'],
  bigint: ['bigint'],
  number: ['bigint', 'double'],
  boolean: ['boolean'],
  timestamp: ['timestamp', 'date', 'varchar', 'json'],
  date: ['date', 'timestamp', 'varchar', 'json'],
  array: ['array'],
  any: [],
};
const SHOWN: Record<Param, string> = {
  varchar: 'varchar', bigint: 'bigint', number: 'double', boolean: 'boolean',
  timestamp: 'timestamp', date: 'date', array: 'array', any: 'any',
};

export const fits = (p: Param, t: SqlType): boolean => t === 'unknown' || p === 'any' || FITS[p].includes(t);

export interface Definition {
  name: string;
  aliases?: readonly string[];
  /** Parameter kinds; the last `optional` of them may be left out. */
  params: readonly Param[];
  optional?: number;
  /** When set, any number of further arguments of this kind are accepted. */
  variadic?: Param;
  /** The result type, or a function of the (already kind-checked) argument types. */
  returns: SqlType | ((types: readonly SqlType[]) => SqlType | string);
  nullPropagating?: boolean;
  deterministic?: boolean;
  eval: (args: readonly Value[], types: readonly SqlType[], ctx: EvalContext) => Value;
}

/** The signature as users read it in error messages: `substr(varchar, bigint[, bigint])`. */
function signature(d: Definition): string {
  const req = d.params.length - (d.optional ?? 0);
  let s = d.params.slice(0, req).map((p) => SHOWN[p]).join(', ');
  for (const p of d.params.slice(req)) s += s ? `[, ${SHOWN[p]}]` : `[${SHOWN[p]}]`;
  if (d.variadic) s += `${s ? ', ' : ''}${SHOWN[d.variadic]}...`;
  return `(${s})`;
}

export function define(d: Definition): void {
  const minArgs = d.params.length - (d.optional ?? 0);
  const maxArgs = d.variadic ? Infinity : d.params.length;
  const expects = signature(d);
  const resolve = (types: readonly SqlType[]): SqlType | string => {
    const bad = types.length < minArgs || types.length > maxArgs ||
      types.some((t, i) => !fits(d.params[i] ?? d.variadic!, t));
    if (bad) return `${d.name} expects ${expects}, got (${types.join(', ')})`;
    return typeof d.returns === 'function' ? d.returns(types) : d.returns;
  };
  for (const name of [d.name, ...(d.aliases ?? [])]) {
    const f: ScalarFunction = {
      name, minArgs, maxArgs, resolve, eval: d.eval,
      nullPropagating: d.nullPropagating ?? true,
      deterministic: d.deterministic ?? true,
    };
    register(f);
  }
}

/**
 * The type several arguments share (coalesce, if, greatest, ...), or undefined.
 * NULL literals are ignored; bigint and double widen to double; varchar and json
 * to varchar; date and timestamp to timestamp; text next to a timestamp is
 * parsed as one (lenient, as CloudTrail Lake users compare eventTime to strings).
 */
export function commonType(types: readonly SqlType[]): SqlType | undefined {
  let out: SqlType | undefined = 'unknown';
  for (const t of types) out = out && widerOf(out, t);
  return out;
}

const KIND: Partial<Record<SqlType, string>> = {
  bigint: 'number', double: 'number', varchar: 'text', json: 'text', date: 'time', timestamp: 'time',
};
function widerOf(a: SqlType, b: SqlType): SqlType | undefined {
  if (a === b || b === 'unknown') return a;
  if (a === 'unknown') return b;
  const ka = KIND[a], kb = KIND[b];
  if (ka === 'number' && kb === 'number') return 'double';
  if (ka === 'text' && kb === 'text') return 'varchar';
  if ((ka === 'time' || ka === 'text') && (kb === 'time' || kb === 'text')) return 'timestamp';
  return undefined;
}

// The binder passes the same types array on every row: remember its common type
// (of the arguments from index `from` on).
const COMMON = new WeakMap<readonly SqlType[], SqlType[]>();
export function commonTypeOf(types: readonly SqlType[], from = 0): SqlType {
  let known = COMMON.get(types);
  if (!known) COMMON.set(types, (known = []));
  return (known[from] ??= commonType(types.slice(from)) ?? 'unknown');
}

/** The common type for resolve(), or the message saying which types clash. */
export function resolveCommon(name: string, types: readonly SqlType[]): SqlType | string {
  return commonType(types) ?? `${name}: arguments must share a type, got (${types.join(', ')})`;
}

/** A value of type `from` as the common type `to` (numbers need no change). */
export function widen(v: Value, from: SqlType, to: SqlType): Value {
  if (v === null || from === to || to === 'unknown' || (to === 'double' && from === 'bigint')) return v;
  return castValue(v, from, to);
}

/** A text argument: varchar and json values are strings already. */
export const str = (v: Value): string => v as string;

/**
 * Epoch ms of a timestamp-ish argument: a timestamp, a date (midnight UTC), or
 * text in any form parseTimestampText accepts (json text of a JSON string too).
 */
export function toMillis(v: Value, t: SqlType, fn: string): number {
  if (t === 'timestamp') return v as number;
  if (t === 'date') return (v as number) * DAY_MS;
  let s = String(v);
  if (t === 'json' && s.startsWith('"')) s = JSON.parse(s) as string;
  const ms = parseTimestampText(s);
  if (Number.isNaN(ms)) throw new QueryError(`${fn}: cannot parse '${s}' as a timestamp`);
  return ms;
}

export const DAY_MS = 86_400_000;

/** A bigint argument that must be a safe JS integer (lengths, indexes, counts). */
export function int(v: Value, what: string): number {
  const n = v as number;
  if (!Number.isInteger(n)) throw new QueryError(`${what} must be an integer, got ${n}`);
  return n;
}
