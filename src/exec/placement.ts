// Where a scan runs: on the main thread or on the worker pool. A scan small
// enough after pruning runs inline (sized before it starts from the manifest,
// and for a filter from the kept files' footers and page indexes), with a
// turn of the event loop between its tasks so that it can be cancelled.

import { join } from 'node:path';
import { columnsOf, type Expr } from '../plan/expr.js';
import { eachFileRows } from '../prune/file-rows.js';
import type { FileEntry } from '../store/manifest.js';
import { QueryError } from './errors.js';
import type { ScanRun } from './scan.js';

/**
 * A scan that decodes at most this many rows, after every level of pruning
 * (the page index's included), runs on the main thread of a process with a
 * warm pool (the REPL, the benchmark). Even warm workers cost a message, a
 * wake-up and a merge per task: the 1M suite's needles (2,808-119,309 rows),
 * run warm and in turn with DuckDB as the benchmark runs them, took 4.7 vs
 * 4.9, 19.3 vs 23.3, 20.7 vs 32.1 and 10.5-11.1 vs 12.4-13.4 ms inline vs
 * through two workers; full scans of 1M rows did not gain from it (GROUP BY
 * eventSource, eventName: 35 ms inline, 27 through the workers).
 */
const INLINE_ROWS = 131_072;
/**
 * The same for a query that made its pool (a one-off process), whose workers
 * would start cold: each loads the engine and compiles its code alone. Whole
 * `traillake query` processes, inline against two new workers: on the 1M
 * store GROUP BY eventSource, eventName 0.62 vs 0.98 s, ORDER BY eventTime
 * DESC LIMIT 100 0.48 vs 1.06 s; on the 10M store (228 files) 1.70-1.94 vs
 * 1.95-2.14 s, 0.57 vs 1.2 s, and failed console logins 1.24 vs 2.2 s.
 */
const INLINE_ROWS_OWN_POOL = 1 << 24;

/** TRAILLAKE_INLINE_ROWS overrides both (0: every scan that reads a row goes to the workers). */
function inlineRows(ownPool: boolean): number {
  const v = process.env.TRAILLAKE_INLINE_ROWS;
  if (v === undefined || v === '') return ownPool ? INLINE_ROWS_OWN_POOL : INLINE_ROWS;
  if (!/^\d+$/.test(v)) throw new QueryError(`TRAILLAKE_INLINE_ROWS must be a whole number of rows, got '${v}'`);
  return Number(v);
}
/** Scans of more files than this go to the workers unsized: sizing reads each kept file's footer on this thread. */
const INLINE_FILES = 256;

/**
 * Rows a scan decodes out of the `rows` kept after pruning: all of them under
 * a filter (a LIMIT counts matches, not rows read), else at most the LIMIT.
 */
export const decodedRows = (rows: number, filter: Expr | null, limit: number | null): number => (filter ? rows : Math.min(rows, limit ?? Infinity));

/** Whether a scan of `files` kept files that decodes `rows` rows runs on the main thread. */
export const inlineScan = (files: number, rows: number, ownPool: boolean): boolean => files <= INLINE_FILES && rows <= inlineRows(ownPool);

/**
 * Whether a scan runs inline: sized from the manifest alone when there is no
 * filter (a LIMIT then stops it), else from the kept files' footers and page
 * indexes (cached per thread, and read anyway by an inline run), stopping at
 * the first file that makes it too big.
 */
export async function runsInline(run: ScanRun, storeDir: string, pathOf: ReadonlyMap<string, string>, kept: readonly FileEntry[], filter: Expr | null, limit: number | null): Promise<boolean> {
  const own = run.ownPool ?? false;
  if (!inlineScan(kept.length, 0, own)) return false;
  if (!filter) return inlineScan(kept.length, decodedRows(kept.reduce((n, f) => n + f.rows, 0), filter, limit), own);
  let rows = 0;
  for await (const f of eachFileRows(kept.map((f) => join(storeDir, f.path)), filter, pathOf, columnsOf(filter))) {
    rows += f.rows;
    if (!inlineScan(kept.length, decodedRows(rows, filter, limit), own)) return false;
  }
  return true;
}

/**
 * Lets the event loop turn before an inline task, so that a timer (--timeout)
 * or Ctrl-C can cancel a long inline scan between its tasks. Two immediates:
 * the first may run in the current loop's check phase, before any timer; the
 * second runs in the next loop's, after its timers phase.
 */
export async function inlineTurn(run: ScanRun): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  if (run.signal?.aborted) throw new QueryError('query cancelled');
}

