// One scan task: a file, its columns and a pushed-down filter, run in a
// worker (or inline). Per row group it reads the filter's column chunks
// first, a step at a time (each only where rows still pass), and reads the
// other columns only where rows match, keeping just those rows. Output: matching rows as Arrow IPC bytes,
// partial aggregates, or a local top-N (positions and keys only; the main
// thread then asks for the global winners' rows with a 'pick' task). Tasks
// and results are plain data (serializable).

import type { Expr } from '../plan/expr.js';
import { columnsOf } from '../plan/expr.js';
import type { AggCall, SortKey } from '../plan/logical.js';
import type { SqlType, Value } from '../plan/types.js';
import { countPages, filterPageIndexes, keptRowRanges } from '../prune/pages.js';
import { keptRowGroups } from '../prune/row-groups.js';
import { openParquet, type PqReader } from '../store/parquet-lib.js';
import type { PageCounts } from '../store/chunk-decode.js';
import { readChunkValues, type ChunkValues } from '../store/parquet-read.js';
import { rangeRows, rangesOfRows, type RowRanges } from '../store/row-ranges.js';
import { DataFileError, UserError } from '../util/errors.js';
import { stall } from '../util/failpoint.js';
import { columnForms, type ChunkForm } from './agg-input.js';
import { Aggregator, type Partial } from './aggregates.js';
import { concatChunks, selectRows, sliceRows, type Chunk } from './chunk.js';
import { evaluate } from './eval.js';
import { filterRows, filterSteps } from './filter.js';
import { selectValues, type Dictionary } from './scan-columns.js';
import { kthValue, orderedPositions, valueComparator } from './sort-keys.js';

/** What a task returns: matching rows, partial aggregates, its local top-N, or chosen rows. */
export type ScanOutput =
  | { readonly kind: 'rows' }
  | { readonly kind: 'agg'; readonly groupBy: readonly Expr[]; readonly aggs: readonly AggCall[] }
  /** The k first matching rows by the keys: their positions and key values, not the rows. */
  | { readonly kind: 'topN'; readonly keys: readonly SortKey[]; readonly k: number }
  /** The rows at these positions of each of the task's row groups (positional to rowGroups), in this order. */
  | { readonly kind: 'pick'; readonly rows: readonly (readonly number[])[] };

export interface ScanTask {
  readonly file: string;
  /** The row groups of the file this task covers (before statistics pruning). */
  readonly rowGroups: readonly number[];
  /** Leaf paths to read and the plan names the filter and outputs use for them (positional). */
  readonly paths: readonly string[];
  readonly names: readonly string[];
  readonly types: readonly SqlType[];
  readonly filter: Expr | null;
  readonly output: ScanOutput;
  /** Stop after this many matching rows (rows output only). */
  readonly limit: number | null;
  readonly now: number;
  /** Row groups of further files, for an 'agg' task: aggregated into the same partial. */
  readonly more?: readonly { readonly file: string; readonly rowGroups: readonly number[] }[];
}

/** A task's local top-N: row group, row and key values of each candidate, best first. */
export interface TopNCandidates {
  readonly rowGroups: number[];
  readonly rows: number[];
  readonly keys: Value[][];
}

export interface ScanResult {
  readonly rowGroupsTotal: number;
  readonly rowGroupsScanned: number;
  readonly eventsScanned: number;
  readonly eventsMatched: number;
  readonly bytesScanned: number;
  readonly pagesTotal: number;
  readonly pagesScanned: number;
  /** Matching or chosen rows ('rows' and 'pick'): as values when run on this thread... */
  readonly rows?: Chunk;
  /** ...or as Arrow IPC bytes when they come from a worker (scan-worker.ts encodes them, ipc.ts). */
  readonly ipc?: Uint8Array;
  readonly partial?: Partial;
  readonly topN?: TopNCandidates;
}

/** What a task has read: compressed bytes, and data pages met and decoded. */
interface ReadCounts { bytes: number; readonly pages: PageCounts }

const newCounts = (): ReadCounts => ({ bytes: 0, pages: { total: 0, read: 0 } });

async function readChunk(reader: PqReader, g: number, path: string, rows: number, counts: ReadCounts, maxRows = rows, need: RowRanges | null = null, extras?: (r: ChunkValues) => void, form: ChunkForm = 'values'): Promise<Value[]> {
  const r = await readChunkValues(reader, g, path, rows, maxRows, form, need, counts.pages);
  counts.bytes += r.bytes;
  extras?.(r);
  return r.values;
}

/** Keeps the best `k` candidates (all of them when there are fewer). */
function bestOf(c: TopNCandidates, keys: readonly SortKey[], k: number): TopNCandidates {
  const order = orderedPositions(keys, c.keys, c.rows.length, k);
  return { rowGroups: order.map((i) => c.rowGroups[i]!), rows: order.map((i) => c.rows[i]!), keys: c.keys.map((col) => order.map((i) => col[i]!)) };
}

/**
 * Rows as the scan hands them on: a text column holds text or NULL (a value of
 * another kind is written as JSON), as Arrow's Utf8 vectors carry it from a worker.
 */
function asOutput(c: Chunk, types: readonly SqlType[]): Chunk {
  types.forEach((t, i) => {
    if (t === 'boolean' || t === 'timestamp' || t === 'bigint' || t === 'double') return;
    const col = c.columns[i]!;
    for (let r = 0; r < col.length; r++) {
      const v = col[r]!;
      if (v !== null && typeof v !== 'string') col[r] = JSON.stringify(v);
    }
  });
  return c;
}

export async function runScanTask(task: ScanTask): Promise<ScanResult> {
  stall('scan:task');
  if (task.output.kind === 'agg') return scanParts(task, new Aggregator(task.output.groupBy, task.output.aggs));
  if (task.more?.length) return scanParts(task, null);
  const output = task.output;
  return withFile(task.file, (reader) => (output.kind === 'pick' ? pick(reader, task, output) : scan(reader, task, null)));
}

/**
 * Runs `read` over an open data file. Damaged bytes surface as zlib, thrift,
 * page-header or out-of-bounds errors: those are reported as the file that
 * could not be read. Anything else stays as it is (the query's own errors, or
 * a bug, which keeps its stack).
 */
async function withFile<T>(file: string, read: (reader: PqReader) => Promise<T>): Promise<T> {
  const reader = await openParquet(file);
  try {
    return await read(reader);
  } catch (e) {
    throw damaged(e) ? new DataFileError(file, (e as Error).message) : e;
  } finally {
    await reader.close();
  }
}

const DAMAGE_CODES = new Set(['ERR_OUT_OF_RANGE', 'ERR_BUFFER_OUT_OF_BOUNDS']);

function damaged(e: unknown): boolean {
  if (!(e instanceof Error) || e instanceof UserError) return false;
  const code = (e as { code?: unknown }).code;
  return e.name === 'TProtocolException' || e.message.startsWith('page header:') ||
    (typeof code === 'string' && (code.startsWith('Z_') || DAMAGE_CODES.has(code)));
}

/**
 * Each file of a task in turn (an 'agg' task, or a packed 'rows' task without
 * a limit): their counts summed, and one result: `agg`'s partial, or all their rows.
 */
async function scanParts(task: ScanTask, agg: Aggregator | null): Promise<ScanResult> {
  const sum = { rowGroupsTotal: 0, rowGroupsScanned: 0, eventsScanned: 0, eventsMatched: 0, bytesScanned: 0, pagesTotal: 0, pagesScanned: 0 };
  const chunks: Chunk[] = [];
  for (const part of [{ file: task.file, rowGroups: task.rowGroups }, ...(task.more ?? [])]) {
    const r = await withFile(part.file, (reader) => scan(reader, { ...task, ...part, more: undefined }, agg));
    for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += r[k];
    if (r.rows) chunks.push(r.rows);
  }
  return agg ? { ...sum, partial: agg.partial() } : { ...sum, rows: concatChunks(chunks, task.names.length) };
}

/**
 * The rows of row group `g` that the page index of the filter's columns does
 * not rule out; null when it rules out nothing. A row group ruled out whole
 * counts its filter columns' pages as met and not read.
 */
async function pagePrune(reader: PqReader, g: number, rows: number, filter: Expr, filterCols: ReadonlySet<string>, pathOf: ReadonlyMap<string, string>, counts: ReadCounts): Promise<RowRanges | null> {
  const indexes = await filterPageIndexes(reader, g, rows, filterCols, pathOf);
  const kept = keptRowRanges(filter, rows, indexes);
  if (kept && kept.length === 0) counts.pages.total += countPages(indexes, null, rows).total;
  return kept;
}

/** A task's top-N so far, and the columns its keys read (all keys; the first key's). */
function topNState(keys: readonly SortKey[], k: number, cols: ReadonlyMap<string, number>) {
  const need = new Set(keys.flatMap((key) => [...columnsOf(key.expr)]));
  const need0 = columnsOf(keys[0]!.expr);
  const pos = (names: Iterable<string>) => [...names].map((n) => cols.get(n)!);
  return { keys, k, need, need0, pos: pos(need), pos0: pos(need0), best: { rowGroups: [], rows: [], keys: keys.map(() => []) } as TopNCandidates };
}

/** Filters each row group (filter columns first) and feeds the matches to the task's output (`agg` for 'agg'). */
async function scan(reader: PqReader, task: ScanTask, agg: Aggregator | null): Promise<ScanResult> {
  const { output } = task;
  const pathOf = new Map(task.names.map((n, i) => [n, task.paths[i]!]));
  const mine = new Set(task.rowGroups);
  const kept = keptRowGroups(reader.metadata, task.filter, (n) => pathOf.get(n)).filter((g) => mine.has(g));
  const filterCols = new Set(task.filter ? columnsOf(task.filter) : []);
  const steps = task.filter ? filterSteps(task.filter) : [];
  const cols = new Map(task.names.map((n, i) => [n, i]));
  const ctx = { now: task.now };
  // How the aggregates read each column: as dictionary indices or numbers where the chunk allows, or as values.
  const forms = output.kind === 'agg' ? columnForms(output.groupBy, output.aggs) : new Map<string, ChunkForm>();
  // A filter column is read in whichever compact form its chunk allows: values are made only for the
  // rows that need them (scan-columns.ts), and the aggregates read indices and numbers in place.
  const formOf = (n: string): ChunkForm | undefined => (filterCols.has(n) ? 'compact' : forms.get(n));
  const top = output.kind === 'topN' ? topNState(output.keys, output.k, cols) : null;
  const matched: Chunk[] = [];
  const counts = newCounts();
  let eventsScanned = 0, eventsMatched = 0, scanned = 0;
  for (const g of kept) {
    if (task.limit !== null && eventsMatched >= task.limit) break;
    scanned++;
    const rows = Number(reader.metadata.row_groups[g].num_rows);
    // Page pruning: the rows the filter columns' page statistics leave.
    const candidates = task.filter ? await pagePrune(reader, g, rows, task.filter, filterCols, pathOf, counts) : null;
    if (candidates && candidates.length === 0) continue;
    eventsScanned += candidates ? rangeRows(candidates) : rows;
    // Without a filter, a limit needs only the first rows (later pages stay compressed).
    const maxRows = task.limit !== null && !task.filter ? task.limit - eventsMatched : rows;
    const columns: Value[][] = new Array(task.names.length);
    const dicts = new Map<number, Dictionary>();
    const numbers = new Map<number, Float64Array>();
    const read = async (want: (name: string) => boolean, need: RowRanges | null) => {
      for (let i = 0; i < task.names.length; i++) {
        const n = task.names[i]!;
        const extras = (r: ChunkValues) => { if (r.dict) dicts.set(i, r.dict); if (r.numbers) numbers.set(i, r.numbers); };
        if (!columns[i] && want(n)) columns[i] = await readChunk(reader, g, task.paths[i]!, rows, counts, maxRows, need, extras, formOf(n));
      }
    };
    let sel: Uint32Array | null = null, count = Math.min(rows, maxRows);
    // The filter, a step at a time: each reads its columns only where rows still pass.
    let need = candidates;
    for (const step of steps) {
      await read((n) => step.columns.includes(n), need);
      const s = filterRows(step.expr, { columns, dicts, numbers, length: rows }, cols, ctx, need);
      sel = s.sel;
      count = s.count;
      if (count === 0) break;
      need = rangesOfRows(sel, count);
    }
    if (count === 0) continue;
    // The other columns: only the pages that hold a matching row.
    const matches = sel && count < rows ? need : null;
    if (top) {
      // Only the key columns (the other columns of the winners are read later, output 'pick'): the first
      // key for every matching row, the others only for the rows the first key does not rule out.
      const at = sel && count < rows ? sel : null;
      const g0 = { columns, dicts, numbers, length: rows };
      await read((n) => top.need0.has(n), matches);
      const first = evaluate(top.keys[0]!.expr, selectValues(g0, at, count, top.pos0), cols, ctx);
      const cut = kthValue(top.keys[0]!, first, top.best.keys[0]!, top.k);
      const cmp = valueComparator(top.keys[0]!);
      const keep: number[] = [];
      for (let j = 0; j < count; j++) if (cut === undefined || cmp(first[j]!, cut) <= 0) keep.push(j);
      const cand = Uint32Array.from(keep, (j) => (at ? at[j]! : j));
      if (top.keys.length > 1) await read((n) => top.need.has(n), rangesOfRows(cand, cand.length));
      for (let i = 0; i < columns.length; i++) columns[i] ??= [];
      const probe = selectValues(g0, cand, cand.length, top.pos);
      const kv = top.keys.map((k, i) => (i === 0 ? keep.map((j) => first[j]!) : evaluate(k.expr, probe, cols, ctx)));
      const b = top.best;
      for (let i = 0; i < cand.length; i++) {
        b.rowGroups.push(g);
        b.rows.push(cand[i]!);
        kv.forEach((v, j) => b.keys[j]!.push(v[i]!));
      }
      eventsMatched += count;
      if (b.rows.length > 4 * top.k) top.best = bestOf(b, top.keys, top.k);
      continue;
    }
    await read(() => true, matches);
    if (agg) {
      // The aggregates read the selected rows in place (dictionary indices included).
      agg.addBatch({ chunk: { columns, length: rows }, sel: sel && count < rows ? sel : null, count, dicts, numbers }, cols, ctx);
      eventsMatched += count;
      continue;
    }
    let chunk = selectValues({ columns, dicts, numbers, length: Math.min(rows, maxRows) }, sel && count < rows ? sel : null, count);
    if (task.limit !== null && eventsMatched + chunk.length > task.limit) chunk = sliceRows(chunk, 0, task.limit - eventsMatched);
    eventsMatched += chunk.length;
    matched.push(chunk);
  }
  const base = { rowGroupsTotal: task.rowGroups.length, rowGroupsScanned: scanned, eventsScanned, eventsMatched, bytesScanned: counts.bytes, pagesTotal: counts.pages.total, pagesScanned: counts.pages.read };
  if (agg) return base;
  if (top) return { ...base, topN: bestOf(top.best, top.keys, top.k) };
  return { ...base, rows: asOutput(concatChunks(matched, task.names.length), task.types) };
}

/** The chosen rows of each row group, all columns, in the order asked (reading only up to the last one). */
async function pick(reader: PqReader, task: ScanTask, output: Extract<ScanOutput, { kind: 'pick' }>): Promise<ScanResult> {
  const counts = newCounts();
  const chunks: Chunk[] = [];
  for (const [i, g] of task.rowGroups.entries()) {
    const want = output.rows[i]!;
    const rows = Number(reader.metadata.row_groups[g].num_rows);
    const upTo = Math.max(...want) + 1;
    const sorted = [...want].sort((a, b) => a - b);
    const need = rangesOfRows(sorted, sorted.length);
    const columns: Value[][] = [];
    for (const path of task.paths) columns.push(await readChunk(reader, g, path, rows, counts, upTo, need));
    chunks.push(selectRows({ columns, length: upTo }, want));
  }
  const all = concatChunks(chunks, task.names.length);
  return { rowGroupsTotal: 0, rowGroupsScanned: 0, eventsScanned: 0, eventsMatched: 0, bytesScanned: counts.bytes, pagesTotal: counts.pages.total, pagesScanned: counts.pages.read, rows: asOutput(all, task.types) };
}
