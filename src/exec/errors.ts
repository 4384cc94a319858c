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
