// Reading event data store files column chunk by column chunk, at the level of
// parquetjs-lite's envelope reader (its row cursor is O(n^2): DESIGN.md §3).
// Used by export, ingest dedupe, tests and the query engine's scan tasks.

import { COLUMNS } from '../model/fields.js';
import type { Value } from '../model/record.js';
import { canDecode, decodeChunk, type ChunkMeta, type DictionaryInfo } from './chunk-decode.js';
import { ParquetReader, type PqReader } from './parquet-lib.js';

export interface RowGroupValues {
  readonly rows: number;
  /** values[c] holds one value per row for each requested column index c, else undefined. */
  readonly values: (Value[] | undefined)[];
}

function toValue(v: unknown): Value {
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.getTime();
  return v as Value;
}

export interface ChunkValues {
  readonly values: Value[];
  /** Compressed bytes of the chunk. */
  readonly bytes: number;
  /** The chunk's dictionary when it is dictionary-encoded, and each row's index into it (-1 for NULL). */
  readonly dict: { readonly values: readonly string[]; readonly indices: Int32Array } | null;
  /** An INT64 chunk read in the 'numbers' form: a number per row, NaN for NULL (`values` is then empty). */
  readonly numbers?: Float64Array;
}

/**
 * One column chunk of one row group, by dotted leaf path: a value per row
 * (null where undefined) for the first `maxRows` rows (all by default), and
 * the chunk's compressed size in bytes. Our own files take the fast decoder
 * (chunk-decode.ts); anything it does not handle goes through parquetjs-lite.
 * With form 'indices', a dictionary-encoded chunk comes back as its
 * dictionary and indices only; with 'numbers', an INT64 chunk as `numbers`
 * only (`values` empty in both cases; other chunks come back as values).
 */
export async function readChunkValues(reader: PqReader, rowGroup: number, path: string, rows: number, maxRows = rows, form: DictionaryInfo['form'] = 'values'): Promise<ChunkValues> {
  const want = Math.min(rows, maxRows);
  const chunk = reader.metadata.row_groups[rowGroup].columns.find(
    (cc: { meta_data: { path_in_schema: string[] } }) => cc.meta_data.path_in_schema.join('.') === path,
  );
  if (!chunk) return { values: new Array(want).fill(null), bytes: 0, dict: null }; // a column added after this file was written
  const md = chunk.meta_data;
  const bytes = Number(md.total_compressed_size);
  const field = reader.schema.findField(path.split('.'));
  const meta: ChunkMeta = { type: md.type, codec: md.codec, dLevelMax: field.dLevelMax, rLevelMax: field.rLevelMax };
  if (canDecode(meta)) {
    // A chunk starts with its dictionary page when it has one.
    const start = Number(md.dictionary_page_offset ?? md.data_page_offset);
    const info: DictionaryInfo = { dict: null, indices: null, form };
    const values = decodeChunk(await reader.envelopeReader.read(start, bytes), meta, rows, want, info);
    if (values) return { values, bytes, dict: info.dict && info.indices ? { values: info.dict, indices: info.indices } : null, ...(info.numbers ? { numbers: info.numbers } : {}) };
  }
  const out: Value[] = new Array(want).fill(null);
  const data = await reader.envelopeReader.readColumnChunk(reader.schema, chunk);
  let k = 0;
  for (let r = 0; r < want; r++) {
    if (data.dlevels[r] === field.dLevelMax) out[r] = toValue(data.values[k++]);
  }
  return { values: out, bytes, dict: null };
}

async function readChunk(reader: PqReader, rowGroup: number, c: number, rows: number): Promise<Value[]> {
  return (await readChunkValues(reader, rowGroup, COLUMNS[c]!.name, rows)).values;
}

/** Yields each row group's values for the given columns (all columns by default). */
export async function* readRowGroups(path: string, columns: readonly number[] = COLUMNS.map((c) => c.index)): AsyncGenerator<RowGroupValues> {
  const reader = await ParquetReader.openFile(path);
  try {
    const groups = reader.metadata.row_groups as { num_rows: number | bigint }[];
    for (let g = 0; g < groups.length; g++) {
      const rows = Number(groups[g]!.num_rows);
      const values: (Value[] | undefined)[] = new Array(COLUMNS.length);
      for (const c of columns) values[c] = await readChunk(reader, g, c, rows);
      yield { rows, values };
    }
  } finally {
    await reader.close();
  }
}

/** One column of a whole file. */
export async function readColumn(path: string, c: number): Promise<Value[]> {
  const out: Value[] = [];
  for await (const g of readRowGroups(path, [c])) out.push(...g.values[c]!);
  return out;
}
