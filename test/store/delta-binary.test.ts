// DELTA_BINARY_PACKED (eventTime pages): values round-trip for any count
// (empty, a lone value, partial blocks and miniblocks) and any delta pattern
// (sorted, jumps back at eventName boundaries, 50-bit swings); too-wide deltas
// are refused; and DuckDB reads the pages we write, down to a 3-row page with
// 17-bit deltas (its miniblock padded to 32 values must be all there).

import { DuckDBInstance } from '@duckdb/node-api';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNING } from '../../src/ingest/pipeline.js';
import { BatchBuilder, columnSource } from '../../src/model/batch.js';
import { COL, COLUMNS } from '../../src/model/fields.js';
import type { Value } from '../../src/model/record.js';
import { decodeDeltaBinary, encodeDeltaBinary } from '../../src/store/delta-binary.js';
import { encodeParquet } from '../../src/store/parquet-write.js';
import { tempDir } from '../helpers.js';

let seed = 5;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
function series(count: number, kind: string): number[] {
  let t = 1.72e12;
  return Array.from({ length: count }, () => {
    t += kind === 'sorted' ? Math.floor(rand() * 5000) : kind === 'jumps' ? (rand() < 0.05 ? -Math.floor(rand() * 8.64e7) : Math.floor(rand() * 3000)) : Math.floor((rand() - 0.5) * 2 ** 50);
    return t;
  });
}
const encode = (xs: number[], valid = new Uint8Array(xs.length).fill(1)) =>
  encodeDeltaBinary(Float64Array.from(xs), valid, Int32Array.from(xs, (_, i) => i), null);

describe('DELTA_BINARY_PACKED', () => {
  it('round-trips every count and delta pattern', () => {
    for (const count of [0, 1, 2, 3, 31, 32, 33, 127, 128, 129, 1000, 1024]) {
      for (const kind of ['sorted', 'jumps', 'wild']) {
        const xs = series(count, kind);
        const buf = encode(xs)!;
        const out = new Float64Array(count);
        const r = decodeDeltaBinary(buf, 0, out);
        expect(r.count).toBe(count);
        expect(r.end).toBe(buf.length);
        expect(Array.from(out), `${kind} ${count}`).toEqual(xs);
        if (kind === 'sorted' && count >= 1000) expect(buf.length / count).toBeLessThan(2.5); // PLAIN: 8 bytes a value
      }
    }
  });

  it('skips NULL rows, refuses deltas wider than 53 bits, and rejects a truncated run', () => {
    const valid = Uint8Array.from([1, 0, 1, 1, 0]);
    const buf = encode([10, 999, 20, 15, 999], valid)!;
    const out = new Float64Array(3);
    expect(decodeDeltaBinary(buf, 0, out).count).toBe(3);
    expect(Array.from(out)).toEqual([10, 20, 15]);
    expect(encode([0, 2 ** 52, 0])).toBeNull(); // deltas 2^52 and -2^52: 54 bits apart
    const long = encode(series(300, 'jumps'))!;
    expect(() => decodeDeltaBinary(long.subarray(0, long.length - 5), 0, new Float64Array(300))).toThrow(/truncated/);
  });

  it('writes pages DuckDB reads, small pages with wide deltas included', async () => {
    const con = await (await DuckDBInstance.create(':memory:')).connect();
    const dir = tempDir();
    for (const ts of [[1, 65536, 3], [1588290668000, 1588221652000, 1588290666000], series(700, 'jumps'), series(5, 'wild')]) {
      const b = new BatchBuilder();
      const values: Value[] = new Array(COLUMNS.length).fill(null);
      ts.forEach((t, i) => {
        values.fill(null);
        values[COL.eventTime] = t;
        values[COL.eventID] = `id-${i}`;
        b.append(values);
      });
      const file = Buffer.concat((await encodeParquet(columnSource([{ batch: b.finish() }]), Int32Array.from(ts, (_, i) => i), DEFAULT_TUNING.layout)).chunks);
      const path = join(dir, `t${ts.length}.parquet`);
      writeFileSync(path, file);
      const rows = (await con.runAndReadAll(`SELECT epoch_ms(eventTime) FROM read_parquet('${path}')`)).getRowsJS();
      expect(rows.map((r) => Number(r[0]))).toEqual(ts);
    }
    con.closeSync();
  });
});
