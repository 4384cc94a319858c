// The physical scan of one store: prunes partitions and files from the
// manifest, splits the kept files into tasks of a few row groups, runs them on
// the worker pool with bounded concurrency, and merges what comes back.
// A pushed-down top-N ordered by eventTime visits files newest (or oldest)
// first and skips the files whose time range cannot reach the top N found so far.

import { join } from 'node:path';
import { conjoin, type Expr } from '../plan/expr.js';
import type { AggCall, LogicalPlan } from '../plan/logical.js';
import { pruneFiles, type FilePruning } from '../prune/files.js';
import { readManifest, type FileEntry } from '../store/manifest.js';
import { Aggregator } from './aggregates.js';
import { concatChunks, type Chunk } from './chunk.js';
import { columnIndexes } from './eval.js';
import { QueryError } from './errors.js';
import type { ScanPool } from './pool.js';
import { fromIpc, type ScanResult, type ScanTask } from './scan-task.js';
import type { QueryStats } from './stats.js';
import { topNBar, topRows, type TopN } from './top-n.js';

export type ScanNode = Extract<LogicalPlan, { kind: 'scan' }>;

/** Row groups per task: small enough to spread a big file over the workers. */
const GROUPS_PER_TASK = 8;

export function scanFiles(scan: ScanNode): { files: readonly FileEntry[]; pruning: FilePruning; filter: Expr | null } {
  const m = readManifest(scan.source.storeDir);
  if (!m) throw new QueryError(`store '${scan.source.storeName}' has no manifest (was it deleted?)`);
  if (m.store.status === 'PENDING_DELETION') throw new QueryError(`store '${scan.source.storeName}' is pending deletion; restore it with 'traillake store restore' to query it`);
  const filter = scan.filters.length ? conjoin(scan.filters) : null;
  const pathOf = pathMap(scan);
  return { files: m.files, pruning: pruneFiles(m.files, filter, (n) => pathOf.get(n)), filter };
}

/** Plan column name → leaf path, for the pruning levels. */
export const pathMap = (scan: ScanNode) => new Map(scan.schema.map((f, i) => [f.name, scan.columns[i]!]));

export function scanTasks(scan: ScanNode, kept: readonly FileEntry[], filter: Expr | null, output: ScanTask['output'], limit: number | null, now: number, topN: TopN | null = null, files: FileEntry[] = []): ScanTask[] {
  const tasks: ScanTask[] = [];
  for (const f of kept) {
    for (let g = 0; g < f.rowGroups; g += GROUPS_PER_TASK) {
      const rowGroups = Array.from({ length: Math.min(GROUPS_PER_TASK, f.rowGroups - g) }, (_, i) => g + i);
      tasks.push({
        file: join(scan.source.storeDir, f.path), rowGroups, paths: scan.columns, names: scan.schema.map((x) => x.name),
        types: scan.schema.map((x) => x.type), filter, output, limit, now, topN,
      });
      files.push(f);
    }
  }
  return tasks;
}

export interface ScanRun {
  readonly pool: ScanPool;
  readonly stats: QueryStats;
  readonly now: number;
  readonly signal?: AbortSignal;
}

async function runTasks(run: ScanRun, tasks: ScanTask[], onResult: (r: ScanResult) => boolean, skip?: (i: number) => boolean): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  let stop = false;
  let failure: unknown = null;
  for (const [i, t] of tasks.entries()) {
    if (stop || failure) break;
    if (skip?.(i)) continue;
    if (run.signal?.aborted) throw new QueryError('query cancelled');
    const p: Promise<void> = run.pool.run(t, run.signal).then(
      (r) => { if (!stop) stop = onResult(r); },
      (e) => { failure ??= e; },
    ).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= 4) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure) throw failure;
}

function count(stats: QueryStats, r: ScanResult): void {
  stats.rowGroupsScanned += r.rowGroupsScanned;
  stats.eventsScanned += r.eventsScanned;
  stats.eventsMatched += r.eventsMatched;
  stats.bytesScanned += r.bytesScanned;
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

/**
 * For a top-N whose first key is eventTime: the files in the order that finds
 * the top rows soonest, and whether a file can still reach a bar (its time range
 * against the first key of the N-th row so far; ties are kept).
 */
function timeOrder(scan: ScanNode, topN: TopN | null) {
  const k = topN?.keys[0];
  if (!k || k.expr.kind !== 'column' || pathMap(scan).get(k.expr.name) !== 'eventTime') return null;
  return {
    sort: (files: readonly FileEntry[]) => [...files].sort((a, b) => (k.desc ? b.maxTime - a.maxTime : a.minTime - b.minTime)),
    beyond: (f: FileEntry, bar: number) => (k.desc ? f.maxTime < bar : f.minTime > bar),
  };
}

/** Matching rows of the scan's columns (at most `limit` when given; only the top rows when `topN` is given). */
export async function scanRows(run: ScanRun, scan: ScanNode, limit: number | null, topN: TopN | null = null): Promise<Chunk> {
  const { pruning, filter } = prepare(run, scan);
  const chunks: Chunk[] = [];
  let rows = 0;
  const order = timeOrder(scan, topN);
  const files: FileEntry[] = [];
  const tasks = scanTasks(scan, order ? order.sort(pruning.kept) : pruning.kept, filter, { kind: 'rows' }, limit, run.now, topN, files);
  const cols = columnIndexes(scan.schema), ctx = { now: run.now };
  let best: Chunk | null = null;
  let bar: number | null = null;
  await runTasks(run, tasks, (r) => {
    count(run.stats, r);
    const c = fromIpc(r.ipc!, scan.schema.length);
    if (topN) {
      best = topRows(best ? concatChunks([best, c], scan.schema.length) : c, topN.keys, cols, ctx, topN.n);
      const v = topNBar(topN, best, cols, ctx);
      bar = typeof v === 'number' ? v : null;
      return false;
    }
    chunks.push(c);
    rows += c.length;
    return limit !== null && rows >= limit;
  }, order ? (i) => bar !== null && order.beyond(files[i]!, bar) : undefined);
  if (best) chunks.push(best);
  const all = concatChunks(chunks, scan.schema.length);
  return limit !== null && all.length > limit ? { columns: all.columns.map((c) => c.slice(0, limit)), length: limit } : all.length === 0 ? { columns: scan.schema.map(() => []), length: 0 } : all;
}

/** Aggregates computed in the workers (partial) and merged here. */
export async function scanAggregate(run: ScanRun, scan: ScanNode, groupBy: readonly Expr[], aggs: readonly AggCall[]): Promise<Aggregator> {
  const { pruning, filter } = prepare(run, scan);
  const agg = new Aggregator(groupBy, aggs);
  // COUNT(*) of everything: the manifest knows each file's rows; no file is opened.
  if (filter === null && groupBy.length === 0 && aggs.length > 0 && aggs.every((a) => a.fn === 'count_star' && !a.distinct)) {
    const rows = pruning.kept.reduce((n, f) => n + f.rows, 0);
    agg.mergePartial({ keys: [], states: aggs.map(() => [rows]) });
    return agg;
  }
  await runTasks(run, scanTasks(scan, pruning.kept, filter, { kind: 'agg', groupBy, aggs }, null, run.now), (r) => {
    count(run.stats, r);
    agg.mergePartial(r.partial!);
    return false;
  });
  return agg;
}
