// Query results as text: table (aligned, wide cells cut with an ellipsis),
// line (one "column = value" block per row, nothing cut), csv (RFC 4180 with a
// header row), json (one array) and ndjson (one object per row, keys in
// select-list order). Timestamps are ISO-8601 UTC; json-typed values are
// embedded as JSON in json/ndjson and printed as JSON text elsewhere.

import { formatDate, formatTimestamp } from '../exec/cast.js';
import type { QueryResult } from '../exec/query.js';
import type { SqlType, Value } from '../plan/types.js';
import { PLAIN, type Palette } from './color.js';
import { formatCount, formatMs } from './format.js';

export type OutputFormat = 'table' | 'line' | 'csv' | 'json' | 'ndjson';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'line', 'csv', 'json', 'ndjson'];

/** Formats for people: they get a footer with the row count (and time). */
export const isHumanFormat = (f: OutputFormat): boolean => f === 'table' || f === 'line';

export interface FormatOptions {
  /** table/line: print at most this many rows, then say how many were left out (0 = all). */
  readonly maxRows?: number;
  /** table/line: what to tell the user when rows were left out. */
  readonly moreHint?: string;
  /** table/line: shown in the footer when given. */
  readonly elapsedMs?: number;
  readonly palette?: Palette;
}

/** "(3 rows, 12 ms)": the line under a result. */
export function footer(rows: number, elapsedMs?: number, shown = rows, moreHint = ''): string {
  const count = `${formatCount(rows)} row${rows === 1 ? '' : 's'}`;
  const time = elapsedMs === undefined ? '' : `, ${formatMs(elapsedMs)}`;
  const cut = shown < rows ? `; showing the first ${formatCount(shown)}${moreHint ? `: ${moreHint}` : ''}` : '';
  return `(${count}${time}${cut})`;
}

/** A value as text (table and csv cells). NULL is null. */
export function valueText(v: Value, type: SqlType): string | null {
  if (v === null) return null;
  if (type === 'timestamp' && typeof v === 'number') return formatTimestamp(v);
  if (type === 'date' && typeof v === 'number') return formatDate(v);
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return JSON.stringify(v);
  return String(v);
}

/** A value for JSON output. */
export function valueJson(v: Value, type: SqlType): unknown {
  if (v === null) return null;
  if (type === 'timestamp' || type === 'date') return valueText(v, type);
  if (type === 'json' && typeof v === 'string') { try { return JSON.parse(v); } catch { return v; } }
  return v;
}

/** Output keys: the column names, made unique with a numeric suffix where they repeat. */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => { const k = seen.get(n) ?? 0; seen.set(n, k + 1); return k === 0 ? n : `${n}_${k + 1}`; });
}

function csvCell(s: string | null): string {
  if (s === null) return '';
  return /[",\r\n]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s;
}

const MAX_CELL = 60;
const cut = (s: string) => (s.length > MAX_CELL ? `${s.slice(0, MAX_CELL - 1)}…` : s);

const oneLine = (t: string | null) => (t === null ? 'NULL' : cut(t.replace(/\s+/g, ' ')));

export function* formatResult(r: Pick<QueryResult, 'columns' | 'rows'>, format: OutputFormat, opts: FormatOptions = {}): Generator<string> {
  const { columns, rows } = r;
  const n = rows.length;
  const p = opts.palette ?? PLAIN;
  const shown = opts.maxRows ? Math.min(n, opts.maxRows) : n;
  const foot = () => `${p.dim(footer(n, opts.elapsedMs, shown, opts.moreHint))}\n`;
  switch (format) {
    case 'ndjson': case 'json': {
      const keys = uniqueNames(columns.map((c) => c.name));
      if (format === 'json') yield '[';
      for (let i = 0; i < n; i++) {
        const o: Record<string, unknown> = {};
        columns.forEach((c, j) => { o[keys[j]!] = valueJson(rows.columns[j]![i]!, c.type); });
        yield format === 'json' ? `${i ? ',' : ''}\n${JSON.stringify(o)}` : `${JSON.stringify(o)}\n`;
      }
      if (format === 'json') yield n ? '\n]\n' : ']\n';
      return;
    }
    case 'csv': {
      yield `${columns.map((c) => csvCell(c.name)).join(',')}\r\n`;
      for (let i = 0; i < n; i++) yield `${columns.map((c, j) => csvCell(valueText(rows.columns[j]![i]!, c.type))).join(',')}\r\n`;
      return;
    }
    case 'table': {
      const cells = Array.from({ length: shown }, (_, i) => columns.map((c, j) => oneLine(valueText(rows.columns[j]![i]!, c.type))));
      const head = columns.map((c) => c.name), types = columns.map((c) => c.type);
      const widths = head.map((h, j) => cells.reduce((w, r) => Math.max(w, r[j]!.length), Math.max(h.length, types[j]!.length)));
      const line = (cs: readonly string[], style: (s: string, j: number) => string = (s) => s) =>
        cs.map((c, j) => style(c.padEnd(widths[j]!), j)).join(' │ ').trimEnd();
      yield `${line(head, (s) => p.bold(s))}\n${line(types, (s) => p.dim(s))}\n${widths.map((w) => '─'.repeat(w)).join('─┼─')}\n`;
      for (const r of cells) yield `${line(r, (s, j) => (r[j] === 'NULL' ? p.dim(s) : s))}\n`;
      yield foot();
      return;
    }
    case 'line': {
      const width = columns.reduce((w, c) => Math.max(w, c.name.length), 0);
      for (let i = 0; i < shown; i++) {
        yield `${p.dim(`-[ row ${i + 1} ]${'-'.repeat(Math.max(0, width - 6))}`)}\n`;
        yield columns.map((c, j) => `${p.bold(c.name.padStart(width))} = ${valueText(rows.columns[j]![i]!, c.type) ?? p.dim('NULL')}\n`).join('');
      }
      yield foot();
      return;
    }
    default: return format satisfies never;
  }
}
