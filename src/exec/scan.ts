// The physical scan of one store: prunes partitions and files from the
// manifest, splits the kept files into tasks of a few row groups, runs them on
// the worker pool with bounded concurrency, and merges what comes back: rows,
// partial aggregates, or a top-N found in two phases (keys, then winners).

import { join } from 'node:path';
import { conjoin, type Expr } from '../plan/expr.js';
import type { AggCall, LogicalPlan, SortKey } from '../plan/logical.js';
import type { Value } from '../plan/types.js';
import { pruneFiles, type FilePruning } from '../prune/files.js';
import type { FileEntry } from '../store/manifest.js';
import { readSnapshot } from '../store/snapshot.js';
import { Aggregator, countPartial } from './aggregates.js';
import { concatChunks, emptyChunk, type Chunk } from './chunk.js';
import { QueryError } from './errors.js';
import { runInline, type ScanPool } from './pool.js';
import { inlineTurn, runsInline } from './placement.js';
import type { ScanResult, ScanTask, TopNCandidates } from './scan-task.js';
import { orderedPositions } from './sort-keys.js';
import type { QueryStats } from './stats.js';

export type ScanNode = Extract<LogicalPlan, { kind: 'scan' }>;

/** Row groups per task: small enough to spread a big file over the workers. */
const GROUPS_PER_TASK = 8;

/**
 * Row groups per pack of tasks (packTasks): a sixteenth of the scan, between
 * 8 and 32. Each task costs a message each way and a merge of its result:
 * on the 10M-event store (708 row groups), packs of 32 instead of 8 took the
 * LIKE scan from 67 to 50 ms and GROUP BY eventSource, eventName from 107 to
 * 93 ms (2 workers); on the 1M store (104 row groups) packs stay at 8.
 */
const packSize = (tasks: readonly ScanTask[]) =>
  Math.min(32, Math.max(GROUPS_PER_TASK, Math.ceil(tasks.reduce((n, t) => n + t.rowGroups.length, 0) / 16)));

export function scanFiles(scan: ScanNode): { files: readonly FileEntry[]; pruning: FilePruning; filter: Expr | null } {
  const m = readSnapshot(scan.source.storeDir); // under a reader lease: its files outlive compaction
  if (!m) throw new QueryError(`store '${scan.source.storeName}' has no manifest (was it deleted?)`);
  if (m.store.status === 'PENDING_DELETION') throw new QueryError(`store '${scan.source.storeName}' is pending deletion; restore it with 'traillake store restore' to query it`);
  const filter = scan.filters.length ? conjoin(scan.filters) : null;
  const pathOf = pathMap(scan);
  return { files: m.files, pruning: pruneFiles(m.files, filter, (n) => pathOf.get(n)), filter };
}

/** Plan column name → leaf path, for the pruning levels. */
export const pathMap = (scan: ScanNode) => new Map(scan.schema.map((f, i) => [f.name, scan.columns[i]!]));

export function scanTasks(scan: ScanNode, kept: readonly FileEntry[], filter: Expr | null, output: ScanTask['output'], limit: number | null, now: number): ScanTask[] {
  const tasks: ScanTask[] = [];
  for (const f of kept) {
    for (let g = 0; g < f.rowGroups; g += GROUPS_PER_TASK) {
      const rowGroups = Array.from({ length: Math.min(GROUPS_PER_TASK, f.rowGroups - g) }, (_, i) => g + i);
      tasks.push({
        file: join(scan.source.storeDir, f.path), rowGroups, paths: scan.columns, names: scan.schema.map((x) => x.name),
        types: scan.schema.map((x) => x.type), filter, output, limit, now,
      });
    }
  }
  return output.kind === 'agg' || (output.kind === 'rows' && limit === null) ? packTasks(tasks) : tasks;
}

/**
 * Aggregation tasks, and rows tasks without a limit, packed together, up to
 * packSize row groups each: one result per pack instead
 * of one per file (fewer messages, and the main thread merges each group and
 * value fewer times).
 */
function packTasks(tasks: readonly ScanTask[]): ScanTask[] {
  const packs: ScanTask[] = [];
  const size = packSize(tasks);
  let open: { task: ScanTask; more: { file: string; rowGroups: readonly number[] }[]; groups: number } | null = null;
  const close = () => { if (open) packs.push(open.more.length ? { ...open.task, more: open.more } : open.task); open = null; };
  for (const t of tasks) {
    if (!open) open = { task: t, more: [], groups: t.rowGroups.length };
    else { open.more.push({ file: t.file, rowGroups: t.rowGroups }); open.groups += t.rowGroups.length; }
    // Closed once full, not before it would overflow: files of 3 row groups made packs of 6 (a pack of 8
    // has room for two), 40 tasks for the 126 row groups of the IAM summary at 10M instead of 16.
    if (open.groups >= size) close();
  }
  close();
  return packs;
}

export interface ScanRun {
  readonly pool: ScanPool;
  /** The pool was made for this query alone (a one-off `traillake query`): its workers would start cold. */
  readonly ownPool?: boolean;
  readonly stats: QueryStats;
  readonly now: number;
  readonly signal?: AbortSignal;
}

const MAX_IN_FLIGHT = 4;
/**
 * Runs tasks inline or on the pool, at most MAX_IN_FLIGHT at a time. `onResult` returns
 * true to stop; `skip` drops a task not yet started (top-N thresholds). With
 * `rampUp` (a LIMIT), one task runs first and the window doubles while more
 * rows are needed, so a small LIMIT does not start work it will throw away.
 */
async function runTasks(run: ScanRun, tasks: readonly ScanTask[], inline: boolean, onResult: (r: ScanResult, t: ScanTask) => boolean,
  opts: { skip?: (t: ScanTask) => boolean; rampUp?: boolean } = {}): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  let stop = false;
  let failure: unknown = null;
  // Inline tasks one at a time: they run synchronously, and a timer must get its turn between them.
  let window = opts.rampUp || inline ? 1 : MAX_IN_FLIGHT;
  const exec = inline ? (t: ScanTask) => inlineTurn(run).then(() => runInline(t)) : (t: ScanTask) => run.pool.run(t, run.signal).then((r) => withRows(r, t));
  for (const t of tasks) {
    if (stop || failure) break;
    if (run.signal?.aborted) throw new QueryError('query cancelled');
    if (opts.skip?.(t)) continue;
    // A failure (of the task, or of merging its result) stops new tasks; the ones running are awaited.
    const p: Promise<void> = exec(t).then(
      (r) => { if (!stop && !failure) stop = onResult(r, t); if (!inline) window = Math.min(MAX_IN_FLIGHT, window * 2); },
    ).catch((e: unknown) => { failure ??= e; }).finally(() => inFlight.delete(p));
    inFlight.add(p);
    while (inFlight.size >= window) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure) throw failure;
}

/** A worker's rows, from Arrow IPC back to values (apache-arrow is loaded only when a worker sent some). */
async function withRows(r: ScanResult, t: ScanTask): Promise<ScanResult> {
  if (!r.ipc) return r;
  const { fromIpc } = await import('./ipc.js');
  return { ...r, rows: fromIpc(r.ipc, t.names.length), ipc: undefined };
}

function count(stats: QueryStats, r: ScanResult): void {
  stats.rowGroupsScanned += r.rowGroupsScanned;
  stats.eventsScanned += r.eventsScanned;
  stats.eventsMatched += r.eventsMatched;
  stats.bytesScanned += r.bytesScanned;
  stats.pagesTotal += r.pagesTotal;
  stats.pagesScanned += r.pagesScanned;
}

function prepare(run: ScanRun, scan: ScanNode) {
  const { files, pruning, filter } = scanFiles(scan);
  run.stats.filesTotal += files.length;
  run.stats.filesScanned += pruning.kept.length;
  run.stats.partitionsTotal += pruning.partitionsTotal;
  run.stats.partitionsScanned += pruning.partitionsKept;
  run.stats.rowGroupsTotal += files.reduce((s, f) => s + f.rowGroups, 0);
  return { pruning, filter };
}

/** Whether a scan of `kept` runs on this thread (placement.ts; it takes the scan's parts, not the node: importing scan.ts there would make a cycle). */
function scanRunsInline(run: ScanRun, scan: ScanNode, kept: readonly FileEntry[], filter: Expr | null, limit: number | null): Promise<boolean> {
  return runsInline(run, scan.source.storeDir, pathMap(scan), kept, filter, limit);
}

/** Matching rows of the scan's columns (at most `limit` when given). */
export async function scanRows(run: ScanRun, scan: ScanNode, limit: number | null): Promise<Chunk> {
  const { pruning, filter } = prepare(run, scan);
  const chunks: Chunk[] = [];
  let rows = 0;
  const inline = await scanRunsInline(run, scan, pruning.kept, filter, limit);
  await runTasks(run, scanTasks(scan, pruning.kept, filter, { kind: 'rows' }, limit, run.now), inline, (r) => {
    count(run.stats, r);
    const c = r.rows!;
    chunks.push(c);
    rows += c.length;
    return limit !== null && rows >= limit;
  }, { rampUp: limit !== null });
  const all = concatChunks(chunks, scan.schema.length);
  return limit !== null && all.length > limit ? { columns: all.columns.map((c) => c.slice(0, limit)), length: limit } : all.length === 0 ? { columns: scan.schema.map(() => []), length: 0 } : all;
}

/** Aggregates computed in the workers (partial) and merged here. */
export async function scanAggregate(run: ScanRun, scan: ScanNode, groupBy: readonly Expr[], aggs: readonly AggCall[]): Promise<Aggregator> {
  const { pruning, filter } = prepare(run, scan);
  const agg = new Aggregator(groupBy, aggs);
  // COUNT(*) of everything: the manifest knows each file's rows; no file is opened.
  if (filter === null && groupBy.length === 0 && aggs.length > 0 && aggs.every((a) => a.fn === 'count_star' && !a.distinct)) {
    agg.mergePartial(countPartial(aggs, pruning.kept.reduce((n, f) => n + f.rows, 0)));
    return agg;
  }
  const inline = await scanRunsInline(run, scan, pruning.kept, filter, null);
  await runTasks(run, scanTasks(scan, pruning.kept, filter, { kind: 'agg', groupBy, aggs }, null, run.now), inline, (r) => {
    count(run.stats, r);
    agg.mergePartial(r.partial!);
    return false;
  });
  return agg;
}

/** Candidates of a top-N across files: where each row is, and its key values; kept ordered, at most k after each merge. */
interface Candidates { files: string[]; rowGroups: number[]; rows: number[]; keys: Value[][] }

function mergeCandidates(into: Candidates, file: string, got: TopNCandidates, keys: readonly SortKey[], k: number): Candidates {
  const all: Candidates = {
    files: [...into.files, ...got.rows.map(() => file)], rowGroups: [...into.rowGroups, ...got.rowGroups],
    rows: [...into.rows, ...got.rows], keys: into.keys.map((col, j) => [...col, ...got.keys[j]!]),
  };
  const order = orderedPositions(keys, all.keys, all.rows.length, k);
  return { files: order.map((i) => all.files[i]!), rowGroups: order.map((i) => all.rowGroups[i]!), rows: order.map((i) => all.rows[i]!), keys: all.keys.map((col) => order.map((i) => col[i]!)) };
}

/**
 * The first k rows of the scan by `keys` (expressions over the scan's columns).
 * Phase 1: workers read the filter and key columns and return their local top-k
 * (positions and key values). When the first key is eventTime, files are taken
 * in eventTime order and a file whose range cannot beat the k-th candidate so
 * far is skipped unread. Phase 2: 'pick' tasks read the other columns of the
 * winners only, stopping each column at the last winning row.
 */
export async function scanTopN(run: ScanRun, scan: ScanNode, keys: readonly SortKey[], k: number): Promise<Chunk> {
  const { pruning, filter } = prepare(run, scan);
  const width = scan.schema.length;
  if (k === 0) return emptyChunk(width);
  const first = keys[0]!;
  const byTime = first.expr.kind === 'column' && scan.columns[scan.schema.findIndex((f) => f.name === (first.expr as { name: string }).name)] === 'eventTime';
  const files = byTime ? [...pruning.kept].sort((a, b) => (first.desc ? b.maxTime - a.maxTime : a.minTime - b.minTime)) : pruning.kept;
  const entryOf = new Map(files.map((f) => [join(scan.source.storeDir, f.path), f]));
  let best: Candidates = { files: [], rowGroups: [], rows: [], keys: keys.map(() => []) };
  const threshold = () => (best.rows.length >= k ? best.keys[0]![k - 1] as number : null);
  const read = new Set<string>();
  const cannotWin = (t: ScanTask) => {
    const limit = byTime ? threshold() : null;
    const f = entryOf.get(t.file)!;
    if (limit !== null && (first.desc ? f.maxTime < limit : f.minTime > limit)) return true;
    read.add(t.file);
    return false;
  };
  const inline = await scanRunsInline(run, scan, files, filter, null);
  await runTasks(run, scanTasks(scan, files, filter, { kind: 'topN', keys, k }, null, run.now), inline, (r, t) => {
    count(run.stats, r);
    best = mergeCandidates(best, t.file, r.topN!, keys, k);
    return false;
  }, { skip: cannotWin, rampUp: byTime }); // the first file's answer usually rules out most others
  run.stats.filesScanned -= files.length - read.size;

  // Phase 2: the winners' rows, grouped per file and row group, read where phase 1 ran.
  const perFile = new Map<string, Map<number, number[]>>();
  best.rows.forEach((row, i) => {
    const groups = perFile.get(best.files[i]!) ?? new Map<number, number[]>();
    perFile.set(best.files[i]!, groups);
    groups.set(best.rowGroups[i]!, [...(groups.get(best.rowGroups[i]!) ?? []), row]);
  });
  const base = { paths: scan.columns, names: scan.schema.map((x) => x.name), types: scan.schema.map((x) => x.type), filter: null, limit: null, now: run.now };
  const picks: ScanTask[] = [...perFile].map(([file, groups]) => ({ ...base, file, rowGroups: [...groups.keys()], output: { kind: 'pick', rows: [...groups.values()] } }));
  const found = new Map<string, { chunk: Chunk; at: number }>();
  await runTasks(run, picks, inline, (r, t) => {
    run.stats.bytesScanned += r.bytesScanned;
    run.stats.pagesTotal += r.pagesTotal;
    run.stats.pagesScanned += r.pagesScanned;
    const chunk = r.rows!;
    let at = 0;
    const { rows } = t.output as Extract<ScanTask['output'], { kind: 'pick' }>;
    t.rowGroups.forEach((g, i) => { for (const row of rows[i]!) found.set(`${t.file}#${g}#${row}`, { chunk, at: at++ }); });
    return false;
  });
  const columns: Value[][] = Array.from({ length: width }, () => new Array(best.rows.length));
  best.rows.forEach((row, i) => {
    const { chunk, at } = found.get(`${best.files[i]}#${best.rowGroups[i]}#${row}`)!;
    for (let j = 0; j < width; j++) columns[j]![i] = chunk.columns[j]![at]!;
  });
  return { columns, length: best.rows.length };
}
