// Regular expression functions. Trino's patterns are Java-style (re2j); they
// are translated once per pattern to a JS RegExp (cached): leading inline flags
// (?i) (?s) (?m), \A \z \Z, \Q...\E, (?P<name>...) and POSIX [[:alpha:]] classes.
// Possessive quantifiers and mid-pattern flags are rejected, as re2j does.
// Replacement strings use Java's `$1` / `${name}` group references and `\$`.

import type { Value } from '../../plan/types.js';
import { QueryError } from '../errors.js';
import { define, int, str } from './args.js';

const LEADING_FLAGS = /^\(\?([a-zA-Z]+)\)/;
const INLINE_FLAGS = /^\(\?[a-zA-Z-]+[:)]/;
const POSIX: Record<string, string> = {
  alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', upper: 'A-Z', lower: 'a-z', space: '\\t\\n\\v\\f\\r ',
  blank: '\\t ', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', word: '\\w', cntrl: '\\x00-\\x1f\\x7f',
  print: ' -~', graph: '!-~', ascii: '\\x00-\\x7f',
};
const SPECIAL = /[.*+?^${}()|[\]\\\/-]/g;

const bad = (pattern: string, why: string) => new QueryError(`invalid regular expression '${pattern}': ${why}`);

/** The JS source and flags for a Java-style pattern. */
function translate(pattern: string): RegExp {
  let flags = 'g';
  let i = 0;
  for (let lead = LEADING_FLAGS.exec(pattern); lead; lead = LEADING_FLAGS.exec(pattern.slice(i))) {
    for (const f of lead[1]!) {
      if (!'ims'.includes(f)) throw bad(pattern, `unsupported flag (?${f})`);
      if (!flags.includes(f)) flags += f;
    }
    i += lead[0].length;
  }
  let out = '';
  let inClass = false;
  let quantified = false; // the previous token was a quantifier: a following + would be possessive
  for (; i < pattern.length; i++) {
    const c = pattern[i]!;
    const wasQuantified: boolean = quantified;
    quantified = false;
    if (c === '\\') {
      const n = pattern[++i];
      if (n === undefined) throw bad(pattern, 'trailing backslash');
      if (n === 'Q') {
        const end = pattern.indexOf('\\E', i + 1);
        out += pattern.slice(i + 1, end < 0 ? pattern.length : end).replace(SPECIAL, '\\$&');
        i = end < 0 ? pattern.length : end + 1;
      } else if (!inClass && n === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && n === 'z') out += '(?![\\s\\S])';
      else if (!inClass && n === 'Z') out += '(?=\\n?(?![\\s\\S]))';
      else {
        if ((n === 'p' || n === 'P') && !flags.includes('u')) flags += 'u';
        out += c + n;
      }
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      if (c === '[' && pattern[i + 1] === ':') {
        const end = pattern.indexOf(':]', i + 2);
        const cls = end < 0 ? undefined : POSIX[pattern.slice(i + 2, end)];
        if (cls === undefined) throw bad(pattern, 'unknown POSIX character class');
        out += cls;
        i = end + 1;
        continue;
      }
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (pattern[i + 1] === '^') out += pattern[++i];
      if (pattern[i + 1] === ']') { out += '\\]'; i++; }
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      if (pattern.startsWith('(?P<', i)) { out += '(?<'; i += 3; continue; }
      if (INLINE_FLAGS.test(pattern.slice(i, i + 12))) throw bad(pattern, 'inline flags are only supported at the start');
    }
    if (c === '+' && wasQuantified) throw bad(pattern, 'possessive quantifiers are not supported');
    if (c === '*' || c === '+' || c === '?' || c === '}') quantified = c !== '?' || !wasQuantified;
    out += c;
  }
  try {
    return new RegExp(out, flags);
  } catch (e) {
    const msg = (e as Error).message;
    throw bad(pattern, msg.slice(msg.lastIndexOf(': ') + 2));
  }
}

const CACHE = new Map<string, RegExp>();
const GROUPS = new Map<RegExp, number>();

/** The compiled (global) RegExp of a pattern, lastIndex reset; compiled once per pattern. */
export function compile(pattern: string): RegExp {
  let re = CACHE.get(pattern);
  if (!re) {
    re = translate(pattern);
    if (CACHE.size >= 1000) { CACHE.clear(); GROUPS.clear(); }
    CACHE.set(pattern, re);
    GROUPS.set(re, new RegExp(`${re.source}|`, re.flags).exec('')!.length - 1);
  }
  re.lastIndex = 0;
  return re;
}
const groupCount = (re: RegExp): number => GROUPS.get(re) ?? 0;

/** Every match of re in s, advancing past empty matches as Java's Matcher.find does. */
function* matches(re: RegExp, s: string, from = 0): Generator<RegExpExecArray> {
  re.lastIndex = from;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    yield m;
    if (m[0].length === 0) {
      const cp = s.codePointAt(re.lastIndex);
      re.lastIndex += re.unicode && cp !== undefined && cp > 0xffff ? 2 : 1;
      if (re.lastIndex > s.length) break;
    }
  }
}

function checkGroup(re: RegExp, pattern: string, g: number): number {
  const n = groupCount(re);
  if (!Number.isInteger(g) || g < 0 || g > n) {
    throw new QueryError(`pattern '${pattern}' has ${n} groups; cannot access group ${g}`);
  }
  return g;
}

/** A replacement string parsed into literal text and group references (number or name). */
type Part = string | number | { name: string };
const REPLACEMENTS = new Map<string, Part[]>();

function parseReplacement(rep: string, groups: number): Part[] {
  const key = `${groups}\u0000${rep}`;
  const cached = REPLACEMENTS.get(key);
  if (cached) return cached;
  const parts: Part[] = [];
  let lit = '';
  for (let i = 0; i < rep.length; i++) {
    const c = rep[i]!;
    if (c === '\\') {
      if (i + 1 >= rep.length) throw new QueryError(`invalid replacement '${rep}': trailing backslash`);
      lit += rep[++i];
    } else if (c === '$') {
      const d = rep.charCodeAt(i + 1) - 48;
      if (rep[i + 1] === '{') {
        const end = rep.indexOf('}', i);
        if (end < 0) throw new QueryError(`invalid replacement '${rep}': unterminated group name`);
        parts.push(lit, { name: rep.slice(i + 2, end) });
        i = end;
      } else if (d >= 0 && d <= 9) {
        let n = d;
        i++;
        for (let e = rep.charCodeAt(i + 1) - 48; e >= 0 && e <= 9 && n * 10 + e <= groups; e = rep.charCodeAt(i + 1) - 48) {
          n = n * 10 + e;
          i++;
        }
        if (n > groups) throw new QueryError(`invalid replacement '${rep}': no group ${n}`);
        parts.push(lit, n);
      } else {
        throw new QueryError(`invalid replacement '${rep}': illegal group reference`);
      }
      lit = '';
    } else lit += c;
  }
  parts.push(lit);
  if (REPLACEMENTS.size >= 1000) REPLACEMENTS.clear();
  REPLACEMENTS.set(key, parts);
  return parts;
}

function expand(parts: Part[], m: RegExpExecArray, rep: string): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') out += p;
    else if (typeof p === 'number') out += m[p] ?? '';
    else {
      if (!m.groups || !(p.name in m.groups)) throw new QueryError(`invalid replacement '${rep}': no group named ${p.name}`);
      out += m.groups[p.name] ?? '';
    }
  }
  return out;
}

define({ name: 'regexp_like', params: ['varchar', 'varchar'], returns: 'boolean', eval: (a) => compile(str(a[1]!)).test(str(a[0]!)) });

define({
  name: 'regexp_extract', params: ['varchar', 'varchar', 'bigint'], optional: 1, returns: 'varchar',
  eval: (a) => {
    const re = compile(str(a[1]!));
    const g = a.length > 2 ? checkGroup(re, str(a[1]!), a[2] as number) : 0;
    const m = re.exec(str(a[0]!));
    return m ? m[g] ?? null : null;
  },
});

define({
  name: 'regexp_extract_all', params: ['varchar', 'varchar', 'bigint'], optional: 1, returns: 'array',
  eval: (a) => {
    const re = compile(str(a[1]!));
    const g = a.length > 2 ? checkGroup(re, str(a[1]!), a[2] as number) : 0;
    const out: Value[] = [];
    for (const m of matches(re, str(a[0]!))) out.push(m[g] ?? null);
    return out;
  },
});

define({
  name: 'regexp_replace', params: ['varchar', 'varchar', 'varchar'], optional: 1, returns: 'varchar',
  eval: (a) => {
    const s = str(a[0]!), re = compile(str(a[1]!)), rep = a.length > 2 ? str(a[2]!) : '';
    const parts = parseReplacement(rep, groupCount(re));
    let out = '', last = 0;
    for (const m of matches(re, s)) {
      out += s.slice(last, m.index) + expand(parts, m, rep);
      last = m.index + m[0].length;
    }
    return out + s.slice(last);
  },
});

define({
  name: 'regexp_count', params: ['varchar', 'varchar'], returns: 'bigint',
  eval: (a) => {
    let n = 0;
    for (const _ of matches(compile(str(a[1]!)), str(a[0]!))) n++;
    return n;
  },
});

define({
  name: 'regexp_split', params: ['varchar', 'varchar'], returns: 'array',
  eval: (a) => {
    const s = str(a[0]!), out: Value[] = [];
    let last = 0;
    for (const m of matches(compile(str(a[1]!)), s)) {
      out.push(s.slice(last, m.index));
      last = m.index + m[0].length;
    }
    out.push(s.slice(last));
    return out;
  },
});

define({
  name: 'regexp_position', params: ['varchar', 'varchar', 'bigint', 'bigint'], optional: 2, returns: 'bigint',
  eval: (a) => {
    const s = str(a[0]!), start = a.length > 2 ? int(a[2]!, 'regexp_position start') : 1;
    const occurrence = a.length > 3 ? int(a[3]!, 'regexp_position occurrence') : 1;
    if (start < 1 || occurrence < 1) throw new QueryError('regexp_position: start and occurrence must be positive');
    const from = Array.from(s).slice(0, start - 1).join('').length;
    let n = 0;
    for (const m of matches(compile(str(a[1]!)), s, from)) {
      if (++n === occurrence) return Array.from(s.slice(0, m.index)).length + 1;
    }
    return -1;
  },
});
