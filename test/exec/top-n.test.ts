// Top-N pushed into the scan (ORDER BY ... LIMIT over a scan, or projections of
// one): the same rows as a full sort (the limit_pushdown rule skipped), in
// order, and by eventTime it reads only the files that can hold the top rows;
// kthValue, the cut that lets a scan read later keys only for rows that can win.

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runQuery } from '../../src/exec/query.js';
import { kthValue } from '../../src/exec/sort-keys.js';
import { generateArchive } from '../../src/gen/generator.js';
import { cli, ROOT, tempDir } from '../helpers.js';

let home = '';
beforeAll(() => {
  home = tempDir();
  const r = cli(['--home', home, 'ingest', join(ROOT, 'data/sample'), '--store', 'demo', '--quiet']);
  expect(r.status, r.stderr).toBe(0);
});

const run = async (sql: string, skip?: string, at = home) => {
  const r = await runQuery(sql, { home: at, threads: 0, skipRules: skip ? new Set([skip]) : undefined });
  return { rows: Array.from({ length: r.rows.length }, (_, i) => r.rows.columns.map((c) => c[i])), stats: r.stats };
};

describe('top-N in the scan', () => {
  for (const sql of [
    'SELECT eventTime, eventName, eventID FROM demo ORDER BY eventTime DESC, eventID DESC LIMIT 25',
    'SELECT eventID, eventTime AS t FROM demo ORDER BY t ASC, eventID LIMIT 7 OFFSET 3',
    "SELECT eventName, eventID FROM demo WHERE eventSource = 'iam.amazonaws.com' ORDER BY eventName DESC, eventID LIMIT 10",
    'SELECT upper(eventName) AS n, eventID FROM demo ORDER BY n, eventID DESC LIMIT 12',
    'SELECT * FROM demo ORDER BY eventTime DESC, eventID LIMIT 5',
    'SELECT eventID FROM demo ORDER BY errorCode NULLS FIRST, eventID LIMIT 5',
  ]) {
    it(`gives the full sort's rows: ${sql}`, async () => {
      const pushed = await run(sql), full = await run(sql, 'limit_pushdown');
      expect(pushed.rows.length).toBeGreaterThan(0);
      expect(pushed.rows).toEqual(full.rows);
    });
  }

  it('reads only the files that can hold the newest (or oldest) rows', async () => {
    // 2 regions x 6 days: 12 files; the newest rows are all in the last day's 2.
    const archive = tempDir(), many = tempDir();
    generateArchive({ out: archive, events: 6000, days: 6, seed: 3, accounts: 1, regions: ['us-east-1', 'eu-west-1'] });
    expect(cli(['--home', many, 'ingest', archive, '--store', 'days', '--quiet']).status).toBe(0);
    for (const dir of ['DESC', 'ASC']) {
      const sql = `SELECT eventTime, eventID FROM days ORDER BY eventTime ${dir}, eventID LIMIT 10`;
      const pushed = await run(sql, undefined, many), full = await run(sql, 'limit_pushdown', many);
      expect(pushed.rows).toEqual(full.rows);
      expect(pushed.stats.eventsScanned).toBeLessThan(full.stats.eventsScanned / 2);
    }
  });
});

describe('kthValue', () => {
  const key = (desc: boolean, nullsFirst: boolean) => ({ expr: { kind: 'literal', value: null, type: 'bigint' } as never, desc, nullsFirst });
  it('is the k-th value in the key\'s order, over both lists, NULLs placed per the key', () => {
    const xs = [5, null, 3, 9, 3, 1, null, 7];
    const order = (desc: boolean, nullsFirst: boolean) => {
      const sorted = [...xs, 4, 8].sort((a, b) => (a === null || b === null ? (a === b ? 0 : (a === null) === nullsFirst ? -1 : 1) : desc ? b - a : a - b));
      return sorted;
    };
    for (const desc of [false, true]) for (const nullsFirst of [false, true]) {
      const want = order(desc, nullsFirst);
      for (let k = 1; k <= want.length; k++) expect(kthValue(key(desc, nullsFirst), xs, [4, 8], k), `k ${k} desc ${desc} nulls first ${nullsFirst}`).toBe(want[k - 1]);
      expect(kthValue(key(desc, nullsFirst), xs, [4, 8], want.length + 1)).toBeUndefined();
    }
  });
});
