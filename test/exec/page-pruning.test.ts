// Page pruning through the Parquet page index. data/sample is ingested twice:
// with the default layout, and with tiny pages (16 rows) and row groups (128
// rows) so that every chunk has many pages. The page index must describe the
// pages exactly (offsets, first rows, min/max/null counts against the decoded
// values); queries must give the same answers on both stores while the tiny-page
// store reads fewer pages, counted in --stats and EXPLAIN; and a file without
// a page index (older files) must still be read right when rows are asked for.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createScanPool, runInline, type ScanPool } from '../../src/exec/pool.js';
import { runQuery } from '../../src/exec/query.js';
import { readPageIndex } from '../../src/store/page-index.js';
import { openParquet, type PqReader } from '../../src/store/parquet-lib.js';
import { readChunkValues } from '../../src/store/parquet-read.js';
import { compareValues } from '../../src/exec/eval.js';
import { cli, ROOT, tempDir, withEnv } from '../helpers.js';

const home = tempDir();
const TINY = JSON.stringify({ layout: { pageRows: 16, otherPageRows: 16, rowGroupRows: 128 } });

function parquetFiles(d: string): string[] {
  return readdirSync(d).flatMap((e) => {
    const p = join(d, e);
    return statSync(p).isDirectory() ? parquetFiles(p) : p.endsWith('.parquet') ? [p] : [];
  });
}

beforeAll(() => {
  const bytes = JSON.stringify({ layout: { pageBytes: 400, idPageBytes: 400 } });
  for (const [store, env] of [['sample', {}], ['paged', { TRAILLAKE_TUNING: TINY }], ['narrow', { TRAILLAKE_TUNING: bytes }]] as const) {
    const r = cli(['--home', home, 'ingest', join(ROOT, 'data/sample'), '--store', store, '--quiet', '--now', '2024-07-03T00:00:00Z'], { env });
    expect(r.status, r.stderr).toBe(0);
  }
});

const chunkOf = (reader: PqReader, g: number, path: string) =>
  reader.metadata.row_groups[g].columns.find((c: { meta_data: { path_in_schema: string[] } }) => c.meta_data.path_in_schema.join('.') === path);

describe('the page index the writer stores', () => {
  it('gives each page its first row and the min/max/null count of its values', async () => {
    let pagesSeen = 0;
    for (const file of parquetFiles(join(home, 'stores/paged'))) {
      const reader = await openParquet(file);
      for (let g = 0; g < reader.metadata.row_groups.length; g++) {
        const rows = Number(reader.metadata.row_groups[g].num_rows);
        for (const path of ['eventName', 'eventTime', 'errorCode', 'userIdentity.accountId', 'readOnly']) {
          const index = (await readPageIndex(reader, chunkOf(reader, g, path), rows))!;
          expect(index, `${file} ${g} ${path}`).not.toBeNull();
          expect(index.firstRows[0]).toBe(0);
          expect(index.firstRows.length).toBe(Math.ceil(rows / 16));
          const { values } = await readChunkValues(reader, g, path, rows);
          index.firstRows.forEach((from, i) => {
            const to = index.firstRows[i + 1] ?? rows;
            const page = values.slice(from, to).filter((v) => v !== null);
            const st = index.stats![i]!;
            expect(st.allNull, `${file} ${g} ${path} page ${i}`).toBe(page.length === 0);
            expect(st.noNulls).toBe(page.length === to - from);
            if (page.length) {
              const sorted = [...page].sort(compareValues);
              expect(st.min).toEqual(sorted[0]);
              expect(st.max).toEqual(sorted.at(-1));
            }
            pagesSeen++;
          });
        }
      }
    }
    expect(pagesSeen).toBeGreaterThan(300);
  });

  it('ends a page of a PLAIN string chunk before pageBytes of values, and counts rows for the others', async () => {
    for (const file of parquetFiles(join(home, 'stores/narrow'))) {
      const reader = await openParquet(file);
      const rows = Number(reader.metadata.row_groups[0].num_rows);
      const ids = (await readPageIndex(reader, chunkOf(reader, 0, 'eventID'), rows))!;
      // eventIDs are 36-byte UUIDs: 4 + 36 bytes each, so at most 10 a page.
      ids.firstRows.forEach((from, i) => expect((ids.firstRows[i + 1] ?? rows) - from).toBeLessThanOrEqual(10));
      expect(ids.firstRows.length).toBeGreaterThanOrEqual(Math.ceil(rows / 10));
      const times = (await readPageIndex(reader, chunkOf(reader, 0, 'eventTime'), rows))!;
      expect(times.firstRows.length).toBe(Math.ceil(rows / 1024));
      const { values } = await readChunkValues(reader, 0, 'eventID', rows);
      expect(values.every((v) => typeof v === 'string' && v.length === 36)).toBe(true);
    }
    // By default the ID columns' pages end at 4 KiB of values (102 UUIDs), the other strings' at 16 KiB.
    for (const file of parquetFiles(join(home, 'stores/sample'))) {
      const reader = await openParquet(file);
      const rows = Number(reader.metadata.row_groups[0].num_rows);
      for (const [path, most] of [['eventID', 102], ['requestID', 102]] as const) {
        const index = (await readPageIndex(reader, chunkOf(reader, 0, path), rows))!;
        index.firstRows.forEach((from, i) => expect((index.firstRows[i + 1] ?? rows) - from).toBeLessThanOrEqual(most));
        if (rows > 200) expect(index.firstRows.length).toBeGreaterThanOrEqual(Math.ceil(rows / most));
      }
    }
  });

  it('is also readable by parquetjs-lite (offsets point at page headers)', async () => {
    const file = parquetFiles(join(home, 'stores/paged'))[0]!;
    const reader = await openParquet(file);
    const chunk = chunkOf(reader, 0, 'eventID');
    const index = (await readPageIndex(reader, chunk, Number(reader.metadata.row_groups[0].num_rows)))!;
    const header = await reader.envelopeReader.read(index.offsets[1]!, index.sizes[1]!);
    // A thrift PageHeader starts with field 1 (type, i32): 0x15, then DATA_PAGE (0) zig-zag encoded.
    expect([header[0], header[1]]).toEqual([0x15, 0x00]);
  });
});

describe('page pruning', () => {
  const queries = [
    `SELECT eventID, eventTime, userIdentity.arn FROM $T WHERE eventName = 'AssumeRole'`,
    `SELECT eventID FROM $T WHERE eventName IN ('GetObject', 'PutObject') AND eventTime >= '2024-07-02 00:00:00'`,
    `SELECT eventName, count(*), max(sourceIPAddress) FROM $T WHERE eventName LIKE 'Describe%' GROUP BY eventName`,
    `SELECT eventID FROM $T WHERE eventName = 'ConsoleLogin' AND errorCode IS NOT NULL`,
    `SELECT eventID, eventName FROM $T WHERE eventName > 'Z' OR eventName < 'B'`,
    `SELECT eventTime, eventID FROM $T WHERE eventName = 'Decrypt' ORDER BY eventTime DESC, eventID LIMIT 5`,
  ];
  const sorted = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();
  const run = async (sql: string, store: string) => {
    const r = await runQuery(sql.replaceAll('$T', store), { home, threads: 0 });
    const { columns, length } = r.rows;
    return { rows: Array.from({ length }, (_, i) => columns.map((c) => c[i])), stats: r.stats };
  };

  for (const sql of queries) {
    it(`same answer, fewer pages: ${sql}`, async () => {
      const full = await run(sql, 'sample');
      const paged = await run(sql, 'paged');
      expect(sorted(paged.rows)).toEqual(sorted(full.rows));
      expect(paged.stats.pagesScanned).toBeLessThan(paged.stats.pagesTotal);
      expect(paged.stats.eventsScanned).toBeLessThan(1200);
    });
  }

  it('gives the same answers through the worker pool (rows as Arrow IPC, packed tasks, partial aggregates, top-N)', () => withEnv('TRAILLAKE_INLINE_ROWS', '0', async () => {
    const pool = createScanPool(2);
    try {
      const more = [
        `SELECT * FROM $T WHERE eventName <> 'GetObject'`,
        `SELECT eventID, requestParameters, readOnly, eventTime FROM $T WHERE errorCode IS NOT NULL`,
        `SELECT eventTime, eventID, userIdentity.arn FROM $T ORDER BY eventTime DESC, eventID LIMIT 7`,
      ];
      for (const sql of [...queries, ...more]) {
        const inline = await run(sql, 'paged');
        const r = await runQuery(sql.replaceAll('$T', 'paged'), { home, pool });
        const rows = Array.from({ length: r.rows.length }, (_, i) => r.rows.columns.map((c) => c[i]));
        expect(sorted(rows), sql).toEqual(sorted(inline.rows));
        expect(r.stats.pagesScanned, sql).toBe(inline.stats.pagesScanned);
      }
      expect(pool.started).toBe(true);
    } finally {
      await pool.close();
    }
  }));

  it('reads only the pages that hold the rows of a needle, and EXPLAIN says how many', async () => {
    const sql = `SELECT eventID, userAgent FROM $T WHERE eventName = 'CreateUser'`;
    const r = await run(sql, 'paged');
    expect(r.rows.length).toBeGreaterThan(0);
    // Filter column pages plus, per matching row, at most one page of each other column.
    expect(r.stats.pagesScanned).toBeLessThanOrEqual(r.stats.rowGroupsScanned * 3 + r.rows.length * 2);
    const explain = cli(['--home', home, 'explain', sql.replace('$T', 'paged')]);
    expect(explain.status, explain.stderr).toBe(0);
    const m = /pages of the filter's columns: (\d+)\/(\d+)/.exec(explain.stdout);
    expect(m, explain.stdout).not.toBeNull();
    expect(Number(m![1])).toBeLessThan(Number(m![2]));
  });

  it('runs a scan that pruning leaves small on the main thread, a warm pool or not, and EXPLAIN says so', async () => {
    const used: string[] = [];
    const pool: ScanPool = { started: true, warm() {}, async close() {}, run: (t) => { used.push(t.file); return runInline(t); } };
    const sql = (t: string) => `SELECT eventName, count(*) AS n FROM ${t} WHERE eventName IN ('CreateUser', 'AssumeRole') GROUP BY eventName`;
    const small = await runQuery(sql('paged'), { home, pool });
    expect(used).toEqual([]);
    const explain = cli(['--home', home, 'explain', sql('paged')]);
    // The rows EXPLAIN expects to decode are those the scan reads: the filter's candidates after page pruning.
    expect(explain.stdout).toContain(`runs on the main thread: at most ${small.stats.eventsScanned.toLocaleString('en-US')} rows to decode after pruning`);
    expect(small.stats.eventsScanned).toBeLessThan(1200);
    const forced = await withEnv('TRAILLAKE_INLINE_ROWS', '0', () => runQuery(sql('paged'), { home, pool }));
    expect(used.length).toBeGreaterThan(0);
    expect(forced.rows).toEqual(small.rows);
    const over = cli(['--home', home, 'explain', sql('paged')], { env: { TRAILLAKE_INLINE_ROWS: '10' } });
    expect(over.stdout).toContain(`runs on the worker pool: at most ${small.stats.eventsScanned.toLocaleString('en-US')} rows`);
    const bad = cli(['--home', home, 'query', sql('paged')], { env: { TRAILLAKE_INLINE_ROWS: 'lots' } });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/TRAILLAKE_INLINE_ROWS must be a whole number of rows, got 'lots'/);
    expect(bad.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('reads a later filter step\'s column only where the earlier steps leave rows', async () => {
    // userAgent (no page statistics) is tested first, as an equality; eventTime's pages are then read
    // only where its 38 rows are, not in every page the (always true) time range keeps.
    const agent = `userAgent = 'ec2.amazonaws.com'`;
    const alone = await run(`SELECT count(*) FROM $T WHERE ${agent}`, 'paged');
    const both = await run(`SELECT count(*) FROM $T WHERE ${agent} AND eventTime >= '2000-01-01 00:00:00'`, 'paged');
    expect(both.rows).toEqual([[38]]);
    expect(alone.rows).toEqual([[38]]);
    expect(both.stats.pagesScanned - alone.stats.pagesScanned).toBeLessThanOrEqual(38);
    const pagesOfTime = both.stats.eventsScanned / 16; // what reading eventTime in every kept page would cost
    expect(both.stats.pagesScanned - alone.stats.pagesScanned).toBeLessThan(pagesOfTime / 2);
  });

  it('reads a top-N\'s later keys only for the rows its first key does not rule out', async () => {
    const one = await run(`SELECT eventTime FROM $T ORDER BY eventTime DESC LIMIT 5`, 'paged');
    const two = await run(`SELECT eventTime FROM $T ORDER BY eventTime DESC, eventID DESC LIMIT 5`, 'paged');
    expect(two.rows.map((r) => r[0])).toEqual(one.rows.map((r) => r[0]));
    // eventID for the candidates only: a few pages per row group, not its 1,200 rows' 75 pages.
    expect(two.stats.pagesScanned - one.stats.pagesScanned).toBeLessThan(2 * 5 * two.stats.rowGroupsScanned + 10);
    expect(two.stats.pagesScanned - one.stats.pagesScanned).toBeLessThan(1200 / 16 / 2);
  });

  it('counts pages in --stats', () => {
    const r = cli(['--home', home, 'query', `SELECT count(*) FROM paged WHERE eventName = 'CreateUser'`, '--stats']);
    expect(r.status, r.stderr).toBe(0);
    const stats = JSON.parse(r.stderr.trim().split('\n').at(-1)!);
    expect(stats.pagesScanned).toBeGreaterThan(0);
    expect(stats.pagesScanned).toBeLessThan(stats.pagesTotal);
  });

  it('reads a file without a page index right when only some rows are needed', async () => {
    const file = parquetFiles(join(home, 'stores/paged'))[0]!;
    const reader = await openParquet(file);
    const rows = Number(reader.metadata.row_groups[0].num_rows);
    // The same footer without the index locations, as files written before it have.
    const strip = (c: object) => ({ ...c, offset_index_offset: null, offset_index_length: null, column_index_offset: null, column_index_length: null });
    const metadata = { ...reader.metadata, row_groups: [{ ...reader.metadata.row_groups[0], columns: reader.metadata.row_groups[0].columns.map(strip) }] };
    const old = { ...reader, metadata };
    const need = [20, 40, 100, 101];
    for (const path of ['eventID', 'eventName', 'eventTime', 'userIdentity.sessionContext.attributes.mfaAuthenticated']) {
      const all = (await readChunkValues(reader, 0, path, rows)).values;
      const counts = { total: 0, read: 0 };
      const some = await readChunkValues(old, 0, path, rows, rows, 'values', need, counts);
      const withIndex = await readChunkValues(reader, 0, path, rows, rows, 'values', need);
      for (let r = 20; r < 40; r++) expect(some.values[r]).toEqual(all[r]);
      expect(some.values[100]).toEqual(all[100]);
      expect(withIndex.values.slice(20, 40)).toEqual(all.slice(20, 40));
      expect(withIndex.values[100]).toEqual(all[100]);
      expect(counts.total).toBe(Math.ceil(rows / 16));
      expect(counts.read).toBe(3); // rows 20-39 span pages 1 and 2; row 100 is in page 6
    }
  });
});
