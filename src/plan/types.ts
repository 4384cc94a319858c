// SQL types of the engine and how their values are represented at run time.
// Every value is a plain JS value; the static type (known after binding) says
// how to read it, so no per-value wrapper objects are needed.
//
//   boolean   → boolean            bigint / double → number
//   varchar   → string             json            → string (JSON text)
//   timestamp → number (epoch ms, UTC)
//   date      → number (days since 1970-01-01)
//   interval day to second → number (ms)   interval year to month → number (months)
//   array     → Value[] (elements typed by `elementType` where known)
//   unknown   → the type of a bare NULL literal
// NULL is `null` for every type.

export type SqlType =
  | 'boolean'
  | 'bigint'
  | 'double'
  | 'varchar'
  | 'json'
  | 'timestamp'
  | 'date'
  | 'interval day to second'
  | 'interval year to month'
  | 'array'
  | 'unknown';

export type Value = null | boolean | number | string | Value[];

export const isNumeric = (t: SqlType): boolean => t === 'bigint' || t === 'double';
/** Types whose values are text: json is JSON text and can be used wherever varchar is. */
export const isText = (t: SqlType): boolean => t === 'varchar' || t === 'json';

/** Per-query evaluation context: now() is fixed at query start, as in Trino. */
export interface EvalContext {
  readonly now: number;
}

/** Names users write in CAST and TRY_CAST, mapped to our types. */
export function parseTypeName(name: string): SqlType | undefined {
  const n = name.trim().toLowerCase().replace(/\s+/g, ' ');
  if (/^(varchar|char|string|text)(\s*\(\s*\d+\s*\))?$/.test(n)) return 'varchar';
  if (/^(bigint|integer|int|smallint|tinyint)$/.test(n)) return 'bigint';
  if (/^(double|real|float|double precision)$/.test(n) || /^decimal(\s*\(.*\))?$/.test(n)) return 'double';
  if (n === 'boolean' || n === 'bool') return 'boolean';
  if (/^timestamp(\s*\(\s*\d\s*\))?( with(out)? time zone)?$/.test(n)) return 'timestamp';
  if (n === 'date') return 'date';
  if (n === 'json') return 'json';
  return undefined;
}
