// Date and time functions, all in UTC, with Trino's semantics: date_trunc,
// date_add and date_diff (Joda's calendar arithmetic: month ends clamp, a month
// has passed when day and time of day have been reached again), field
// extraction (ISO weeks and weekdays), ISO-8601 and unix-time conversions.
// Lenient like CloudTrail Lake: text where a timestamp is expected is parsed
// (timestamps and dates in the forms parseTimestampText accepts).
// date_format, date_parse and format_datetime live in datetime-format.ts.

import type { SqlType, Value } from '../../plan/types.js';
import { formatDate, formatTimestamp, parseTimestampText } from '../cast.js';
import { QueryError } from '../errors.js';
import { DAY_MS, define, int, str, toMillis, type Param } from './args.js';

const floorDiv = (a: number, b: number): number => Math.floor(a / b);
const timeOfDay = (ms: number): number => ms - floorDiv(ms, DAY_MS) * DAY_MS;
export const daysInMonth = (y: number, m0: number): number => new Date(Date.UTC(y, m0 + 1, 0)).getUTCDate();
/** ISO day of week of an epoch-ms time: Monday = 1 ... Sunday = 7 (1970-01-01 was a Thursday). */
export const isoDayOfWeek = (ms: number): number => ((floorDiv(ms, DAY_MS) + 3) % 7 + 7) % 7 + 1;

/** ISO-8601 week number and week-based year. */
export function isoWeek(ms: number): { week: number; year: number } {
  const thursday = floorDiv(ms, DAY_MS) * DAY_MS + (4 - isoDayOfWeek(ms)) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  return { week: Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1, year };
}

export function dayOfYear(ms: number): number {
  return floorDiv(ms, DAY_MS) - floorDiv(Date.UTC(new Date(ms).getUTCFullYear(), 0, 1), DAY_MS) + 1;
}

/** Adds calendar months, clamping the day to the end of a shorter month (Jan 31 + 1 month = Feb 28). */
function addMonths(ms: number, n: number): number {
  const d = new Date(ms);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + n;
  const y = floorDiv(total, 12), m = total - y * 12;
  return Date.UTC(y, m, Math.min(d.getUTCDate(), daysInMonth(y, m))) + timeOfDay(ms);
}

/** Whole months from `sub` to `min`, as Joda's monthOfYear().getDifferenceAsLong (Trino's date_diff). */
function monthDiff(min: number, sub: number): number {
  if (min < sub) return -monthDiff(sub, min);
  const a = new Date(min), b = new Date(sub);
  let diff = (a.getUTCFullYear() - b.getUTCFullYear()) * 12 + a.getUTCMonth() - b.getUTCMonth();
  const aDom = a.getUTCDate();
  let bDom = b.getUTCDate();
  // Month-end case of add: from the 31st, the 30th of a 30-day month is a whole month later.
  if (aDom === daysInMonth(a.getUTCFullYear(), a.getUTCMonth()) && bDom > aDom) bDom = aDom;
  if ((aDom - 1) * DAY_MS + timeOfDay(min) < (bDom - 1) * DAY_MS + timeOfDay(sub)) diff--;
  return diff;
}

const FIXED: Record<string, number> = {
  millisecond: 1, second: 1000, minute: 60_000, hour: 3_600_000, day: DAY_MS, week: 7 * DAY_MS,
};
const MONTHS: Record<string, number> = { month: 1, quarter: 3, year: 12 };

/** A unit argument, lowercased and checked; time-of-day units are refused for dates, as in Trino. */
function unitOf(v: Value, forDate: boolean): string {
  const u = str(v).toLowerCase();
  if (!(u in FIXED) && !(u in MONTHS)) throw new QueryError(`'${str(v)}' is not a valid time unit`);
  if (forDate && FIXED[u] !== undefined && FIXED[u]! < DAY_MS) throw new QueryError(`'${str(v)}' is not a valid DATE field`);
  return u;
}

export function truncate(unit: string, ms: number): number {
  const fixed = FIXED[unit];
  if (fixed !== undefined && unit !== 'week') return floorDiv(ms, fixed) * fixed;
  if (unit === 'week') return (floorDiv(ms, DAY_MS) - isoDayOfWeek(ms) + 1) * DAY_MS;
  const d = new Date(ms), m = d.getUTCMonth();
  return Date.UTC(d.getUTCFullYear(), unit === 'year' ? 0 : unit === 'quarter' ? m - (m % 3) : m, 1);
}

/** Result type of a function taking a timestamp-ish argument: date stays date. */
const sameTemporal = (t: SqlType): SqlType => (t === 'date' ? 'date' : 'timestamp');
const back = (ms: number, t: SqlType): number => (t === 'date' ? floorDiv(ms, DAY_MS) : ms);

define({
  name: 'date_trunc', params: ['varchar', 'timestamp'], returns: (t) => sameTemporal(t[1]!),
  eval: (a, t) => back(truncate(unitOf(a[0]!, t[1] === 'date'), toMillis(a[1]!, t[1]!, 'date_trunc')), t[1]!),
});

define({
  name: 'date_add', params: ['varchar', 'bigint', 'timestamp'], returns: (t) => sameTemporal(t[2]!),
  eval: (a, t) => {
    const unit = unitOf(a[0]!, t[2] === 'date'), n = int(a[1]!, 'date_add value');
    const ms = toMillis(a[2]!, t[2]!, 'date_add');
    const fixed = FIXED[unit];
    return back(fixed !== undefined ? ms + n * fixed : addMonths(ms, n * MONTHS[unit]!), t[2]!);
  },
});

define({
  name: 'date_diff', params: ['varchar', 'timestamp', 'timestamp'], returns: 'bigint',
  eval: (a, t) => {
    const unit = unitOf(a[0]!, t[1] === 'date' && t[2] === 'date');
    const from = toMillis(a[1]!, t[1]!, 'date_diff'), to = toMillis(a[2]!, t[2]!, 'date_diff');
    const fixed = FIXED[unit];
    const n = fixed !== undefined ? (to - from) / fixed : monthDiff(to, from) / MONTHS[unit]!;
    return Math.trunc(n) + 0; // + 0 turns -0 into 0
  },
});

/** Field extraction functions: name(s), the field of a UTC epoch-ms time. */
const FIELDS: Array<[string[], (ms: number) => number]> = [
  [['year'], (ms) => new Date(ms).getUTCFullYear()],
  [['quarter'], (ms) => Math.floor(new Date(ms).getUTCMonth() / 3) + 1],
  [['month'], (ms) => new Date(ms).getUTCMonth() + 1],
  [['week', 'week_of_year'], (ms) => isoWeek(ms).week],
  [['year_of_week', 'yow'], (ms) => isoWeek(ms).year],
  [['day', 'day_of_month'], (ms) => new Date(ms).getUTCDate()],
  [['day_of_week', 'dow'], isoDayOfWeek],
  [['day_of_year', 'doy'], dayOfYear],
  [['hour'], (ms) => floorDiv(timeOfDay(ms), 3_600_000)],
  [['minute'], (ms) => floorDiv(timeOfDay(ms), 60_000) % 60],
  [['second'], (ms) => floorDiv(timeOfDay(ms), 1000) % 60],
  [['millisecond'], (ms) => timeOfDay(ms) % 1000],
];
for (const [[name, ...aliases], field] of FIELDS) {
  define({ name: name!, aliases, params: ['timestamp'], returns: 'bigint', eval: (a, t) => field(toMillis(a[0]!, t[0]!, name!)) });
}

const toDate = (a: readonly Value[], t: readonly SqlType[], fn: string): number =>
  t[0] === 'date' ? (a[0] as number) : floorDiv(toMillis(a[0]!, t[0]!, fn), DAY_MS);
const DATE_PARAM: Param[] = ['date'];

define({ name: 'date', params: DATE_PARAM, returns: 'date', eval: (a, t) => toDate(a, t, 'date') });
define({
  name: 'last_day_of_month', params: DATE_PARAM, returns: 'date',
  eval: (a, t) => {
    const d = new Date(toDate(a, t, 'last_day_of_month') * DAY_MS);
    return floorDiv(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0), DAY_MS);
  },
});

define({
  name: 'from_iso8601_timestamp', params: ['varchar'], returns: 'timestamp',
  eval: (a) => {
    const ms = parseTimestampText(str(a[0]!));
    if (Number.isNaN(ms)) throw new QueryError(`from_iso8601_timestamp: invalid ISO-8601 timestamp '${str(a[0]!)}'`);
    return ms;
  },
});
const ISO_DATE = /^\s*\d{4}-\d{2}-\d{2}\s*$/;
define({
  name: 'from_iso8601_date', params: ['varchar'], returns: 'date',
  eval: (a) => {
    const s = str(a[0]!);
    const ms = ISO_DATE.test(s) ? parseTimestampText(s) : NaN;
    if (Number.isNaN(ms)) throw new QueryError(`from_iso8601_date: invalid ISO-8601 date '${s}'`);
    return floorDiv(ms, DAY_MS);
  },
});
define({
  name: 'to_iso8601', params: ['timestamp'], returns: 'varchar',
  eval: (a, t) => {
    if (t[0] === 'date') return formatDate(a[0] as number);
    const ms = toMillis(a[0]!, t[0]!, 'to_iso8601'), s = formatTimestamp(ms);
    return ms % 1000 === 0 ? `${s.slice(0, -1)}.000Z` : s;
  },
});
define({ name: 'to_unixtime', params: ['timestamp'], returns: 'double', eval: (a, t) => toMillis(a[0]!, t[0]!, 'to_unixtime') / 1000 });
define({
  name: 'from_unixtime', params: ['number'], returns: 'timestamp',
  eval: (a) => {
    const ms = Math.round((a[0] as number) * 1000);
    if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) throw new QueryError(`from_unixtime: ${a[0]} is out of range`);
    return ms;
  },
});

for (const name of ['now', 'current_timestamp', 'localtimestamp']) {
  define({ name, params: [], returns: 'timestamp', deterministic: false, eval: (_a, _t, ctx) => ctx.now });
}
define({ name: 'current_date', params: [], returns: 'date', deterministic: false, eval: (_a, _t, ctx) => floorDiv(ctx.now, DAY_MS) });
