// String functions (Trino semantics): positions and lengths count Unicode code
// points and are 1-based. Text arguments may be varchar or json (json text).

import type { SqlType, Value } from '../../plan/types.js';
import { castValue } from '../cast.js';
import { QueryError } from '../errors.js';
import { define, int, str } from './args.js';

const SURROGATE = /[\uD800-\uDFFF]/;
/** The code points of s, or null when s has none outside the BMP (then UTF-16 indexes are code points). */
const codePoints = (s: string): string[] | null => (SURROGATE.test(s) ? Array.from(s) : null);
const cpLength = (s: string): number => codePoints(s)?.length ?? s.length;

export function substr(s: string, start: number, length = Infinity): string {
  const cps = codePoints(s);
  const total = cps ? cps.length : s.length;
  if (start === 0 || length <= 0 || total === 0) return '';
  const from = start > 0 ? start - 1 : total + start;
  if (from < 0 || from >= total) return '';
  const to = Math.min(total, from + length);
  return cps ? cps.slice(from, to).join('') : s.slice(from, to);
}

define({
  name: 'substr', aliases: ['substring'], params: ['varchar', 'bigint', 'bigint'], optional: 1, returns: 'varchar',
  eval: (a) => substr(str(a[0]!), int(a[1]!, 'start'), a.length > 2 ? int(a[2]!, 'length') : undefined),
});
define({ name: 'lower', params: ['varchar'], returns: 'varchar', eval: (a) => str(a[0]!).toLowerCase() });
define({ name: 'upper', params: ['varchar'], returns: 'varchar', eval: (a) => str(a[0]!).toUpperCase() });
define({ name: 'length', params: ['varchar'], returns: 'bigint', eval: (a) => cpLength(str(a[0]!)) });
define({
  name: 'reverse', params: ['any'],
  returns: (t) => (t[0] === 'array' ? 'array' : t[0] === 'varchar' || t[0] === 'json' || t[0] === 'unknown' ? 'varchar' : `reverse expects (varchar) or (array), got (${t[0]})`),
  eval: (a) => (Array.isArray(a[0]) ? [...a[0]].reverse() : Array.from(str(a[0]!)).reverse().join('')),
});

/** Any scalar as text for concat: Trino wants varchar; we convert numbers, timestamps, ... as CAST does. */
const asText = (v: Value, t: SqlType): string => (t === 'varchar' || t === 'json' ? (v as string) : (castValue(v, t, 'varchar') as string));

define({
  name: 'concat', params: ['any'], variadic: 'any',
  returns: (t) => {
    const arrays = t.filter((x) => x === 'array').length;
    if (arrays === 0) return 'varchar';
    return arrays + t.filter((x) => x === 'unknown').length === t.length ? 'array' : `concat expects all varchar or all array arguments, got (${t.join(', ')})`;
  },
  eval: (a, t) => (t.includes('array') ? (a as Value[][]).flat(1) : a.map((v, i) => asText(v, t[i]!)).join('')),
});
define({
  name: 'concat_ws', params: ['varchar', 'any'], variadic: 'any', returns: 'varchar', nullPropagating: false,
  eval: (a, t) => {
    if (a[0] === null) return null;
    const parts: string[] = [];
    for (let i = 1; i < a.length; i++) {
      const v = a[i]!;
      if (Array.isArray(v)) { for (const e of v) if (e !== null) parts.push(String(e)); }
      else if (v !== null) parts.push(asText(v, t[i]!));
    }
    return parts.join(str(a[0]));
  },
});

function trimmer(name: string, left: boolean, right: boolean): void {
  define({
    name, params: ['varchar', 'varchar'], optional: 1, returns: 'varchar',
    eval: (a) => {
      const s = str(a[0]!);
      if (a.length === 1) return left && right ? s.trim() : left ? s.trimStart() : s.trimEnd();
      const set = new Set(Array.from(str(a[1]!)));
      const cps = Array.from(s);
      let i = 0, j = cps.length;
      if (left) while (i < j && set.has(cps[i]!)) i++;
      if (right) while (j > i && set.has(cps[j - 1]!)) j--;
      return cps.slice(i, j).join('');
    },
  });
}
trimmer('trim', true, true);
trimmer('ltrim', true, false);
trimmer('rtrim', false, true);

define({
  name: 'replace', params: ['varchar', 'varchar', 'varchar'], optional: 1, returns: 'varchar',
  eval: (a) => {
    const s = str(a[0]!), search = str(a[1]!), rep = a.length > 2 ? str(a[2]!) : '';
    // An empty search inserts the replacement around every character, as in Trino.
    return search === '' ? rep + Array.from(s).join(rep) + (s ? rep : '') : s.split(search).join(rep);
  },
});

define({
  name: 'split_part', params: ['varchar', 'varchar', 'bigint'], returns: 'varchar',
  eval: (a) => {
    const index = int(a[2]!, 'split_part index');
    if (index <= 0) throw new QueryError('split_part: index must be greater than zero');
    const s = str(a[0]!), d = str(a[1]!);
    const parts = d === '' ? Array.from(s) : s.split(d);
    return index <= parts.length ? parts[index - 1]! : null;
  },
});

define({
  name: 'split', params: ['varchar', 'varchar', 'bigint'], optional: 1, returns: 'array',
  eval: (a) => {
    const s = str(a[0]!), d = str(a[1]!);
    if (d === '') throw new QueryError('split: the delimiter may not be the empty string');
    const parts = s.split(d);
    if (a.length < 3) return parts;
    const limit = int(a[2]!, 'split limit');
    if (limit <= 0) throw new QueryError('split: limit must be positive');
    return parts.length <= limit ? parts : [...parts.slice(0, limit - 1), parts.slice(limit - 1).join(d)];
  },
});

define({
  name: 'strpos', params: ['varchar', 'varchar', 'bigint'], optional: 1, returns: 'bigint',
  eval: (a) => {
    const s = str(a[0]!), sub = str(a[1]!);
    const instance = a.length > 2 ? int(a[2]!, 'strpos instance') : 1;
    if (instance === 0) throw new QueryError('strpos: instance must not be zero');
    let at = instance > 0 ? -1 : s.length + 1;
    for (let n = Math.abs(instance); n > 0; n--) {
      at = instance > 0 ? s.indexOf(sub, at + 1) : at - 1 < 0 ? -1 : s.lastIndexOf(sub, at - 1);
      if (at < 0) return 0;
    }
    return cpLength(s.slice(0, at)) + 1;
  },
});

define({ name: 'starts_with', params: ['varchar', 'varchar'], returns: 'boolean', eval: (a) => str(a[0]!).startsWith(str(a[1]!)) });

function padder(name: string, left: boolean): void {
  define({
    name, params: ['varchar', 'bigint', 'varchar'], returns: 'varchar',
    eval: (a) => {
      const cps = Array.from(str(a[0]!)), size = int(a[1]!, `${name} size`), pad = Array.from(str(a[2]!));
      if (size < 0) throw new QueryError(`${name}: target length must be non-negative`);
      if (size <= cps.length) return cps.slice(0, size).join('');
      if (pad.length === 0) throw new QueryError(`${name}: padding string must not be empty`);
      const fill: string[] = [];
      for (let i = 0; fill.length < size - cps.length; i++) fill.push(pad[i % pad.length]!);
      return left ? fill.join('') + cps.join('') : cps.join('') + fill.join('');
    },
  });
}
padder('lpad', true);
padder('rpad', false);

define({
  name: 'chr', params: ['bigint'], returns: 'varchar',
  eval: (a) => {
    const n = a[0] as number;
    if (!Number.isInteger(n) || n < 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) {
      throw new QueryError(`chr: not a valid Unicode code point: ${n}`);
    }
    return String.fromCodePoint(n);
  },
});
define({
  name: 'codepoint', params: ['varchar'], returns: 'bigint',
  eval: (a) => {
    const s = str(a[0]!);
    if (cpLength(s) !== 1) throw new QueryError(`codepoint: expects a single character, got '${s}'`);
    return s.codePointAt(0)!;
  },
});

define({
  name: 'levenshtein_distance', params: ['varchar', 'varchar'], returns: 'bigint',
  eval: (a) => {
    const x = Array.from(str(a[0]!)), y = Array.from(str(a[1]!));
    let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
    for (let i = 1; i <= x.length; i++) {
      const cur = [i];
      for (let j = 1; j <= y.length; j++) {
        cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
      }
      prev = cur;
    }
    return prev[y.length]!;
  },
});
