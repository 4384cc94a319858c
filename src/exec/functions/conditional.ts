// Conditional functions: coalesce, nullif, if, and typeof. Their arguments
// share a common type (args.ts commonType: bigint and double widen to double,
// text next to a timestamp is parsed as one); values convert to it.
// The engine evaluates every argument before the call: if() and coalesce()
// here choose among values, they do not skip evaluating the others.

import type { SqlType } from '../../plan/types.js';
import { commonType, commonTypeOf, define, resolveCommon, widen } from './args.js';

define({
  name: 'coalesce', params: ['any'], variadic: 'any', nullPropagating: false,
  returns: (t) => resolveCommon('coalesce', t),
  eval: (a, t) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== null) return widen(a[i]!, t[i]!, commonTypeOf(t));
    return null;
  },
});

define({
  name: 'nullif', params: ['any', 'any'], nullPropagating: false,
  returns: (t) => {
    const common = commonType(t);
    if (common === undefined) return resolveCommon('nullif', t);
    return t[0] === 'unknown' ? common : t[0]!;
  },
  eval: (a, t) => {
    if (a[0] === null || a[1] === null) return a[0]!;
    const to = commonTypeOf(t);
    return widen(a[0]!, t[0]!, to) === widen(a[1]!, t[1]!, to) ? null : a[0]!;
  },
});

define({
  name: 'if', params: ['boolean', 'any', 'any'], optional: 1, nullPropagating: false,
  returns: (t) => resolveCommon('if', t.slice(1)),
  eval: (a, t) => {
    const i = a[0] === true ? 1 : 2;
    if (i >= a.length) return null;
    return widen(a[i]!, t[i]!, commonTypeOf(t, 1));
  },
});

/** Type names as Trino prints them (timestamps are millisecond precision). */
const TYPE_NAMES: Partial<Record<SqlType, string>> = { timestamp: 'timestamp(3)' };

define({
  name: 'typeof', params: ['any'], nullPropagating: false, returns: 'varchar',
  eval: (_a, t) => TYPE_NAMES[t[0]!] ?? t[0]!,
});
