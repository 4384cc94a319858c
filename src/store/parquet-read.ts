// Reading event data store files column chunk by column chunk, at the level of
// parquetjs-lite's envelope reader (its row cursor is O(n^2): DESIGN.md §3).
// Used by export, ingest dedupe, tests and the query engine's scan tasks.

import { COLUMNS } from '../model/fields.js';
import type { Value } from '../model/record.js';
import { canDecode, decodeChunk, type ChunkMeta, type DictionaryInfo, type PageCounts } from './chunk-decode.js';
import type { DictionaryEntries } from './dictionary-entries.js';
import { pageRowRange, readPageIndex } from './page-index.js';
import { ParquetReader, type PqReader } from './parquet-lib.js';
import { overlapCursor, rowMask, type RowRanges } from './row-ranges.js';

const BYTE_ARRAY = 6;

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
  readonly dict: { readonly entries: DictionaryEntries; readonly indices: Int32Array } | null;
  /** An INT64 chunk read in the 'numbers' form: a number per row, NaN for NULL (`values` is then empty). */
  readonly numbers?: Float64Array;
}

interface ChunkMetaLike { readonly meta_data: { readonly path_in_schema: readonly string[] } }

const chunksByPath = new WeakMap<object, Map<string, unknown>>();

/** Row group `g`'s column chunk for a dotted leaf path (undefined if the file has none): a map made once per footer's row group. */
export function columnChunk(reader: PqReader, g: number, path: string): any {
  const group = reader.metadata.row_groups[g];
  let byPath = chunksByPath.get(group);
  if (!byPath) {
    byPath = new Map((group.columns as ChunkMetaLike[]).map((c) => [c.meta_data.path_in_schema.join('.'), c]));
    chunksByPath.set(group, byPath);
  }
  return byPath.get(path);
}

/**
 * One column chunk of one row group, by dotted leaf path: a value per row
 * (null where undefined) for the first `maxRows` rows (all by default), and
 * the chunk's compressed size in bytes. Our own files take the fast decoder
 * (chunk-decode.ts); anything it does not handle goes through parquetjs-lite.
 * With form 'indices', a dictionary-encoded chunk comes back as its
 * dictionary and indices only; with 'numbers', an INT64 chunk as `numbers`
 * only (`values` empty in both cases; other chunks come back as values).
 * With `need`, only the rows in those ranges are wanted: through the chunk's
 * page index only the pages that meet them are read and decoded (the other
 * rows stay null); `counts` adds the data pages met and decoded.
 */
export async function readChunkValues(reader: PqReader, rowGroup: number, path: string, rows: number, maxRows = rows, form: DictionaryInfo['form'] = 'values', need?: RowRanges | null, counts?: PageCounts): Promise<ChunkValues> {
  const want = Math.min(rows, maxRows);
  const chunk = columnChunk(reader, rowGroup, path);
  if (!chunk) return { values: new Array(want).fill(null), bytes: 0, dict: null }; // a column added after this file was written
  const md = chunk.meta_data;
  const bytes = Number(md.total_compressed_size);
  const field = reader.schema.findField(path.split('.'));
  const meta: ChunkMeta = { type: md.type, codec: md.codec, dLevelMax: field.dLevelMax, rLevelMax: field.rLevelMax };
  if (canDecode(meta)) {
    // A chunk starts with its dictionary page when it has one.
    const start = Number(md.dictionary_page_offset ?? md.data_page_offset);
    const info: DictionaryInfo = { dict: null, indices: null, form };
    const part = need ? await readNeededPages(reader, chunk, rows, start, need) : null;
    const buf = part ? part.buf : await reader.envelopeReader.read(start, bytes);
    const select = need ? { firstRow: part ? part.firstRow : 0, keep: overlapCursor(need), rows: meta.type === BYTE_ARRAY ? rowMask(need, rows) : undefined } : undefined;
    if (part && counts) counts.total += part.skipped;
    const values = decodeChunk(buf, meta, rows, want, info, select, counts);
    if (values) return { values, bytes: part ? part.buf.length : bytes, dict: info.dict && info.indices ? { entries: info.dict, indices: info.indices } : null, ...(info.numbers ? { numbers: info.numbers } : {}) };
  }
  const out: Value[] = new Array(want).fill(null);
  const data = await reader.envelopeReader.readColumnChunk(reader.schema, chunk);
  let k = 0;
  for (let r = 0; r < want; r++) {
    if (data.dlevels[r] === field.dLevelMax) out[r] = toValue(data.values[k++]);
  }
  return { values: out, bytes, dict: null };
}

/**
 * Through the chunk's page index, the bytes of the pages that meet `need`: the
 * dictionary page (if any) followed by the span from the first such data page
 * to the last. Null when there is no index or every page is needed.
 */
async function readNeededPages(reader: PqReader, chunk: any, rows: number, start: number, need: RowRanges): Promise<{ buf: Buffer; firstRow: number; skipped: number } | null> {
  const index = await readPageIndex(reader, chunk, rows);
  if (!index) return null;
  const meets = overlapCursor(need);
  const pages = index.offsets.length;
  let first = -1, last = -1;
  for (let i = 0; i < pages; i++) {
    const [from, to] = pageRowRange(index, i, rows);
    if (meets(from, to)) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first === 0 && last === pages - 1) return null;
  if (first < 0) return { buf: Buffer.alloc(0), firstRow: rows, skipped: pages };
  const from = index.offsets[first]!, to = index.offsets[last]! + index.sizes[last]!;
  const dataStart = index.offsets[0]!;
  const parts: Promise<Buffer>[] = [];
  if (start < dataStart) parts.push(reader.envelopeReader.read(start, dataStart - start));
  parts.push(reader.envelopeReader.read(from, to - from));
  const bufs = await Promise.all(parts);
  return { buf: bufs.length === 1 ? bufs[0]! : Buffer.concat(bufs), firstRow: index.firstRows[first]!, skipped: first + (pages - 1 - last) };
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
