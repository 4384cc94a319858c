// Math functions (bigint stays bigint where Trino keeps it: abs, round, floor,
// ceil, mod, sign), greatest/least over any comparable type, and array
// functions: cardinality, contains, array_join, element_at. element_at also
// reads JSON text: a member by key (as varchar) or an element by 1-based index
// (as json), for CloudTrail Lake's element_at(requestParameters, 'bucketName').

import type { SqlType, Value } from '../../plan/types.js';
import { castValue } from '../cast.js';
import { QueryError } from '../errors.js';
import { commonTypeOf, define, int, resolveCommon, str, widen } from './args.js';
import { parseJson, step } from './json.js';

const sameNumber = (t: readonly SqlType[]): SqlType => (t[0] === 'double' ? 'double' : 'bigint');
const num = (v: Value): number => v as number;

define({ name: 'abs', params: ['number'], returns: sameNumber, eval: (a) => Math.abs(num(a[0]!)) });
define({ name: 'floor', params: ['number'], returns: sameNumber, eval: (a) => Math.floor(num(a[0]!)) });
define({ name: 'ceil', aliases: ['ceiling'], params: ['number'], returns: sameNumber, eval: (a) => Math.ceil(num(a[0]!)) });
define({ name: 'truncate', params: ['number'], returns: sameNumber, eval: (a) => Math.trunc(num(a[0]!)) });
define({ name: 'sign', params: ['number'], returns: sameNumber, eval: (a) => Math.sign(num(a[0]!)) });

/**
 * Rounds half away from zero to `digits` decimal places (negative digits round
 * left of the point), computed as Trino does: Math.round(|x| * 10^digits) / 10^digits.
 */
export function round(x: number, digits = 0): number {
  if (!Number.isFinite(x)) return x;
  const a = Math.abs(x);
  const r = digits >= 0 ? Math.round(a * 10 ** digits) / 10 ** digits : Math.round(a / 10 ** -digits) * 10 ** -digits;
  return Math.sign(x) * r + 0; // + 0 turns -0 into 0
}
define({
  name: 'round', params: ['number', 'bigint'], optional: 1, returns: sameNumber,
  eval: (a) => round(num(a[0]!), a.length > 1 ? int(a[1]!, 'round digits') : 0),
});

define({
  name: 'mod', params: ['number', 'number'], returns: (t) => (t.includes('double') ? 'double' : 'bigint'),
  eval: (a, t) => {
    if (num(a[1]!) === 0 && !t.includes('double')) throw new QueryError('division by zero');
    return num(a[0]!) % num(a[1]!);
  },
});

const unary = (name: string, f: (x: number) => number, aliases: string[] = []) =>
  define({ name, aliases, params: ['number'], returns: 'double', eval: (a) => f(num(a[0]!)) });
unary('sqrt', Math.sqrt);
unary('cbrt', Math.cbrt);
unary('ln', Math.log);
unary('log10', Math.log10);
unary('log2', Math.log2);
unary('exp', Math.exp);
define({ name: 'power', aliases: ['pow'], params: ['number', 'number'], returns: 'double', eval: (a) => num(a[0]!) ** num(a[1]!) });
define({ name: 'log', params: ['number', 'number'], returns: 'double', eval: (a) => Math.log(num(a[1]!)) / Math.log(num(a[0]!)) });
define({ name: 'pi', params: [], returns: 'double', eval: () => Math.PI });
define({ name: 'e', params: [], returns: 'double', eval: () => Math.E });

define({
  name: 'random', aliases: ['rand'], params: ['bigint'], optional: 1, deterministic: false,
  returns: (t) => (t.length ? 'bigint' : 'double'),
  eval: (a) => {
    if (a.length === 0) return Math.random();
    const n = int(a[0]!, 'random bound');
    if (n <= 0) throw new QueryError('random: bound must be positive');
    return Math.floor(Math.random() * n);
  },
});

/** Orders two values of one comparable type (numbers, text, booleans, timestamps). */
const compare = (x: Value, y: Value): number => (x! < y! ? -1 : x! > y! ? 1 : 0);

function extreme(name: string, sign: number): void {
  define({
    name, params: ['any'], variadic: 'any',
    returns: (t) => (t.includes('array') ? `${name} cannot compare arrays` : resolveCommon(name, t)),
    eval: (a, t) => {
      const to = commonTypeOf(t);
      let best = widen(a[0]!, t[0]!, to);
      for (let i = 1; i < a.length; i++) {
        const v = widen(a[i]!, t[i]!, to);
        if (compare(v, best) * sign > 0) best = v;
      }
      return best;
    },
  });
}
extreme('greatest', 1);
extreme('least', -1);

define({ name: 'cardinality', params: ['array'], returns: 'bigint', eval: (a) => (a[0] as Value[]).length });
define({
  name: 'contains', params: ['array', 'any'], returns: 'boolean',
  eval: (a) => {
    const arr = a[0] as Value[];
    if (arr.includes(a[1]!)) return true;
    return arr.includes(null) ? null : false; // Trino: unknown when a NULL element might have matched
  },
});

/** A value as text: arrays hold varchar (split, regexp_extract_all); JSON members and others as text too. */
const asText = (v: unknown): string | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);

define({
  name: 'array_join', params: ['array', 'varchar', 'varchar'], optional: 1, returns: 'varchar',
  eval: (a) => {
    const parts: string[] = [];
    for (const e of a[0] as Value[]) {
      const s = asText(e) ?? (a.length > 2 ? str(a[2]!) : null);
      if (s !== null) parts.push(s);
    }
    return parts.join(str(a[1]!));
  },
});

/** The 0-based position of a 1-based SQL index (negative counts from the end), or -1 when out of range. */
function position(index: number, length: number): number {
  if (index === 0) throw new QueryError('element_at: SQL array indices start at 1');
  const i = index > 0 ? index - 1 : length + index;
  return i >= 0 && i < length ? i : -1;
}

define({
  name: 'element_at', params: ['any', 'any'],
  returns: (t) => {
    const [c, k] = t as [SqlType, SqlType];
    if (c === 'array' && (k === 'bigint' || k === 'unknown')) return 'varchar';
    if (c === 'json' || c === 'varchar' || c === 'unknown') {
      if (k === 'varchar' || k === 'json') return 'varchar';
      if (k === 'bigint') return 'json';
      if (k === 'unknown') return c === 'unknown' ? 'unknown' : 'varchar';
    }
    return `element_at expects (array, bigint), (json, varchar) or (json, bigint), got (${t.join(', ')})`;
  },
  eval: (a, t) => {
    const index = a[1]!;
    if (Array.isArray(a[0])) {
      const i = position(int(index, 'element_at index'), a[0].length);
      return i < 0 ? null : asText(a[0][i]);
    }
    const doc = parseJson(str(a[0]!));
    if (t[1] !== 'bigint') return asText(step(doc, castValue(index, t[1]!, 'varchar') as string));
    if (!Array.isArray(doc)) return null;
    const i = position(int(index, 'element_at index'), doc.length);
    return i < 0 ? null : JSON.stringify(doc[i]);
  },
});
