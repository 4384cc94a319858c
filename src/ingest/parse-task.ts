// The parse task (runs in a worker, or inline for small inputs): read a group of
// files, decide per file whether it is usable, and shred the records of usable
// files into one ColumnBatch per (region, date) partition. A file that cannot be
// read whole contributes nothing; a bad record is rejected on its own, by number.
// Records files, arrays and NDJSON go through fast-records.ts (bytes to
// columns) unless the store has event selectors; other shapes, and whatever the
// fast path declines, are JSON.parse'd and shredded with shredRecord.

import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { BatchBuilder, packBatch, type ColumnBatch } from '../model/batch.js';
import { COL, COLUMNS } from '../model/fields.js';
import { columnTables, type ColumnTables } from '../model/intern.js';
import { shredRecord, type JsonObject, type Value } from '../model/record.js';
import { DAY_MS, utcDate } from '../model/time.js';
import { BadFileError } from '../util/errors.js';
import { decodeBytes, decodeText, MAX_DOCUMENT_BYTES, tooLarge, TooLargeError } from './decode.js';
import { FastRecords, type FastSink } from './fast-records.js';
import { matchesSelectors, type AdvancedEventSelector } from './selectors.js';
import { parseNdjson, parseShape, type Shape } from './shape.js';
import { derivedEventId, looksLikeCloudTrail, MAX_RECORD_BYTES, recordProblem, sizeProblem } from './validate.js';

export interface ParseTask {
  readonly kind: 'parse';
  /**
   * Files to read; `bytes` is given instead of reading `path` (a piece of a
   * large file, or a test's text), or `source` is read, `path` naming it in
   * reports (standard input's copy, reported as `-`).
   * With `firstLine`, `bytes` are lines of a large NDJSON file from that line
   * on (big-ndjson.ts): with `check`, only read as they will be, to find
   * whether the file can be (the report's error and cloudTrail; no rows).
   */
  readonly files: readonly { readonly path: string; readonly bytes?: Uint8Array; readonly source?: string; readonly firstLine?: number; readonly check?: boolean }[];
  readonly selectors: readonly AdvancedEventSelector[] | null;
  /** Events older than this (epoch ms) are past retention and skipped. */
  readonly retentionCutoffMs: number;
}

export interface RecordRejection { readonly n: number; readonly reason: string }

export interface FileReport {
  readonly path: string;
  bytes: number;
  shape?: Shape;
  records: number;
  accepted: number;
  filtered: number;
  expired: number;
  readonly rejected: RecordRejection[];
  /** Set when the whole file was refused. */
  error?: string;
  /** Refused for its size alone: the pipeline reads it in pieces if it is NDJSON. */
  tooLarge?: boolean;
  /** A checked piece: whether one of its records looks like CloudTrail. */
  cloudTrail?: boolean;
}

export interface PartitionBatch {
  /** awsRegion, or null when the record has none. */
  readonly region: string | null;
  readonly date: string;
  readonly batch: ColumnBatch;
}

export interface ParseResult {
  readonly files: FileReport[];
  readonly partitions: PartitionBatch[];
}

/** The file's text bytes: nothing is shredded until the whole file is known good. */
function readBytes(file: ParseTask['files'][number], report: FileReport): Buffer {
  report.bytes = file.bytes ? file.bytes.byteLength : 0;
  if (report.bytes > MAX_DOCUMENT_BYTES) throw tooLarge(report.bytes);
  const bytes = file.bytes ?? readWhole(file.source ?? file.path, report);
  report.bytes = bytes.byteLength;
  return decodeBytes(bytes);
}

/**
 * A file's bytes, refused before they are read when it is too large: one open,
 * fstat, read and close (a stat by path first, then readFileSync, made five
 * system calls a file, and real trails deliver thousands of small files a day).
 */
function readWhole(path: string, report: FileReport): Buffer {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    report.bytes = size;
    if (size > MAX_DOCUMENT_BYTES) throw tooLarge(size);
    // No size (a pipe, a /proc file): read to its end.
    if (size === 0) return readFileSync(fd);
    const buf = Buffer.allocUnsafeSlow(size); // as readFileSync: never a slice of Node's shared pool
    let got = 0;
    for (let n; got < size && (n = readSync(fd, buf, got, size - got, null)) > 0; ) got += n;
    return got < size ? buf.subarray(0, got) : buf;
  } finally {
    closeSync(fd);
  }
}

/** Parsed and validated records of one file, the general way (any shape). */
function readItems(text: Buffer, report: FileReport) {
  const parsed = parseShape(decodeText(text));
  report.shape = parsed.shape;
  report.records = parsed.items.length;
  if (parsed.items.length > 0 && !parsed.items.some((it) => looksLikeCloudTrail(it.record))) {
    throw new BadFileError('not CloudTrail: no record has eventVersion, eventSource or eventName');
  }
  return parsed.items;
}

/** What a checked piece's fast path hands on: nothing is kept. */
const IGNORE: FastSink = { row() {}, record() {} };

/** The text of a piece of a large NDJSON file (checked whole before: these checks are cheap). */
function pieceText(bytes: Uint8Array, report: FileReport): Buffer {
  report.bytes = bytes.byteLength;
  return decodeBytes(bytes);
}

/** Records of a piece of a large NDJSON file (lines from `firstLine` on), numbered by their line in the file. */
function readPiece(text: Buffer, firstLine: number, report: FileReport) {
  const parsed = parseNdjson(text.toString('utf8'), firstLine - 1);
  report.shape = parsed.shape;
  report.records = parsed.items.length;
  return parsed.items;
}

/**
 * Builders of finished tasks, emptied, for the next tasks of this thread: their
 * buffers have grown to a task's size already. New ones grow from a few KiB by
 * doubling, and each doubling is fresh memory to fault in: 190 of 409k events'
 * ~9,000 parse CPU-ms went to allocating them.
 */
const spareBuilders: BatchBuilder[] = [];
/** At most this many bytes of spare builders per thread (a task's text is ~13 MB; its columns less). */
const SPARE_BYTES = 32 << 20;
let spareBytes = 0;

function takeBuilder(tables: ColumnTables): BatchBuilder {
  const b = spareBuilders.pop();
  if (!b) return new BatchBuilder(tables);
  spareBytes -= b.capacity();
  b.useTables(tables);
  return b;
}

/**
 * The interned columns' tables, one set per thread, emptied for each task: a
 * task's batches carry their entries (packBatch copies them at the task's end).
 */
const TABLES = columnTables();

function taskTables(): ColumnTables {
  for (const t of TABLES) t?.clear();
  return TABLES;
}

function giveBack(b: BatchBuilder): void {
  b.truncate(0);
  const bytes = b.capacity();
  if (spareBytes + bytes > SPARE_BYTES) return;
  spareBuilders.push(b);
  spareBytes += bytes;
}

/** Column batches being built, one per (region, UTC day) partition. */
class Partitions {
  constructor(private readonly tables: ColumnTables) {}

  private readonly builders = new Map<string, { region: string | null; date: string; b: BatchBuilder }>();
  /**
   * The last two partitions used, most recent first: records nearly always go
   * to one of them (a region's own and, interleaved, the global events of
   * us-east-1), so the key string and the map lookup are skipped.
   */
  private last: { day: number; region: string | null; b: BatchBuilder | null } = { day: NaN, region: null, b: null };
  private before: { day: number; region: string | null; b: BatchBuilder | null } = { day: NaN, region: null, b: null };

  builder(region: string | null, time: number): BatchBuilder {
    const day = Math.floor(time / DAY_MS);
    if (day !== this.last.day || region !== this.last.region) {
      const prev = this.last;
      if (day === this.before.day && region === this.before.region) this.last = this.before;
      else {
        const key = `${region}\u0000${day}`;
        let entry = this.builders.get(key);
        if (!entry) this.builders.set(key, (entry = { region, date: utcDate(time), b: takeBuilder(this.tables) }));
        this.last = { day, region, b: entry.b };
      }
      this.before = prev;
    }
    return this.last.b!;
  }

  /** Row counts now, to undo a file with `rollback`. */
  mark(): Map<BatchBuilder, number> {
    return new Map([...this.builders.values()].map((e) => [e.b, e.b.rows]));
  }

  rollback(mark: Map<BatchBuilder, number>): void {
    for (const { b } of this.builders.values()) b.truncate(mark.get(b) ?? 0);
  }

  /** The partitions' rows, packed (copied: the builders go back to the spares). */
  finish(): PartitionBatch[] {
    const out: PartitionBatch[] = [];
    for (const { region, date, b } of this.builders.values()) {
      if (b.rows > 0) out.push({ region, date, batch: packBatch(b.finish()) });
      giveBack(b);
    }
    return out;
  }
}

export function runParseTask(task: ParseTask): ParseResult {
  const tables = taskTables();
  const parts = new Partitions(tables);
  const values: Value[] = new Array(COLUMNS.length).fill(null);
  const files: FileReport[] = [];
  const fast = task.selectors ? null : new FastRecords(tables);

  for (const file of task.files) {
    const report: FileReport = { path: file.path, bytes: 0, records: 0, accepted: 0, filtered: 0, expired: 0, rejected: [] };
    files.push(report);
    const general = (record: unknown, n: number, bytes?: number) => acceptRecord(task, parts, values, report, record, n, bytes);
    const check = file.check === true;
    let items;
    try {
      const piece = file.firstLine;
      const text = piece === undefined ? readBytes(file, report) : pieceText(file.bytes!, report);
      if (fast) {
        const mark = parts.mark();
        const counts = fast.run(text, task.retentionCutoffMs, check ? IGNORE : {
          row: (row, region, time) => parts.builder(region, time).appendSpans(row),
          record: general,
        }, piece);
        if (counts) {
          report.shape = counts.shape;
          report.records = counts.records;
          report.accepted += counts.accepted;
          report.expired += counts.expired;
          if (check) report.cloudTrail = counts.records > 0; // the fast path reads no document without one
          continue;
        }
        // Not a document the fast path reads whole: undo it, read it the general way.
        parts.rollback(mark);
        Object.assign(report, { accepted: 0, filtered: 0, expired: 0 });
        report.rejected.length = 0;
      }
      items = piece === undefined ? readItems(text, report) : readPiece(text, piece, report);
    } catch (e) {
      report.error = describe(e);
      if (e instanceof TooLargeError) report.tooLarge = true;
      continue;
    }
    if (check) report.cloudTrail = items.some((it) => looksLikeCloudTrail(it.record));
    else for (const item of items) general(item.record, item.n, item.bytes);
  }
  return { files, partitions: parts.finish() };
}

/** One parsed record: rejected, filtered, expired, or shredded into its partition's batch. */
function acceptRecord(task: ParseTask, parts: Partitions, values: Value[], report: FileReport, item: unknown, n: number, bytes: number | undefined): void {
  const problem = recordProblem(item);
  if (problem) {
    report.rejected.push({ n, reason: problem });
    return;
  }
  const record = item as JsonObject;
  if (task.selectors && !matchesSelectors(record, task.selectors)) {
    report.filtered++;
    return;
  }
  shredRecord(record, values);
  const time = values[COL.eventTime] as number;
  if (time < task.retentionCutoffMs) {
    report.expired++;
    return;
  }
  const tooBig = sizeProblem(bytes ?? recordBytes(record, values));
  if (tooBig) {
    report.rejected.push({ n, reason: tooBig });
    return;
  }
  // No eventID, or one that is not a string (kept as is in the residual): derive one.
  if (values[COL.eventID] === null) {
    values[COL.eventID] = derivedEventId(record);
    values[COL.derivedId] = true;
  }
  const region = typeof record.awsRegion === 'string' ? record.awsRegion : null;
  parts.builder(region, time).append(values);
  report.accepted++;
}

/**
 * UTF-8 size of the record's JSON, exact whenever it could exceed the limit: the
 * shredded strings bound it cheaply, and only records near the limit are serialized.
 */
function recordBytes(record: JsonObject, values: readonly Value[]): number {
  let chars = 0;
  for (const v of values) if (typeof v === 'string') chars += v.length;
  if ((chars + 4096) * 3 < MAX_RECORD_BYTES) return chars;
  return Buffer.byteLength(JSON.stringify(record));
}

function describe(e: unknown): string {
  if (e instanceof BadFileError) return e.reason;
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return 'file not found';
  if (err.code === 'EACCES') return 'permission denied';
  if (err.code === 'EISDIR') return 'is a directory';
  if (err.code === 'ERR_STRING_TOO_LONG' || err.code === 'ERR_FS_FILE_TOO_LARGE') return 'file too large to read at once';
  throw e;
}
