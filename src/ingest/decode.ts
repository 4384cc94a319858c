// Bytes of an input file -> its text: gunzip when the content is gzip (by magic
// bytes, not by name), and refuse empty, truncated, binary or non-UTF-8 input.

import { gunzipSync } from 'node:zlib';
import { isUtf8 } from 'node:buffer';
import { BadFileError } from '../util/errors.js';

/**
 * The largest JSON text read at once. A file is parsed whole (so that no part of
 * a bad file is ever stored), and its objects take ~5x its size in a worker.
 */
export const MAX_DOCUMENT_BYTES = 128 << 20;

export function tooLarge(bytes: number): BadFileError {
  return new BadFileError(
    `too large to read at once: ${Math.ceil(bytes / 2 ** 20)} MB of JSON, the limit is ${MAX_DOCUMENT_BYTES / 2 ** 20} MB; ` +
      `split it first (NDJSON: split -l 100000 FILE part-; one JSON document: jq -c '.Records[]' FILE | split -l 100000 - part-)`,
  );
}

/** A file's bytes -> its UTF-8 text as bytes: gunzipped, refused if empty, binary or not UTF-8. */
export function decodeBytes(bytes: Uint8Array): Buffer {
  let buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length === 0) throw new BadFileError('empty file');
  if (buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      // Output in one chunk of the size the gzip trailer gives (else 16 KiB chunks, then a copy into one).
      const isize = buf.length >= 18 ? buf.readUInt32LE(buf.length - 4) : 0;
      const chunkSize = Math.min(Math.max(isize + 1, 64 << 10), MAX_DOCUMENT_BYTES + 1);
      buf = gunzipSync(buf, { maxOutputLength: MAX_DOCUMENT_BYTES + 1, chunkSize });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(MAX_DOCUMENT_BYTES + 1);
      throw new BadFileError(
        /unexpected end/i.test(err.message) ? 'truncated gzip (unexpected end of file)' : `corrupt gzip: ${err.message}`,
      );
    }
    if (buf.length > MAX_DOCUMENT_BYTES) throw tooLarge(buf.length);
    if (buf.length === 0) throw new BadFileError('empty file (gzip holds no data)');
  }
  if (buf.indexOf(0) !== -1) throw new BadFileError('binary file: contains NUL bytes, not JSON text');
  if (!isUtf8(buf)) throw new BadFileError('binary file: not valid UTF-8 text');
  return buf;
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
