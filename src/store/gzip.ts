// GZIP compression of Parquet pages through one zlib stream per level, reset
// between pages. gzipSync makes (and frees) a zlib stream per call, ~20-40 us
// of allocation and set-up on this machine: as much as compressing a 2 KB
// page, and an ingest compresses ~64 pages per 1,000 events. The stream is
// driven through its native handle (Node's own zlibBufferSync does the same,
// then closes it); where that handle is missing or fails, gzipSync is used.
// A stream is made per level and strategy: random IDs are coded by Huffman
// alone (Z_HUFFMAN_ONLY), where searching for repeats costs and finds little.

import zlib, { gzipSync } from 'node:zlib';

interface NativeHandle {
  onerror?: (...args: unknown[]) => void;
  reset(): void;
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
}
interface Engine { readonly handle: NativeHandle; readonly state: Uint32Array; failed: boolean }

/** zlib's strategy: the default (repeats and Huffman codes), or Huffman codes only. */
export type GzipStrategy = 'default' | 'huffman';
const STRATEGIES: Record<GzipStrategy, number> = { default: zlib.constants.Z_DEFAULT_STRATEGY, huffman: zlib.constants.Z_HUFFMAN_ONLY };

/** The stream of each zlib level and strategy, null where the native handle cannot be driven. */
const engines = new Map<string, Engine | null>();
let scratch = Buffer.allocUnsafeSlow(1 << 16);

function engine(key: string, level: number, strategy: number): Engine | null {
  let e = engines.get(key);
  if (e === undefined) {
    e = open(level, strategy);
    engines.set(key, e);
  }
  return e;
}

function open(level: number, strategy: number): Engine | null {
  const z = zlib.createGzip({ level, strategy }) as unknown as {
    _handle?: NativeHandle;
    _writeState?: Uint32Array;
  };
  const handle = z._handle, state = z._writeState;
  if (!handle || typeof handle.writeSync !== 'function' || typeof handle.reset !== 'function' || !(state instanceof Uint32Array)) return null;
  const e: Engine = { handle, state, failed: false };
  // A zlib error reaches the handle's onerror during writeSync, closes the stream and is emitted on it
  // later: the engine is marked at once and dropped, and the page is compressed by gzipSync instead.
  const onerror = handle.onerror;
  handle.onerror = function (this: unknown, ...args: unknown[]) {
    e.failed = true;
    return onerror?.apply(this, args);
  };
  (z as unknown as NodeJS.EventEmitter).on('error', () => void (e.failed = true));
  // Self-check once: what it writes must inflate back to the input.
  const probe = Buffer.from('traillake gzip probe '.repeat(20));
  try {
    const out = run(e, probe);
    return out && zlib.gunzipSync(out).equals(probe) ? e : null;
  } catch {
    return null;
  }
}

/** One whole gzip member of `body`, or null when the output did not fit (never for a bound-sized buffer). */
function run(e: Engine, body: Uint8Array): Buffer | null {
  // deflateBound for stored blocks plus the gzip header and trailer: compression never needs more.
  const bound = body.length + (body.length >> 8) + 64;
  if (scratch.length < bound) scratch = Buffer.allocUnsafeSlow(Math.max(bound, scratch.length * 2));
  try {
    e.handle.reset();
    e.handle.writeSync(zlib.constants.Z_FINISH, body, 0, body.length, scratch, 0, scratch.length);
  } catch {
    e.failed = true;
  }
  const [availOut, availIn] = e.state;
  if (e.failed || availOut === 0 || availIn !== 0) return null;
  return Buffer.from(scratch.subarray(0, scratch.length - availOut!));
}

/** GZIP of `body`, as gzipSync(body, { level, strategy }) would compress it (a block boundary may fall elsewhere: the same text inflates back). */
export function gzipPage(body: Uint8Array, level: number, strategy: GzipStrategy = 'default'): Buffer {
  const key = `${level}/${strategy}`, z = STRATEGIES[strategy];
  const e = engine(key, level, z);
  const out = e ? run(e, body) : null;
  if (e?.failed) engines.delete(key);
  return out ?? gzipSync(body, { level, strategy: z });
}
