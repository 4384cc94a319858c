// Rows between threads: a worker encodes a task's rows as Arrow IPC (moved to
// the main thread, not copied), and the main thread decodes them back into
// value columns. Only these two places load apache-arrow, so a query that
// runs on the main thread alone never pays for loading it. Text columns are
// built and read at the buffer level (offsets, UTF-8 bytes, validity): the
// builder behind vectorFromArray and the vector's iterator cost a worker an
// eighth of a needle that returns 6,874 rows of JSON text.

import { makeData, makeVector, tableFromIPC, tableToIPC, vectorFromArray, Utf8, Bool, Float64, Table, type Data, type Vector } from 'apache-arrow';
import type { SqlType, Value } from '../plan/types.js';
import type { Chunk } from './chunk.js';

/** A Utf8 vector of `vals` (NULL stays NULL; a non-text value is written as JSON). */
function textVector(vals: readonly Value[]): Vector<Utf8> {
  const n = vals.length;
  const texts: (string | null)[] = new Array(n);
  let units = 0, nulls = 0;
  for (let i = 0; i < n; i++) {
    const v = vals[i]!;
    const s = v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v);
    texts[i] = s;
    if (s === null) nulls++;
    else units += s.length;
  }
  // A UTF-16 unit takes at most 3 bytes of UTF-8 (a surrogate pair, 2 units, takes 4).
  const data = Buffer.allocUnsafe(units * 3);
  const offsets = new Int32Array(n + 1);
  const validity = nulls ? new Uint8Array((n + 7) >> 3) : undefined;
  if (validity) for (let i = 0; i < n; i++) if (texts[i] !== null) validity[i >> 3]! |= 1 << (i & 7);
  // All the values in one write (join makes NULLs empty); if every unit took one byte (ASCII, nearly all
  // of CloudTrail), each value's bytes are its units and the offsets follow from the lengths alone.
  let pos = data.write(texts.join(''), 0, 'utf8');
  if (pos === units) {
    for (let i = 0, at = 0; i < n; i++) offsets[i + 1] = at += texts[i]?.length ?? 0;
  } else {
    pos = 0;
    for (let i = 0; i < n; i++) {
      const s = texts[i];
      if (s) pos += data.write(s, pos, 'utf8');
      offsets[i + 1] = pos;
    }
  }
  return makeVector(makeData({ type: new Utf8(), length: n, nullCount: nulls, nullBitmap: validity, valueOffsets: offsets, data: data.subarray(0, pos) }));
}

/** A Float64 vector of numbers (times as epoch ms), NULL stays NULL. */
function numberVector(vals: readonly Value[]): Vector<Float64> {
  const n = vals.length;
  const data = new Float64Array(n);
  let validity: Uint8Array | undefined, nulls = 0;
  for (let i = 0; i < n; i++) {
    const v = vals[i];
    if (typeof v === 'number') data[i] = v;
    else {
      validity ??= new Uint8Array((n + 7) >> 3).fill(0xff);
      validity[i >> 3]! &= ~(1 << (i & 7));
      nulls++;
    }
  }
  return makeVector(makeData({ type: new Float64(), length: n, nullCount: nulls, nullBitmap: validity, data }));
}

/** Encodes rows (text columns already text or NULL) as an Arrow IPC stream. */
export function toIpc(c: Chunk, names: readonly string[], types: readonly SqlType[]): Uint8Array {
  const cols: Record<string, Vector> = {};
  names.forEach((_, i) => {
    const t = types[i]!;
    const vals = c.columns[i]!;
    cols[`${i}`] = t === 'boolean' ? vectorFromArray(vals, new Bool())
      : t === 'timestamp' || t === 'bigint' || t === 'double' ? numberVector(vals)
      : textVector(vals);
  });
  return tableToIPC(new Table(cols));
}

/** The values of Utf8 data chunks, NULL where not valid. */
function textValues(chunks: readonly Data<Utf8>[]): Value[] {
  const out: Value[] = [];
  for (const d of chunks) {
    const offsets = d.valueOffsets, bytes = d.values, validity = d.nullBitmap;
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const hasNulls = d.nullCount > 0 && validity && validity.length > 0;
    // The chunk's bytes decoded at once: if each byte gave one unit (ASCII), values are cut from it by offset.
    const start = offsets[d.offset]!, end = offsets[d.offset + d.length]!;
    const whole = buf.toString('utf8', start, end);
    const ascii = whole.length === end - start;
    for (let i = 0; i < d.length; i++) {
      const r = d.offset + i;
      if (hasNulls && !((validity[r >> 3]! >> (r & 7)) & 1)) out.push(null);
      else out.push(ascii ? whole.substring(offsets[r]! - start, offsets[r + 1]! - start) : buf.toString('utf8', offsets[r]!, offsets[r + 1]!));
    }
  }
  return out;
}

/** The values of Float64 data chunks, NULL where not valid. */
function numberValues(chunks: readonly Data<Float64>[]): Value[] {
  const out: Value[] = [];
  for (const d of chunks) {
    const values = d.values, validity = d.nullBitmap;
    const hasNulls = d.nullCount > 0 && validity && validity.length > 0;
    for (let i = 0; i < d.length; i++) {
      const r = d.offset + i;
      out.push(hasNulls && !((validity[r >> 3]! >> (r & 7)) & 1) ? null : values[r]!);
    }
  }
  return out;
}

/** Decodes a rows result back into value columns. */
export function fromIpc(ipc: Uint8Array, width: number): Chunk {
  const t = tableFromIPC(ipc);
  const columns: Value[][] = [];
  for (let i = 0; i < width; i++) {
    const v = t.getChildAt(i)!;
    if (v.type instanceof Utf8) columns.push(textValues(v.data as Data<Utf8>[]));
    else if (v.type instanceof Float64) columns.push(numberValues(v.data as Data<Float64>[]));
    else columns.push([...v] as Value[]);
  }
  return { columns, length: t.numRows };
}
