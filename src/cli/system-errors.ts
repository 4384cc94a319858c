// Errors from the machine rather than from traillake or the user's SQL: a full
// disk, a permission refused, a read-only file system, a closed output pipe.
// They get one clear line and exit 1, never a stack trace. A failed write
// never damages a store: commits are atomic, so a store keeps its last
// committed state and the command can simply be run again.

import { EXIT } from './io.js';

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'is a folder, not a file',
};

/** The user-facing line for an operating-system error, or null if `e` is not one we know. */
export function systemErrorMessage(e: unknown): string | null {
  const err = e as NodeJS.ErrnoException;
  const reason = err && typeof err.code === 'string' ? REASONS[err.code] : undefined;
  if (!reason) return null;
  const where = err.path ? ` (${err.path})` : '';
  const writing = err.syscall === 'write' || err.code === 'ENOSPC' || err.code === 'EDQUOT';
  return `${reason}${where}${writing ? ': nothing more was written; stores keep their last committed state' : ''} [${err.code}]`;
}

/** stdout/stderr write failures: a closed pipe (`| head`) ends quietly; others say why. */
export function guardOutput(stream: NodeJS.WriteStream, name: string): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT.ok);
    const msg = systemErrorMessage(e) ?? e.message;
    try { process.stderr.write(`traillake: cannot write to ${name}: ${msg}\n`); } catch { /* stderr is gone too */ }
    process.exit(EXIT.user);
  });
}
