// The piscina entry point of the scan engine: runs one ScanTask and moves its
// rows back to the main thread as Arrow IPC bytes instead of copying them.

import { move, transferableSymbol, valueSymbol } from 'piscina';
import { forMainThread } from '../errors.js';
import { toIpc } from '../ipc.js';
import { runScanTask, type ScanTask } from '../scan-task.js';

export default async function run(task: ScanTask): Promise<unknown> {
  try {
    return await runTask(task);
  } catch (e) {
    throw forMainThread(e);
  }
}

async function runTask(task: ScanTask): Promise<unknown> {
  const { rows, ...result } = await runScanTask(task);
  if (!rows) return result;
  const ipc = toIpc(rows, task.names, task.types);
  const out = { ...result, ipc };
  if (ipc.byteOffset !== 0 || ipc.byteLength !== ipc.buffer.byteLength) return out;
  return move({
    get [transferableSymbol]() {
      return [ipc.buffer];
    },
    get [valueSymbol]() {
      return out;
    },
  } as unknown as ArrayBuffer);
}
