// ColumnBatch -> Parquet file bytes. We build data pages and column chunks
// ourselves straight from typed arrays (DataPage V1; strings DELTA_LENGTH_BYTE_ARRAY
// (delta-length.ts) or, for chunks with few distinct values, a dictionary page
// and PLAIN_DICTIONARY indices (dictionary.ts); booleans PLAIN; times
// DELTA_BINARY_PACKED; RLE definition levels; GZIP unless a chunk gains too
// little from it; chunk min/max statistics and the page index, page-index.ts),
// with page headers and the footer (schema, row groups) from thrift-write.ts.
// This replaces appendRow's per-row shredding (~31k rows/s, DESIGN.md §3).

import type { ColumnSource, ColumnVector } from '../model/batch.js';
import { COLUMNS, GROUPS } from '../model/fields.js';
import { chunkDictionary, dictionaryPageBody, encodeIndices, type ChunkDictionary } from './dictionary.js';
import { encodePageIndex, type WrittenPage } from './page-index.js';
import { encodeDeltaBinary } from './delta-binary.js';
import { encodeStrings } from './delta-length.js';
import { gzipPage, type GzipStrategy } from './gzip.js';
import { encodeHybrid, hybridBound } from './rle-hybrid.js';
import { bufferScratch, uint8Scratch } from '../util/scratch.js';
import { deflate, thrift, type PqField, type PqSchema } from './parquet-lib.js';
import { leafFields, storeSchema, type Codec } from './schema.js';
import { fileMetaData, pageHeader, PAGE_DATA, PAGE_DICTIONARY, type ColumnChunk, type ColumnMetaData, type DataPageHeader, type DictionaryPageHeader, type RowGroup, type SchemaElement, type Statistics } from './thrift-write.js';

export interface ParquetLayout {
  readonly rowGroupRows: number;
  /** Rows per page of a column with statistics (the filter columns: page pruning works at this grain). */
  readonly pageRows: number;
  /** Rows per page of the other columns (fewer, larger pages are cheaper to write and to scan). */
  readonly otherPageRows: number;
  /** A page of a string chunk without a dictionary also ends before its values pass this many bytes (a needle then inflates less to reach one row). */
  readonly pageBytes: number;
  /** The same cap for the ID columns (ID_COLUMNS), which queries output but rarely scan; pageBytes when absent. */
  readonly idPageBytes?: number;
  readonly codec: Codec;
  /** zlib level for GZIP pages (1 fastest .. 9 smallest). */
  readonly gzipLevel: number;
  /** Dictionary-encode a string chunk when its distinct values are at most this share of its rows (0: never). */
  readonly dictionaryShare: number;
}

/** Largest dictionary page, bytes before compression. */
const MAX_DICTIONARY_BYTES = 1 << 20;


/**
 * Working memory of a page's definition levels, reused (allocated per page, the
 * worst case's ~6 bytes a row was 49 KB for an 8,192-row page): the levels, and
 * their encoding. What definitionLevels and encodeLevels return lives here, so
 * it is valid only until their next call: each page copies it into its body at once.
 */
const levelScratch = uint8Scratch(), levelBytes = bufferScratch();

/** Definition levels (at most `maxLevel`) in the RLE/bit-packing hybrid, after a 4-byte length: a view of levelBytes. */
function encodeLevels(levels: Uint8Array, maxLevel: number): Buffer {
  const width = 32 - Math.clz32(maxLevel);
  const out = levelBytes.take(4 + hybridBound(levels.length, width));
  const pos = encodeHybrid(levels, levels.length, width, out, 4);
  out.writeUInt32LE(pos - 4, 0);
  return out.subarray(0, pos);
}

/** Page statistics as Parquet stores them: PLAIN-encoded min/max (null when the page has no value). */
interface PageStats { min: Buffer | null; max: Buffer | null; nulls: number }

function int64(v: number): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeBigInt64LE(BigInt(v));
  return b;
}

/**
 * Encodes the valid values of `rows` after `prefix` (the page's encoded
 * definition levels) into one buffer, and gathers statistics if wanted:
 * strings DELTA_LENGTH_BYTE_ARRAY, the others PLAIN.
 */
function encodeValues(vec: ColumnVector, rows: Int32Array, prefix: Buffer | null, wantStats: boolean): { buf: Buffer; stats: PageStats; encoding: number } {
  const stats: PageStats = { min: null, max: null, nulls: 0 };
  const { valid, data } = vec;
  const n = rows.length;
  let count = 0;
  for (let i = 0; i < n; i++) count += valid[rows[i]!]!;
  stats.nulls = n - count;
  const start = prefix ? prefix.length : 0;
  switch (data.kind) {
    case 'utf8':
    case 'dict': {
      const page = encodeStrings(data, valid, rows, prefix, wantStats);
      stats.min = page.min;
      stats.max = page.max;
      return { buf: page.buf, stats, encoding: thrift.Encoding.DELTA_LENGTH_BYTE_ARRAY };
    }
    case 'bool': {
      const { values } = data;
      const buf = Buffer.alloc(start + Math.ceil(count / 8));
      if (prefix) prefix.copy(buf, 0);
      let bit = 0, any0 = false, any1 = false;
      for (let i = 0; i < n; i++) {
        const r = rows[i]!;
        if (!valid[r]) continue;
        if (values[r]) {
          buf[start + (bit >> 3)]! |= 1 << (bit & 7);
          any1 = true;
        } else any0 = true;
        bit++;
      }
      if (wantStats && count > 0) {
        stats.min = Buffer.from([any0 ? 0 : 1]);
        stats.max = Buffer.from([any1 ? 1 : 0]);
      }
      return { buf, stats, encoding: thrift.Encoding.PLAIN };
    }
    case 'time': {
      const { values } = data;
      const buf = Buffer.allocUnsafe(start + 8 * count);
      if (prefix) prefix.copy(buf, 0);
      let pos = start;
      let min = Infinity, max = -Infinity;
      for (let i = 0; i < n; i++) {
        const r = rows[i]!;
        if (!valid[r]) continue;
        const v = values[r]!;
        // epoch ms < 2^53: split into two 32-bit halves (BigInt per value is slow)
        const hi = Math.floor(v / 4294967296);
        buf.writeUInt32LE(v - hi * 4294967296, pos);
        buf.writeInt32LE(hi, pos + 4);
        pos += 8;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (wantStats && count > 0) {
        stats.min = int64(min);
        stats.max = int64(max);
      }
      return { buf, stats, encoding: thrift.Encoding.PLAIN };
    }
    default:
      return data satisfies never;
  }
}

/** Orders two PLAIN-encoded statistics values of a column. */
function compareStat(field: PqField, a: Buffer, b: Buffer): number {
  return field.primitiveType === 'INT64' ? compareInt64(a, b) : Buffer.compare(a, b);
}

const compareInt64 = (a: Buffer, b: Buffer): number => Number(a.readBigInt64LE() - b.readBigInt64LE());

/**
 * A page: its thrift header (serialized once the chunk's codec is settled),
 * its raw and compressed bodies (the raw one until then), and its statistics
 * (for the page index and the chunk's statistics; page headers carry none:
 * readers use the index).
 */
interface EncodedPage {
  readonly kind: DataPageHeader | DictionaryPageHeader;
  header: Buffer;
  readonly raw: Buffer;
  body: Buffer;
  readonly stats: PageStats;
  readonly rows: number;
  /** Encoded to be read as it is (bit-packed deltas): its chunk stays uncompressed. */
  readonly stored?: true;
}

const NO_HEADER = Buffer.alloc(0);
const NO_STATS: PageStats = { min: null, max: null, nulls: 0 };

function dataPage(raw: Buffer, numValues: number, stats: PageStats, encoding: number, stored = false): EncodedPage {
  return { kind: { type: PAGE_DATA, numValues, encoding }, header: NO_HEADER, raw, body: raw, stats, rows: numValues, ...(stored ? { stored: true as const } : {}) };
}

/**
 * A chunk is compressed only if GZIP makes it smaller than this share of its
 * bytes: every byte read from a compressed chunk is inflated again by every
 * scan. Dictionary-encoded columns (userAgent, sourceIPAddress, ARNs) shrink
 * by only 16-36% once their indices are bit-packed; kept uncompressed they
 * cost 1.7 MiB more per 1M events (+1.9%) and a LIKE scan on userAgent no
 * inflate at all. IDs and JSON text still shrink by half or more.
 */
const GZIP_WORTH = 0.65;
/** Nor unless it saves this many bytes a page: a tiny page costs a reader ~5 us to inflate (bench/micro.ts). */
const GZIP_MIN_SAVING = 512;

function compress(layout: ParquetLayout, body: Buffer, strategy: GzipStrategy): Buffer {
  return layout.codec === 'GZIP' ? gzipPage(body, layout.gzipLevel, strategy) : deflate(layout.codec, body);
}

/** The pages of column c's chunk of a row group (rows `groupRows`): its dictionary page, if any, then its data pages. */
function chunkPages(field: PqField, c: number, vec: ColumnVector, groupRows: Int32Array, nulls: Uint8Array[], layout: ParquetLayout, pageBytes: number): EncodedPage[] {
  const list: EncodedPage[] = [];
  const pageRows = field.statistics !== false ? layout.pageRows : layout.otherPageRows;
  // A chunk with no value (a field the group's events lack) has neither a dictionary nor bytes to count.
  const valued = valuedRows(vec.valid, groupRows);
  const dict = layout.dictionaryShare > 0 && valued > 0
    ? chunkDictionary(vec, groupRows, Math.max(16, Math.floor(valued * layout.dictionaryShare)), MAX_DICTIONARY_BYTES)
    : null;
  if (dict) list.push(dictionaryPage(dict));
  for (let p = 0, end = 0; p < groupRows.length; p = end) {
    end = dict || valued === 0 ? Math.min(groupRows.length, p + pageRows) : pageEnd(vec, groupRows, p, pageRows, pageBytes);
    const rows = groupRows.subarray(p, end);
    const levels = field.dLevelMax > 0 ? definitionLevels(c, vec.valid, nulls, rows) : null;
    list.push(dict ? encodeDictionaryPage(field, vec, dict, groupRows, p, end, levels) : encodePage(field, vec, rows, levels));
  }
  return list;
}

/**
 * Settles a chunk's codec and gives its pages their bodies and headers: the
 * layout's codec, unless it saves too little (GZIP_WORTH, GZIP_MIN_SAVING),
 * or when a page is encoded to be read as it is (delta-binary.ts): then the
 * pages are stored uncompressed and reading them costs no inflate call. A
 * chunk whose raw bytes could not save enough even if they vanished is not
 * compressed at all (most dictionary-index and mostly-NULL chunks).
 */
function settleCodec(pages: EncodedPage[], layout: ParquetLayout, strategy: GzipStrategy): Codec {
  let codec: Codec = 'UNCOMPRESSED';
  let raw = 0;
  for (const p of pages) raw += p.raw.length;
  let stored = false;
  for (const p of pages) stored ||= p.stored === true;
  if (layout.codec !== 'UNCOMPRESSED' && raw >= GZIP_MIN_SAVING * pages.length && !stored) {
    const bodies: Buffer[] = [];
    let packed = 0;
    for (const p of pages) {
      const body = compress(layout, p.raw, strategy);
      bodies.push(body);
      packed += body.length;
    }
    if (packed < raw * GZIP_WORTH && raw - packed >= GZIP_MIN_SAVING * pages.length) {
      codec = layout.codec;
      for (let k = 0; k < pages.length; k++) pages[k]!.body = bodies[k]!;
    }
  }
  for (const p of pages) {
    p.header = pageHeader(p.kind, p.raw.length, p.body.length);
  }
  return codec;
}

function encodePage(field: PqField, vec: ColumnVector, rows: Int32Array, levels: Uint8Array | null): EncodedPage {
  const prefix = levels ? encodeLevels(levels, field.dLevelMax) : null;
  if (vec.data.kind === 'time') {
    // Times: DELTA_BINARY_PACKED, left uncompressed (see delta-binary.ts).
    const body = encodeDeltaBinary(vec.data.values, vec.valid, rows, prefix);
    if (body) return dataPage(body, rows.length, timeStats(vec, rows, field.statistics !== false), thrift.Encoding.DELTA_BINARY_PACKED, true);
  }
  const { buf, stats, encoding } = encodeValues(vec, rows, prefix, field.statistics !== false);
  return dataPage(buf, rows.length, stats, encoding);
}

/** A page of times' statistics: min, max and NULLs. */
function timeStats(vec: ColumnVector, rows: Int32Array, wantStats: boolean): PageStats {
  const values = (vec.data as { values: Float64Array }).values;
  let min = Infinity, max = -Infinity, nulls = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (!vec.valid[r]) { nulls++; continue; }
    const v = values[r]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min: wantStats && min <= max ? int64(min) : null, max: wantStats && min <= max ? int64(max) : null, nulls };
}

/** A page of a dictionary-encoded chunk: positions `from` to `to` of the chunk's rows. */
function encodeDictionaryPage(field: PqField, vec: ColumnVector, dict: ChunkDictionary, rows: Int32Array, from: number, to: number, levels: Uint8Array | null): EncodedPage {
  const { buf, min, max } = encodeIndices(dict, vec.valid, rows, from, to, levels ? encodeLevels(levels, field.dLevelMax) : null);
  let nulls = 0;
  for (let i = from; i < to; i++) nulls += 1 - vec.valid[rows[i]!]!;
  const stats: PageStats = { min: max >= 0 ? entryBytes(dict, min) : null, max: max >= 0 ? entryBytes(dict, max) : null, nulls };
  return dataPage(buf, to - from, stats, thrift.Encoding.PLAIN_DICTIONARY);
}

/** A copy of dictionary entry k's bytes. */
function entryBytes(dict: ChunkDictionary, k: number): Buffer {
  return Buffer.from(dict.bytes.subarray(dict.starts[k]!, dict.ends[k]!));
}

function dictionaryPage(dict: ChunkDictionary): EncodedPage {
  const raw = dictionaryPageBody(dict);
  const kind: DictionaryPageHeader = { type: PAGE_DICTIONARY, numValues: dict.count, encoding: thrift.Encoding.PLAIN_DICTIONARY, sorted: true };
  return { kind, header: NO_HEADER, raw, body: raw, stats: NO_STATS, rows: 0 };
}

/**
 * Random IDs: GZIP shrinks them by Huffman coding alone, so small pages cost
 * them little, and their pages are compressed with Huffman codes only (the
 * 1M archive's eventID pages: 18.8 bytes a value against 19.1 with full
 * deflate at level 3, in half the time).
 */
const ID_COLUMNS: ReadonlySet<string> = new Set(['eventID', 'requestID', 'sharedEventID']);

/** Where the page of a chunk without a dictionary that starts at position `from` of `rows` ends: after pageRows rows, or pageBytes bytes of string values. */
function pageEnd(vec: ColumnVector, rows: Int32Array, from: number, pageRows: number, pageBytes: number): number {
  const last = Math.min(rows.length, from + pageRows);
  const d = vec.data;
  if (d.kind !== 'utf8' && d.kind !== 'dict') return last;
  const { offsets } = d;
  const ids = d.kind === 'dict' ? d.ids : null, valid = vec.valid;
  let bytes = 0;
  for (let i = from; i < last; i++) {
    const r = rows[i]!;
    // A null row counts 4 bytes, as its empty range of a utf8 column does.
    const k = ids === null ? r : valid[r] ? ids[r]! : -1;
    bytes += k < 0 ? 4 : 4 + offsets[k + 1]! - offsets[k]!;
    if (bytes > pageBytes && i > from) return i;
  }
  return last;
}

/** dst[r] |= src[r] for the first `n` bytes, four at a time where both are 4-byte aligned. */
function orInto(dst: Uint8Array, src: Uint8Array, n: number): void {
  let r = 0;
  if (dst.byteOffset % 4 === 0 && src.byteOffset % 4 === 0) {
    const d = new Int32Array(dst.buffer, dst.byteOffset, n >> 2), s = new Int32Array(src.buffer, src.byteOffset, n >> 2);
    for (let k = 0; k < d.length; k++) d[k]! |= s[k]!;
    r = d.length * 4;
  }
  for (; r < n; r++) dst[r]! |= src[r]!;
}

/**
 * Per group, each row's definition level for a NULL leaf directly inside it:
 * the depth of the innermost group on its path that the row has (0: none).
 * First presence: 1 where the row has any non-null leaf beneath the group,
 * innermost groups first, each the OR of its own leaves and of its child
 * groups, so each leaf's validity is fetched (concatenated, for a multi-batch
 * source) once. Then, outermost first, presence becomes that depth in place.
 */
function nullLevels(source: ColumnSource): Uint8Array[] {
  const rows = source.rows;
  const levels: Uint8Array[] = [];
  for (let g = 0; g < GROUPS.length; g++) levels.push(new Uint8Array(rows));
  // GROUPS lists a group before the groups inside it.
  for (let g = GROUPS.length - 1; g >= 0; g--) {
    for (const leaf of GROUPS[g]!.leaves) if (COLUMNS[leaf]!.ancestors.at(-1) === g) orInto(levels[g]!, source.valid(leaf), rows);
    const parent = GROUP_PARENT[g]!;
    if (parent >= 0) orInto(levels[parent]!, levels[g]!, rows);
  }
  for (let g = 0; g < GROUPS.length; g++) {
    const own = levels[g]!, outer = GROUP_PARENT[g]! >= 0 ? levels[GROUP_PARENT[g]!]! : null, depth = GROUPS[g]!.path.length;
    // A row that has the group has all the groups around it.
    for (let r = 0; r < rows; r++) own[r] = own[r] ? depth : outer ? outer[r]! : 0;
  }
  return levels;
}
/** Index of each group's enclosing group, or -1. */
const GROUP_PARENT = GROUPS.map((g) => GROUPS.findIndex((p) => p.path.length === g.path.length - 1 && p.path.every((k, i) => k === g.path[i])));

/** Definition levels of one leaf for `rows`: full depth when valid, else its group's level for the row (nullLevels; a view of levelScratch). */
function definitionLevels(leaf: number, valid: Uint8Array, nulls: Uint8Array[], rows: Int32Array): Uint8Array {
  const { ancestors } = COLUMNS[leaf]!;
  const full = ancestors.length + 1;
  const out = levelScratch.take(rows.length);
  if (ancestors.length === 0) {
    for (let i = 0; i < rows.length; i++) out[i] = valid[rows[i]!]!; // full = 1
    return out;
  }
  const level = nulls[ancestors.at(-1)!]!;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    out[i] = valid[r] ? full : level[r]!;
  }
  return out;
}

/**
 * A column chunk's pages and its metadata. (parquetjs-lite's own row-group
 * encoder re-concatenates the growing row-group body once per column, which is
 * quadratic; we assemble chunks and write the footer here.)
 */
function encodeChunk(field: PqField, pages: EncodedPage[], rows: number, offset: number, codec: Codec) {
  const dictionary = pages[0]?.kind.type === PAGE_DICTIONARY;
  const encodings: number[] = dictionary ? [thrift.Encoding.PLAIN_DICTIONARY, thrift.Encoding.PLAIN, thrift.Encoding.RLE] : [thrift.Encoding.RLE];
  for (const p of pages) if (p.kind.type === PAGE_DATA && !encodings.includes(p.kind.encoding)) encodings.push(p.kind.encoding);
  let compressed = 0, uncompressed = 0;
  for (const p of pages) {
    compressed += p.header.length + p.body.length;
    uncompressed += p.header.length + p.raw.length;
  }
  let statistics: Statistics | undefined;
  if (field.statistics !== false) {
    let min: Buffer | null = null, max: Buffer | null = null, nulls = 0;
    for (const p of pages) {
      nulls += p.stats.nulls;
      if (p.stats.min && (!min || compareStat(field, p.stats.min, min) < 0)) min = p.stats.min;
      if (p.stats.max && (!max || compareStat(field, p.stats.max, max) > 0)) max = p.stats.max;
    }
    statistics = { nulls, min, max };
  }
  const meta: ColumnMetaData = {
    type: thrift.Type[field.primitiveType],
    encodings,
    path: field.path,
    codec: thrift.CompressionCodec[codec],
    numValues: rows,
    uncompressedSize: uncompressed,
    compressedSize: compressed,
    dataPageOffset: dictionary ? offset + pages[0]!.header.length + pages[0]!.body.length : offset,
    ...(dictionary ? { dictionaryPageOffset: offset } : {}),
    ...(statistics ? { statistics } : {}),
  };
  const chunk: ColumnChunk = { fileOffset: offset + compressed, meta };
  const written: WrittenPage[] = [];
  let at = offset, firstRow = 0;
  for (const p of pages) {
    const size = p.header.length + p.body.length;
    if (p.kind.type === PAGE_DATA) {
      written.push({ offset: at, size, firstRow, min: p.stats.min, max: p.stats.max, nulls: p.stats.nulls });
      firstRow += p.rows;
    }
    at += size;
  }
  const index = encodePageIndex(written, field.statistics !== false, field.primitiveType === 'INT64' ? compareInt64 : Buffer.compare);
  return { chunk, size: compressed, index };
}

/**
 * Rows of `rows` with a value. The dictionary limit is a share of these, not of
 * all rows: errorMessage (5% of rows, 60% of them distinct) was dictionary-encoded
 * under a share of all rows, and a needle reading a few of its rows inflated
 * the whole dictionary page of every row group it met.
 */
function valuedRows(valid: Uint8Array, rows: Int32Array): number {
  let n = 0;
  for (let i = 0; i < rows.length; i++) n += valid[rows[i]!]!;
  return n;
}

export interface EncodedFile {
  readonly chunks: Buffer[];
  readonly rowGroups: number;
}

const MAGIC = Buffer.from('PAR1');
/** The footer's key-value metadata and writer name (parquetjs-lite's, which wrote our footers before). */
const FILE_KEY_VALUE = [['traillake.format', '1']] as const;
const CREATED_BY = 'parquet.js';

/** The footer's schema: a root, then every field (groups and leaves) in order, as parquetjs-lite lists it. */
const schemaElementsOf = new WeakMap<PqSchema, SchemaElement[]>();
function schemaElements(schema: PqSchema): SchemaElement[] {
  let list = schemaElementsOf.get(schema);
  if (!list) {
    list = [{ name: 'root', numChildren: schema.fieldList.filter((f) => f.path.length === 1).length }];
    for (const f of schema.fieldList) {
      list.push({
        name: f.name,
        repetitionType: thrift.FieldRepetitionType[f.repetitionType],
        ...(f.isNested ? { numChildren: f.fieldCount } : { type: thrift.Type[f.primitiveType] }),
        ...(f.originalType ? { convertedType: thrift.ConvertedType[f.originalType] } : {}),
        ...(f.typeLength !== undefined ? { typeLength: f.typeLength } : {}),
      });
    }
    schemaElementsOf.set(schema, list);
  }
  return list;
}

/**
 * Encodes the rows of `source` in the order given by `order` (a permutation of
 * row indexes). Columns are encoded one at a time (each may be materialized only
 * while it is encoded); the compressed pages are then laid out row group by row group.
 */
export async function encodeParquet(source: ColumnSource, order: Int32Array, layout: ParquetLayout): Promise<EncodedFile> {
  const schema = storeSchema(layout.codec);
  const fields = leafFields(schema);
  const nulls = nullLevels(source);
  const groups: Int32Array[] = [];
  for (let start = 0; start < order.length; start += layout.rowGroupRows) {
    groups.push(order.subarray(start, Math.min(order.length, start + layout.rowGroupRows)));
  }
  // pages[g][c]: the encoded pages of column c in row group g. Plain loops over module
  // functions, not forEach arrows: an arrow is a new closure per file, recompiled once its closures die.
  const pages: EncodedPage[][][] = [];
  const codecs: Codec[][] = [];
  for (let g = 0; g < groups.length; g++) {
    pages.push([]);
    codecs.push([]);
  }
  for (let c = 0; c < fields.length; c++) {
    const field = fields[c]!, vec = source.column(c);
    const ids = ID_COLUMNS.has(field.path.join('.'));
    const pageBytes = ids ? layout.idPageBytes ?? layout.pageBytes : layout.pageBytes;
    for (let g = 0; g < groups.length; g++) {
      const list = chunkPages(field, c, vec, groups[g]!, nulls, layout, pageBytes);
      pages[g]![c] = list;
      codecs[g]![c] = settleCodec(list, layout, ids ? 'huffman' : 'default');
    }
  }
  const out: Buffer[] = [MAGIC];
  let offset = MAGIC.length;
  const rowGroups: RowGroup[] = [];
  const indexes: { chunk: ColumnChunk; index: { column: Buffer | null; offset: Buffer } }[] = [];
  for (let g = 0; g < groups.length; g++) {
    const groupRows = groups[g]!;
    const columns: ColumnChunk[] = [];
    let totalByteSize = 0;
    for (let c = 0; c < fields.length; c++) {
      const list = pages[g]![c]!;
      const { chunk, size, index } = encodeChunk(fields[c]!, list, groupRows.length, offset, codecs[g]![c]!);
      indexes.push({ chunk, index });
      for (const p of list) out.push(p.header, p.body);
      offset += size;
      columns.push(chunk);
      totalByteSize += size;
    }
    rowGroups.push({ columns, totalByteSize, numRows: groupRows.length });
  }
  // The page index: each chunk's ColumnIndex, then its OffsetIndex (one read for a scan).
  for (const { chunk, index } of indexes) {
    if (index.column) {
      chunk.columnIndexOffset = offset;
      chunk.columnIndexLength = index.column.length;
      out.push(index.column);
      offset += index.column.length;
    }
    chunk.offsetIndexOffset = offset;
    chunk.offsetIndexLength = index.offset.length;
    out.push(index.offset);
    offset += index.offset.length;
  }
  const footer = fileMetaData({ version: 1, schema: schemaElements(schema), numRows: order.length, rowGroups, keyValue: FILE_KEY_VALUE, createdBy: CREATED_BY });
  const tail = Buffer.alloc(8);
  tail.writeUInt32LE(footer.length, 0);
  MAGIC.copy(tail, 4);
  out.push(footer, tail);
  return { chunks: out, rowGroups: groups.length };
}
