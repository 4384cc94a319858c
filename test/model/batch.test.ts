import { describe, expect, it } from 'vitest';
import { BatchBuilder, batchBuffers, columnSource, packBatch, valueAt, type ColumnVector } from '../../src/model/batch.js';
import { COLUMNS } from '../../src/model/fields.js';
import { shredRecord, type Value } from '../../src/model/record.js';

function build(records: object[]) {
  const b = new BatchBuilder();
  const row: Value[] = new Array(COLUMNS.length).fill(null);
  for (const r of records) {
    row.fill(null);
    shredRecord(r as never, row);
    b.append(row);
  }
  return b.finish();
}

function dataBytes(col: ColumnVector): number {
  const d = col.data;
  switch (d.kind) {
    case 'utf8':
      return d.offsets.byteLength + d.bytes.byteLength;
    case 'dict':
      return d.ids.byteLength + d.offsets.byteLength + d.bytes.byteLength;
    default:
      return d.values.byteLength;
  }
}

const record = (i: number) => ({
  eventTime: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString().replace('.000', ''),
  eventID: `id-${i}`,
  eventName: i % 3 ? `Name${i % 7}` : 'Ünïcode ✓',
  userAgent: i % 4 ? `agent/${i % 13}` : undefined,
  readOnly: i % 2 === 0,
  ...(i % 5 ? { errorCode: 'AccessDenied' } : {}),
  requestParameters: { i, s: 'x'.repeat(i % 50) },
});

describe('interned columns', () => {
  it('hold each distinct value once per batch', () => {
    const batch = build(Array.from({ length: 1000 }, (_, i) => record(i)));
    const name = batch.columns[COLUMNS.find((c) => c.name === 'eventName')!.index]!.data;
    expect(name.kind).toBe('dict');
    if (name.kind === 'dict') expect(name.offsets.length - 1).toBe(8); // Name0-Name6 and Ünïcode ✓
    expect(batch.columns[COLUMNS.find((c) => c.name === 'eventID')!.index]!.data.kind).toBe('utf8');
  });

  it('keep their values through truncation, packing, and gathering kept rows of several batches', () => {
    const b = new BatchBuilder();
    const row: Value[] = new Array(COLUMNS.length).fill(null);
    const add = (r: object) => {
      row.fill(null);
      shredRecord(r as never, row);
      b.append(row);
    };
    for (let i = 0; i < 50; i++) add(record(i));
    for (let i = 0; i < 30; i++) add({ ...record(1000 + i), eventName: `Dropped${i}` });
    b.truncate(50); // a bad file's rows, undone: their entries may stay, their values must not show
    const first = packBatch(b.finish());
    b.truncate(0);
    for (let i = 50; i < 120; i++) add(record(i));
    const second = packBatch(b.finish());
    const keep = Uint8Array.from({ length: 70 }, (_, i) => (i % 3 ? 1 : 0));
    const source = columnSource([{ batch: first }, { batch: second, keep }]);
    const kept = [...Array.from({ length: 50 }, (_, i) => i), ...Array.from({ length: 70 }, (_, i) => 50 + i).filter((_, i) => keep[i])];
    const expected = build(kept.map(record));
    expect(source.rows).toBe(kept.length);
    for (const c of COLUMNS) {
      const got = source.column(c.index);
      for (let r = 0; r < kept.length; r++) expect(valueAt(got, r), `${c.name} row ${r}`).toStrictEqual(valueAt(expected.columns[c.index]!, r));
    }
  });
});

describe('columnSource', () => {
  it('gives each concatenated column right, though one column reuses the memory of the last (any source, any size)', () => {
    const records = (from: number, n: number) => Array.from({ length: n }, (_, i) => record(from + i));
    const big = columnSource([{ batch: build(records(0, 90)) }, { batch: build(records(90, 60)) }]);
    const small = columnSource([{ batch: build(records(500, 3)) }, { batch: build(records(503, 4)) }]);
    const check = (source: ReturnType<typeof columnSource>, from: number, c: number) => {
      const got = source.column(c), want = build(records(from, source.rows)).columns[c]!;
      for (let r = 0; r < source.rows; r++) expect(valueAt(got, r), `${COLUMNS[c]!.name} row ${r}`).toStrictEqual(valueAt(want, r));
    };
    for (const c of COLUMNS) {
      check(big, 0, c.index);
      check(small, 500, c.index);
    }
  });
});

describe('packBatch', () => {
  it('keeps every value and puts the arrays in one exact-size buffer', () => {
    const records = Array.from({ length: 700 }, (_, i) => ({
      eventTime: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString().replace('.000', ''),
      eventName: i % 3 ? `Name${i % 7}` : 'Ünïcode ✓',
      readOnly: i % 2 === 0,
      ...(i % 5 ? { errorCode: 'AccessDenied' } : {}),
      requestParameters: { i, s: 'x'.repeat(i % 50) },
    }));
    const loose = build(records);
    const packed = packBatch(loose);
    expect(packed.rows).toBe(700);
    for (let c = 0; c < COLUMNS.length; c++) {
      for (let r = 0; r < packed.rows; r++) expect(valueAt(packed.columns[c]!, r)).toStrictEqual(valueAt(loose.columns[c]!, r));
    }
    const buffers = batchBuffers(packed);
    expect(buffers).toHaveLength(1);
    const used = packed.columns.reduce((n, col) => n + col.valid.byteLength + dataBytes(col), 0);
    expect(buffers[0]!.byteLength).toBeLessThan(used + 8 * 3 * COLUMNS.length); // alignment padding only
    expect(batchBuffers(loose).reduce((n, b) => n + b.byteLength, 0)).toBeGreaterThan(buffers[0]!.byteLength);
  });

  it('packs an empty batch', () => {
    const packed = packBatch(build([]));
    expect(packed.rows).toBe(0);
    expect(batchBuffers(packed)).toHaveLength(1);
  });
});
