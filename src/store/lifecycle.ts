// Deleting and restoring stores, as CloudTrail Lake does: `store delete` is
// refused while termination protection is on; otherwise the store goes to
// PENDING_DELETION (queries and ingest refuse it) for 7 days, during which
// `store restore` brings it back. After that `retention apply` purges it:
// the store folder is renamed into <home>/trash/ (one atomic step: kill -9
// leaves the store whole or gone), then removed, and its private key dropped.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DAY_MS } from '../model/time.js';
import { UserError } from '../util/errors.js';
import { failpoint } from '../util/failpoint.js';
import { commit, recover } from './commit.js';
import { dropSigningKey } from './keys.js';
import { storeDir } from './layout.js';
import { acquireLock } from './lock.js';
import { fsyncDir, type Manifest, type StoreConfig } from './manifest.js';
import { loadStore, PENDING_DELETION_DAYS } from './stores.js';

export { PENDING_DELETION_DAYS };

export const trashDir = (home: string) => join(home, 'trash');

/** Runs `fn` on the store's manifest under its lock, after recovery. */
function locked<T>(home: string, name: string, command: string, fn: (dir: string, m: Manifest) => T): T {
  loadStore(home, name);
  const dir = storeDir(home, name);
  const lock = acquireLock(dir, name, command);
  try {
    recover(dir);
    return fn(dir, loadStore(home, name));
  } finally {
    lock.release();
  }
}

function setStatus(dir: string, m: Manifest, store: StoreConfig, kind: 'delete' | 'restore'): Manifest {
  const next: Manifest = { ...m, version: m.version + 1, committedAt: store.updatedAt, store };
  commit(dir, [], next, kind);
  return next;
}

export function deleteStore(home: string, name: string, now = Date.now()): Manifest {
  return locked(home, name, 'store delete', (dir, m) => {
    if (m.store.status === 'PENDING_DELETION') throw new UserError(`store ${name} is already pending deletion (since ${m.store.deletedAt})`);
    if (m.store.terminationProtection) {
      throw new UserError(`store ${name} has termination protection on; turn it off first: traillake store update ${name} --no-termination-protection`);
    }
    const at = new Date(now).toISOString();
    return setStatus(dir, m, { ...m.store, status: 'PENDING_DELETION', deletedAt: at, updatedAt: at }, 'delete');
  });
}

export function restoreStore(home: string, name: string, now = Date.now()): Manifest {
  return locked(home, name, 'store restore', (dir, m) => {
    if (m.store.status !== 'PENDING_DELETION') throw new UserError(`store ${name} is ${m.store.status}, not pending deletion: nothing to restore`);
    const { deletedAt: _gone, ...rest } = m.store;
    return setStatus(dir, m, { ...rest, status: 'ENABLED', updatedAt: new Date(now).toISOString() }, 'restore');
  });
}

/** When a pending deletion becomes final (epoch ms), or null for an enabled store. */
export function purgeTime(m: Manifest): number | null {
  if (m.store.status !== 'PENDING_DELETION' || !m.store.deletedAt) return null;
  return Date.parse(m.store.deletedAt) + PENDING_DELETION_DAYS * DAY_MS;
}

/** Removes a store for good. Call with its lock held; the lock file goes with the folder. */
export function purgeStore(home: string, m: Manifest): void {
  const trash = trashDir(home);
  mkdirSync(trash, { recursive: true });
  const dir = storeDir(home, m.store.name);
  failpoint('purge:before-rename');
  renameSync(dir, join(trash, `${m.store.name}-${m.store.id}-${randomBytes(3).toString('hex')}`));
  fsyncDir(join(dir, '..'));
  failpoint('purge:after-rename');
  emptyTrash(home);
  dropSigningKey(home, m.store.id);
}

/** Finishes purges interrupted after their rename. */
export function emptyTrash(home: string): void {
  const trash = trashDir(home);
  if (!existsSync(trash)) return;
  for (const n of readdirSync(trash)) rmSync(join(trash, n), { recursive: true, force: true });
}
