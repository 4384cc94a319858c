import { describe, expect, it } from 'vitest';
import { BatchBuilder, batchBuffers, packBatch, valueAt } from '../../src/model/batch.js';
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
    const used = packed.columns.reduce((n, col) => n + col.valid.byteLength + (col.data.kind === 'utf8' ? col.data.offsets.byteLength + col.data.bytes.byteLength : col.data.values.byteLength), 0);
    expect(buffers[0]!.byteLength).toBeLessThan(used + 8 * 3 * COLUMNS.length); // alignment padding only
    expect(batchBuffers(loose).reduce((n, b) => n + b.byteLength, 0)).toBeGreaterThan(buffers[0]!.byteLength);
  });

  it('packs an empty batch', () => {
    const packed = packBatch(build([]));
    expect(packed.rows).toBe(0);
    expect(batchBuffers(packed)).toHaveLength(1);
  });
});
