// Rows on their way to data files: buffered per (region, date) partition and
// handed to write tasks when a partition fills a file or the memory budget says
// so. Half the budget is for buffered rows, half for rows held by running
// writers; `drain` is the backpressure the pipeline waits on before parsing more.
// Over budget, the partition added to least recently is written first: inputs
// come in (region, date) order, so it is most likely complete (1M generated
// events: 55 files, against 93 when the largest partition was written first,
// which cut the partition being filled into ~10k-row files).

import { join } from 'node:path';
import { batchBuffers, type ColumnBatch, type Segment } from '../model/batch.js';
import type { StagedFile } from '../store/commit.js';
import { dataFilePath } from '../store/layout.js';
import type { ParquetLayout } from '../store/parquet-write.js';
import type { SortOrder, WriteTask, WrittenFile } from '../store/write-task.js';
import type { TaskRunner } from './pool.js';

export interface PartitionWriterOptions {
  readonly runner: TaskRunner;
  /** Folder for this run's uncommitted files. */
  readonly staging: string;
  /** Names files `part-<commit>-<runId>-<seq>.parquet`. */
  readonly commitNo: number;
  readonly runId: string;
  readonly layout: ParquetLayout;
  readonly sort: SortOrder;
  readonly fileRows: number;
  readonly fileBytes: number;
  readonly bufferBytes: number;
}

interface Pending { segments: Segment[]; rows: number; bytes: number; region: string | null; date: string }

function batchBytes(b: ColumnBatch): number {
  return batchBuffers(b).reduce((n, buf) => n + buf.byteLength, 0);
}

export class PartitionWriter {
  private readonly pending = new Map<string, Pending>();
  private pendingBytes = 0;
  private readonly writes: Promise<StagedFile>[] = [];
  private writingBytes = 0;
  private readonly writing = new Set<Promise<void>>();

  constructor(private readonly o: PartitionWriterOptions) {}

  /** Buffers `kept` rows of a batch (masked by `keep`) for partition `key`. */
  add(key: string, region: string | null, date: string, batch: ColumnBatch, keep: Uint8Array | undefined, kept: number): void {
    let p = this.pending.get(key);
    if (p) this.pending.delete(key); // re-inserted below: the map's order is least recently added first
    else p = { segments: [], rows: 0, bytes: 0, region, date };
    this.pending.set(key, p);
    const bytes = batchBytes(batch);
    p.segments.push({ batch, keep });
    p.rows += kept;
    p.bytes += bytes;
    this.pendingBytes += bytes;
    if (p.rows >= this.o.fileRows || p.bytes >= this.o.fileBytes) this.flush(key);
    while (this.pendingBytes > this.o.bufferBytes / 2 && this.pending.size) {
      this.flush(this.pending.keys().next().value!);
    }
  }

  /** Hands a partition's buffered rows to a write task. */
  flush(key: string): void {
    const p = this.pending.get(key)!;
    this.pending.delete(key);
    this.pendingBytes -= p.bytes;
    if (p.rows === 0) return;
    const seq = this.writes.length;
    const rel = dataFilePath(key, this.o.commitNo, this.o.runId, seq);
    const task: WriteTask = { kind: 'write', segments: p.segments, target: join(this.o.staging, `${seq}.parquet`), layout: this.o.layout, sort: this.o.sort };
    const transfer = p.segments.flatMap((s) => [...batchBuffers(s.batch), ...(s.keep ? [s.keep.buffer as ArrayBuffer] : [])]);
    const write = this.o.runner.run<WrittenFile>(task, transfer).then(({ target, ...facts }) => ({
      staged: target,
      entry: { path: rel, region: p.region, date: p.date, ...facts, commit: this.o.commitNo },
    }));
    this.writes.push(write);
    // Rows handed to a writer stay in memory until it is done: count them.
    this.writingBytes += p.bytes;
    const done = write.then(
      () => void (this.writingBytes -= p.bytes),
      () => void (this.writingBytes -= p.bytes),
    );
    this.writing.add(done);
    void done.then(() => this.writing.delete(done));
  }

  flushAll(): void {
    for (const key of [...this.pending.keys()]) this.flush(key);
  }

  /** Waits while writers hold more than half the budget. */
  async drain(): Promise<void> {
    while (this.writingBytes > this.o.bufferBytes / 2 && this.writing.size) await Promise.race(this.writing);
  }

  /** Every file of this run, once all are written. */
  finish(): Promise<StagedFile[]> {
    return Promise.all(this.writes);
  }

  /** Waits for running writers without failing (when the run is abandoned). */
  async abandon(): Promise<void> {
    await Promise.allSettled(this.writes);
  }
}
