// GZIP compression of Parquet pages through one zlib stream per level and
// strategy, reset between pages (util/zlib-engine.ts): gzipSync makes and frees
// a stream per call, as costly as compressing a 2 KB page, and an ingest
// compresses ~64 pages per 1,000 events. Random IDs are coded by Huffman alone
// (Z_HUFFMAN_ONLY), where searching for repeats costs and finds little.

import zlib, { gzipSync } from 'node:zlib';
import { bufferScratch } from '../util/scratch.js';
import { ZlibEngine } from '../util/zlib-engine.js';

/** zlib's strategy: the default (repeats and Huffman codes), or Huffman codes only. */
export type GzipStrategy = 'default' | 'huffman';
const STRATEGIES: Record<GzipStrategy, number> = { default: zlib.constants.Z_DEFAULT_STRATEGY, huffman: zlib.constants.Z_HUFFMAN_ONLY };

/** The stream of each zlib level and strategy, null where the native handle cannot be driven. */
const engines = new Map<string, ZlibEngine | null>();
const scratch = bufferScratch();

function engine(key: string, level: number, strategy: number): ZlibEngine | null {
  let e = engines.get(key);
  if (e === undefined) {
    // Self-check once: what it writes must inflate back to the input.
    const probe = Buffer.from('traillake gzip probe '.repeat(20));
    e = ZlibEngine.open(() => zlib.createGzip({ level, strategy }), (x) => {
      const out = run(x, probe);
      return out !== null && zlib.gunzipSync(out).equals(probe);
    });
    engines.set(key, e);
  }
  return e;
}

/** One whole gzip member of `body`, or null when the engine failed. */
function run(e: ZlibEngine, body: Uint8Array): Buffer | null {
  // deflateBound for stored blocks plus the gzip header and trailer: compression never needs more.
  const out = scratch.take(body.length + (body.length >> 8) + 64);
  const n = e.run(body, out);
  return n < 0 ? null : Buffer.from(out.subarray(0, n));
}

/** GZIP of `body`, as gzipSync(body, { level, strategy }) would compress it (a block boundary may fall elsewhere: the same text inflates back). */
export function gzipPage(body: Uint8Array, level: number, strategy: GzipStrategy = 'default'): Buffer {
  const key = `${level}/${strategy}`, z = STRATEGIES[strategy];
  const e = engine(key, level, z);
  const out = e ? run(e, body) : null;
  if (e?.broken) engines.delete(key);
  return out ?? gzipSync(body, { level, strategy: z });
}
