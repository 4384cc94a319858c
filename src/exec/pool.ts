// The scan worker pool: piscina sized to the cores, started on first use and
// kept warm between queries in one process (the REPL), or inline on the main
// thread (threads = 0).

import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { fromWorker } from './errors.js';
import type { ScanResult, ScanTask } from './scan-task.js';

export interface ScanPool {
  run(task: ScanTask, signal?: AbortSignal): Promise<ScanResult>;
  /** True once worker threads are running (a first task, or warm(), starts them). */
  readonly started: boolean;
  /** Starts the workers now (the REPL does, so its first query is as fast as the next). */
  warm(): void;
  close(): Promise<void>;
}

/** Runs a task on the calling thread. */
export async function runInline(task: ScanTask): Promise<ScanResult> {
  const { runScanTask } = await import('./scan-task.js');
  return runScanTask(task);
}

function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts') ? here.replace(/[\\/]src[\\/]exec[\\/]pool\.ts$/, '/dist/src/exec/worker/entry.cjs') : here.replace(/pool\.js$/, 'worker/entry.cjs');
}

export function createScanPool(threads = availableParallelism()): ScanPool {
  if (threads <= 0) return { run: runInline, started: false, warm() {}, async close() {} };
  // Workers start on the first task, not before: a query that needs none (EXPLAIN, a small scan run inline) pays nothing.
  let pool: Piscina | null = null;
  // With an old-space cap below 2 GiB, V8 ran a full GC in each worker on every query (31 mark-compacts in 20
  // GROUP BY queries on the 1M store, against 3 at 2 GiB): a worker used 1.5x the CPU of the same scan inline.
  const start = () => (pool ??= new Piscina({ filename: workerFile(), minThreads: threads, maxThreads: threads, idleTimeout: 60_000, resourceLimits: { maxOldGenerationSizeMb: 2048 } }));
  return {
    run: (task, signal) => (start().run(task, signal ? { signal } : {}) as Promise<ScanResult>).catch((e: unknown) => { throw fromWorker(e); }),
    get started() { return pool !== null; },
    warm() { start(); },
    close: async () => { await pool?.destroy(); },
  };
}
