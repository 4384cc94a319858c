// Compaction: a store fed by many small ingests is merged into one sorted file
// per partition with the same answers, records and a valid digest chain; the
// automatic policy at ingest; --partition; and snapshot safety (files a reader
// planned with outlive the compaction until its lease is gone).

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInline, type ScanPool } from '../../src/exec/pool.js';
import { runQuery } from '../../src/exec/query.js';
import { AUTO_COMPACT, compactLocked, MANUAL_COMPACT, planCompaction } from '../../src/store/compact.js';
import type { FileEntry } from '../../src/store/manifest.js';
import { generateArchive } from '../../src/gen/generator.js';
import { beginRead, endRead, readSnapshot } from '../../src/store/snapshot.js';
import { DEFAULT_TUNING, ingest } from '../../src/ingest/pipeline.js';
import { cli, tempDir, withEnv } from '../helpers.js';
import { invalidItems, recordLines } from './store-helpers.js';

const archive = tempDir();
generateArchive({ out: archive, events: 3000, days: 2, seed: 5 });
const logs = readdirSync(archive, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.json.gz') && !e.parentPath.includes('CloudTrail-Digest'))
  .map((e) => join(e.parentPath, e.name))
  .sort((a, b) => (a.slice(a.lastIndexOf('_', a.length - 10)) < b.slice(b.lastIndexOf('_', b.length - 10)) ? -1 : 1));
/** `n` slices of the log files: consecutive in time, or dealt round-robin (each then touches every partition). */
const slices = (n: number, deal = false) => Array.from({ length: n }, (_, i) =>
  deal ? logs.filter((_, j) => j % n === i) : logs.slice(Math.floor((i * logs.length) / n), Math.floor(((i + 1) * logs.length) / n)));

/** Small ingests in process (as `traillake ingest` runs them, minus the process start). */
async function feed(home: string, n: number, o: { deal?: boolean; compact?: boolean } = {}): Promise<{ compactions: number }> {
  let compactions = 0;
  for (const s of slices(n, o.deal)) {
    const r = await ingest({ home, store: 'feed', inputs: s, onError: 'fail', threads: 0, compact: o.compact });
    expect(r.committed).toBe(true);
    if (r.compaction) compactions++;
  }
  return { compactions };
}

const manifest = (home: string) => JSON.parse(readFileSync(join(home, 'stores/feed/manifest.json'), 'utf8'));
const onDisk = (home: string) => readdirSync(join(home, 'stores/feed'), { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.parquet')).map((e) => relative(join(home, 'stores/feed'), join(e.parentPath, e.name))).sort();
const QUERIES = [
  'SELECT eventName, count(*) AS n FROM feed GROUP BY eventName ORDER BY eventName',
  'SELECT awsRegion, count(*) AS n, min(eventTime) AS first, max(eventTime) AS last FROM feed GROUP BY awsRegion ORDER BY awsRegion',
  "SELECT eventID FROM feed WHERE errorCode IS NOT NULL AND userIdentity.type = 'IAMUser' ORDER BY eventID",
];
const answers = (home: string) => Promise.all(QUERIES.map(async (q) => (await runQuery(q, { home, threads: 0 })).rows));
const exported = (home: string) => recordLines(home, 'feed');

describe('compaction plan', () => {
  const MiB = 1 << 20;
  const file = (date: string, n: number, bytes: number): FileEntry => ({
    path: `region=us-east-1/date=${date}/part-${String(n).padStart(6, '0')}.parquet`, region: 'us-east-1', date,
    rows: Math.round(bytes / 100), bytes, sha256: '', rowGroups: 1, minTime: 0, maxTime: 0, eventNames: { names: [] }, commit: n,
  });
  it('packs small files per partition up to the target size, leaves full files alone', () => {
    const files = [file('2024-07-01', 1, 20 * MiB), ...Array.from({ length: 10 }, (_, i) => file('2024-07-01', i + 2, 3 * MiB)), file('2024-07-02', 1, MiB)];
    const groups = planCompaction(files, MANUAL_COMPACT);
    // 10 × 3 MiB under a 16 MiB target: 5 + 5; the 20 MiB file and the lone file of 07-02 stay.
    expect(groups.map((g) => g.map((f) => f.commit))).toEqual([[2, 3, 4, 5, 6], [7, 8, 9, 10, 11]]);
  });
  it('automatic policy: waits for 16 small files in a partition', () => {
    const fifteen = Array.from({ length: 15 }, (_, i) => file('2024-07-01', i + 1, 100_000));
    expect(planCompaction(fifteen, AUTO_COMPACT)).toEqual([]);
    expect(planCompaction([...fifteen, file('2024-07-01', 16, 100_000)], AUTO_COMPACT)).toHaveLength(1);
    expect(planCompaction([...fifteen, file('2024-07-01', 16, 5 * MiB)], AUTO_COMPACT)).toEqual([]);
  });
});

describe('compact', () => {
  it('merges the files of many small ingests: same answers, same records, verifiable', async () => {
    const home = tempDir();
    await feed(home, 8, { compact: false });
    const before = manifest(home);
    const partitions = new Set(before.files.map((f: { path: string }) => f.path.slice(0, f.path.lastIndexOf('/'))));
    expect(before.files.length).toBeGreaterThan(2 * partitions.size);
    const [a0, e0] = [await answers(home), await exported(home)];
    const r = cli(['--home', home, 'compact', '--store', 'feed', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ committed: true, filesBefore: before.files.length, filesAfter: partitions.size, filesMerged: before.files.length, filesWritten: partitions.size, partitions: partitions.size });
    const after = manifest(home);
    expect(after.files.reduce((n: number, f: { rows: number }) => n + f.rows, 0)).toBe(before.files.reduce((n: number, f: { rows: number }) => n + f.rows, 0));
    expect(await answers(home)).toEqual(a0);
    expect(await exported(home)).toEqual(e0);
    // Superseded files are gone (no reader held them); the chain records the compaction.
    expect(onDisk(home)).toEqual(after.files.map((f: { path: string }) => f.path).sort());
    const digest = JSON.parse(readFileSync(join(home, 'stores/feed/_digests', `${String(after.version).padStart(10, '0')}.json`), 'utf8'));
    expect(digest).toMatchObject({ kind: 'compact' });
    expect(digest.removed).toHaveLength(before.files.length);
    expect(cli(['--home', home, 'verify', '--store', 'feed']).status).toBe(0);
    expect(cli(['--home', home, 'compact', '--store', 'feed']).stdout).toMatch(/^feed: nothing to compact/);
  });

  it('--partition limits the partitions merged', async () => {
    const home = tempDir();
    await feed(home, 6, { compact: false });
    const p = manifest(home).files[0].path.split('/').slice(0, 2).join('/');
    const r = cli(['--home', home, 'compact', '--store', 'feed', '--partition', p, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const files = manifest(home).files as { path: string }[];
    expect(files.filter((f) => f.path.startsWith(`${p}/`))).toHaveLength(1);
    expect(files.filter((f) => !f.path.startsWith(`${p}/`)).length).toBeGreaterThan(1);
    expect(cli(['--home', home, 'compact', '--store', 'feed', '--partition', 'us-east-1']).stderr).toMatch(/--partition must look like region=us-east-1/);
  });

  it('ingest compacts automatically: never 16 small files in a partition', async () => {
    const home = tempDir();
    const { compactions } = await feed(home, 17, { deal: true });
    expect(compactions).toBe(1); // the 16th ingest: every partition then had 16 small files
    const per = new Map<string, number>();
    for (const f of manifest(home).files as { path: string }[]) {
      const k = f.path.slice(0, f.path.lastIndexOf('/'));
      per.set(k, (per.get(k) ?? 0) + 1);
    }
    expect(Math.max(...per.values())).toBeLessThan(16);
    expect(invalidItems(home, 'feed')).toEqual([]);
  });

  it('a compaction stopped by its signal (an ingest\'s Ctrl-C) commits nothing and leaves nothing staged', async () => {
    const home = tempDir();
    await feed(home, 16, { deal: true, compact: false });
    const dir = join(home, 'stores/feed');
    const before = manifest(home);
    expect(planCompaction(before.files, AUTO_COMPACT).length).toBeGreaterThan(0);
    const { summary } = await compactLocked(dir, before, AUTO_COMPACT, DEFAULT_TUNING, undefined, AbortSignal.abort());
    expect(summary.committed).toBe(false);
    expect(manifest(home)).toEqual(before);
    expect(onDisk(home)).toEqual(before.files.map((f: { path: string }) => f.path).sort());
    expect(existsSync(join(dir, '_staging'))).toBe(false);
  });

  it('a query running during a compaction reads the snapshot it started with', async () => {
    const home = tempDir();
    await feed(home, 4, { compact: false });
    const dir = join(home, 'stores/feed');
    const sql = 'SELECT eventName, count(*) AS n FROM feed GROUP BY eventName ORDER BY eventName';
    const expected = (await runQuery(sql, { home, threads: 0 })).rows;
    const before = manifest(home);
    // A pool whose first task waits for a whole compaction (another process) to commit.
    let compacted = false;
    const pool: ScanPool = {
      started: true, warm() {}, async close() {},
      async run(task) {
        if (!compacted) {
          compacted = true;
          const r = cli(['--home', home, 'compact', '--store', 'feed']);
          expect(r.status, r.stderr).toBe(0);
          expect(manifest(home).version).toBe(before.version + 1);
          for (const f of before.files) expect(existsSync(join(dir, f.path)), f.path).toBe(true);
        }
        return runInline(task);
      },
    };
    const got = await withEnv('TRAILLAKE_INLINE_ROWS', '0', () => runQuery(sql, { home, pool })); // a scan this small would run inline
    expect(compacted).toBe(true);
    expect(got.stats.filesScanned).toBe(before.files.length);
    expect(got.rows).toEqual(expected);
    // The query is over: the next commit deletes what the compaction superseded.
    expect(cli(['--home', home, 'store', 'update', 'feed', '--retention-days', '3000']).status).toBe(0);
    expect(onDisk(home)).toEqual(manifest(home).files.map((f: { path: string }) => f.path).sort());
  });

  it('keeps the files a reader planned with until its lease ends', async () => {
    const home = tempDir();
    await feed(home, 4, { compact: false });
    const dir = join(home, 'stores/feed');
    beginRead();
    const snap = readSnapshot(dir)!;
    const r = cli(['--home', home, 'compact', '--store', 'feed']);
    expect(r.status, r.stderr).toBe(0);
    // The reader's snapshot is intact, byte for byte, though the manifest moved on.
    for (const f of snap.files) {
      expect(createHash('sha256').update(readFileSync(join(dir, f.path))).digest('hex')).toBe(f.sha256);
    }
    expect(manifest(home).version).toBe(snap.version + 1);
    expect(cli(['--home', home, 'verify', '--store', 'feed']).status).toBe(0);
    const ddl = cli(['--home', home, 'ddl', '--store', 'feed', '--engine', 'spark']);
    expect(ddl.stdout).toMatch(/-- note: \d+ superseded files are still on disk/);
    endRead();
    // The lease stays, marked idle: it holds nothing back any more.
    expect(JSON.parse(readFileSync(join(dir, '_readers', `${process.pid}.json`), 'utf8')).idle).toBe(true);
    // The next commit collects them.
    expect(cli(['--home', home, 'store', 'update', 'feed', '--retention-days', '3000']).status).toBe(0);
    expect(onDisk(home)).toEqual(manifest(home).files.map((f: { path: string }) => f.path).sort());
    // A query in this process still works after all that.
    const q = await runQuery('SELECT count(*) FROM feed', { home, threads: 0 });
    expect(q.rows.columns[0]![0]).toBe(manifest(home).files.reduce((n: number, f: { rows: number }) => n + f.rows, 0));
  });
});
