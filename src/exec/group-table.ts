// The two lookup structures of hash aggregation, both over dense int ids so
// that groups and their states live in typed arrays:
// - ValueIds: the distinct values of one GROUP BY key ↔ ids 0..n-1.
//   Scalars are Map keys as themselves ('a', 1 and true stay apart; 0 and -0,
//   NaN and NaN are one key); arrays are keyed by their JSON text.
// - GroupTable: tuples of `width` int32 codes ↔ group ids 0..n-1, open
//   addressing over an Int32Array; a group's codes are kept column by column
//   (codes(j)[g]), which is also how a partial result sends its keys. Codes
//   are ids (small, dense), so a one-code key is looked up in a plain array.

import type { Value } from '../plan/types.js';

type Growable = Int32Array | Float64Array | Uint8Array;

/** `a`, or a copy with room for at least `n` elements (doubling; the new elements are 0). */
export function grow<T extends Growable>(a: T, n: number): T {
  if (n <= a.length) return a;
  const b = new (a.constructor as new (length: number) => T)(Math.max(n, a.length * 2, 16));
  b.set(a);
  return b;
}

export class ValueIds {
  readonly values: Value[] = [];
  private readonly scalars = new Map<string | number | boolean | null, number>();
  private readonly arrays = new Map<string, number>();

  idOf(v: Value): number {
    if (typeof v === 'object' && v !== null) {
      const k = JSON.stringify(v);
      let id = this.arrays.get(k);
      if (id === undefined) { id = this.values.length; this.values.push(v); this.arrays.set(k, id); }
      return id;
    }
    let id = this.scalars.get(v);
    if (id === undefined) { id = this.values.length; this.values.push(v); this.scalars.set(v, id); }
    return id;
  }
}

/** Mixes a 32-bit hash (murmur3's finalizer). */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export class GroupTable {
  private cols: Int32Array[];
  private slots = new Int32Array(64); // group id + 1; 0 is empty
  private direct = new Int32Array(16); // width 1: code → group id + 1; 0 is absent
  private mask = 63;
  size = 0;

  /** `onNew` is called before a group is added (with the current count): it may refuse by throwing. */
  constructor(readonly width: number, private readonly onNew: (size: number) => void = () => {}) {
    this.cols = Array.from({ length: width }, () => new Int32Array(16));
  }

  /** The code of key column j, per group (a view of the first `size`). */
  codes(j: number): Int32Array { return this.cols[j]!.subarray(0, this.size); }

  private add(slot: number): number {
    this.onNew(this.size);
    const g = this.size++;
    this.slots[slot] = g + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
    return g;
  }

  private rehash(): void {
    const size = this.slots.length * 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let g = 0; g < this.size; g++) {
      let s = this.hashOf(g) & this.mask;
      while (this.slots[s] !== 0) s = (s + 1) & this.mask;
      this.slots[s] = g + 1;
    }
  }

  private hashOf(g: number): number {
    let h = 0;
    for (let j = 0; j < this.width; j++) h = Math.imul(h ^ this.cols[j]![g]!, 0x9e3779b1) + j | 0;
    return fmix(h);
  }

  private room(): void {
    if (this.size < this.cols[0]!.length) return;
    this.cols = this.cols.map((c) => grow(c, this.size + 1));
  }

  /** The group of a one-code key (a table of width 1), added if new. */
  find1(a: number): number {
    if (a < this.direct.length) {
      const e = this.direct[a]!;
      if (e !== 0) return e - 1;
    } else this.direct = grow(this.direct, a + 1);
    this.onNew(this.size);
    this.room();
    this.cols[0]![this.size] = a;
    this.direct[a] = this.size + 1;
    return this.size++;
  }

  /** The group of a two-code key, added if new. */
  find2(a: number, b: number): number {
    const c0 = this.cols[0]!, c1 = this.cols[1]!;
    let s = fmix(Math.imul(Math.imul(a, 0x9e3779b1) ^ b, 0x9e3779b1) + 1 | 0) & this.mask;
    for (;;) {
      const e = this.slots[s]!;
      if (e === 0) break;
      if (c0[e - 1] === a && c1[e - 1] === b) return e - 1;
      s = (s + 1) & this.mask;
    }
    this.room();
    this.cols[0]![this.size] = a;
    this.cols[1]![this.size] = b;
    return this.add(s);
  }

  /** The group of a key of `width` codes (`key[j]`), added if new. */
  find(key: ArrayLike<number>): number {
    if (this.width === 1) return this.find1(key[0]!);
    if (this.width === 2) return this.find2(key[0]!, key[1]!);
    let h = 0;
    for (let j = 0; j < this.width; j++) h = Math.imul(h ^ key[j]!, 0x9e3779b1) + j | 0;
    let s = fmix(h) & this.mask;
    for (;;) {
      const e = this.slots[s]!;
      if (e === 0) break;
      let same = true;
      for (let j = 0; j < this.width && same; j++) same = this.cols[j]![e - 1] === key[j];
      if (same) return e - 1;
      s = (s + 1) & this.mask;
    }
    this.room();
    for (let j = 0; j < this.width; j++) this.cols[j]![this.size] = key[j]!;
    return this.add(s);
  }
}
