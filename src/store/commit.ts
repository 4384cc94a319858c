// Turning an ingest's staged files into committed state, crash-safely.
//
// Protocol (the manifest rename is the one commit point):
//   1. data files are written and fsynced under _staging/ (invisible to readers);
//   2. _staging/journal.json lists each file's final path, fsynced;
//   3. each staged file is renamed into its partition folder;
//   4. the commit's signed digest is written (digest.ts);
//   5. the new manifest is written to a temp file, fsynced and renamed over the old;
//   6. _staging/ is removed, then files the new manifest dropped are deleted
//      unless a reader may still need them (snapshot.ts).
// recover() runs under the lock before any write: files named by a leftover
// journal but absent from the manifest are deleted (the commit never happened),
// digests newer than the manifest are removed, then _staging/ is cleared.
// kill -9 anywhere leaves exactly the last commit.

import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { failpoint } from '../util/failpoint.js';
import { trimDigests, writeDigest, type CommitKind } from './digest.js';
import { fsyncDir, MANIFEST, manifestText, readManifest, writeFileAtomic, type FileEntry, type Manifest } from './manifest.js';
import { collectGarbage } from './snapshot.js';

export const STAGING = '_staging';
const JOURNAL = 'journal.json';

export function stagingDir(storeDir: string): string {
  return join(storeDir, STAGING);
}

/** Undoes whatever an interrupted writer left behind. Returns the number of files removed. */
export function recover(storeDir: string): number {
  const staging = stagingDir(storeDir);
  let removed = 0;
  let journal: string[] = [];
  try {
    journal = JSON.parse(readFileSync(join(staging, JOURNAL), 'utf8')) as string[];
  } catch {
    journal = []; // none, or torn before its rename: nothing was moved yet
  }
  const manifest = readManifest(storeDir);
  if (journal.length) {
    const live = new Set(manifest?.files.map((f) => f.path) ?? []);
    for (const rel of journal) {
      if (live.has(rel)) continue;
      try {
        unlinkSync(join(storeDir, rel));
        removed++;
      } catch { /* was never moved */ }
    }
  }
  rmSync(staging, { recursive: true, force: true });
  for (const name of readdirSync(storeDir)) {
    if (/^manifest\.json\.tmp-\d+$/.test(name)) rmSync(join(storeDir, name), { force: true });
  }
  if (manifest) {
    trimDigests(storeDir, manifest.version);
    collectGarbage(storeDir, manifest);
  }
  return removed;
}

export interface StagedFile {
  /** Absolute path under _staging/. */
  readonly staged: string;
  readonly entry: FileEntry;
}

/**
 * Moves staged files into place and commits `next` (which must already list
 * them, and no longer list the files it replaces), with its signed digest.
 */
export function commit(storeDir: string, staged: readonly StagedFile[], next: Manifest, kind: CommitKind): void {
  const prev = readManifest(storeDir);
  const staging = stagingDir(storeDir);
  if (staged.length) {
    mkdirSync(staging, { recursive: true });
    failpoint('commit:before-journal');
    writeFileAtomic(staging, JOURNAL, JSON.stringify(staged.map((s) => s.entry.path)));
    const dirs = new Set<string>();
    staged.forEach((s, i) => {
      const dest = join(storeDir, s.entry.path);
      mkdirSync(dirname(dest), { recursive: true });
      renameSync(s.staged, dest);
      dirs.add(dirname(dest));
      if (i === 0) failpoint('commit:after-first-rename');
    });
    for (const d of dirs) fsyncDir(d);
  }
  publish(storeDir, prev, next, kind, true);
  rmSync(staging, { recursive: true, force: true });
  collectGarbage(storeDir, next);
}

/**
 * Steps 4-5 alone: the digest, then the manifest rename. Store creation uses
 * it directly (nothing staged; its failpoints are left to the commits that follow).
 */
export function publish(storeDir: string, prev: Manifest | null, next: Manifest, kind: CommitKind, failpoints = false): void {
  const text = manifestText(next);
  if (failpoints) failpoint('commit:before-digest');
  writeDigest(storeDir, prev, next, text, kind);
  if (failpoints) failpoint('commit:before-manifest');
  writeFileAtomic(storeDir, MANIFEST, text);
  if (failpoints) failpoint('commit:after-manifest');
}
