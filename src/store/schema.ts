// The Parquet schema of event data store files, derived from the record model:
// struct fields become Parquet groups (so engines see `userIdentity` as a struct),
// eventTime is a required TIMESTAMP_MILLIS, JSON fields are UTF8 text.

import { COLUMNS, RECORD_FIELDS, type Field } from '../model/fields.js';
import { ParquetSchema, type PqField, type PqSchema } from './parquet-lib.js';

export type Codec = 'GZIP' | 'SNAPPY' | 'UNCOMPRESSED';

/**
 * Columns that get min/max statistics: the ones queries filter on and that have
 * few distinct values per file. High-cardinality text (IDs, JSON) gets none;
 * statistics there cost write time and never prune.
 */
export const STATS_COLUMNS: ReadonlySet<string> = new Set([
  'eventVersion', 'userIdentity.type', 'userIdentity.accountId', 'eventTime', 'eventSource',
  'eventName', 'awsRegion', 'errorCode', 'readOnly', 'eventType', 'managementEvent',
  'recipientAccountId', 'eventCategory',
]);

function definition(fields: readonly Field[], prefix: string, codec: Codec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const name = prefix + f.name;
    switch (f.kind) {
      case 'group':
        out[f.name] = { optional: true, fields: definition(f.children, `${name}.`, codec) };
        break;
      case 'leaf': {
        const common = { compression: codec, statistics: STATS_COLUMNS.has(name) };
        switch (f.type) {
          case 'timestamp':
            out[f.name] = { type: 'TIMESTAMP_MILLIS', ...common };
            break;
          case 'boolean':
            out[f.name] = { type: 'BOOLEAN', optional: true, ...common };
            break;
          case 'string':
          case 'json':
            out[f.name] = { type: 'UTF8', optional: true, ...common };
            break;
          default:
            f.type satisfies never;
        }
        break;
      }
      default:
        f satisfies never;
    }
  }
  return out;
}

export function storeSchema(codec: Codec): PqSchema {
  return new ParquetSchema(definition(RECORD_FIELDS, '', codec));
}

/** Leaf fields of a schema in COLUMNS order (parquetjs-lite lists groups too). */
export function leafFields(schema: PqSchema): PqField[] {
  return COLUMNS.map((c) => schema.findField(c.path as string[]));
}
