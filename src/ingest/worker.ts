// Worker-thread entry point (piscina): runs parse and write tasks and moves the
// resulting typed arrays back to the main thread instead of copying them.

import { move, transferableSymbol, valueSymbol } from 'piscina';
import { batchBuffers } from '../model/batch.js';
import { runWriteTask, type WriteTask } from '../store/write-task.js';
import { runParseTask, type ParseResult, type ParseTask } from './parse-task.js';
import { detachEarly } from '../util/detach-early.js';

detachEarly();

export type Task = ParseTask | WriteTask;

export function transferablesOf(result: ParseResult): ArrayBuffer[] {
  return result.partitions.flatMap((p) => batchBuffers(p.batch));
}

export default async function run(task: Task): Promise<unknown> {
  switch (task.kind) {
    case 'parse': {
      const result = runParseTask(task);
      return move({
        get [transferableSymbol]() {
          return transferablesOf(result);
        },
        get [valueSymbol]() {
          return result;
        },
      } as unknown as ArrayBuffer);
    }
    case 'write':
      return runWriteTask(task);
    default:
      return task satisfies never;
  }
}
