import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { COLUMNS } from '../../src/model/fields.js';
import { assembleRecord, shredRecord, type JsonObject, type Value } from '../../src/model/record.js';
import { formatEventTime, parseEventTime } from '../../src/model/time.js';
import { corpusFiles, HAVE_CORPUS, oracleRecords } from '../helpers.js';

const roundTrip = (r: JsonObject) => {
  const out: Value[] = new Array(COLUMNS.length).fill(null);
  shredRecord(r, out);
  return { back: assembleRecord(out), out };
};
const col = (name: string) => COLUMNS.findIndex((c) => c.name === name);

describe('shredRecord / assembleRecord', () => {
  it('stores known fields in typed columns', () => {
    const { out } = roundTrip({
      eventTime: '2024-07-30T21:53:13Z', eventName: 'CreateUser', readOnly: false,
      userIdentity: { type: 'AssumedRole', sessionContext: { sessionIssuer: { arn: 'arn:aws:iam::1:role/x' } } },
      requestParameters: { userName: 'bob' },
    });
    expect(out[col('eventTime')]).toBe(Date.UTC(2024, 6, 30, 21, 53, 13));
    expect(out[col('eventName')]).toBe('CreateUser');
    expect(out[col('readOnly')]).toBe(false);
    expect(out[col('userIdentity.sessionContext.sessionIssuer.arn')]).toBe('arn:aws:iam::1:role/x');
    expect(out[col('requestParameters')]).toBe('{"userName":"bob"}');
    expect(out[col('_extra')]).toBeNull();
  });

  it('keeps null apart from absent, and empty objects', () => {
    const r = { eventTime: '2024-01-01T00:00:00Z', responseElements: null, errorCode: null, userIdentity: { type: 'Root', sessionContext: { sessionIssuer: {}, webIdFederationData: {} } } };
    const { back, out } = roundTrip(r);
    expect(back).toStrictEqual(r);
    expect('errorMessage' in back).toBe(false);
    expect(out[col('responseElements')]).toBeNull();
    expect(JSON.parse(out[col('_extra')] as string)).toStrictEqual({ responseElements: null, errorCode: null, userIdentity: { sessionContext: { sessionIssuer: {}, webIdFederationData: {} } } });
  });

  it('keeps values of an unexpected type, unknown fields and odd keys', () => {
    const r = JSON.parse('{"eventTime":"2024-01-01T00:00:00Z","readOnly":"true","eventVersion":1.05,"aws":{"s3":{"key":"x"}},"_extra":5,"_eventIDDerived":"x","__proto__":{"polluted":1},"userIdentity":{"type":7,"arn":"a"}}') as JsonObject;
    const { back, out } = roundTrip(r);
    expect(isDeepStrictEqual(back, r)).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(out[col('readOnly')]).toBeNull();
    expect(out[col('userIdentity.arn')]).toBe('a');
  });

  it('keeps the source text of a non-canonical eventTime', () => {
    for (const t of ['2026-01-11 22:54:56.000000000', '2020-09-14T00:44:23.000Z', '2022-02-08T09:23:37+11:00']) {
      const { back, out } = roundTrip({ eventTime: t });
      expect(back.eventTime).toBe(t);
      expect(typeof out[col('eventTime')]).toBe('number');
    }
    expect(parseEventTime('2022-02-08 09:23:37+11:00')).toBe(Date.UTC(2022, 1, 7, 22, 23, 37));
    expect(formatEventTime(Date.UTC(2024, 0, 2, 3, 4, 5, 6))).toBe('2024-01-02T03:04:05.006Z');
    for (const bad of ['yesterday', '2024-13-01T00:00:00Z', '2023-02-29T00:00:00Z', '2024-01-01T24:00:00Z', '']) expect(parseEventTime(bad)).toBeNaN();
  });

  it.skipIf(!HAVE_CORPUS)('round-trips every record of the real corpus exactly', () => {
    let n = 0;
    for (const f of corpusFiles()) {
      for (const r of oracleRecords(f) ?? []) {
        const { back } = roundTrip(r as JsonObject);
        expect(back, `${f} record ${n}`).toStrictEqual(r);
        n++;
      }
    }
    expect(n).toBeGreaterThan(800);
  });
});

describe('parseCanonicalTime', () => {
  it('agrees with the general parser and the formatter on canonical text, and refuses the rest', async () => {
    const { parseCanonicalTime } = await import('../../src/model/time.js');
    for (let i = 0; i < 2000; i++) {
      const ms = Math.floor(Date.UTC(1990, 0, 1) / 1000 + i * 1_234_567.891) * 1000;
      const text = formatEventTime(ms);
      expect(parseCanonicalTime(text)).toBe(ms);
      expect(parseEventTime(text)).toBe(ms);
    }
    for (const t of ['2024-02-30T00:00:00Z', '2023-02-29T00:00:00Z', '2024-02-29T00:00:00z', '2024-01-01 00:00:00Z', '2024-01-01T00:00:00.000Z', '0099-01-01T00:00:00Z', '2024-01-01T00:60:00Z', '2024-1a-01T00:00:00Z']) {
      expect(parseCanonicalTime(t), t).toBeNaN();
    }
    expect(parseCanonicalTime('2024-02-29T23:59:59Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59));
  });
});
