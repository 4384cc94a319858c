// Compaction benchmark: a store fed by many small ingests (consecutive time
// slices of a generated archive, like a feed every few minutes), queried
// before and after `traillake compact`, and the same feed with the automatic
// policy on. Each query runs as a `traillake query` process; the median of the
// runs is reported, with the engine's own executionTimeMs (--stats).
//
//   node dist/bench/compaction.js [--events N] [--slices S] [--runs R]

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateArchive } from '../src/gen/generator.js';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : dflt;
};
const events = Number(flag('--events', '100000'));
const slices = Number(flag('--slices', '50'));
const runs = Number(flag('--runs', '5'));
const bin = resolve(import.meta.dirname, '../../bin/traillake.js');
const work = mkdtempSync(join(tmpdir(), 'traillake-compact-bench-'));

function run(cmd: string[]): { ms: number; stdout: string; stderr: string } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [bin, ...cmd], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${cmd.join(' ')}: ${r.stderr}`);
  return { ms: performance.now() - t, stdout: r.stdout, stderr: r.stderr };
}

const QUERIES = [
  'SELECT eventName, count(*) AS n FROM feed GROUP BY eventName ORDER BY n DESC LIMIT 10',
  "SELECT eventID, eventTime FROM feed WHERE eventName = 'ConsoleLogin' AND errorCode IS NOT NULL",
  "SELECT count(*) FROM feed WHERE eventTime >= TIMESTAMP '2024-07-02 00:00:00' AND eventTime < TIMESTAMP '2024-07-02 06:00:00'",
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timeQueries(home: string): { wallMs: number; execMs: number }[] {
  return QUERIES.map((q) => {
    const wall: number[] = [], exec: number[] = [];
    for (let i = 0; i < runs; i++) {
      const r = run(['--home', home, 'query', q, '--format', 'csv', '--stats']);
      wall.push(r.ms);
      exec.push(JSON.parse(r.stderr.trim().split('\n').pop()!).executionTimeMs);
    }
    return { wallMs: Math.round(median(wall)), execMs: median(exec) };
  });
}

const files = (home: string) => (JSON.parse(readFileSync(join(home, 'stores/feed/manifest.json'), 'utf8')).files as unknown[]).length;

const archive = join(work, 'archive');
generateArchive({ out: archive, events, days: 2, seed: 1 });
const logs = readdirSync(archive, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.json.gz') && !e.parentPath.includes('CloudTrail-Digest'))
  .map((e) => join(e.parentPath, e.name))
  .sort((a, b) => (a.slice(-40) < b.slice(-40) ? -1 : 1)); // by the file name's timestamp
const report: Record<string, unknown> = { events, slices, runs, queries: QUERIES };

for (const mode of ['manual', 'auto'] as const) {
  const home = join(work, mode);
  const ingestStart = performance.now();
  for (let i = 0; i < slices; i++) {
    const part = logs.slice(Math.floor((i * logs.length) / slices), Math.floor(((i + 1) * logs.length) / slices));
    run(['--home', home, 'ingest', ...part, '--store', 'feed', '--quiet', ...(mode === 'manual' ? ['--no-compact'] : [])]);
  }
  const ingestMs = Math.round(performance.now() - ingestStart);
  const before = { files: files(home), ingestMs, queries: timeQueries(home) };
  if (mode === 'manual') {
    const c = run(['--home', home, 'compact', '--store', 'feed', '--json']);
    report.manual = { before, compactMs: Math.round(JSON.parse(c.stdout).elapsedMs), after: { files: files(home), queries: timeQueries(home) } };
  } else {
    report.auto = before;
  }
}
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
rmSync(work, { recursive: true, force: true });
