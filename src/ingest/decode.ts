// Bytes of an input file -> its text: gunzip when the content is gzip (by magic
// bytes, not by name), and refuse empty, truncated, binary or non-UTF-8 input.

import { gunzipSync } from 'node:zlib';
import { isUtf8 } from 'node:buffer';
import { BadFileError } from '../util/errors.js';

export function decodeInput(bytes: Uint8Array): string {
  let buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length === 0) throw new BadFileError('empty file');
  if (buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = gunzipSync(buf);
    } catch (e) {
      const msg = (e as Error).message;
      throw new BadFileError(
        /unexpected end/i.test(msg) ? 'truncated gzip (unexpected end of file)' : `corrupt gzip: ${msg}`,
      );
    }
    if (buf.length === 0) throw new BadFileError('empty file (gzip holds no data)');
  }
  if (buf.indexOf(0) !== -1) throw new BadFileError('binary file: contains NUL bytes, not JSON text');
  if (!isUtf8(buf)) throw new BadFileError('binary file: not valid UTF-8 text');
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new BadFileError('empty file (only whitespace)');
  return text;
}
