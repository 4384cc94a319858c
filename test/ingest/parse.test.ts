import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { stringAt, valueAt } from '../../src/model/batch.js';
import { assembleRecord } from '../../src/model/record.js';
import { COL } from '../../src/model/fields.js';
import { runParseTask, type FileReport } from '../../src/ingest/parse-task.js';
import { parseShape } from '../../src/ingest/shape.js';
import { HAVE_CORPUS, REAL, tempDir } from '../helpers.js';

const parse = (paths: string[], extra: Partial<Parameters<typeof runParseTask>[0]> = {}) =>
  runParseTask({ kind: 'parse', files: paths.map((path) => ({ path })), selectors: null, retentionCutoffMs: -Infinity, ...extra });
const one = (path: string): FileReport => parse([path]).files[0]!;
const rec = (over: Record<string, unknown> = {}) => ({ eventVersion: '1.08', eventTime: '2024-07-30T21:53:13Z', eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', awsRegion: 'us-east-1', eventID: `id-${Math.random()}`, ...over });

describe.skipIf(!HAVE_CORPUS)('corpus shapes', () => {
  it('bare JSON arrays (stratus)', () => {
    const f = one(join(REAL, 'stratus/aws.persistence.iam-backdoor-user.json'));
    expect(f).toMatchObject({ shape: 'array', rejected: [] });
    expect(f.error).toBeUndefined();
    expect(f.accepted).toBe(f.records);
    expect(f.records).toBeGreaterThan(0);
  });

  it('{"Records":[...]} with records lacking eventTime (panther)', () => {
    const f = one(join(REAL, 'panther/events.json'));
    expect(f.shape).toBe('records');
    expect(f.records).toBe(436);
    // The corpus has 17 records without eventTime and 2 with placeholder text in it.
    expect(f.rejected.filter((r) => r.reason === 'no eventTime')).toHaveLength(17);
    expect(f.rejected.filter((r) => r.reason.startsWith('unparseable eventTime'))).toHaveLength(2);
    expect(f.accepted + f.rejected.length).toBe(436);
  });

  it('NDJSON without eventTime (otrf): every record rejected with its line', () => {
    const f = one(join(REAL, 'otrf/ec2_proxy_s3_exfiltration.ndjson'));
    expect(f.shape).toBe('ndjson');
    expect(f.records).toBe(103);
    expect(f.accepted).toBe(0);
    expect(f.rejected[0]).toEqual({ n: 1, reason: 'no eventTime' });
    expect(f.rejected[102]!.n).toBe(103);
  });

  it('event-history export with embedded CloudTrailEvent strings (plaso): 6 events, no warnings', () => {
    const f = one(join(REAL, 'plaso/aws_cloudtrail.jsonl'));
    expect(f).toMatchObject({ shape: 'event-history', records: 6, accepted: 6, rejected: [] });
  });

  it('forwarder-enriched records (cloudtrail2sightings) and its malformed file', () => {
    const good = one(join(REAL, 'cloudtrail2sightings/aws.defense-evasion.cloudtrail-delete.json'));
    expect(good).toMatchObject({ shape: 'records', accepted: 1 });
    expect(good.error).toBeUndefined();
    const bad = one(join(REAL, 'cloudtrail2sightings/aws.execution.ec2-user-data.json'));
    // A missing comma between two records of a pretty-printed array.
    expect(bad.error).toBe(`malformed JSON at line 112, column 1: expected ',' or ']', unexpected character "{"`);
    expect(bad.accepted).toBe(0);
  });

  it('partitions by awsRegion and the UTC date of eventTime', () => {
    const r = parse([join(REAL, 'panther/events.json')]);
    const keys = r.partitions.map((p) => `${p.region}/${p.date}`);
    expect(keys).toContain('us-west-2/2019-01-01');
    expect(r.partitions.reduce((n, p) => n + p.batch.rows, 0)).toBe(r.files[0]!.accepted);
  });
});

describe('bad input', () => {
  const dir = tempDir();
  const file = (name: string, content: string | Buffer) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };

  it('malformed and truncated JSON: whole file refused, with line and column', () => {
    const text = JSON.stringify({ Records: [rec(), rec()] }, null, 1);
    const f = one(file('trunc.json', text.slice(0, text.length - 40)));
    expect(f.error).toMatch(/^malformed JSON at line \d+, column \d+/);
    expect(f.accepted).toBe(0);
    const nd = one(file('bad.ndjson', `${JSON.stringify(rec())}\n{"eventTime": oops}\n${JSON.stringify(rec())}\n`));
    expect(nd.error).toMatch(/^malformed JSON at line 2, column \d+/);
  });

  it('non-CloudTrail JSON', () => {
    expect(one(file('other.json', '{"foo": 1, "bar": [1,2]}')).error).toMatch(/^not CloudTrail/);
    expect(one(file('nums.json', '[1, 2, 3]')).error).toMatch(/^not CloudTrail/);
    expect(one(file('recs.json', '{"Records": 5}')).error).toMatch(/"Records" is not an array/);
    expect(one(file('csv.json', 'eventTime,eventName\n')).error).toMatch(/^not JSON/);
  });

  it('truncated gzip', () => {
    const gz = gzipSync(JSON.stringify({ Records: Array.from({ length: 200 }, () => rec()) }));
    const f = one(file('t.json.gz', gz.subarray(0, gz.length / 2)));
    expect(f.error).toBe('truncated gzip (unexpected end of file)');
    expect(f.accepted).toBe(0);
  });

  it('gzip files in a row: several members, trailing bytes, corrupt data and a wrong CRC between good files', () => {
    const doc = (n: number) => JSON.stringify({ Records: Array.from({ length: n }, () => rec()) });
    const good = (name: string, n: number) => file(name, gzipSync(doc(n)));
    const half = doc(3);
    const members = file('m.json.gz', Buffer.concat([gzipSync(half.slice(0, 40)), gzipSync(half.slice(40))]));
    const trailing = file('z.json.gz', Buffer.concat([gzipSync(doc(2)), Buffer.alloc(7)]));
    const corrupt = gzipSync(doc(50));
    corrupt.fill(0xa5, 20, 40);
    const crc = gzipSync(doc(4));
    crc[crc.length - 6] ^= 0xff;
    const r = parse([good('a.json.gz', 5), members, trailing, file('c.json.gz', corrupt), good('b.json.gz', 6), file('crc.json.gz', crc), good('d.json.gz', 7)]);
    expect(r.files.map((f) => f.error ?? f.accepted)).toEqual([5, 3, 2, expect.stringMatching(/^corrupt gzip/), 6, expect.stringMatching(/^corrupt gzip/), 7]);
    // Each good file's rows are its own records, not bytes left over from the file before.
    const ids = r.partitions.flatMap((p) => Array.from({ length: p.batch.rows }, (_, i) => stringAt(p.batch.columns[COL.eventID]!, i)));
    expect(new Set(ids).size).toBe(23);
  });

  it('empty and binary files', () => {
    expect(one(file('empty.json', '')).error).toBe('empty file');
    expect(one(file('blank.json', ' \n\n')).error).toBe('empty file (only whitespace)');
    expect(one(file('empty.json.gz', gzipSync(''))).error).toMatch(/^empty file/);
    expect(one(file('bin.json', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]))).error).toMatch(/^binary file/);
    expect(one(file('latin1.json', Buffer.from([0x5b, 0xe9, 0xff, 0x5d]))).error).toMatch(/^binary file: not valid UTF-8/);
    expect(one(join(dir, 'missing.json')).error).toBe('file not found');
  });

  it('records with no or unparseable eventTime, or over 256 KB, are rejected by number', () => {
    const big = rec({ requestParameters: { blob: 'x'.repeat(300 * 1024) } });
    const f = one(file('mixed.json', JSON.stringify({ Records: [rec(), rec({ eventTime: undefined }), rec({ eventTime: 'yesterday' }), big, rec({ eventTime: 12 }), 'str', rec()] })));
    expect(f.accepted).toBe(2);
    expect(f.rejected).toEqual([
      { n: 2, reason: 'no eventTime' },
      { n: 3, reason: 'unparseable eventTime "yesterday"' },
      { n: 4, reason: expect.stringMatching(/^record is 30\d KB, over CloudTrail's 256 KB event limit$/) },
      { n: 5, reason: 'eventTime is not a string (12)' },
      { n: 6, reason: 'not a JSON object (string)' },
    ]);
    const nd = one(file('big.ndjson', `${JSON.stringify(big)}\n${JSON.stringify(rec())}\n`));
    expect(nd.rejected).toHaveLength(1);
    expect(nd.accepted).toBe(1);
  });

  it('derives a deterministic eventID when a record has none', () => {
    const body = JSON.stringify([{ ...rec(), eventID: undefined }]);
    const a = parse([file('noid1.json', body)]).partitions[0]!.batch;
    const b = parse([file('noid2.json', body)]).partitions[0]!.batch;
    expect(stringAt(a.columns[COL.eventID]!, 0)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(stringAt(a.columns[COL.eventID]!, 0)).toBe(stringAt(b.columns[COL.eventID]!, 0));
  });

  it('refuses documents too large to read at once, before reading or inflating them', () => {
    const sparse = join(dir, 'huge.ndjson');
    writeFileSync(sparse, '');
    truncateSync(sparse, 200 * 2 ** 20); // sparse: no disk used
    // A parse task refuses them, marked so that the pipeline reads an NDJSON one in pieces (big-ndjson.test.ts).
    expect(one(sparse)).toMatchObject({ tooLarge: true, error: expect.stringMatching(/^too large to read at once: 200 MB of JSON in one document, the limit is 128 MB \(NDJSON of any size is read in pieces\); split it first/) });
    const bomb = file('bomb.json.gz', gzipSync(Buffer.alloc(130 * 2 ** 20, 0x20)));
    expect(one(bomb)).toMatchObject({ tooLarge: true, error: expect.stringMatching(/^too large to read at once: .* the limit is 128 MB/) });
  });

  it('derives an eventID when the record has one of the wrong type, and export keeps the original', () => {
    const r = rec({ eventID: 12345 });
    const batch = parse([file('numid.json', JSON.stringify([r]))]).partitions[0]!.batch;
    expect(stringAt(batch.columns[COL.eventID]!, 0)).toMatch(/^[0-9a-f]{8}-/);
    const values = batch.columns.map((c) => valueAt(c, 0));
    expect(assembleRecord(values)).toStrictEqual(r);
  });

  it('retention: events older than the cutoff are skipped and counted', () => {
    const f = parse([file('old.json', JSON.stringify([rec({ eventTime: '2010-01-01T00:00:00Z' }), rec()]))], { retentionCutoffMs: Date.UTC(2020, 0, 1) }).files[0]!;
    expect(f).toMatchObject({ accepted: 1, expired: 1 });
  });

  it('detects the shape from content, whatever the name', () => {
    expect(parseShape('{"a":1}\n{"b":2}\n').shape).toBe('ndjson');
    expect(parseShape('{"Records":[]}').shape).toBe('records');
    expect(parseShape('{"Events":[{"CloudTrailEvent":"{\\"eventName\\":\\"X\\"}"}]}').shape).toBe('event-history');
    expect(one(file('records.txt', JSON.stringify([rec()]))).accepted).toBe(1);
  });
});
