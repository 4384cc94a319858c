// Ordering rows by ORDER BY keys: one comparator for the sort and top-N
// operators, the scan workers' local top-N and the merge of their results.
// NULLs go first or last per key (Trino: NULLS LAST unless asked); ties keep
// input order.

import type { SortKey } from '../plan/logical.js';
import type { Value } from '../plan/types.js';
import { compareValues } from './eval.js';

/** Compares two values of one key: negative when x goes first. */
export function valueComparator(key: SortKey): (x: Value, y: Value) => number {
  return (x, y) => {
    if (x === null || y === null) {
      if (x === y) return 0;
      return (x === null) === key.nullsFirst ? -1 : 1;
    }
    const r = compareValues(x, y);
    return key.desc ? -r : r;
  };
}

/** Compares rows a and b of the key columns `kv` (one array of values per key). */
export function keyComparator(keys: readonly SortKey[], kv: readonly (readonly Value[])[]): (a: number, b: number) => number {
  const cmp = keys.map(valueComparator);
  return (a, b) => {
    for (let k = 0; k < keys.length; k++) {
      const r = cmp[k]!(kv[k]![a]!, kv[k]![b]!);
      if (r !== 0) return r;
    }
    return a - b;
  };
}

/**
 * The k-th value of `values` and `more` together in the key's order: no value
 * after it (ties aside) can be among the k first. Undefined when there are
 * fewer than k values. A heap of the k first seen so far: O(n log k).
 */
export function kthValue(key: SortKey, values: readonly Value[], more: readonly Value[], k: number): Value | undefined {
  if (values.length + more.length < k || k <= 0) return undefined;
  const cmp = valueComparator(key);
  const heap: Value[] = []; // the k first so far, the last of them at the root
  const push = (v: Value) => {
    if (heap.length === k) {
      if (cmp(v, heap[0]!) >= 0) return;
      heap[0] = v;
      for (let i = 0; ;) { // sift down
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < k && cmp(heap[l]!, heap[m]!) > 0) m = l;
        if (r < k && cmp(heap[r]!, heap[m]!) > 0) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
      return;
    }
    heap.push(v);
    for (let i = heap.length - 1; i > 0;) { // sift up
      const p = (i - 1) >> 1;
      if (cmp(heap[i]!, heap[p]!) <= 0) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  for (const v of more) push(v);
  for (const v of values) push(v);
  return heap[0];
}

/** Positions 0..n-1 ordered by the keys; only the first `k` when given (the rest unordered, dropped). */
export function orderedPositions(keys: readonly SortKey[], kv: readonly (readonly Value[])[], n: number, k = n): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort(keyComparator(keys, kv));
  return k < n ? idx.slice(0, k) : idx;
}
