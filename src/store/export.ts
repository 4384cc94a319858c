// Reading every stored record back in its source form (the inverse of ingest),
// partition by partition, file by file, in stored row order: as a stream of
// records, or as CloudTrail log files in the S3 delivery layout
//   <out>/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/
//     <account>_CloudTrail_<region>_<YYYYMMDD>T0000Z_traillake<seq>.json.gz
// each a gzipped {"Records":[...]} of at most FILE_RECORDS records of one
// account (recipientAccountId) and one (region, date) partition, so an archive
// can be re-ingested (by traillake or anything that reads CloudTrail) losslessly.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { COLUMNS } from '../model/fields.js';
import { assembleRecord, type JsonObject, type Value } from '../model/record.js';
import { escapePartitionValue } from './layout.js';
import type { FileEntry, Manifest } from './manifest.js';
import { readRowGroups } from './parquet-read.js';

const byPath = (a: FileEntry, b: FileEntry) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

async function* fileRecords(dir: string, f: FileEntry): AsyncGenerator<JsonObject> {
  const row: Value[] = new Array(COLUMNS.length).fill(null);
  for await (const g of readRowGroups(join(dir, f.path))) {
    for (let r = 0; r < g.rows; r++) {
      for (let c = 0; c < COLUMNS.length; c++) row[c] = g.values[c]![r]!;
      yield assembleRecord(row);
    }
  }
}

export async function* exportRecords(dir: string, manifest: Manifest): AsyncGenerator<JsonObject> {
  for (const f of [...manifest.files].sort(byPath)) yield* fileRecords(dir, f);
}

export const FILE_RECORDS = 10_000;

export interface CloudTrailExport { files: number; records: number }

/** Writes the store's records as CloudTrail log files under `out`. */
export async function exportCloudTrail(dir: string, manifest: Manifest, out: string): Promise<CloudTrailExport> {
  const result: CloudTrailExport = { files: 0, records: 0 };
  const files = [...manifest.files].sort(byPath);
  let seq = 0;
  const flush = (f: FileEntry, account: string, records: JsonObject[]) => {
    const region = escapePartitionValue(f.region);
    const [y, m, d] = f.date.split('-');
    const folder = join(out, 'AWSLogs', account, 'CloudTrail', region, y!, m!, d!);
    mkdirSync(folder, { recursive: true });
    const name = `${account}_CloudTrail_${region}_${y}${m}${d}T0000Z_traillake${String(seq++).padStart(6, '0')}.json.gz`;
    writeFileSync(join(folder, name), gzipSync(JSON.stringify({ Records: records })));
    result.files++;
    result.records += records.length;
  };
  for (let i = 0; i < files.length;) {
    // One partition at a time: its files are adjacent in path order.
    const first = files[i]!;
    const byAccount = new Map<string, JsonObject[]>();
    for (; i < files.length && files[i]!.region === first.region && files[i]!.date === first.date; i++) {
      for await (const rec of fileRecords(dir, files[i]!)) {
        const acct = typeof rec.recipientAccountId === 'string' && /^[\w-]+$/.test(rec.recipientAccountId) ? rec.recipientAccountId : 'unknown-account';
        let list = byAccount.get(acct);
        if (!list) byAccount.set(acct, (list = []));
        list.push(rec);
        if (list.length >= FILE_RECORDS) {
          flush(first, acct, list);
          byAccount.set(acct, []);
        }
      }
    }
    for (const [acct, list] of byAccount) if (list.length) flush(first, acct, list);
  }
  return result;
}
