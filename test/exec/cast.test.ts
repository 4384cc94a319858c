import { describe, expect, it } from 'vitest';
import {
  canCast, castValue, formatDate, formatDouble, formatTimestamp, parseTimestampText, tryCastValue,
} from '../../src/exec/cast.js';
import { QueryError } from '../../src/exec/errors.js';

const DAY = 86_400_000;

describe('parseTimestampText', () => {
  it('accepts the forms users write, as UTC unless a zone is given', () => {
    expect(parseTimestampText('2023-01-22 00:00:00')).toBe(Date.UTC(2023, 0, 22));
    expect(parseTimestampText('2023-01-22 00:00:00.123')).toBe(Date.UTC(2023, 0, 22, 0, 0, 0, 123));
    expect(parseTimestampText('2021-05-01T00:00:00Z')).toBe(Date.UTC(2021, 4, 1));
    expect(parseTimestampText('2021-05-01T00:00:00.5+02:00')).toBe(Date.UTC(2021, 3, 30, 22, 0, 0, 500));
    expect(parseTimestampText('2022-01-01')).toBe(Date.UTC(2022, 0, 1));
    expect(parseTimestampText('2022-01-05 13:51')).toBe(Date.UTC(2022, 0, 5, 13, 51));
    expect(parseTimestampText(' 2023-01-22 00:00:00.000 UTC ')).toBe(Date.UTC(2023, 0, 22));
    expect(parseTimestampText('2023-01-22T10:00:00-0130')).toBe(Date.UTC(2023, 0, 22, 11, 30));
  });

  it('gives NaN for anything else', () => {
    for (const s of ['abc', '', '2023-02-30', '2023-13-01 00:00:00', '2023-01-01 25:00:00', '2023/01/01', '20230101']) {
      expect(parseTimestampText(s), s).toBeNaN();
    }
  });
});

describe('formatting', () => {
  it('formats timestamps as ISO-8601 UTC, milliseconds only when non-zero', () => {
    expect(formatTimestamp(Date.UTC(2023, 0, 22))).toBe('2023-01-22T00:00:00Z');
    expect(formatTimestamp(Date.UTC(2023, 0, 22, 0, 0, 0, 123))).toBe('2023-01-22T00:00:00.123Z');
    expect(formatDate(0)).toBe('1970-01-01');
    expect(formatDate(19379)).toBe('2023-01-22');
    expect(formatDate(-1)).toBe('1969-12-31');
  });

  it('formats doubles as Java (and Trino) do', () => {
    expect(formatDouble(1.5)).toBe('1.5');
    expect(formatDouble(2)).toBe('2.0');
    expect(formatDouble(-0.25)).toBe('-0.25');
    expect(formatDouble(1234567.5)).toBe('1234567.5');
    expect(formatDouble(1e7)).toBe('1.0E7');
    expect(formatDouble(1.5e21)).toBe('1.5E21');
    expect(formatDouble(1e-5)).toBe('1.0E-5');
    expect(formatDouble(0.001)).toBe('0.001');
    expect(formatDouble(NaN)).toBe('NaN');
    expect(formatDouble(-Infinity)).toBe('-Infinity');
    expect(formatDouble(0)).toBe('0.0');
  });
});

describe('castValue', () => {
  it('NULL casts to NULL', () => {
    expect(castValue(null, 'varchar', 'bigint')).toBeNull();
    expect(castValue(null, 'unknown', 'timestamp')).toBeNull();
  });

  it('varchar to bigint, double, boolean', () => {
    expect(castValue('12', 'varchar', 'bigint')).toBe(12);
    expect(castValue(' -12 ', 'varchar', 'bigint')).toBe(-12);
    expect(castValue('+7', 'varchar', 'bigint')).toBe(7);
    expect(castValue('1.5', 'varchar', 'double')).toBe(1.5);
    expect(castValue('1e3', 'varchar', 'double')).toBe(1000);
    expect(castValue('.5', 'varchar', 'double')).toBe(0.5);
    expect(castValue('NaN', 'varchar', 'double')).toBeNaN();
    expect(castValue('-Infinity', 'varchar', 'double')).toBe(-Infinity);
    expect(castValue('true', 'varchar', 'boolean')).toBe(true);
    expect(castValue('FALSE', 'varchar', 'boolean')).toBe(false);
    expect(castValue('t', 'varchar', 'boolean')).toBe(true);
    expect(castValue('0', 'varchar', 'boolean')).toBe(false);
  });

  it('raises a clear error for values that do not convert', () => {
    expect(() => castValue('abc', 'varchar', 'bigint')).toThrow(QueryError);
    expect(() => castValue('abc', 'varchar', 'bigint')).toThrow("cannot cast 'abc' to bigint");
    expect(() => castValue('1.5', 'varchar', 'bigint')).toThrow("cannot cast '1.5' to bigint");
    expect(() => castValue('', 'varchar', 'double')).toThrow("cannot cast '' to double");
    expect(() => castValue('yes', 'varchar', 'boolean')).toThrow("cannot cast 'yes' to boolean");
    expect(() => castValue('99999999999999999999', 'varchar', 'bigint')).toThrow('to bigint');
    expect(() => castValue('2023-02-30', 'varchar', 'timestamp')).toThrow("cannot cast '2023-02-30' to timestamp");
    expect(() => castValue(NaN, 'double', 'bigint')).toThrow('cannot cast NaN to bigint');
    expect(() => castValue(1, 'timestamp', 'boolean')).toThrow('cannot cast timestamp to boolean');
  });

  it('TRY_CAST gives NULL instead', () => {
    expect(tryCastValue('abc', 'varchar', 'bigint')).toBeNull();
    expect(tryCastValue('nope', 'varchar', 'timestamp')).toBeNull();
    expect(tryCastValue('[1]', 'json', 'bigint')).toBeNull();
    expect(tryCastValue('12', 'varchar', 'bigint')).toBe(12);
  });

  it('numbers and booleans between themselves', () => {
    expect(castValue(2.5, 'double', 'bigint')).toBe(3);
    expect(castValue(-2.5, 'double', 'bigint')).toBe(-3);
    expect(castValue(2.4, 'double', 'bigint')).toBe(2);
    expect(castValue(-0.4, 'double', 'bigint')).toBe(0);
    expect(castValue(3, 'bigint', 'double')).toBe(3);
    expect(castValue(true, 'boolean', 'bigint')).toBe(1);
    expect(castValue(0, 'bigint', 'boolean')).toBe(false);
    expect(castValue(0.1, 'double', 'boolean')).toBe(true);
  });

  it('to varchar', () => {
    expect(castValue(12, 'bigint', 'varchar')).toBe('12');
    expect(castValue(1.5, 'double', 'varchar')).toBe('1.5');
    expect(castValue(2, 'double', 'varchar')).toBe('2.0');
    expect(castValue(true, 'boolean', 'varchar')).toBe('true');
    expect(castValue(false, 'boolean', 'varchar')).toBe('false');
    expect(castValue(Date.UTC(2023, 0, 22, 1, 2, 3), 'timestamp', 'varchar')).toBe('2023-01-22T01:02:03Z');
    expect(castValue(19379, 'date', 'varchar')).toBe('2023-01-22');
  });

  it('text to timestamp and date, timestamp to date and back', () => {
    expect(castValue('2023-01-22 10:00:00', 'varchar', 'timestamp')).toBe(Date.UTC(2023, 0, 22, 10));
    expect(castValue('2023-01-22', 'varchar', 'timestamp')).toBe(Date.UTC(2023, 0, 22));
    expect(castValue('2023-01-22', 'varchar', 'date')).toBe(19379);
    expect(castValue('2023-01-22T23:59:59Z', 'varchar', 'date')).toBe(19379);
    expect(castValue(Date.UTC(2023, 0, 22, 23, 59), 'timestamp', 'date')).toBe(19379);
    expect(castValue(-3_600_000, 'timestamp', 'date')).toBe(-1);
    expect(castValue(19379, 'date', 'timestamp')).toBe(19379 * DAY);
    expect(castValue('"2023-01-22T10:00:00Z"', 'json', 'timestamp')).toBe(Date.UTC(2023, 0, 22, 10));
  });

  it('anything to json gives JSON text of the value', () => {
    expect(castValue('abc', 'varchar', 'json')).toBe('"abc"');
    expect(castValue('{"a":1}', 'varchar', 'json')).toBe('"{\\"a\\":1}"');
    expect(castValue(12, 'bigint', 'json')).toBe('12');
    expect(castValue(1.5, 'double', 'json')).toBe('1.5');
    expect(castValue(NaN, 'double', 'json')).toBe('"NaN"');
    expect(castValue(true, 'boolean', 'json')).toBe('true');
    expect(castValue(['a', 1, null], 'array', 'json')).toBe('["a",1,null]');
    expect(castValue(Date.UTC(2023, 0, 22), 'timestamp', 'json')).toBe('"2023-01-22T00:00:00Z"');
    expect(castValue(19379, 'date', 'json')).toBe('"2023-01-22"');
    expect(castValue('{"a": 1}', 'json', 'json')).toBe('{"a": 1}');
  });

  it('json to scalars', () => {
    expect(castValue('"abc"', 'json', 'varchar')).toBe('abc');
    expect(castValue('12', 'json', 'varchar')).toBe('12');
    expect(castValue('1.5', 'json', 'varchar')).toBe('1.5');
    expect(castValue('true', 'json', 'varchar')).toBe('true');
    expect(castValue('{"a": [1, 2]}', 'json', 'varchar')).toBe('{"a":[1,2]}');
    expect(castValue('null', 'json', 'varchar')).toBeNull();
    expect(castValue('12', 'json', 'bigint')).toBe(12);
    expect(castValue('"12"', 'json', 'bigint')).toBe(12);
    expect(castValue('1.5', 'json', 'bigint')).toBe(2);
    expect(castValue('true', 'json', 'bigint')).toBe(1);
    expect(castValue('"1.25"', 'json', 'double')).toBe(1.25);
    expect(castValue('false', 'json', 'boolean')).toBe(false);
    expect(() => castValue('[1]', 'json', 'bigint')).toThrow('cannot cast JSON array to bigint');
    expect(() => castValue('{', 'json', 'bigint')).toThrow('invalid JSON');
  });

  it('canCast says which type pairs are allowed at all', () => {
    expect(canCast('varchar', 'bigint')).toBe(true);
    expect(canCast('json', 'timestamp')).toBe(true);
    expect(canCast('array', 'json')).toBe(true);
    expect(canCast('unknown', 'date')).toBe(true);
    expect(canCast('timestamp', 'bigint')).toBe(false);
    expect(canCast('array', 'varchar')).toBe(false);
    expect(canCast('boolean', 'timestamp')).toBe(false);
  });
});
