// `traillake export --format cloudtrail --out DIR`: gzipped {"Records":[...]}
// files in the S3 layout that re-ingest into a store holding the very same records.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers.js';

describe('export --format cloudtrail', () => {
  it('writes the S3 layout, and re-ingesting it is lossless', () => {
    const home = tempDir(), out = tempDir();
    const run = (...a: string[]) => cli(['--home', home, ...a]);
    expect(run('ingest', join(ROOT, 'data/sample'), '--store', 'orig', '--quiet', '--now', '2024-07-03T00:00:00Z').status).toBe(0);
    const e = run('export', '--store', 'orig', '--format', 'cloudtrail', '--out', out);
    expect(e.status, e.stderr).toBe(0);
    expect(e.stderr).toMatch(/^wrote 1,200 records in \d+ files under /);
    const files = readdirSync(out, { recursive: true, withFileTypes: true }).filter((x) => x.isFile()).map((x) => relative(out, join(x.parentPath, x.name)));
    expect(files.length).toBeGreaterThan(0);
    let records = 0;
    for (const f of files) {
      const m = /^AWSLogs\/(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d\d)\/(\d\d)\/\1_CloudTrail_\2_\3\4\5T0000Z_traillake\d{6}\.json\.gz$/.exec(f);
      expect(m, f).not.toBeNull();
      const doc = JSON.parse(gunzipSync(readFileSync(join(out, f))).toString('utf8')) as { Records: { recipientAccountId: string; awsRegion: string; eventTime: string }[] };
      for (const r of doc.Records) {
        expect([r.recipientAccountId, r.awsRegion, r.eventTime.slice(0, 10)]).toEqual([m![1], m![2], `${m![3]}-${m![4]}-${m![5]}`]);
      }
      records += doc.Records.length;
    }
    expect(records).toBe(1200);
    const i = run('ingest', out, '--store', 'copy', '--json', '--now', '2024-07-03T00:00:00Z');
    expect(i.status, i.stderr).toBe(0);
    expect(JSON.parse(i.stdout).events).toMatchObject({ stored: 1200, duplicates: 0, rejected: 0 });
    const dump = (s: string) => run('export', '--store', s).stdout.trim().split('\n').sort();
    expect(dump('copy')).toEqual(dump('orig'));
    expect(run('export', '--store', 'orig', '--format', 'cloudtrail').stderr).toBe('traillake: --out DIR goes with --format cloudtrail (and only with it)\n');
  });
});
