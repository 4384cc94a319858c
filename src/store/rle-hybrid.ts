// The Parquet RLE/bit-packing hybrid encoding, writing side: definition
// levels and dictionary indices. A value repeated 8 or more times becomes an
// RLE run (a varint header, then the value in ceil(width/8) bytes); anything
// else goes into bit-packed groups of 8 values, `width` bits each, least
// significant bit first. Writing RLE runs only costs 2 bytes per value where
// values change every row (a userAgent's indices in a chunk sorted by
// eventName; a sparse struct field's levels): bit-packing stores those in
// `width` bits, and reads them back without a header per value.

/** Longest stretch of equal values that is written as an RLE run rather than bit-packed. */
const MIN_RUN = 8;

function writeVarint(out: Buffer, pos: number, v: number): number {
  while (v >= 0x80) {
    out[pos++] = (v & 0x7f) | 0x80;
    v = Math.floor(v / 128);
  }
  out[pos++] = v;
  return pos;
}

/** Most bytes encodeHybrid writes for `count` values of `width` bits. */
export const hybridBound = (count: number, width: number): number => count * (5 + Math.ceil(width / 8)) + 24;

/**
 * Writes `values[0..count)` (each below 2^width, width 1-32) at `pos` of `out`
 * (at least hybridBound bytes free); returns the position after them. The
 * last bit-packed group is padded with zeros, as the format allows: readers
 * stop at the page's value count.
 */
export function encodeHybrid(values: ArrayLike<number>, count: number, width: number, out: Buffer, pos: number): number {
  const bytes = Math.ceil(width / 8);
  let i = 0;
  while (i < count) {
    const v = values[i]!;
    let j = i + 1;
    while (j < count && values[j] === v) j++;
    if (j - i >= MIN_RUN) {
      pos = writeVarint(out, pos, (j - i) * 2);
      for (let b = 0; b < bytes; b++) out[pos++] = (v >>> (8 * b)) & 0xff;
      i = j;
      continue;
    }
    // Bit-pack from i up to the next run of MIN_RUN equal values, in whole groups of 8.
    let end = i, same = 1;
    for (let k = i + 1; k < count; k++) {
      same = values[k] === values[k - 1] ? same + 1 : 1;
      if (same >= MIN_RUN) { end = k - MIN_RUN + 1; break; }
      end = k + 1;
    }
    if (end === i) end = i + 1;
    const groups = Math.ceil((end - i) / 8);
    end = Math.min(count, i + groups * 8); // a short last group takes values of the run after it
    pos = writeVarint(out, pos, groups * 2 + 1);
    const packed = groups * width;
    out.fill(0, pos, pos + packed);
    if (width <= 24) {
      // A 32-bit window per value (the bytes past its bits get zeros ORed in: harmless).
      for (let k = i, bit = pos * 8; k < end; k++, bit += width) {
        const w = values[k]! << (bit & 7), at = bit >> 3;
        out[at] = out[at]! | (w & 0xff);
        out[at + 1] = out[at + 1]! | ((w >>> 8) & 0xff);
        out[at + 2] = out[at + 2]! | ((w >>> 16) & 0xff);
        out[at + 3] = out[at + 3]! | (w >>> 24);
      }
    } else {
      for (let k = i, bit = pos * 8; k < end; k++, bit += width) {
        let x = values[k]!;
        for (let b = bit, left = width; left > 0;) {
          const at = b >> 3, off = b & 7, take = Math.min(8 - off, left);
          out[at] = out[at]! | ((x & ((1 << take) - 1)) << off);
          x >>>= take;
          b += take;
          left -= take;
        }
      }
    }
    pos += packed;
    i = end;
  }
  return pos;
}
