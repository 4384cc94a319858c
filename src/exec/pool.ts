// The scan worker pool: piscina sized to the cores, kept warm between queries
// in one process (the REPL), or inline on the main thread (threads = 0).

import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { ScanResult, ScanTask } from './scan-task.js';

export interface ScanPool {
  run(task: ScanTask, signal?: AbortSignal): Promise<ScanResult>;
  close(): Promise<void>;
}

function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts') ? here.replace(/[\\/]src[\\/]exec[\\/]pool\.ts$/, '/dist/src/exec/worker/scan-worker.js') : here.replace(/pool\.js$/, 'worker/scan-worker.js');
}

export function createScanPool(threads = availableParallelism()): ScanPool {
  if (threads <= 0) {
    return {
      async run(task) {
        const { runScanTask } = await import('./scan-task.js');
        return runScanTask(task);
      },
      async close() {},
    };
  }
  const pool = new Piscina({ filename: workerFile(), minThreads: threads, maxThreads: threads, idleTimeout: 60_000, resourceLimits: { maxOldGenerationSizeMb: 1024 } });
  return {
    run: (task, signal) => pool.run(task, signal ? { signal } : {}) as Promise<ScanResult>,
    close: () => pool.destroy(),
  };
}
