// Partition and file pruning from the manifest alone (no file is opened):
// level 1, partition values (region, and the date as an eventTime range);
// level 2, per-file stats (eventTime min/max, the eventName set).

import { DAY_MS } from '../model/time.js';
import type { Expr } from '../plan/expr.js';
import type { FileEntry } from '../store/manifest.js';
import { mayContainName } from '../store/name-filter.js';
import { mayMatch, type ColumnStats } from './stats.js';

export interface FilePruning {
  readonly partitionsTotal: number;
  readonly partitionsKept: number;
  readonly filesTotal: number;
  readonly kept: FileEntry[];
}

/** `pathOf` maps a plan column name to its leaf path (names may carry an alias prefix). */
export function pruneFiles(files: readonly FileEntry[], filter: Expr | null, pathOf: (name: string) => string | undefined): FilePruning {
  const partitions = new Map<string, boolean>();
  const kept: FileEntry[] = [];
  for (const f of files) {
    const pkey = `${f.region}\u0000${f.date}`;
    let pOk = partitions.get(pkey);
    if (pOk === undefined) {
      const dayStart = Date.parse(`${f.date}T00:00:00Z`);
      const part = new Map<string, ColumnStats>([
        ['awsRegion', f.region === null ? { allNull: true } : { min: f.region, max: f.region, noNulls: true }],
        ['eventTime', { min: dayStart, max: dayStart + DAY_MS - 1, noNulls: true }],
      ]);
      pOk = !filter || mayMatch(filter, (n) => { const p = pathOf(n); return p === undefined ? undefined : part.get(p); });
      partitions.set(pkey, pOk);
    }
    if (!pOk) continue;
    const stats = new Map<string, ColumnStats>([
      ['eventTime', { min: f.minTime, max: f.maxTime, noNulls: true }],
      ['eventName', { mayContain: (v) => mayContainName(f.eventNames, v) }],
    ]);
    if (!filter || mayMatch(filter, (n) => { const p = pathOf(n); return p === undefined ? undefined : stats.get(p); })) kept.push(f);
  }
  return { partitionsTotal: partitions.size, partitionsKept: [...partitions.values()].filter(Boolean).length, filesTotal: files.length, kept };
}
