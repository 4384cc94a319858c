// The manifest: a store's configuration and its list of live data files with the
// per-file facts the planner uses to skip files unopened. It is replaced as a
// whole by write-to-temp + fsync + rename, so readers see the old or the new one.

import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AdvancedEventSelector } from '../ingest/selectors.js';
import type { NameSet } from './name-filter.js';

export const MANIFEST = 'manifest.json';
export const FORMAT = 1;

export type StoreStatus = 'ENABLED' | 'PENDING_DELETION';

export interface StoreConfig {
  readonly name: string;
  readonly id: string;
  readonly status: StoreStatus;
  readonly retentionDays: number;
  readonly terminationProtection: boolean;
  readonly selectors: readonly AdvancedEventSelector[] | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When `store delete` put the store in PENDING_DELETION (absent otherwise). */
  readonly deletedAt?: string;
}

export interface FileEntry {
  /** Path relative to the store folder, `/`-separated. */
  readonly path: string;
  readonly region: string | null;
  readonly date: string;
  readonly rows: number;
  readonly bytes: number;
  readonly sha256: string;
  readonly rowGroups: number;
  /** eventTime range, epoch ms. */
  readonly minTime: number;
  readonly maxTime: number;
  readonly eventNames: NameSet;
  /** The commit that added the file. */
  readonly commit: number;
}

export interface Manifest {
  readonly format: number;
  /** Commit counter: 0 for a new store, +1 per commit. */
  readonly version: number;
  readonly committedAt: string;
  readonly store: StoreConfig;
  readonly files: readonly FileEntry[];
}

export function readManifest(dir: string): Manifest | null {
  let text: string;
  try {
    text = readFileSync(join(dir, MANIFEST), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const m = JSON.parse(text) as Manifest;
  if (m.format !== FORMAT) throw new Error(`${join(dir, MANIFEST)}: unsupported manifest format ${m.format}`);
  return m;
}

export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes a file durably under a temporary name, then renames it into place. */
export function writeFileAtomic(dir: string, name: string, text: string): void {
  const tmp = join(dir, `${name}.tmp-${process.pid}`);
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(dir, name));
  fsyncDir(dir);
}

/** The manifest's bytes on disk (what its digest hashes). */
export function manifestText(m: Manifest): string {
  return `${JSON.stringify(m)}\n`;
}

/** The commit point of every change to a store: use commit(), which also signs a digest. */
export function writeManifest(dir: string, m: Manifest): void {
  writeFileAtomic(dir, MANIFEST, manifestText(m));
}
