// DELTA_LENGTH_BYTE_ARRAY (string pages without a dictionary): values round-trip
// in row order with NULLs skipped, for empty, multi-byte, short and long values
// and any count; an interned column's page is byte for byte the plain column's;
// page statistics are the byte-order min and max; malformed runs are refused;
// and DuckDB and our reader read the files we write with them (IDs compressed
// by Huffman codes alone, JSON text by full deflate).

import { DuckDBInstance } from '@duckdb/node-api';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNING } from '../../src/ingest/pipeline.js';
import { BatchBuilder, columnSource, type DictData, type Utf8Data } from '../../src/model/batch.js';
import { COL, columnIndex, COLUMNS } from '../../src/model/fields.js';
import type { Value } from '../../src/model/record.js';
import { decodeLengths, encodeStrings } from '../../src/store/delta-length.js';
import { ParquetReader } from '../../src/store/parquet-lib.js';
import { readChunkValues } from '../../src/store/parquet-read.js';
import { encodeParquet } from '../../src/store/parquet-write.js';
import { tempDir } from '../helpers.js';

let seed = 11;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const PIECES = ['', 'a', 'é', '日本', '😀', '"q"', 'x'.repeat(300), '{"k":[1,2,{"z":null}]}'];
const randomValue = (): string => Array.from({ length: Math.floor(rand() * 4) }, () => PIECES[Math.floor(rand() * PIECES.length)]).join('') + (rand() < 0.3 ? 'y'.repeat(Math.floor(rand() * 5000)) : '');

function utf8Data(values: (string | null)[]): { data: Utf8Data; valid: Uint8Array } {
  const parts = values.map((v) => Buffer.from(v ?? ''));
  const offsets = new Int32Array(values.length + 1);
  parts.forEach((p, i) => (offsets[i + 1] = offsets[i]! + p.length));
  return { data: { kind: 'utf8', offsets, bytes: Buffer.concat(parts) }, valid: Uint8Array.from(values, (v) => (v === null ? 0 : 1)) };
}

/** The page's values in order, read back through decodeLengths. */
function decode(buf: Buffer, count: number): string[] {
  const run = decodeLengths(buf, 0, count)!;
  expect(run).not.toBeNull();
  let p = run.start;
  return Array.from(run.lengths, (len) => buf.toString('utf8', p, (p += len)));
}

describe('DELTA_LENGTH_BYTE_ARRAY', () => {
  it('round-trips values in row order, skipping NULLs, with byte-order statistics', () => {
    for (const count of [0, 1, 2, 33, 129, 1000]) {
      const values = Array.from({ length: count }, () => (rand() < 0.2 ? null : randomValue()));
      const { data, valid } = utf8Data(values);
      const rows = Int32Array.from({ length: count }, (_, i) => i).sort((a, b) => ((a * 7919) % 101) - ((b * 7919) % 101));
      const page = encodeStrings(data, valid, rows, null, true);
      const want = Array.from(rows, (r) => values[r]!).filter((v) => v !== null);
      expect(decode(page.buf, want.length), `${count} values`).toEqual(want);
      const sorted = want.map((v) => Buffer.from(v)).sort(Buffer.compare);
      expect(page.min).toEqual(sorted[0] ?? null);
      expect(page.max).toEqual(sorted.at(-1) ?? null);
    }
  });

  it('encodes an interned column byte for byte as its plain values, after a prefix', () => {
    const entries = ['arn:aws:iam::1:user/a', '', 'ü'.repeat(200), 'arn:aws:iam::1:user/b'];
    const ids = Int32Array.from({ length: 500 }, () => Math.floor(rand() * entries.length));
    const valid = Uint8Array.from(ids, () => (rand() < 0.1 ? 0 : 1));
    const { data: table } = utf8Data(entries);
    const dict: DictData = { kind: 'dict', ids, offsets: table.offsets, bytes: table.bytes };
    const { data: plain } = utf8Data(Array.from(ids, (k) => entries[k]!));
    const rows = Int32Array.from(ids, (_, i) => ids.length - 1 - i);
    const prefix = Buffer.from([9, 8, 7]);
    const a = encodeStrings(dict, valid, rows, prefix, true), b = encodeStrings(plain, valid, rows, prefix, true);
    expect(a.buf).toEqual(b.buf);
    expect([a.min, a.max]).toEqual([b.min, b.max]);
    expect(a.buf.subarray(0, 3)).toEqual(prefix);
    expect(encodeStrings(dict, valid, rows, null, false).min).toBeNull();
  });

  it('refuses a run of another count, a truncated run, and lengths past the page', () => {
    const { data, valid } = utf8Data(['abc', 'de', 'f'.repeat(40)]);
    const { buf } = encodeStrings(data, valid, Int32Array.from([0, 1, 2]), null, false);
    expect(decode(buf, 3)).toEqual(['abc', 'de', 'f'.repeat(40)]);
    expect(decodeLengths(buf, 0, 2)).toBeNull();
    expect(decodeLengths(buf.subarray(0, 2), 0, 3)).toBeNull();
    expect(decodeLengths(buf.subarray(0, buf.length - 1), 0, 3)).toBeNull();
  });

  it('writes files that DuckDB and our reader read back the same', async () => {
    const con = await (await DuckDBInstance.create(':memory:')).connect();
    const b = new BatchBuilder();
    const values: Value[] = new Array(COLUMNS.length).fill(null);
    const rows = 3000;
    const want: { id: string; params: string | null; message: string | null }[] = [];
    for (let i = 0; i < rows; i++) {
      values.fill(null);
      const id = `${(i * 2654435761 >>> 0).toString(16).padStart(8, '0')}-7a1e-4c3b-9d2f-${(i * 40503 >>> 0).toString(16).padStart(12, '0')}`;
      const params = rand() < 0.3 ? null : JSON.stringify({ bucketName: `b-${i % 7}`, key: randomValue() });
      const message = rand() < 0.8 ? null : randomValue();
      values[COL.eventTime] = 1.7e12 + i * 1000;
      values[COL.eventID] = id;
      values[columnIndex('requestParameters')] = params;
      values[columnIndex('errorMessage')] = message;
      b.append(values);
      want.push({ id, params, message });
    }
    const file = await encodeParquet(columnSource([{ batch: b.finish() }]), Int32Array.from({ length: rows }, (_, i) => i), DEFAULT_TUNING.layout);
    const path = join(tempDir(), 'strings.parquet');
    writeFileSync(path, Buffer.concat(file.chunks));
    const duck = (await con.runAndReadAll(`SELECT eventID, requestParameters::VARCHAR, errorMessage FROM read_parquet('${path}')`)).getRowsJS();
    expect(duck.map(([id, params, message]) => ({ id, params, message }))).toEqual(want);
    const encodings = (await con.runAndReadAll(`SELECT DISTINCT path_in_schema, encodings FROM parquet_metadata('${path}') WHERE path_in_schema IN ('eventID', 'requestParameters')`)).getRowsJS();
    for (const [, enc] of encodings) expect(String(enc)).toContain('DELTA_LENGTH_BYTE_ARRAY');
    con.closeSync();
    const reader = await ParquetReader.openFile(path);
    try {
      let first = 0;
      for (let g = 0; g < reader.metadata.row_groups.length; g++) {
        const n = Number(reader.metadata.row_groups[g].num_rows);
        for (const [column, key] of [['eventID', 'id'], ['requestParameters', 'params'], ['errorMessage', 'message']] as const) {
          const got = await readChunkValues(reader, g, column, n);
          expect(got.values, `${column} group ${g}`).toEqual(want.slice(first, first + n).map((w) => w[key]));
        }
        first += n;
      }
    } finally {
      await reader.close();
    }
  });
});
