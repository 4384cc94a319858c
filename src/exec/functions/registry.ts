// The scalar function registry: every SQL function the binder can resolve, by
// lowercase name. Operators (=, +, LIKE, ...) are not here: exec/eval.ts owns them.
// Aggregates live in exec/aggregates.ts.

import type { EvalContext, SqlType, Value } from '../../plan/types.js';

export interface ScalarFunction {
  /** Lowercase name (aliases are registered as separate entries sharing eval). */
  readonly name: string;
  /** Minimum and maximum argument counts (Infinity for variadic). */
  readonly minArgs: number;
  readonly maxArgs: number;
  /**
   * The result type for these argument types, or a string saying why the
   * arguments don't fit (the binder turns it into a user-facing type error).
   * Argument types may be 'unknown' (a NULL literal): accept it anywhere.
   */
  resolve(args: readonly SqlType[]): SqlType | string;
  /** When true (the common case), eval is never called with a null argument: the result is NULL. */
  readonly nullPropagating: boolean;
  /** False for now(): constant folding must not evaluate it at plan time. */
  readonly deterministic: boolean;
  /**
   * Evaluates one row. `types` are the static argument types (same as given to
   * resolve), so e.g. a timestamp (epoch ms number) can be told from a bigint.
   * Throws a QueryError (exec/errors.ts) for run-time errors such as an invalid
   * regex or an unparseable timestamp, as Trino does.
   */
  eval(args: readonly Value[], types: readonly SqlType[], ctx: EvalContext): Value;
}

const REGISTRY = new Map<string, ScalarFunction>();

export function register(...fns: ScalarFunction[]): void {
  for (const f of fns) {
    if (REGISTRY.has(f.name)) throw new Error(`function ${f.name} registered twice`);
    REGISTRY.set(f.name, f);
  }
}

export function lookupFunction(name: string): ScalarFunction | undefined {
  return REGISTRY.get(name.toLowerCase());
}

export function functionNames(): string[] {
  return [...REGISTRY.keys()].sort();
}
