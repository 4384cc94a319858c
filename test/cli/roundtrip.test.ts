// Ingest each real corpus file into a store, then check: export gives back every
// storable record exactly (field by field), and DuckDB reading the store's files
// in place sees the same events and values.

import { DuckDBInstance } from '@duckdb/node-api';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, corpusFiles, HAVE_CORPUS, oracleTime, storableOracle, tempDir } from '../helpers.js';

describe.skipIf(!HAVE_CORPUS)('corpus round trip', () => {
  const home = tempDir();
  const stores: { file: string; store: string; expected: Record<string, unknown>[] }[] = [];

  beforeAll(() => {
    corpusFiles().forEach((file, i) => {
      const store = `c${i}-${basename(file).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 60)}`;
      // Ten-year retention judged from 2024 keeps the 2015 events of the corpus.
      expect(cli(['--home', home, 'store', 'create', store, '--retention-days', '3653']).status).toBe(0);
      const r = cli(['--home', home, 'ingest', file, '--store', store, '--now', '2024-01-01T00:00:00Z', '--threads', '0']);
      expect([0, 2], r.stderr).toContain(r.status);
      // Idempotency by eventID keeps the first record of each eventID at the same
      // eventTime (to the millisecond) in the same awsRegion: CloudTrail's copies.
      const seen = new Set<string>();
      const expected = storableOracle(file).filter((rec) => {
        if (rec.eventID === undefined) return true;
        const key = JSON.stringify([rec.eventID, rec.awsRegion, oracleTime(rec.eventTime as string)]);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      stores.push({ file, store, expected });
    });
  });

  it('export returns every stored record exactly as ingested', () => {
    let total = 0;
    for (const { file, store, expected } of stores) {
      const r = cli(['--home', home, 'export', '--store', store]);
      expect(r.status, r.stderr).toBe(0);
      const got = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(got.length, file).toBe(expected.length);
      // Same multiset of records, compared deeply and independently of key order.
      const canon = (x: unknown) => JSON.stringify(sortDeep(x));
      expect(got.map(canon).sort(), file).toStrictEqual(expected.map(canon).sort());
      total += got.length;
    }
    expect(total).toBeGreaterThan(500);
  });

  it('export --format json prints one array', () => {
    const { store, expected } = stores.find((s) => s.expected.length > 3)!;
    const r = cli(['--home', home, 'export', '--store', store, '--format', 'json']);
    expect(JSON.parse(r.stdout)).toHaveLength(expected.length);
  });

  it('DuckDB reads the store in place with the same count and values', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    for (const { file, store, expected } of stores) {
      if (!expected.length) continue;
      const glob = join(home, 'stores', store, '**/*.parquet');
      const reader = await con.runAndReadAll(
        `SELECT eventID, eventName, epoch_ms(eventTime) AS t, awsRegion, region, CAST(date AS VARCHAR) AS date, readOnly,
                userIdentity.arn AS arn, userIdentity.sessionContext.sessionIssuer.arn AS issuer, requestParameters
         FROM read_parquet('${glob}', hive_partitioning = true)`,
      );
      const rows = reader.getRowObjectsJS();
      expect(rows.length, file).toBe(expected.length);
      const byId = new Map(rows.map((r) => [`${r.eventID}|${r.t}|${r.awsRegion}`, r]));
      for (const e of expected) {
        if (e.eventID === undefined) continue;
        const row = byId.get(`${e.eventID}|${oracleTime(e.eventTime as string)}|${typeof e.awsRegion === 'string' ? e.awsRegion : null}`)!;
        expect(row, `${file} ${e.eventID}`).toBeDefined();
        const ui = e.userIdentity as Record<string, any> | undefined;
        expect(row.eventName).toBe(typeof e.eventName === 'string' ? e.eventName : null);
        expect(row.awsRegion).toBe(typeof e.awsRegion === 'string' ? e.awsRegion : null);
        expect(row.region).toBe(typeof e.awsRegion === 'string' ? e.awsRegion : '__HIVE_DEFAULT_PARTITION__');
        expect(String(row.date)).toBe(new Date(Number(row.t)).toISOString().slice(0, 10));
        expect(row.readOnly).toBe(typeof e.readOnly === 'boolean' ? e.readOnly : null);
        expect(row.arn).toBe(typeof ui?.arn === 'string' ? ui.arn : null);
        expect(row.issuer).toBe(typeof ui?.sessionContext?.sessionIssuer?.arn === 'string' ? ui.sessionContext.sessionIssuer.arn : null);
        const rp = e.requestParameters;
        expect(row.requestParameters === null ? null : JSON.parse(row.requestParameters as string)).toStrictEqual(rp === undefined ? null : rp);
      }
    }
    con.closeSync();
  });
});

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep((v as Record<string, unknown>)[k])]));
  return v;
}
