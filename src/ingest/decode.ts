// Bytes of an input file -> its text: gunzip when the content is gzip (by magic
// bytes, not by name), and refuse empty, truncated, binary or non-UTF-8 input.

import { createGunzip, gunzipSync, gzipSync } from 'node:zlib';
import { isUtf8 } from 'node:buffer';
import { BadFileError } from '../util/errors.js';
import { bufferScratch } from '../util/scratch.js';
import { inflatesBack, ReusedZlib } from '../util/zlib-engine.js';

/**
 * The largest JSON text read at once. A file is parsed whole (so that no part of
 * a bad file is ever stored), and its objects take ~5x its size in a worker.
 * A larger NDJSON file is read in pieces instead (big-ndjson.ts).
 * TRAILLAKE_MAX_DOCUMENT_BYTES lowers it, for tests.
 */
export const MAX_DOCUMENT_BYTES = Math.min(128 << 20, Number(process.env.TRAILLAKE_MAX_DOCUMENT_BYTES) || Infinity);

/** A file over MAX_DOCUMENT_BYTES: the pipeline reads it in pieces if it is NDJSON, else refuses it with this reason. */
export class TooLargeError extends BadFileError {}

export function tooLarge(bytes: number): TooLargeError {
  return new TooLargeError(
    `too large to read at once: ${Math.ceil(bytes / 2 ** 20)} MB of JSON in one document, the limit is ${MAX_DOCUMENT_BYTES / 2 ** 20} MB ` +
      `(NDJSON of any size is read in pieces); split it first: jq -c '.Records[]' FILE | split -l 100000 - part-`,
  );
}

/** What zlib's error while inflating a file says about the file: truncated, or corrupt. */
export function gzipError(err: Error): BadFileError {
  return new BadFileError(/unexpected end/i.test(err.message) ? 'truncated gzip (unexpected end of file)' : `corrupt gzip: ${err.message}`);
}

/**
 * A file's bytes -> its UTF-8 text as bytes: gunzipped, refused if empty,
 * binary or not UTF-8. The text of a gzipped file under REUSED_TEXT bytes is
 * a view of a buffer the next call overwrites: read it before decoding another.
 */
export function decodeBytes(bytes: Uint8Array): Buffer {
  let buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length === 0) throw new BadFileError('empty file');
  if (buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      // The size the gzip trailer gives (of the last member, modulo 2^32: only a hint).
      const isize = buf.length >= 18 ? buf.readUInt32LE(buf.length - 4) : 0;
      const reused = isize < REUSED_TEXT ? gunzipReused(buf, isize) : null;
      // Else output in one chunk of the trailer's size (not 16 KiB chunks, then a copy into one).
      const chunkSize = Math.min(Math.max(isize + 1, 64 << 10), MAX_DOCUMENT_BYTES + 1);
      buf = reused ?? gunzipSync(buf, { maxOutputLength: MAX_DOCUMENT_BYTES + 1, chunkSize });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(MAX_DOCUMENT_BYTES + 1);
      throw gzipError(err);
    }
    if (buf.length > MAX_DOCUMENT_BYTES) throw tooLarge(buf.length);
    if (buf.length === 0) throw new BadFileError('empty file (gzip holds no data)');
  }
  if (buf.indexOf(0) !== -1) throw new BadFileError('binary file: contains NUL bytes, not JSON text');
  if (!isUtf8(buf)) throw new BadFileError('binary file: not valid UTF-8 text');
  return buf;
}

/**
 * Delivery files are small (tens of KB of JSON) and come by the thousand: they
 * are inflated by one reused stream into one reused buffer, which saves a
 * stream's set-up per file (~5 us of ~49) and a fresh buffer per file, which
 * fed the garbage collector (a tenth fewer GC ms in a 1M ingest).
 */
const REUSED_TEXT = 4 << 20;
const PROBE = Buffer.from('{"Records":[]} '.repeat(20));
const inflater = new ReusedZlib(() => createGunzip(), inflatesBack(gzipSync, PROBE));
const textScratch = bufferScratch();

/** The text of a single-member gzip file of `isize` bytes, in reused memory; null when that is not what it turned out to be. */
function gunzipReused(gz: Buffer, isize: number): Buffer | null {
  if (!inflater.get()) return null;
  // One byte more than expected: output that fills it all is longer than the trailer says.
  const text = textScratch.take(isize + 1);
  const n = inflater.run(gz, text);
  return n === isize ? text.subarray(0, n) : null;
}

/** Text of decodeBytes' output: without a byte-order mark, refusing a file of only whitespace. */
export function decodeText(buf: Buffer): string {
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new BadFileError('empty file (only whitespace)');
  return text;
}

/** decodeBytes then decodeText. */
export function decodeInput(bytes: Uint8Array): string {
  return decodeText(decodeBytes(bytes));
}
