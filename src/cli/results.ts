// Query results as text: table (aligned, wide cells cut with an ellipsis),
// csv (RFC 4180 with a header row), json (one array) and ndjson (one object per
// row, keys in select-list order). Timestamps are ISO-8601 UTC; json-typed
// values are embedded as JSON in json/ndjson and printed as JSON text elsewhere.

import { formatDate, formatTimestamp } from '../exec/cast.js';
import type { QueryResult } from '../exec/query.js';
import type { SqlType, Value } from '../plan/types.js';

export type OutputFormat = 'table' | 'csv' | 'json' | 'ndjson';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'csv', 'json', 'ndjson'];

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

export function* formatResult(r: QueryResult, format: OutputFormat): Generator<string> {
  const { columns, rows } = r;
  const n = rows.length;
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
      const cells = Array.from({ length: n }, (_, i) => columns.map((c, j) => { const t = valueText(rows.columns[j]![i]!, c.type); return t === null ? 'NULL' : cut(t.replace(/\s+/g, ' ')); }));
      const head = columns.map((c) => c.name), types = columns.map((c) => c.type);
      const widths = head.map((h, j) => Math.max(h.length, types[j]!.length, ...cells.map((r) => r[j]!.length)));
      const line = (cs: readonly string[]) => cs.map((c, j) => c.padEnd(widths[j]!)).join(' │ ').trimEnd();
      yield `${line(head)}\n${line(types)}\n${widths.map((w) => '─'.repeat(w)).join('─┼─')}\n`;
      for (const r of cells) yield `${line(r)}\n`;
      yield `(${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'})\n`;
      return;
    }
    default: return format satisfies never;
  }
}
