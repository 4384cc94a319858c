// `traillake query --timeout`: a scan is cancelled between its tasks, on the
// main thread (where a one-off query runs a store this small) and on the
// workers alike, with a message that names the timeout and no stack trace.
// Each scan task is stalled (TRAILLAKE_STALL) so that the whole scan would take
// several times the limit.

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers.js';

const home = tempDir();
// Row groups of 32 rows: the sample's 1,200 events make 4 scan tasks of 8 or more row groups.
const TINY = JSON.stringify({ layout: { pageRows: 16, otherPageRows: 16, rowGroupRows: 32 } });
const SQL = 'SELECT count(eventID) AS n FROM paged';
const STALL_MS = 2000;

beforeAll(() => {
  const r = cli(['--home', home, 'ingest', join(ROOT, 'data/sample'), '--store', 'paged', '--quiet'], { env: { TRAILLAKE_TUNING: TINY } });
  expect(r.status, r.stderr).toBe(0);
});

describe('query --timeout', () => {
  it('the scan has several tasks, and runs on the main thread by default', () => {
    const r = cli(['--home', home, 'explain', SQL]);
    expect(r.stdout).toMatch(/runs on the main thread/);
    const stats = cli(['--home', home, 'query', SQL, '--stats']);
    expect(JSON.parse(stats.stderr.trim().split('\n').at(-1)!).rowGroupsScanned).toBeGreaterThan(24); // 4 tasks of 8 or more
  });

  for (const [where, env] of [['the main thread', {}], ['the workers', { TRAILLAKE_INLINE_ROWS: '0' }]] as const) {
    it(`cancels a scan on ${where} once the time is up`, () => {
      const t0 = Date.now();
      const r = cli(['--home', home, 'query', SQL, '--timeout', '0.5'], { env: { ...env, TRAILLAKE_STALL: `scan:task=${STALL_MS}` } });
      const ms = Date.now() - t0;
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/query cancelled after --timeout 0\.5 s/);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
      expect(r.stdout).toBe('');
      // Uncancelled: 4 stalled tasks, at least 2 after each other even on two workers (8 s inline).
      // Cancelled: the task running when the time is up ends (inline) or is stopped (workers).
      expect(ms).toBeLessThan(STALL_MS + 1500);
    });
  }
});
