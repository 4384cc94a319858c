// The compact-protocol page header reader against parquetjs-lite's thrift
// code: every page of a store built from data/sample (dictionary and data
// pages, with and without statistics), and headers carrying fields we skip
// (crc, statistics with every field, a V2 data page header, unknown ids).

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openParquet, decodeThrift, serializeThrift, thrift } from '../../src/store/parquet-lib.js';
import { readPageHeader } from '../../src/store/page-header.js';
import { cli, ROOT, tempDir } from '../helpers.js';

const home = tempDir();

function parquetFiles(d: string): string[] {
  return readdirSync(d).flatMap((e) => {
    const p = join(d, e);
    return statSync(p).isDirectory() ? parquetFiles(p) : p.endsWith('.parquet') ? [p] : [];
  });
}

function expectSame(buf: Buffer, pos: number) {
  const lib = new thrift.PageHeader();
  const length = decodeThrift(lib, buf, pos);
  const ours = readPageHeader(buf, pos);
  const sub = lib.data_page_header ?? lib.dictionary_page_header;
  expect(ours).toEqual({
    type: lib.type,
    compressedSize: lib.compressed_page_size,
    uncompressedSize: lib.uncompressed_page_size,
    numValues: sub ? sub.num_values : -1,
    encoding: sub ? sub.encoding : -1,
    definitionEncoding: lib.data_page_header ? lib.data_page_header.definition_level_encoding : -1,
    length,
  });
  return ours;
}

beforeAll(() => {
  const r = cli(['--home', home, 'ingest', join(ROOT, 'data/sample'), '--store', 'sample', '--quiet', '--now', '2024-07-03T00:00:00Z'], { env: { TRAILLAKE_TUNING: JSON.stringify({ layout: { pageRows: 64, otherPageRows: 64 } }) } });
  expect(r.status, r.stderr).toBe(0);
});

describe('readPageHeader', () => {
  it('reads every page header of a store as parquetjs-lite does', async () => {
    let pages = 0;
    for (const file of parquetFiles(join(home, 'stores/sample'))) {
      const reader = await openParquet(file);
      for (const rg of reader.metadata.row_groups) {
        for (const c of rg.columns) {
          const m = c.meta_data;
          const start = Number(m.dictionary_page_offset ?? m.data_page_offset);
          const buf = await reader.envelopeReader.read(start, Number(m.total_compressed_size));
          for (let pos = 0; pos < buf.length; pages++) {
            const h = expectSame(buf, pos);
            pos += h.length + h.compressedSize;
          }
        }
      }
    }
    expect(pages).toBeGreaterThan(1000);
  });

  it('skips the fields it does not use', () => {
    const stats = new thrift.Statistics({ max: Buffer.from('zz'), min: Buffer.from('a'), null_count: 3, distinct_count: 9, max_value: Buffer.from([1, 2, 3]), min_value: Buffer.alloc(0) });
    const header = new thrift.PageHeader({
      type: 3, uncompressed_page_size: 1000, compressed_page_size: 300, crc: -12345,
      data_page_header_v2: new thrift.DataPageHeaderV2({ num_values: 10, num_nulls: 1, num_rows: 10, encoding: 0, definition_levels_byte_length: 4, repetition_levels_byte_length: 0, is_compressed: true, statistics: stats }),
    });
    const buf = Buffer.concat([Buffer.from([9, 9]), serializeThrift(header)]);
    expect(readPageHeader(buf, 2)).toMatchObject({ type: 3, compressedSize: 300, uncompressedSize: 1000, numValues: -1, length: buf.length - 2 });
    const v1 = serializeThrift(new thrift.PageHeader({ type: 0, uncompressed_page_size: 5, compressed_page_size: 7, data_page_header: new thrift.DataPageHeader({ num_values: 70000, encoding: 8, definition_level_encoding: 3, repetition_level_encoding: 3, statistics: stats }) }));
    expectSame(v1, 0);
  });

  it('throws on bytes that end too early', () => {
    const v1 = serializeThrift(new thrift.PageHeader({ type: 0, uncompressed_page_size: 5, compressed_page_size: 7, data_page_header: new thrift.DataPageHeader({ num_values: 7, encoding: 0, definition_level_encoding: 3, repetition_level_encoding: 3 }) }));
    expect(() => readPageHeader(v1.subarray(0, v1.length - 3), 0)).toThrow(/page header/);
  });
});
