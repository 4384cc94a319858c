// NDJSON files too large to parse whole (over MAX_DOCUMENT_BYTES of text: a
// big event-history or SIEM export), read in line-aligned pieces, twice. First
// every piece goes to a parse task that only reads it as it will be read (the
// pipeline's check pass), so that no piece can fail as a file later: no part
// of a bad file is ever stored. Then the pieces go to parse tasks again, for
// their rows, in bounded memory. A large file that is one JSON document
// (`{"Records":[...]}`, an array) stays refused: it has no lines to cut.

import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { BadFileError, UserError } from '../util/errors.js';
import { gzipError, MAX_DOCUMENT_BYTES, tooLarge, TooLargeError } from './decode.js';
import type { FileReport, ParseResult, ParseTask } from './parse-task.js';
import { firstLineIsObject } from './shape.js';

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
    if (err.code?.startsWith('Z_')) throw gzipError(err); // zlib's: the file's fault (a read error is not)
    throw e;
  } finally {
    file.destroy();
    gunzip?.destroy();
  }
  if (heldBytes) yield take(Buffer.concat(held, heldBytes), heldBytes);
}

/**
 * Whether text that starts a file (its first piece with any content) starts as
 * NDJSON does: its first line a JSON object by itself, as parseShape tells
 * NDJSON from one document. Null when the piece is only whitespace.
 */
export function startsAsNdjson(bytes: Uint8Array): boolean | null {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const at = text.search(/\S/);
  if (at < 0) return null;
  return text[at] === '{' && firstLineIsObject(text, at);
}

/**
 * Why a large file is refused, from what reading it in pieces threw: `whole`
 * (why it could not be read at once) when it is one document, the reason of a
 * bad gzip, or that it is gone. Anything else is rethrown.
 */
export function refusal(e: unknown, whole: string): string {
  if (e instanceof TooLargeError) return whole; // a line longer than a document may be: not NDJSON
  if (e instanceof BadFileError) return e.reason;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES') return 'permission denied';
  throw e;
}

/** What reading a large file needs of the ingest run. */
export interface LargeFileRun {
  /** Runs one-file parse tasks through the pool, a few ahead, handing their results to `use` in order (false stops). */
  pump(tasks: AsyncIterator<ParseTask['files']>, use: (r: ParseResult) => Promise<boolean | void>): Promise<void>;
  /** Takes a result's rows into the run (dedupe, then the writer). */
  absorbRows(r: ParseResult): Promise<void>;
  /** Whether the run was stopped (Ctrl-C). */
  interrupted(): boolean;
}

/** Thrown by the first pass over a large file that is one JSON document, not NDJSON. */
const NOT_NDJSON = new Error('not NDJSON');

/** A large file's pieces as one-file parse tasks (reported as `path`): to check them (the first pass), or for their rows. */
async function* pieceTasks(path: string, source: string, check: boolean): AsyncGenerator<ParseTask['files']> {
  let started = !check;
  for await (const p of pieces(source)) {
    if (!started) {
      const ndjson = startsAsNdjson(p.bytes);
      if (ndjson === false) throw NOT_NDJSON;
      started = ndjson === true;
    }
    yield [{ path, bytes: p.bytes, firstLine: p.firstLine, check }];
  }
}

/**
 * Reads a file a parse task refused for its size (`refused`; read from
 * `source`): the file's report, its rows absorbed, or its refusal with the
 * reason; null when the run was stopped first. Throws a UserError when it
 * fails between the passes (it changed on disk): the run must then commit nothing.
 */
export async function readLargeFile(refused: FileReport, source: string, run: LargeFileRun): Promise<FileReport | null> {
  const path = refused.path;
  const before = statSync(source, { throwIfNoEntry: false });
  // First pass: every piece read as it will be, on the workers, until one fails.
  let problem: string | null = null, records = 0, cloudTrail = false;
  try {
    await run.pump(pieceTasks(path, source, true), async (result) => {
      const piece = result.files[0]!;
      if (piece.error) {
        problem = piece.error;
        return false;
      }
      records += piece.records;
      cloudTrail ||= piece.cloudTrail === true;
    });
  } catch (e) {
    problem = e === NOT_NDJSON ? refused.error! : refusal(e, refused.error!);
  }
  if (run.interrupted()) return null;
  problem ??= records === 0 ? 'empty file (only whitespace)' : cloudTrail ? null : 'not CloudTrail: no record has eventVersion, eventSource or eventName';
  if (problem) return { ...refused, error: problem };
  // Second pass: the rows.
  const whole: FileReport = { path, bytes: before?.size ?? 0, records: 0, accepted: 0, filtered: 0, expired: 0, rejected: [] };
  const tasks = (async function* () {
    try {
      yield* pieceTasks(path, source, false);
    } catch (e) {
      // Read whole by the first pass: it changed since, or the disk failed.
      if (e instanceof BadFileError) throw new UserError(`${path} changed while it was read (${e.reason}); nothing was committed`);
      throw e;
    }
  })();
  await run.pump(tasks, async (result) => {
    const part = result.files[0]!;
    // Checked whole above: a piece can fail only if the file changed since (nothing of this run is then kept).
    if (part.error) throw new UserError(`${path} could not be read in pieces (${part.error}); nothing was committed`);
    whole.shape = part.shape;
    whole.records += part.records;
    whole.accepted += part.accepted;
    whole.filtered += part.filtered;
    whole.expired += part.expired;
    whole.rejected.push(...part.rejected);
    await run.absorbRows(result);
  });
  if (run.interrupted()) return null;
  const after = statSync(source, { throwIfNoEntry: false });
  if (after?.size !== before?.size || after?.mtimeMs !== before?.mtimeMs) {
    throw new UserError(`${path} changed while it was read; nothing was committed`);
  }
  return whole;
}
