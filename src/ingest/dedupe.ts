// Idempotency by eventID. Duplicates share eventTime and awsRegion (CloudTrail
// copies a global event into several regions' logs with the same record), so
// they always meet in the same (region, date) partition: the index is kept per
// partition, loaded on first touch from the eventIDs already stored there.
// Memory is bounded: past `budget` IDs, the least recently used partitions are
// dropped (the caller first writes out their buffered rows) and loaded again if
// touched again (inputs in the S3 layout arrive in (region, date) order, so that is rare).

import type { ColumnBatch, Utf8Data } from '../model/batch.js';
import { COL } from '../model/fields.js';
import { IdSet } from './id-set.js';

export class EventIdIndex {
  /** Map order is recency order: least recently used first. */
  private readonly seen = new Map<string, Promise<IdSet>>();
  private held = 0;
  loads = 0;

  /**
   * `load` hands each eventID already stored (or staged) in a partition to
   * `add`, a file at a time: a reloaded partition of a million events never
   * sits in memory as a million strings.
   */
  constructor(
    private readonly load: (partition: string, add: (id: string) => void) => Promise<void>,
    private readonly budget = Infinity,
  ) {}

  /**
   * Marks rows whose eventID is already stored or appeared earlier in this run.
   * Returns the keep mask (undefined when every row is kept) and the duplicate count.
   */
  async filter(partition: string, batch: ColumnBatch): Promise<{ keep?: Uint8Array; duplicates: number }> {
    let ids = this.seen.get(partition);
    if (ids) {
      this.seen.delete(partition);
    } else {
      this.loads++;
      const set = new IdSet();
      ids = this.load(partition, (id) => set.add(id)).then(() => {
        this.held += set.size;
        return set;
      });
    }
    this.seen.set(partition, ids);
    const set = await ids;
    const col = batch.columns[COL.eventID]!;
    const { offsets, bytes } = col.data as Utf8Data;
    let keep: Uint8Array | undefined;
    let duplicates = 0;
    for (let r = 0; r < batch.rows; r++) {
      if (set.addBytes(bytes, offsets[r]!, offsets[r + 1]!)) {
        this.held++;
      } else {
        keep ??= new Uint8Array(batch.rows).fill(1);
        keep[r] = 0;
        duplicates++;
      }
    }
    return { keep, duplicates };
  }

  /** Drops least recently used partitions until under budget, calling `beforeDrop` on each. */
  async shrink(beforeDrop: (partition: string) => void): Promise<void> {
    for (const [key, ids] of this.seen) {
      if (this.held <= this.budget) return;
      beforeDrop(key);
      this.seen.delete(key);
      this.held -= (await ids).size;
    }
  }

  /** Forgets every partition (the run is over: its memory can go). */
  clear(): void {
    this.seen.clear();
    this.held = 0;
  }

  /** Number of eventIDs held in memory. */
  get size(): number {
    return this.held;
  }
}
