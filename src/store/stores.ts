// Event data stores as a user sees them: create, list, show, update. Settings
// follow CloudTrail Lake: retention 7-3653 days (default 2557, seven years),
// termination protection on by default, optional advanced event selectors.

import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import type { AdvancedEventSelector } from '../ingest/selectors.js';
import { UserError } from '../util/errors.js';
import { DAY_MS, formatEventTime } from '../model/time.js';
import { checkStoreName, partitionDir, storeDir, storesDir } from './layout.js';
import { acquireLock } from './lock.js';
import { commit, publish, recover } from './commit.js';
import { FORMAT, readManifest, type Manifest, type StoreConfig } from './manifest.js';

export const DEFAULT_RETENTION_DAYS = 2557;
export const MIN_RETENTION_DAYS = 7;
export const MAX_RETENTION_DAYS = 3653;
/** How long a deleted store can be restored before `retention apply` purges it (lifecycle.ts). */
export const PENDING_DELETION_DAYS = 7;

export function checkRetentionDays(days: number): number {
  if (!Number.isInteger(days) || days < MIN_RETENTION_DAYS || days > MAX_RETENTION_DAYS) {
    throw new UserError(`retention must be a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}, got ${days}`);
  }
  return days;
}

export interface StoreSettings {
  retentionDays?: number;
  terminationProtection?: boolean;
  selectors?: readonly AdvancedEventSelector[] | null;
}

export function loadStore(home: string, name: string): Manifest {
  const m = readManifest(storeDir(home, name));
  if (!m) throw new UserError(`no event data store named ${name} in ${storesDir(home)} (create it with: traillake store create ${name})`);
  return m;
}

export function storeExists(home: string, name: string): boolean {
  return readManifest(storeDir(home, name)) !== null;
}

export function createStore(home: string, name: string, settings: StoreSettings = {}): Manifest {
  const dir = storeDir(home, checkStoreName(name));
  mkdirSync(dir, { recursive: true });
  const lock = acquireLock(dir, name, 'store create');
  try {
    if (readManifest(dir)) throw new UserError(`an event data store named ${name} already exists`);
    const now = new Date().toISOString();
    const store: StoreConfig = {
      name,
      id: randomUUID(),
      status: 'ENABLED',
      retentionDays: checkRetentionDays(settings.retentionDays ?? DEFAULT_RETENTION_DAYS),
      terminationProtection: settings.terminationProtection ?? true,
      selectors: settings.selectors ?? null,
      createdAt: now,
      updatedAt: now,
    };
    const m: Manifest = { format: FORMAT, version: 0, committedAt: now, store, files: [] };
    publish(dir, null, m, 'create');
    return m;
  } finally {
    lock.release();
  }
}

export function updateStore(home: string, name: string, settings: StoreSettings): Manifest {
  const dir = storeDir(home, name);
  loadStore(home, name);
  const lock = acquireLock(dir, name, 'store update');
  try {
    recover(dir);
    const m = loadStore(home, name);
    if (m.store.status !== 'ENABLED') throw new UserError(`store ${name} is ${m.store.status}; restore it first (traillake store restore ${name})`);
    const store: StoreConfig = {
      ...m.store,
      ...(settings.retentionDays !== undefined ? { retentionDays: checkRetentionDays(settings.retentionDays) } : {}),
      ...(settings.terminationProtection !== undefined ? { terminationProtection: settings.terminationProtection } : {}),
      ...(settings.selectors !== undefined ? { selectors: settings.selectors } : {}),
      updatedAt: new Date().toISOString(),
    };
    const next: Manifest = { ...m, version: m.version + 1, committedAt: store.updatedAt, store };
    commit(dir, [], next, 'update');
    return next;
  } finally {
    lock.release();
  }
}

export function listStores(home: string): Manifest[] {
  const root = storesDir(home);
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => {
      const m = readManifest(`${root}/${d.name}`);
      return m ? [m] : [];
    })
    .sort((a, b) => a.store.name.localeCompare(b.store.name));
}

/** What `store show --format json` prints. */
export function describeStore(m: Manifest) {
  let events = 0, bytes = 0, oldest = Infinity, newest = -Infinity;
  const partitions = new Set<string>();
  for (const f of m.files) {
    events += f.rows;
    bytes += f.bytes;
    oldest = Math.min(oldest, f.minTime);
    newest = Math.max(newest, f.maxTime);
    partitions.add(partitionDir(f.region, f.date));
  }
  return {
    name: m.store.name,
    id: m.store.id,
    status: m.store.status,
    retentionDays: m.store.retentionDays,
    terminationProtection: m.store.terminationProtection,
    advancedEventSelectors: m.store.selectors,
    events,
    bytes,
    files: m.files.length,
    partitions: partitions.size,
    oldestEventTime: m.files.length ? formatEventTime(oldest) : null,
    newestEventTime: m.files.length ? formatEventTime(newest) : null,
    createdAt: m.store.createdAt,
    updatedAt: m.store.updatedAt,
    deletedAt: m.store.deletedAt ?? null,
    purgeAt: m.store.deletedAt ? new Date(Date.parse(m.store.deletedAt) + PENDING_DELETION_DAYS * DAY_MS).toISOString() : null,
    version: m.version,
  };
}
