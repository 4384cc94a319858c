// Reading every stored record back in its source form (the inverse of ingest),
// partition by partition, file by file, in stored row order.

import { join } from 'node:path';
import { COLUMNS } from '../model/fields.js';
import { assembleRecord, type JsonObject, type Value } from '../model/record.js';
import type { Manifest } from './manifest.js';
import { readRowGroups } from './parquet-read.js';

export async function* exportRecords(dir: string, manifest: Manifest): AsyncGenerator<JsonObject> {
  const files = [...manifest.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const row: Value[] = new Array(COLUMNS.length).fill(null);
  for (const f of files) {
    for await (const g of readRowGroups(join(dir, f.path))) {
      for (let r = 0; r < g.rows; r++) {
        for (let c = 0; c < COLUMNS.length; c++) row[c] = g.values[c]![r]!;
        yield assembleRecord(row);
      }
    }
  }
}
