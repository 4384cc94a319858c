// Row-group pruning from Parquet footer statistics (min/max/null count), the
// third level after partitions and manifest file stats. Used by scan workers
// (which open the file anyway) and by EXPLAIN (which reads footers only).

import type { Expr } from '../plan/expr.js';
import { decodeStat } from '../store/stat-value.js';
import { mayMatch, type ColumnStats } from './stats.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
/** Statistics already decoded, by the (cached, per-thread) footer's row group object. */
const decoded = new WeakMap<object, Map<string, ColumnStats>>();

/** Statistics of one row group's column chunks, by dotted path. */
export function rowGroupStats(rowGroup: any): Map<string, ColumnStats> {
  const hit = decoded.get(rowGroup);
  if (hit) return hit;
  const out = new Map<string, ColumnStats>();
  decoded.set(rowGroup, out);
  const rows = Number(rowGroup.num_rows);
  for (const c of rowGroup.columns as any[]) {
    const m = c.meta_data;
    const st = m?.statistics;
    if (!st) continue;
    const path = (m.path_in_schema as string[]).join('.');
    const nulls = st.null_count === undefined || st.null_count === null ? undefined : Number(st.null_count);
    // Parquet physical types: BOOLEAN = 0, INT64 = 2, BYTE_ARRAY = 6.
    const type = m.type === 2 ? 'INT64' : m.type === 0 ? 'BOOLEAN' : m.type === 6 ? 'BYTE_ARRAY' : 'OTHER';
    out.set(path, {
      min: decodeStat(st.min_value ?? st.min, type),
      max: decodeStat(st.max_value ?? st.max, type),
      allNull: nulls === undefined ? undefined : nulls === rows,
      noNulls: nulls === undefined ? undefined : nulls === 0,
    });
  }
  return out;
}

/** Indexes of the row groups whose statistics do not rule the filter out. `pathOf` maps plan column names to paths. */
export function keptRowGroups(metadata: any, filter: Expr | null, pathOf: (name: string) => string | undefined): number[] {
  const groups = metadata.row_groups as any[];
  const kept: number[] = [];
  for (let g = 0; g < groups.length; g++) {
    if (!filter) { kept.push(g); continue; }
    const stats = rowGroupStats(groups[g]);
    if (mayMatch(filter, (name) => { const p = pathOf(name); return p === undefined ? undefined : stats.get(p); })) kept.push(g);
  }
  return kept;
}
