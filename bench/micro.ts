// Micro-benchmarks (tinybench) of ingest's two hot stages, one core each, on
// 200 delivery files of a generated archive: parse + validate + shred, and
// sort + Parquet encode of the largest partition batch; and the fixed cost of
// inflating one GZIP page, small or large.
//
//   npm run bench:micro -- [--events N] [--archive DIR]

import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Bench } from 'tinybench';
import { generateArchive } from '../src/gen/generator.js';
import { runParseTask } from '../src/ingest/parse-task.js';
import { DEFAULT_TUNING } from '../src/ingest/pipeline.js';
import { columnSource } from '../src/model/batch.js';
import { encodeParquet } from '../src/store/parquet-write.js';
import { sortOrder } from '../src/store/write-task.js';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : dflt;
};
const archive = resolve(flag('--archive', join(mkdtempSync(join(tmpdir(), 'traillake-micro-')), 'archive')));
if (!existsSync(join(archive, 'AWSLogs'))) generateArchive({ out: archive, events: Number(flag('--events', '200000')), seed: 1 });

const files = readdirSync(archive, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.json.gz') && !join(e.parentPath, e.name).includes('Digest'))
  .slice(0, 200)
  .map((e) => ({ path: join(e.parentPath, e.name), bytes: new Uint8Array(readFileSync(join(e.parentPath, e.name))) }));
const task = { kind: 'parse' as const, files, selectors: null, retentionCutoffMs: -Infinity };
const parsed = runParseTask(task);
const batch = parsed.partitions.reduce((a, b) => (b.batch.rows > a.batch.rows ? b : a)).batch;
const rows = parsed.partitions.reduce((n, p) => n + p.batch.rows, 0);
const smallPage = gzipSync(Buffer.alloc(200, 7), { level: 3 });
const largePage = gzipSync(gunzipSync(files[0]!.bytes).subarray(0, 40_000), { level: 3 }); // CloudTrail JSON text
const bench = new Bench({ time: 2000 });
bench
  .add(`parse+shred ${rows} events (${files.length} files)`, () => void runParseTask(task))
  .add(`sort+encode Parquet, ${batch.rows} rows`, async () => {
    const source = columnSource([{ batch }]);
    const { order } = sortOrder(source, DEFAULT_TUNING.sort);
    await encodeParquet(source, order, DEFAULT_TUNING.layout);
  })
  // What reading one GZIP page costs beyond its bytes (parquet-write.ts stores chunks uncompressed when gzip saves little).
  .add('gunzipSync of a 200-byte page', () => void gunzipSync(smallPage))
  .add('gunzipSync of a 40 KB page', () => void gunzipSync(largePage));
await bench.run();
console.table(bench.table());
