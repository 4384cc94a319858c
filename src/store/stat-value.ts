// Parquet statistics values (footer, page header or ColumnIndex min/max) as
// plan values: INT64 as numbers, BYTE_ARRAY as UTF-8 strings, BOOLEAN.

import type { Value } from '../model/record.js';

/** A statistics value (PLAIN bytes, or what parquetjs-lite decoded already) as a value, undefined when unknown. */
export function decodeStat(b: unknown, type: string): Value | undefined {
  if (b === null || b === undefined) return undefined;
  // parquetjs-lite's thrift reader returns a list's binary values as strings
  // when they happen to be valid UTF-8 (the ColumnIndex's min/max): bytes again.
  if (typeof b === 'string' && (type === 'INT64' || type === 'BOOLEAN')) b = Buffer.from(b, 'utf8');
  // parquetjs-lite decodes footer statistics itself when it opens a file.
  if (typeof b === 'bigint') return Number(b);
  if (b instanceof Date) return b.getTime();
  if (typeof b === 'number' || typeof b === 'boolean' || typeof b === 'string') return b;
  if (!Buffer.isBuffer(b)) return undefined;
  if (type === 'INT64') return Number(b.readBigInt64LE(0));
  if (type === 'BOOLEAN') return b[0] !== 0;
  if (type === 'BYTE_ARRAY') return b.toString('utf8');
  return undefined;
}

