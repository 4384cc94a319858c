// Compaction: merging a partition's small data files into well-sized, sorted
// ones in a single commit (so readers see all the old files or all the new).
//
// Which files merge: in each chosen partition, the "small" files (under
// `smallBytes`), oldest first, packed greedily into groups of at most
// `targetBytes` (and FILE_ROWS rows); each group of two or more becomes one
// file. A partition is only touched when it has at least `minFiles` small files.
// Sizes are the files' compressed bytes (~100 B per event): 16 MiB is about
// 160k events; rewriting that measured a peak RSS of ~420 MB (README).
//
// Manual `traillake compact`: smallBytes = targetBytes = 16 MiB, minFiles = 2:
// every partition ends with as few files as that size allows.
// Automatic, after each ingest (AUTO_COMPACT), on the partitions it wrote:
// smallBytes 2 MiB (a big ingest's own files, ~45k events and ~4 MiB each
// since levels, indices and times are bit-packed, are left as they are:
// merging them cost a 10M-event ingest 40% more time for little gain at
// query time), targetBytes 8 MiB (half the manual size: it runs in the
// ingest's process, after its parsing; a 10M-event ingest then peaks at 936 MiB
// against 1.03 GiB with 16 MiB), minFiles 16. A store fed every 5 minutes therefore keeps
// at most 15 small files per (region, day) partition plus its full files. A row
// is rewritten at most once per 15 ingests into its partition, and no more once
// its file passes 2 MiB or its day stops receiving events (at 288 ingests a
// day, about 19 rewrites at worst: cheap next to a year of 105k unmerged files).

import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { commit, recover, stagingDir, type StagedFile } from './commit.js';
import { partitionDir, storeDir } from './layout.js';
import { acquireLock } from './lock.js';
import type { FileEntry, Manifest } from './manifest.js';
import { rewriteFiles, type RewriteFormat } from './rewrite.js';
import { loadStore } from './stores.js';
import { failpoint } from '../util/failpoint.js';
import { UserError } from '../util/errors.js';

export interface CompactPolicy {
  readonly smallBytes: number;
  readonly targetBytes: number;
  readonly minFiles: number;
}

/** Most rows in a compacted file (the ingest's limit too). */
export const FILE_ROWS = 1_000_000;
export const MANUAL_COMPACT: CompactPolicy = { smallBytes: 16 << 20, targetBytes: 16 << 20, minFiles: 2 };
export const AUTO_COMPACT: CompactPolicy = { smallBytes: 2 << 20, targetBytes: 8 << 20, minFiles: 16 };

export interface CompactSummary {
  store: string;
  committed: boolean;
  version: number;
  partitions: number;
  filesBefore: number;
  filesAfter: number;
  filesMerged: number;
  filesWritten: number;
  rows: number;
  elapsedMs: number;
}

/** Groups of files to merge, per the policy; `only` limits the partitions (keys or prefixes). */
export function planCompaction(files: readonly FileEntry[], policy: CompactPolicy, only?: (key: string) => boolean): FileEntry[][] {
  const byPartition = new Map<string, FileEntry[]>();
  for (const f of files) {
    const key = partitionDir(f.region, f.date);
    if (only && !only(key)) continue;
    if (f.bytes >= policy.smallBytes) continue;
    const list = byPartition.get(key);
    if (list) list.push(f);
    else byPartition.set(key, [f]);
  }
  const groups: FileEntry[][] = [];
  for (const small of byPartition.values()) {
    if (small.length < policy.minFiles) continue;
    small.sort((a, b) => a.commit - b.commit || (a.path < b.path ? -1 : 1));
    let cur: FileEntry[] = [], rows = 0, bytes = 0;
    for (const f of small) {
      if (cur.length && (rows + f.rows > FILE_ROWS || bytes + f.bytes > policy.targetBytes)) {
        if (cur.length > 1) groups.push(cur);
        cur = [];
        rows = 0;
        bytes = 0;
      }
      cur.push(f);
      rows += f.rows;
      bytes += f.bytes;
    }
    if (cur.length > 1) groups.push(cur);
  }
  return groups;
}

/** Compacts under a lock the caller holds; returns the new manifest (the same one when nothing merged). */
export async function compactLocked(
  dir: string, manifest: Manifest, policy: CompactPolicy, format: RewriteFormat, only?: (key: string) => boolean, signal?: AbortSignal,
): Promise<{ manifest: Manifest; summary: CompactSummary }> {
  const started = performance.now();
  const groups = planCompaction(manifest.files, policy, only);
  const summary: CompactSummary = {
    store: manifest.store.name, committed: false, version: manifest.version, partitions: groups.length ? new Set(groups.map((g) => partitionDir(g[0]!.region, g[0]!.date))).size : 0,
    filesBefore: manifest.files.length, filesAfter: manifest.files.length, filesMerged: 0, filesWritten: 0, rows: 0, elapsedMs: 0,
  };
  if (!groups.length) {
    summary.elapsedMs = performance.now() - started;
    return { manifest, summary };
  }
  const commitNo = manifest.version + 1;
  const staging = stagingDir(dir);
  mkdirSync(staging, { recursive: true });
  const target = { storeDir: dir, staging, commitNo, runId: randomBytes(4).toString('hex'), format };
  const staged: StagedFile[] = [];
  const merged = new Set<string>();
  for (const g of groups) {
    if (signal?.aborted) {
      // Stopped (an ingest's Ctrl-C) before the commit: the merged files stay as they were.
      recover(dir);
      summary.elapsedMs = performance.now() - started;
      return { manifest, summary };
    }
    const s = await rewriteFiles(g, -Infinity, staged.length, target);
    if (s) staged.push(s);
    for (const f of g) merged.add(f.path);
    summary.rows += g.reduce((n, f) => n + f.rows, 0);
  }
  failpoint('compact:before-commit');
  const next: Manifest = {
    ...manifest,
    version: commitNo,
    committedAt: new Date().toISOString(),
    files: [...manifest.files.filter((f) => !merged.has(f.path)), ...staged.map((s) => s.entry)],
  };
  commit(dir, staged, next, 'compact');
  Object.assign(summary, { committed: true, version: commitNo, filesAfter: next.files.length, filesMerged: merged.size, filesWritten: staged.length });
  summary.elapsedMs = performance.now() - started;
  return { manifest: next, summary };
}

/** Matches partition keys against `--partition` values: a whole key or a prefix of whole segments. */
export function partitionMatcher(partitions: readonly string[] | undefined): ((key: string) => boolean) | undefined {
  if (!partitions?.length) return undefined;
  for (const p of partitions) {
    if (!/^region=[^/]+(\/date=\d{4}-\d\d-\d\d)?$/.test(p)) {
      throw new UserError(`--partition must look like region=us-east-1 or region=us-east-1/date=2024-07-01, got ${p}`);
    }
  }
  return (key) => partitions.some((p) => key === p || key.startsWith(`${p}/`));
}

export async function compactStore(home: string, name: string, format: RewriteFormat, partitions?: readonly string[]): Promise<CompactSummary> {
  const only = partitionMatcher(partitions);
  loadStore(home, name);
  const dir = storeDir(home, name);
  const lock = acquireLock(dir, name, 'compact');
  try {
    recover(dir);
    const m = loadStore(home, name);
    if (m.store.status !== 'ENABLED') throw new UserError(`store ${name} is ${m.store.status}; compaction is refused`);
    return (await compactLocked(dir, m, MANUAL_COMPACT, format, only)).summary;
  } finally {
    lock.release();
  }
}
