// The piscina entry point of the scan engine: runs one ScanTask and moves the
// Arrow IPC bytes back to the main thread instead of copying them.

import { move, transferableSymbol, valueSymbol } from 'piscina';
import { runScanTask, type ScanTask } from '../scan-task.js';

export default async function run(task: ScanTask): Promise<unknown> {
  const result = await runScanTask(task);
  const ipc = result.ipc;
  if (!ipc || ipc.byteOffset !== 0 || ipc.byteLength !== ipc.buffer.byteLength) return result;
  return move({
    get [transferableSymbol]() {
      return [ipc.buffer];
    },
    get [valueSymbol]() {
      return result;
    },
  } as unknown as ArrayBuffer);
}
