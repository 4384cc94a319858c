// The fast column-chunk decoder against parquetjs-lite's own decoding: every
// column chunk of a store built from the real corpus, and a file written by
// parquetjs-lite's row writer (bit-packed levels, nested optional groups, a
// dictionary-free GZIP file), must decode to the same values; read as indices
// only, a dictionary chunk gives the same dictionary and indices and no values;
// read as numbers, an INT64 chunk gives the same numbers in a Float64Array.
// Chunks in DELTA_BINARY_PACKED (eventTime) and DELTA_LENGTH_BYTE_ARRAY
// (strings without a dictionary), which parquetjs-lite cannot read, are
// checked against DuckDB.

import { createRequire } from 'node:module';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { allEntries } from '../../src/store/dictionary-entries.js';
import { readChunkValues } from '../../src/store/parquet-read.js';
import { ParquetReader, type PqReader } from '../../src/store/parquet-lib.js';
import { cli, HAVE_CORPUS, REAL, ROOT, tempDir } from '../helpers.js';

/** The library's decoding of a chunk, row-aligned (null where undefined), values as our reader types them. */
async function libraryValues(reader: PqReader, g: number, path: string, rows: number): Promise<unknown[]> {
  const chunk = reader.metadata.row_groups[g].columns.find((c: { meta_data: { path_in_schema: string[] } }) => c.meta_data.path_in_schema.join('.') === path);
  const field = reader.schema.findField(path.split('.'));
  const data = await reader.envelopeReader.readColumnChunk(reader.schema, chunk);
  let k = 0;
  return Array.from({ length: rows }, (_, r) => {
    if (data.dlevels[r] !== field.dLevelMax) return null;
    const v = data.values[k++];
    return Buffer.isBuffer(v) ? v.toString('utf8') : typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.getTime() : v;
  });
}

const chunkOf = (reader: PqReader, g: number, path: string) =>
  reader.metadata.row_groups[g].columns.find((c: { meta_data: { path_in_schema: string[] } }) => c.meta_data.path_in_schema.join('.') === path);

let duck: DuckDBConnection | null = null;
/** DuckDB's reading of a timestamp chunk (epoch ms) or a string chunk, null where NULL, row-aligned. */
async function duckValues(file: string, reader: PqReader, g: number, path: string, rows: number, type: string): Promise<unknown[]> {
  duck ??= await (await DuckDBInstance.create(':memory:')).connect();
  let first = 0;
  for (let k = 0; k < g; k++) first += Number(reader.metadata.row_groups[k].num_rows);
  const col = path.split('.').map((p) => `"${p}"`).join('.');
  const value = type === 'INT64' ? `epoch_ms(${col})` : `${col}::VARCHAR`;
  const got = (await duck.runAndReadAll(`SELECT ${value} FROM read_parquet('${file}', file_row_number = true) WHERE file_row_number >= ${first} AND file_row_number < ${first + rows} ORDER BY file_row_number`)).getRowsJS();
  return got.map((r) => (r[0] === null ? null : type === 'INT64' ? Number(r[0]) : r[0]));
}

async function compareFile(file: string): Promise<number> {
  const reader = await ParquetReader.openFile(file);
  let chunks = 0;
  try {
    for (let g = 0; g < reader.metadata.row_groups.length; g++) {
      const rows = Number(reader.metadata.row_groups[g].num_rows);
      for (const f of reader.schema.fieldList.filter((x) => !x.isNested)) {
        const path = f.path.join('.');
        const fast = await readChunkValues(reader, g, path, rows);
        // parquetjs-lite has neither DELTA_BINARY_PACKED (5: our eventTime pages) nor DELTA_LENGTH_BYTE_ARRAY
        // (6: our string pages without a dictionary): DuckDB reads those.
        const delta = (chunkOf(reader, g, path).meta_data.encodings as number[]).some((e) => e === 5 || e === 6);
        expect(fast.values, `${file} group ${g} ${path}`).toEqual(delta ? await duckValues(file, reader, g, path, rows, f.primitiveType) : await libraryValues(reader, g, path, rows));
        const head = await readChunkValues(reader, g, path, rows, 5);
        expect(head.values).toEqual(fast.values.slice(0, 5));
        // Indices only: a dictionary chunk without its values, any other chunk as before.
        const ids = await readChunkValues(reader, g, path, rows, rows, 'indices');
        expect(ids.dict && { entries: allEntries(ids.dict.entries), indices: ids.dict.indices }).toEqual(fast.dict && { entries: allEntries(fast.dict.entries), indices: fast.dict.indices });
        expect(ids.values).toEqual(fast.dict ? [] : fast.values);
        // Numbers: an INT64 chunk as a Float64Array (NaN for NULL), any other chunk as before.
        const nums = await readChunkValues(reader, g, path, rows, rows, 'numbers');
        if (nums.numbers) expect(Array.from(nums.numbers, (x) => (Number.isNaN(x) ? null : x))).toEqual(fast.values);
        else expect(nums.values).toEqual(fast.values);
        expect(nums.values.length === 0).toBe(nums.numbers !== undefined && rows > 0);
        // A selection of rows (two runs): in every form, the selected rows read as in a full read.
        const need = rows > 40 ? [3, 9, Math.floor(rows / 2), Math.floor(rows / 2) + 20] : [0, rows];
        for (const form of ['values', 'indices', 'compact', 'numbers'] as const) {
          const sel = await readChunkValues(reader, g, path, rows, rows, form, need);
          for (let i = 0; i < need.length; i += 2) {
            for (let r = need[i]!; r < need[i + 1]!; r++) {
              const got = sel.numbers ? (Number.isNaN(sel.numbers[r]!) ? null : sel.numbers[r]) : sel.dict ? (sel.dict.indices[r]! < 0 ? null : sel.dict.entries.get(sel.dict.indices[r]!)) : sel.values[r];
              expect(got, `${path} group ${g} row ${r} (${form}, selected)`).toEqual(fast.values[r]);
            }
          }
        }
        chunks++;
      }
    }
  } finally {
    await reader.close();
  }
  return chunks;
}

const parquetFiles = (d: string): string[] => readdirSync(d).flatMap((e) => {
  const p = join(d, e);
  return statSync(p).isDirectory() ? parquetFiles(p) : p.endsWith('.parquet') ? [p] : [];
});

describe('fast chunk decoder', () => {
  it.skipIf(!HAVE_CORPUS)('decodes every column chunk of a store of the real corpus as parquetjs-lite does', async () => {
    const home = tempDir();
    expect([0, 2]).toContain(cli(['--home', home, 'ingest', REAL, '--store', 'corpus', '--quiet']).status);
    let chunks = 0;
    for (const f of parquetFiles(join(home, 'stores/corpus'))) chunks += await compareFile(f);
    expect(chunks).toBeGreaterThan(100);
  });

  it('decodes the sample store the same way', async () => {
    const home = tempDir();
    expect(cli(['--home', home, 'ingest', join(ROOT, 'data/sample'), '--store', 'sample', '--quiet', '--now', '2024-07-03T00:00:00Z']).status).toBe(0);
    for (const f of parquetFiles(join(home, 'stores/sample'))) await compareFile(f);
  });

  it('reads a file written by parquetjs-lite itself (bit-packed levels, nested optional groups)', async () => {
    const lib = createRequire(import.meta.url)('parquetjs-lite');
    const schema = new lib.ParquetSchema({
      name: { type: 'UTF8', optional: true, compression: 'GZIP' },
      n: { type: 'INT64', optional: true, compression: 'GZIP' },
      flag: { type: 'BOOLEAN', compression: 'GZIP' },
      who: { optional: true, fields: { inner: { optional: true, fields: { arn: { type: 'UTF8', optional: true, compression: 'GZIP' } } } } },
    });
    const file = join(tempDir(), 'lib.parquet');
    const w = await lib.ParquetWriter.openFile(schema, file, { rowGroupSize: 700 });
    for (let i = 0; i < 2000; i++) {
      await w.appendRow({
        ...(i % 3 ? { name: `name-${i % 17}-é` } : {}),
        ...(i % 5 ? { n: i * 1000 - 7 } : {}),
        flag: i % 2 === 0,
        ...(i % 7 === 0 ? {} : { who: i % 4 === 0 ? {} : { inner: i % 6 === 0 ? {} : { arn: `arn:${i}` } } }),
      });
    }
    await w.close();
    expect(await compareFile(file)).toBe(3 * 4);
  });
});
