// A Parquet PageHeader read straight from the thrift compact protocol bytes:
// only the fields a scan needs (page type, compressed size, value count and
// encodings, decompressed size), everything else skipped. parquetjs-lite's generated reader
// builds an object tree per page and decodes every i64 of the statistics with
// node-int64 and a deprecated Buffer constructor: with 1,024-row pages that
// was an eighth of a GROUP BY's time.

/** The fields of a page header that decoding a page needs. */
export interface PageHeaderInfo {
  /** PageType: DATA_PAGE 0, INDEX_PAGE 1, DICTIONARY_PAGE 2, DATA_PAGE_V2 3. */
  type: number;
  compressedSize: number;
  /** Bytes of the page once decompressed; -1 if absent. */
  uncompressedSize: number;
  /** Values in the page (data or dictionary page); -1 if absent. */
  numValues: number;
  /** Encoding of the values, and of the definition levels (data pages). */
  encoding: number;
  definitionEncoding: number;
  /** Bytes the header took. */
  length: number;
}

// Compact protocol type ids.
const TRUE = 1, FALSE = 2, BYTE = 3, I16 = 4, I32 = 5, I64 = 6, DOUBLE = 7, BINARY = 8, LIST = 9, SET = 10, MAP = 11, STRUCT = 12;

class Cursor {
  constructor(readonly buf: Uint8Array, public pos: number) {}

  varint(): number {
    let out = 0, mul = 1, b: number;
    do {
      if (this.pos >= this.buf.length) throw new Error('page header: truncated');
      b = this.buf[this.pos++]!;
      out += (b & 0x7f) * mul;
      mul *= 128;
    } while (b & 0x80);
    return out;
  }

  /** A zigzag varint (i16/i32; i64 values here fit in a double's integers). */
  int(): number {
    const n = this.varint();
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  skip(type: number): void {
    switch (type) {
      case TRUE: case FALSE: return;
      case BYTE: this.pos++; return;
      case I16: case I32: case I64: this.varint(); return;
      case DOUBLE: this.pos += 8; return;
      case BINARY: { const n = this.varint(); this.pos += n; return; } // not `pos += varint()`: that reads pos first
      case LIST: case SET: {
        const h = this.buf[this.pos++]!;
        let size = h >> 4;
        if (size === 15) size = this.varint();
        const el = h & 0x0f;
        for (let i = 0; i < size; i++) el === TRUE || el === FALSE ? this.pos++ : this.skip(el);
        return;
      }
      case MAP: {
        const size = this.varint();
        if (size === 0) return;
        const kv = this.buf[this.pos++]!;
        for (let i = 0; i < size; i++) { this.skip(kv >> 4); this.skip(kv & 0x0f); }
        return;
      }
      case STRUCT: this.struct(() => false); return;
      default: throw new Error(`page header: unknown thrift type ${type}`);
    }
  }

  /** Reads a struct's fields; `field(id, type)` consumes the ones it wants and returns true. */
  struct(field: (id: number, type: number) => boolean): void {
    let id = 0;
    for (;;) {
      const h = this.buf[this.pos++];
      if (h === undefined) throw new Error('page header: truncated');
      if (h === 0) return;
      const type = h & 0x0f, delta = h >> 4;
      id = delta ? id + delta : this.int();
      if (!field(id, type)) this.skip(type);
    }
  }
}

/** The page header at `offset` of `buf`. Throws on bytes that are not one. */
export function readPageHeader(buf: Uint8Array, offset: number): PageHeaderInfo {
  const c = new Cursor(buf, offset);
  const h: PageHeaderInfo = { type: -1, compressedSize: -1, uncompressedSize: -1, numValues: -1, encoding: -1, definitionEncoding: -1, length: 0 };
  const pageFields = (id: number, type: number): boolean => {
    if (type !== I32) return false;
    if (id === 1) h.numValues = c.int();
    else if (id === 2) h.encoding = c.int();
    else if (id === 3) h.definitionEncoding = c.int();
    else return false;
    return true;
  };
  c.struct((id, type) => {
    if (type === I32 && id === 1) h.type = c.int();
    else if (type === I32 && id === 2) h.uncompressedSize = c.int();
    else if (type === I32 && id === 3) h.compressedSize = c.int();
    else if (type === STRUCT && (id === 5 || id === 7)) c.struct(pageFields); // data / dictionary page header
    else return false;
    return true;
  });
  if (h.type < 0 || h.compressedSize < 0) throw new Error('page header: missing type or size');
  h.length = c.pos - offset;
  return h;
}
