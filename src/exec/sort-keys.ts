// Ordering rows by ORDER BY keys: one comparator for the sort and top-N
// operators, the scan workers' local top-N and the merge of their results.
// NULLs go first or last per key (Trino: NULLS LAST unless asked); ties keep
// input order.

import type { SortKey } from '../plan/logical.js';
import type { Value } from '../plan/types.js';
import { compareValues } from './eval.js';

/** Compares rows a and b of the key columns `kv` (one array of values per key). */
export function keyComparator(keys: readonly SortKey[], kv: readonly (readonly Value[])[]): (a: number, b: number) => number {
  return (a, b) => {
    for (let k = 0; k < keys.length; k++) {
      const x = kv[k]![a]!, y = kv[k]![b]!;
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === keys[k]!.nullsFirst ? -1 : 1;
      }
      const r = compareValues(x, y);
      if (r !== 0) return keys[k]!.desc ? -r : r;
    }
    return a - b;
  };
}

/** Positions 0..n-1 ordered by the keys; only the first `k` when given (the rest unordered, dropped). */
export function orderedPositions(keys: readonly SortKey[], kv: readonly (readonly Value[])[], n: number, k = n): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort(keyComparator(keys, kv));
  return k < n ? idx.slice(0, k) : idx;
}
