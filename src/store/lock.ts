// One writer per store: an exclusive lock file holding the owner's pid and the
// process start time. A lock whose process is gone (or whose pid was reused by
// another process) is stale and is taken over.

import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../util/errors.js';

export interface LockInfo { pid: number; start: string | null; host: string; since: string; command: string }

/** Kernel start time of a process (Linux), to tell a live owner from a reused pid. */
export function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

export function alive(info: LockInfo): boolean {
  if (info.pid === -1) return true;
  if (info.host !== hostname()) return true; // cannot tell: assume alive
  try {
    process.kill(info.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const start = processStart(info.pid);
  return info.start === null || start === null || start === info.start;
}

export interface Lock { release(): void }

export function acquireLock(dir: string, store: string, command: string): Lock {
  const path = join(dir, '.lock');
  const info: LockInfo = { pid: process.pid, start: processStart(process.pid), host: hostname(), since: new Date().toISOString(), command };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      return {
        release() {
          try {
            unlinkSync(path);
          } catch { /* already gone */ }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let held: LockInfo | null = null;
    try {
      held = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    } catch {
      // Unreadable: being written right now by its owner, or left half-written by a dead one.
      const fresh = Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0) < 5000;
      held = fresh ? { pid: -1, start: null, host: 'this host', since: 'just now', command: 'starting' } : null;
    }
    if (held && alive(held)) {
      throw new UserError(
        `store ${store} is busy: process ${held.pid} on ${held.host} has been writing it (${held.command}) since ${held.since}. ` +
          `Wait for it to finish; if that process is gone, remove ${path}.`,
      );
    }
    try {
      unlinkSync(path); // stale: its owner is gone
    } catch { /* someone else took it over first */ }
  }
  throw new UserError(`could not lock store ${store}: ${path} keeps reappearing`);
}
