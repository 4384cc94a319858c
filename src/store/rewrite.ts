// Rewriting committed data files into new staged ones: the shared step of
// retention (drop the rows past the cut) and compaction (merge small files).
// Rows are read column chunk by column chunk (parquet-read.ts), appended to one
// ColumnBatch through a single reused row array, and handed to the ingest's
// write task, which sorts and encodes them exactly as ingest does.

import { join } from 'node:path';
import { BatchBuilder } from '../model/batch.js';
import { COL, COLUMNS } from '../model/fields.js';
import type { Value } from '../model/record.js';
import type { StagedFile } from './commit.js';
import { dataFilePath, partitionDir } from './layout.js';
import type { FileEntry } from './manifest.js';
import { readRowGroups } from './parquet-read.js';
import type { ParquetLayout } from './parquet-write.js';
import { runWriteTask, type SortOrder } from './write-task.js';

export interface RewriteFormat {
  readonly layout: ParquetLayout;
  readonly sort: SortOrder;
}

export interface RewriteTarget {
  readonly storeDir: string;
  /** Folder for staged files (the store's _staging/). */
  readonly staging: string;
  readonly commitNo: number;
  readonly runId: string;
  readonly format: RewriteFormat;
}

/**
 * One new file holding the rows of `files` (all of one partition) whose
 * eventTime is at or after `keepFrom` (every row when it is -Infinity).
 * Null when no row is kept.
 */
export async function rewriteFiles(files: readonly FileEntry[], keepFrom: number, seq: number, t: RewriteTarget): Promise<StagedFile | null> {
  const first = files[0]!;
  const builder = new BatchBuilder();
  const row: Value[] = new Array(COLUMNS.length).fill(null);
  for (const f of files) {
    for await (const g of readRowGroups(join(t.storeDir, f.path))) {
      const time = g.values[COL.eventTime]!;
      for (let r = 0; r < g.rows; r++) {
        if ((time[r] as number) < keepFrom) continue;
        for (let c = 0; c < COLUMNS.length; c++) row[c] = g.values[c]![r]!;
        builder.append(row);
      }
    }
  }
  if (builder.rows === 0) return null;
  const batch = builder.finish();
  const target = join(t.staging, `rewrite-${seq}.parquet`);
  const { target: staged, ...facts } = await runWriteTask({ kind: 'write', segments: [{ batch }], target, layout: t.format.layout, sort: t.format.sort });
  const path = dataFilePath(partitionDir(first.region, first.date), t.commitNo, t.runId, seq);
  return { staged, entry: { path, region: first.region, date: first.date, ...facts, commit: t.commitNo } };
}
