// Our compact-protocol writer gives the same bytes as parquetjs-lite's thrift
// serializer for every struct it writes (page headers, offset and column
// indexes), over small and large values, long lists and field-id gaps; and the
// GZIP page writer's output inflates back to its input.

import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipPage } from '../../src/store/gzip.js';
import { serializeThrift, thrift } from '../../src/store/parquet-lib.js';
import { columnIndex, offsetIndex, pageHeader, PAGE_DATA, PAGE_DICTIONARY } from '../../src/store/thrift-write.js';

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
