// Idempotency by eventID. Duplicates share eventTime and awsRegion (CloudTrail
// copies a global event into several regions' logs with the same record), so
// they always meet in the same (region, date) partition: the index is kept per
// partition, seeded on first touch from the eventIDs already committed there.

import { stringAt, type ColumnBatch } from '../model/batch.js';
import { COL } from '../model/fields.js';

export class EventIdIndex {
  private readonly seen = new Map<string, Promise<Set<string>>>();

  /** `load` returns the eventIDs already stored in a partition. */
  constructor(private readonly load: (partition: string) => Promise<Iterable<string>>) {}

  /**
   * Marks rows whose eventID is already stored or appeared earlier in this run.
   * Returns the keep mask (undefined when every row is kept) and the duplicate count.
   */
  async filter(partition: string, batch: ColumnBatch): Promise<{ keep?: Uint8Array; duplicates: number }> {
    let ids = this.seen.get(partition);
    if (!ids) {
      ids = this.load(partition).then((it) => new Set(it));
      this.seen.set(partition, ids);
    }
    const set = await ids;
    const col = batch.columns[COL.eventID]!;
    let keep: Uint8Array | undefined;
    let duplicates = 0;
    for (let r = 0; r < batch.rows; r++) {
      const id = stringAt(col, r)!;
      if (set.has(id)) {
        keep ??= new Uint8Array(batch.rows).fill(1);
        keep[r] = 0;
        duplicates++;
      } else {
        set.add(id);
      }
    }
    return { keep, duplicates };
  }

  /** Number of eventIDs held in memory. */
  async size(): Promise<number> {
    let n = 0;
    for (const s of this.seen.values()) n += (await s).size;
    return n;
  }
}
