// Formatting and parsing timestamps with patterns: date_format and date_parse
// take MySQL-style specifiers (%Y-%m-%d %H:%i:%s) as Trino implements them
// (%D %U %u %V %w %X are refused, as in Trino); format_datetime takes Joda
// pattern letters (yyyy-MM-dd HH:mm:ss.SSS). Patterns compile once (cached).
// All in UTC.

import { QueryError } from '../errors.js';
import { define, str, toMillis } from './args.js';
import { dayOfYear, daysInMonth, isoDayOfWeek, isoWeek } from './time.js';

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The fields of a UTC time that the printers read. */
interface Fields { ms: number; y: number; mo: number; d: number; h: number; mi: number; s: number; f: number }
function fieldsOf(ms: number): Fields {
  const t = new Date(ms);
  return {
    ms, y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(),
    h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds(), f: t.getUTCMilliseconds(),
  };
}
type Printer = (f: Fields) => string;
const pad = (n: number, w: number): string => (n < 0 ? `-${String(-n).padStart(w, '0')}` : String(n).padStart(w, '0'));
const clock12 = (h: number): number => (h % 12 === 0 ? 12 : h % 12);
const ampm = (f: Fields): string => (f.h < 12 ? 'AM' : 'PM');
const dayName = (f: Fields): string => DAY_NAMES[isoDayOfWeek(f.ms) - 1]!;
const monthName = (f: Fields): string => MONTH_NAMES[f.mo - 1]!;

const MYSQL: Record<string, Printer> = {
  a: (f) => dayName(f).slice(0, 3), b: (f) => monthName(f).slice(0, 3), c: (f) => String(f.mo),
  d: (f) => pad(f.d, 2), e: (f) => String(f.d), f: (f) => pad(f.f * 1000, 6), H: (f) => pad(f.h, 2),
  h: (f) => pad(clock12(f.h), 2), I: (f) => pad(clock12(f.h), 2), i: (f) => pad(f.mi, 2),
  j: (f) => pad(dayOfYear(f.ms), 3), k: (f) => String(f.h), l: (f) => String(clock12(f.h)), M: monthName,
  m: (f) => pad(f.mo, 2), p: ampm, r: (f) => `${pad(clock12(f.h), 2)}:${pad(f.mi, 2)}:${pad(f.s, 2)} ${ampm(f)}`,
  S: (f) => pad(f.s, 2), s: (f) => pad(f.s, 2), T: (f) => `${pad(f.h, 2)}:${pad(f.mi, 2)}:${pad(f.s, 2)}`,
  v: (f) => pad(isoWeek(f.ms).week, 2), W: dayName, x: (f) => pad(isoWeek(f.ms).year, 4), Y: (f) => pad(f.y, 4),
  y: (f) => pad(((f.y % 100) + 100) % 100, 2),
};
const UNSUPPORTED = new Set(['D', 'U', 'u', 'V', 'w', 'X']);

/** A MySQL-style format as a list of specifier letters and literal text (`{ lit }`). */
type Token = string | { lit: string };
const MYSQL_CACHE = new Map<string, Token[]>();
function mysqlTokens(fmt: string): Token[] {
  let tokens = MYSQL_CACHE.get(fmt);
  if (tokens) return tokens;
  tokens = [];
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== '%') { tokens.push({ lit: c }); continue; }
    const n = fmt[++i];
    if (n === undefined) break;
    if (UNSUPPORTED.has(n)) throw new QueryError(`%${n} not supported in date format string`);
    tokens.push(n in MYSQL ? n : { lit: n });
  }
  if (MYSQL_CACHE.size >= 1000) MYSQL_CACHE.clear();
  MYSQL_CACHE.set(fmt, tokens);
  return tokens;
}

export function dateFormat(ms: number, fmt: string): string {
  const f = fieldsOf(ms);
  let out = '';
  for (const t of mysqlTokens(fmt)) out += typeof t === 'string' ? MYSQL[t]!(f) : t.lit;
  return out;
}

/** Reads the text of `s` at a position, token by token, into calendar fields. */
class Reader {
  i = 0;
  y = 1970; mo = 1; d = 1; h = 0; mi = 0; s = 0; f = 0; doy = 0; pm: boolean | null = null; clock = false;
  constructor(readonly text: string, readonly fmt: string) {}
  fail(why = 'is malformed'): never {
    throw new QueryError(`date_parse: cannot parse '${this.text}' with format '${this.fmt}': ${why} at "${this.text.slice(this.i)}"`);
  }
  num(max: number): number {
    const start = this.i;
    while (this.i < this.text.length && this.i - start < max && this.text.charCodeAt(this.i) >= 48 && this.text.charCodeAt(this.i) <= 57) this.i++;
    if (this.i === start) this.fail();
    return +this.text.slice(start, this.i);
  }
  word(names: readonly string[]): number {
    const rest = this.text.slice(this.i).toLowerCase();
    for (const len of [Infinity, 3]) {
      const k = names.findIndex((n) => rest.startsWith(n.slice(0, len).toLowerCase()));
      if (k >= 0) { this.i += Math.min(len, names[k]!.length); return k; }
    }
    return this.fail();
  }
  lit(c: string): void {
    if (this.text[this.i] !== c) this.fail();
    this.i++;
  }
  spec(c: string): void {
    switch (c) {
      case 'Y': this.y = this.num(4); break;
      case 'y': { const yy = this.num(2); this.y = yy < 70 ? 2000 + yy : 1900 + yy; break; }
      case 'm': case 'c': this.mo = this.num(2); break;
      case 'd': case 'e': this.d = this.num(2); break;
      case 'H': case 'k': this.h = this.num(2); break;
      case 'h': case 'I': case 'l': this.h = this.num(2); this.clock = true; break;
      case 'i': this.mi = this.num(2); break;
      case 'S': case 's': this.s = this.num(2); break;
      case 'f': { const start = this.i; this.num(9); this.f = Math.floor(+`0.${this.text.slice(start, this.i)}` * 1000 + 1e-6); break; }
      case 'j': this.doy = this.num(3); break;
      case 'M': case 'b': this.mo = this.word(MONTH_NAMES) + 1; break;
      case 'W': case 'a': this.word(DAY_NAMES); break;
      case 'p': this.pm = this.word(['AM', 'PM']) === 1; break;
      case 'T': this.spec('H'); this.lit(':'); this.spec('i'); this.lit(':'); this.spec('s'); break;
      case 'r': this.spec('h'); this.lit(':'); this.spec('i'); this.lit(':'); this.spec('s'); this.lit(' '); this.spec('p'); break;
      default: throw new QueryError(`date_parse: %${c} is not supported for parsing`);
    }
  }
  millis(): number {
    if (this.i < this.text.length) this.fail('has extra text');
    let h = this.h;
    if (this.clock || this.pm !== null) {
      if (h < 1 || h > 12) this.fail(`hour ${h} must be in [1, 12]`);
      h = (h % 12) + (this.pm ? 12 : 0);
    }
    const bad = (what: string, v: number, max: number) => new QueryError(`date_parse: ${what} ${v} out of range in '${this.text}' (format '${this.fmt}'); max ${max}`);
    if (this.mo < 1 || this.mo > 12) throw bad('month', this.mo, 12);
    if (this.d < 1 || this.d > daysInMonth(this.y, this.mo - 1)) throw bad('day', this.d, daysInMonth(this.y, this.mo - 1));
    if (h > 23) throw bad('hour', h, 23);
    if (this.mi > 59) throw bad('minute', this.mi, 59);
    if (this.s > 59) throw bad('second', this.s, 59);
    const day = this.doy > 0 ? Date.UTC(this.y, 0, this.doy) : Date.UTC(this.y, this.mo - 1, this.d);
    if (this.doy > 366 || (this.doy > 0 && new Date(day).getUTCFullYear() !== this.y)) throw bad('day of year', this.doy, 366);
    return day + ((h * 60 + this.mi) * 60 + this.s) * 1000 + this.f;
  }
}

export function dateParse(text: string, fmt: string): number {
  const r = new Reader(text, fmt);
  for (const t of mysqlTokens(fmt)) {
    if (typeof t === 'string') r.spec(t);
    else r.lit(t.lit);
  }
  return r.millis();
}

// Joda pattern letters: count of letters = minimum digits; text for MMM/EEE and longer.
const JODA_CACHE = new Map<string, Printer[]>();
function jodaLetter(c: string, n: number): Printer {
  const num = (get: (f: Fields) => number): Printer => (f) => pad(get(f), n);
  const year = (get: (f: Fields) => number): Printer => (n === 2 ? (f) => pad(((get(f) % 100) + 100) % 100, 2) : num(get));
  switch (c) {
    case 'G': return () => 'AD';
    case 'C': return num((f) => Math.floor(f.y / 100));
    case 'y': case 'Y': return year((f) => f.y);
    case 'x': return year((f) => isoWeek(f.ms).year);
    case 'w': return num((f) => isoWeek(f.ms).week);
    case 'e': return num((f) => isoDayOfWeek(f.ms));
    case 'E': return n >= 4 ? dayName : (f) => dayName(f).slice(0, 3);
    case 'D': return num((f) => dayOfYear(f.ms));
    case 'M': return n >= 4 ? monthName : n === 3 ? (f) => monthName(f).slice(0, 3) : num((f) => f.mo);
    case 'd': return num((f) => f.d);
    case 'a': return ampm;
    case 'K': return num((f) => f.h % 12);
    case 'h': return num((f) => clock12(f.h));
    case 'H': return num((f) => f.h);
    case 'k': return num((f) => (f.h === 0 ? 24 : f.h));
    case 'm': return num((f) => f.mi);
    case 's': return num((f) => f.s);
    case 'S': return (f) => pad(f.f, 3).padEnd(n, '0').slice(0, n);
    case 'z': return () => (n >= 4 ? 'Coordinated Universal Time' : 'UTC');
    case 'Z': return () => (n === 1 ? '+0000' : n === 2 ? '+00:00' : 'UTC');
    default: throw new QueryError(`format_datetime: illegal pattern component: ${c.repeat(n)}`);
  }
}
function jodaPrinters(pattern: string): Printer[] {
  let out = JODA_CACHE.get(pattern);
  if (out) return out;
  out = [];
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i]!;
    let j = i + 1;
    if (c === "'") { // quoted literal text; '' is a quote
      let lit = pattern[j] === "'" ? "'" : '';
      if (lit) j++;
      else {
        for (; j < pattern.length && !(pattern[j] === "'" && pattern[j + 1] !== "'"); j++) {
          lit += pattern[j];
          if (pattern[j] === "'") j++;
        }
        j++;
      }
      out.push(() => lit);
      i = j;
      continue;
    }
    while (j < pattern.length && pattern[j] === c) j++;
    out.push((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? jodaLetter(c, j - i) : ((lit) => () => lit)(pattern.slice(i, j)));
    i = j;
  }
  if (JODA_CACHE.size >= 1000) JODA_CACHE.clear();
  JODA_CACHE.set(pattern, out);
  return out;
}

export function formatDatetime(ms: number, pattern: string): string {
  const f = fieldsOf(ms);
  let s = '';
  for (const p of jodaPrinters(pattern)) s += p(f);
  return s;
}

define({ name: 'date_format', params: ['timestamp', 'varchar'], returns: 'varchar', eval: (a, t) => dateFormat(toMillis(a[0]!, t[0]!, 'date_format'), str(a[1]!)) });
define({ name: 'format_datetime', params: ['timestamp', 'varchar'], returns: 'varchar', eval: (a, t) => formatDatetime(toMillis(a[0]!, t[0]!, 'format_datetime'), str(a[1]!)) });
define({ name: 'date_parse', params: ['varchar', 'varchar'], returns: 'timestamp', eval: (a) => dateParse(str(a[0]!), str(a[1]!)) });
