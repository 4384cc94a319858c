// Ingest benchmark: generates (or reuses) an archive in the S3 layout, runs
// `traillake ingest` on it as a separate process into a fresh home, and reports
// events/s, peak RSS, and store bytes against the source .json.gz. Then tinybench
// micro-benchmarks of the two hot stages (parse+shred, Parquet encode).
//
//   npm run bench -- [--events N] [--runs R] [--archive DIR] [--no-micro]

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Bench } from 'tinybench';
import { generateArchive } from '../src/gen/generator.js';
import { columnSource } from '../src/model/batch.js';
import { runParseTask } from '../src/ingest/parse-task.js';
import { DEFAULT_TUNING } from '../src/ingest/pipeline.js';
import { encodeParquet } from '../src/store/parquet-write.js';
import { sortOrder } from '../src/store/write-task.js';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : dflt;
};
const events = Number(flag('--events', '1000000'));
const runs = Number(flag('--runs', '1'));
const archive = resolve(flag('--archive', join(tmpdir(), `traillake-bench-${events}`)));
const bin = resolve(import.meta.dirname, '../../bin/traillake.js');

function sourceBytes(dir: string): { bytes: number; files: number } {
  let bytes = 0, files = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const p = join(e.parentPath, e.name);
    if (e.isFile() && !p.includes('CloudTrail-Digest')) {
      bytes += statSync(p).size;
      files++;
    }
  }
  return { bytes, files };
}

if (!existsSync(join(archive, 'AWSLogs'))) {
  process.stderr.write(`generating ${events} events into ${archive} ...\n`);
  generateArchive({ out: archive, events, seed: 1 });
}
const src = sourceBytes(archive);
const results = [];
for (let r = 0; r < runs; r++) {
  const home = mkdtempSync(join(tmpdir(), 'traillake-bench-home-'));
  const p = spawnSync(process.execPath, [bin, '--home', home, 'ingest', archive, '--store', 'bench', '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (p.status !== 0) throw new Error(`ingest failed: ${p.stderr}`);
  const s = JSON.parse(p.stdout);
  results.push({
    seconds: s.elapsedMs / 1000,
    eventsPerSecond: Math.round(s.events.stored / (s.elapsedMs / 1000)),
    peakRssMiB: Math.round(s.peakRssBytes / 2 ** 20),
    storeBytes: s.bytesWritten,
    bytesPerEvent: +(s.bytesWritten / s.events.stored).toFixed(1),
    storeVsSourceGz: +(s.bytesWritten / src.bytes).toFixed(3),
    stored: s.events.stored,
    duplicates: s.events.duplicates,
    filesWritten: s.filesWritten,
  });
  rmSync(home, { recursive: true, force: true });
}

const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30) };
const report = { date: new Date().toISOString(), machine, archive: { events, files: src.files, sourceGzBytes: src.bytes, sourceGzBytesPerEvent: +(src.bytes / events).toFixed(1) }, tuning: DEFAULT_TUNING, runs: results };
console.log(JSON.stringify(report, null, 2));
console.log('\n| run | events/s | seconds | peak RSS | store bytes/event | store / source .json.gz |\n|---|---|---|---|---|---|');
results.forEach((x, i) => console.log(`| ${i + 1} | ${x.eventsPerSecond.toLocaleString('en-US')} | ${x.seconds.toFixed(2)} | ${x.peakRssMiB} MiB | ${x.bytesPerEvent} | ${x.storeVsSourceGz} |`));

if (!args.includes('--no-micro')) {
  // Micro-benchmarks of the hot stages on one delivery file's worth of records.
  const files = readdirSync(archive, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json.gz') && !join(e.parentPath, e.name).includes('Digest'))
    .slice(0, 200)
    .map((e) => ({ path: join(e.parentPath, e.name), bytes: new Uint8Array(readFileSync(join(e.parentPath, e.name))) }));
  const task = { kind: 'parse' as const, files, selectors: null, retentionCutoffMs: -Infinity };
  const parsed = runParseTask(task);
  const batch = parsed.partitions.reduce((a, b) => (b.batch.rows > a.batch.rows ? b : a)).batch;
  const rows = parsed.partitions.reduce((n, p) => n + p.batch.rows, 0);
  const bench = new Bench({ time: 2000 });
  bench
    .add(`parse+shred ${rows} events (${files.length} files)`, () => void runParseTask(task))
    .add(`sort+encode Parquet, ${batch.rows} rows`, async () => {
      const source = columnSource([{ batch }]);
      const { order } = sortOrder(source, DEFAULT_TUNING.sort);
      await encodeParquet(source, order, DEFAULT_TUNING.layout);
    });
  await bench.run();
  console.log('');
  console.table(bench.table());
}
