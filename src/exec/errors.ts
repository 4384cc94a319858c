// Errors raised while binding or running a query. Both are the user's to fix
// (bad SQL, a type mismatch, an invalid regex at run time), so they extend
// UserError: the CLI prints the message, never a stack trace.

import { UserError } from '../util/errors.js';

/** A query that cannot run as written (syntax, unknown names, types, run-time value errors). */
export class QueryError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

/**
 * Errors cross threads without their class (and a custom name becomes
 * 'Error'), so a worker sends the user's errors (a bad cast, a data file that
 * cannot be read) as this plain record, and the main thread makes them again
 * with fromWorker: they then print as messages, where anything else is a bug.
 */
interface SentUserError { readonly traillakeUserError: string; readonly message: string }

/** What a worker throws for `e`: a user's error as a SentUserError, anything else as it is. */
export function forMainThread(e: unknown): unknown {
  return e instanceof UserError ? ({ traillakeUserError: e.name, message: e.message } satisfies SentUserError) : e;
}

/** An error from a worker as the main thread should treat it. */
export function fromWorker(e: unknown): unknown {
  if (typeof e !== 'object' || e === null || typeof (e as SentUserError).traillakeUserError !== 'string') return e;
  const { traillakeUserError: name, message } = e as SentUserError;
  return name === 'QueryError' ? new QueryError(message) : Object.assign(new UserError(message), { name });
}
