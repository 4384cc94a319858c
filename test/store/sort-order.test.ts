// A data file's row order (write-task.ts sortOrder: counting sort on the
// leading keys, then time within each bucket) is exactly the order of a plain
// comparison sort on (keys..., eventTime, arrival), for rows in time order, out
// of it, with ties and NULL names, under each sort order.

import { describe, expect, it } from 'vitest';
import { BatchBuilder, columnSource } from '../../src/model/batch.js';
import { COL, COLUMNS } from '../../src/model/fields.js';
import type { Value } from '../../src/model/record.js';
import { sortOrder, type SortOrder } from '../../src/store/write-task.js';

function batch(rows: number, seed: number, inOrder: boolean) {
  let x = seed;
  const rand = (n: number) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) % n);
  const b = new BatchBuilder();
  const names: (string | null)[] = [], sources: (string | null)[] = [], times: number[] = [];
  for (let i = 0; i < rows; i++) {
    const values: Value[] = new Array(COLUMNS.length).fill(null);
    const time = inOrder ? 1_700_000_000_000 + i * 1000 - (rand(10) === 0 ? rand(5000) : 0) : 1_700_000_000_000 + rand(50) * 1000;
    const name = rand(20) === 0 ? null : `Event${rand(30)}`;
    const source = `svc${rand(4)}.amazonaws.com`;
    values[COL.eventTime] = time;
    values[COL.eventName] = name;
    values[COL.eventSource] = source;
    b.append(values);
    names.push(name);
    sources.push(source);
    times.push(time);
  }
  return { batch: b.finish(), names, sources, times };
}

/** The reference: a comparison sort on (keys..., time, arrival), NULL names first. */
function reference(sort: SortOrder, names: (string | null)[], sources: (string | null)[], times: number[]): number[] {
  const str = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);
  return times
    .map((_, i) => i)
    .sort((a, b) =>
      (sort === 'source-name-time' ? str(sources[a]!, sources[b]!) : 0) ||
      (sort === 'time' ? 0 : str(names[a]!, names[b]!)) ||
      times[a]! - times[b]! ||
      a - b);
}

describe('sortOrder', () => {
  for (const sort of ['name-time', 'source-name-time', 'time'] as const) {
    for (const inOrder of [true, false]) {
      it(`orders rows as a comparison sort would (${sort}, rows ${inOrder ? 'nearly' : 'not'} in time order)`, () => {
        for (const [rows, seed] of [[1, 1], [2, 2], [500, 3], [5000, 4]] as const) {
          const { batch: bt, names, sources, times } = batch(rows, seed, inOrder);
          const { order, eventNames } = sortOrder(columnSource([{ batch: bt }]), sort);
          expect(Array.from(order)).toEqual(reference(sort, names, sources, times));
          expect([...eventNames].sort()).toEqual([...new Set(names.filter((n) => n !== null))].sort());
        }
      });
    }
  }
});
