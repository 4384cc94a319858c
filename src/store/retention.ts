// `retention apply`: removes exactly the events whose eventTime is older than
// now - retentionDays (eventTime < cut), and no others, in one commit. Files
// entirely past the cut are dropped (so whole partitions past it disappear);
// files straddling it (the boundary partition's) are rewritten with the rows at
// or after the cut. The same plan, with exact counts, is what --dry-run prints.
// Stores pending deletion for 7 days or more are purged (lifecycle.ts).

import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { COL } from '../model/fields.js';
import { DAY_MS, formatEventTime } from '../model/time.js';
import { failpoint } from '../util/failpoint.js';
import { commit, recover, stagingDir, type StagedFile } from './commit.js';
import { partitionDir, storeDir } from './layout.js';
import { emptyTrash, purgeStore, purgeTime } from './lifecycle.js';
import { acquireLock } from './lock.js';
import type { FileEntry, Manifest } from './manifest.js';
import { readColumn } from './parquet-read.js';
import { rewriteFiles, type RewriteFormat } from './rewrite.js';
import { listStores, loadStore } from './stores.js';

export interface RetentionResult {
  store: string;
  action: 'none' | 'removed' | 'purged' | 'pending-deletion';
  dryRun: boolean;
  /** Events older than this were (or would be) removed. */
  cutoff: string | null;
  eventsRemoved: number;
  filesDropped: number;
  filesRewritten: number;
  /** Partitions left with no events. */
  partitionsDropped: string[];
  /** Partitions that keep some events but lost others. */
  partitionsTrimmed: string[];
  version: number;
  /** For a store pending deletion: when it is (or was) purged. */
  purgeAt?: string;
}

interface Plan { drop: FileEntry[]; trim: { file: FileEntry; removed: number }[]; eventsRemoved: number }

async function planRetention(dir: string, m: Manifest, cut: number): Promise<Plan> {
  const plan: Plan = { drop: [], trim: [], eventsRemoved: 0 };
  for (const f of m.files) {
    if (f.maxTime < cut) {
      plan.drop.push(f);
      plan.eventsRemoved += f.rows;
    } else if (f.minTime < cut) {
      let removed = 0;
      for (const t of await readColumn(join(dir, f.path), COL.eventTime)) if ((t as number) < cut) removed++;
      plan.trim.push({ file: f, removed });
      plan.eventsRemoved += removed;
    }
  }
  return plan;
}

function partitionsOf(files: readonly FileEntry[]): Set<string> {
  return new Set(files.map((f) => partitionDir(f.region, f.date)));
}

async function applyLocked(home: string, dir: string, m: Manifest, now: number, dryRun: boolean, format: RewriteFormat): Promise<RetentionResult> {
  const base: RetentionResult = {
    store: m.store.name, action: 'none', dryRun, cutoff: null, eventsRemoved: 0, filesDropped: 0, filesRewritten: 0,
    partitionsDropped: [], partitionsTrimmed: [], version: m.version,
  };
  const purgeAt = purgeTime(m);
  if (purgeAt !== null) {
    const at = { purgeAt: new Date(purgeAt).toISOString() };
    if (now < purgeAt) return { ...base, action: 'pending-deletion', ...at };
    const events = m.files.reduce((n, f) => n + f.rows, 0);
    if (!dryRun) purgeStore(home, m);
    return { ...base, action: 'purged', ...at, eventsRemoved: events, filesDropped: m.files.length, partitionsDropped: [...partitionsOf(m.files)].sort() };
  }
  const cut = now - m.store.retentionDays * DAY_MS;
  const plan = await planRetention(dir, m, cut);
  const touched = new Set([...plan.drop, ...plan.trim.map((t) => t.file)].map((f) => f.path));
  const remaining = m.files.filter((f) => !touched.has(f.path));
  const result: RetentionResult = { ...base, cutoff: formatEventTime(cut), eventsRemoved: plan.eventsRemoved, filesDropped: plan.drop.length, filesRewritten: 0 };
  if (plan.eventsRemoved === 0) return result;
  result.action = 'removed';
  const staged: StagedFile[] = [];
  const commitNo = m.version + 1;
  if (!dryRun) {
    const staging = stagingDir(dir);
    mkdirSync(staging, { recursive: true });
    const target = { storeDir: dir, staging, commitNo, runId: randomBytes(4).toString('hex'), format };
    for (const { file, removed } of plan.trim) {
      if (removed === 0) continue;
      const s = await rewriteFiles([file], cut, staged.length, target);
      if (s) staged.push(s);
    }
  }
  // Partitions that keep events: those of untouched files and of files that keep some rows.
  const afterParts = partitionsOf([...remaining, ...plan.trim.filter((t) => t.removed < t.file.rows).map((t) => t.file)]);
  result.partitionsDropped = [...partitionsOf(m.files)].filter((p) => !afterParts.has(p)).sort();
  result.partitionsTrimmed = [...partitionsOf(plan.trim.filter((t) => t.removed > 0).map((t) => t.file))].filter((p) => afterParts.has(p)).sort();
  result.filesRewritten = plan.trim.filter((t) => t.removed > 0).length;
  if (dryRun) return result;
  failpoint('retention:before-commit');
  const untouchedTrims = plan.trim.filter((t) => t.removed === 0).map((t) => t.file); // stats said maybe; rows said no
  const files = [...remaining, ...untouchedTrims, ...staged.map((s) => s.entry)];
  const next: Manifest = { ...m, version: commitNo, committedAt: new Date().toISOString(), files };
  commit(dir, staged, next, 'retention');
  result.version = commitNo;
  return result;
}

export async function applyRetention(home: string, name: string, opts: { now?: number; dryRun?: boolean; format: RewriteFormat }): Promise<RetentionResult> {
  loadStore(home, name);
  const dir = storeDir(home, name);
  const lock = acquireLock(dir, name, opts.dryRun ? 'retention apply --dry-run' : 'retention apply');
  try {
    if (!opts.dryRun) recover(dir);
    return await applyLocked(home, dir, loadStore(home, name), opts.now ?? Date.now(), !!opts.dryRun, opts.format);
  } finally {
    lock.release(); // a purged store's lock went with its folder: then a no-op
  }
}

/** Every store of the home (or just `name`). Also finishes interrupted purges. */
export async function applyRetentionAll(home: string, opts: { name?: string; now?: number; dryRun?: boolean; format: RewriteFormat }): Promise<RetentionResult[]> {
  if (!opts.dryRun) emptyTrash(home);
  const names = opts.name ? [opts.name] : listStores(home).map((m) => m.store.name);
  const out: RetentionResult[] = [];
  for (const name of names) out.push(await applyRetention(home, name, opts));
  return out;
}
