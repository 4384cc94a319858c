// ColumnBatch: rows of shredded records laid out by column in typed arrays
// (Arrow-like: validity bytes, UTF-8 bytes + offsets), so batches move between
// worker threads without copying (transfer their ArrayBuffers).

import { COLUMNS, type Column } from './fields.js';
import { columnTables, InternTable, type ColumnTables } from './intern.js';
import type { Value } from './record.js';
import { COPY_SLACK, copyShort, grown, SHORT_COPY, viewed, type ViewedBytes } from '../util/copy-bytes.js';
import { float64Scratch, int32Scratch, uint8Scratch } from '../util/scratch.js';

export interface Utf8Data { readonly kind: 'utf8'; readonly offsets: Int32Array; readonly bytes: Uint8Array }
/** An interned string column: row r's value is entry ids[r] (where valid), entry k is bytes[offsets[k], offsets[k + 1]). */
export interface DictData { readonly kind: 'dict'; readonly ids: Int32Array; readonly offsets: Int32Array; readonly bytes: Uint8Array }
export interface BoolData { readonly kind: 'bool'; readonly values: Uint8Array }
export interface TimeData { readonly kind: 'time'; readonly values: Float64Array }
export type ColumnData = Utf8Data | DictData | BoolData | TimeData;

/**
 * An interned column's data over `table`'s entries. Written as a literal, never
 * as a spread of entries(): V8 gives an object made by a spread a map of its
 * own that dies with the objects, so the optimized code of every function that
 * reads it (dictionary building, concatenation) was thrown away and compiled
 * again all through an ingest.
 */
export function dictData(ids: Int32Array, table: InternTable): DictData {
  const { offsets, bytes } = table.entries();
  return { kind: 'dict', ids, offsets, bytes };
}

export interface ColumnVector {
  /** 1 where the row has a value, 0 for null. */
  readonly valid: Uint8Array;
  readonly data: ColumnData;
}

export interface ColumnBatch {
  readonly rows: number;
  /** One vector per entry of COLUMNS, same order. */
  readonly columns: readonly ColumnVector[];
}

function kindOf(column: Column): ColumnData['kind'] {
  if (column.interned) return 'dict';
  switch (column.type) {
    case 'string':
    case 'json':
      return 'utf8';
    case 'boolean':
      return 'bool';
    case 'timestamp':
      return 'time';
    default:
      return column.type satisfies never;
  }
}

/**
 * Appends rows of values (as produced by shredRecord) straight into growable
 * typed buffers, so strings die young instead of piling up in JS arrays.
 * Buffers come from allocUnsafeSlow: never Node's shared pool, since they are
 * transferred (detached) across threads. Interned columns' values go to
 * `tables`, which builders of one parse task share (each batch carries all of
 * their entries, used or not).
 */
export class BatchBuilder {
  private readonly cols: ColumnBuilder[] = COLUMNS.map((c) => new ColumnBuilder(kindOf(c)));
  rows = 0;

  constructor(tables: ColumnTables = columnTables()) {
    this.useTables(tables);
  }

  /** Interns into these tables from now on (an empty builder, taken for another task). */
  useTables(tables: ColumnTables): void {
    this.cols.forEach((col, c) => (col.table = tables[c] ?? null));
  }

  append(values: readonly Value[]): void {
    for (let c = 0; c < values.length; c++) this.cols[c]!.append(values[c]!, this.rows);
    this.rows++;
  }

  /** Appends a record shredded to byte spans and entry indices (ingest's fast path): bytes are copied, no strings made. */
  appendSpans(row: SpanRow): void {
    // Only the columns the record has: the others' rows are filled in when next written, or at finish.
    const { list, count } = row;
    for (let k = 0; k < count; k++) {
      const c = list[k]!;
      this.cols[c]!.appendSpan(row, c, this.rows);
    }
    this.rows++;
  }

  /** Drops the rows after the first `rows` (a file that turned out bad contributes none). */
  truncate(rows: number): void {
    for (const c of this.cols) c.truncate(rows, this.rows);
    this.rows = rows;
  }

  finish(): ColumnBatch {
    return { rows: this.rows, columns: this.cols.map((c) => c.finish(this.rows)) };
  }

  /** Bytes its buffers hold, used or not. */
  capacity(): number {
    let n = 0;
    for (const c of this.cols) n += c.capacity();
    return n;
  }
}

/**
 * One record as the fast path shreds it: per column, a byte range of a source
 * buffer, a string (a value that had to be decoded or re-serialized), or a
 * number (eventTime in ms, booleans as 0/1, an interned value's entry index). Column c holds a value for the
 * current record iff set[c] === stamp, so starting a record costs one increment.
 */
export class SpanRow {
  stamp = 1;
  readonly set = new Int32Array(COLUMNS.length);
  readonly src: ViewedBytes[] = new Array<ViewedBytes>(COLUMNS.length).fill(NO_SOURCE);
  readonly start = new Int32Array(COLUMNS.length);
  readonly end = new Int32Array(COLUMNS.length);
  readonly str: (string | null)[] = new Array<string | null>(COLUMNS.length).fill(null);
  readonly num = new Float64Array(COLUMNS.length);
  /** The columns set for the current record, in the order they were set. */
  readonly list = new Int32Array(COLUMNS.length);
  count = 0;

  /** Starts a new record: every column null. */
  next(): void {
    this.stamp++;
    this.count = 0;
  }

  private mark(c: number): void {
    if (this.set[c] === this.stamp) return;
    this.set[c] = this.stamp;
    this.list[this.count++] = c;
  }

  bytes(c: number, src: ViewedBytes, start: number, end: number): void {
    this.mark(c);
    this.src[c] = src;
    this.start[c] = start;
    this.end[c] = end;
    this.str[c] = null;
  }

  string(c: number, s: string): void {
    this.mark(c);
    this.str[c] = s;
  }

  number(c: number, v: number): void {
    this.mark(c);
    this.num[c] = v;
  }

  has(c: number): boolean {
    return this.set[c] === this.stamp;
  }
}
const EMPTY = new Uint8Array(0);
const NO_SOURCE = viewed(EMPTY);

/**
 * Buffer#utf8Write (Node's binding behind Buffer#write) skips write's argument
 * parsing: measured ~5% of ingest. Used when present, called as a method.
 */
type Utf8Writable = Buffer & { utf8Write?(s: string, offset: number, length: number): number };
const HAS_UTF8_WRITE = typeof (Buffer.prototype as Utf8Writable).utf8Write === 'function';


class ColumnBuilder {
  private valid = new Uint8Array(256);
  private offsets: Int32Array;
  private bytes: Utf8Writable;
  /** `bytes`, viewed. */
  private out: ViewedBytes;
  /** bool: 0/1; time: ms; dict: entry indices. */
  private values: Uint8Array | Float64Array | Int32Array;
  /** dict: the distinct values (the task's table of this column). */
  table: InternTable | null = null;
  private pos = 0;
  /** utf8: rows whose end offset is recorded (rows after it are nulls not yet written down). */
  private filled = 0;

  constructor(private readonly kind: ColumnData['kind']) {
    this.offsets = new Int32Array(kind === 'utf8' ? 257 : 0);
    this.bytes = Buffer.allocUnsafeSlow(kind === 'utf8' ? 4096 : 0) as Utf8Writable;
    this.out = viewed(this.bytes);
    this.values = kind === 'bool' ? new Uint8Array(256) : kind === 'dict' ? new Int32Array(256) : new Float64Array(kind === 'time' ? 256 : 0);
  }

  append(v: Value, row: number): void {
    while (row >= this.valid.length) this.growRows();
    switch (this.kind) {
      case 'utf8':
        this.fillTo(row);
        this.filled = row + 1;
        if (typeof v === 'string') {
          if (this.pos + v.length * 3 > this.bytes.length) this.growBytes(v.length * 3);
          this.pos += HAS_UTF8_WRITE
            ? this.bytes.utf8Write!(v, this.pos, this.bytes.length - this.pos)
            : this.bytes.write(v, this.pos, 'utf8');
          this.valid[row] = 1;
        }
        this.offsets[row + 1] = this.pos;
        return;
      case 'dict':
        if (typeof v === 'string') {
          this.values[row] = this.table!.string(v);
          this.valid[row] = 1;
        }
        return;
      case 'bool':
        if (typeof v === 'boolean') {
          this.values[row] = v ? 1 : 0;
          this.valid[row] = 1;
        }
        return;
      case 'time':
        if (typeof v === 'number') {
          this.values[row] = v;
          this.valid[row] = 1;
        }
        return;
      default:
        return this.kind satisfies never;
    }
  }

  /** Records the end offsets of rows `filled` to `row - 1`: nulls, so where the bytes stand now. */
  private fillTo(row: number): void {
    const o = this.offsets, pos = this.pos;
    for (let r = this.filled; r < row; r++) o[r + 1] = pos;
    if (row > this.filled) this.filled = row;
  }

  appendSpan(r: SpanRow, c: number, row: number): void {
    while (row >= this.valid.length) this.growRows();
    this.valid[row] = 1;
    // bool, time, and dict (the fast path interned the value: its entry index)
    if (this.kind !== 'utf8') {
      this.values[row] = r.num[c]!;
      return;
    }
    this.fillTo(row);
    this.filled = row + 1;
    const str = r.str[c];
    if (str !== null) {
      if (this.pos + str.length * 3 > this.bytes.length) this.growBytes(str.length * 3);
      this.pos += HAS_UTF8_WRITE ? this.bytes.utf8Write!(str, this.pos, this.bytes.length - this.pos) : this.bytes.write(str, this.pos, 'utf8');
    } else {
      const src = r.src[c]!, s = r.start[c]!, e = r.end[c]!;
      if (this.pos + e - s + COPY_SLACK > this.bytes.length) this.growBytes(e - s + COPY_SLACK);
      if (e - s < SHORT_COPY) this.pos = copyShort(src, s, e, this.out, this.pos);
      else {
        this.bytes.set(src.u8.subarray(s, e), this.pos);
        this.pos += e - s;
      }
    }
    this.offsets[row + 1] = this.pos;
  }

  capacity(): number {
    return this.valid.byteLength + this.offsets.byteLength + this.bytes.byteLength + this.values.byteLength;
  }

  /** Keeps the first `rows` rows. A dict column's table keeps its entries: unused ones are harmless. */
  truncate(rows: number, had: number): void {
    this.valid.fill(0, rows, had);
    if (this.kind === 'utf8') {
      while (rows >= this.valid.length) this.growRows();
      this.fillTo(rows);
      this.pos = this.offsets[rows]!;
      this.filled = rows;
    }
  }

  private growRows(): void {
    const n = this.valid.length * 2;
    this.valid = grown(this.valid, n);
    if (this.kind === 'utf8') this.offsets = grown(this.offsets, n + 1);
    else this.values = grown(this.values, n);
  }

  private growBytes(need: number): void {
    const b = Buffer.allocUnsafeSlow(Math.max(this.bytes.length * 2, this.pos + need)) as Utf8Writable;
    this.bytes.copy(b, 0, 0, this.pos);
    this.bytes = b;
    this.out = viewed(b);
  }

  finish(rows: number): ColumnVector {
    while (rows > this.valid.length) this.growRows();
    if (this.kind === 'utf8') this.fillTo(rows);
    const valid = this.valid.subarray(0, rows);
    switch (this.kind) {
      case 'utf8':
        return { valid, data: { kind: 'utf8', offsets: this.offsets.subarray(0, rows + 1), bytes: new Uint8Array(this.bytes.buffer, 0, this.pos) } };
      case 'dict':
        return { valid, data: dictData((this.values as Int32Array).subarray(0, rows), this.table!) };
      case 'bool':
        return { valid, data: { kind: 'bool', values: (this.values as Uint8Array).subarray(0, rows) } };
      case 'time':
        return { valid, data: { kind: 'time', values: (this.values as Float64Array).subarray(0, rows) } };
      default:
        return this.kind satisfies never;
    }
  }
}

type Packable = Uint8Array | Int32Array | Float64Array;

/**
 * A copy of `batch` whose arrays all live in one ArrayBuffer of the size they
 * need. A builder's buffers grow by doubling from a few KiB per column, so a
 * batch of a few rows holds ~300 KB and a large one up to twice what it uses:
 * memory that an ingest's write budget counts and that crosses threads.
 */
export function packBatch(whole: ColumnBatch): ColumnBatch {
  const used: ColumnVector[] = [];
  for (const col of whole.columns) used.push(col.data.kind === 'dict' ? { valid: col.valid, data: usedEntries(col.data, col.valid) } : col);
  let size = 0;
  for (const col of used) {
    const d = col.data;
    if (d.kind === 'utf8' || d.kind === 'dict') {
      size = reserve(size, d.offsets);
      size = reserve(size, d.bytes);
    }
    if (d.kind === 'dict') size = reserve(size, d.ids);
    else if (d.kind !== 'utf8') size = reserve(size, d.values);
    size = reserve(size, col.valid);
  }
  const packer = new Packer(new ArrayBuffer(size));
  const columns: ColumnVector[] = [];
  for (const col of used) columns.push(packColumn(col, packer));
  return { rows: whole.rows, columns };
}

// packBatch's helpers are module functions and a class, not arrows inside it: an
// arrow is a new closure per call, and V8 recompiles one whose closures all died.

/** `size` bytes, aligned for `a`, plus a's bytes. */
function reserve(size: number, a: Packable): number {
  return Math.ceil(size / a.BYTES_PER_ELEMENT) * a.BYTES_PER_ELEMENT + a.byteLength;
}

/** Copies arrays one after the other (each aligned) into one buffer. */
class Packer {
  private at = 0;

  constructor(private readonly buf: ArrayBuffer) {}

  place<T extends Packable>(a: T): T {
    this.at = Math.ceil(this.at / a.BYTES_PER_ELEMENT) * a.BYTES_PER_ELEMENT;
    const b = new (a.constructor as new (buf: ArrayBuffer, offset: number, length: number) => T)(this.buf, this.at, a.length);
    b.set(a);
    this.at += a.byteLength;
    return b;
  }
}

function packColumn(col: ColumnVector, packer: Packer): ColumnVector {
  const d = col.data;
  switch (d.kind) {
    case 'utf8': {
      const offsets = packer.place(d.offsets), bytes = packer.place(d.bytes);
      return { valid: packer.place(col.valid), data: { kind: 'utf8', offsets, bytes } };
    }
    case 'dict': {
      const ids = packer.place(d.ids), offsets = packer.place(d.offsets), bytes = packer.place(d.bytes);
      return { valid: packer.place(col.valid), data: { kind: 'dict', ids, offsets, bytes } };
    }
    case 'bool': {
      const values = packer.place(d.values);
      return { valid: packer.place(col.valid), data: { kind: 'bool', values } };
    }
    case 'time': {
      const values = packer.place(d.values);
      return { valid: packer.place(col.valid), data: { kind: 'time', values } };
    }
    default:
      return d satisfies never;
  }
}

/**
 * An interned column with only the entries its rows use, renumbered in order of
 * first use (itself when it has no other): a task's table serves all of its
 * partitions' batches, and rows dropped by dedupe leave entries unused.
 */
export function usedEntries(d: DictData, valid: Uint8Array): DictData {
  const { ids, offsets, bytes } = d;
  const number = new Int32Array(offsets.length - 1).fill(-1);
  let count = 0, size = 0;
  for (let r = 0; r < ids.length; r++) {
    if (!valid[r]) continue;
    const id = ids[r]!;
    if (number[id]! < 0) {
      number[id] = count++;
      size += offsets[id + 1]! - offsets[id]!;
    }
  }
  if (count === number.length) return d;
  const used = new Int32Array(ids.length), usedOffsets = new Int32Array(count + 1), usedBytes = new Uint8Array(size);
  for (let id = 0; id < number.length; id++) {
    const k = number[id]!;
    if (k >= 0) usedOffsets[k + 1] = offsets[id + 1]! - offsets[id]!;
  }
  for (let k = 0; k < count; k++) usedOffsets[k + 1]! += usedOffsets[k]!;
  for (let id = 0; id < number.length; id++) {
    const k = number[id]!;
    if (k >= 0) usedBytes.set(bytes.subarray(offsets[id]!, offsets[id + 1]!), usedOffsets[k]!);
  }
  for (let r = 0; r < ids.length; r++) if (valid[r]) used[r] = number[ids[r]!]!;
  return { kind: 'dict', ids: used, offsets: usedOffsets, bytes: usedBytes };
}

/** Every ArrayBuffer behind a batch, for postMessage transfer lists. */
export function batchBuffers(batch: ColumnBatch): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const col of batch.columns) {
    out.add(col.valid.buffer as ArrayBuffer);
    const d = col.data;
    if (d.kind === 'utf8' || d.kind === 'dict') {
      out.add(d.offsets.buffer as ArrayBuffer);
      out.add(d.bytes.buffer as ArrayBuffer);
      if (d.kind === 'dict') out.add(d.ids.buffer as ArrayBuffer);
    } else {
      out.add(d.values.buffer as ArrayBuffer);
    }
  }
  return [...out];
}

const decoder = new TextDecoder();

/** The string at a row of a utf8 column, or null. */
export function stringAt(col: ColumnVector, row: number): string | null {
  if (!col.valid[row]) return null;
  const d = col.data as Utf8Data | DictData;
  const k = d.kind === 'dict' ? d.ids[row]! : row;
  return decoder.decode(d.bytes.subarray(d.offsets[k]!, d.offsets[k + 1]!));
}

/** A row's value in any column, as shredRecord produced it. */
export function valueAt(col: ColumnVector, row: number): Value {
  if (!col.valid[row]) return null;
  const d = col.data;
  switch (d.kind) {
    case 'utf8':
    case 'dict':
      return stringAt(col, row);
    case 'bool':
      return d.values[row] === 1;
    case 'time':
      return d.values[row]!;
    default:
      return d satisfies never;
  }
}

export interface Segment { readonly batch: ColumnBatch; readonly keep?: Uint8Array }

/** The runs of consecutive kept rows of segments, found once for all columns: (segment, start, end) each. */
interface Runs { readonly seg: Int32Array; readonly start: Int32Array; readonly end: Int32Array; readonly count: number; readonly rows: number }

function keptRuns(parts: readonly Segment[]): Runs {
  const runs = new RunList();
  for (let p = 0; p < parts.length; p++) {
    const { batch, keep } = parts[p]!;
    const n = batch.rows;
    if (!keep) {
      if (n) runs.push(p, 0, n);
      continue;
    }
    let i = 0;
    while (i < n) {
      while (i < n && !keep[i]) i++;
      const s = i;
      while (i < n && keep[i]) i++;
      if (i > s) runs.push(p, s, i);
    }
  }
  return runs;
}

/** Runs being collected (a class, not closures made per call: see packBatch). */
class RunList implements Runs {
  private cap = 64;
  count = 0;
  rows = 0;
  seg = new Int32Array(64);
  start = new Int32Array(64);
  end = new Int32Array(64);

  push(p: number, s: number, e: number): void {
    if (this.count === this.cap) {
      this.cap *= 2;
      this.seg = grown(this.seg, this.cap);
      this.start = grown(this.start, this.cap);
      this.end = grown(this.end, this.cap);
    }
    this.seg[this.count] = p;
    this.start[this.count] = s;
    this.end[this.count++] = e;
    this.rows += e - s;
  }
}

/** Validity of column `c` over the kept rows of segments. */
function concatValid(parts: readonly Segment[], runs: Runs, c: number): Uint8Array {
  const valid = new Uint8Array(runs.rows);
  let at = 0;
  for (let k = 0; k < runs.count; k++) {
    const v = parts[runs.seg[k]!]!.batch.columns[c]!.valid;
    const s = runs.start[k]!, e = runs.end[k]!;
    if (e - s < 16) for (let r = s; r < e; r++) valid[at++] = v[r]!;
    else {
      valid.set(v.subarray(s, e), at);
      at += e - s;
    }
  }
  return valid;
}

/**
 * Column `c` of several batches' kept rows (`keep[i]` = 1 keeps row i), as one
 * vector of `runs.rows` rows (the kept total). Copies runs, not rows.
 */
function concatColumn(parts: readonly Segment[], runs: Runs, c: number, valid: Uint8Array): ColumnVector {
  const first = parts[0]!.batch.columns[c]!.data;
  const rows = runs.rows;
  let out = 0;
  switch (first.kind) {
    case 'utf8': {
      let total = 0;
      for (let k = 0; k < runs.count; k++) {
        const o = (parts[runs.seg[k]!]!.batch.columns[c]!.data as Utf8Data).offsets;
        total += o[runs.end[k]!]! - o[runs.start[k]!]!;
      }
      const bytes = reused.bytes.take(total);
      const offsets = reused.offsets.take(rows + 1);
      offsets[0] = 0;
      let pos = 0;
      for (let k = 0; k < runs.count; k++) {
        const d = parts[runs.seg[k]!]!.batch.columns[c]!.data as Utf8Data;
        const s = runs.start[k]!, e = runs.end[k]!;
        bytes.set(d.bytes.subarray(d.offsets[s]!, d.offsets[e]!), pos);
        const shift = pos - d.offsets[s]!;
        for (let r = s; r < e; r++) offsets[++out] = d.offsets[r + 1]! + shift;
        pos = offsets[out]!;
      }
      return { valid, data: { kind: 'utf8', offsets, bytes } };
    }
    case 'dict': {
      // One table for all segments: each segment's entries are interned into it once, rows remapped.
      const table = reused.table;
      table.clear();
      const remaps: (Int32Array | undefined)[] = [];
      const ids = reused.ids.take(rows);
      for (let k = 0; k < runs.count; k++) {
        const seg = runs.seg[k]!, col = parts[seg]!.batch.columns[c]!;
        const d = col.data as DictData, v = col.valid;
        const remap = (remaps[seg] ??= table.addAll(d.offsets, d.bytes));
        for (let r = runs.start[k]!, e = runs.end[k]!; r < e; r++) ids[out++] = v[r] ? remap[d.ids[r]!]! : 0;
      }
      return { valid, data: dictData(ids, table) };
    }
    case 'bool':
    case 'time': {
      const values = first.kind === 'bool' ? reused.flags.take(rows) : reused.times.take(rows);
      for (let k = 0; k < runs.count; k++) {
        const src = (parts[runs.seg[k]!]!.batch.columns[c]!.data as BoolData | TimeData).values;
        const s = runs.start[k]!, e = runs.end[k]!;
        values.set(src.subarray(s, e), out);
        out += e - s;
      }
      return { valid, data: { kind: first.kind, values } as ColumnData };
    }
    default:
      return first satisfies never;
  }
}

/**
 * concatColumn's arrays, reused from one column to the next: fresh memory per
 * column (~450 bytes an event) is paid for in page faults and collections. So
 * a concatenated column is valid until the next column() call on this thread.
 */
const reused = {
  table: new InternTable(),
  bytes: uint8Scratch(),
  offsets: int32Scratch(),
  ids: int32Scratch(),
  times: float64Scratch(),
  flags: uint8Scratch(),
};

/**
 * Column access for the Parquet encoder, which takes one column at a time: over
 * several segments, each column is concatenated only when asked for, so a write
 * never holds a second copy of the whole batch.
 */
export interface ColumnSource {
  readonly rows: number;
  column(c: number): ColumnVector;
  /** Just the validity of column `c` (cheap). */
  valid(c: number): Uint8Array;
}

export function columnSource(parts: readonly Segment[]): ColumnSource {
  if (parts.length === 1 && !parts[0]!.keep) return new BatchSource(parts[0]!.batch);
  return new ConcatSource(parts, keptRuns(parts));
}

// Sources are classes, not objects of arrows: one set of methods, compiled once per thread.

class BatchSource implements ColumnSource {
  readonly rows: number;

  constructor(private readonly batch: ColumnBatch) {
    this.rows = batch.rows;
  }

  column(c: number): ColumnVector {
    return this.batch.columns[c]!;
  }

  valid(c: number): Uint8Array {
    return this.batch.columns[c]!.valid;
  }
}

class ConcatSource implements ColumnSource {
  readonly rows: number;
  /** Validity is asked for before the column (group presence): kept until then. */
  private readonly valids = new Map<number, Uint8Array>();

  constructor(private readonly parts: readonly Segment[], private readonly runs: Runs) {
    this.rows = runs.rows;
  }

  column(c: number): ColumnVector {
    const v = this.valid(c);
    this.valids.delete(c);
    return concatColumn(this.parts, this.runs, c, v);
  }

  valid(c: number): Uint8Array {
    let v = this.valids.get(c);
    if (!v) this.valids.set(c, (v = concatValid(this.parts, this.runs, c)));
    return v;
  }
}
