// GZIP compression of Parquet pages through one zlib stream per level and
// strategy, reset between pages (util/zlib-engine.ts): gzipSync makes and frees
// a stream per call, as costly as compressing a 2 KB page, and an ingest
// compresses ~64 pages per 1,000 events. Random IDs are coded by Huffman alone
// (Z_HUFFMAN_ONLY), where searching for repeats costs and finds little.

import zlib, { gzipSync } from 'node:zlib';
import { bufferScratch } from '../util/scratch.js';
import { ReusedZlib } from '../util/zlib-engine.js';

/** zlib's strategy: the default (repeats and Huffman codes), or Huffman codes only. */
export type GzipStrategy = 'default' | 'huffman';
const STRATEGIES: Record<GzipStrategy, number> = { default: zlib.constants.Z_DEFAULT_STRATEGY, huffman: zlib.constants.Z_HUFFMAN_ONLY };

/** The stream of each zlib level and strategy. */
const engines = new Map<string, ReusedZlib>();
const scratch = bufferScratch();
const PROBE = Buffer.from('traillake gzip probe '.repeat(20));

/** deflateBound for stored blocks plus the gzip header and trailer: compression never needs more. */
const bound = (n: number) => n + (n >> 8) + 64;

function engine(key: string, level: number, strategy: number): ReusedZlib {
  let e = engines.get(key);
  if (e === undefined) {
    // Self-checked when opened: what it writes must inflate back to the input.
    e = new ReusedZlib(() => zlib.createGzip({ level, strategy }), (x) => {
      const out = Buffer.alloc(bound(PROBE.length));
      const n = x.run(PROBE, out);
      return n >= 0 && zlib.gunzipSync(out.subarray(0, n)).equals(PROBE);
    });
    engines.set(key, e);
  }
  return e;
}

/** GZIP of `body`, as gzipSync(body, { level, strategy }) would compress it (a block boundary may fall elsewhere: the same text inflates back). */
export function gzipPage(body: Uint8Array, level: number, strategy: GzipStrategy = 'default'): Buffer {
  const z = STRATEGIES[strategy];
  const e = engine(`${level}/${strategy}`, level, z);
  if (e.get()) {
    const out = scratch.take(bound(body.length));
    const n = e.run(body, out);
    if (n >= 0) return Buffer.from(out.subarray(0, n));
  }
  return gzipSync(body, { level, strategy: z });
}
