// `traillake ingest` as users run it: exit codes, messages, idempotency,
// selectors, retention, stdin, --on-error, the writer lock.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { generateArchive } from '../../src/gen/generator.js';
import { cli, tempDir } from '../helpers.js';

const rec = (i: number, over: Record<string, unknown> = {}) => ({
  eventVersion: '1.08', eventTime: `2024-07-30T21:${String(i % 60).padStart(2, '0')}:13Z`, eventSource: 'iam.amazonaws.com',
  eventName: 'CreateUser', awsRegion: 'us-east-1', eventID: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
  readOnly: false, eventCategory: 'Management', userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::1:user/u${i}` }, ...over,
});
const show = (home: string, store: string) => JSON.parse(cli(['--home', home, 'store', 'show', store, '--format', 'json']).stdout) as Record<string, any>;
const ingestJson = (home: string, args: string[]) => {
  const r = cli(['--home', home, 'ingest', ...args, '--json']);
  return { ...r, summary: r.stdout ? (JSON.parse(r.stdout) as Record<string, any>) : null };
};

describe('ingest', () => {
  const archive = tempDir();
  generateArchive({ out: archive, events: 3000, days: 2, seed: 3 });

  it('creates a missing store with defaults, says so, and is idempotent by eventID', () => {
    const home = tempDir();
    const first = cli(['--home', home, 'ingest', archive, '--store', 'prod']);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/created event data store prod \(retention 2557 days, termination protection on\)/);
    expect(first.stderr).toMatch(/files read \(0 bad, \d+ digests skipped\), 3,000 events stored, \d+ duplicates skipped/);
    const again = ingestJson(home, [archive, '--store', 'prod']);
    expect(again.summary!.events).toMatchObject({ stored: 0 });
    expect(again.summary!.events.duplicates).toBeGreaterThan(3000);
    expect(again.summary!.committed).toBe(false);
    const d = show(home, 'prod');
    expect(d).toMatchObject({ events: 3000, retentionDays: 2557, terminationProtection: true, status: 'ENABLED' });
    expect(d.files).toBeGreaterThan(0);
    expect(d.partitions).toBe(8);
    // The manifest's per-file facts, which let queries skip files unopened.
    const m = JSON.parse(readFileSync(join(home, 'stores/prod/manifest.json'), 'utf8'));
    for (const f of m.files) {
      expect(f.path).toMatch(new RegExp(`^region=${f.region}/date=${f.date}/part-\\d{6}-[0-9a-f]{8}-\\d{5}\\.parquet$`));
      expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(f.rows).toBeGreaterThan(0);
      expect(new Date(f.minTime).toISOString().slice(0, 10)).toBe(f.date);
      expect(new Date(f.maxTime).toISOString().slice(0, 10)).toBe(f.date);
      expect(f.eventNames.names ?? f.eventNames.bloom).toBeTruthy();
    }
    expect(m.files.reduce((n: number, f: { rows: number }) => n + f.rows, 0)).toBe(3000);
    // Global events copied into other regions' logs (same eventID) were stored once.
    expect(first.stderr).not.toMatch(/ 0 duplicates skipped/);
  });

  it('partitions by the UTC date of eventTime, not the delivery folder', () => {
    const home = tempDir();
    const dir = join(tempDir(), 'AWSLogs/111122223333/CloudTrail/us-east-1/2024/07/31');
    mkdirSync(dir, { recursive: true });
    // Delivered in the 2024/07/31 folder, but the event happened before midnight.
    writeFileSync(join(dir, '111122223333_CloudTrail_us-east-1_20240731T0005Z_abc.json.gz'), gzipSync(JSON.stringify({ Records: [rec(1, { eventTime: '2024-07-30T23:58:00Z' }), rec(2, { eventTime: '2024-07-31T00:01:00Z' })] })));
    expect(cli(['--home', home, 'ingest', dir, '--store', 'late']).status).toBe(0);
    const m = JSON.parse(readFileSync(join(home, 'stores/late/manifest.json'), 'utf8'));
    expect(m.files.map((f: { path: string }) => f.path.split('/part-')[0]).sort()).toEqual(['region=us-east-1/date=2024-07-30', 'region=us-east-1/date=2024-07-31']);
  });

  it('reads stdin with -', () => {
    const home = tempDir();
    const nd = [rec(1), rec(2), rec(3)].map((r) => JSON.stringify(r)).join('\n');
    const r = cli(['--home', home, 'ingest', '-', '--store', 'piped'], { input: nd });
    expect(r.status, r.stderr).toBe(0);
    expect(show(home, 'piped').events).toBe(3);
    const gz = cli(['--home', home, 'ingest', '-', '--store', 'piped2'], { input: gzipSync(JSON.stringify({ Records: [rec(4)] })) });
    expect(gz.status, gz.stderr).toBe(0);
    expect(show(home, 'piped2').events).toBe(1);
  });

  it('applies advanced event selectors and counts what they filter', () => {
    const home = tempDir();
    const sel = join(tempDir(), 'sel.json');
    writeFileSync(sel, JSON.stringify([{ Name: 'writes', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['false'] }] }]));
    expect(cli(['--home', home, 'store', 'create', 'writes', '--selectors', sel]).status).toBe(0);
    const r = ingestJson(home, [archive, '--store', 'writes']);
    expect(r.status).toBe(0);
    const e = r.summary!.events;
    expect(e.filtered).toBeGreaterThan(1000);
    expect(e.stored).toBeGreaterThan(100);
    const out = cli(['--home', home, 'export', '--store', 'writes']).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(e.stored);
    expect(out.every((x) => x.readOnly === false && x.eventCategory === 'Management')).toBe(true);
  });

  it('skips and counts events past the store retention', () => {
    const home = tempDir();
    const f = join(tempDir(), 'mixed.json');
    writeFileSync(f, JSON.stringify([rec(1, { eventTime: '2015-01-01T00:00:00Z' }), rec(2)]));
    const r = ingestJson(home, [f, '--store', 'ret', '--now', '2025-01-01T00:00:00Z']);
    expect(r.status).toBe(0);
    expect(r.summary!.events).toMatchObject({ stored: 1, expired: 1 });
  });

  it('names every bad file and record, keeps the good ones, exits 2', () => {
    const home = tempDir();
    const dir = tempDir();
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ Records: [rec(1), rec(2)] }));
    writeFileSync(join(dir, 'broken.json'), '{"Records": [' + JSON.stringify(rec(3)));
    writeFileSync(join(dir, 'empty.json'), '');
    writeFileSync(join(dir, 'bin.json.gz'), Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]));
    writeFileSync(join(dir, 'notime.ndjson'), `${JSON.stringify(rec(5, { eventTime: undefined }))}\n${JSON.stringify(rec(6))}\n`);
    writeFileSync(join(dir, 'README.txt'), 'not a log');
    const r = cli(['--home', home, 'ingest', dir, '--store', 'mixed']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`rejected ${join(dir, 'broken.json')}: malformed JSON at line 1, column`);
    expect(r.stderr).toContain(`rejected ${join(dir, 'empty.json')}: empty file`);
    expect(r.stderr).toMatch(/bin\.json\.gz: (truncated|corrupt) gzip/);
    expect(r.stderr).toContain(`rejected ${join(dir, 'notime.ndjson')} record 1: no eventTime`);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack traces
    expect(r.stderr).toMatch(/5 files read \(3 bad, 0 digests skipped, 1 not a log by name\)/);
    expect(show(home, 'mixed').events).toBe(3);
  });

  it('--on-error fail stops at the first bad input and commits nothing', () => {
    const home = tempDir();
    const dir = tempDir();
    writeFileSync(join(dir, 'a.json'), JSON.stringify([rec(1)]));
    writeFileSync(join(dir, 'b.json'), '[{"eventTime": ');
    const r = cli(['--home', home, 'ingest', dir, '--store', 'strict', '--on-error', 'fail']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nothing was committed/);
    expect(show(home, 'strict').events).toBe(0);
  });

  it('refuses a second writer clearly and recovers a lock left by a dead process', () => {
    const home = tempDir();
    expect(cli(['--home', home, 'store', 'create', 'locked']).status).toBe(0);
    const lock = join(home, 'stores/locked/.lock');
    // A live process (this test runner) holds it.
    writeFileSync(lock, JSON.stringify({ pid: process.pid, start: null, host: hostname(), since: '2024-01-01T00:00:00Z', command: 'ingest' }));
    const busy = cli(['--home', home, 'ingest', archive, '--store', 'locked']);
    expect(busy.status).toBe(1);
    expect(busy.stderr).toMatch(new RegExp(`store locked is busy: process ${process.pid} .* has been writing it \\(ingest\\)`));
    // A dead one: the pid does not exist.
    writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 12345, start: null, host: hostname(), since: '2024-01-01T00:00:00Z', command: 'ingest' }));
    const ok = cli(['--home', home, 'ingest', archive, '--store', 'locked']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(show(home, 'locked').events).toBe(3000);
  });

  it('rejects bad flags without a stack trace', () => {
    const home = tempDir();
    for (const args of [['ingest', archive, '--store', '../etc'], ['ingest', archive, '--store', 'ok-name', '--on-error', 'maybe'], ['ingest', '/no/such/path', '--store', 'ok-name']]) {
      const r = cli(['--home', home, ...args]);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/^traillake: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    // A missing input is refused before the store it names is created.
    expect(cli(['--home', home, 'store', 'list', '--format', 'json']).stdout.trim()).toBe('[]');
  });

  it('says so when the folders given hold no log file', () => {
    const home = tempDir(), dir = tempDir();
    writeFileSync(join(dir, 'README.md'), 'not a log');
    const r = cli(['--home', home, 'ingest', dir, '--store', 'empty']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/no log files found in .*: folders are searched for \*\.json/);
    expect(r.stderr).toMatch(/0 files read \(0 bad, 0 digests skipped, 1 not a log by name\)/);
  });
});


describe('dedupe scope', () => {
  it('drops a repeated eventID at the same eventTime in the same region, and keeps one reused elsewhere', () => {
    const home = tempDir();
    const f = join(tempDir(), 'ids.json');
    const same = { eventID: '11111111-2222-3333-4444-555555555555' };
    writeFileSync(f, JSON.stringify([
      rec(1, same),
      rec(1, same), // CloudTrail's copy: the same record
      rec(1, { ...same, eventName: 'DeleteUser' }), // same ID, time and region: a duplicate
      rec(2, same), // a minute later: another event
      rec(1, { ...same, eventTime: '2024-07-31T21:01:13Z' }), // a day later, the same minute of the hour
      rec(1, { ...same, awsRegion: 'eu-west-1' }), // another region
      rec(1, { eventID: 'not-a-uuid' }),
      rec(1, { eventID: 'not-a-uuid' }),
      rec(2, { eventID: 'not-a-uuid' }),
    ]));
    const r = ingestJson(home, [f, '--store', 'ids']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.summary!.events).toMatchObject({ stored: 6, duplicates: 3 });
  });
});

describe('bounded dedupe memory', () => {
  it('stays exact when the eventID index spills buckets to disk and reads them back', () => {
    const archive = tempDir();
    const { events } = generateArchive({ out: archive, events: 3000, days: 3, seed: 5 });
    const home = tempDir();
    const env = { TRAILLAKE_TUNING: JSON.stringify({ idBudget: 200 }) };
    const first = cli(['--home', home, 'ingest', archive, '--store', 'tight', '--json'], { env });
    expect(first.status, first.stderr).toBe(0);
    const s1 = JSON.parse(first.stdout);
    expect(s1.events.stored).toBe(events);
    // The index spilled buckets past its budget and read some back.
    expect(s1.dedupeLoads).toBeGreaterThan(12);
    // Same answer as with an unbounded index.
    const ref = JSON.parse(cli(['--home', tempDir(), 'ingest', archive, '--store', 'loose', '--json']).stdout);
    expect(s1.events.duplicates).toBe(ref.events.duplicates);
    const second = JSON.parse(cli(['--home', home, 'ingest', archive, '--store', 'tight', '--json'], { env }).stdout);
    expect(second.events.stored).toBe(0);
  });
});

describe('partition values from record content', () => {
  it('escape awsRegion Hive-style so no value can leave the store folder', () => {
    const home = tempDir();
    const f = join(tempDir(), 'odd.json');
    writeFileSync(f, JSON.stringify([rec(1, { awsRegion: '../../escape' }), rec(2, { awsRegion: 'eu west/1' }), rec(3, { awsRegion: undefined })]));
    const r = cli(['--home', home, 'ingest', f, '--store', 'odd']);
    expect(r.status, r.stderr).toBe(0);
    const m = JSON.parse(readFileSync(join(home, 'stores/odd/manifest.json'), 'utf8'));
    expect(m.files.map((x: { path: string }) => x.path.split('/')[0]).sort()).toEqual([
      'region=..%2F..%2Fescape', 'region=__HIVE_DEFAULT_PARTITION__', 'region=eu%20west%2F1',
    ].sort());
    const out = cli(['--home', home, 'export', '--store', 'odd']).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out.map((x) => x.awsRegion).sort()).toEqual(['../../escape', 'eu west/1', undefined].sort());
  });
});
