// The Thrift compact protocol, writing only, for the structs a store writes
// (parquet.thrift): PageHeader per page, OffsetIndex and ColumnIndex per chunk,
// and the footer's FileMetaData per file. parquetjs-lite's generic serializer
// builds a transport, a protocol and an object per field: ~2.8 us of CPU per
// event written for the page structs, and 0.7 us for footers (a file's holds
// ~60 column chunks per row group). These write the same bytes (tested against
// it) into one growable buffer.

/** Compact protocol type ids. */
const T_TRUE = 1, T_FALSE = 2, T_I32 = 5, T_I64 = 6, T_BINARY = 8, T_LIST = 9, T_STRUCT = 12;
const utf8 = new TextEncoder();

class CompactWriter {
  private buf = Buffer.allocUnsafe(256);
  private pos = 0;
  /** The last field id of each open struct (the innermost last). */
  private readonly lastIds: number[] = [];
  private lastId = 0;

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const b = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(b, 0, 0, this.pos);
    this.buf = b;
  }

  private byte(v: number): void {
    this.room(1);
    this.buf[this.pos++] = v;
  }

  /** Unsigned varint of a non-negative integer up to 2^53. */
  private varint(v: number): void {
    this.room(10);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
  }

  /** Zigzag varint of a (safe) integer: i32 and i64 alike. */
  private zigzag(v: number): void {
    this.varint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  private field(id: number, type: number): void {
    const delta = id - this.lastId;
    if (delta > 0 && delta <= 15) this.byte((delta << 4) | type);
    else {
      this.byte(type);
      this.zigzag(id);
    }
    this.lastId = id;
  }

  i32(id: number, v: number): this {
    this.field(id, T_I32);
    this.zigzag(v);
    return this;
  }

  i64(id: number, v: number): this {
    this.field(id, T_I64);
    this.zigzag(v);
    return this;
  }

  /** A binary field; a string is written as its UTF-8 bytes. */
  binary(id: number, v: Uint8Array | string): this {
    this.field(id, T_BINARY);
    this.bytes(typeof v === 'string' ? utf8.encode(v) : v);
    return this;
  }

  private bytes(v: Uint8Array): void {
    this.varint(v.length);
    this.room(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
  }

  bool(id: number, v: boolean): this {
    this.field(id, v ? T_TRUE : T_FALSE);
    return this;
  }

  beginStruct(id: number): this {
    this.field(id, T_STRUCT);
    this.lastIds.push(this.lastId);
    this.lastId = 0;
    return this;
  }

  /** Ends the innermost struct (or, with none open, the top-level one). */
  end(): this {
    this.byte(0);
    this.lastId = this.lastIds.pop() ?? 0;
    return this;
  }

  private listHeader(id: number, size: number, type: number): void {
    this.field(id, T_LIST);
    if (size < 15) this.byte((size << 4) | type);
    else {
      this.byte(0xf0 | type);
      this.varint(size);
    }
  }

  boolList(id: number, vs: readonly boolean[]): this {
    this.listHeader(id, vs.length, T_TRUE);
    for (const v of vs) this.byte(v ? T_TRUE : T_FALSE);
    return this;
  }

  i64List(id: number, vs: readonly number[]): this {
    this.listHeader(id, vs.length, T_I64);
    for (const v of vs) this.zigzag(v);
    return this;
  }

  i32List(id: number, vs: readonly number[]): this {
    this.listHeader(id, vs.length, T_I32);
    for (const v of vs) this.zigzag(v);
    return this;
  }

  binaryList(id: number, vs: readonly (Uint8Array | string)[]): this {
    this.listHeader(id, vs.length, T_BINARY);
    for (const v of vs) this.bytes(typeof v === 'string' ? utf8.encode(v) : v);
    return this;
  }

  /** A list of structs, each written by `write` between its begin and end. */
  structList<T>(id: number, items: readonly T[], write: (w: this, item: T) => void): this {
    this.listHeader(id, items.length, T_STRUCT);
    for (const item of items) {
      this.lastIds.push(this.lastId);
      this.lastId = 0;
      write(this, item);
      this.end();
    }
    return this;
  }

  /** The bytes written, as a buffer of their own; the writer starts over. */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.pos));
    this.pos = 0;
    this.lastId = 0;
    this.lastIds.length = 0;
    return out;
  }
}

const writer = new CompactWriter();

/** parquet.thrift's PageType and the encodings a store writes. */
export const PAGE_DATA = 0, PAGE_DICTIONARY = 2;
const ENCODING_RLE = 3;

export interface DataPageHeader { readonly type: typeof PAGE_DATA; readonly numValues: number; readonly encoding: number }
export interface DictionaryPageHeader { readonly type: typeof PAGE_DICTIONARY; readonly numValues: number; readonly encoding: number; readonly sorted: boolean }

/** A serialized PageHeader (no CRC, no statistics: readers use the page index). */
export function pageHeader(h: DataPageHeader | DictionaryPageHeader, uncompressedSize: number, compressedSize: number): Buffer {
  writer.i32(1, h.type).i32(2, uncompressedSize).i32(3, compressedSize);
  switch (h.type) {
    case PAGE_DATA:
      writer.beginStruct(5).i32(1, h.numValues).i32(2, h.encoding).i32(3, ENCODING_RLE).i32(4, ENCODING_RLE).end();
      break;
    case PAGE_DICTIONARY:
      writer.beginStruct(7).i32(1, h.numValues).i32(2, h.encoding).bool(3, h.sorted).end();
      break;
    default:
      return h satisfies never;
  }
  return writer.end().take();
}

export interface PageLocation { readonly offset: number; readonly size: number; readonly firstRow: number }

// Writers of list items are module functions, not arrows in the calls: an
// arrow is a new closure each call, and V8 recompiles one whose closures died.
function pageLocation(w: CompactWriter, p: PageLocation): void {
  w.i64(1, p.offset).i32(2, p.size).i64(3, p.firstRow);
}

/** A serialized OffsetIndex. */
export function offsetIndex(pages: readonly PageLocation[]): Buffer {
  return writer
    .structList(1, pages, pageLocation)
    .end()
    .take();
}

export interface ColumnIndexFields {
  readonly nullPages: readonly boolean[];
  readonly minValues: readonly Uint8Array[];
  readonly maxValues: readonly Uint8Array[];
  readonly boundaryOrder: number;
  readonly nullCounts: readonly number[];
}

/** A serialized ColumnIndex. */
export function columnIndex(c: ColumnIndexFields): Buffer {
  return writer
    .boolList(1, c.nullPages)
    .binaryList(2, c.minValues)
    .binaryList(3, c.maxValues)
    .i32(4, c.boundaryOrder)
    .i64List(5, c.nullCounts)
    .end()
    .take();
}

/** A SchemaElement: `type` for a leaf, `numChildren` for a group. */
export interface SchemaElement {
  readonly name: string;
  readonly type?: number;
  readonly typeLength?: number;
  readonly repetitionType?: number;
  readonly numChildren?: number;
  readonly convertedType?: number;
}

export interface Statistics { readonly nulls: number; readonly min: Uint8Array | null; readonly max: Uint8Array | null }

export interface ColumnMetaData {
  readonly type: number;
  readonly encodings: readonly number[];
  readonly path: readonly string[];
  readonly codec: number;
  readonly numValues: number;
  readonly uncompressedSize: number;
  readonly compressedSize: number;
  readonly dataPageOffset: number;
  readonly dictionaryPageOffset?: number;
  readonly statistics?: Statistics;
}

export interface ColumnChunk {
  readonly fileOffset: number;
  readonly meta: ColumnMetaData;
  /** Where the chunk's page index is (set once the index is laid out). */
  offsetIndexOffset?: number;
  offsetIndexLength?: number;
  columnIndexOffset?: number;
  columnIndexLength?: number;
}

export interface RowGroup { readonly columns: readonly ColumnChunk[]; readonly totalByteSize: number; readonly numRows: number }

export interface FileMetaData {
  readonly version: number;
  readonly schema: readonly SchemaElement[];
  readonly numRows: number;
  readonly rowGroups: readonly RowGroup[];
  readonly keyValue: readonly (readonly [string, string])[];
  readonly createdBy: string;
}

function schemaElement(w: CompactWriter, e: SchemaElement): void {
  if (e.type !== undefined) w.i32(1, e.type);
  if (e.typeLength !== undefined) w.i32(2, e.typeLength);
  if (e.repetitionType !== undefined) w.i32(3, e.repetitionType);
  w.binary(4, e.name);
  if (e.numChildren !== undefined) w.i32(5, e.numChildren);
  if (e.convertedType !== undefined) w.i32(6, e.convertedType);
}

function rowGroup(w: CompactWriter, g: RowGroup): void {
  w.structList(1, g.columns, columnChunk).i64(2, g.totalByteSize).i64(3, g.numRows);
}

function keyValue(w: CompactWriter, [k, v]: readonly [string, string]): void {
  w.binary(1, k).binary(2, v);
}

function columnChunk(w: CompactWriter, c: ColumnChunk): void {
  const m = c.meta;
  w.i64(2, c.fileOffset).beginStruct(3);
  w.i32(1, m.type).i32List(2, m.encodings).binaryList(3, m.path).i32(4, m.codec).i64(5, m.numValues).i64(6, m.uncompressedSize).i64(7, m.compressedSize).i64(9, m.dataPageOffset);
  if (m.dictionaryPageOffset !== undefined) w.i64(11, m.dictionaryPageOffset);
  if (m.statistics) {
    const st = m.statistics;
    w.beginStruct(12).i64(3, st.nulls);
    if (st.max) w.binary(5, st.max);
    if (st.min) w.binary(6, st.min);
    w.end();
  }
  w.end();
  if (c.offsetIndexOffset !== undefined) w.i64(4, c.offsetIndexOffset);
  if (c.offsetIndexLength !== undefined) w.i32(5, c.offsetIndexLength);
  if (c.columnIndexOffset !== undefined) w.i64(6, c.columnIndexOffset);
  if (c.columnIndexLength !== undefined) w.i32(7, c.columnIndexLength);
}

/** A serialized FileMetaData (the footer, before its length and magic). */
export function fileMetaData(f: FileMetaData): Buffer {
  return writer
    .i32(1, f.version)
    .structList(2, f.schema, schemaElement)
    .i64(3, f.numRows)
    .structList(4, f.rowGroups, rowGroup)
    .structList(5, f.keyValue, keyValue)
    .binary(6, f.createdBy)
    .end()
    .take();
}
