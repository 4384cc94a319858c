// Parquet's DELTA_BINARY_PACKED encoding for INT64 columns (eventTime): a
// header (block size 128, 4 miniblocks of 32, the value count, the first
// value), then per block the smallest delta and, per miniblock, the deltas
// minus it bit-packed at the miniblock's width. Rows are sorted by (eventName,
// eventTime), so most deltas are small and a page of times shrinks from 8
// bytes a value (PLAIN) to ~2 without GZIP, and reads back without inflating.
// Values and deltas are JS numbers: exact while below 2^53 (epoch ms are ~2^41).

import { bufferScratch, float64Scratch } from '../util/scratch.js';

const BLOCK = 128, MINIBLOCKS = 4, PER_MINIBLOCK = BLOCK / MINIBLOCKS;
/** Widest packed delta the decoder reads exactly in doubles. */
export const MAX_DELTA_WIDTH = 53;

const P32 = 4294967296;

function bitsOf(x: number): number {
  return x < P32 ? 32 - Math.clz32(x) : 32 + (32 - Math.clz32(Math.floor(x / P32)));
}

function writeUvarint(out: Buffer, pos: number, v: number): number {
  while (v >= 0x80) {
    out[pos++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  out[pos++] = v;
  return pos;
}

const zigzag = (v: number): number => (v >= 0 ? 2 * v : -2 * v - 1);

/** ORs the `w`-bit value v (w <= 24) into zeroed bytes from bit `bit`, least significant bit first. */
function pack24(out: Buffer, bit: number, v: number): void {
  const x = v * (1 << (bit & 7)), at = bit >> 3; // < 2^31
  out[at] = out[at]! | (x & 0xff);
  out[at + 1] = out[at + 1]! | ((x >>> 8) & 0xff);
  out[at + 2] = out[at + 2]! | ((x >>> 16) & 0xff);
  out[at + 3] = out[at + 3]! | (x >>> 24);
}

/** Packs the `w`-bit value v (w <= 53) from bit `bit`: up to three 24-bit parts. */
function packWide(out: Buffer, bit: number, v: number, w: number): void {
  if (w <= 24) { pack24(out, bit, v); return; }
  const lo = v % 16777216, rest = (v - lo) / 16777216;
  pack24(out, bit, lo);
  if (w <= 48) { pack24(out, bit + 24, rest); return; }
  const mid = rest % 16777216;
  pack24(out, bit + 24, mid);
  pack24(out, bit + 48, (rest - mid) / 16777216);
}

/**
 * The valid values of `rows` (positions into `values`), DELTA_BINARY_PACKED,
 * after `prefix`; null when a delta is too wide for the decoder (PLAIN then).
 */
export function encodeDeltaBinary(values: Float64Array, valid: Uint8Array, rows: Int32Array, prefix: Buffer | null): Buffer | null {
  const xs = valueScratch.take(rows.length);
  let count = 0;
  for (let i = 0; i < rows.length; i++) if (valid[rows[i]!]) xs[count++] = values[rows[i]!]!;
  const run = encodeDeltaRun(xs, count, prefix);
  return run && Buffer.from(run);
}

/**
 * The first `count` numbers of `xs`, DELTA_BINARY_PACKED, after `prefix`; null
 * when a delta is too wide for the decoder. A view of memory the next call
 * reuses: a page's worst case (8 bytes a value, zeroed) was allocated anew for
 * every page of times and of string lengths, where the run takes ~2 bytes a value.
 */
export function encodeDeltaRun(xs: Float64Array, count: number, prefix: Buffer | null): Buffer | null {
  const start = prefix ? prefix.length : 0;
  // Per block: the min delta, the widths, and every miniblock padded to PER_MINIBLOCK values of up to 8 bytes.
  const bound = start + 32 + Math.ceil(count / BLOCK) * (16 + MINIBLOCKS + BLOCK * 8);
  const out = runScratch.take(bound).fill(0);
  if (prefix) prefix.copy(out, 0);
  let pos = writeUvarint(out, start, BLOCK);
  pos = writeUvarint(out, pos, MINIBLOCKS);
  pos = writeUvarint(out, pos, count);
  pos = writeUvarint(out, pos, zigzag(count ? xs[0]! : 0));
  const deltas = new Float64Array(BLOCK);
  for (let i = 1; i < count; i += BLOCK) {
    const n = Math.min(BLOCK, count - i);
    let min = Infinity;
    for (let k = 0; k < n; k++) {
      const d = xs[i + k]! - xs[i + k - 1]!;
      deltas[k] = d;
      if (d < min) min = d;
    }
    pos = writeUvarint(out, pos, zigzag(min));
    const widthsAt = pos;
    pos += MINIBLOCKS;
    for (let m = 0; m < MINIBLOCKS; m++) {
      const from = m * PER_MINIBLOCK;
      if (from >= n) { out[widthsAt + m] = 0; continue; } // unused miniblocks of the last block: no bytes
      const to = Math.min(n, from + PER_MINIBLOCK);
      let widest = 0;
      for (let k = from; k < to; k++) widest = Math.max(widest, deltas[k]! - min);
      const w = bitsOf(widest);
      if (w > MAX_DELTA_WIDTH) return null;
      out[widthsAt + m] = w;
      for (let k = from, bit = pos * 8; k < to; k++, bit += w) packWide(out, bit, deltas[k]! - min, w);
      pos += PER_MINIBLOCK * w / 8; // a miniblock is always PER_MINIBLOCK values long (padded)
    }
  }
  if (pos > out.length) throw new Error('internal: DELTA_BINARY_PACKED page overran its buffer');
  return out.subarray(0, pos);
}

/** encodeDeltaBinary's values and encodeDeltaRun's output, reused (util/scratch.ts). */
const valueScratch = float64Scratch();
const runScratch = bufferScratch();

class Reader {
  constructor(readonly buf: Uint8Array, public pos: number) {}
  uvarint(): number {
    let out = 0, mul = 1, b: number;
    do {
      if (this.pos >= this.buf.length) throw new RangeError('DELTA_BINARY_PACKED: truncated');
      b = this.buf[this.pos++]!;
      out += (b & 0x7f) * mul;
      mul *= 128;
    } while (b & 0x80);
    return out;
  }
  zigzag(): number {
    const z = this.uvarint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }
}

/** The `w`-bit value (w <= 53) at bit `bit` of `buf`. */
function unpack(buf: Uint8Array, bit: number, w: number): number {
  const at = bit >> 3, sh = bit & 7;
  const lo = (buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16) | (buf[at + 3]! << 24)) >>> 0;
  if (w + sh <= 32) return w === 32 ? lo : (lo >>> sh) & ((1 << w) - 1) >>> 0;
  const hi = (buf[at + 4]! | (buf[at + 5]! << 8) | (buf[at + 6]! << 16) | (buf[at + 7]! << 24)) >>> 0;
  const low32 = sh ? ((lo >>> sh) | (hi << (32 - sh))) >>> 0 : lo;
  if (w <= 32) return w === 32 ? low32 : (low32 & ((1 << w) - 1)) >>> 0;
  const high = hi >>> sh;
  return low32 + (w - 32 >= 32 ? high : high & ((1 << (w - 32)) - 1)) * P32;
}

/**
 * Decodes a DELTA_BINARY_PACKED run at `pos` into `out[0..]` (up to the run's
 * own value count); returns the count and the position after the run.
 */
export function decodeDeltaBinary(buf: Uint8Array, pos: number, out: Float64Array): { count: number; end: number } {
  const r = new Reader(buf, pos);
  const block = r.uvarint(), miniblocks = r.uvarint(), total = r.uvarint();
  const per = block / miniblocks;
  if (!Number.isInteger(per) || per % 8 !== 0 || total > out.length) throw new RangeError('DELTA_BINARY_PACKED: bad header');
  let prev = r.zigzag();
  let n = 0;
  if (total > 0) out[n++] = prev;
  while (n < total) {
    const min = r.zigzag();
    const widths = r.pos;
    r.pos += miniblocks;
    for (let m = 0; m < miniblocks && n < total; m++) {
      const w = buf[widths + m]!;
      if (w > MAX_DELTA_WIDTH) throw new RangeError(`DELTA_BINARY_PACKED: ${w}-bit deltas`);
      const stop = Math.min(total, n + per);
      for (let bit = r.pos * 8; n < stop; bit += w) {
        prev += min + (w ? unpack(buf, bit, w) : 0);
        out[n++] = prev;
      }
      r.pos += (per * w) / 8;
      if (r.pos > buf.length) throw new RangeError('DELTA_BINARY_PACKED: truncated');
    }
  }
  return { count: total, end: r.pos };
}
