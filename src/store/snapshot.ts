// Reader snapshots and the deletion of superseded files.
//
// A query reads the manifest once per store and then reads the files that
// manifest lists, however long that takes: its snapshot. Compaction and
// retention replace files, so the files they supersede must outlive every
// reader that may still need them. How that is decided:
//   - a reader first registers a lease `_readers/<pid>-<store id>.json` (pid,
//     process start time, and the *oldest* manifest version it has read, null
//     until it has read one), and only then reads the manifest;
//   - after every commit the writer (under the store lock) deletes the data files
//     in partition folders that the new manifest does not list, unless a live
//     lease holds a version older than the manifest's, or none yet: then it keeps
//     them all, and the next commit (or recovery) tries again;
//   - a lease whose process is gone (pid not running, or reused) is stale: it is
//     removed and does not count. When the last query of the process ends its
//     leases are marked idle (they then hold nothing back; rewriting a small file
//     is much cheaper than deleting it on a disk mounted with `discard`), and
//     they are removed at exit.
// A reader that cannot write a lease (read-only store folder) reads unprotected.

import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { alive, processStart, type LockInfo } from './lock.js';
import { MANIFEST, readManifest, type Manifest } from './manifest.js';

export const READERS = '_readers';

interface Lease { path: string; version: number | null; idle: boolean }
const held = new Map<string, Lease>();
let active = 0;
let exitHook = false;

let self: { start: string | null; host: string } | null = null;

/** A lease file's size: rewritten in place, padded, never truncated (freeing blocks is slow on a disk mounted with `discard`). */
const LEASE_BYTES = 512;

function writeLease(lease: Lease): void {
  self ??= { start: processStart(process.pid), host: hostname() };
  const info = { pid: process.pid, start: self.start, host: self.host, since: new Date().toISOString(), command: 'query', version: lease.version, idle: lease.idle };
  const text = JSON.stringify(info);
  if (text.length >= LEASE_BYTES) return writeFileSync(lease.path, text);
  const fd = openSync(lease.path, existsSync(lease.path) ? 'r+' : 'w');
  try {
    writeSync(fd, text.padEnd(LEASE_BYTES, ' '), 0);
  } finally {
    closeSync(fd);
  }
}

/** Marks the start of a query: leases taken during it live until the last query ends. */
export function beginRead(): void {
  active++;
}

export function endRead(): void {
  active = Math.max(0, active - 1);
  if (active === 0) idleAll();
}

/** Marks this process's leases idle: no query of it needs any files now. */
function idleAll(): void {
  for (const [dir, l] of held) {
    l.idle = true;
    try {
      writeLease(l);
    } catch {
      held.delete(dir); // the store went away
    }
  }
}

function releaseAll(): void {
  for (const l of held.values()) rmSync(l.path, { force: true });
  held.clear();
}

/** Manifests read by this process, by store folder, with the identity of the file they came from. */
const manifests = new Map<string, { ino: number; mtimeMs: number; size: number; m: Manifest }>();

/**
 * The store's manifest, parsed again only when the file changed: a commit
 * renames a new file into place (a new inode). Readers never modify it.
 */
function cachedManifest(storeDir: string): Manifest | null {
  let st;
  try {
    st = statSync(join(storeDir, MANIFEST));
  } catch {
    manifests.delete(storeDir);
    return readManifest(storeDir);
  }
  const hit = manifests.get(storeDir);
  if (hit && hit.ino === st.ino && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.m;
  const m = readManifest(storeDir);
  if (m) manifests.set(storeDir, { ino: st.ino, mtimeMs: st.mtimeMs, size: st.size, m });
  return m;
}

/** Reads a store's manifest as a reader: under a lease that keeps its files alive. */
export function readSnapshot(storeDir: string): Manifest | null {
  let lease = held.get(storeDir);
  if (lease?.idle) {
    // Taken up again: from the last manifest read, which is no newer than the one about to be read (conservative).
    lease.idle = false;
    lease.version = manifests.get(storeDir)?.m.version ?? null;
    try {
      writeLease(lease);
    } catch {
      held.delete(storeDir);
      lease = undefined;
    }
  }
  if (!lease) {
    try {
      mkdirSync(join(storeDir, READERS), { recursive: true });
      lease = { path: join(storeDir, READERS, `${process.pid}.json`), version: null, idle: false };
      writeLease(lease);
      held.set(storeDir, lease);
      if (!exitHook) {
        exitHook = true;
        process.once('exit', releaseAll);
      }
    } catch {
      lease = undefined; // read-only store: no protection
    }
  }
  const m = cachedManifest(storeDir);
  if (m && lease && (lease.version === null || m.version < lease.version)) {
    lease.version = m.version;
    writeLease(lease);
  }
  return m;
}

/** True when some live reader may still need files older than `version`. Removes stale leases. */
function readersBehind(storeDir: string, version: number): boolean {
  const dir = join(storeDir, READERS);
  if (!existsSync(dir)) return false;
  let behind = false;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    let info: (LockInfo & { version: number | null; idle?: boolean }) | null = null;
    try {
      info = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      behind = true; // being written right now
      continue;
    }
    if (!info || !alive(info)) {
      rmSync(path, { force: true });
      continue;
    }
    if (info.idle === true) continue;
    if (info.version === null || info.version < version) behind = true;
  }
  return behind;
}

/** Data files on disk in partition folders (relative paths), including unlisted ones. */
export function dataFilesOnDisk(storeDir: string): string[] {
  const out: string[] = [];
  for (const r of readdirSync(storeDir, { withFileTypes: true })) {
    if (!r.isDirectory() || !r.name.startsWith('region=')) continue;
    for (const d of readdirSync(join(storeDir, r.name), { withFileTypes: true })) {
      if (!d.isDirectory() || !d.name.startsWith('date=')) continue;
      for (const f of readdirSync(join(storeDir, r.name, d.name))) if (f.endsWith('.parquet')) out.push(`${r.name}/${d.name}/${f}`);
    }
  }
  return out;
}

export interface Collected { readonly deleted: number; readonly kept: number }

/**
 * Deletes data files the manifest no longer lists (superseded by compaction or
 * retention), and empty partition folders, unless a reader may need them.
 * Call under the store lock.
 */
export function collectGarbage(storeDir: string, m: Manifest): Collected {
  const live = new Set(m.files.map((f) => f.path));
  const garbage = dataFilesOnDisk(storeDir).filter((p) => !live.has(p));
  if (!garbage.length) return { deleted: 0, kept: 0 };
  if (readersBehind(storeDir, m.version)) return { deleted: 0, kept: garbage.length };
  const dirs = new Set<string>();
  for (const p of garbage) {
    try {
      unlinkSync(join(storeDir, p));
    } catch { /* already gone */ }
    dirs.add(p.slice(0, p.lastIndexOf('/')));
  }
  for (const d of dirs) {
    for (const sub of [d, d.slice(0, d.indexOf('/'))]) {
      try {
        rmdirSync(join(storeDir, sub)); // only if empty
      } catch { /* not empty */ }
    }
  }
  return { deleted: garbage.length, kept: 0 };
}
