// The benchmark's peer: DuckDB (@duckdb/node-api, a dev dependency; src/ never
// imports it). It loads the same .json.gz archive with read_json into the same
// record schema traillake stores (scalars and structs typed, the free-form
// fields as JSON), keeps one event per eventID as traillake does, and writes
// hive-partitioned (region, date) zstd Parquet; queries then run over that
// Parquet with read_parquet(..., hive_partitioning = true).
//
// Run as a process (for peak RSS and cold latency):
//   node dist/bench/duckdb.js ingest ARCHIVE OUTDIR   -> JSON {elapsedMs, peakRssBytes, rows}
//   node dist/bench/duckdb.js query PARQUETDIR SQL     -> rows as CSV (the SQL names the table `ct`)

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { INTERNAL_COLUMNS, RECORD_FIELDS, type Field } from '../src/model/fields.js';

function duckType(f: Field): string {
  if (f.kind === 'group') return `STRUCT(${f.children.map((c) => `"${c.name}" ${duckType(c)}`).join(', ')})`;
  switch (f.type) {
    case 'string': return 'VARCHAR';
    case 'boolean': return 'BOOLEAN';
    case 'timestamp': return 'TIMESTAMP';
    case 'json': return 'JSON';
    default: return f.type satisfies never;
  }
}

/** The CloudTrail record as a DuckDB struct, the same fields and types traillake stores. */
export const RECORD_STRUCT = `STRUCT(${RECORD_FIELDS.filter((f) => !INTERNAL_COLUMNS.has(f.name)).map((f) => `"${f.name}" ${duckType(f)}`).join(', ')})`;

export async function openDuck(): Promise<{ con: DuckDBConnection; close: () => void }> {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(`SET TimeZone = 'UTC'`);
  return { con, close: () => con.closeSync() };
}

/** A view `ct` over a hive-partitioned Parquet folder. */
export async function attachParquet(con: DuckDBConnection, dir: string): Promise<void> {
  await con.run(`CREATE OR REPLACE VIEW ct AS SELECT * FROM read_parquet('${join(dir, '**/*.parquet')}', hive_partitioning = true)`);
}

export async function duckRows(con: DuckDBConnection, sql: string): Promise<unknown[][]> {
  const reader = await con.runAndReadAll(sql);
  return reader.getRowsJS() as unknown[][];
}

/** read_json over the archive's log files -> one row per eventID -> COPY to hive-partitioned zstd Parquet. */
export async function duckIngest(con: DuckDBConnection, archive: string, out: string): Promise<number> {
  const logs = join(archive, 'AWSLogs/*/CloudTrail/*/*/*/*/*.json.gz');
  // As DuckDB's docs advise for large COPYs: no insertion order to keep, a memory limit, and a folder to spill to
  // (without them the 3M-event load needed 6.5 GiB, and 10M would not fit this machine).
  await con.run(`SET preserve_insertion_order = false`);
  await con.run(`SET memory_limit = '8GB'`);
  await con.run(`SET temp_directory = '${out}.spill'`);
  await con.run(`COPY (
      SELECT r.*, r.awsRegion AS region, strftime(r.eventTime, '%Y-%m-%d') AS date FROM (
        SELECT unnest(Records) AS r FROM read_json('${logs}', format = 'unstructured', compression = 'gzip',
          columns = {Records: '${RECORD_STRUCT}[]'}, maximum_object_size = 134217728)
      ) QUALIFY row_number() OVER (PARTITION BY r.eventID) = 1
    ) TO '${out}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (region, date), OVERWRITE_OR_IGNORE)`);
  const n = await duckRows(con, `SELECT count(*) FROM read_parquet('${join(out, '**/*.parquet')}')`);
  return Number(n[0]![0]);
}

const csv = (v: unknown) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v));

async function main(argv: string[]): Promise<void> {
  const [cmd, a, b] = argv;
  const { con, close } = await openDuck();
  try {
    if (cmd === 'ingest' && a && b) {
      const t0 = performance.now();
      const rows = await duckIngest(con, a, b);
      const elapsedMs = performance.now() - t0;
      process.stdout.write(JSON.stringify({ elapsedMs, rows, peakRssBytes: process.resourceUsage().maxRSS * 1024 }) + '\n');
    } else if (cmd === 'query' && a && b) {
      await attachParquet(con, a);
      const out = (await duckRows(con, b)).map((r) => r.map(csv).join(',')).join('\n');
      process.stdout.write(out + '\n');
    } else {
      throw new Error('usage: duckdb.js ingest ARCHIVE OUTDIR | query PARQUETDIR SQL');
    }
  } finally {
    close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main(process.argv.slice(2));
