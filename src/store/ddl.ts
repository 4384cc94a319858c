// `traillake ddl`: the statements that let another engine query a store's live
// files in place. Column types come from the record model the Parquet schema is
// built from (schema.ts): groups are structs, strings and JSON are text,
// eventTime is a millisecond timestamp; `region` and `date` are the Hive
// partition columns of the folder layout.
//  - duckdb: a view over the exact live files (read_parquet with a file list);
//  - athena: an external table with partition projection (no crawler, no MSCK);
//  - trino (Hive connector) and spark: an external partitioned table, then the
//    statement that discovers partitions. These list folders, so files a
//    compaction superseded but a reader still held are seen until deleted: the
//    output says when there are any.

import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { RECORD_FIELDS, type Field, type LeafType } from '../model/fields.js';
import { UserError } from '../util/errors.js';
import { escapePartitionValue } from './layout.js';
import type { Manifest } from './manifest.js';
import { dataFilesOnDisk } from './snapshot.js';

export const ENGINES = ['duckdb', 'athena', 'trino', 'spark'] as const;
export type Engine = (typeof ENGINES)[number];

interface Dialect {
  quote(name: string): string;
  leaf(t: LeafType): string;
  struct(fields: [string, string][]): string;
}

const DIALECTS: Record<Exclude<Engine, 'duckdb'>, Dialect> = {
  athena: {
    quote: (n) => `\`${n}\``,
    leaf: (t) => leafType(t, 'string', 'boolean', 'timestamp'),
    struct: (fs) => `struct<${fs.map(([n, t]) => `${n}:${t}`).join(',')}>`,
  },
  trino: {
    quote: (n) => `"${n}"`,
    leaf: (t) => leafType(t, 'varchar', 'boolean', 'timestamp(3)'),
    struct: (fs) => `row(${fs.map(([n, t]) => `"${n}" ${t}`).join(', ')})`,
  },
  spark: {
    quote: (n) => `\`${n}\``,
    leaf: (t) => leafType(t, 'STRING', 'BOOLEAN', 'TIMESTAMP'),
    struct: (fs) => `STRUCT<${fs.map(([n, t]) => `\`${n}\`: ${t}`).join(', ')}>`,
  },
};

function leafType(t: LeafType, text: string, bool: string, time: string): string {
  switch (t) {
    case 'string':
    case 'json':
      return text;
    case 'boolean':
      return bool;
    case 'timestamp':
      return time;
    default:
      return t satisfies never;
  }
}

function fieldType(f: Field, d: Dialect): string {
  switch (f.kind) {
    case 'leaf':
      return d.leaf(f.type);
    case 'group':
      return d.struct(f.children.map((c) => [c.name, fieldType(c, d)]));
    default:
      return f satisfies never;
  }
}

/** A table name every engine accepts unquoted: lowercase letters, digits, underscores. */
export function tableName(store: string): string {
  const n = store.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return /^[a-z_]/.test(n) ? n : `t_${n}`;
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

export interface DdlOptions {
  readonly engine: Engine;
  /** Where the engine finds the store folder (default: the local folder as a file: URI). */
  readonly location?: string;
  readonly table?: string;
}

export function ddl(storeDir: string, m: Manifest, o: DdlOptions): string {
  const table = o.table ?? tableName(m.store.name);
  const header = `-- traillake store ${m.store.name} (${m.store.id}), manifest version ${m.version}: ${m.files.length} live files`;
  if (o.engine === 'duckdb') {
    if (!m.files.length) throw new UserError(`store ${m.store.name} has no data files yet: nothing for DuckDB to read`);
    const base = o.location ?? storeDir;
    const files = m.files.map((f) => `  ${sqlString(o.location ? `${base.replace(/\/$/, '')}/${f.path}` : join(base, f.path))}`).join(',\n');
    return `${header}\nCREATE OR REPLACE VIEW ${table} AS SELECT * FROM read_parquet([\n${files}\n], hive_partitioning = true, hive_types = {'region': VARCHAR, 'date': DATE});\n`;
  }
  const d = DIALECTS[o.engine];
  const location = (o.location ?? pathToFileURL(storeDir).href).replace(/\/$/, '');
  const columns = RECORD_FIELDS.map((f) => `  ${d.quote(f.name)} ${fieldType(f, d)}`);
  const partitions: [string, string][] = [['region', d.leaf('string')], ['date', d.leaf('string')]];
  const orphans = dataFilesOnDisk(storeDir).length - m.files.length;
  const note = orphans > 0
    ? `-- note: ${orphans} superseded files are still on disk (a reader held them); this engine lists folders and will\n-- read them too until the store's next commit deletes them.\n`
    : '';
  const lines = [header, note.trimEnd()].filter(Boolean);
  switch (o.engine) {
    case 'athena': {
      const regions = [...new Set(m.files.map((f) => escapePartitionValue(f.region)))].sort();
      const firstDate = m.files.reduce((a, f) => (f.date < a ? f.date : a), m.files[0]?.date ?? new Date().toISOString().slice(0, 10));
      if (!location.startsWith('s3://')) lines.push('-- Athena reads from S3: copy the store folder there and pass --location s3://bucket/prefix');
      lines.push(
        `CREATE EXTERNAL TABLE ${d.quote(table)} (\n${columns.join(',\n')}\n)`,
        `PARTITIONED BY (${partitions.map(([n, t]) => `${d.quote(n)} ${t}`).join(', ')})`,
        'STORED AS PARQUET',
        `LOCATION ${sqlString(`${location}/`)}`,
        'TBLPROPERTIES (',
        [
          `'projection.enabled' = 'true'`,
          `'projection.region.type' = 'enum'`,
          `'projection.region.values' = ${sqlString(regions.join(',') || 'us-east-1')}`,
          `'projection.date.type' = 'date'`,
          `'projection.date.format' = 'yyyy-MM-dd'`,
          `'projection.date.range' = ${sqlString(`${firstDate},NOW`)}`,
          `'projection.date.interval' = '1'`,
          `'projection.date.interval.unit' = 'DAYS'`,
          `'storage.location.template' = ${sqlString(`${location}/region=\${region}/date=\${date}/`)}`,
        ].map((p) => `  ${p}`).join(',\n'),
        ');',
      );
      break;
    }
    case 'trino':
      lines.push(
        `CREATE TABLE hive.default.${table} (\n${[...columns, ...partitions.map(([n, t]) => `  ${d.quote(n)} ${t}`)].join(',\n')}\n)`,
        `WITH (external_location = ${sqlString(location)}, format = 'PARQUET', partitioned_by = ARRAY['region', 'date']);`,
        `CALL hive.system.sync_partition_metadata('default', '${table}', 'ADD');`,
      );
      break;
    case 'spark':
      lines.push(
        `CREATE TABLE ${table} (\n${[...columns, ...partitions.map(([n, t]) => `  ${d.quote(n)} ${t}`)].join(',\n')}\n)`,
        'USING PARQUET',
        'PARTITIONED BY (region, `date`)',
        `LOCATION ${sqlString(location)};`,
        `MSCK REPAIR TABLE ${table};`,
      );
      break;
    default:
      o.engine satisfies never;
  }
  return `${lines.join('\n')}\n`;
}
