// The fast path (json-scan.ts, fast-records.ts) against the general one
// (JSON.parse + shredRecord): same rows, same reports, on the real corpus, the
// sample archive and hand-made edge cases; and it refuses what JSON.parse refuses.

import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { valueAt, type ColumnBatch, type SpanRow } from '../../src/model/batch.js';
import { COL, COLUMNS } from '../../src/model/fields.js';
import { assembleRecord, shredRecord, type JsonObject, type Value } from '../../src/model/record.js';
import { FastRecords } from '../../src/ingest/fast-records.js';
import { columnTables, type ColumnTables } from '../../src/model/intern.js';
import { F_ESC, F_NONCANON, F_WS, JsonScanner, SCAN_ERROR } from '../../src/ingest/json-scan.js';
import { runParseTask, type ParseResult, type ParseTask } from '../../src/ingest/parse-task.js';
import { parseCanonicalTime, parseCanonicalTimeBytes } from '../../src/model/time.js';
import { corpusFiles, HAVE_CORPUS, ROOT, tempDir } from '../helpers.js';

const decoder = new TextDecoder();

/** A SpanRow as shredRecord's Value[] (interned columns' entries are in `tables`). */
function rowValues(row: SpanRow, tables: ColumnTables): Value[] {
  return COLUMNS.map((c) => {
    if (!row.has(c.index)) return null;
    if (c.type === 'boolean') return row.num[c.index] === 1;
    if (c.type === 'timestamp') return row.num[c.index]!;
    if (c.interned) return tables[c.index]!.text(row.num[c.index]!);
    const s = row.str[c.index];
    return s ?? decoder.decode(row.src[c.index]!.u8.subarray(row.start[c.index]!, row.end[c.index]!));
  });
}

/** The fast path over a document: each record's values, or 'general' for records it handed on. */
function fast(text: string): (Value[] | 'general')[] | null {
  const out: (Value[] | 'general')[] = [];
  const tables = columnTables();
  const counts = new FastRecords(tables).run(Buffer.from(text), -Infinity, {
    row: (row) => void out.push(rowValues(row, tables)),
    record: () => void out.push('general'),
  });
  return counts ? out : null;
}

/**
 * shredRecord's values. Interned columns' values are read back from UTF-8 (their
 * table's bytes), as every stored string is: a lone surrogate becomes U+FFFD.
 */
function general(record: unknown): Value[] {
  const values: Value[] = new Array(COLUMNS.length).fill(null);
  shredRecord(record as JsonObject, values);
  return values.map((v, c) => (COLUMNS[c]!.interned && typeof v === 'string' ? Buffer.from(v).toString() : v));
}

const rec = (over: Record<string, unknown> = {}) => ({
  eventVersion: '1.08', eventTime: '2024-07-30T21:53:13Z', eventSource: 'iam.amazonaws.com', eventName: 'CreateUser',
  awsRegion: 'us-east-1', eventID: '8e1b1e9c-6a7e-4c1e-9d0c-1f2e3d4c5b6a', ...over,
});
const doc = (...records: unknown[]) => JSON.stringify({ Records: records });

/** Fast-path values equal shredRecord's for every record it kept; returns how many it kept. */
function sameAsGeneral(text: string): number {
  const got = fast(text);
  expect(got).not.toBeNull();
  const records = (JSON.parse(text.replace(/^\ufeff/, '')) as { Records: unknown[] }).Records;
  expect(got!).toHaveLength(records.length);
  let kept = 0;
  got!.forEach((v, k) => {
    if (v === 'general') return;
    kept++;
    expect(v).toStrictEqual(general(records[k]));
  });
  return kept;
}

describe('json-scan', () => {
  const scan = (s: string) => {
    const b = Buffer.from(s);
    const sc = new JsonScanner(b, b.length);
    const end = sc.value(sc.ws(0));
    if (sc.ws(end) !== b.length) throw SCAN_ERROR;
    return sc.flags;
  };
  const valid = ['0', '-1', '1e5', '1E+5', '-0.5e-3', '"a\\u00e9\\/"', '[]', '{}', '[1,[2,{"a":[null,true,false]}]]', ' {"a" : 1 } ', '"\u2028é😀"', '"\\ud800"', '123456789012345678901234567890'];
  const invalid = ['01', '1.', '.5', '-', '+1', '1e', '"abc', '"a\u0001"', '"\\x"', '"\\u12g4"', '[1,]', '{"a":1,}', '{a:1}', "'a'", 'tru', 'nul', 'NaN', '[1 2]', '{"a" 1}', '1 2', '', '\u00a0 1', '[', '{"a":'];
  it('accepts what JSON.parse accepts and refuses what it refuses', () => {
    for (const s of valid) {
      expect(() => JSON.parse(s), s).not.toThrow();
      expect(() => scan(s), s).not.toThrow();
    }
    for (const s of invalid) {
      expect(() => JSON.parse(s), s).toThrow();
      expect(() => scan(s), s).toThrow(SCAN_ERROR);
    }
  });

  it('finds a string\'s special byte at any place in a word, and near the end of the bytes', () => {
    // The string scan reads four bytes at a time: put each kind of byte at every offset of a word.
    const bytes = ['\\"', '\\n', '\\u0041', '\u0001', '\u001f', 'é', '😀', '\u007f', ' '];
    for (let len = 0; len < 11; len++) {
      for (let at = 0; at <= len; at++) {
        for (const special of bytes) {
          for (const tail of ['', ' ', '  ', '   ']) {
            const text = `"${'a'.repeat(at)}${special}${'b'.repeat(len - at)}"${tail}`;
            let ok = true;
            try { JSON.parse(text); } catch { ok = false; }
            if (ok) expect(() => scan(text), text).not.toThrow();
            else expect(() => scan(text), text).toThrow(SCAN_ERROR);
            if (ok) expect((scan(text) & F_ESC) !== 0, text).toBe(special.startsWith('\\'));
          }
        }
      }
    }
    for (const text of ['"abc', '"abcd', '"abcde', '"abcdefgh\\', '"a\\"']) expect(() => scan(text), text).toThrow(SCAN_ERROR);
  });

  it('flags exactly the values JSON.stringify would not write back byte for byte', () => {
    for (const s of ['0', '-12', '123456789012345', '"a\\"b\\\\c\\n\\t"', '{"a":[1,{"b":null}],"c":"é"}', '[true,false,null]']) {
      expect(scan(s) & (F_WS | F_NONCANON), s).toBe(0);
      expect(JSON.stringify(JSON.parse(s))).toBe(s);
    }
    for (const s of ['-0', '1e5', '1.0', '1.5', '1234567890123456', '"\\/"', '"\\u0041"', '{"1":2}', '[1, 2]', '{"a" :1}']) {
      expect(scan(s) & (F_WS | F_NONCANON), s).not.toBe(0);
    }
  });
});

describe('fast path = JSON.parse + shredRecord', () => {
  it('plain records, with the residual of nulls, unknown fields and wrong types', () => {
    expect(sameAsGeneral(doc(
      rec(),
      rec({ requestParameters: null, responseElements: { a: [1, 2, { b: 'x' }] }, errorCode: null }),
      rec({ readOnly: true, managementEvent: false, resources: [{ ARN: 'arn:aws:s3:::b', type: 'AWS::S3::Bucket' }] }),
      rec({ readOnly: 'true', eventVersion: 1.05, aws: { s3: { key: 'x' } }, _extra: 5, _eventIDDerived: 'x', userIdentity: { type: 7, arn: 'a' } }),
      rec({ userIdentity: { type: 'Root', sessionContext: { sessionIssuer: {}, webIdFederationData: {} } } }),
      rec({ userIdentity: { sessionContext: { attributes: { mfaAuthenticated: 'false' }, sessionIssuer: null } }, tlsDetails: {} }),
      rec({ userIdentity: null, tlsDetails: 'x', requestParameters: 'a string', additionalEventData: 42, addendum: true }),
      rec({ insightDetails: {}, eventContext: [], serviceEventDetails: { nested: { deep: [[[]]] } } }),
    ))).toBe(8);
  });

  it('keys in changing orders, and keys that begin or extend the key expected next', () => {
    // The scanner tries the key that followed the same key last time: these make it miss.
    const a = rec({ userIdentity: { type: 'IAMUser', arn: 'a', accountId: '1' } });
    const reordered = Object.fromEntries(Object.entries(rec({ userIdentity: { accountId: '1', arn: 'a', type: 'IAMUser' } })).reverse());
    expect(sameAsGeneral(doc(a, reordered, a, a))).toBe(4);
    const text = doc(a, a).replace(/"arn":"a","accountId"/g, (m, k: number) => (k < 300 ? m : '"arn":"a","accountIdX"'))
      .replace(/"eventSource":/, '"eventSourc":');
    const near = doc(a, a, a).split('"userIdentity":');
    expect(sameAsGeneral(text)).toBe(2);
    expect(sameAsGeneral(near.join('"userIdentit":{"x":1},"userIdentity":'))).toBe(3);
    const escaped = doc(a, rec({ userIdentity: { type: 'IAMUser', arm: 'b', arn: 'a' } }), a).replace('"arm"', String.raw`"ar\u006e"`);
    expect(escaped).toContain('ar\\u006e');
    expect(sameAsGeneral(escaped)).toBe(2);
  });

  it('escapes, unicode and numbers', () => {
    expect(sameAsGeneral(String.raw`{"Records":[
      {"eventTime":"2024-01-01T00:00:00Z","eventName":"A\"B\\C\/D\u00e9\n","eventID":"x","userAgent":"caf\u00e9 😀 \ud83d\ude00 \ud800","awsRegion":"eu-west-1",
       "requestParameters":{"q":"a\/b","u":"\u00e9","ctl":"\u0001\u001F","n":[1e5,-0,1.50,12345678901234567890,0.1,-7]},
       "responseElements":{"policy":"{\"Version\":\"2012-10-17\"}","tab":"\t"},"errorMessage":"😀 raw é"}
    ]}`)).toBe(1);
  });

  it('a value that repeats the previous row\'s, raw or escaped, shreds as when scanned', () => {
    // Interned columns: the same value raw and escaped is one entry; a decoded entry holding a quote or a
    // backslash is never confused with the raw bytes of another value.
    expect(sameAsGeneral(String.raw`{"Records":[
      {"eventTime":"2024-01-01T00:00:00Z","eventName":"A\"","eventID":"a1","userAgent":"x\\","awsRegion":"eu-west-1"},
      {"eventTime":"2024-01-01T00:00:00Z","eventName":"A\"","eventID":"a2","userAgent":"x\\","awsRegion":"eu-west-1"},
      {"eventTime":"2024-01-01T00:00:00Z","eventName":"A","eventID":"a3","userAgent":"x","awsRegion":"eu-west-1"},
      {"eventTime":"2024-01-01T00:00:00Z","eventName":"A","eventID":"a4","userAgent":"x","awsRegion":"eu-west-1"},
      {"eventTime":"2024-01-01T00:00:00Z","eventName":"A\u0042","eventID":"a5","userAgent":"xy","awsRegion":"eu-west-1"},
      {"eventTime":"2024-01-01T00:00:00Z","eventName":"AB","eventID":"a6","userAgent":"xyz","awsRegion":"eu-west-1"},
      {"eventTime":"2024-01-01T00:00:00Z","eventName":"AB","eventID":"a7","userAgent":"xy","awsRegion":"eu-west-1 "}
    ]}`)).toBe(7);
    expect(fast(String.raw`{"Records":[{"eventTime":"2024-01-01T00:00:00Z","eventName":"A\"","eventID":"a1"},{"eventTime":"2024-01-01T00:00:00Z","eventName":"A"","eventID":"a2"}]}`)).toBeNull();
  });

  it('whitespace and pretty-printed documents', () => {
    expect(sameAsGeneral(JSON.stringify({ Records: [rec({ requestParameters: { a: 1, b: [1, 2] } }), rec()] }, null, 2))).toBe(2);
    expect(sameAsGeneral('\ufeff' + doc(rec()) + '\n')).toBe(1);
  });

  it('null is kept apart from absent', () => {
    const text = doc(rec({ responseElements: null, errorCode: null, userIdentity: { type: 'IAMUser', userName: null } }), rec());
    const [a, b] = fast(text)! as Value[][];
    expect(a![COL.extra]).toBe('{"responseElements":null,"errorCode":null,"userIdentity":{"userName":null}}');
    expect(b![COL.extra]).toBeNull();
    expect(assembleRecord(a!)).toStrictEqual(JSON.parse(text).Records[0]);
  });

  it('hands duplicate, escaped and digit-leading keys, odd times and missing eventIDs to the general path', () => {
    const got = fast(String.raw`{"Records":[
      {"eventTime":"2024-01-01T00:00:00Z","eventName":"A","eventName":"B","eventID":"1"},
      {"eventTime":"2024-01-01T00:00:00Z","userIdentity":{"type":"a"},"userIdentity":{"arn":"b"},"eventName":"A","eventID":"2"},
      {"eventTime":"2024-01-01T00:00:00Z","eventName":"A","x":1,"x":2,"eventID":"3"},
      {"eventTime":"2024-01-01T00:00:00Z","event\u004eame":"A","eventID":"4"},
      {"eventTime":"2024-01-01T00:00:00Z","eventName":"A","7":1,"eventID":"5"},
      {"eventTime":"2024-01-01T00:00:00.000Z","eventName":"A","eventID":"6"},
      {"eventTime":5,"eventName":"A","eventID":"7"},
      {"eventName":"A","eventID":"8"},
      {"eventTime":"2024-01-01T00:00:00Z","eventName":"A"},
      {"eventTime":"2024-01-01T00:00:00Z","eventName":"A","eventID":null},
      {"eventTime":"2024-01-01T00:00:00Z","awsRegion":"x"},
      {"eventTime":"2024-01-01T00:00:00Z","eventName":"A","eventID":"12","requestParameters":{"a":1,"a":2}}
    ]}`)!;
    expect(got.map((v) => (v === 'general' ? 'g' : 'f')).join('')).toBe('gggggggggggf');
    // A duplicate key inside a JSON value is kept as written: it reads back as JSON.parse reads the source.
    expect(JSON.parse((got[11] as Value[])[COLUMNS.findIndex((c) => c.name === 'requestParameters')] as string)).toStrictEqual({ a: 2 });
  });

  it('repeated userIdentity and tlsDetails objects (found in the subtree cache) shred as when scanned', () => {
    const role = (session: string, extra = '') =>
      `{"type":"AssumedRole","principalId":"AROAEXAMPLEROLEID1234:${session}","arn":"arn:aws:sts::111122223333:assumed-role/Admin/${session}",` +
      `"accountId":"111122223333","accessKeyId":"ASIAEXAMPLE${session.length}","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLEROLEID1234",` +
      `"arn":"arn:aws:iam::111122223333:role/Admin","accountId":"111122223333","userName":"Admin"},"webIdFederationData":{},` +
      `"attributes":{"creationDate":"2024-01-01T00:00:00Z","mfaAuthenticated":"false"}}${extra}}`;
    const identities = [
      role('alice'),
      role('bob'), // the same first 128 bytes as alice's but one: the key matches, the bytes do not
      role('alice', ',"newField":{"a":[1,2]},"credentialId":"cred-1"'), // residual and an uninterned leaf
      role('caf\\u00e9'), // an escaped value
      role('carol').replace('"webIdFederationData":{}', '"webIdFederationData":{"federatedProvider":"x","attributes":{ "a" : 1 }}'), // non-canonical JSON leaf
      role('dave').replace('"Admin"}', '"Admin","userName":"dup"}'), // a duplicate key: the general path
      '{"type":"AWSService","invokedBy":"ec2.amazonaws.com"}', // shorter than the key
      '{"type":"IAMUser","userName":null,"principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::111122223333:user/erin","accountId":"111122223333"}',
    ];
    const tls = ['{"tlsVersion":"TLSv1.2","cipherSuite":"ECDHE-RSA-AES128-GCM-SHA256","clientProvidedHostHeader":"s3.amazonaws.com"}', '{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"iam.amazonaws.com","x":null}'];
    let seed = 3;
    const pick = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const records = Array.from({ length: 400 }, (_, k) =>
      `{"eventVersion":"1.08","userIdentity":${identities[pick(identities.length)]},"eventTime":"2024-01-01T00:00:0${k % 10}Z","eventSource":"s3.amazonaws.com",` +
      `"eventName":"GetObject","awsRegion":"us-east-1","eventID":"id-${k}"${pick(3) ? `,"tlsDetails":${tls[pick(2)]}` : ''}}`);
    expect(sameAsGeneral(`{"Records":[${records.join(',')}]}`)).toBeGreaterThan(300);
  });

  it('random records built from tricky values at known and unknown places', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    const tricky: unknown[] = [null, true, false, 0, -1, 1e21, 0.5, -0, 12345678901234567890, '', 'x', 'é😀', '\u0001"\\/', '2024-07-30T21:53:13Z',
      {}, [], { a: null }, [1, [2, [3]]], { '1': 'digit key', b: 2 }, { __proto__: null, x: 1 }, { nested: { policy: '{"a":"b"}' } }];
    const paths = ['eventName', 'errorCode', 'readOnly', 'requestParameters', 'responseElements', 'resources', 'userIdentity', 'userIdentity.type',
      'userIdentity.sessionContext', 'userIdentity.sessionContext.sessionIssuer', 'userIdentity.sessionContext.sessionIssuer.arn',
      'userIdentity.sessionContext.webIdFederationData.attributes', 'tlsDetails', 'tlsDetails.tlsVersion', 'unknownTop', 'userIdentity.unknown', '__proto__'];
    const records = Array.from({ length: 400 }, () => {
      const r: Record<string, unknown> = rec({ eventID: `id-${rand(1e9)}` });
      for (let k = rand(4); k >= 0; k--) {
        const path = paths[rand(paths.length)]!.split('.');
        let o = r;
        for (const p of path.slice(0, -1)) {
          if (typeof o[p] !== 'object' || o[p] === null || Array.isArray(o[p])) Object.defineProperty(o, p, { value: {}, enumerable: true, writable: true, configurable: true });
          o = o[p] as Record<string, unknown>;
        }
        Object.defineProperty(o, path.at(-1)!, { value: structuredClone(tricky[rand(tricky.length)]), enumerable: true, writable: true, configurable: true });
      }
      return r;
    });
    const text = doc(...records);
    expect(sameAsGeneral(text)).toBeGreaterThan(300);
    expect(sameAsGeneral(JSON.stringify({ Records: records }, null, '\t'))).toBeGreaterThan(300);
  });

  it('reads canonical eventTimes from bytes as parseCanonicalTime reads them from strings', () => {
    for (const t of ['2024-07-30T21:53:13Z', '2024-02-29T00:00:00Z', '2023-02-29T00:00:00Z', '0999-01-01T00:00:00Z', '2024-13-01T00:00:00Z',
      '2024-07-30T24:00:00Z', '2024-07-30T21:53:13', '2024-07-30 21:53:13Z', '2024-07-30T21:53:1aZ', '2024-07-30T21:53:13.000Z']) {
      const b = Buffer.from(`"${t}"`);
      expect(parseCanonicalTimeBytes(b, 1, b.length - 1), t).toBe(parseCanonicalTime(t));
    }
  });

  it('refuses whole documents it does not read: other shapes, event-history items, syntax errors', () => {
    for (const text of [
      JSON.stringify({ Events: [] }), JSON.stringify([rec(), 5]), JSON.stringify([rec()]) + '[]', JSON.stringify(rec()), doc(rec()) + '\n' + doc(rec()),
      JSON.stringify({ Records: [rec()], other: 1 }), JSON.stringify({ other: 1, Records: [rec()] }), JSON.stringify({ Records: {} }),
      doc(rec(), 5), doc({ CloudTrailEvent: JSON.stringify(rec()) }), doc({ foo: 1 }),
      doc(rec()).slice(0, -3), doc(rec()).replace('"1.08"', '"1.08",'), doc(rec()) + 'x', doc(rec()).replace('CreateUser', 'Create\u0001User'),
      doc(rec()).replace('CreateUser', 'Create\\xUser'), doc(rec({ requestParameters: { a: 1 } })).replace('"a":1', '"a":01'),
    ]) expect(fast(text), text).toBeNull();
    expect(fast(doc())).toStrictEqual([]);
    expect(fast(JSON.stringify([rec(), rec()]))).toHaveLength(2); // bare arrays (stratus) are read too
    // A refused event-history document does not make the same reader refuse the next one.
    const reader = new FastRecords(columnTables());
    const sink = { row() {}, record() {} };
    expect(reader.run(Buffer.from(doc({ CloudTrailEvent: JSON.stringify(rec()) })), -Infinity, sink)).toBeNull();
    expect(reader.run(Buffer.from(doc(rec())), -Infinity, sink)).toMatchObject({ shape: 'records', accepted: 1 });
  });
});

const GENERAL: Partial<ParseTask> = { selectors: [{ FieldSelectors: [] }] }; // matches every record, and takes the general path

function parse(paths: string[], extra: Partial<ParseTask> = {}): ParseResult {
  return runParseTask({ kind: 'parse', files: paths.map((path) => ({ path })), selectors: null, retentionCutoffMs: -Infinity, ...extra });
}

function rows(batch: ColumnBatch): Value[][] {
  return Array.from({ length: batch.rows }, (_, r) => batch.columns.map((col) => valueAt(col, r)));
}

/** runParseTask gives the same reports and the same column values with and without the fast path. */
function sameParse(paths: string[], extra: Partial<ParseTask> = {}) {
  const a = parse(paths, extra), b = parse(paths, { ...extra, ...GENERAL });
  expect(a.files).toStrictEqual(b.files);
  expect(a.partitions.map((p) => `${p.region}/${p.date}`)).toStrictEqual(b.partitions.map((p) => `${p.region}/${p.date}`));
  a.partitions.forEach((p, k) => expect(rows(p.batch)).toStrictEqual(rows(b.partitions[k]!.batch)));
  return a;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('runParseTask with and without the fast path', () => {
  it.skipIf(!HAVE_CORPUS)('every real corpus file', () => {
    for (const f of corpusFiles()) sameParse([f]);
    const all = sameParse(corpusFiles());
    expect(all.files.reduce((n, f) => n + f.accepted, 0)).toBeGreaterThan(500);
  });

  it('the sample archive (gzipped S3 delivery files)', () => {
    const files = filesUnder(join(ROOT, 'data/sample')).filter((f) => f.endsWith('.json.gz') && !f.includes('Digest'));
    const r = sameParse(files);
    expect(r.files.every((f) => f.shape === 'records' && !f.error)).toBe(true);
    expect(r.files.reduce((n, f) => n + f.accepted, 0)).toBeGreaterThan(1000);
    // retention: expired counts agree too
    sameParse(files.slice(0, 20), { retentionCutoffMs: Date.parse('2024-07-02T00:00:00Z') });
  });

  it('records of several regions and days interleaved in one file reach their own partitions', () => {
    const regions = ['ap-southeast-2', 'us-east-1', 'ap-southeast-2', 'eu-west-1', 'us-east-1', 'us-east-1', 'ap-southeast-2'];
    const records = regions.flatMap((awsRegion, k) => [
      rec({ awsRegion, eventID: `id-${k}-a`, eventTime: '2024-07-30T23:59:59Z' }),
      rec({ awsRegion, eventID: `id-${k}-b`, eventTime: k % 2 ? '2024-07-31T00:00:00Z' : '2024-07-30T12:00:00Z' }),
    ]);
    const bytes = Buffer.from(doc(...records));
    const run = (extra: Partial<ParseTask>) => runParseTask({ kind: 'parse', files: [{ path: 'mixed', bytes: new Uint8Array(bytes) }], selectors: null, retentionCutoffMs: -Infinity, ...extra });
    const a = run({}), b = run(GENERAL);
    const byPartition = (r: ParseResult) => Object.fromEntries(r.partitions.map((p) => [`${p.region}/${p.date}`, rows(p.batch).map((v) => v[COL.eventID])]));
    expect(byPartition(a)).toStrictEqual(byPartition(b));
    expect(Object.keys(byPartition(a)).sort()).toStrictEqual([
      'ap-southeast-2/2024-07-30', 'eu-west-1/2024-07-30', 'eu-west-1/2024-07-31', 'us-east-1/2024-07-30', 'us-east-1/2024-07-31',
    ]);
    expect(byPartition(a)['us-east-1/2024-07-31']).toStrictEqual(['id-1-b', 'id-5-b']);
  });

  it('NDJSON: line by line as parseNdjson reads it, numbered by line, pieces of large files from their first line', () => {
    const line = (over: Record<string, unknown> = {}) => JSON.stringify(rec(over));
    const id = (k: number) => ({ eventID: `00000000-0000-4000-8000-${String(k).padStart(12, '0')}` });
    const good = `\ufeff${line(id(1))}\r\n\n  ${line(id(2))}  \n${line({ ...id(3), eventTime: undefined })}\n\t\n${line(id(4))}\n`;
    const cases: [string, string, boolean][] = [
      ['good.ndjson', good, true],
      ['two-lines.ndjson', `${line(id(1))}\n${JSON.stringify(rec(id(2)), null, 1)}\n`, false],
      ['same-line.ndjson', `${line(id(1))}\n${line(id(2))} ${line(id(3))}\n`, false],
      ['single.jsonl', `${line(id(1))}\n`, false],
      ['not-object.ndjson', `${line(id(1))}\n5\n${line(id(2))}\n`, false],
      ['history.ndjson', `${JSON.stringify({ CloudTrailEvent: line(id(1)) })}\n${JSON.stringify({ CloudTrailEvent: line(id(2)) })}\n`, false],
    ];
    const dir = tempDir();
    for (const [name, text, taken] of cases) {
      writeFileSync(join(dir, name), text);
      expect(fast(text) !== null, name).toBe(taken);
    }
    const r = sameParse(cases.map(([name]) => join(dir, name)));
    expect(r.files[0]).toMatchObject({ shape: 'ndjson', records: 4, accepted: 3, rejected: [{ n: 4, reason: 'no eventTime' }] });
    expect(r.files.map((f) => f.shape ?? f.error)).toStrictEqual(['ndjson', expect.stringMatching(/^malformed JSON at line 2/), expect.stringMatching(/^malformed JSON at line 2/), 'single', 'ndjson', 'event-history']);
    // A piece of a large file (big-ndjson.ts): lines numbered from its first line.
    const piece = new Uint8Array(Buffer.from(good.slice(1)));
    const run = (extra: Partial<ParseTask>) => runParseTask({ kind: 'parse', files: [{ path: 'big', bytes: piece.slice(), firstLine: 101 }], selectors: null, retentionCutoffMs: -Infinity, ...extra });
    const a = run({}), b = run(GENERAL);
    expect(a.files).toStrictEqual(b.files);
    expect(a.files[0]).toMatchObject({ shape: 'ndjson', accepted: 3, rejected: [{ n: 104, reason: 'no eventTime' }] });
    expect(rows(a.partitions[0]!.batch)).toStrictEqual(rows(b.partitions[0]!.batch));
  });

  it('a file that turns out bad after good records contributes nothing', () => {
    const files = filesUnder(join(ROOT, 'data/sample')).filter((f) => f.endsWith('.json.gz') && !f.includes('Digest')).slice(0, 2);
    const good = readFileSync(files[0]!);
    const bad = Buffer.from(doc(rec(), rec({ eventID: 'other' })).slice(0, -2));
    const r = runParseTask({ kind: 'parse', files: [{ path: 'good', bytes: good }, { path: 'bad', bytes: bad }], selectors: null, retentionCutoffMs: -Infinity });
    expect(r.files[1]!.error).toMatch(/^malformed JSON at line 1/);
    expect(r.files[1]!.accepted).toBe(0);
    expect(r.partitions.reduce((n, p) => n + p.batch.rows, 0)).toBe(r.files[0]!.accepted);
  });
});
