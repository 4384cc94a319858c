// ColumnBatch: rows of shredded records laid out by column in typed arrays
// (Arrow-like: validity bytes, UTF-8 bytes + offsets), so batches move between
// worker threads without copying (transfer their ArrayBuffers).

import { COLUMNS, type LeafType } from './fields.js';
import type { Value } from './record.js';

export interface Utf8Data { readonly kind: 'utf8'; readonly offsets: Int32Array; readonly bytes: Uint8Array }
export interface BoolData { readonly kind: 'bool'; readonly values: Uint8Array }
export interface TimeData { readonly kind: 'time'; readonly values: Float64Array }
export type ColumnData = Utf8Data | BoolData | TimeData;

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

function kindOf(type: LeafType): ColumnData['kind'] {
  switch (type) {
    case 'string':
    case 'json':
      return 'utf8';
    case 'boolean':
      return 'bool';
    case 'timestamp':
      return 'time';
    default:
      return type satisfies never;
  }
}

/** Collects rows of values (as produced by shredRecord) and packs them once. */
export class BatchBuilder {
  private readonly cols: Value[][] = COLUMNS.map(() => []);
  rows = 0;
  /** Approximate payload bytes appended so far (UTF-16 length of strings + 8 per number). */
  approxBytes = 0;

  append(values: readonly Value[]): void {
    for (let c = 0; c < values.length; c++) {
      const v = values[c]!;
      this.cols[c]!.push(v);
      if (typeof v === 'string') this.approxBytes += v.length;
    }
    this.approxBytes += 8 * values.length;
    this.rows++;
  }

  finish(): ColumnBatch {
    const columns = COLUMNS.map((col, c) => packColumn(kindOf(col.type), this.cols[c]!, this.rows));
    return { rows: this.rows, columns };
  }
}

function packColumn(kind: ColumnData['kind'], vals: Value[], rows: number): ColumnVector {
  const valid = new Uint8Array(rows);
  switch (kind) {
    case 'utf8': {
      let total = 0;
      for (let i = 0; i < rows; i++) {
        const v = vals[i];
        if (typeof v === 'string') total += Buffer.byteLength(v, 'utf8');
      }
      const bytes = Buffer.allocUnsafeSlow(total);
      const offsets = new Int32Array(rows + 1);
      let pos = 0;
      for (let i = 0; i < rows; i++) {
        const v = vals[i];
        if (typeof v === 'string') {
          valid[i] = 1;
          pos += bytes.write(v, pos, "utf8");
        }
        offsets[i + 1] = pos;
      }
      return { valid, data: { kind, offsets, bytes: new Uint8Array(bytes.buffer, 0, total) } };
    }
    case 'bool': {
      const values = new Uint8Array(rows);
      for (let i = 0; i < rows; i++) {
        const v = vals[i];
        if (typeof v === 'boolean') {
          valid[i] = 1;
          values[i] = v ? 1 : 0;
        }
      }
      return { valid, data: { kind, values } };
    }
    case 'time': {
      const values = new Float64Array(rows);
      for (let i = 0; i < rows; i++) {
        const v = vals[i];
        if (typeof v === 'number') {
          valid[i] = 1;
          values[i] = v;
        }
      }
      return { valid, data: { kind, values } };
    }
    default:
      return kind satisfies never;
  }
}

/** Every ArrayBuffer behind a batch, for postMessage transfer lists. */
export function batchBuffers(batch: ColumnBatch): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const col of batch.columns) {
    out.add(col.valid.buffer as ArrayBuffer);
    const d = col.data;
    if (d.kind === 'utf8') {
      out.add(d.offsets.buffer as ArrayBuffer);
      out.add(d.bytes.buffer as ArrayBuffer);
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
  const d = col.data as Utf8Data;
  return decoder.decode(d.bytes.subarray(d.offsets[row]!, d.offsets[row + 1]!));
}

/** A row's value in any column, as shredRecord produced it. */
export function valueAt(col: ColumnVector, row: number): Value {
  if (!col.valid[row]) return null;
  const d = col.data;
  switch (d.kind) {
    case 'utf8':
      return stringAt(col, row);
    case 'bool':
      return d.values[row] === 1;
    case 'time':
      return d.values[row]!;
    default:
      return d satisfies never;
  }
}

/** Rows of several batches, optionally masked (`keep[i]` = 1 keeps row i), as one batch. */
export function concatBatches(parts: readonly { batch: ColumnBatch; keep?: Uint8Array }[]): ColumnBatch {
  const selections = parts.map(({ batch, keep }) => {
    const rows: number[] = [];
    for (let i = 0; i < batch.rows; i++) if (!keep || keep[i]) rows.push(i);
    return rows;
  });
  const rows = selections.reduce((n, s) => n + s.length, 0);
  const columns = COLUMNS.map((_, c) => {
    const valid = new Uint8Array(rows);
    const first = parts[0]!.batch.columns[c]!.data;
    let out = 0;
    switch (first.kind) {
      case 'utf8': {
        let total = 0;
        parts.forEach(({ batch }, p) => {
          const d = batch.columns[c]!.data as Utf8Data;
          for (const i of selections[p]!) total += d.offsets[i + 1]! - d.offsets[i]!;
        });
        const bytes = new Uint8Array(total);
        const offsets = new Int32Array(rows + 1);
        let pos = 0;
        parts.forEach(({ batch }, p) => {
          const vec = batch.columns[c]!;
          const d = vec.data as Utf8Data;
          for (const i of selections[p]!) {
            const s = d.offsets[i]!, e = d.offsets[i + 1]!;
            bytes.set(d.bytes.subarray(s, e), pos);
            pos += e - s;
            valid[out] = vec.valid[i]!;
            offsets[++out] = pos;
          }
        });
        return { valid, data: { kind: 'utf8', offsets, bytes } } satisfies ColumnVector;
      }
      case 'bool':
      case 'time': {
        const values = first.kind === 'bool' ? new Uint8Array(rows) : new Float64Array(rows);
        parts.forEach(({ batch }, p) => {
          const vec = batch.columns[c]!;
          const src = (vec.data as BoolData | TimeData).values;
          for (const i of selections[p]!) {
            values[out] = src[i]!;
            valid[out++] = vec.valid[i]!;
          }
        });
        return { valid, data: { kind: first.kind, values } as ColumnData } satisfies ColumnVector;
      }
      default:
        return first satisfies never;
    }
  });
  return { rows, columns };
}
