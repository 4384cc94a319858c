// Dictionary-encoded string chunks: indices round-trip through the RLE/bit-packing
// hybrid at every width (parquetjs-lite's own decoder garbles indices >= 256),
// and a file with dictionary chunks reads back the same values, through our
// reader and through DuckDB, with statistics still right.

import { DuckDBInstance } from '@duckdb/node-api';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNING } from '../../src/ingest/pipeline.js';
import { BatchBuilder, columnSource } from '../../src/model/batch.js';
import { COL, COLUMNS, columnIndex } from '../../src/model/fields.js';
import type { Value } from '../../src/model/record.js';
import { InternTable } from '../../src/model/intern.js';
import { buildDictionary, chunkDictionary, decodeIndices, encodeIndices, type ChunkDictionary } from '../../src/store/dictionary.js';
import { ParquetReader } from '../../src/store/parquet-lib.js';
import { readChunkValues } from '../../src/store/parquet-read.js';
import { encodeParquet } from '../../src/store/parquet-write.js';
import { encodeHybrid, hybridBound } from '../../src/store/rle-hybrid.js';
import { tempDir } from '../helpers.js';

const utf8 = (xs: (string | null)[]) => {
  const enc = xs.map((x) => Buffer.from(x ?? ''));
  const offsets = new Int32Array(xs.length + 1);
  enc.forEach((b, i) => (offsets[i + 1] = offsets[i]! + b.length));
  return { data: { kind: 'utf8' as const, offsets, bytes: new Uint8Array(Buffer.concat(enc)) }, valid: Uint8Array.from(xs, (x) => (x === null ? 0 : 1)) };
};

describe('dictionary encoding', () => {
  it('round-trips indices of any width, with nulls and runs', () => {
    for (const distinct of [1, 2, 255, 256, 300, 900]) {
      const xs = Array.from({ length: 20_000 }, (_, i) => { const k = (i * 7919) % distinct; return i % 17 === 0 ? null : `v${k}`.padEnd(4 + (k % 40), '.'); });
      const { data, valid } = utf8(xs);
      const rows = Int32Array.from(xs.keys());
      const dict = buildDictionary(data, valid, rows, 8000, 1 << 20)!;
      expect(dict?.count, `distinct ${distinct}`).toBe(new Set(xs.filter((x) => x !== null)).size);
      if (distinct > 256) expect(dict.bitWidth).toBeGreaterThan(8);
      const { buf } = encodeIndices(dict, valid, rows, 0, rows.length, null);
      const nonNull = xs.filter((x) => x !== null).length;
      const { values, end } = decodeIndices(buf, 1, nonNull, buf[0]!);
      expect(end).toBe(buf.length);
      const entries = Array.from({ length: dict.count }, (_, k) => Buffer.from(data.bytes.subarray(dict.starts[k]!, dict.ends[k]!)).toString());
      expect([...entries].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))).toEqual(entries); // sorted by bytes
      expect(Array.from(values, (v) => entries[v])).toEqual(xs.filter((x) => x !== null));
    }
    // Bit-packed runs, as other writers emit them: width 9, values 0..15 packed in two groups of 8.
    const packed = Buffer.alloc(2 + 18);
    packed[0] = (2 << 1) | 1;
    let bit = 8;
    for (let v = 0; v < 16; v++) for (let j = 0; j < 9; j++, bit++) if ((v * 31) & (1 << j)) packed[bit >> 3]! |= 1 << (bit & 7);
    expect([...decodeIndices(packed, 0, 16, 9).values]).toEqual(Array.from({ length: 16 }, (_, v) => v * 31));
    // Every width from 1 to 26 bits, bit-packed by hand, read back (the 32-bit window covers up to 24).
    for (let w = 1; w <= 26; w++) {
      const vals = Array.from({ length: 24 }, (_, i) => (i * 2654435761) % 2 ** w >>> 0);
      const bytes = new Uint8Array(1 + 3 * w);
      bytes[0] = (3 << 1) | 1; // 3 groups of 8, bit-packed
      vals.forEach((v, i) => { for (let j = 0; j < w; j++) if (Math.floor(v / 2 ** j) % 2) bytes[1 + ((i * w + j) >> 3)]! |= 1 << ((i * w + j) & 7); });
      expect([...decodeIndices(bytes, 0, 24, w).values], `width ${w}`).toEqual(vals);
    }
  });

  it('decodes bit-packed runs of every width 1-32 as the format defines them, up to the buffer\'s last byte', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let width = 1; width <= 32; width++) {
      for (const count of [1, 8, 13, 64, 1000]) {
        const groups = Math.ceil(count / 8);
        const values = Array.from({ length: groups * 8 }, () => Math.floor(rand() * 2 ** width));
        // Header (varint of groups << 1 | 1), then the values packed least significant bit first.
        const header: number[] = [];
        let h = groups * 2 + 1;
        while (h >= 0x80) { header.push((h & 0x7f) | 0x80); h = Math.floor(h / 128); }
        header.push(h);
        const body = new Uint8Array(groups * width);
        values.forEach((v, k) => { for (let j = 0; j < width; j++) if (Math.floor(v / 2 ** j) % 2) body[(k * width + j) >> 3]! |= 1 << ((k * width + j) & 7); });
        const buf = Buffer.concat([Buffer.from(header), body]); // nothing after the run: the window reads must stop at the end
        const got = decodeIndices(buf, 0, count, width);
        expect(Array.from(got.values), `width ${width} count ${count}`).toEqual(values.slice(0, count).map((v) => (width === 32 ? v | 0 : v)));
        expect(got.end).toBe(buf.length);
      }
    }
  });

  it('encodes runs and mixed stretches in the hybrid (RLE runs of 8+, bit-packed groups otherwise) and reads them back at every width', () => {
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let width = 1; width <= 32; width++) {
      const top = 2 ** width;
      for (const count of [1, 7, 8, 9, 100, 5000]) {
        // Stretches of changing values, runs of every length around 8, and a long run.
        const xs: number[] = [];
        while (xs.length < count) {
          const v = Math.floor(rand() * top);
          const len = rand() < 0.5 ? 1 : [2, 7, 8, 9, 40][Math.floor(rand() * 5)]!;
          for (let k = 0; k < len && xs.length < count; k++) xs.push(v);
        }
        const out = Buffer.alloc(hybridBound(count, width));
        const end = encodeHybrid(xs, count, width, out, 0);
        const got = decodeIndices(out.subarray(0, end), 0, count, width);
        expect(Array.from(got.values), `width ${width} count ${count}`).toEqual(xs.map((v) => v | 0));
        // A long run costs a few bytes; changing values about `width` bits each.
        if (count === 5000) expect(end).toBeLessThan(count * (width / 8) * 1.3 + 64);
      }
    }
    const run = Buffer.alloc(hybridBound(10_000, 3));
    expect(encodeHybrid(new Array(10_000).fill(5), 10_000, 3, run, 0)).toBeLessThan(5);
  });

  it('builds the same dictionary from an interned column as from its bytes, and gives up where that does', () => {
    const entries = (d: ChunkDictionary) => Array.from({ length: d.count }, (_, k) => Buffer.from(d.bytes.subarray(d.starts[k]!, d.ends[k]!)).toString());
    for (const [distinct, maxEntries, maxBytes] of [[5, 16, 1 << 20], [300, 1000, 1 << 20], [300, 299, 1 << 20], [300, 1000, 2000], [4000, 4000, 1 << 20]] as const) {
      const xs = Array.from({ length: 6000 }, (_, i) => (i % 13 === 0 ? null : `value-${(i * 7919) % distinct}`.padEnd(8 + (i % distinct) % 50, '*')));
      const { data, valid } = utf8(xs);
      const table = new InternTable();
      const ids = Int32Array.from(xs, (x) => (x === null ? 0 : table.string(x)));
      const interned = { valid, data: { kind: 'dict' as const, ids, ...table.entries() } };
      const rows = Int32Array.from({ length: 4000 }, (_, i) => (i * 4099) % 6000); // a scattered chunk
      // A dictionary's arrays are reused by the next call: compare copies.
      const copy = (d: ChunkDictionary | null) => d && { entries: entries(d), bitWidth: d.bitWidth, indices: Array.from(rows, (r, i) => (valid[r] ? d.indices[i] : -1)) };
      const want = copy(buildDictionary(data, valid, rows, maxEntries, maxBytes));
      for (let twice = 0; twice < 2; twice++) { // the second call proves the entry map was reset
        const got = copy(chunkDictionary(interned, rows, maxEntries, maxBytes));
        expect(got === null, `distinct ${distinct} max ${maxEntries}/${maxBytes}`).toBe(want === null);
        if (want) expect(got).toEqual(want);
      }
    }
  });

  it('gives up on unique values (IDs stay PLAIN)', () => {
    const { data, valid } = utf8(Array.from({ length: 5000 }, (_, i) => `id-${i}`));
    expect(buildDictionary(data, valid, Int32Array.from({ length: 5000 }, (_, i) => i), 1250, 1 << 20)).toBeNull();
  });

  it('writes files that read back the same, here and in DuckDB', async () => {
    const b = new BatchBuilder();
    const values: Value[] = new Array(COLUMNS.length).fill(null);
    const agent = (i: number) => (i % 11 === 0 ? null : `agent/${i % 400} ${'x'.repeat(i % 40)}`);
    const n = 40_000;
    for (let i = 0; i < n; i++) {
      values.fill(null);
      values[COL.eventTime] = Date.UTC(2024, 6, 1) + i * 1000;
      values[COL.eventID] = `id-${i}`;
      values[COL.eventName] = `Name${i % 7}`;
      values[columnIndex('userAgent')] = agent(i);
      b.append(values);
    }
    const source = columnSource([{ batch: b.finish() }]);
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const file = Buffer.concat((await encodeParquet(source, order, DEFAULT_TUNING.layout)).chunks);
    const reader = await ParquetReader.openBuffer(file);
    const groups = reader.metadata.row_groups;
    const ua = groups[0].columns.find((c: { meta_data: { path_in_schema: string[] } }) => c.meta_data.path_in_schema[0] === 'userAgent').meta_data;
    expect(ua.dictionary_page_offset).not.toBeNull();
    let row = 0;
    for (let g = 0; g < groups.length; g++) {
      const rows = Number(groups[g].num_rows);
      const got = await readChunkValues(reader, g, 'userAgent', rows);
      expect(got.values).toEqual(Array.from({ length: rows }, (_, i) => agent(row + i)));
      expect((await readChunkValues(reader, g, 'eventID', rows)).values[0]).toBe(`id-${row}`);
      row += rows;
    }
    await reader.close();
    const path = join(tempDir(), 'f.parquet');
    writeFileSync(path, file);
    const con = await (await DuckDBInstance.create(':memory:')).connect();
    const rows = (await con.runAndReadAll(`SELECT userAgent, eventName FROM read_parquet('${path}') ORDER BY eventTime`)).getRowsJS();
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: n }, (_, i) => agent(i)));
    // eventTime is DELTA_BINARY_PACKED: DuckDB reads the same times, in file order.
    const times = (await con.runAndReadAll(`SELECT epoch_ms(eventTime) FROM read_parquet('${path}')`)).getRowsJS();
    expect(times.map((r) => Number(r[0]))).toEqual(Array.from({ length: n }, (_, i) => Date.UTC(2024, 6, 1) + i * 1000));
    const enc = (await con.runAndReadAll(`SELECT DISTINCT encodings FROM parquet_metadata('${path}') WHERE path_in_schema = 'eventTime'`)).getRowsJS();
    expect(String(enc[0]![0])).toContain('DELTA_BINARY_PACKED');
    const st = (await con.runAndReadAll(`SELECT stats_min_value, stats_max_value FROM parquet_metadata('${path}') WHERE path_in_schema = 'eventName' AND row_group_id = 0`)).getRowsJS();
    expect(st[0]).toEqual(['Name0', 'Name6']);
    con.closeSync();
  });
});
