// Planner tests: golden plan text after the optimizer rules, pruning counted
// at every level on the sample store, and user errors (syntax with caret,
// unknown names with "did you mean", type errors) as clear messages.

import { beforeAll, describe, expect, it } from 'vitest';
import { explainQuery, runQuery } from '../../src/exec/query.js';
import { cli, ROOT, tempDir } from '../helpers.js';
import { join } from 'node:path';

let home = '';
beforeAll(() => {
  home = tempDir();
  const r = cli(['--home', home, 'ingest', join(ROOT, 'data/sample'), '--store', 'demo', '--quiet']);
  expect(r.status).toBe(0);
});

const optimized = async (sql: string) => {
  const text = await explainQuery(sql, { home });
  return text.slice(text.indexOf('Optimized plan'), text.indexOf('Physical plan')).trim();
};

describe('optimizer rules (golden plans)', () => {
  it('pushes filters into the scan and reads only the columns used', async () => {
    expect(await optimized("SELECT eventName FROM demo WHERE eventName = 'ConsoleLogin' AND eventTime > '2024-07-02 00:00:00'")).toBe([
      'Optimized plan (rules applied: filter_pushdown, projection_pruning):',
      '  Project: eventName',
      "    Scan: demo columns=[eventTime, eventName] filters=[eventName = 'ConsoleLogin', eventTime > TIMESTAMP '2024-07-02 00:00:00']",
    ].join('\n'));
  });

  it('turns ORDER BY + LIMIT into top-N and folds constants', async () => {
    expect(await optimized("SELECT eventName, count(*) AS n FROM demo WHERE eventTime > TIMESTAMP '2024-07-03 00:00:00' - INTERVAL '1' DAY GROUP BY 1 ORDER BY n DESC LIMIT 3")).toBe([
      'Optimized plan (rules applied: constant_folding, filter_pushdown, limit_pushdown, projection_pruning):',
      '  TopN: 3 by n DESC NULLS LAST',
      '    Project: _g0 AS eventName, _a0 AS n',
      '      Aggregate: groupBy=[eventName AS _g0] aggs=[count(*) AS _a0]',
      "        Scan: demo columns=[eventTime, eventName] filters=[eventTime > TIMESTAMP '2024-07-02 00:00:00']",
    ].join('\n'));
  });
});

describe('pruning is counted at every level', () => {
  it('skips partitions, files and row groups the filter rules out, and finds the same rows', async () => {
    const sql = "SELECT count(*) FROM demo WHERE eventName = 'ConsoleLogin' AND eventTime >= '2024-07-02T12:00:00Z'";
    const pruned = await runQuery(sql, { home, threads: 0 });
    const full = await runQuery(sql, { home, threads: 0, skipRules: new Set(['filter_pushdown']) });
    expect(pruned.rows.columns[0]).toEqual(full.rows.columns[0]);
    expect(pruned.stats.filesScanned).toBeLessThan(pruned.stats.filesTotal);
    expect(pruned.stats.rowGroupsScanned).toBeLessThan(full.stats.rowGroupsScanned);
    expect(pruned.stats.partitionsScanned).toBeLessThan(pruned.stats.partitionsTotal);
    expect(full.stats.eventsScanned).toBe(1200);
    expect(pruned.stats.eventsScanned).toBeLessThan(1200);
    const text = await explainQuery(sql, { home });
    expect(text).toMatch(/partitions: \d+\/4 {2}files: \d+\/4 {2}row groups: \d+\/4/);
  });
});

describe('top-N and LIMIT in the workers', () => {
  const rows = async (sql: string, skip: string[] = []) => (await runQuery(sql, { home, threads: 0, skipRules: new Set(skip) }));
  it('gives the rows a full sort gives, reading the winners only and skipping files that cannot win', async () => {
    for (const sql of [
      'SELECT eventTime, eventID FROM demo ORDER BY eventTime DESC, eventID LIMIT 7',
      'SELECT * FROM demo ORDER BY eventTime, eventID LIMIT 5 OFFSET 3',
      "SELECT eventName, upper(eventSource) AS s, eventID FROM demo WHERE errorCode IS NOT NULL ORDER BY s DESC, eventID LIMIT 4",
      'SELECT userIdentity.userName AS u, eventID FROM demo ORDER BY u NULLS FIRST, eventID LIMIT 6',
      'SELECT eventID FROM demo ORDER BY eventTime DESC, eventID LIMIT 0',
      "SELECT eventID FROM demo WHERE eventName = 'Nope' ORDER BY eventTime LIMIT 3",
    ]) {
      const fast = await rows(sql), full = await rows(sql, ['limit_pushdown']);
      expect(fast.rows, sql).toEqual(full.rows);
    }
    const latest = await rows('SELECT eventID FROM demo ORDER BY eventTime DESC LIMIT 3');
    expect(latest.stats.rowGroupsScanned).toBeLessThan(latest.stats.rowGroupsTotal);
  });

  it('a LIMIT without ORDER BY reads one row group when that is enough', async () => {
    const r = await rows('SELECT * FROM demo LIMIT 3');
    expect(r.rows.length).toBe(3);
    expect(r.stats.rowGroupsScanned).toBe(1);
  });
});

describe("Athena's partition columns", () => {
  it('date_partition comparisons imply an eventTime range that prunes, without changing the answer', async () => {
    expect(await optimized("SELECT count(*) AS n FROM demo WHERE date_partition >= '2024/07/02' AND region_partition = 'us-east-1'")).toBe([
      'Optimized plan (rules applied: filter_pushdown, partition_date_range, projection_pruning):',
      '  Project: _a0 AS n',
      '    Aggregate: groupBy=[] aggs=[count(*) AS _a0]',
      "      Scan: demo columns=[eventTime, awsRegion] filters=[date_format(eventTime, '%Y/%m/%d') >= '2024/07/02', awsRegion = 'us-east-1', eventTime >= TIMESTAMP '2024-07-02 00:00:00']",
    ].join('\n'));
    for (const [cmp, day] of [['=', '2024/07/01'], ['<', '2024/07/02'], ['<=', '2024/07/01'], ['>', '2024/07/01'], ['>=', '2024/07/03'], ['=', '2024/02/30']] as const) {
      const sql = `SELECT count(*) FROM demo WHERE date_partition ${cmp} '${day}'`;
      const pruned = await runQuery(sql, { home, threads: 0 });
      const full = await runQuery(sql, { home, threads: 0, skipRules: new Set(['partition_date_range']) });
      expect(pruned.rows.columns[0], sql).toEqual(full.rows.columns[0]);
      if (day !== '2024/02/30') expect(pruned.stats.partitionsScanned, sql).toBeLessThan(full.stats.partitionsScanned);
    }
  });
});

describe('errors name the problem', () => {
  const err = async (sql: string) => {
    try { await runQuery(sql, { home, threads: 0 }); } catch (e) { return (e as Error).message; }
    return 'no error';
  };
  it('syntax errors give line, column and a caret', async () => {
    const m = await err('SELECT eventName\nFROM demo WHERE eventName = = 1');
    expect(m).toMatch(/^syntax error at line 2, column \d+/);
    expect(m).toContain('^');
  });
  it('unknown columns, stores and functions suggest the closest name', async () => {
    expect(await err('SELECT eventNme FROM demo')).toBe("unknown column 'eventNme' (did you mean 'eventName'?)");
    expect(await err('SELECT 1 FROM dmeo')).toBe("unknown store 'dmeo' (did you mean 'demo'?)");
    expect(await err('SELECT lowr(eventName) FROM demo')).toMatch(/^unknown function 'lowr' \(did you mean 'lower'\?\)/);
  });
  it('type errors say which expression', async () => {
    expect(await err('SELECT eventName + 1 FROM demo')).toMatch(/type error in eventName \+ 1/);
    expect(await err("SELECT 1 FROM demo WHERE eventTime > 'yesterday'")).toMatch(/'yesterday' is not a valid timestamp/);
    expect(await err('SELECT eventName, count(*) FROM demo')).toMatch(/'eventName' in the select list .* must appear in GROUP BY/);
  });
  it('LIMIT and OFFSET take whole numbers of rows (LIMIT ALL is no limit)', async () => {
    expect(await err('SELECT eventName FROM demo LIMIT 2.5')).toBe('LIMIT must be a whole number of rows, got 2.5');
    expect(await err('SELECT eventName FROM demo LIMIT 2 OFFSET 1.5')).toBe('OFFSET must be a whole number of rows, got 1.5');
    expect((await runQuery('SELECT eventName FROM demo LIMIT ALL', { home, threads: 0 })).rows.length).toBe(1200);
  });
});
