// Interning of a low-cardinality string column's values as ingest shreds them:
// each distinct UTF-8 value is kept once, in a table of entries, and a row holds
// its entry's index. Most of a CloudTrail record's strings (userAgent, ARNs,
// eventSource, tlsDetails...) repeat within a batch: ~470 of its ~550 bytes of
// string columns an event. Interned, they are not copied per row into the batch,
// packed, sent to the writer and gathered again, and the writer's per-chunk
// dictionary maps entry indices instead of hashing each row's bytes.

import { COPY_SLACK, copyShort, equalSpans, grown, SHORT_COPY, viewed, type ViewedBytes } from '../util/copy-bytes.js';
import { COLUMNS } from './fields.js';

/** A table per interned column (null for the others), by column index: shared by a parse task's batches. */
export type ColumnTables = readonly (InternTable | null)[];

export function columnTables(): ColumnTables {
  return COLUMNS.map((c) => (c.interned ? new InternTable() : null));
}

/** An open-addressing table of distinct byte strings: entries in insertion order. */
export class InternTable {
  /** Entry k is bytes[offsets[k], offsets[k + 1]). */
  private offsets: Int32Array = new Int32Array(64);
  private hashes: Int32Array = new Int32Array(64);
  private bytes: Uint8Array = new Uint8Array(1024);
  private out: ViewedBytes = viewed(this.bytes);
  /** Entry index + 1 per slot; 0 is empty. Never more than half full. */
  private slots: Int32Array = new Int32Array(128);
  count = 0;
  /** The entry returned last: a column's value often repeats the previous row's (45% of the 1M archive's). */
  private last = -1;

  /** The entry index of bytes src[s, e), added if new. */
  span(src: ViewedBytes, s: number, e: number): number {
    const offsets = this.offsets, last = this.last;
    if (last >= 0 && equalSpans(this.out, offsets[last]!, offsets[last + 1]!, src, s, e)) return last;
    const h = hashSpan(src, s, e);
    const mask = this.slots.length - 1;
    const hashes = this.hashes;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const at = this.slots[slot]! - 1;
      if (at < 0) return (this.last = this.add(slot, h, src, s, e));
      if (hashes[at] === h && equalSpans(this.out, offsets[at]!, offsets[at + 1]!, src, s, e)) return (this.last = at);
    }
  }

  /** The entry index of a string's UTF-8 bytes, added if new. */
  string(str: string): number {
    if (scratch.u8.length < str.length * 3 + COPY_SLACK) scratch = viewed(Buffer.allocUnsafeSlow(str.length * 3 + 64));
    const n = (scratch.u8 as Buffer).write(str, 0, 'utf8');
    return this.span(scratch, 0, n);
  }

  private add(slot: number, h: number, src: ViewedBytes, s: number, e: number): number {
    const k = this.count++;
    if (k + 1 >= this.offsets.length) {
      this.offsets = grown(this.offsets, this.offsets.length * 2);
      this.hashes = grown(this.hashes, this.hashes.length * 2);
    }
    let pos = this.offsets[k]!;
    if (pos + e - s + COPY_SLACK > this.bytes.length) {
      const b = new Uint8Array(Math.max(this.bytes.length * 2, pos + e - s + COPY_SLACK));
      b.set(this.bytes.subarray(0, pos));
      this.bytes = b;
      this.out = viewed(b);
    }
    if (e - s < SHORT_COPY) pos = copyShort(src, s, e, this.out, pos);
    else {
      this.bytes.set(src.u8.subarray(s, e), pos);
      pos += e - s;
    }
    this.offsets[k + 1] = pos;
    this.hashes[k] = h;
    this.slots[slot] = k + 1;
    if (this.count * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    return k;
  }

  private rehash(size: number): void {
    const slots = new Int32Array(size), mask = size - 1;
    for (let k = 0; k < this.count; k++) {
      let slot = this.hashes[k]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = k + 1;
    }
    this.slots = slots;
  }

  /** Interns every entry of another table's (offsets, bytes); returns their indices here. */
  addAll(offsets: Int32Array, bytes: Uint8Array): Int32Array {
    const src = viewed(bytes);
    const at = new Int32Array(offsets.length - 1);
    for (let k = 0; k < at.length; k++) at[k] = this.span(src, offsets[k]!, offsets[k + 1]!);
    return at;
  }

  /** Entry k as a string. */
  text(k: number): string {
    return decoder.decode(this.bytes.subarray(this.offsets[k]!, this.offsets[k + 1]!));
  }

  /** Forgets every entry (keeps the memory). */
  clear(): void {
    this.slots.fill(0);
    this.count = 0;
    this.last = -1;
  }

  /** The entries: offsets (count + 1) and bytes, views of the table's memory. */
  entries(): { offsets: Int32Array; bytes: Uint8Array } {
    return { offsets: this.offsets.subarray(0, this.count + 1), bytes: this.bytes.subarray(0, this.offsets[this.count]) };
  }
}

const decoder = new TextDecoder();

/** Where string() encodes its argument (the general path: escaped or JSON.parse'd values). */
let scratch: ViewedBytes = viewed(Buffer.allocUnsafeSlow(256));

const mix = (h: number, w: number) => {
  h = Math.imul(h ^ w, 0x5bd1e995);
  return h ^ (h >>> 15);
};

/**
 * A 32-bit hash of src[s, e) (equality is checked in full): of its length and
 * 4-byte words, mixed murmur-style; past 32 bytes, of its first and last 16
 * and four words spread between (userAgents and ARNs are long).
 */
function hashSpan(src: ViewedBytes, s: number, e: number): number {
  const dv = src.dv, n = e - s;
  let h = Math.imul(n, 0x9e3779b1);
  if (n <= 32) {
    let k = s;
    for (; k + 4 <= e; k += 4) h = mix(h, dv.getInt32(k, true));
    const u8 = src.u8;
    for (; k < e; k++) h = mix(h, u8[k]!);
  } else {
    for (let k = s; k < s + 16; k += 4) h = mix(h, dv.getInt32(k, true));
    for (let k = e - 16; k < e; k += 4) h = mix(h, dv.getInt32(k, true));
    const step = (n - 32) >> 2;
    for (let k = s + 16; k < e - 20; k += step) h = mix(h, dv.getInt32(k, true));
  }
  h ^= h >>> 13;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 16);
}
