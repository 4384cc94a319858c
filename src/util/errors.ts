// Errors that are the user's to fix (bad flags, bad store names, bad input),
// as opposed to bugs. The CLI prints a UserError's message without a stack.

export class UserError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'UserError';
  }
}

/**
 * A store's data file that cannot be read: damaged on disk, or a bug in our
 * reader. `traillake verify` tells which (each file against its SHA-256).
 */
export class DataFileError extends UserError {
  constructor(path: string, reason: string) {
    super(`cannot read data file ${path}: ${reason}. 'traillake verify' checks every file against its SHA-256; if it finds this one intact, this is a bug: please report it`);
    this.name = 'DataFileError';
  }
}

/** A file that cannot be ingested as a whole; `where` is e.g. `line 3, column 17`. */
export class BadFileError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'BadFileError';
  }
}
