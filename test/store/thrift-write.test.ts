// Our compact-protocol writer gives the same bytes as parquetjs-lite's thrift
// serializer for every struct it writes (page headers, offset and column
// indexes, a file's footer), over small and large values, long lists and
// field-id gaps; and the GZIP page writer's output inflates back to its input.

import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipPage } from '../../src/store/gzip.js';
import { DEFAULT_TUNING } from '../../src/ingest/pipeline.js';
import { BatchBuilder, columnSource } from '../../src/model/batch.js';
import { COL, COLUMNS, columnIndex as columnOf } from '../../src/model/fields.js';
import type { Value } from '../../src/model/record.js';
import { decodeThrift, ParquetReader, serializeThrift, thrift } from '../../src/store/parquet-lib.js';
import { encodeParquet } from '../../src/store/parquet-write.js';
import { columnIndex, fileMetaData, offsetIndex, pageHeader, PAGE_DATA, PAGE_DICTIONARY } from '../../src/store/thrift-write.js';

/** parquetjs-lite's serialization of a data page header (numValues, encoding) or, with `dictionary`, a dictionary page header. */
function libHeader(numValues: number, encoding: number, unc: number, comp: number, dictionary = false): Buffer {
  const h = new thrift.PageHeader();
  h.type = dictionary ? thrift.PageType.DICTIONARY_PAGE : thrift.PageType.DATA_PAGE;
  h.uncompressed_page_size = unc;
  h.compressed_page_size = comp;
  const body = dictionary ? new thrift.DictionaryPageHeader() : new thrift.DataPageHeader();
  body.num_values = numValues;
  body.encoding = encoding;
  if (dictionary) {
    body.is_sorted = true;
    h.dictionary_page_header = body;
  } else {
    body.definition_level_encoding = thrift.Encoding.RLE;
    body.repetition_level_encoding = thrift.Encoding.RLE;
    h.data_page_header = body;
  }
  return serializeThrift(h);
}

const SIZES = [0, 1, 63, 64, 127, 128, 8191, 16_380, 1 << 20, 2 ** 31 - 1];

describe('thrift compact writer', () => {
  it('writes page headers as parquetjs-lite does', () => {
    for (const size of SIZES) {
      for (const encoding of [thrift.Encoding.PLAIN, thrift.Encoding.PLAIN_DICTIONARY, thrift.Encoding.DELTA_BINARY_PACKED]) {
        const ours = pageHeader({ type: PAGE_DATA, numValues: size % 16_381, encoding }, size, Math.floor(size / 3));
        expect(ours.equals(libHeader(size % 16_381, encoding, size, Math.floor(size / 3)))).toBe(true);
      }
      const dict = pageHeader({ type: PAGE_DICTIONARY, numValues: size % 70_000, encoding: thrift.Encoding.PLAIN_DICTIONARY, sorted: true }, size, size);
      expect(dict.equals(libHeader(size % 70_000, thrift.Encoding.PLAIN_DICTIONARY, size, size, true))).toBe(true);
    }
  });

  it('writes offset and column indexes as parquetjs-lite does', () => {
    for (const n of [0, 1, 14, 15, 16, 200]) {
      const pages = Array.from({ length: n }, (_, k) => ({ offset: 4 + k * 70_001 + (k === n - 1 ? 2 ** 40 : 0), size: 100 + k * 37, firstRow: k * 1024 }));
      const lib = serializeThrift(new thrift.OffsetIndex({
        page_locations: pages.map((p) => new thrift.PageLocation({ offset: p.offset, compressed_page_size: p.size, first_row_index: p.firstRow })),
      }));
      expect(offsetIndex(pages).equals(lib)).toBe(true);

      const nullPages = pages.map((_, k) => k % 3 === 0);
      const mins = pages.map((_, k) => (k % 3 === 0 ? Buffer.alloc(0) : Buffer.from(`min-${k}`.repeat(k % 40))));
      const maxs = pages.map((_, k) => (k % 3 === 0 ? Buffer.alloc(0) : Buffer.from(`max-${k}-\u00e9`)));
      const nulls = pages.map((_, k) => (k % 3 === 0 ? 1024 : k * 999));
      for (const order of [0, 1, 2]) {
        const libIndex = serializeThrift(new thrift.ColumnIndex({ null_pages: nullPages, min_values: mins, max_values: maxs, boundary_order: order, null_counts: nulls }));
        expect(columnIndex({ nullPages, minValues: mins, maxValues: maxs, boundaryOrder: order, nullCounts: nulls }).equals(libIndex)).toBe(true);
      }
    }
  });
});

describe('file footer', () => {
  it('is what parquetjs-lite writes for the metadata it reads back', async () => {
    // Three row groups; dictionary, DELTA_LENGTH, boolean and time chunks; statistics with and without values.
    const b = new BatchBuilder();
    const values: Value[] = new Array(COLUMNS.length).fill(null);
    const n = 40_000;
    for (let i = 0; i < n; i++) {
      values.fill(null);
      values[COL.eventTime] = Date.UTC(2024, 6, 1) + i * 1000;
      values[COL.eventID] = `id-${i}`;
      values[COL.eventName] = `Name${i % 7}`;
      values[columnOf('readOnly')] = i % 3 === 0 ? null : i % 2 === 0;
      values[columnOf('userIdentity.arn')] = i % 5 === 0 ? null : `arn:aws:iam::1234:user/u${i % 90}-\u00e9`;
      b.append(values);
    }
    const file = Buffer.concat((await encodeParquet(columnSource([{ batch: b.finish() }]), Int32Array.from({ length: n }, (_, i) => i), DEFAULT_TUNING.layout)).chunks);
    const length = file.readUInt32LE(file.length - 8);
    const footer = file.subarray(file.length - 8 - length, file.length - 8);
    const meta = new thrift.FileMetaData();
    expect(decodeThrift(meta, footer, 0)).toBe(length);
    expect(meta.row_groups.length).toBe(3);
    expect(serializeThrift(meta).equals(footer)).toBe(true);
    // And the library's reader takes it.
    expect(Number((await ParquetReader.openBuffer(file)).metadata.num_rows)).toBe(n);
  });

  it('writes large offsets, long lists and absent fields as parquetjs-lite does', () => {
    const stats = (k: number) => (k % 3 === 0 ? undefined : { nulls: k * 1000, min: k % 3 === 1 ? null : Buffer.from(`a${k}`), max: Buffer.from(`z${k}`.repeat(k)) });
    const chunk = (k: number) => ({
      fileOffset: 2 ** 33 + k,
      meta: { type: k % 3, encodings: Array.from({ length: k % 20 }, (_, e) => e), path: ['a', `b${k}`], codec: k % 2 ? 0 : 2, numValues: 16_380 + k, uncompressedSize: 2 ** 31 + k, compressedSize: 70_000 * k, dataPageOffset: 4 + 2 ** 40 * (k % 2), ...(k % 2 ? { dictionaryPageOffset: 4 } : {}), ...(stats(k) ? { statistics: stats(k)! } : {}) },
      ...(k % 4 === 0 ? {} : { offsetIndexOffset: 2 ** 35 + k, offsetIndexLength: 17 * k }),
      ...(k % 2 === 0 ? { columnIndexOffset: k, columnIndexLength: 99 } : {}),
    });
    const schema = [{ name: 'root', numChildren: 2 }, { name: 'a', repetitionType: 1, numChildren: 1 }, { name: 'b\u00e9', repetitionType: 1, type: 6, convertedType: 0 }, { name: 't', repetitionType: 0, type: 2, typeLength: 8 }];
    for (const groups of [0, 1, 16]) {
      const rowGroups = Array.from({ length: groups }, (_, g) => ({ columns: Array.from({ length: 3 + g * 4 }, (_, k) => chunk(k + g)), totalByteSize: 2 ** 34 + g, numRows: 16_380 * g }));
      const lib = new thrift.FileMetaData({
        version: 1,
        schema: schema.map((e) => new thrift.SchemaElement({ name: e.name, repetition_type: e.repetitionType, num_children: e.numChildren, type: e.type, converted_type: e.convertedType, type_length: e.typeLength })),
        num_rows: 16_380 * groups,
        row_groups: rowGroups.map((g) => new thrift.RowGroup({
          total_byte_size: g.totalByteSize,
          num_rows: g.numRows,
          columns: g.columns.map((c) => new thrift.ColumnChunk({
            file_offset: c.fileOffset,
            offset_index_offset: c.offsetIndexOffset,
            offset_index_length: c.offsetIndexLength,
            column_index_offset: c.columnIndexOffset,
            column_index_length: c.columnIndexLength,
            meta_data: new thrift.ColumnMetaData({
              type: c.meta.type, encodings: c.meta.encodings, path_in_schema: c.meta.path, codec: c.meta.codec, num_values: c.meta.numValues,
              total_uncompressed_size: c.meta.uncompressedSize, total_compressed_size: c.meta.compressedSize, data_page_offset: c.meta.dataPageOffset,
              dictionary_page_offset: c.meta.dictionaryPageOffset,
              statistics: c.meta.statistics && new thrift.Statistics({ null_count: c.meta.statistics.nulls, min_value: c.meta.statistics.min, max_value: c.meta.statistics.max }),
            }),
          })),
        })),
        key_value_metadata: [new thrift.KeyValue({ key: 'traillake.format', value: '1' }), new thrift.KeyValue({ key: 'k\u00e9', value: 'x'.repeat(300) })],
        created_by: 'parquet.js',
      });
      const ours = fileMetaData({ version: 1, schema, numRows: 16_380 * groups, rowGroups, keyValue: [['traillake.format', '1'], ['k\u00e9', 'x'.repeat(300)]], createdBy: 'parquet.js' });
      expect(ours.equals(serializeThrift(lib))).toBe(true);
    }
  });
});

describe('gzipPage', () => {
  it('inflates back to its input, for empty, tiny, random and repetitive pages', () => {
    const random = Buffer.alloc(300_000);
    for (let i = 0; i < random.length; i++) random[i] = (i * 2654435761) >>> 24;
    const inputs = [Buffer.alloc(0), Buffer.from('x'), Buffer.from('{"a":1}'.repeat(5000)), random, random.subarray(0, 4096)];
    for (const body of inputs) {
      for (const level of [1, 3, 9]) expect(gunzipSync(gzipPage(body, level)).equals(body)).toBe(true);
    }
  });
});
