// Instructions per event of one ingest stage, counted by valgrind: a measure
// that repeats within 0.2% where CPU time on this machine varies by 10-15%
// between runs and by 2x within a day. V8 runs with --single-threaded
// --predictable, so its compilers and collector do the same work each time.
// Each build is counted twice (rounds 1 and 4 over the same sample) and the
// difference taken: start-up, loading and the first round's compilation drop
// out. Builds are dist folders (of this project, or of an older checkout).
//
//   npm run build && node dist/bench/instructions.js --archive A --stage scan|parse|write
//       [--files 400] [--from K] [dist ...]
//
// scan: the byte scanner alone (fast-records.ts) over inflated documents;
// parse: whole parse tasks (read, inflate, scan, batches); write: sort and
// Parquet encode of the parsed partitions (their batches cloned first, as
// postMessage clones them for a write task). Files are every (count/N)th of the
// archive's delivery files, or with --from K the N after the K-th (whole
// partitions, as an ingest writes them). Needs valgrind (Debian: valgrind).

import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : dflt;
};
const positional = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));

type Stage = 'scan' | 'parse' | 'write' | 'count';

/** The sample's delivery files, in path order. */
function sample(archive: string, n: number, from: number | null): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.json.gz') && !p.includes('Digest')) files.push(p);
    }
  };
  walk(archive);
  if (from !== null) return files.slice(from, from + n);
  const step = Math.max(1, Math.floor(files.length / n));
  return files.filter((_, i) => i % step === 0).slice(0, n);
}

/** In the child: run `stage` of the build at `root` `rounds` times (count: print the events). */
async function child(root: string, stage: Stage, rounds: number, paths: string[]): Promise<void> {
  const url = (p: string) => pathToFileURL(join(root, p)).href;
  const { runParseTask } = await import(url('src/ingest/parse-task.js'));
  const { columnSource } = await import(url('src/model/batch.js'));
  const { encodeParquet } = await import(url('src/store/parquet-write.js'));
  const { sortOrder } = await import(url('src/store/write-task.js'));
  const { DEFAULT_TUNING } = await import(url('src/ingest/pipeline.js'));
  const files = paths.map((path) => ({ path, bytes: new Uint8Array(readFileSync(path)) }));
  const parse = () => {
    const parts = new Map<string, { batch: unknown }[]>();
    for (let t = 0; t < files.length; t += 50) {
      const task = files.slice(t, t + 50).map((f) => ({ path: f.path, bytes: f.bytes.slice() }));
      const r = runParseTask({ kind: 'parse', files: task, selectors: null, retentionCutoffMs: -Infinity });
      for (const p of r.partitions) {
        const key = `${p.region}/${p.date}`;
        (parts.get(key) ?? parts.set(key, []).get(key)!).push({ batch: p.batch });
      }
    }
    return parts;
  };
  if (stage === 'count') {
    let events = 0;
    for (const segs of parse().values()) for (const s of segs) events += (s.batch as { rows: number }).rows;
    console.log(events);
  } else if (stage === 'scan') {
    const { FastRecords } = await import(url('src/ingest/fast-records.js'));
    const { columnTables } = await import(url('src/model/intern.js'));
    const docs = files.map((f) => gunzipSync(f.bytes));
    const tables = columnTables();
    const fast = new FastRecords(tables);
    const sink = { row() {}, record() {} };
    for (let r = 0; r < rounds; r++) {
      for (const t of tables) t?.clear();
      for (const d of docs) fast.run(d, -Infinity, sink);
    }
  } else if (stage === 'parse') {
    for (let r = 0; r < rounds; r++) parse();
  } else {
    // Batches cross two threads on their way to a write task (parse worker -> main -> write worker):
    // cloned as postMessage clones them, they reach the writer as it meets them.
    const parts = new Map([...parse()].map(([key, segs]) => [key, segs.map((s) => ({ batch: structuredClone(s.batch) }))]));
    for (let r = 0; r < rounds; r++) {
      for (const segs of parts.values()) {
        const source = columnSource(segs);
        await encodeParquet(source, sortOrder(source, DEFAULT_TUNING.sort).order, DEFAULT_TUNING.layout);
      }
    }
  }
}

const self = fileURLToPath(import.meta.url);

function instructions(root: string, stage: Stage, rounds: number, childArgs: string[]): number {
  const r = spawnSync('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--smc-check=all-non-file', '--cachegrind-out-file=/dev/null',
    process.execPath, '--single-threaded', '--predictable', self, '--child', root, stage, String(rounds), ...childArgs], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const m = /I\s+refs:\s+([\d,]+)/.exec(r.stderr);
  if (!m) throw new Error(`valgrind gave no count (exit ${r.status}):\n${r.stderr.slice(-2000)}`);
  return Number(m[1]!.replace(/,/g, ''));
}

if (args[0] === '--child') {
  const [, root, stage, rounds, archive, n, from] = args;
  await child(root!, stage as Stage, Number(rounds), sample(archive!, Number(n), from === '-' ? null : Number(from)));
} else {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
  } catch {
    console.error('bench/instructions: valgrind is not installed (Debian: apt-get install valgrind)');
    process.exit(1);
  }
  const archive = resolve(flag('--archive', ''));
  const stage = flag('--stage', 'parse') as Stage;
  const childArgs = [archive, flag('--files', '400'), flag('--from', '-')];
  const roots = (positional.length ? positional : [join(self, '..', '..')]).map((p) => resolve(p));
  const events = Number(spawnSync(process.execPath, [self, '--child', roots[0]!, 'count', '0', ...childArgs], { encoding: 'utf8' }).stdout.trim());
  for (const root of roots) {
    const once = instructions(root, stage, 1, childArgs), four = instructions(root, stage, 4, childArgs);
    console.log(`${stage} ${root}: ${Math.round((four - once) / 3 / events)} instructions/event (${events} events)`);
  }
}
