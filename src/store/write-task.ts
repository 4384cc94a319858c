// The write task (runs in a worker): gather one partition's kept rows, sort them,
// encode a Parquet file, write it durably under _staging/ and report the facts
// the manifest keeps about it.

import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { columnSource, stringAt, type ColumnSource, type Segment, type TimeData } from '../model/batch.js';
import { COL } from '../model/fields.js';
import type { FileEntry } from './manifest.js';
import { buildNameSet } from './name-filter.js';
import { encodeParquet, type ParquetLayout } from './parquet-write.js';

/** Row order inside a file: what min/max statistics become selective on. */
export type SortOrder = 'name-time' | 'source-name-time' | 'time';

export interface WriteTask {
  readonly kind: 'write';
  readonly segments: readonly Segment[];
  /** Absolute path to write (under _staging/). */
  readonly target: string;
  readonly layout: ParquetLayout;
  readonly sort: SortOrder;
}

/** What a write task reports: the manifest facts about the file, minus where it will live. */
export type WrittenFile = Omit<FileEntry, 'path' | 'region' | 'date' | 'commit'> & { readonly target: string };

/** Dense ranks of a string column's values (nulls first), for sorting by integers. */
function ranks(source: ColumnSource, col: number): { rank: Int32Array; distinct: string[] } {
  const vec = source.column(col);
  const ids = new Map<string, number>();
  const raw = new Int32Array(source.rows);
  for (let r = 0; r < source.rows; r++) {
    const s = stringAt(vec, r);
    if (s === null) {
      raw[r] = -1;
      continue;
    }
    let id = ids.get(s);
    if (id === undefined) ids.set(s, (id = ids.size));
    raw[r] = id;
  }
  const distinct = [...ids.keys()];
  const order = distinct.map((_, i) => i).sort((a, b) => (distinct[a]! < distinct[b]! ? -1 : distinct[a]! > distinct[b]! ? 1 : 0));
  const rankOf = new Int32Array(distinct.length);
  order.forEach((id, pos) => (rankOf[id] = pos + 1));
  const rank = raw.map((id) => (id < 0 ? 0 : rankOf[id]!));
  return { rank, distinct };
}

export function sortOrder(source: ColumnSource, sort: SortOrder): { order: Int32Array; eventNames: string[]; time: Float64Array } {
  const time = (source.column(COL.eventTime).data as TimeData).values;
  const names = ranks(source, COL.eventName);
  const keys: (Int32Array | Float64Array)[] =
    sort === 'time' ? [time] : sort === 'name-time' ? [names.rank, time] : [ranks(source, COL.eventSource).rank, names.rank, time];
  const order = Int32Array.from({ length: source.rows }, (_, i) => i);
  order.sort((a, b) => {
    for (const k of keys) {
      const d = k[a]! - k[b]!;
      if (d !== 0) return d;
    }
    return a - b;
  });
  return { order, eventNames: names.distinct, time };
}

export async function runWriteTask(task: WriteTask): Promise<WrittenFile> {
  const source = columnSource(task.segments);
  const { order, eventNames, time } = sortOrder(source, task.sort);
  const file = await encodeParquet(source, order, task.layout);
  const hash = createHash('sha256');
  mkdirSync(dirname(task.target), { recursive: true });
  const fd = openSync(task.target, 'w');
  let bytes = 0;
  try {
    for (const chunk of file.chunks) {
      hash.update(chunk);
      writeSync(fd, chunk);
      bytes += chunk.length;
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  let minTime = Infinity, maxTime = -Infinity;
  for (const t of time) {
    if (t < minTime) minTime = t;
    if (t > maxTime) maxTime = t;
  }
  return {
    target: task.target,
    rows: source.rows,
    bytes,
    sha256: hash.digest('hex'),
    rowGroups: file.rowGroups,
    minTime,
    maxTime,
    eventNames: buildNameSet(eventNames),
  };
}
