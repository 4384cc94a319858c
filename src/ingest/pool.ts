// Runs ingest tasks on a piscina worker pool, or inline on the main thread when
// there is little work (starting workers costs more than it saves) or threads=0.

import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { Task } from './worker.js';

export interface TaskRunner {
  run<R>(task: Task, transfer?: ArrayBuffer[]): Promise<R>;
  close(): Promise<void>;
}

/** The compiled worker script; under the test runner sources are .ts, so use the build. */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts') ? here.replace(/[\\/]src[\\/]ingest[\\/]pool\.ts$/, '/dist/src/ingest/worker-entry.cjs') : here.replace(/pool\.js$/, 'worker-entry.cjs');
}

/**
 * Old-space cap per worker. A parse task's objects take ~5x its JSON text, and
 * one document may be up to MAX_DOCUMENT_BYTES (128 MB): 1 GiB leaves room.
 */
const WORKER_HEAP_MB = 1024;

/**
 * Young-generation cap per worker (V8's default is 48 MB). Ingest's garbage is
 * short-lived and its bulk lives in ArrayBuffers outside the heap, so a small
 * nursery keeps each worker's resident set down: a 10M-event ingest peaked at
 * 756-796 MiB instead of 855-921, for 1.02-1.04x the time (README, memory budget).
 */
const WORKER_YOUNG_MB = 8;

export function createRunner(threads: number): TaskRunner {
  if (threads <= 0) {
    return {
      async run<R>(task: Task) {
        const { default: run } = await import('./worker.js');
        const out = (await run(task)) as Record<symbol, unknown>;
        return (typeof out === 'object' && out !== null && Piscina.valueSymbol in out ? out[Piscina.valueSymbol] : out) as R;
      },
      async close() {},
    };
  }
  const pool = new Piscina({
    filename: workerFile(), minThreads: threads, maxThreads: threads, idleTimeout: 30_000,
    // V8 collects lazily up to its default heap limit; a cap keeps garbage from inflating RSS.
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
  });
  return {
    run: <R>(task: Task, transfer?: ArrayBuffer[]) => pool.run(task, { transferList: transfer }) as Promise<R>,
    close: () => pool.destroy(),
  };
}
