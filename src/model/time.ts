// eventTime parsing and formatting: CloudTrail writes `2024-07-30T21:53:13Z`;
// we also accept fractional seconds, a space for `T`, numeric offsets and a
// missing zone (taken as UTC). Storage is UTC epoch milliseconds.

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

const d2 = (t: string, i: number) => (t.charCodeAt(i) - 48) * 10 + t.charCodeAt(i + 1) - 48;

/**
 * Epoch ms of a timestamp in CloudTrail's canonical form `YYYY-MM-DDTHH:MM:SSZ`
 * (so formatEventTime gives the same text back), or NaN for any other text.
 * The hot path of ingest: no regex, no Date, no strings.
 */
export function parseCanonicalTime(t: string): number {
  if (t.length !== 20 || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(10) !== 84 ||
      t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58 || t.charCodeAt(19) !== 90) return NaN;
  for (const i of DIGITS) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return NaN;
  }
  const year = d2(t, 0) * 100 + d2(t, 2), month = d2(t, 5), day = d2(t, 8);
  const hour = d2(t, 11), minute = d2(t, 14), second = d2(t, 17);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return NaN;
  if (day > 28 && day > daysInMonth(year, month)) return NaN;
  if (year < 1000) return NaN; // Date.UTC maps years 0-99 to 1900-1999
  return Date.UTC(year, month - 1, day, hour, minute, second);
}
const DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

const b2 = (b: Uint8Array, i: number) => (b[i]! - 48) * 10 + b[i + 1]! - 48;

/** parseCanonicalTime over the UTF-8 bytes `b[start, end)` (ingest's fast path reads bytes, not strings). */
export function parseCanonicalTimeBytes(b: Uint8Array, start: number, end: number): number {
  if (end - start !== 20) return NaN;
  const s = start;
  if (b[s + 4] !== 45 || b[s + 7] !== 45 || b[s + 10] !== 84 || b[s + 13] !== 58 || b[s + 16] !== 58 || b[s + 19] !== 90) return NaN;
  for (const i of DIGITS) {
    const c = b[s + i]!;
    if (c < 48 || c > 57) return NaN;
  }
  const year = b2(b, s) * 100 + b2(b, s + 2), month = b2(b, s + 5), day = b2(b, s + 8);
  const hour = b2(b, s + 11), minute = b2(b, s + 14), second = b2(b, s + 17);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return NaN;
  if (day > 28 && day > daysInMonth(year, month)) return NaN;
  if (year < 1000) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** Parses a CloudTrail timestamp to epoch ms, or returns NaN. */
export function parseEventTime(text: string): number {
  const m = ISO.exec(text);
  if (!m) return NaN;
  const year = +m[1]!, month = +m[2]!, day = +m[3]!;
  const hour = +m[4]!, minute = +m[5]!, second = m[6] === undefined ? 0 : +m[6];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return NaN;
  if (day > daysInMonth(year, month)) return NaN;
  const ms = m[7] === undefined ? 0 : Math.floor(+`0.${m[7]}` * 1000 + 1e-6);
  let t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const zone = m[8];
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = +digits.slice(0, 2), om = digits.length > 2 ? +digits.slice(2) : 0;
    if (oh > 23 || om > 59) return NaN;
    t -= sign * (oh * 60 + om) * 60_000;
  }
  return t;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** CloudTrail's own format: seconds precision, milliseconds only when non-zero. */
export function formatEventTime(ms: number): string {
  const d = new Date(ms);
  const base = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const frac = d.getUTCMilliseconds();
  return frac === 0 ? `${base}Z` : `${base}.${pad(frac, 3)}Z`;
}

/** UTC calendar date `YYYY-MM-DD` of an epoch-ms time: the store's date partition. */
export function utcDate(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export const DAY_MS = 86_400_000;
