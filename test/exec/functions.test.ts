import { describe, expect, it } from 'vitest';
import { QueryError } from '../../src/exec/errors.js';
import { functionNames, lookupFunction } from '../../src/exec/functions/index.js';
import type { EvalContext, SqlType, Value } from '../../src/plan/types.js';

const ctx: EvalContext = { now: Date.UTC(2026, 10, 21, 12) };
const DAY = 86_400_000;

/** An argument with an explicit type; bare JS values get the obvious type. */
interface Typed { v: Value; t: SqlType }
const ts = (s: string): Typed => ({ v: Date.parse(s.includes('T') || s.length === 10 ? s : `${s.replace(' ', 'T')}Z`), t: 'timestamp' });
const dt = (s: string): Typed => ({ v: Date.parse(s) / DAY, t: 'date' });
const js = (s: string): Typed => ({ v: s, t: 'json' });
const dbl = (n: number): Typed => ({ v: n, t: 'double' });
const typed = (a: Value | Typed): Typed => {
  if (a !== null && typeof a === 'object' && !Array.isArray(a)) return a;
  const t: SqlType = a === null ? 'unknown' : Array.isArray(a) ? 'array' : typeof a === 'string' ? 'varchar'
    : typeof a === 'boolean' ? 'boolean' : Number.isInteger(a) ? 'bigint' : 'double';
  return { v: a, t };
};

function fn(name: string) {
  const f = lookupFunction(name);
  if (!f) throw new Error(`no function ${name}`);
  return f;
}
/** The result type for these arguments (a string message when they do not fit). */
const type = (name: string, ...types: SqlType[]) => fn(name).resolve(types);
/** Calls a function as the engine would: resolve, NULL propagation, eval. */
function call(name: string, ...args: Array<Value | Typed>): Value {
  const f = fn(name);
  const a = args.map(typed);
  const types = a.map((x) => x.t);
  const r = f.resolve(types);
  if (r.includes(' ') && !r.startsWith('interval')) throw new Error(`resolve: ${r}`);
  expect(types.length).toBeGreaterThanOrEqual(f.minArgs);
  expect(types.length).toBeLessThanOrEqual(f.maxArgs);
  if (f.nullPropagating && a.some((x) => x.v === null)) return null;
  return f.eval(a.map((x) => x.v), types, ctx);
}
const at = (s: string): number => ts(s).v as number;
const day = (s: string): number => Date.parse(s) / DAY;

describe('registry', () => {
  it('lists the functions', () => {
    const names = functionNames();
    for (const n of ['lower', 'regexp_like', 'date_trunc', 'json_extract', 'round', 'coalesce', 'element_at', 'date_format']) {
      expect(names).toContain(n);
    }
    expect(lookupFunction('LOWER')).toBe(lookupFunction('lower'));
  });
});

describe('strings', () => {
  it('substr and substring: 1-based, negative start from the end', () => {
    expect(call('substr', 'Quadratically', 5)).toBe('ratically');
    expect(call('substr', 'Quadratically', 5, 6)).toBe('ratica');
    expect(call('substring', 'abc', -2)).toBe('bc');
    expect(call('substr', 'abc', -2, 1)).toBe('b');
    expect(call('substr', 'abc', -5)).toBe('');
    expect(call('substr', 'abc', 0)).toBe('');
    expect(call('substr', 'abc', 4)).toBe('');
    expect(call('substr', 'abc', 2, 0)).toBe('');
    expect(call('substr', 'a😀b', 2, 1)).toBe('😀');
    expect(call('substr', null, 1)).toBeNull();
    expect(type('substr', 'varchar', 'varchar')).toBe('substr expects (varchar, bigint[, bigint]), got (varchar, varchar)');
  });

  it('length counts code points; case; reverse', () => {
    expect(call('length', 'héllo')).toBe(5);
    expect(call('length', '😀a')).toBe(2);
    expect(type('length', 'varchar')).toBe('bigint');
    expect(call('length', js('"ab"'))).toBe(4);
    expect(call('lower', 'AbC')).toBe('abc');
    expect(call('upper', 'AbC')).toBe('ABC');
    expect(call('reverse', 'abc')).toBe('cba');
    expect(call('reverse', ['a', 'b'])).toEqual(['b', 'a']);
  });

  it('concat: NULL if any argument is NULL; arrays concatenate', () => {
    expect(call('concat', 'a', 'b', 'c')).toBe('abc');
    expect(call('concat', 'a', null)).toBeNull();
    expect(call('concat', 'n=', 5, ' ', dbl(1.5))).toBe('n=5 1.5');
    expect(call('concat', ['a'], ['b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(type('concat', 'array', 'varchar')).toMatch(/all varchar or all array/);
    expect(call('concat_ws', ',', 'a', null, 'b')).toBe('a,b');
  });

  it('trim, ltrim, rtrim', () => {
    expect(call('trim', '  a b  ')).toBe('a b');
    expect(call('ltrim', '  a  ')).toBe('a  ');
    expect(call('rtrim', '  a  ')).toBe('  a');
    expect(call('trim', 'xyaxy', 'xy')).toBe('a');
  });

  it('replace with 2 and 3 arguments', () => {
    expect(call('replace', 'abcabc', 'b')).toBe('acac');
    expect(call('replace', 'abcabc', 'b', 'X')).toBe('aXcaXc');
    expect(call('replace', 'abc', '', 'x')).toBe('xaxbxcx');
  });

  it('split_part: 1-based, NULL beyond the parts, error for index 0', () => {
    expect(call('split_part', 'a,b,c', ',', 2)).toBe('b');
    expect(call('split_part', 'a,b,c', ',', 3)).toBe('c');
    expect(call('split_part', 'a,b,c', ',', 4)).toBeNull();
    expect(call('split_part', 'a,,c', ',', 2)).toBe('');
    expect(() => call('split_part', 'a,b', ',', 0)).toThrow(QueryError);
    expect(call('split_part', 'arn:aws:iam::123:user/bob', ':', 5)).toBe('123');
  });

  it('split gives an array; limit keeps the rest in the last element', () => {
    expect(call('split', 'a.b.c', '.')).toEqual(['a', 'b', 'c']);
    expect(call('split', 'a.b.c', '.', 2)).toEqual(['a', 'b.c']);
    expect(type('split', 'varchar', 'varchar')).toBe('array');
  });

  it('strpos: 1-based, 0 when absent, nth instance (negative from the end)', () => {
    expect(call('strpos', 'high', 'ig')).toBe(2);
    expect(call('strpos', 'high', 'x')).toBe(0);
    expect(call('strpos', 'abcabc', 'b', 2)).toBe(5);
    expect(call('strpos', 'abcabc', 'b', 3)).toBe(0);
    expect(call('strpos', 'abcabc', 'b', -1)).toBe(5);
    expect(call('strpos', 'abcabc', 'b', -2)).toBe(2);
    expect(call('strpos', '😀ab', 'b')).toBe(3);
    expect(call('starts_with', 'abc', 'ab')).toBe(true);
    expect(call('starts_with', 'abc', 'b')).toBe(false);
  });

  it('lpad and rpad pad or truncate to the size', () => {
    expect(call('lpad', 'hi', 5, 'ab')).toBe('abahi');
    expect(call('rpad', 'hi', 5, 'ab')).toBe('hiaba');
    expect(call('lpad', 'hello', 3, 'x')).toBe('hel');
    expect(call('rpad', 'hello', 3, 'x')).toBe('hel');
    expect(() => call('lpad', 'a', 3, '')).toThrow(QueryError);
  });

  it('chr, codepoint, levenshtein_distance', () => {
    expect(call('chr', 65)).toBe('A');
    expect(call('chr', 0x1f600)).toBe('😀');
    expect(call('codepoint', 'A')).toBe(65);
    expect(() => call('codepoint', 'AB')).toThrow(QueryError);
    expect(call('levenshtein_distance', 'kitten', 'sitting')).toBe(3);
    expect(call('levenshtein_distance', '', 'abc')).toBe(3);
  });
});

describe('regexp', () => {
  it('regexp_like searches anywhere', () => {
    expect(call('regexp_like', '1a 2b 14m', '\\d+b')).toBe(true);
    expect(call('regexp_like', '1a 2b 14m', '^\\d+b')).toBe(false);
    expect(call('regexp_like', 'ABC', '(?i)abc')).toBe(true);
    expect(call('regexp_like', 'a\nb', '(?s)a.b')).toBe(true);
    expect(call('regexp_like', 'a\nb', 'a.b')).toBe(false);
    expect(call('regexp_like', 'x\nabc', '(?m)^abc$')).toBe(true);
    expect(call('regexp_like', null, 'a')).toBeNull();
  });

  it('translates Java-only syntax', () => {
    expect(call('regexp_like', 'abc', '\\Aabc\\z')).toBe(true);
    expect(call('regexp_like', 'abc\n', 'abc\\z')).toBe(false);
    expect(call('regexp_like', 'abc\n', 'abc\\Z')).toBe(true);
    expect(call('regexp_like', 'x\nabc', '(?m)\\Aabc')).toBe(false);
    expect(call('regexp_like', 'a.b', '\\Qa.b\\E')).toBe(true);
    expect(call('regexp_like', 'axb', '\\Qa.b\\E')).toBe(false);
    expect(call('regexp_extract', 'ab12c', '[[:digit:]]+')).toBe('12');
    expect(call('regexp_extract', 'ab12c', '[^[:alpha:]]+')).toBe('12');
    expect(call('regexp_extract', 'user-42', '(?P<id>\\d+)')).toBe('42');
    expect(call('regexp_like', 'é', '\\p{L}')).toBe(true);
  });

  it('invalid patterns raise a QueryError naming the pattern', () => {
    expect(() => call('regexp_like', 'a', '(')).toThrow(QueryError);
    expect(() => call('regexp_like', 'a', '(')).toThrow("invalid regular expression '('");
    expect(() => call('regexp_like', 'a', 'a++')).toThrow(/possessive/);
    expect(() => call('regexp_like', 'a', 'a(?i)b')).toThrow(/inline flags/);
    expect(() => call('regexp_like', 'a', '[[:nope:]]')).toThrow(/POSIX/);
  });

  it('regexp_extract: whole match or a group, NULL when no match', () => {
    expect(call('regexp_extract', '1a 2b 14m', '\\d+')).toBe('1');
    expect(call('regexp_extract', '1a 2b 14m', '(\\d+)([a-z]+)', 2)).toBe('a');
    expect(call('regexp_extract', '1a 2b 14m', 'x(\\d)')).toBeNull();
    expect(call('regexp_extract', 'ab', 'a(x)?b', 1)).toBeNull();
    expect(() => call('regexp_extract', 'ab', '(a)', 2)).toThrow(/has 1 groups; cannot access group 2/);
  });

  it('regexp_extract_all', () => {
    expect(call('regexp_extract_all', '1a 2b 14m', '\\d+')).toEqual(['1', '2', '14']);
    expect(call('regexp_extract_all', '1a 2b 14m', '(\\d+)([a-z]+)', 2)).toEqual(['a', 'b', 'm']);
    expect(call('regexp_extract_all', 'abc', 'x')).toEqual([]);
    expect(call('regexp_extract_all', 'ab', 'x*')).toEqual(['', '', '']);
  });

  it('regexp_replace: removal, $n and ${name} references, \\$ escapes', () => {
    expect(call('regexp_replace', '1a 2b 14m', '\\d+[ab] ')).toBe('14m');
    expect(call('regexp_replace', '1a 2b 14m', '(\\d+)([ab]) ', '3c$2 ')).toBe('3ca 3cb 14m');
    expect(call('regexp_replace', 'ab', '(?<x>a)', '${x}${x}')).toBe('aab');
    expect(call('regexp_replace', 'a', 'a', '\\$1')).toBe('$1');
    expect(call('regexp_replace', 'abc', '', 'x')).toBe('xaxbxcx');
    expect(call('regexp_replace', 'abc', '(b)', '$10')).toBe('ab0c');
    expect(call('regexp_replace', 'new york', '(\\w)(\\w*)', '$2$1')).toBe('ewn orky');
    expect(() => call('regexp_replace', 'abc', '(b)', '$2')).toThrow(/no group 2/);
    expect(() => call('regexp_replace', 'abc', 'b', '$x')).toThrow(/illegal group reference/);
  });

  it('regexp_count, regexp_split, regexp_position', () => {
    expect(call('regexp_count', '1a 2b 14m', '\\s*[a-z]+\\s*')).toBe(3);
    expect(call('regexp_split', '1a 2b 14m', '\\s*[a-z]+\\s*')).toEqual(['1', '2', '14', '']);
    expect(call('regexp_position', '1a 2b 14m', '\\d+')).toBe(1);
    expect(call('regexp_position', '1a 2b 14m', '\\d+', 1, 2)).toBe(4);
    expect(call('regexp_position', '1a 2b 14m', '\\d+', 5)).toBe(7);
    expect(call('regexp_position', '1a 2b 14m', 'x')).toBe(-1);
  });
});

describe('time', () => {
  it('date_trunc to every unit; week starts on Monday; dates stay dates', () => {
    const t = ts('2023-05-21 10:11:12.345'); // a Sunday
    expect(call('date_trunc', 'second', t)).toBe(at('2023-05-21 10:11:12'));
    expect(call('date_trunc', 'minute', t)).toBe(at('2023-05-21 10:11:00'));
    expect(call('date_trunc', 'HOUR', t)).toBe(at('2023-05-21 10:00:00'));
    expect(call('date_trunc', 'day', t)).toBe(at('2023-05-21 00:00:00'));
    expect(call('date_trunc', 'week', t)).toBe(at('2023-05-15 00:00:00'));
    expect(call('date_trunc', 'week', ts('2023-05-15 00:00:00'))).toBe(at('2023-05-15 00:00:00'));
    expect(call('date_trunc', 'month', t)).toBe(at('2023-05-01 00:00:00'));
    expect(call('date_trunc', 'quarter', t)).toBe(at('2023-04-01 00:00:00'));
    expect(call('date_trunc', 'year', t)).toBe(at('2023-01-01 00:00:00'));
    expect(call('date_trunc', 'hour', ts('1969-12-31 23:30:00'))).toBe(at('1969-12-31 23:00:00'));
    expect(type('date_trunc', 'varchar', 'date')).toBe('date');
    expect(call('date_trunc', 'month', dt('2023-05-21'))).toBe(day('2023-05-01'));
    expect(() => call('date_trunc', 'hour', dt('2023-05-21'))).toThrow(/not a valid DATE field/);
    expect(() => call('date_trunc', 'fortnight', t)).toThrow(/not a valid time unit/);
    expect(call('date_trunc', 'day', '2023-05-21T10:00:00Z')).toBe(at('2023-05-21 00:00:00'));
  });

  it('date_add clamps month ends', () => {
    expect(call('date_add', 'month', 1, ts('2023-01-31 10:00:00'))).toBe(at('2023-02-28 10:00:00'));
    expect(call('date_add', 'year', 1, ts('2020-02-29 00:00:00'))).toBe(at('2021-02-28 00:00:00'));
    expect(call('date_add', 'quarter', 1, ts('2023-11-30 00:00:00'))).toBe(at('2024-02-29 00:00:00'));
    expect(call('date_add', 'month', -13, ts('2023-01-15 00:00:00'))).toBe(at('2021-12-15 00:00:00'));
    expect(call('date_add', 'day', -1, ts('2023-03-01 00:00:00'))).toBe(at('2023-02-28 00:00:00'));
    expect(call('date_add', 'hour', 25, ts('2023-01-01 00:00:00'))).toBe(at('2023-01-02 01:00:00'));
    expect(call('date_add', 'week', 1, dt('2023-01-01'))).toBe(day('2023-01-08'));
    expect(call('date_add', 'day', 1, '2023-01-01 00:00:00')).toBe(at('2023-01-02 00:00:00'));
    expect(type('date_add', 'varchar', 'varchar', 'timestamp'))
      .toBe('date_add expects (varchar, bigint, timestamp), got (varchar, varchar, timestamp)');
    expect(type('date_add', 'varchar', 'bigint', 'date')).toBe('date');
  });

  it('date_diff counts whole units, truncating toward zero; months by calendar (Joda)', () => {
    expect(call('date_diff', 'day', ts('2023-01-01 00:00:00'), ts('2023-01-02 23:59:00'))).toBe(1);
    expect(call('date_diff', 'hour', ts('2023-01-01 10:30:00'), ts('2023-01-01 09:00:00'))).toBe(-1);
    expect(call('date_diff', 'second', ts('2023-01-01 00:00:00'), ts('2023-01-01 00:00:01.999'))).toBe(1);
    expect(call('date_diff', 'millisecond', ts('2023-01-01 00:00:00'), ts('2023-01-01 00:00:01.5'))).toBe(1500);
    expect(call('date_diff', 'week', ts('2023-01-01 00:00:00'), ts('2023-01-15 00:00:00'))).toBe(2);
    expect(call('date_diff', 'month', ts('2023-01-15 00:00:00'), ts('2023-02-15 00:00:00'))).toBe(1);
    expect(call('date_diff', 'month', ts('2023-01-15 12:00:00'), ts('2023-02-15 11:59:59'))).toBe(0);
    expect(call('date_diff', 'month', ts('2023-01-31 00:00:00'), ts('2023-02-27 00:00:00'))).toBe(0);
    // Joda (so Trino): Feb 28 is the last day of February, so Jan 31 + 1 month has been reached.
    expect(call('date_diff', 'month', ts('2023-01-31 00:00:00'), ts('2023-02-28 00:00:00'))).toBe(1);
    expect(call('date_diff', 'month', ts('2023-02-28 00:00:00'), ts('2023-01-31 00:00:00'))).toBe(-1);
    expect(call('date_diff', 'month', ts('2023-03-31 00:00:00'), ts('2023-04-30 00:00:00'))).toBe(1);
    expect(call('date_diff', 'month', ts('2023-04-30 00:00:00'), ts('2023-03-31 00:00:00'))).toBe(-1);
    expect(call('date_diff', 'quarter', ts('2023-01-01 00:00:00'), ts('2023-12-31 00:00:00'))).toBe(3);
    expect(call('date_diff', 'year', ts('2020-02-29 00:00:00'), ts('2021-02-28 00:00:00'))).toBe(1);
    expect(call('date_diff', 'year', ts('2020-03-01 00:00:00'), ts('2021-02-28 00:00:00'))).toBe(0);
    expect(call('date_diff', 'year', ts('2024-01-01 00:00:00'), ts('2021-06-01 00:00:00'))).toBe(-2);
    expect(call('date_diff', 'day', dt('2023-01-01'), dt('2023-03-01'))).toBe(59);
    expect(call('date_diff', 'day', '2023-01-01', ts('2023-01-03 00:00:00'))).toBe(2);
    expect(type('date_diff', 'varchar', 'timestamp', 'timestamp')).toBe('bigint');
  });

  it('field extraction (ISO weeks and weekdays), lenient text arguments', () => {
    const t = ts('2023-01-22 13:14:15.678'); // a Sunday
    expect(call('year', t)).toBe(2023);
    expect(call('quarter', ts('2023-08-01 00:00:00'))).toBe(3);
    expect(call('month', t)).toBe(1);
    expect(call('day', t)).toBe(22);
    expect(call('day_of_month', t)).toBe(22);
    expect(call('day_of_week', t)).toBe(7);
    expect(call('dow', ts('2023-01-23 00:00:00'))).toBe(1);
    expect(call('day_of_year', ts('2023-02-01 00:00:00'))).toBe(32);
    expect(call('doy', ts('2024-12-31 00:00:00'))).toBe(366);
    expect(call('hour', t)).toBe(13);
    expect(call('minute', t)).toBe(14);
    expect(call('second', t)).toBe(15);
    expect(call('millisecond', t)).toBe(678);
    expect(call('week', ts('2023-01-01 00:00:00'))).toBe(52);
    expect(call('week_of_year', ts('2021-01-04 00:00:00'))).toBe(1);
    expect(call('week', ts('2020-12-31 00:00:00'))).toBe(53);
    expect(call('year_of_week', ts('2023-01-01 00:00:00'))).toBe(2022);
    expect(call('hour', ts('1969-12-31 23:30:00'))).toBe(23);
    expect(call('year', '2023-01-01 00:00:00')).toBe(2023);
    expect(call('month', dt('2023-07-04'))).toBe(7);
    expect(call('year', js('"2021-05-01T00:00:00Z"'))).toBe(2021);
    expect(() => call('year', 'garbage')).toThrow("year: cannot parse 'garbage' as a timestamp");
    expect(type('year', 'timestamp')).toBe('bigint');
    expect(type('year', 'bigint')).toMatch(/year expects \(timestamp\)/);
  });

  it('date, last_day_of_month, ISO-8601 and unix time', () => {
    expect(call('date', ts('2023-05-06 23:59:59'))).toBe(day('2023-05-06'));
    expect(call('date', '2023-05-06T10:00:00Z')).toBe(day('2023-05-06'));
    expect(call('date', '2023-05-06')).toBe(day('2023-05-06'));
    expect(type('date', 'varchar')).toBe('date');
    expect(call('last_day_of_month', ts('2024-02-10 10:00:00'))).toBe(day('2024-02-29'));
    expect(call('last_day_of_month', dt('2023-12-01'))).toBe(day('2023-12-31'));
    expect(call('from_iso8601_timestamp', '2020-05-11T11:15:05.123+02:00')).toBe(Date.UTC(2020, 4, 11, 9, 15, 5, 123));
    expect(call('from_iso8601_timestamp', '2020-05-11')).toBe(Date.UTC(2020, 4, 11));
    expect(() => call('from_iso8601_timestamp', 'yesterday')).toThrow(QueryError);
    expect(call('from_iso8601_date', '2020-05-11')).toBe(day('2020-05-11'));
    expect(call('to_iso8601', ts('2023-01-22 10:11:12'))).toBe('2023-01-22T10:11:12.000Z');
    expect(call('to_iso8601', ts('2023-01-22 10:11:12.5'))).toBe('2023-01-22T10:11:12.500Z');
    expect(call('to_iso8601', dt('2023-01-22'))).toBe('2023-01-22');
    expect(call('to_unixtime', ts('1970-01-01 00:00:01.5'))).toBe(1.5);
    expect(type('to_unixtime', 'timestamp')).toBe('double');
    expect(call('from_unixtime', 1674382272)).toBe(Date.UTC(2023, 0, 22, 10, 11, 12));
    expect(call('from_unixtime', dbl(1.5))).toBe(1500);
  });

  it('now, current_timestamp and current_date read the query context', () => {
    expect(call('now')).toBe(ctx.now);
    expect(call('current_timestamp')).toBe(ctx.now);
    expect(call('current_date')).toBe(day('2026-11-21'));
    expect(fn('now').deterministic).toBe(false);
    expect(fn('current_date').deterministic).toBe(false);
    expect(fn('year').deterministic).toBe(true);
  });

  it('date_format: MySQL specifiers', () => {
    const t = ts('2023-01-02 13:05:09.123'); // a Monday
    expect(call('date_format', t, '%Y-%m-%d %H:%i:%s')).toBe('2023-01-02 13:05:09');
    expect(call('date_format', t, '%a %b %c %e %j %M %W %y')).toBe('Mon Jan 1 2 002 January Monday 23');
    expect(call('date_format', t, '%p %k %l %h %I %r %T %S')).toBe('PM 13 1 01 01 01:05:09 PM 13:05:09 09');
    expect(call('date_format', t, '%f|%%|%q')).toBe('123000|%|q');
    expect(call('date_format', ts('2023-01-01 00:00:00'), '%x-W%v %l %p')).toBe('2022-W52 12 AM');
    expect(call('date_format', '2023-01-02', '%Y/%m/%d')).toBe('2023/01/02');
    expect(() => call('date_format', t, '%D')).toThrow('%D not supported in date format string');
    expect(() => call('date_format', t, '%w')).toThrow(QueryError);
  });

  it('format_datetime: Joda patterns', () => {
    const t = ts('2023-01-02 13:05:09.123');
    expect(call('format_datetime', t, 'yyyy-MM-dd HH:mm:ss.SSS')).toBe('2023-01-02 13:05:09.123');
    expect(call('format_datetime', t, 'EEE, d MMM yy')).toBe('Mon, 2 Jan 23');
    expect(call('format_datetime', t, 'EEEE MMMM h:mm a')).toBe('Monday January 1:05 PM');
    expect(call('format_datetime', t, "yyyy 'at' HH 'o''clock' Z")).toBe("2023 at 13 o'clock +0000");
    expect(call('format_datetime', t, 'D w e S')).toBe('2 1 1 1');
    expect(() => call('format_datetime', t, 'yyyy q')).toThrow(/illegal pattern component: q/);
  });

  it('date_parse: MySQL specifiers to a timestamp', () => {
    expect(call('date_parse', '2023-01-22 10:11:12', '%Y-%m-%d %H:%i:%s')).toBe(at('2023-01-22 10:11:12'));
    expect(call('date_parse', '22/Jan/2023:01:02:03 PM', '%d/%b/%Y:%h:%i:%s %p')).toBe(at('2023-01-22 13:02:03'));
    expect(call('date_parse', '2023-01-22 10:11:12.5', '%Y-%m-%d %T.%f')).toBe(at('2023-01-22 10:11:12.5'));
    expect(call('date_parse', '20230122', '%Y%m%d')).toBe(at('2023-01-22 00:00:00'));
    expect(call('date_parse', '69-01-01', '%y-%m-%d')).toBe(at('2069-01-01 00:00:00'));
    expect(call('date_parse', '70-01-01', '%y-%m-%d')).toBe(at('1970-01-01 00:00:00'));
    expect(call('date_parse', 'March 5 2023 12:00 AM', '%M %e %Y %h:%i %p')).toBe(at('2023-03-05 00:00:00'));
    expect(call('date_parse', '2023 032', '%Y %j')).toBe(at('2023-02-01 00:00:00'));
    expect(() => call('date_parse', '2023-13-01', '%Y-%m-%d')).toThrow(/month 13/);
    expect(() => call('date_parse', '2023-02-30', '%Y-%m-%d')).toThrow(/day 30/);
    expect(() => call('date_parse', '2023-01-01x', '%Y-%m-%d')).toThrow(/extra text/);
    expect(() => call('date_parse', 'abc', '%Y')).toThrow(QueryError);
  });
});

describe('json', () => {
  const doc = '{"a":{"b":[1,2,{"c":"x"}]},"n":1.5,"t":true,"z":null,"a.b":"dot","0":"zero"}';

  it('json_extract returns compact JSON text or NULL', () => {
    expect(call('json_extract', doc, '$.a.b[2].c')).toBe('"x"');
    expect(call('json_extract', doc, '$.a.b')).toBe('[1,2,{"c":"x"}]');
    expect(call('json_extract', doc, '$["a"]["b"][0]')).toBe('1');
    expect(call('json_extract', doc, "$['a']['b'][1]")).toBe('2');
    expect(call('json_extract', doc, '$["a.b"]')).toBe('"dot"');
    expect(call('json_extract', doc, '$.z')).toBe('null');
    expect(call('json_extract', doc, '$.missing')).toBeNull();
    expect(call('json_extract', doc, '$.a.b[9]')).toBeNull();
    expect(call('json_extract', doc, '$.n.x')).toBeNull();
    expect(call('json_extract', doc, '$[0]')).toBe('"zero"');
    expect(call('json_extract', '{ "a" : [ 1 , 2 ] }', '$')).toBe('{"a":[1,2]}');
    expect(call('json_extract', js(doc), '$.t')).toBe('true');
    expect(type('json_extract', 'varchar', 'varchar')).toBe('json');
    expect(type('json_extract', 'json', 'varchar')).toBe('json');
  });

  it('json_extract_scalar unquotes strings, NULL for containers', () => {
    expect(call('json_extract_scalar', doc, '$.a.b[2].c')).toBe('x');
    expect(call('json_extract_scalar', doc, '$.n')).toBe('1.5');
    expect(call('json_extract_scalar', doc, '$.t')).toBe('true');
    expect(call('json_extract_scalar', doc, '$.a.b[0]')).toBe('1');
    expect(call('json_extract_scalar', doc, '$.a')).toBeNull();
    expect(call('json_extract_scalar', doc, '$.a.b')).toBeNull();
    expect(call('json_extract_scalar', doc, '$.z')).toBeNull();
    expect(call('json_extract_scalar', doc, '$.nope')).toBeNull();
    expect(call('json_extract_scalar', null, '$.a')).toBeNull();
    expect(type('json_extract_scalar', 'json', 'varchar')).toBe('varchar');
  });

  it('malformed documents give NULL; invalid paths raise', () => {
    expect(call('json_extract', '{"a":', '$.a')).toBeNull();
    expect(call('json_extract_scalar', 'not json', '$.a')).toBeNull();
    expect(() => call('json_extract', doc, 'a.b')).toThrow("invalid JSON path 'a.b'");
    expect(() => call('json_extract', doc, '$.')).toThrow(QueryError);
    expect(() => call('json_extract', doc, '$[0')).toThrow(QueryError);
    expect(() => call('json_extract', doc, '$["a]')).toThrow(QueryError);
    expect(() => call('json_extract', doc, '$.a b')).toThrow(QueryError);
    expect(() => call('json_extract', doc, '$[*]')).toThrow(/wildcards/);
  });

  it('json_parse, json_format, is_json_scalar', () => {
    expect(call('json_parse', '{"a": [1, "b"]}')).toBe('{"a":[1,"b"]}');
    expect(() => call('json_parse', '{bad')).toThrow(QueryError);
    expect(type('json_parse', 'varchar')).toBe('json');
    expect(call('json_format', js('{"a":1}'))).toBe('{"a":1}');
    expect(call('is_json_scalar', '1')).toBe(true);
    expect(call('is_json_scalar', '"x"')).toBe(true);
    expect(call('is_json_scalar', '[1]')).toBe(false);
    expect(() => call('is_json_scalar', 'bad')).toThrow(QueryError);
  });

  it('json arrays and json_size', () => {
    expect(call('json_array_length', '[1,2,3]')).toBe(3);
    expect(call('json_array_length', '{"a":1}')).toBeNull();
    expect(call('json_array_contains', '[1,2,3]', 2)).toBe(true);
    expect(call('json_array_contains', '["a","b"]', 'b')).toBe(true);
    expect(call('json_array_contains', '[1]', '1')).toBe(false);
    expect(call('json_array_contains', '[true]', true)).toBe(true);
    expect(call('json_array_contains', '{}', 1)).toBeNull();
    expect(call('json_array_get', '["a",[3,9],"c"]', 1)).toBe('[3,9]');
    expect(call('json_array_get', '["a",[3,9],"c"]', -1)).toBe('"c"');
    expect(call('json_array_get', '["a"]', 5)).toBeNull();
    expect(call('json_size', '{"x":{"a":1,"b":2}}', '$.x')).toBe(2);
    expect(call('json_size', '{"x":[1,2,3]}', '$.x')).toBe(3);
    expect(call('json_size', '{"x":{"a":1}}', '$.x.a')).toBe(0);
    expect(call('json_size', '{"x":1}', '$.y')).toBeNull();
  });
});

describe('math', () => {
  it('keeps bigint where Trino does', () => {
    expect(call('abs', -3)).toBe(3);
    expect(type('abs', 'bigint')).toBe('bigint');
    expect(call('abs', dbl(-1.5))).toBe(1.5);
    expect(type('abs', 'double')).toBe('double');
    expect(type('round', 'double')).toBe('double');
    expect(type('round', 'bigint', 'bigint')).toBe('bigint');
    expect(type('sqrt', 'bigint')).toBe('double');
    expect(type('abs', 'varchar')).toBe('abs expects (double), got (varchar)');
    expect(type('abs', 'unknown')).toBe('bigint');
  });

  it('round half away from zero', () => {
    expect(call('round', dbl(2.5))).toBe(3);
    expect(call('round', dbl(-2.5))).toBe(-3);
    expect(call('round', dbl(-0.4))).toBe(0);
    expect(Object.is(call('round', dbl(-0.4)), -0)).toBe(false);
    expect(call('round', dbl(1.2345), 2)).toBe(1.23);
    expect(call('round', dbl(1.235), 1)).toBe(1.2);
    expect(call('round', 1234, -2)).toBe(1200);
    expect(call('round', 1250, -2)).toBe(1300);
    expect(call('round', 7)).toBe(7);
  });

  it('floor, ceil, mod, power, logs, sign', () => {
    expect(call('floor', dbl(-1.5))).toBe(-2);
    expect(call('ceil', dbl(1.2))).toBe(2);
    expect(call('ceiling', dbl(-1.2))).toBe(-1);
    expect(call('mod', 7, 3)).toBe(1);
    expect(call('mod', -7, 3)).toBe(-1);
    expect(call('mod', dbl(7.5), 2)).toBe(1.5);
    expect(type('mod', 'bigint', 'double')).toBe('double');
    expect(() => call('mod', 7, 0)).toThrow(/division by zero/);
    expect(call('power', 2, 10)).toBe(1024);
    expect(call('pow', 2, -1)).toBe(0.5);
    expect(call('sqrt', 16)).toBe(4);
    expect(call('ln', dbl(Math.E))).toBe(1);
    expect(call('log10', 1000)).toBe(3);
    expect(call('log2', 8)).toBe(3);
    expect(call('sign', -5)).toBe(-1);
    expect(call('sign', dbl(0.5))).toBe(1);
  });

  it('greatest and least over numbers, text and timestamps; NULL if any is NULL', () => {
    expect(call('greatest', 1, 5, 3)).toBe(5);
    expect(call('least', 4, 2, 3)).toBe(2);
    expect(call('greatest', 1, dbl(2.5))).toBe(2.5);
    expect(type('greatest', 'bigint', 'double')).toBe('double');
    expect(call('least', 'b', 'a', 'c')).toBe('a');
    expect(call('greatest', ts('2023-01-01 00:00:00'), ts('2024-01-01 00:00:00'))).toBe(at('2024-01-01 00:00:00'));
    expect(call('greatest', ts('2023-01-01 00:00:00'), '2024-01-01 00:00:00')).toBe(at('2024-01-01 00:00:00'));
    expect(call('greatest', 1, null)).toBeNull();
    expect(type('greatest', 'bigint', 'varchar')).toMatch(/must share a type/);
  });

  it('random is not deterministic', () => {
    const r = call('random') as number;
    expect(r).toBeGreaterThanOrEqual(0);
    expect(r).toBeLessThan(1);
    expect(fn('rand').deterministic).toBe(false);
    expect(call('random', 10)).toBeLessThan(10);
    expect(type('random', 'bigint')).toBe('bigint');
  });

  it('array functions', () => {
    expect(call('cardinality', ['a', 'b'])).toBe(2);
    expect(call('contains', ['a', 'b'], 'b')).toBe(true);
    expect(call('contains', ['a', 'b'], 'c')).toBe(false);
    expect(call('contains', ['a', null], 'c')).toBeNull();
    expect(call('array_join', ['a', null, 'b'], ',')).toBe('a,b');
    expect(call('array_join', ['a', null, 'b'], ',', 'N')).toBe('a,N,b');
    expect(call('element_at', ['a', 'b', 'c'], 1)).toBe('a');
    expect(call('element_at', ['a', 'b', 'c'], -1)).toBe('c');
    expect(call('element_at', ['a', 'b', 'c'], 5)).toBeNull();
    expect(() => call('element_at', ['a'], 0)).toThrow(/start at 1/);
  });

  it('element_at on JSON text: members as varchar, elements as json', () => {
    const rp = js('{"bucketName":"b1","n":{"x":1},"k":3,"z":null}');
    expect(call('element_at', rp, 'bucketName')).toBe('b1');
    expect(call('element_at', rp, 'n')).toBe('{"x":1}');
    expect(call('element_at', rp, 'k')).toBe('3');
    expect(call('element_at', rp, 'z')).toBeNull();
    expect(call('element_at', rp, 'missing')).toBeNull();
    expect(call('element_at', '{"a":"v"}', 'a')).toBe('v');
    expect(call('element_at', js('[10,"x",{"a":1}]'), 2)).toBe('"x"');
    expect(call('element_at', js('[10,"x",{"a":1}]'), -1)).toBe('{"a":1}');
    expect(call('element_at', js('[10]'), 3)).toBeNull();
    expect(call('element_at', js('not json'), 'a')).toBeNull();
    expect(type('element_at', 'json', 'varchar')).toBe('varchar');
    expect(type('element_at', 'json', 'bigint')).toBe('json');
    expect(type('element_at', 'array', 'bigint')).toBe('varchar');
    expect(type('element_at', 'bigint', 'bigint')).toMatch(/element_at expects/);
  });
});

describe('conditional', () => {
  it('coalesce: first non-NULL, widened to the common type', () => {
    expect(call('coalesce', null, 2, 3)).toBe(2);
    expect(call('coalesce', null, null)).toBeNull();
    expect(call('coalesce', 'a')).toBe('a');
    expect(fn('coalesce').nullPropagating).toBe(false);
    expect(type('coalesce', 'unknown', 'bigint', 'double')).toBe('double');
    expect(type('coalesce', 'unknown', 'unknown')).toBe('unknown');
    expect(type('coalesce', 'varchar', 'json')).toBe('varchar');
    expect(call('coalesce', null, js('"x"'), 'y')).toBe('x');
    expect(type('coalesce', 'bigint', 'varchar')).toMatch(/must share a type/);
    expect(call('coalesce', null, dt('2023-01-02'), ts('2023-01-01 00:00:00'))).toBe(at('2023-01-02 00:00:00'));
  });

  it('nullif', () => {
    expect(call('nullif', 1, 1)).toBeNull();
    expect(call('nullif', 1, 2)).toBe(1);
    expect(call('nullif', null, 1)).toBeNull();
    expect(call('nullif', 1, null)).toBe(1);
    expect(call('nullif', 1, dbl(1))).toBeNull();
    expect(type('nullif', 'bigint', 'double')).toBe('bigint');
  });

  it('if with 2 and 3 arguments; NULL condition is false', () => {
    expect(call('if', true, 'a', 'b')).toBe('a');
    expect(call('if', false, 'a', 'b')).toBe('b');
    expect(call('if', false, 'a')).toBeNull();
    expect(call('if', null, 1, 2)).toBe(2);
    expect(type('if', 'boolean', 'bigint', 'double')).toBe('double');
    expect(type('if', 'bigint', 'bigint', 'bigint')).toMatch(/if expects \(boolean/);
  });

  it('typeof names the SQL type', () => {
    expect(call('typeof', 1)).toBe('bigint');
    expect(call('typeof', dbl(1))).toBe('double');
    expect(call('typeof', 'a')).toBe('varchar');
    expect(call('typeof', ts('2023-01-01 00:00:00'))).toBe('timestamp(3)');
    expect(call('typeof', js('{}'))).toBe('json');
    expect(call('typeof', null)).toBe('unknown');
  });
});
