// One scan task: a file, its columns and a pushed-down filter, run in a
// worker (or inline). Per row group it reads the filter's column chunks
// first, evaluates the filter, and reads the other columns only when rows
// match, keeping just those rows. Output: matching rows as Arrow IPC bytes
// (with a pushed-down ORDER BY ... LIMIT, only the task's top rows: a row group
// none of whose rows would enter them is skipped after reading its sort keys),
// or partial aggregates. Tasks and results are plain data (serializable).

import { tableFromIPC, tableToIPC, vectorFromArray, Utf8, Bool, Float64, Table } from 'apache-arrow';
import type { Expr } from '../plan/expr.js';
import { columnsOf } from '../plan/expr.js';
import type { AggCall } from '../plan/logical.js';
import type { SqlType, Value } from '../plan/types.js';
import { keptRowGroups } from '../prune/row-groups.js';
import { ParquetReader, type PqReader } from '../store/parquet-lib.js';
import { readChunkValues } from '../store/parquet-read.js';
import { Aggregator, type Partial } from './aggregates.js';
import { concatChunks, selectRows, sliceRows, type Chunk } from './chunk.js';
import { evaluate, selection } from './eval.js';
import { couldEnter, topRows, type TopN } from './top-n.js';

export interface ScanTask {
  readonly file: string;
  /** The row groups of the file this task covers (before statistics pruning). */
  readonly rowGroups: readonly number[];
  /** Leaf paths to read and the plan names the filter and outputs use for them (positional). */
  readonly paths: readonly string[];
  readonly names: readonly string[];
  readonly types: readonly SqlType[];
  readonly filter: Expr | null;
  readonly output: { readonly kind: 'rows' } | { readonly kind: 'agg'; readonly groupBy: readonly Expr[]; readonly aggs: readonly AggCall[] };
  /** Stop after this many matching rows (rows output only). */
  readonly limit: number | null;
  /** Keep only the top rows by these keys (rows output only). */
  readonly topN?: TopN | null;
  readonly now: number;
}

export interface ScanResult {
  readonly rowGroupsTotal: number;
  readonly rowGroupsScanned: number;
  readonly eventsScanned: number;
  readonly eventsMatched: number;
  readonly bytesScanned: number;
  readonly ipc?: Uint8Array;
  readonly partial?: Partial;
}

async function readChunk(reader: PqReader, g: number, path: string, rows: number, bytes: { n: number }): Promise<Value[]> {
  const r = await readChunkValues(reader, g, path, rows);
  bytes.n += r.bytes;
  return r.values;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
function toIpc(c: Chunk, names: readonly string[], types: readonly SqlType[]): Uint8Array {
  const cols: Record<string, any> = {};
  names.forEach((n, i) => {
    const t = types[i]!;
    const vals = c.columns[i]!;
    cols[`${i}`] = t === 'boolean' ? vectorFromArray(vals, new Bool())
      : t === 'timestamp' || t === 'bigint' || t === 'double' ? vectorFromArray(vals, new Float64())
      : vectorFromArray(vals.map((v) => (v === null || typeof v === 'string' ? v : JSON.stringify(v))), new Utf8());
  });
  return tableToIPC(new Table(cols));
}

/** Decodes a rows result back into value columns. */
export function fromIpc(ipc: Uint8Array, width: number): Chunk {
  const t = tableFromIPC(ipc);
  const columns: Value[][] = [];
  for (let i = 0; i < width; i++) {
    const v = t.getChildAt(i)!;
    if (v.nullCount === 0 && !(v.type instanceof Utf8) && !(v.type instanceof Bool)) columns.push(Array.from(v.toArray() as Float64Array));
    else columns.push([...v] as Value[]);
  }
  return { columns, length: t.numRows };
}


export async function runScanTask(task: ScanTask): Promise<ScanResult> {
  const reader = await ParquetReader.openFile(task.file);
  try {
    const pathOf = new Map(task.names.map((n, i) => [n, task.paths[i]!]));
    const mine = new Set(task.rowGroups);
    const kept = keptRowGroups(reader.metadata, task.filter, (n) => pathOf.get(n)).filter((g) => mine.has(g));
    const filterCols = new Set(task.filter ? columnsOf(task.filter) : []);
    const cols = new Map(task.names.map((n, i) => [n, i]));
    const ctx = { now: task.now };
    const agg = task.output.kind === 'agg' ? new Aggregator(task.output.groupBy, task.output.aggs) : null;
    const matched: Chunk[] = [];
    const topN = task.output.kind === 'rows' ? task.topN ?? null : null;
    const keyCols = new Set(topN ? topN.keys.flatMap((k) => [...columnsOf(k.expr)]) : []);
    let best: Chunk | null = null;
    const bytes = { n: 0 };
    let eventsScanned = 0, eventsMatched = 0, scanned = 0;
    for (const g of kept) {
      if (task.limit !== null && eventsMatched >= task.limit) break;
      scanned++;
      const rows = Number(reader.metadata.row_groups[g].num_rows);
      eventsScanned += rows;
      const columns: Value[][] = new Array(task.names.length);
      for (let i = 0; i < task.names.length; i++) {
        if (filterCols.has(task.names[i]!)) columns[i] = await readChunk(reader, g, task.paths[i]!, rows, bytes);
      }
      let sel: Uint32Array | null = null, count = rows;
      if (task.filter) {
        const probe: Chunk = { columns, length: rows };
        const s = selection(evaluate(task.filter, probe, cols, ctx));
        sel = s.sel;
        count = s.count;
        if (count === 0) continue;
      }
      if (topN) {
        for (let i = 0; i < task.names.length; i++) {
          if (!columns[i] && keyCols.has(task.names[i]!)) columns[i] = await readChunk(reader, g, task.paths[i]!, rows, bytes);
        }
        const keysOnly = { columns: Array.from(columns, (c) => c ?? []), length: rows };
        if (!couldEnter(topN, best, sel && count < rows ? selectRows(keysOnly, sel, count) : keysOnly, cols, ctx)) continue;
      }
      for (let i = 0; i < task.names.length; i++) {
        if (!columns[i]) columns[i] = await readChunk(reader, g, task.paths[i]!, rows, bytes);
      }
      let chunk: Chunk = { columns, length: rows };
      if (sel && count < rows) chunk = selectRows(chunk, sel, count);
      if (task.limit !== null && eventsMatched + chunk.length > task.limit) chunk = sliceRows(chunk, 0, task.limit - eventsMatched);
      eventsMatched += chunk.length;
      if (agg) agg.addChunk(chunk, cols, ctx);
      else if (topN) best = topRows(best ? concatChunks([best, chunk], task.names.length) : chunk, topN.keys, cols, ctx, topN.n);
      else matched.push(chunk);
    }
    if (best) matched.push(best);
    const base = { rowGroupsTotal: task.rowGroups.length, rowGroupsScanned: scanned, eventsScanned, eventsMatched, bytesScanned: bytes.n };
    if (agg) return { ...base, partial: agg.partial() };
    const all = concatChunks(matched, task.names.length);
    return { ...base, ipc: toIpc(all, task.names, task.types) };
  } finally {
    await reader.close();
  }
}
