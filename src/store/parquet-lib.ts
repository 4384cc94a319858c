// The only importer of parquetjs-lite. It exposes the pieces we use, typed
// narrowly, and patches the library's known defects at load:
//  - TIMESTAMP_MILLIS values and statistics are read as BigInt and converted with
//    `new Date(+value)`, which throws under Node 20 (upstream #77, #88);
//  - a chunk with a dictionary page is read twice: the dictionary on its own, with
//    a read of up to 10 MB from its offset, then the data pages. The pages that
//    follow the dictionary page are read once instead; the page decoder already
//    takes a dictionary page met inline;
//  - its RLE decoder drops the high bytes of run values (`value << 8;` is a no-op),
//    so dictionary indices >= 256 come out wrong: dictionary indices are decoded
//    by dictionary.ts instead (which is also faster);
//  - PLAIN BYTE_ARRAY values come out as one Buffer slice each, which every caller
//    then turns into a string: they are decoded straight to strings (every
//    BYTE_ARRAY column of a store is UTF8).
// We do not use its row writer (appendRow shreds slowly) nor its row cursor
// (O(n^2)); see parquet-write.ts and parquet-read.ts.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DataFileError } from '../util/errors.js';
import { decodeIndices } from './dictionary.js';

const require = createRequire(import.meta.url);

/* eslint-disable @typescript-eslint/no-explicit-any */
const lib = require('parquetjs-lite') as any;
const types = require('parquetjs-lite/lib/types') as any;
const util = require('parquetjs-lite/lib/util') as any;
const compression = require('parquetjs-lite/lib/compression') as any;
export const thrift = require('parquetjs-lite/gen-nodejs/parquet_types') as any;

// Its thrift code and node-int64 allocate with the deprecated `Buffer(n)`. Node
// checks the caller's stack for node_modules on each such call until the
// warning has been shown once (or for 10,000 calls): that check was 11% of a
// cold query's CPU, mostly parsing footers. Show the warning once, silenced,
// from here; Node then skips the check.
{
  const silent = process.noDeprecation;
  process.noDeprecation = true;
  (Buffer as unknown as (n: number) => Buffer)(0);
  process.noDeprecation = silent;
}

types.PARQUET_LOGICAL_TYPES.TIMESTAMP_MILLIS.fromPrimitive = (v: bigint | number) => new Date(Number(v));

const codecs = require('parquetjs-lite/lib/codec') as Record<string, unknown>;
const dictionaryCodec = {
  decodeValues(_type: string, cursor: { buffer: Buffer; offset: number }, count: number) {
    const { values, end } = decodeIndices(cursor.buffer, cursor.offset + 1, count, cursor.buffer[cursor.offset]!);
    cursor.offset = end;
    return Array.from(values); // the library maps them to strings with Array#map
  },
};
codecs.PLAIN_DICTIONARY = dictionaryCodec;

type Cursor = { buffer: Buffer & { utf8Slice?(start: number, end: number): string }; offset: number };
const plain = codecs.PLAIN as { decodeValues(type: string, cursor: Cursor, count: number, opts: unknown): unknown[] };
codecs.PLAIN = {
  ...plain,
  decodeValues(type: string, cursor: Cursor, count: number, opts: unknown): unknown[] {
    if (type !== 'BYTE_ARRAY') return plain.decodeValues(type, cursor, count, opts);
    const b = cursor.buffer;
    const out: string[] = new Array(count);
    let pos = cursor.offset;
    for (let i = 0; i < count; i++) {
      const len = b.readUInt32LE(pos);
      pos += 4;
      out[i] = b.utf8Slice ? b.utf8Slice(pos, pos + len) : b.toString('utf8', pos, pos + len);
      pos += len;
    }
    cursor.offset = pos;
    return out;
  },
};
codecs.RLE_DICTIONARY = dictionaryCodec;

const envelope = lib.ParquetEnvelopeReader.prototype;
const readColumnChunk = envelope.readColumnChunk;
envelope.readColumnChunk = function (this: unknown, schema: unknown, colChunk: any, opts: unknown) {
  const m = colChunk.meta_data;
  if (m.dictionary_page_offset === null || m.dictionary_page_offset === undefined) return readColumnChunk.call(this, schema, colChunk, opts);
  const inline = { ...colChunk, meta_data: { ...m, data_page_offset: m.dictionary_page_offset, dictionary_page_offset: null } };
  return readColumnChunk.call(this, schema, inline, opts);
};

/** A field of a ParquetSchema as parquetjs-lite describes it. */
export interface PqField {
  readonly name: string;
  readonly path: string[];
  readonly isNested?: boolean;
  /** A group's number of children. */
  readonly fieldCount?: number;
  readonly repetitionType: 'REQUIRED' | 'OPTIONAL' | 'REPEATED';
  readonly primitiveType: 'BOOLEAN' | 'INT64' | 'BYTE_ARRAY';
  readonly typeLength?: number;
  readonly originalType?: string;
  readonly dLevelMax: number;
  readonly rLevelMax: number;
  readonly compression: string;
  readonly statistics?: boolean;
}

export interface PqSchema {
  readonly fieldList: PqField[];
  findField(path: string[] | string): PqField;
}

export const ParquetSchema = lib.ParquetSchema as new (def: unknown) => PqSchema;
export interface ColumnChunkData {
  dlevels: number[];
  values: unknown[];
  count: number;
}

export interface PqReader {
  readonly metadata: any;
  readonly schema: PqSchema;
  readonly envelopeReader: {
    readColumnChunk(schema: PqSchema, chunk: unknown): Promise<ColumnChunkData>;
    /** Bytes of the file at [offset, offset + length). */
    read(offset: number, length: number): Promise<Buffer>;
  };
  close(): Promise<void>;
}

export const ParquetReader = lib.ParquetReader as {
  openFile(path: string): Promise<PqReader>;
  openBuffer(buf: Buffer): Promise<PqReader>;
};

type Envelope = PqReader['envelopeReader'] & { fileSize: number; close(): Promise<void>; metadata?: unknown; schema?: PqSchema };
const ParquetEnvelopeReader = lib.ParquetEnvelopeReader as new (
  read: (offset: number, length: number) => Promise<Buffer>,
  close: () => Promise<void>,
  fileSize: number,
) => Envelope;
const OpenEnvelope = lib.ParquetReader as { openEnvelopeReader(env: Envelope): Promise<PqReader> };

/**
 * Open data files of this thread, by path, least recently used first. Data
 * files never change once written and their names are never reused, so a
 * handle stays right for as long as the file is in a manifest; a warm process
 * skips open/stat/close per file and query. (A file deleted by compaction or
 * retention keeps its disk space until its handle leaves the cache.)
 */
const handles = new Map<string, { fd: number; size: number }>();
const OPEN_FILES = 256;

function fileHandle(path: string): { fd: number; size: number } {
  const hit = handles.get(path);
  if (hit) {
    handles.delete(path);
    handles.set(path, hit);
    return hit;
  }
  const fd = openSync(path, 'r');
  let size: number;
  try {
    size = fstatSync(fd).size;
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  if (handles.size >= OPEN_FILES) {
    const [oldest, h] = handles.entries().next().value!;
    handles.delete(oldest);
    closeSync(h.fd);
  }
  const h = { fd, size };
  handles.set(path, h);
  return h;
}

/** Bytes [offset, offset + length) of an open file: a positioned read (no thread-pool round trip; data files are in the page cache). */
function readAt(path: string, fd: number, offset: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, offset + done);
    if (n === 0) return Promise.reject(new Error(`${path}: unexpected end of file at byte ${offset + done}`));
    done += n;
  }
  return Promise.resolve(buf);
}

/** Parsed footers (metadata and schema) by path and size; data files never change once written. */
const footers = new Map<string, { metadata: any; schema: PqSchema }>();
const FOOTER_CACHE = 1024;

/**
 * Opens a file like ParquetReader.openFile, but through this thread's cache of
 * open files, and parses its footer only the first time this thread opens it:
 * a warm process (the REPL, a worker that served the last query) skips the
 * thrift decoding and schema building that otherwise cost about a millisecond
 * per file and query. Closing the reader leaves the file open for the next use.
 */
export async function openParquet(path: string): Promise<PqReader> {
  const { fd, size } = fileHandle(path);
  const env = new ParquetEnvelopeReader((offset, length) => readAt(path, fd, offset, length), async () => {}, size);
  const key = `${path}\u0000${size}`;
  const hit = footers.get(key);
  if (!hit) {
    let reader: PqReader;
    try {
      reader = await OpenEnvelope.openEnvelopeReader(env); // reads the footer
    } catch (e) {
      forgetFile(path);
      throw new DataFileError(path, `its footer cannot be read (${(e as Error)?.message ?? e})`);
    }
    if (footers.size >= FOOTER_CACHE) footers.delete(footers.keys().next().value!);
    footers.set(key, { metadata: reader.metadata, schema: reader.schema });
    return reader;
  }
  env.metadata = hit.metadata;
  env.schema = hit.schema;
  return { metadata: hit.metadata, schema: hit.schema, envelopeReader: env, close: () => env.close() };
}

/** Closes this thread's handle of a file, if open (one whose footer could not be read). */
function forgetFile(path: string): void {
  const h = handles.get(path);
  if (!h) return;
  handles.delete(path);
  closeSync(h.fd);
}

export const serializeThrift = util.serializeThrift as (obj: unknown) => Buffer;
/** Reads a thrift struct into `obj` from `buf` at `offset`; returns the bytes it took. */
export const decodeThrift = util.decodeThrift as (obj: unknown, buf: Buffer, offset?: number) => number;
export const deflate = compression.deflate as (method: string, buf: Buffer) => Buffer;
