// Subtrees of records met before (a userIdentity, a tlsDetails object), so a
// repeat is neither scanned nor interned again. A principal's events carry its
// userIdentity byte for byte the same (sessionContext included), and bytes
// equal to a subtree the fast path scanned shred the same way: the cache keeps
// each such subtree's bytes, its leaves (interned ones as entry indices of the
// task's tables, others as spans relative to its start), and what it wrote in
// the record's residual. A subtree is found by a hash of its first KEY_BYTES
// bytes (read whatever its length: a short one's key takes in what follows it,
// which only costs hits), then compared in full. Sets of WAYS slots, replaced
// round robin; all in preallocated arrays (an allocation per subtree cost more
// than the scan it saves).

import type { SpanRow } from '../model/batch.js';
import type { ColumnTables } from '../model/intern.js';
import { equalSpans, viewed, type ViewedBytes } from '../util/copy-bytes.js';

/** Bytes hashed to find a subtree: enough to tell principals apart (`{"type":"AssumedRole","principalId":"AROA…:session`). */
const KEY_BYTES = 128;
const WAYS = 8;
const SLOTS = 1024;
/** Largest subtree (with its residual) kept, and most leaves. */
const SLOT_BYTES = 1024;
const SLOT_LEAVES = 32;

export class SubtreeCache {
  /** Slot s: its subtree's bytes from s * SLOT_BYTES, then its residual's. */
  readonly arena: ViewedBytes = viewed(new Uint8Array(SLOTS * SLOT_BYTES));
  /** Per slot: key (0 when empty), subtree length, residual length, leaf count. */
  private readonly meta = new Int32Array(SLOTS * 4);
  /**
   * Per slot, per leaf, three numbers: an interned leaf's -(column + 1) and entry
   * index; another's column, and start and end relative to the subtree's first byte.
   */
  private readonly leaves = new Int32Array(SLOTS * SLOT_LEAVES * 3);
  /** The key find() computed last, for add(); 0 for none. */
  private key = 0;
  private turn = 0;

  /** Whose entries these are: their indices are of one FastRecords' tables. */
  private owner: object | null = null;

  /** Makes `owner` the cache's user, forgetting every subtree if it was another's. */
  claim(owner: object): void {
    if (owner === this.owner) return;
    this.meta.fill(0);
    this.owner = owner;
  }

  /** The slot of group `group`'s cached subtree that src[i, n) begins with, or -1. */
  find(group: number, src: ViewedBytes, i: number, n: number): number {
    if (i + KEY_BYTES > n) {
      this.key = 0;
      return -1;
    }
    const dv = src.dv;
    let h = Math.imul(group + 1, 0x9e3779b1);
    for (let k = i; k < i + KEY_BYTES; k += 4) {
      h = Math.imul(h ^ dv.getInt32(k, true), 0x5bd1e995);
      h ^= h >>> 15;
    }
    h |= 1; // never 0
    this.key = h;
    const meta = this.meta;
    for (let s = h & (SLOTS - WAYS), end = s + WAYS; s < end; s++) {
      if (meta[4 * s] === h && this.holds(s, src, i, n)) return s;
    }
    return -1;
  }

  /** Whether src[i, n) begins with slot s's subtree. */
  private holds(s: number, src: ViewedBytes, i: number, n: number): boolean {
    const len = this.meta[4 * s + 1]!, at = s * SLOT_BYTES;
    return i + len <= n && equalSpans(this.arena, at, at + len, src, i, i + len);
  }

  /** Length of slot s's subtree. */
  length(s: number): number {
    return this.meta[4 * s + 1]!;
  }

  /** Gives the row slot s's leaves, spans as spans of `src` (the document, the subtree at `i`). */
  apply(s: number, row: SpanRow, src: ViewedBytes, i: number): void {
    const leaves = this.leaves;
    for (let k = s * SLOT_LEAVES * 3, end = k + 3 * this.meta[4 * s + 3]!; k < end; k += 3) {
      const c = leaves[k]!;
      if (c < 0) row.number(-c - 1, leaves[k + 1]!);
      else row.bytes(c, src, i + leaves[k + 1]!, i + leaves[k + 2]!);
    }
  }

  /** Where slot s's residual is in `arena` (start = end when it has none). */
  residualStart(s: number): number {
    return s * SLOT_BYTES + this.meta[4 * s + 1]!;
  }

  residualEnd(s: number): number {
    return this.residualStart(s) + this.meta[4 * s + 2]!;
  }

  /**
   * Keeps the subtree src[i, j) that find() (called at `i` last) missed, with
   * the leaves the row was given since its count was `from` (of `tables`'
   * columns, entry indices; of others, spans of src) and its residual
   * res[rs, re), when they fit a slot and no leaf is a decoded string.
   */
  add(src: ViewedBytes, i: number, j: number, row: SpanRow, from: number, tables: ColumnTables, res: ViewedBytes, rs: number, re: number): void {
    const h = this.key, n = row.count - from;
    if (h === 0 || j - i + re - rs > SLOT_BYTES || n > SLOT_LEAVES) return;
    for (let k = from; k < row.count; k++) {
      const c = row.list[k]!;
      if (tables[c] === null && row.str[c] !== null) return;
    }
    const s = (h & (SLOTS - WAYS)) + (this.turn++ & (WAYS - 1));
    const at = s * SLOT_BYTES, u8 = this.arena.u8;
    u8.set(src.u8.subarray(i, j), at);
    if (re > rs) u8.set(res.u8.subarray(rs, re), at + j - i);
    const meta = this.meta;
    meta[4 * s] = h;
    meta[4 * s + 1] = j - i;
    meta[4 * s + 2] = re - rs;
    meta[4 * s + 3] = n;
    for (let k = 0, p = s * SLOT_LEAVES * 3; k < n; k++, p += 3) {
      const c = row.list[from + k]!;
      if (tables[c] !== null) {
        this.leaves[p] = -c - 1;
        this.leaves[p + 1] = row.num[c]!;
      } else {
        this.leaves[p] = c;
        this.leaves[p + 1] = row.start[c]! - i;
        this.leaves[p + 2] = row.end[c]! - i;
      }
    }
  }
}
