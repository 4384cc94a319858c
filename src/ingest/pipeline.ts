// `traillake ingest`: walk inputs, parse them in workers, drop duplicates by
// eventID, buffer rows per (region, date) partition, encode Parquet files in
// workers, and commit them all at once. Memory is bounded by the in-flight tasks
// and the partition buffers (flushed largest-first past a byte budget). Files
// too large to parse whole come last, in pieces if they are NDJSON (big-ndjson.ts).

import { randomBytes } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { COL } from '../model/fields.js';
import { DAY_MS } from '../model/time.js';
import { commit, recover, stagingDir } from '../store/commit.js';
import { AUTO_COMPACT, compactLocked, type CompactSummary } from '../store/compact.js';
import { partitionDir, storeDir } from '../store/layout.js';
import { acquireLock } from '../store/lock.js';
import type { FileEntry, Manifest } from '../store/manifest.js';
import type { ParquetLayout } from '../store/parquet-write.js';
import { readRowGroups } from '../store/parquet-read.js';
import { createStore, loadStore, storeExists } from '../store/stores.js';
import type { SortOrder } from '../store/write-task.js';
import { detachEarly } from '../util/detach-early.js';
import { UserError } from '../util/errors.js';
import { readLargeFile } from './big-ndjson.js';
import { EventIdIndex } from './dedupe.js';
import type { FileReport, ParseResult, ParseTask } from './parse-task.js';
import { PartitionWriter } from './partition-writer.js';
import { createRunner } from './pool.js';
import { walkInputs, type InputFile, type WalkResult } from './walk.js';

export interface IngestTuning {
  readonly layout: ParquetLayout;
  readonly sort: SortOrder;
  /** Most rows in one data file. */
  readonly fileRows: number;
  /** Most bytes of column batches behind one data file: bounds a write task's memory. */
  readonly fileBytes: number;
  /** Input bytes per parse task. */
  readonly taskBytes: number;
  /** Budget for rows in memory: half for rows buffered in partitions, half for rows being written. */
  readonly bufferBytes: number;
  /** Most eventIDs held in memory for dedupe (~32 bytes each for UUIDs, ~100 otherwise). */
  readonly idBudget: number;
}

/**
 * Chosen by measurement: see bench/micro.ts and the README's storage section.
 * dictionaryShare 0.5 (was 0.25): with a quarter, a third of the row groups of
 * 1M generated events kept userIdentity.arn PLAIN, so COUNT(DISTINCT arn) made
 * a string per row; at a half all are dictionary-encoded: 72 -> 61 CPU ms,
 * 1 MiB smaller, ingest no slower.
 * rowGroupRows 16,380 (was 16,384): a scan makes a JS array of a value per row
 * of a row group, and V8 puts an array of more than 16,381 elements (128 KiB of
 * pointers) in large-object space: new Array(16384) took 111 us, new Array(16380)
 * 3.7 us. Needles 0.87-0.91x, GROUP BY 0.94x, in-process A/B on 1M events.
 * idPageBytes 4 KiB: pages of eventID/requestID end at 4 KiB of values, so a needle that outputs the
 * eventIDs of scattered rows inflates a quarter as much: IAM summary at 10M 0.97x, access keys 0.94x
 * (A/B with workers), store +0.8% (with 8 KiB: 1M store 0.2% smaller, no needle gain measurable).
 */
export const DEFAULT_TUNING: IngestTuning = {
  layout: { rowGroupRows: 16_380, pageRows: 1_024, otherPageRows: 8_192, pageBytes: 16_384, idPageBytes: 4_096, codec: 'GZIP', gzipLevel: 3, dictionaryShare: 0.5 },
  sort: 'name-time',
  fileRows: 1_000_000,
  // 32 MiB of rows per file (was 48): a 10M-event ingest peaked at 955-1,040 MiB with 48 and at 938-942
  // with 32 (/usr/bin/time), 106 -> 115 s; 96 MiB of buffer instead gave 859 MiB but 137 s.
  fileBytes: 32 << 20,
  taskBytes: 2 << 20,
  // 100 MiB of buffered rows (was 128): interned batches hold ~1.7x the events per byte, and with 128 a
  // 10M-event ingest peaked at 956-1,041 MiB; with 100 at 908 and 959 MiB, in the same time (141-144 s).
  bufferBytes: 100 << 20,
  idBudget: 4_000_000,
};

/**
 * TRAILLAKE_TUNING='{"layout":{"gzipLevel":1},"sort":"time"}' overrides defaults:
 * for the benchmark's parameter sweeps, not a user setting.
 */
function tuningFromEnv(): Partial<IngestTuning> {
  const raw = process.env.TRAILLAKE_TUNING;
  if (!raw) return {};
  const t = JSON.parse(raw) as Partial<IngestTuning>;
  return { ...t, layout: { ...DEFAULT_TUNING.layout, ...t.layout } };
}

export interface IngestOptions {
  readonly home: string;
  readonly store: string;
  /** Paths; `-` reads standard input, from the file `stdinFile` it was copied to (the CLI does). */
  readonly inputs: readonly string[];
  readonly stdinFile?: string;
  readonly onError: 'skip' | 'fail';
  /** Worker threads; 0 runs everything on the main thread. Default: one per core. */
  readonly threads?: number;
  readonly tuning?: Partial<IngestTuning>;
  readonly now?: number;
  readonly onProgress?: (p: Progress) => void;
  /** Compact the partitions written, by the automatic policy (store/compact.ts). Default true. */
  readonly compact?: boolean;
  /**
   * Aborted (Ctrl-C): the run stops at its next task and commits nothing; its
   * staged files are removed. Once the commit has begun it finishes, and the
   * automatic compaction after it stops before its own commit (or never starts).
   */
  readonly signal?: AbortSignal;
}

export interface Progress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  events: number;
}

/** A bad file (no `records`), or records of one file rejected for one reason. */
export interface BadInput {
  readonly path: string;
  readonly reason: string;
  /** How many records were rejected for this reason (absent for a bad file). */
  readonly count?: number;
  /** Their 1-based record numbers (line numbers for NDJSON), the first 20. */
  readonly records?: number[];
}

export interface IngestSummary {
  store: string;
  created: boolean;
  committed: boolean;
  /** Stopped by opts.signal before its commit: nothing of this run was stored. */
  interrupted: boolean;
  version: number;
  files: { read: number; bad: number; digestsSkipped: number; ignored: number };
  events: { read: number; stored: number; duplicates: number; filtered: number; expired: number; rejected: number };
  filesWritten: number;
  bytesWritten: number;
  elapsedMs: number;
  /** Every bad file, and every rejected record (path + record number). */
  problems: BadInput[];
  recovered: number;
  /** Times dedupe read eventIDs from disk: a partition's stored events, or a bucket it had spilled. */
  dedupeLoads: number;
  /** Peak resident memory of the whole process (main thread and workers), bytes. */
  peakRssBytes: number;
  /** The automatic compaction that followed the commit, if it merged anything. */
  compaction: CompactSummary | null;
}

function groupTasks(files: readonly InputFile[], taskBytes: number): InputFile[][] {
  const groups: InputFile[][] = [];
  let cur: InputFile[] = [], bytes = 0;
  for (const f of files) {
    if (f.size >= taskBytes) {
      groups.push([f]); // a big file is a task of its own: if it fails, it fails alone
      continue;
    }
    cur.push(f);
    bytes += f.size;
    if (bytes >= taskBytes || cur.length >= 2000) {
      groups.push(cur);
      cur = [];
      bytes = 0;
    }
  }
  if (cur.length) groups.push(cur);
  return groups;
}

export async function ingest(opts: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  detachEarly(); // this thread transfers batches to write tasks (util/detach-early.ts)
  const tuning: IngestTuning = { ...DEFAULT_TUNING, ...tuningFromEnv(), ...opts.tuning };
  // The inputs are listed first: a missing one is refused before a new store is made for it.
  const walked = walkInputs(opts.inputs.filter((p) => p !== '-'));
  if (opts.inputs.includes('-') && opts.stdinFile === undefined) throw new Error('ingest: `-` needs stdinFile, the file standard input was copied to');
  let created = false;
  if (!storeExists(opts.home, opts.store)) {
    try {
      createStore(opts.home, opts.store);
      created = true;
    } catch (e) {
      if (!storeExists(opts.home, opts.store)) throw e; // else another ingest created it first
    }
  }
  const dir = storeDir(opts.home, opts.store);
  const lock = acquireLock(dir, opts.store, 'ingest');
  try {
    const recovered = recover(dir);
    const manifest = loadStore(opts.home, opts.store);
    if (manifest.store.status !== 'ENABLED') {
      throw new UserError(`store ${opts.store} is ${manifest.store.status}; ingest is refused`);
    }
    return await ingestLocked(opts, tuning, dir, manifest, walked, { created, started, recovered });
  } finally {
    lock.release();
  }
}

async function ingestLocked(
  opts: IngestOptions,
  tuning: IngestTuning,
  dir: string,
  manifest: Manifest,
  walked: WalkResult,
  ctx: { created: boolean; started: number; recovered: number },
): Promise<IngestSummary> {
  const inputs: ParseTask['files'][] = groupTasks(walked.files, tuning.taskBytes);
  let stdinBytes = 0;
  if (opts.inputs.includes('-')) {
    stdinBytes = statSync(opts.stdinFile!).size;
    inputs.push([{ path: '-', source: opts.stdinFile }]);
  }
  const totalBytes = walked.files.reduce((n, f) => n + f.size, 0) + stdinBytes;
  const totalFiles = walked.files.length + (opts.inputs.includes('-') ? 1 : 0);

  const summary: IngestSummary = {
    store: opts.store,
    created: ctx.created,
    committed: false,
    interrupted: false,
    version: manifest.version,
    files: { read: 0, bad: 0, digestsSkipped: walked.digests, ignored: walked.ignored },
    events: { read: 0, stored: 0, duplicates: 0, filtered: 0, expired: 0, rejected: 0 },
    filesWritten: 0,
    bytesWritten: 0,
    elapsedMs: 0,
    problems: [],
    recovered: ctx.recovered,
    dedupeLoads: 0,
    peakRssBytes: 0,
    compaction: null,
  };
  const progress: Progress = { filesDone: 0, filesTotal: totalFiles, bytesDone: 0, bytesTotal: totalBytes, events: 0 };

  // Small inputs run inline: starting workers would cost more than it saves.
  const threads = opts.threads ?? (totalBytes < (8 << 20) ? 0 : availableParallelism());
  const runner = createRunner(threads);
  let runnerOpen = true;
  const closeRunner = async () => {
    if (runnerOpen) { runnerOpen = false; await runner.close(); }
  };
  const staging = stagingDir(dir);
  mkdirSync(staging, { recursive: true });
  const runId = randomBytes(4).toString('hex');
  const commitNo = manifest.version + 1;

  const byPartition = new Map<string, FileEntry[]>();
  for (const f of manifest.files) {
    const key = partitionDir(f.region, f.date);
    const list = byPartition.get(key);
    if (list) list.push(f);
    else byPartition.set(key, [f]);
  }
  const writer = new PartitionWriter({
    runner, staging, commitNo, runId, layout: tuning.layout, sort: tuning.sort,
    fileRows: tuning.fileRows, fileBytes: tuning.fileBytes, bufferBytes: tuning.bufferBytes,
  });
  // Dedupe reads a partition's stored IDs when it is first touched, and spills under _staging/.
  const index = new EventIdIndex(join(staging, 'dedupe'), async (key, add) => {
    let n = 0;
    for (const f of byPartition.get(key) ?? []) {
      for await (const g of readRowGroups(join(dir, f.path), [COL.eventTime, COL.eventID])) {
        const times = g.values[COL.eventTime]!, ids = g.values[COL.eventID]!;
        for (let r = 0; r < g.rows; r++) {
          const id = ids[r];
          if (typeof id === 'string') {
            add(times[r] as number, id);
            n++;
          }
        }
      }
    }
    return n;
  }, tuning.idBudget);
  let failed: BadInput | null = null;

  /** Files too large to parse whole, read after the others: in pieces if they are NDJSON (big-ndjson.ts). */
  const large: FileReport[] = [];
  /** The file behind a reported path (standard input's copy for `-`). */
  const sourceOf = (path: string) => (path === '-' ? opts.stdinFile! : path);
  const absorb = async (result: ParseResult) => {
    for (const f of result.files) {
      if (f.tooLarge) large.push(f);
      else account(summary, f);
    }
    progress.filesDone += result.files.length;
    progress.bytesDone += result.files.reduce((n, f) => n + f.bytes, 0);
    if (opts.onError === 'fail' && !failed) failed = summary.problems[0] ?? null;
    if (failed) return;
    await absorbRows(result);
  };
  const absorbRows = async (result: ParseResult) => {
    for (const part of result.partitions) {
      const key = partitionDir(part.region, part.date);
      const { keep, duplicates } = await index.filter(key, part.batch);
      summary.events.duplicates += duplicates;
      const kept = part.batch.rows - duplicates;
      if (kept === 0) continue;
      summary.events.stored += kept;
      progress.events += kept;
      writer.add(key, part.region, part.date, part.batch, keep, kept);
    }
    index.shrink();
    opts.onProgress?.(progress);
  };

  const selectors = manifest.store.selectors;
  const retentionCutoffMs = (opts.now ?? Date.now()) - manifest.store.retentionDays * DAY_MS;
  /**
   * Runs parse tasks, at most a few ahead of absorption (bounding memory), and
   * hands their results to `use` in order; stops early on --on-error fail or an interrupt.
   */
  const pump = async (tasks: Iterator<ParseTask['files']> | AsyncIterator<ParseTask['files']>, use: (r: ParseResult) => Promise<boolean | void>) => {
    const window = Math.max(2, threads * 3);
    const inflight: Promise<ParseResult>[] = [];
    let more = true;
    const fill = async () => {
      while (more && inflight.length < window) {
        const next = await tasks.next();
        if (next.done) {
          more = false;
          return;
        }
        const files = next.value;
        const task: ParseTask = { kind: 'parse', files, selectors, retentionCutoffMs };
        const transfer = files.flatMap((f) => (f.bytes ? [f.bytes.buffer as ArrayBuffer] : []));
        inflight.push(runner.run<ParseResult>(task, transfer).catch((e) => crashed(files, e)));
      }
    };
    try {
      await fill();
      while (inflight.length) {
        if ((await use(await inflight.shift()!)) === false || failed || opts.signal?.aborted) break;
        await writer.drain();
        await fill();
      }
    } finally {
      await Promise.allSettled(inflight);
    }
  };

  try {
    await pump(inputs[Symbol.iterator](), absorb);
    for (const f of large) {
      if (failed || opts.signal?.aborted) break;
      const report = await readLargeFile(f, sourceOf(f.path), { pump, absorbRows, interrupted: () => opts.signal?.aborted === true });
      if (report) account(summary, report);
      if (opts.onError === 'fail') failed ??= summary.problems[0] ?? null;
    }
    summary.interrupted = !failed && opts.signal?.aborted === true;
    if (failed || summary.interrupted) {
      // --on-error fail, or interrupted: drop everything this run wrote.
      await writer.abandon();
      recover(dir);
      summary.events.stored = 0;
    } else {
      writer.flushAll();
      const staged = await writer.finish();
      if (opts.signal?.aborted) {
        // Interrupted while the last files were written: they are dropped like the rest.
        summary.interrupted = true;
        summary.events.stored = 0;
        recover(dir);
      } else if (staged.length) {
        summary.filesWritten = staged.length;
        summary.bytesWritten = staged.reduce((n, s) => n + s.entry.bytes, 0);
        const next: Manifest = {
          ...manifest,
          version: commitNo,
          committedAt: new Date().toISOString(),
          files: [...manifest.files, ...staged.map((s) => s.entry)],
        };
        commit(dir, staged, next, 'ingest');
        summary.committed = true;
        summary.version = commitNo;
        if (opts.compact !== false && !opts.signal?.aborted) {
          // Parsing and dedupe are done: their memory goes back before compaction needs its own.
          await closeRunner();
          index.clear();
          const written = new Set(staged.map((s) => partitionDir(s.entry.region, s.entry.date)));
          const auto = await compactLocked(dir, next, AUTO_COMPACT, tuning, (key) => written.has(key), opts.signal);
          if (auto.summary.committed) {
            summary.compaction = auto.summary;
            summary.version = auto.summary.version;
          }
        }
      } else {
        recover(dir);
      }
    }
  } finally {
    await closeRunner();
  }
  summary.elapsedMs = performance.now() - ctx.started;
  summary.dedupeLoads = index.loads;
  summary.peakRssBytes = process.resourceUsage().maxRSS * 1024;
  return summary;
}

/**
 * A worker that dies on a one-file task (out of memory on a pathological file)
 * makes that file bad, not the ingest; anything else is a bug and propagates.
 */
function crashed(files: ParseTask['files'], e: unknown): ParseResult {
  if (files.length !== 1) throw e;
  const reason = `could not be read: the worker reading it failed (${(e as Error).message}); split the file and retry`;
  const report: FileReport = { path: files[0]!.path, bytes: 0, records: 0, accepted: 0, filtered: 0, expired: 0, rejected: [], error: reason };
  return { files: [report], partitions: [] };
}

function account(s: IngestSummary, f: FileReport): void {
  s.files.read++;
  if (f.error) {
    s.files.bad++;
    s.problems.push({ path: f.path, reason: f.error });
    return;
  }
  s.events.read += f.records;
  s.events.filtered += f.filtered;
  s.events.expired += f.expired;
  s.events.rejected += f.rejected.length;
  const byReason = new Map<string, number[]>();
  for (const r of f.rejected) {
    const ns = byReason.get(r.reason);
    if (ns) ns.push(r.n);
    else byReason.set(r.reason, [r.n]);
  }
  for (const [reason, ns] of byReason) s.problems.push({ path: f.path, reason, count: ns.length, records: ns.slice(0, 20) });
}
