// Row ranges of one row group: what a scan still needs of it after page
// pruning or filtering, as sorted, disjoint, non-empty [start, end) pairs in
// one flat array: [s0, e0, s1, e1, ...]. Pages are read only where they meet one.

export type RowRanges = readonly number[];

/** The runs of consecutive rows in the first `count` entries of `sel` (ascending row numbers). */
export function rangesOfRows(sel: ArrayLike<number>, count: number): RowRanges {
  const out: number[] = [];
  let i = 0;
  while (i < count) {
    const start = sel[i]!;
    let end = start + 1;
    while (++i < count && sel[i] === end) end++;
    out.push(start, end);
  }
  return out;
}

/** Number of rows in the ranges. */
export function rangeRows(r: RowRanges): number {
  let n = 0;
  for (let i = 0; i < r.length; i += 2) n += r[i + 1]! - r[i]!;
  return n;
}

/** The row numbers of the ranges, ascending. */
export function rowsOfRanges(r: RowRanges): Uint32Array {
  const out = new Uint32Array(rangeRows(r));
  let k = 0;
  for (let i = 0; i < r.length; i += 2) for (let row = r[i]!; row < r[i + 1]!; row++) out[k++] = row;
  return out;
}

/** 1 for the rows in the ranges, 0 for the others, over [0, rows). */
export function rowMask(r: RowRanges, rows: number): Uint8Array {
  const out = new Uint8Array(rows);
  for (let i = 0; i < r.length; i += 2) out.fill(1, r[i]!, Math.min(rows, r[i + 1]!));
  return out;
}

/**
 * A test of whether rows [from, to) meet the ranges, for callers that ask in
 * ascending order of `from` (pages of a chunk): amortized O(1) per call.
 */
export function overlapCursor(r: RowRanges): (from: number, to: number) => boolean {
  let i = 0;
  return (from, to) => {
    while (i < r.length && r[i + 1]! <= from) i += 2;
    return i < r.length && r[i]! < to;
  };
}
