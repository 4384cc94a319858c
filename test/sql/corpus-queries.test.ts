// The public query collections (../shared/corpus/queries): every query that
// applies to CloudTrail events parses, plans and runs against a store built
// from the real corpus, with placeholders mapped to that store. The ones that
// cannot apply are listed below with the reason. Answers are checked against
// DuckDB in test/sql/corpus-oracle.test.ts; here the bar is "runs, no error".

import { beforeAll, describe, expect, it } from 'vitest';
import { runQuery } from '../../src/exec/query.js';
import { HAVE_CORPUS, REAL, cli, tempDir } from '../helpers.js';
import { allQueries as all, inScopeQueries as inScope, mapPlaceholders, OUT_OF_SCOPE } from './corpus.js';

describe.skipIf(!HAVE_CORPUS)('public CloudTrail query collections', () => {
  let home = '';
  beforeAll(() => {
    home = tempDir();
    const r = cli(['--home', home, 'ingest', REAL, '--store', 'corpus', '--quiet']);
    expect([0, 2]).toContain(r.status);
  });

  it('lists a reason for every query it leaves out', () => {
    const listed = all.filter((q) => OUT_OF_SCOPE[q.id]).length;
    expect(inScope.length + listed).toBe(all.length);
    expect(inScope.length).toBeGreaterThanOrEqual(108);
  });

  it.each(inScope.map((q) => [q.id, q.sql] as const))('%s runs', async (_id, sql) => {
    const r = await runQuery(mapPlaceholders(sql), { home, threads: 0 });
    expect(r.columns.length).toBeGreaterThan(0);
    expect(r.rows.columns.length).toBe(r.columns.length);
  });
});
