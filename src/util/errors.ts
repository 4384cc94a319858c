// Errors that are the user's to fix (bad flags, bad store names, bad input),
// as opposed to bugs. The CLI prints a UserError's message without a stack.

export class UserError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'UserError';
  }
}

/** A file that cannot be ingested as a whole; `where` is e.g. `line 3, column 17`. */
export class BadFileError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'BadFileError';
  }
}
