// `traillake ddl`: the DuckDB statements, run in DuckDB, give the same answers
// as traillake on the sample archive; the Athena, Trino and Spark statements
// declare every top-level field, the partition columns and (Athena) the
// partition projection.

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQuery } from '../../src/exec/query.js';
import { RECORD_FIELDS } from '../../src/model/fields.js';
import { cli, ROOT, tempDir } from '../helpers.js';

const home = tempDir();
let con: DuckDBConnection;

beforeAll(async () => {
  const r = cli(['--home', home, 'ingest', join(ROOT, 'data/sample'), '--store', 'sample', '--quiet', '--now', '2024-07-03T00:00:00Z']);
  expect(r.status, r.stderr).toBe(0);
  const ddl = cli(['--home', home, 'ddl', '--store', 'sample', '--engine', 'duckdb']);
  expect(ddl.status, ddl.stderr).toBe(0);
  con = await (await DuckDBInstance.create(':memory:')).connect();
  await con.run(`SET TimeZone = 'UTC'`);
  await con.run(ddl.stdout);
});
afterAll(() => con?.closeSync());

const norm = (x: unknown): unknown => (typeof x === 'bigint' ? Number(x) : x instanceof Date ? x.getTime() : x);
async function traillake(sql: string): Promise<unknown[][]> {
  const { rows } = await runQuery(sql, { home, threads: 0 });
  return Array.from({ length: rows.length }, (_, i) => rows.columns.map((c) => norm(c[i])));
}
async function duckdb(sql: string): Promise<unknown[][]> {
  return ((await con.runAndReadAll(sql)).getRowsJS() as unknown[][]).map((r) => r.map(norm));
}

describe('ddl --engine duckdb', () => {
  it('declares the Parquet types: a timestamp, structs, text, booleans, and the partition columns', async () => {
    const cols = new Map((await duckdb('DESCRIBE sample')).map((r) => [r[0] as string, r[1] as string]));
    expect(cols.get('eventTime')).toMatch(/^TIMESTAMP/);
    expect(cols.get('readOnly')).toBe('BOOLEAN');
    expect(cols.get('eventName')).toBe('VARCHAR');
    expect(cols.get('userIdentity')).toMatch(/^STRUCT\("type" VARCHAR, principalId VARCHAR, arn VARCHAR/);
    expect(cols.get('region')).toBe('VARCHAR');
    expect(cols.get('date')).toBe('DATE');
  });

  const same: [string, string][] = [
    ['SELECT eventName, count(*) FROM sample GROUP BY 1 ORDER BY 1', 'SELECT eventName, count(*) FROM sample GROUP BY 1 ORDER BY 1'],
    ['SELECT awsRegion, count(*), min(eventTime), max(eventTime) FROM sample GROUP BY 1 ORDER BY 1', 'SELECT region, count(*), min(eventTime), max(eventTime) FROM sample GROUP BY 1 ORDER BY 1'],
    ["SELECT awsRegion, date_trunc('day', eventTime), count(*) FROM sample GROUP BY 1, 2 ORDER BY 1, 2", 'SELECT region, CAST(date AS TIMESTAMP), count(*) FROM sample GROUP BY 1, 2 ORDER BY 1, 2'],
    ["SELECT userIdentity.type, count(*), count(DISTINCT userIdentity.arn) FROM sample WHERE errorCode IS NOT NULL GROUP BY 1 ORDER BY 1", "SELECT userIdentity.type, count(*), count(DISTINCT userIdentity.arn) FROM sample WHERE errorCode IS NOT NULL GROUP BY 1 ORDER BY 1"],
    ["SELECT eventID, eventTime, sourceIPAddress, readOnly, userIdentity.arn, requestParameters FROM sample WHERE eventTime BETWEEN TIMESTAMP '2024-07-01 10:00:00' AND TIMESTAMP '2024-07-01 14:00:00' ORDER BY eventID",
      "SELECT eventID, eventTime, sourceIPAddress, readOnly, userIdentity.arn, requestParameters FROM sample WHERE eventTime BETWEEN TIMESTAMP '2024-07-01 10:00:00' AND TIMESTAMP '2024-07-01 14:00:00' ORDER BY eventID"],
  ];
  for (const [t, d] of same) {
    it(`same answer: ${t.slice(0, 70)}`, async () => {
      const [a, b] = [await traillake(t), await duckdb(d)];
      expect(a.length).toBeGreaterThan(0);
      expect(a).toEqual(b);
    });
  }
});

describe('ddl for Athena, Trino, Spark', () => {
  const ddl = (engine: string, ...more: string[]) => {
    const r = cli(['--home', home, 'ddl', '--store', 'sample', '--engine', engine, ...more]);
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  };

  it('athena: external table with partition projection', () => {
    const s = ddl('athena', '--location', 's3://archive/stores/sample');
    expect(s).toContain('CREATE EXTERNAL TABLE `sample` (');
    for (const f of RECORD_FIELDS) expect(s).toContain(`\`${f.name}\` `);
    expect(s).toContain('`eventTime` timestamp');
    expect(s).toMatch(/`userIdentity` struct<type:string,principalId:string,arn:string,/);
    expect(s).toContain('PARTITIONED BY (`region` string, `date` string)');
    expect(s).toContain("LOCATION 's3://archive/stores/sample/'");
    expect(s).toContain("'projection.region.values' = 'eu-west-1,us-east-1'");
    expect(s).toContain("'projection.date.range' = '2024-07-01,NOW'");
    expect(s).toContain("'storage.location.template' = 's3://archive/stores/sample/region=${region}/date=${date}/'");
    expect(ddl('athena')).toContain('-- Athena reads from S3');
  });

  it('trino: Hive external table, then partition sync', () => {
    const s = ddl('trino', '--location', 's3://archive/stores/sample');
    expect(s).toMatch(/"eventTime" timestamp\(3\)/);
    expect(s).toMatch(/"userIdentity" row\("type" varchar, "principalId" varchar/);
    expect(s).toMatch(/"region" varchar,\n  "date" varchar\n\)/);
    expect(s).toContain("partitioned_by = ARRAY['region', 'date']");
    expect(s).toContain("CALL hive.system.sync_partition_metadata('default', 'sample', 'ADD');");
  });

  it('spark: partitioned Parquet table, then partition repair', () => {
    const s = ddl('spark', '--table', 'ct_archive');
    expect(s).toContain('CREATE TABLE ct_archive (');
    expect(s).toContain('`readOnly` BOOLEAN');
    expect(s).toContain('PARTITIONED BY (region, `date`)');
    expect(s).toMatch(/LOCATION 'file:\/\/.*\/stores\/sample';/);
    expect(s).toContain('MSCK REPAIR TABLE ct_archive;');
  });

  it('refuses an unknown engine', () => {
    expect(cli(['--home', home, 'ddl', '--store', 'sample', '--engine', 'oracle']).stderr).toBe('traillake: --engine must be one of duckdb, athena, trino, spark, got oracle\n');
  });
});
