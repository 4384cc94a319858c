// Idempotency by eventID. A duplicate is the same eventID at the same eventTime
// in the same region: ingesting a file twice, or CloudTrail copying a global
// event into several regions' logs (the same record). So duplicates always meet
// in the same bucket, a (region, date) partition and an hour of eventTime, where
// each ID is kept with its millisecond within the hour. Memory is bounded: past
// `budget` IDs in memory, the least recently used buckets are written to spill
// files (20 bytes a UUID) and read back if touched again, so no partition,
// however big, has to fit. A partition that already has stored events is first
// seeded: its stored IDs are streamed, a row group at a time, into its buckets'
// spill files.

import { mkdirSync, readFileSync, rmSync, appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ColumnBatch, TimeData, Utf8Data } from '../model/batch.js';
import { COL } from '../model/fields.js';
import { IdSet } from './id-set.js';

const HOUR_MS = 3_600_000;

/** The hour of the UTC day (0-23) of a millisecond timestamp. */
function hourOf(ms: number): number {
  return ((Math.floor(ms / HOUR_MS) % 24) + 24) % 24;
}

/** The millisecond within its hour (0-3,599,999): the tag an ID is kept with. */
function msInHour(ms: number): number {
  return ((Math.floor(ms) % HOUR_MS) + HOUR_MS) % HOUR_MS;
}

/**
 * Hands each stored (eventTime, eventID) of a partition to `add`; resolves to
 * how many it handed (0 when the partition has no stored files).
 */
export type StoredIds = (partition: string, add: (eventTime: number, id: string) => void) => Promise<number>;

/** Seeding appends a bucket's IDs to its spill file every this many. */
const SEED_CHUNK = 65_536;

interface Bucket { readonly set: IdSet; /** Size when read from its spill file: unchanged sets are not written again. */ readonly loaded: number }

export class EventIdIndex {
  /** Buckets in memory; map order is recency order: least recently used first. */
  private readonly mem = new Map<string, Bucket>();
  /** Spill file of each bucket that has one. */
  private readonly files = new Map<string, string>();
  private readonly seeded = new Map<string, Promise<void>>();
  private held = 0;
  /** Partitions seeded from stored events, and buckets read back from spill files. */
  loads = 0;
  /** Buckets written to spill files. */
  spills = 0;

  constructor(
    private readonly spillDir: string,
    private readonly stored: StoredIds,
    private readonly budget = Infinity,
  ) {}

  /**
   * Marks rows whose eventID is already stored or appeared earlier in this run.
   * Returns the keep mask (undefined when every row is kept) and the duplicate count.
   */
  async filter(partition: string, batch: ColumnBatch): Promise<{ keep?: Uint8Array; duplicates: number }> {
    await this.seed(partition);
    const times = (batch.columns[COL.eventTime]!.data as TimeData).values;
    const { offsets, bytes } = batch.columns[COL.eventID]!.data as Utf8Data;
    const sets: (IdSet | undefined)[] = new Array(24);
    // Each hour's set makes room for this batch's rows first, instead of doubling as they come: in a 1M
    // ingest the main thread's table growth went from 205 to ~60 of its ~1,400 CPU-ms.
    const hours = new Uint8Array(batch.rows), perHour = new Int32Array(24);
    for (let r = 0; r < batch.rows; r++) perHour[(hours[r] = hourOf(times[r]!))]++;
    for (let h = 0; h < 24; h++) if (perHour[h]) (sets[h] = this.bucket(partition, h)).reserve(perHour[h]!);
    let keep: Uint8Array | undefined;
    let duplicates = 0;
    for (let r = 0; r < batch.rows; r++) {
      if (sets[hours[r]!]!.addBytes(bytes, offsets[r]!, offsets[r + 1]!, msInHour(times[r]!))) {
        this.held++;
      } else {
        keep ??= new Uint8Array(batch.rows).fill(1);
        keep[r] = 0;
        duplicates++;
      }
    }
    return { keep, duplicates };
  }

  /** Writes least recently used buckets to their spill files until under budget. */
  shrink(): void {
    for (const [key, b] of this.mem) {
      if (this.held <= this.budget) return;
      if (b.set.size !== b.loaded || !this.files.has(key)) {
        writeFileSync(this.fileOf(key), b.set.save());
        this.spills++;
      }
      this.mem.delete(key);
      this.held -= b.set.size;
    }
  }

  /** Forgets everything and deletes the spill files (the run is over: memory and disk can go). */
  clear(): void {
    this.mem.clear();
    this.files.clear();
    this.held = 0;
    rmSync(this.spillDir, { recursive: true, force: true });
  }

  /** Number of eventIDs held in memory. */
  get size(): number {
    return this.held;
  }

  /** The bucket's set, made most recently used; read back from its spill file if it has one. */
  private bucket(partition: string, hour: number): IdSet {
    const key = `${partition}#${hour}`;
    let b = this.mem.get(key);
    if (b) {
      this.mem.delete(key);
    } else {
      const set = new IdSet();
      const file = this.files.get(key);
      if (file) {
        set.load(readFileSync(file));
        this.loads++;
      }
      this.held += set.size;
      b = { set, loaded: set.size };
    }
    this.mem.set(key, b);
    return b.set;
  }

  private fileOf(key: string): string {
    let file = this.files.get(key);
    if (!file) {
      if (this.files.size === 0) mkdirSync(this.spillDir, { recursive: true });
      file = join(this.spillDir, `${this.files.size}.ids`);
      this.files.set(key, file);
    }
    return file;
  }

  /** Streams a partition's stored IDs into its buckets' spill files, once per run. */
  private seed(partition: string): Promise<void> {
    let done = this.seeded.get(partition);
    if (!done) {
      const chunks: (IdSet | undefined)[] = new Array(24);
      const write = (h: number) => {
        appendFileSync(this.fileOf(`${partition}#${h}`), chunks[h]!.save());
        chunks[h] = undefined;
      };
      done = this.stored(partition, (time, id) => {
        const h = hourOf(time);
        const set = (chunks[h] ??= new IdSet());
        set.add(id, msInHour(time));
        if (set.size >= SEED_CHUNK) write(h);
      }).then((n) => {
        for (let h = 0; h < 24; h++) if (chunks[h]) write(h);
        if (n > 0) this.loads++;
      });
      this.seeded.set(partition, done);
    }
    return done;
  }
}
