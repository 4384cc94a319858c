// The unit of data between operators: columns of plain values (plan/types.ts),
// positional to the producing node's schema. Scans build them from typed
// column chunks after filtering, so only matching rows become values.

import type { Value } from '../plan/types.js';

export interface Chunk {
  readonly columns: Value[][];
  readonly length: number;
}

export const emptyChunk = (width: number): Chunk => ({ columns: Array.from({ length: width }, () => []), length: 0 });

/** Rows of `c` at the selected positions (any order). */
export function selectRows(c: Chunk, sel: ArrayLike<number>, count = sel.length): Chunk {
  const columns = c.columns.map((col) => {
    const out: Value[] = new Array(count);
    for (let i = 0; i < count; i++) out[i] = col[sel[i]!]!;
    return out;
  });
  return { columns, length: count };
}

/** Rows [start, end) of `c`. */
export const sliceRows = (c: Chunk, start: number, end: number): Chunk =>
  start === 0 && end >= c.length ? c : { columns: c.columns.map((col) => col.slice(start, end)), length: Math.max(0, Math.min(end, c.length) - start) };

export function concatChunks(chunks: readonly Chunk[], width: number): Chunk {
  if (chunks.length === 1) return chunks[0]!;
  const columns: Value[][] = Array.from({ length: width }, () => []);
  let length = 0;
  for (const c of chunks) {
    for (let j = 0; j < width; j++) { const dst = columns[j]!, src = c.columns[j]!; for (let i = 0; i < src.length; i++) dst.push(src[i]!); }
    length += c.length;
  }
  return { columns, length };
}
