// NDJSON files too large to parse whole (over MAX_DOCUMENT_BYTES of text: a
// big event-history or SIEM export), read in line-aligned pieces. The file is
// first checked whole on this thread, each piece exactly as a parse task will
// read it (decode.ts's checks, then parseNdjson), so that no piece can fail as
// a file later: no part of a bad file is ever stored. Then its pieces go to
// parse tasks one by one, in bounded memory. A large file that is one JSON
// document (`{"Records":[...]}`, an array) stays refused: it has no lines to cut.

import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { createGunzip } from 'node:zlib';
import { BadFileError } from '../util/errors.js';
import { MAX_DOCUMENT_BYTES, tooLarge, TooLargeError } from './decode.js';
import { firstLineIsObject, parseNdjson } from './shape.js';
import { looksLikeCloudTrail } from './validate.js';

/** Lines `firstLine`, `firstLine + 1`, ... of a file's text, ending at a line end (or the file's). */
export interface Piece {
  readonly bytes: Uint8Array;
  readonly firstLine: number;
}

/** Text bytes a piece holds at least (but for the last): about a parse task of small files' worth. */
export const PIECE_BYTES = Math.min(8 << 20, MAX_DOCUMENT_BYTES / 4);

const NEWLINE = 10;

/** Whether the file starts with gzip's magic bytes. */
function gzipped(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/**
 * The file's text (gunzipped if it is gzip, without a byte-order mark) in
 * pieces cut after the first newline at or past `size` bytes (the last piece
 * is what is left). Each piece is its own
 * buffer (never a slice of Node's pool: pieces are transferred to workers).
 * A stretch over MAX_DOCUMENT_BYTES without a newline is one large document:
 * TooLargeError. Gzip problems throw BadFileError.
 */
export async function* pieces(path: string, size = PIECE_BYTES): AsyncGenerator<Piece> {
  const file = createReadStream(path);
  const gunzip = gzipped(path) ? createGunzip() : null;
  if (gunzip) file.on('error', (e) => gunzip.destroy(e));
  const source = gunzip ? file.pipe(gunzip) : file;
  let held: Buffer[] = [], heldBytes = 0, searched = 0, line = 1, start = true;
  /** The first `end` held bytes as a piece; the rest stays held. */
  const take = (all: Buffer, end: number): Piece => {
    const bytes = new Uint8Array(end);
    bytes.set(all.subarray(0, end));
    held = end < all.length ? [Buffer.from(all.subarray(end))] : [];
    heldBytes = all.length - end;
    searched = 0;
    const piece = { bytes, firstLine: line };
    for (let i = bytes.indexOf(NEWLINE); i !== -1; i = bytes.indexOf(NEWLINE, i + 1)) line++;
    return piece;
  };
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      let c = chunk;
      if (start) {
        if (c[0] === 0xef && c[1] === 0xbb && c[2] === 0xbf) c = c.subarray(3);
        start = false;
      }
      held.push(c);
      heldBytes += c.length;
      // Cut after the first newline at or past `size` bytes, as often as the held bytes allow.
      while (heldBytes >= size) {
        const all = held.length === 1 ? held[0]! : Buffer.concat(held, heldBytes);
        held = [all];
        const nl = all.indexOf(NEWLINE, Math.max(size - 1, searched));
        if (nl < 0) {
          if (heldBytes > MAX_DOCUMENT_BYTES) throw tooLarge(heldBytes);
          searched = heldBytes;
          break;
        }
        yield take(all, nl + 1);
      }
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'Z_BUF_ERROR' || /unexpected end/i.test(err.message)) throw new BadFileError('truncated gzip (unexpected end of file)');
    if (err.code?.startsWith('Z_')) throw new BadFileError(`corrupt gzip: ${err.message}`);
    throw e;
  } finally {
    file.destroy();
    gunzip?.destroy();
  }
  if (heldBytes) yield take(Buffer.concat(held, heldBytes), heldBytes);
}

/**
 * Null when the file can be read in pieces: NDJSON text whose every piece a
 * parse task will read without refusing the file. Else the reason it is
 * refused: `whole` (the reason it was too large to read at once) when it is
 * not NDJSON, or what is wrong with it, with its line and column.
 */
export async function checkPieces(path: string, whole: string, size = PIECE_BYTES): Promise<string | null> {
  let first = true, records = 0, cloudTrail = false;
  try {
    for await (const piece of pieces(path, size)) {
      const buf = Buffer.from(piece.bytes.buffer, piece.bytes.byteOffset, piece.bytes.byteLength);
      if (buf.indexOf(0) !== -1) return 'binary file: contains NUL bytes, not JSON text';
      if (!isUtf8(buf)) return 'binary file: not valid UTF-8 text';
      const text = buf.toString('utf8');
      if (first) {
        const at = text.search(/\S/);
        if (at >= 0) {
          // NDJSON: its first line a JSON object by itself (as parseShape tells it from one document).
          if (text[at] !== '{' || !firstLineIsObject(text, at)) return whole;
          first = false;
        }
      }
      const parsed = parseNdjson(text, piece.firstLine - 1);
      records += parsed.items.length;
      cloudTrail ||= parsed.items.some((it) => looksLikeCloudTrail(it.record));
    }
  } catch (e) {
    if (e instanceof TooLargeError) return whole; // a line longer than a document may be: not NDJSON
    if (e instanceof BadFileError) return e.reason;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'file not found';
    if (code === 'EACCES') return 'permission denied';
    throw e;
  }
  if (records === 0) return 'empty file (only whitespace)';
  if (!cloudTrail) return 'not CloudTrail: no record has eventVersion, eventSource or eventName';
  return null;
}
