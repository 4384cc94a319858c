// Copying and comparing short byte ranges between buffers: moving each shredded
// value into its column, and telling values apart. TypedArray#set is a native call (~100 ns whatever the
// length), so short ranges are copied in JS, four bytes a step through
// DataViews. Against a byte loop, for appendSpans' ~780 bytes an event: parse
// stage 0.95x and 0.94x CPU (in-process A/B, 6 and 8 pairs, 1M archive).

/**
 * Ranges shorter than this go through copyShort; longer ones through
 * TypedArray#set. Every set() needs a subarray, an object per value for the GC
 * (with 48, half the parse stage's sampled allocations went to them): parse
 * stage 0.95x with 256 against 48, no better with 1,024 (8 pairs each).
 */
export const SHORT_COPY = 256;

/** Bytes past a copy that copyShort may overwrite: its destination must have this many to spare. */
export const COPY_SLACK = 3;

/** A buffer with a DataView over the same bytes. */
export interface ViewedBytes {
  readonly u8: Uint8Array;
  readonly dv: DataView;
}

export function viewed(u8: Uint8Array): ViewedBytes {
  return { u8, dv: new DataView(u8.buffer, u8.byteOffset, u8.byteLength) };
}

/**
 * Copies src[s, e) to out at `pos` and returns the position after it. Up to
 * COPY_SLACK bytes past the copy may be written too (garbage), so `out` must
 * hold pos + (e - s) + COPY_SLACK bytes; src is read a word at a time only
 * where it has that many bytes after `e`.
 */
export function copyShort(src: ViewedBytes, s: number, e: number, out: ViewedBytes, pos: number): number {
  if (e + COPY_SLACK < src.u8.length) {
    const sv = src.dv, ov = out.dv;
    for (let k = s, p = pos; k < e; k += 4, p += 4) ov.setInt32(p, sv.getInt32(k, true), true);
    return pos + e - s;
  }
  const from = src.u8, to = out.u8;
  for (let k = s; k < e; k++) to[pos++] = from[k]!;
  return pos;
}

/** Whether a[as, ae) and b[bs, be) hold the same bytes: four at a time, then the rest one by one. */
export function equalSpans(a: ViewedBytes, as: number, ae: number, b: ViewedBytes, bs: number, be: number): boolean {
  const n = ae - as;
  if (n !== be - bs) return false;
  const av = a.dv, bv = b.dv;
  let k = 0;
  for (; k + 4 <= n; k += 4) if (av.getInt32(as + k) !== bv.getInt32(bs + k)) return false;
  const au = a.u8, bu = b.u8;
  for (; k < n; k++) if (au[as + k] !== bu[bs + k]) return false;
  return true;
}

/** A typed array of `len` elements that begins with a's. */
export function grown<T extends Uint8Array | Int32Array | Float64Array>(a: T, len: number): T {
  const b = new (a.constructor as new (n: number) => T)(len);
  b.set(a);
  return b;
}
